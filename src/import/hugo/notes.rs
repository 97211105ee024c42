//! What `lectern import hugo` tells the user, one line each, grouped: the
//! choices it made, the settings it could not carry over, those lectern
//! needs none for, theme params lectern's theme does not read, and what
//! the content will need.

use serde_json::Value;

use super::tree::show;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    Choice,
    NotCarried,
    NoNeed,
    Theme,
    Content,
}

#[derive(Default)]
pub(super) struct Notes {
    lines: Vec<(Group, String, String)>,
}

impl Notes {
    /// A choice the import made for the user, and how to undo it.
    pub(super) fn choice(&mut self, text: impl Into<String>) {
        self.push(Group::Choice, String::new(), text.into());
    }

    /// A Hugo setting lectern has no place for, and what that means.
    pub(super) fn not_carried(&mut self, key: &str, value: Option<&Value>, why: &str) {
        self.push(Group::NotCarried, key.to_string(), setting(key, value, why));
    }

    /// A Hugo setting lectern needs no line for: it behaves so already.
    pub(super) fn no_need(&mut self, key: &str, value: Option<&Value>, why: &str) {
        self.push(Group::NoNeed, key.to_string(), setting(key, value, why));
    }

    /// A Hugo theme's param, kept in `[params]`, that lectern's theme does
    /// not read: what the site gets instead.
    pub(super) fn theme(&mut self, key: &str, value: &Value, meaning: &str) {
        self.push(
            Group::Theme,
            key.to_string(),
            setting(key, Some(value), meaning),
        );
    }

    /// Something of the content tree that will need attention.
    pub(super) fn content(&mut self, text: impl Into<String>) {
        self.push(Group::Content, String::new(), text.into());
    }

    fn push(&mut self, group: Group, key: String, text: String) {
        self.lines.push((group, key.to_lowercase(), text));
    }

    /// The lines as printed: by group, settings by key, the rest in the
    /// order they were found.
    pub(super) fn into_lines(mut self) -> Vec<String> {
        self.lines.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        self.lines
            .into_iter()
            .map(|(group, _, text)| {
                let label = match group {
                    Group::Choice => "note",
                    Group::NotCarried => "not carried",
                    Group::NoNeed => "no need",
                    Group::Theme => "theme",
                    Group::Content => "content",
                };
                format!("{label}: {text}")
            })
            .collect()
    }
}

fn setting(key: &str, value: Option<&Value>, why: &str) -> String {
    match value {
        Some(value) => format!("`{key}` = {}: {why}", show(value)),
        None => format!("`{key}`: {why}"),
    }
}
