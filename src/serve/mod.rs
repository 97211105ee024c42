//! `lectern serve`: builds the site into memory, serves it over HTTP, and
//! on every change to its sources rebuilds what changed and tells the open
//! pages to reload. Nothing is written to disk.

mod deferred;
mod http;
mod livereload;
#[cfg(test)]
mod rebuild_tests;
mod server;
mod site;
mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc::channel;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use crate::BuildOptions;
use crate::error::{Error, Result};
use crate::output::OutputFile;
use crate::sync::Locked;
use deferred::SearchWorker;
use site::{Builder, Outcome, Snapshot};
use watch::{Batch, Signal, SourceWatcher};

pub struct ServeOptions {
    pub site_dir: PathBuf,
    pub bind: IpAddr,
    /// 0: any free port.
    pub port: u16,
    pub drafts: bool,
    /// Include pages whose `publishDate` is still to come.
    pub future: bool,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// Ports tried after a taken one.
const MORE_PORTS: u16 = 20;

/// What the request threads share with the building ones.
struct Shared {
    /// What requests see: the last good build, with the latest search index.
    site: RwLock<Arc<Snapshot>>,
    parts: Mutex<Parts>,
    hub: livereload::Hub,
}

/// The two halves of what is served.
#[derive(Default)]
struct Parts {
    build: Arc<Snapshot>,
    generation: u64,
    /// The search index of this build, or of an earlier one until it is made.
    search: Vec<OutputFile>,
}

impl Shared {
    fn site(&self) -> Arc<Snapshot> {
        crate::sync::read(&self.site).clone()
    }

    fn parts(&self) -> MutexGuard<'_, Parts> {
        self.parts.locked()
    }

    /// Serves a new build, with the search index there is.
    fn publish_build(&self, build: Arc<Snapshot>, generation: u64) {
        let mut parts = self.parts();
        parts.build = build;
        parts.generation = generation;
        self.refresh(&parts);
    }

    /// Serves a search index, if it is for the build being served.
    fn publish_search(&self, generation: u64, search: Vec<OutputFile>) {
        let mut parts = self.parts();
        if parts.generation == generation {
            parts.search = search;
            self.refresh(&parts);
        }
    }

    fn refresh(&self, parts: &Parts) {
        let site = Arc::new(parts.build.with(&parts.search));
        *crate::sync::write(&self.site) = site;
    }
}

/// Serves the site until Ctrl-C.
pub fn serve(options: ServeOptions) -> Result<()> {
    let site_dir = options
        .site_dir
        .canonicalize()
        .ok()
        .filter(|dir| dir.is_dir())
        .ok_or_else(|| {
            Error::Usage(format!(
                "{} is not a directory: give the site's directory",
                options.site_dir.display()
            ))
        })?;
    let listener = listen(options.bind, options.port)?;
    let port = listener
        .local_addr()
        .map_err(|e| Error::Usage(format!("cannot listen: {e}")))?
        .port();
    let url = format!(
        "http://{}/",
        SocketAddr::new(shown_address(options.bind), port)
    );
    let mut builder = Builder::new(
        site_dir.clone(),
        BuildOptions {
            base_url: Some(url.clone()),
            drafts: options.drafts,
            future: options.future,
            broken_links_warn: true,
            defer_search: true,
            ..BuildOptions::default()
        },
    );
    let (signals, received) = channel();
    let stop = signals.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Signal::Stop);
    })
    .map_err(|e| Error::Usage(format!("cannot handle Ctrl-C: {e}")))?;
    let mut watcher = match SourceWatcher::start(&site_dir, signals) {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!(
                "warning: cannot watch the sources ({e}); changes will not show until restarted"
            );
            None
        }
    };
    // Watching from before the first build, so an edit made during it
    // is not missed.
    let shared = Arc::new(Shared {
        site: RwLock::default(),
        parts: Mutex::default(),
        hub: livereload::Hub::new(),
    });
    let search = SearchWorker::start(shared.clone());
    rebuild(&mut builder, &shared, &search, &Batch::default(), &site_dir);
    let answering = shared.clone();
    server::start(listener, move |request| http::handle(request, &answering))
        .map_err(|e| Error::Usage(format!("cannot serve: {e}")))?;
    if !options.bind.is_loopback() {
        println!(
            "Listening on {}: anyone who can reach this machine can read the site.",
            options.bind
        );
    }
    println!("Serving {url} (Ctrl-C to stop)");
    if options.open {
        open_browser(&url);
    }
    loop {
        // site.toml may name another content directory from one build to
        // the next.
        let content_dir = crate::config::Config::load(&site_dir).map_or_else(
            |_| crate::content::discover::CONTENT_DIR.to_string(),
            |c| c.content_dir,
        );
        if let Some(watcher) = &mut watcher {
            watcher.update(&content_dir);
        }
        let Some(batch) = watch::next_batch(&received, &site_dir, &content_dir) else {
            break;
        };
        // A source directory made meanwhile is watched before the rebuild
        // reads it, so no later change to it goes unseen.
        if let Some(watcher) = &mut watcher {
            watcher.update(&content_dir);
        }
        rebuild(&mut builder, &shared, &search, &batch, &site_dir);
    }
    println!("Stopped.");
    Ok(())
}

