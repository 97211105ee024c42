//! Front matter (YAML and TOML) and `site.toml`: any text is read or
//! refused with a diagnostic, never a panic.
#![no_main]

use std::path::Path;

use lectern::content::front_matter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(split) = front_matter::split(&text) {
        let _ = front_matter::parse(&split);
    }
    let _ = lectern::config::Config::parse(Path::new("site.toml"), &text);
});
