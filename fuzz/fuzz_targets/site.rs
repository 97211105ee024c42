//! A whole site: the input is cut into a `site.toml` and a few content
//! files, which are built in memory. Any input builds or fails with
//! diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// Where each part of the input goes, in order.
const FILES: &[&str] = &[
    "site.toml",
    "content/_index.md",
    "content/a.md",
    "content/b/_index.md",
    "content/b/c.ru.md",
    "content/en/d.md",
];

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("a temporary directory");
    // Parts are separated by a NUL byte, which no text file holds.
    for (name, part) in FILES.iter().zip(data.split(|&b| b == 0)) {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("a directory");
        std::fs::write(path, part).expect("a file");
    }
    let _ = lectern::Session::once().generate(dir.path(), &lectern::BuildOptions::default());
});
