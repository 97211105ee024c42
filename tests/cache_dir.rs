//! `--cache-dir`: a build that reuses a cache kept on disk writes the same
//! bytes as a build without one, after edits that change what a page's
//! Markdown depends on, and a cache it cannot trust is left aside.

mod common;

use std::path::{Path, PathBuf};

use common::{attrs, copy_fixture, lectern, page, tree, write_files};

/// Builds `site` into `out` with the cache in `cache` (if any); stderr.
fn build(site: &Path, out: &Path, cache: Option<&Path>) -> String {
    let mut args = vec![
        "build".to_string(),
        site.display().to_string(),
        "-o".to_string(),
        out.display().to_string(),
    ];
    if let Some(cache) = cache {
        args.extend(["--cache-dir".to_string(), cache.display().to_string()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = lectern(&args);
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(run.status.success(), "build failed: {stderr}");
    stderr
}

/// The site built without a cache, into a directory of its own.
fn fresh(site: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    build(site, &out.path().join("public"), None);
    tree(&out.path().join("public"))
}

/// A copy of `fixture`, with where it is built and its cache directory:
/// `(site, work, out, cache)`, `work` holding the other two.
fn setup(fixture: &str) -> (tempfile::TempDir, tempfile::TempDir, PathBuf, PathBuf) {
    let site = copy_fixture(fixture);
    let work = tempfile::tempdir().unwrap();
    let (out, cache) = (work.path().join("public"), work.path().join("cache"));
    (site, work, out, cache)
}

#[test]
fn a_warm_cache_gives_the_bytes_a_build_without_it_gives() {
    for fixture in ["course", "features", "shortcodes"] {
        let (site, _work, out, cache) = setup(fixture);
        build(site.path(), &out, Some(&cache));
        let file = cache.join("lectern-cache.bin");
        let written = std::fs::read(&file).unwrap();
        assert!(written.len() > 1000, "{fixture}: the cache holds pages");
        let stderr = build(site.path(), &out, Some(&cache));
        assert!(!stderr.contains("note:"), "{fixture}: {stderr}");
        assert_eq!(tree(&out), fresh(site.path()), "{fixture}");
        // Every page was found in the cache, so it was written back as read.
        assert_eq!(std::fs::read(&file).unwrap(), written, "{fixture}");
    }
}

#[test]
fn an_edit_elsewhere_that_changes_a_pages_links_renders_it_again() {
    let (site, _work, out, cache) = setup("course");
    build(site.path(), &out, Some(&cache));
    let links = |out: &Path| attrs(&page(out, "en/ch1/intro/index.html"), "main a", "href");
    assert!(links(&out).contains(&"/course/en/ch2/".to_string()));

    // intro.md's own text is unchanged; the section it links to moves.
    let chapter = site.path().join("content/en/ch2/_index.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    let moved = text.replacen("---\n", "---\nslug: two\n", 1);
    write_files(site.path(), [("content/en/ch2/_index.md", moved)]);
    // And a page's own text changes.
    let plain = site.path().join("content/en/ch2/plain.md");
    let text = std::fs::read_to_string(&plain).unwrap() + "\nOne more line.\n";
    write_files(site.path(), [("content/en/ch2/plain.md", text)]);

    build(site.path(), &out, Some(&cache));
    assert!(links(&out).contains(&"/course/en/two/".to_string()));
    assert_eq!(tree(&out), fresh(site.path()));
}

#[test]
fn a_damaged_cache_or_one_of_another_version_is_left_aside() {
    let (site, _work, out, cache) = setup("course");
    build(site.path(), &out, Some(&cache));
    let file = cache.join("lectern-cache.bin");
    let bytes = std::fs::read(&file).unwrap();
    let expected = fresh(site.path());

    // Every entry's value damaged: each fails its checksum.
    let mut damaged = bytes.clone();
    for at in (200..damaged.len()).step_by(97) {
        damaged[at] ^= 0x20;
    }
    std::fs::write(&file, &damaged).unwrap();
    build(site.path(), &out, Some(&cache));
    assert_eq!(tree(&out), expected);

    // Cut short: the file is not read at all, and says so.
    std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    let stderr = build(site.path(), &out, Some(&cache));
    assert!(
        stderr.contains("note: the cache") && stderr.contains("damaged"),
        "{stderr}"
    );
    assert_eq!(tree(&out), expected);

    // Another version's.
    let version = String::from_utf8_lossy(&bytes[16..64]).into_owned();
    let version = version.lines().next().unwrap().to_string();
    let mut other = b"lectern cache 3\n0.0.1\n".to_vec();
    other.extend(&bytes[16 + version.len() + 1..]);
    std::fs::write(&file, &other).unwrap();
    let stderr = build(site.path(), &out, Some(&cache));
    assert!(stderr.contains("written by lectern 0.0.1"), "{stderr}");
    assert_eq!(tree(&out), expected);
    // And it is replaced by this version's.
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
}

#[test]
fn a_cache_that_cannot_be_written_is_a_note_not_a_failure() {
    let site = copy_fixture("course");
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("public");
    // A file where the directory should be.
    let cache = work.path().join("cache");
    std::fs::write(&cache, "not a directory").unwrap();
    let stderr = build(site.path(), &out, Some(&cache));
    assert!(stderr.contains("could not be written"), "{stderr}");
    assert_eq!(tree(&out), fresh(site.path()));
}

/// Replaces `from` with `to` (of the same length) in the value of the
/// cache entry holding it, and mends the entry's checksum, as a cache
/// written with that value would be.
fn rewrite_entry(file: &Path, from: &[u8], to: &[u8]) {
    assert_eq!(from.len(), to.len());
    let mut bytes = std::fs::read(file).unwrap();
    let number = |bytes: &[u8]| u64::from_le_bytes(bytes.try_into().unwrap()) as usize;
    // The footer: the index's offset and length; each index entry: key,
    // offset and length of an entry.
    let footer = bytes.len() - 24;
    let (index, count) = (
        number(&bytes[footer..footer + 8]),
        number(&bytes[footer + 8..footer + 16]),
    );
    for k in 0..count {
        let entry = index + k * 48;
        let start = number(&bytes[entry + 32..entry + 40]);
        let end = start + number(&bytes[entry + 40..entry + 48]);
        let value = &bytes[start + 4..end];
        if let Some(found) = value.windows(from.len()).position(|w| w == from) {
            let found = start + 4 + found;
            bytes[found..found + to.len()].copy_from_slice(to);
            let sum = crc32fast::hash(&bytes[start + 4..end]);
            bytes[start..start + 4].copy_from_slice(&sum.to_le_bytes());
            std::fs::write(file, bytes).unwrap();
            return;
        }
    }
    panic!("{from:?} is in no entry");
}

#[test]
fn a_page_whose_inputs_are_unchanged_comes_from_the_cache() {
    let (site, work, out, cache) = setup("course");
    build(site.path(), &out, Some(&cache));
    let file = cache.join("lectern-cache.bin");
    let said = |out: &Path| common::texts(&page(out, "en/ch1/intro/index.html"), "main kbd");
    assert_eq!(said(&out), ["apt"]);
    // Not what lectern would render: only the cache can say it. Into a
    // new output, so that the page's template runs.
    rewrite_entry(&file, b"<kbd>apt</kbd>", b"<kbd>APT</kbd>");
    let out = work.path().join("elsewhere");
    build(site.path(), &out, Some(&cache));
    assert_eq!(said(&out), ["APT"]);
    // Once the page itself changes, it is rendered again.
    let intro = site.path().join("content/en/ch1/intro.md");
    let text = std::fs::read_to_string(&intro).unwrap() + "\nMore.\n";
    write_files(site.path(), [("content/en/ch1/intro.md", text)]);
    build(site.path(), &out, Some(&cache));
    assert_eq!(said(&out), ["apt"]);
}

fn sha256(bytes: &[u8]) -> Vec<u8> {
    ring::digest::digest(&ring::digest::SHA256, bytes)
        .as_ref()
        .to_vec()
}

#[test]
fn an_unchanged_page_is_left_as_the_previous_build_wrote_it_unless_it_was_altered() {
    let (site, _work, out, cache) = setup("course");
    build(site.path(), &out, Some(&cache));
    let expected = tree(&out);
    let intro = out.join("en/ch1/intro/index.html");
    let original = std::fs::read(&intro).unwrap();

    // Altered by hand: the build puts it right.
    std::fs::write(&intro, b"<p>edited in place</p>").unwrap();
    build(site.path(), &out, Some(&cache));
    assert_eq!(tree(&out), expected);

    // Altered, and the cache made to say that is what the page's inputs
    // give: only a file left as it is can come out that way, so the
    // template was not run.
    let altered = String::from_utf8(original.clone())
        .unwrap()
        .replace("Setup", "SETUP");
    std::fs::write(&intro, &altered).unwrap();
    let file = cache.join("lectern-cache.bin");
    rewrite_entry(&file, &sha256(&original), &sha256(altered.as_bytes()));
    build(site.path(), &out, Some(&cache));
    assert_eq!(std::fs::read_to_string(&intro).unwrap(), altered);
    // Without the cache, it is made again.
    build(site.path(), &out, None);
    assert_eq!(tree(&out), expected);
}
