//! Hugo's configuration as a tree whose keys match in any case, as Hugo
//! matches them, and out of which the importer takes what it carries over:
//! whatever is left was not carried, and is said so.

use serde_json::{Map, Value};

use super::notes::Notes;

pub(super) type Table = Map<String, Value>;

fn same_key(a: &str, b: &str) -> bool {
    a == b || a.to_lowercase() == b.to_lowercase()
}

/// The key of `table` that is `key` written in any case.
fn key_in(table: &Table, key: &str) -> Option<String> {
    table.keys().find(|k| same_key(k, key)).cloned()
}

/// Merges `from` into `into` as Hugo merges configuration files: tables
/// key by key, recursively; any other value replaces the one before. A key
/// keeps the spelling it was first written with.
pub(super) fn merge(into: &mut Table, from: Table) {
    for (key, value) in from {
        let Some(existing) = key_in(into, &key) else {
            into.insert(key, value);
            continue;
        };
        match (into.get_mut(&existing), value) {
            (Some(Value::Object(old)), Value::Object(new)) => merge(old, new),
            (Some(slot), value) => *slot = value,
            (None, _) => {}
        }
    }
}

/// Renames key `from` (in any case) to `to`, merged into an existing `to`:
/// Hugo reads its old `menu` as `menus`.
pub(super) fn rename(table: &mut Table, from: &str, to: &str) {
    let Some(key) = key_in(table, from) else {
        return;
    };
    if let Some(value) = table.remove(&key) {
        let mut moved = Table::new();
        moved.insert(to.to_string(), value);
        merge(table, moved);
    }
}

/// A table of Hugo's configuration that the importer takes keys out of.
pub(super) struct Keys {
    table: Table,
    /// The table's own dotted path, as written (`languages.ru`), or empty.
    prefix: String,
}

impl Keys {
    pub(super) fn new(table: Table, prefix: &str) -> Keys {
        Keys {
            table,
            prefix: prefix.to_string(),
        }
    }

    /// The dotted path of `key` of this table, for messages.
    pub(super) fn path(&self, key: &str) -> String {
        if self.prefix.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.prefix)
        }
    }

    /// The value at dotted `path` (`markup.goldmark.renderer.unsafe`), in
    /// any case, left in place.
    pub(super) fn get(&self, path: &str) -> Option<&Value> {
        let mut parts = path.split('.');
        let first = parts.next()?;
        let mut value = self.table.get(&key_in(&self.table, first)?)?;
        for part in parts {
            let table = value.as_object()?;
            value = table.get(&key_in(table, part)?)?;
        }
        Some(value)
    }

    /// Takes the value at dotted `path` out; tables it leaves empty go
    /// with it, so that they are not reported as left over.
    pub(super) fn take(&mut self, path: &str) -> Option<Value> {
        let parts: Vec<&str> = path.split('.').collect();
        take_in(&mut self.table, &parts)
    }

    /// Takes a text setting; a value of another type is named, not carried.
    pub(super) fn text(&mut self, path: &str, notes: &mut Notes) -> Option<String> {
        self.typed(path, notes, "text", |v| v.as_str().map(str::to_string))
    }

    /// Takes a true-or-false setting (`"true"` too, as Hugo reads it).
    pub(super) fn flag(&mut self, path: &str, notes: &mut Notes) -> Option<bool> {
        self.typed(path, notes, "true or false", |v| match v {
            Value::Bool(b) => Some(*b),
            Value::String(s) => s.parse().ok(),
            _ => None,
        })
    }

    /// Takes a whole-number setting (`"10"` too, as Hugo reads it).
    pub(super) fn number(&mut self, path: &str, notes: &mut Notes) -> Option<i64> {
        self.typed(path, notes, "a whole number", |v| match v {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        })
    }

    fn typed<T>(
        &mut self,
        path: &str,
        notes: &mut Notes,
        kind: &str,
        read: impl Fn(&Value) -> Option<T>,
    ) -> Option<T> {
        let value = self.take(path)?;
        let read = read(&value);
        if read.is_none() {
            notes.not_carried(&self.path(path), Some(&value), &format!("not {kind}"));
        }
        read
    }

    /// What was not taken, with the table's path.
    pub(super) fn rest(self) -> (String, Table) {
        (self.prefix, self.table)
    }
}

fn take_in(table: &mut Table, parts: &[&str]) -> Option<Value> {
    let (first, rest) = parts.split_first()?;
    let key = key_in(table, first)?;
    if rest.is_empty() {
        return table.remove(&key);
    }
    let inner = table.get_mut(&key)?.as_object_mut()?;
    let taken = take_in(inner, rest);
    if taken.is_some() && inner.is_empty() {
        table.remove(&key);
    }
    taken
}

/// A value as a message shows it: compact, a table by its keys, and cut
/// after 60 characters.
pub(super) fn show(value: &Value) -> String {
    let text = match value {
        Value::Object(table) => {
            let keys: Vec<&str> = table.keys().map(String::as_str).collect();
            format!("{{{}}}", keys.join(", "))
        }
        other => other.to_string(),
    };
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn table(value: Value) -> Table {
        value.as_object().cloned().unwrap()
    }

    #[test]
    fn merging_is_deep_case_insensitive_and_later_wins() {
        let mut into = table(json!({"baseURL": "a", "params": {"BookRepo": "x", "keep": 1}}));
        merge(
            &mut into,
            table(json!({"baseurl": "b", "Params": {"bookrepo": "y"}, "menus": [1]})),
        );
        assert_eq!(
            Value::Object(into),
            json!({"baseURL": "b", "params": {"BookRepo": "y", "keep": 1}, "menus": [1]})
        );
    }

    #[test]
    fn taking_prunes_emptied_tables_and_leaves_the_rest() {
        let mut keys = Keys::new(
            table(
                json!({"markup": {"goldmark": {"renderer": {"unsafe": true}}, "highlight": {"style": "x"}}}),
            ),
            "",
        );
        assert_eq!(
            keys.get("Markup.Goldmark.Renderer.Unsafe"),
            Some(&json!(true))
        );
        assert_eq!(
            keys.take("markup.goldmark.renderer.unsafe"),
            Some(json!(true))
        );
        assert_eq!(keys.take("markup.goldmark.renderer.unsafe"), None);
        let (_, rest) = keys.rest();
        assert_eq!(
            Value::Object(rest),
            json!({"markup": {"highlight": {"style": "x"}}})
        );
    }

    #[test]
    fn menu_is_read_as_menus() {
        let mut t = table(json!({"menu": {"main": [1]}, "Menus": {"footer": [2]}}));
        rename(&mut t, "menu", "menus");
        assert_eq!(
            Value::Object(t),
            json!({"Menus": {"footer": [2], "main": [1]}})
        );
    }
}
