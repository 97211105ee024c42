//! The `site.toml` the import writes: keys in the order the importer sets
//! them (always the same), each choice commented, in the style of the file
//! `lectern init` writes.

use serde_json::Value as Json;
use toml::Value;

use super::notes::Notes;
use super::tree::Table;

struct Entry {
    comment: Option<String>,
    key: String,
    value: Value,
    /// Written commented out: a setting offered, not made.
    offered: bool,
}

/// A `site.toml` being written: top-level keys, then tables, then `[params]`.
pub(super) struct Doc {
    header: String,
    top: Vec<Entry>,
    tables: Vec<(String, Vec<Entry>)>,
    params: toml::Table,
}

impl Doc {
    /// A document whose header names the Hugo files it comes from.
    pub(super) fn new(sources: &[String]) -> Doc {
        Doc {
            header: format!(
                "# Written by `lectern import hugo` from {}.\n\
                 # Every key is optional (see the README's `site.toml` section and \"Coming from Hugo\").\n",
                sources.join(", ")
            ),
            top: Vec::new(),
            tables: Vec::new(),
            params: toml::Table::new(),
        }
    }

    /// Sets a top-level key.
    pub(super) fn set(&mut self, key: &str, value: impl Into<Value>, comment: Option<&str>) {
        self.top.push(entry(key, value.into(), comment));
    }

    /// Writes a top-level key commented out, for the user to turn on.
    pub(super) fn offer(&mut self, key: &str, value: impl Into<Value>, comment: &str) {
        self.top.push(Entry {
            offered: true,
            ..entry(key, value.into(), Some(comment))
        });
    }

    /// Sets `key` in `[table]`, which is written in the order first used.
    pub(super) fn set_in(
        &mut self,
        table: &str,
        key: &str,
        value: impl Into<Value>,
        comment: Option<&str>,
    ) {
        let entry = entry(key, value.into(), comment);
        self.entries(table).push(entry);
    }

    /// `[table]` itself, written even when it stays empty.
    pub(super) fn table(&mut self, name: &str) {
        self.entries(name);
    }

    fn entries(&mut self, name: &str) -> &mut Vec<Entry> {
        let at = match self.tables.iter().position(|(n, _)| n == name) {
            Some(at) => at,
            None => {
                self.tables.push((name.to_string(), Vec::new()));
                self.tables.len() - 1
            }
        };
        &mut self.tables[at].1
    }

    /// `[params]`, as Hugo had them; a value TOML cannot hold (null) is
    /// left out, with a note.
    pub(super) fn params(&mut self, params: &Table, notes: &mut Notes) {
        self.params = toml_table("params", params, notes);
    }

    pub(super) fn text(&self) -> String {
        let mut text = self.header.clone();
        for entry in &self.top {
            write_entry(&mut text, entry);
        }
        for (name, entries) in &self.tables {
            text.push_str(&format!("\n[{name}]\n"));
            for entry in entries {
                write_entry(&mut text, entry);
            }
        }
        if !self.params.is_empty() {
            let mut wrapper = toml::Table::new();
            wrapper.insert("params".to_string(), Value::Table(self.params.clone()));
            text.push('\n');
            text.push_str(&toml::to_string(&wrapper).unwrap_or_default());
        }
        text
    }
}

fn entry(key: &str, value: Value, comment: Option<&str>) -> Entry {
    Entry {
        comment: comment.map(str::to_string),
        key: key.to_string(),
        value,
        offered: false,
    }
}

fn write_entry(text: &mut String, entry: &Entry) {
    if let Some(comment) = &entry.comment {
        for line in comment.lines() {
            text.push_str(&format!("# {line}\n"));
        }
    }
    let hash = if entry.offered { "# " } else { "" };
    text.push_str(&format!(
        "{hash}{} = {}\n",
        bare_or_quoted(&entry.key),
        entry.value
    ));
}

/// A key as TOML writes it: bare when it can be.
pub(super) fn bare_or_quoted(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        key.to_string()
    } else {
        Value::String(key.to_string()).to_string()
    }
}

fn toml_table(path: &str, table: &Table, notes: &mut Notes) -> toml::Table {
    table
        .iter()
        .filter_map(|(key, value)| {
            let path = format!("{path}.{key}");
            Some((key.clone(), toml_value(&path, value, notes)?))
        })
        .collect()
}

/// A JSON value as TOML; `None` for null, which TOML has no form of.
fn toml_value(path: &str, value: &Json, notes: &mut Notes) -> Option<Value> {
    Some(match value {
        Json::Null => {
            notes.not_carried(path, Some(value), "TOML has no empty value; left out");
            return None;
        }
        Json::Bool(b) => Value::Boolean(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Float(n.as_f64().unwrap_or_default()),
        },
        Json::String(s) => Value::String(s.clone()),
        Json::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| toml_value(&format!("{path}[{i}]"), v, notes))
                .collect(),
        ),
        Json::Object(table) => Value::Table(toml_table(path, table, notes)),
    })
}
