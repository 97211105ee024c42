//! Embeds the default theme (`templates/` and `static/`) into the binary:
//! generates the file lists so a new theme file cannot be forgotten. Also
//! names the commit the binary is built from, for `lectern --version`.

use std::fmt::Write;
use std::path::Path;
use std::process::Command;

fn files(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("theme directory")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        if name.starts_with('.') {
            continue;
        }
        let rel = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        if path.is_dir() {
            files(&path, &rel, out);
        } else {
            out.push(rel);
        }
    }
}

/// Runs git in `dir`; its trimmed output when it succeeds.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    out.status.success().then(|| text.trim().to_string())
}

/// The commit checked out in `root`, when `root` is a git work tree's top
/// (not merely inside one, as an unpacked crate may be), else the commit
/// `cargo package` recorded in the crate. Not the time: two builds of the
/// same commit must be the same bytes.
fn commit(root: &Path) -> Option<String> {
    let top = git(root, &["rev-parse", "--show-toplevel"]).map(std::path::PathBuf::from);
    if top.is_some_and(|top| same_dir(&top, root)) {
        // Rebuilt when HEAD moves or the branch it names does.
        let mut watched = vec!["HEAD".to_string(), "packed-refs".to_string()];
        watched.extend(git(root, &["symbolic-ref", "-q", "HEAD"]));
        for name in watched {
            if let Some(path) = git(root, &["rev-parse", "--git-path", &name]) {
                let path = root.join(path);
                if path.exists() {
                    println!("cargo:rerun-if-changed={}", path.display());
                }
            }
        }
        return git(root, &["rev-parse", "--short=12", "HEAD"]);
    }
    let info = std::fs::read_to_string(root.join(".cargo_vcs_info.json")).ok()?;
    let sha = info.split("\"sha1\"").nth(1)?.split('"').nth(1)?;
    Some(sha.chars().take(12).collect())
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn main() {
    // Read at run time: `env!` would freeze the directory the build script
    // was compiled in, and a build script reused from a copied target
    // directory would then embed another checkout's theme.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest_dir);
    let mut code = String::new();
    for (dir, constant, macro_name, ty) in [
        ("templates", "THEME_TEMPLATES", "include_str", "str"),
        ("static", "THEME_STATIC", "include_bytes", "[u8]"),
    ] {
        println!("cargo:rerun-if-changed={dir}");
        let mut names = Vec::new();
        files(&root.join(dir), "", &mut names);
        writeln!(code, "pub(crate) const {constant}: &[(&str, &{ty})] = &[").unwrap();
        for name in names {
            let path = root.join(dir).join(&name);
            writeln!(
                code,
                "    ({name:?}, {macro_name}!({:?})),",
                path.display().to_string()
            )
            .unwrap();
        }
        writeln!(code, "];").unwrap();
    }
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("theme.rs");
    std::fs::write(out, code).expect("write theme.rs");

    let version = std::env::var("CARGO_PKG_VERSION").expect("CARGO_PKG_VERSION");
    let version = match commit(root) {
        Some(sha) => format!("{version} (commit {sha})"),
        None => version,
    };
    println!("cargo:rustc-env=LECTERN_VERSION={version}");
}
