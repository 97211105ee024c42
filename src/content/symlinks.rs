//! Which symbolic links a build may follow. A link is a way for a content
//! tree to publish a file it does not hold (`ln -s /proc/self/environ
//! content/env.txt` would put a CI job's secrets on the web), so none is
//! followed unless the site asks for it, and even then only to a target
//! inside the site directory that is not hidden (`.git/`, `.env`).

use std::path::{Component, Path, PathBuf};

use crate::error::Diagnostic;

/// The site's rule for symbolic links, fixed for one build.
#[derive(Debug, Clone)]
pub(crate) struct LinkPolicy {
    /// The site directory with every link in it resolved.
    site: PathBuf,
    /// `follow_symlinks` in `site.toml`.
    follow: bool,
}

/// What a symbolic link found by the walk leads to.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Followed {
    /// A regular file inside the site: read it through the link.
    File,
    /// A directory inside the site; its resolved path, to detect loops.
    Dir(PathBuf),
}

impl LinkPolicy {
    pub(crate) fn new(site_dir: &Path, follow: bool) -> LinkPolicy {
        // A site directory that cannot be resolved has no file a link could
        // lead into, so every link is refused.
        let site = site_dir.canonicalize().unwrap_or_default();
        LinkPolicy { site, follow }
    }

    /// Whether the link at `link` may be followed, or the problem to report
    /// at it when it may not.
    pub(crate) fn follow(&self, link: &Path) -> Result<Followed, Diagnostic> {
        let target = std::fs::read_link(link)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        let refuse = |why: String| Err(Diagnostic::error(link, why));
        let Ok(resolved) = link.canonicalize() else {
            return refuse(format!(
                "symbolic link to `{target}`, which does not exist; it is not followed"
            ));
        };
        let inside = resolved
            .strip_prefix(&self.site)
            .ok()
            .filter(|_| !self.site.as_os_str().is_empty());
        let Some(rel) = inside else {
            return refuse(format!(
                "symbolic link to `{target}`, outside the site directory: lectern never follows such links, so that no file from elsewhere on this machine is published; copy the file into the site instead"
            ));
        };
        if rel.components().any(|c| match c {
            Component::Normal(name) => name.to_string_lossy().starts_with('.'),
            _ => false,
        }) {
            return refuse(format!(
                "symbolic link to `{target}`, a hidden file or directory: it is not followed"
            ));
        }
        if !self.follow {
            return Err(Diagnostic::warning(
                link,
                format!(
                    "symbolic link to `{target}` is not followed: set `follow_symlinks = true` in site.toml to follow links that stay inside the site directory"
                ),
            ));
        }
        match std::fs::metadata(&resolved) {
            Ok(m) if m.is_file() => Ok(Followed::File),
            Ok(m) if m.is_dir() => Ok(Followed::Dir(resolved)),
            _ => refuse(format!(
                "symbolic link to `{target}`, which is neither a file nor a directory; it is not followed"
            )),
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("content/sub")).unwrap();
        std::fs::create_dir_all(site.join(".git")).unwrap();
        std::fs::write(site.join("content/a.md"), "# A\n").unwrap();
        std::fs::write(site.join(".git/config"), "[remote]\n").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "token\n").unwrap();
        (dir, site)
    }

    #[test]
    fn links_that_leave_the_site_are_errors_even_when_following() {
        let (dir, site) = site();
        let link = site.join("content/env.txt");
        symlink(dir.path().join("secret.txt"), &link).unwrap();
        let up = site.join("content/up.md");
        symlink("../../secret.txt", &up).unwrap();
        for follow in [false, true] {
            let policy = LinkPolicy::new(&site, follow);
            for l in [&link, &up] {
                let d = policy.follow(l).unwrap_err();
                assert!(d.is_error(), "{d:?}");
                assert!(d.message.contains("outside the site directory"), "{d:?}");
            }
        }
    }

    #[test]
    fn links_inside_the_site_are_followed_only_when_asked() {
        let (_dir, site) = site();
        let file = site.join("content/b.md");
        symlink("a.md", &file).unwrap();
        let dir = site.join("content/again");
        symlink("sub", &dir).unwrap();
        let warned = LinkPolicy::new(&site, false).follow(&file).unwrap_err();
        assert!(!warned.is_error());
        assert!(warned.message.contains("follow_symlinks = true"));
        let policy = LinkPolicy::new(&site, true);
        assert_eq!(policy.follow(&file), Ok(Followed::File));
        assert_eq!(
            policy.follow(&dir),
            Ok(Followed::Dir(
                site.join("content/sub").canonicalize().unwrap()
            ))
        );
    }

    #[test]
    fn hidden_and_dangling_targets_are_refused() {
        let (_dir, site) = site();
        let git = site.join("content/git.txt");
        symlink("../.git/config", &git).unwrap();
        let gone = site.join("content/gone.md");
        symlink("nowhere.md", &gone).unwrap();
        let policy = LinkPolicy::new(&site, true);
        assert!(policy.follow(&git).unwrap_err().message.contains("hidden"));
        assert!(
            policy
                .follow(&gone)
                .unwrap_err()
                .message
                .contains("does not exist")
        );
    }
}
