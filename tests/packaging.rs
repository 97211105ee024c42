//! What lectern ships besides building sites: shell completions, the
//! manual pages, the version line, and the files of the published crate.

mod common;

use std::path::Path;

use common::*;

fn stdout(o: &std::process::Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).expect("UTF-8")
}

const COMMANDS: [&str; 8] = [
    "build",
    "check",
    "serve",
    "init",
    "new",
    "import",
    "completions",
    "man",
];

#[test]
fn completions_for_each_shell_know_the_commands_and_flags() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(&lectern(&["completions", shell]));
        // Flags without their dashes: fish writes `-l base-url`.
        for word in COMMANDS.iter().chain(&["base-url", "fix-encoding"]) {
            assert!(script.contains(word), "{shell}: no {word}");
        }
    }
    let bash = stdout(&lectern(&["completions", "bash"]));
    assert!(bash.contains("complete -F _lectern"), "{bash}");
}

#[test]
fn completions_for_an_unknown_shell_is_a_usage_error() {
    let o = lectern(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("possible values"));
    assert_eq!(lectern(&["completions"]).status.code(), Some(2));
}

#[test]
fn man_prints_the_page_naming_every_command() {
    let page = stdout(&lectern(&["man"]));
    assert!(page.starts_with(".ie \\n(.g .ds Aq"), "not roff: {page}");
    assert!(page.contains(".TH lectern 1"), "{page}");
    for command in COMMANDS {
        assert!(
            page.contains(&format!("lectern\\-{command}(1)")),
            "no {command}"
        );
    }
    assert!(!page.contains("lectern\\-help"), "{page}");
    assert!(
        page.contains(env!("CARGO_PKG_VERSION")),
        "no version in {page}"
    );
}

#[test]
fn man_dir_writes_a_page_per_command_and_the_same_lectern_1() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    stdout(&lectern(&["man", "--dir", out.to_str().unwrap()]));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = COMMANDS.iter().map(|c| format!("lectern-{c}.1")).collect();
    expected.push("lectern.1".into());
    expected.sort();
    assert_eq!(names, expected);
    assert_eq!(
        std::fs::read_to_string(out.join("lectern.1")).unwrap(),
        stdout(&lectern(&["man"]))
    );
    let build = std::fs::read_to_string(out.join("lectern-build.1")).unwrap();
    for flag in ["\\-\\-output", "\\-\\-base\\-url", "\\-\\-strict"] {
        assert!(build.contains(flag), "no {flag} in {build}");
    }
}

/// `lectern 0.1.0`, and ` (commit 1a2b3c4d5e6f)` when built from a git
/// checkout or a packaged crate: never anything that changes between two
/// builds of the same commit.
#[test]
fn version_names_the_version_and_the_commit() {
    let line = stdout(&lectern(&["--version"]));
    let rest = line
        .strip_prefix(concat!("lectern ", env!("CARGO_PKG_VERSION")))
        .unwrap_or_else(|| panic!("{line:?}"));
    let rest = rest.strip_suffix('\n').expect("one line");
    let sha = rest
        .strip_prefix(" (commit ")
        .and_then(|r| r.strip_suffix(')'));
    match sha {
        Some(sha) => {
            assert_eq!(sha.len(), 12, "{line:?}");
            assert!(sha.bytes().all(|b| b.is_ascii_hexdigit()), "{line:?}");
        }
        None => assert!(
            rest.is_empty() && !Path::new(env!("CARGO_MANIFEST_DIR")).join(".git").exists(),
            "{line:?}"
        ),
    }
    assert_eq!(stdout(&lectern(&["-V"])), line);
}

/// The published crate holds what the build reads and none of the test,
/// benchmark, fuzzing or demo corpora (`cargo package --list` reads only
/// the manifest and the file tree: no network, no build).
#[test]
fn the_package_holds_the_sources_and_no_corpora() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = std::process::Command::new(env!("CARGO"))
        .args(["package", "--list", "--offline", "--allow-dirty"])
        .current_dir(root)
        .output()
        .unwrap();
    let list = stdout(&o);
    let files: std::collections::BTreeSet<&str> = list.lines().collect();
    for file in [
        "Cargo.toml",
        "Cargo.lock",
        "build.rs",
        "LICENSE",
        "README.md",
        "CHANGELOG.md",
    ] {
        assert!(files.contains(file), "{file} not packaged");
    }
    for dir in ["src", "templates", "static"] {
        for rel in tree(&root.join(dir)).keys() {
            let path = format!("{dir}/{rel}");
            assert!(files.contains(path.as_str()), "{path} not packaged");
        }
    }
    for file in &files {
        let top = file.split('/').next().unwrap();
        assert!(
            ["src", "templates", "static"].contains(&top) || !file.contains('/'),
            "{file} packaged"
        );
    }
}
