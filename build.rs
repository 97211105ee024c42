//! Embeds the default theme (`templates/` and `static/`) into the binary:
//! generates the file lists so a new theme file cannot be forgotten.

use std::fmt::Write;
use std::path::Path;

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
}