/// Binds `port`, or the next free one after it (saying so).
fn listen(addr: IpAddr, port: u16) -> Result<TcpListener> {
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(MORE_PORTS)
    };
    for candidate in port..=last {
        match TcpListener::bind((addr, candidate)) {
            Ok(listener) => {
                if candidate != port {
                    println!("Port {port} is in use; using {candidate} (choose one with --port).");
                }
                return Ok(listener);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {}
            Err(e) => {
                return Err(Error::Usage(format!(
                    "cannot listen on {addr} port {candidate}: {e}"
                )));
            }
        }
    }
    Err(Error::Usage(format!(
        "ports {port} to {last} on {addr} are all in use: choose another with --port"
    )))
}

/// The address to print for a listening one: a wildcard is reachable at loopback.
fn shown_address(addr: IpAddr) -> IpAddr {
    if addr.is_unspecified() {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    } else {
        addr
    }
}

/// Rebuilds after `batch` and tells the terminal and the open pages.
fn rebuild(
    builder: &mut Builder,
    shared: &Shared,
    search: &SearchWorker,
    batch: &Batch,
    site_dir: &Path,
) {
    let first = shared.site().is_empty();
    if let Some((path, _)) = batch.paths.iter().next() {
        let more = match batch.paths.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        println!("Changed: {}{more}", shown(path, site_dir));
    }
    // The last good build's number: pages shown ahead of the rebuild go
    // with its search index.
    let (_, generation) = builder.current();
    let publish = |build: Arc<Snapshot>, changed: Vec<String>| {
        shared.publish_build(build, generation);
        shared.hub.changed(&changed);
    };
    match builder.build(batch, &publish) {
        Outcome::Built {
            changed,
            warnings,
            links,
            pages,
            first: first_out,
            elapsed,
            search: job,
        } => {
            for w in &warnings {
                eprintln!("{w}\n");
            }
            let ms = elapsed.as_secs_f64() * 1000.0;
            match pages {
                Some(pages) if first => println!("Built {pages} pages in {ms:.0} ms"),
                _ => println!(
                    "Rebuilt in {ms:.1} ms: {}{} file{} changed",
                    first_out.map_or_else(String::new, |at| format!(
                        "the edited page served after {:.1} ms, then ",
                        at.as_secs_f64() * 1000.0
                    )),
                    changed.len(),
                    plural(changed.len()),
                ),
            }
            let (build, generation) = builder.current();
            shared.publish_build(build, generation);
            if links.is_empty() {
                shared.hub.fixed();
            } else {
                shared.hub.problems(&links, site_dir);
            }
            if !changed.is_empty() {
                shared.hub.changed(&changed);
            }
            if let Some(job) = job {
                search.submit(*job);
            }
        }
        Outcome::Failed(problems) => {
            eprintln!("{}", Error::Content(problems.clone()));
            if !first {
                eprintln!("Still serving the last version that built.");
            }
            shared.hub.problems(&problems, site_dir);
        }
    }
}

fn shown(path: &Path, site_dir: &Path) -> String {
    path.strip_prefix(site_dir)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Opens `url` with the system's opener; a failure is only a warning.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = command {
        eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
    }
}
