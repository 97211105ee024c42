//! Finds shortcode calls in a page's text, as Hugo writes them, and pairs
//! them into a tree: `{{< name args >}}`, `{{% name args %}}`, self-closing
//! `{{< name />}}`, closing `{{< /name >}}`, and the escaped `{{</* … */>}}`
//! that stands for its own text. Pure: text in, nodes and problems out,
//! every position a byte offset in the text.

use std::ops::Range;

/// An argument's value, typed as Hugo types an unquoted one.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub(crate) enum Value {
    Text(String),
    Bool(bool),
    Int(i64),
    Float(f64),
}

impl Value {
    /// An unquoted value: `true`, `false` and numbers are typed.
    fn bare(word: &str) -> Value {
        match word {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => word
                .parse::<i64>()
                .map(Value::Int)
                .or_else(|_| {
                    word.parse::<f64>()
                        .ok()
                        .filter(|f| f.is_finite() && word.contains('.'))
                        .map(Value::Float)
                        .ok_or(())
                })
                .unwrap_or_else(|()| Value::Text(word.to_string())),
        }
    }

    /// The value as text, as a template prints it.
    pub(crate) fn text(&self) -> String {
        match self {
            Value::Text(t) => t.clone(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
        }
    }
}

/// One shortcode call, with what it encloses.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Call {
    pub(crate) name: String,
    pub(crate) positional: Vec<Value>,
    /// Named arguments in the order written.
    pub(crate) named: Vec<(String, Value)>,
    /// Called as `{{% %}}`: its output is Markdown.
    pub(crate) markdown: bool,
    /// Written `{{< name />}}`: it has no inner content.
    pub(crate) self_closing: bool,
    /// The opening tag.
    pub(crate) open: Range<usize>,
    /// What lies between the opening and the closing tag, when it has one.
    pub(crate) inner: Option<Inner>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Inner {
    pub(crate) range: Range<usize>,
    pub(crate) nodes: Vec<Node>,
    /// The closing tag.
    pub(crate) close: Range<usize>,
}

impl Call {
    /// The named argument `key`, if given.
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        self.named.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The named argument `key`, else the positional one at `index`, as text.
    pub(crate) fn arg(&self, key: &str, index: usize) -> Option<String> {
        self.get(key)
            .or_else(|| self.positional.get(index))
            .map(Value::text)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// Text as written.
    Text(Range<usize>),
    Call(Call),
    /// An escaped call, `{{</* x */>}}`: shown as `{{< x >}}`.
    Escaped {
        at: usize,
        shown: String,
    },
}

/// A call that cannot be read, at its byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) at: usize,
    pub(crate) message: String,
}

/// Whether `text` may hold shortcodes: the cheap test that lets every other
/// page skip the scan.
pub(crate) fn has_shortcodes(text: &str) -> bool {
    text.contains("{{<") || text.contains("{{%")
}

/// The calls in `text` as a tree, and the problems met. A malformed tag is
/// left out (reported); a closing tag with no opening one likewise; an
/// opening tag never closed stands alone (the caller decides whether its
/// shortcode needs a closing tag).
pub(crate) fn scan(text: &str) -> (Vec<Node>, Vec<Problem>) {
    let mut problems = Vec::new();
    let tokens = tokens(text, &mut problems);
    // Each open call with the nodes after it, innermost last.
    let mut stack: Vec<(Call, Vec<Node>)> = Vec::new();
    let mut top: Vec<Node> = Vec::new();
    for token in tokens {
        match token {
            Token::Node(node) => current(&mut stack, &mut top).push(node),
            Token::Open(call) if call.self_closing => {
                current(&mut stack, &mut top).push(Node::Call(call))
            }
            Token::Open(call) => stack.push((call, Vec::new())),
            Token::Close(name, range) => {
                let Some(depth) = stack.iter().rposition(|(c, _)| c.name == name) else {
                    let open = stack
                        .last()
                        .map(|(c, _)| format!(" (the call open here is `{}`)", c.name))
                        .unwrap_or_default();
                    problems.push(Problem {
                        at: range.start,
                        message: format!(
                            "`{{{{< /{name} >}}}}` closes no `{name}` shortcode{open}"
                        ),
                    });
                    continue;
                };
                // Calls opened after the one closed here stand alone.
                while stack.len() > depth + 1 {
                    let (call, nodes) = stack.pop().expect("deeper than depth");
                    let parent = &mut stack.last_mut().expect("depth exists").1;
                    parent.push(Node::Call(call));
                    parent.extend(nodes);
                }
                let (mut call, nodes) = stack.pop().expect("depth exists");
                call.inner = Some(Inner {
                    range: call.open.end..range.start,
                    nodes,
                    close: range,
                });
                current(&mut stack, &mut top).push(Node::Call(call));
            }
        }
    }
    while let Some((call, nodes)) = stack.pop() {
        let parent = current(&mut stack, &mut top);
        parent.push(Node::Call(call));
        parent.extend(nodes);
    }
    (top, problems)
}

fn current<'s>(stack: &'s mut [(Call, Vec<Node>)], top: &'s mut Vec<Node>) -> &'s mut Vec<Node> {
    match stack.last_mut() {
        Some((_, nodes)) => nodes,
        None => top,
    }
}

enum Token {
    Node(Node),
    Open(Call),
    Close(String, Range<usize>),
}

/// The text and tags of `text`, in order.
fn tokens(text: &str, problems: &mut Vec<Problem>) -> Vec<Token> {
    let mut out = Vec::new();
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = text[from..].find("{{") {
        let at = from + found;
        let markdown = match text.as_bytes().get(at + 2) {
            Some(b'<') => false,
            Some(b'%') => true,
            _ => {
                from = at + 2;
                continue;
            }
        };
        let close = if markdown { "%}}" } else { ">}}" };
        let tag = Tag {
            text,
            at,
            pos: at + 3,
            close,
        };
        if copied < at {
            out.push(Token::Node(Node::Text(copied..at)));
        }
        match tag.read() {
            Ok((token, end)) => {
                out.push(token);
                copied = end;
                from = end;
            }
            Err((message, end)) => {
                problems.push(Problem { at, message });
                copied = end;
                from = end;
            }
        }
    }
    if copied < text.len() {
        out.push(Token::Node(Node::Text(copied..text.len())));
    }
    out
}

/// A tag being read, from just after its `{{<` or `{{%`.
struct Tag<'t> {
    text: &'t str,
    /// Where the tag starts.
    at: usize,
    /// Where reading is.
    pos: usize,
    /// `>}}` or `%}}`.
    close: &'static str,
}

/// A problem, and where reading goes on after the malformed tag.
type TagError = (String, usize);

impl<'t> Tag<'t> {
    fn rest(&self) -> &'t str {
        &self.text[self.pos..]
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    /// Where reading goes on after a malformed tag: after the first `>}}`
    /// or `%}}` on its line before another tag starts, else after its `{{<`.
    fn recover(&self, message: String) -> TagError {
        let rest = &self.text[self.pos..];
        let limit = [rest.find('\n'), rest.find("{{")]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(rest.len());
        let end = [rest[..limit].find(">}}"), rest[..limit].find("%}}")]
            .into_iter()
            .flatten()
            .min()
            .map_or(self.at + 3, |i| self.pos + i + 3);
        (message, end)
    }

    fn read(mut self) -> Result<(Token, usize), TagError> {
        let open = &self.text[self.at..self.at + 3];
        if let Some(rest) = self.rest().strip_prefix("/*") {
            let end_marker = format!("*/{}", self.close);
            let Some(end) = rest.find(&end_marker) else {
                return Err(self.recover(format!(
                    "escaped shortcode `{open}/*` has no `{end_marker}` to end it"
                )));
            };
            let end = self.pos + 2 + end;
            let shown = format!("{open}{}{}", &self.text[self.pos + 2..end], self.close);
            let token = Token::Node(Node::Escaped { at: self.at, shown });
            return Ok((token, end + end_marker.len()));
        }
        self.skip_space();
        let closing = self.rest().starts_with('/');
        if closing {
            self.pos += 1;
            self.skip_space();
        }
        let name = self.word();
        if name.is_empty() {
            return Err(self.recover(format!("`{open}` is not followed by a shortcode name")));
        }
        if closing {
            self.skip_space();
            return match self.rest().strip_prefix(self.close) {
                Some(_) => {
                    let end = self.pos + 3;
                    Ok((Token::Close(name, self.at..end), end))
                }
                None => Err(self.recover(format!(
                    "closing tag of `{name}` must end with `{}` right after the name",
                    self.close
                ))),
            };
        }
        let mut call = Call {
            name,
            positional: Vec::new(),
            named: Vec::new(),
            markdown: open == "{{%",
            self_closing: false,
            open: self.at..self.at,
            inner: None,
        };
        loop {
            self.skip_space();
            let rest = self.rest();
            if rest.is_empty() {
                return Err(self.recover(format!(
                    "shortcode `{}` is not closed with `{}`",
                    call.name, self.close
                )));
            }
            let self_closing = rest.starts_with('/') && rest[1..].starts_with(self.close);
            if self_closing || rest.starts_with(self.close) {
                let end = self.pos + self_closing as usize + 3;
                call.open = self.at..end;
                call.self_closing = self_closing;
                return Ok((Token::Open(call), end));
            }
            let other = if self.close == ">}}" { "%}}" } else { ">}}" };
            if rest.starts_with(other) {
                return Err(self.recover(format!(
                    "shortcode `{}` opens with `{open}` but ends with `{other}`",
                    call.name
                )));
            }
            let arg_at = self.pos;
            let word = self.value_or_key()?;
            if self.rest().starts_with('=') {
                let Some(key) = word.filter(|k| !k.is_empty()) else {
                    return Err(self.recover(format!(
                        "shortcode `{}`: an argument name must come before `=`",
                        call.name
                    )));
                };
                self.pos += 1;
                let value = match self.value()? {
                    Some(v) => v,
                    None => Value::Text(String::new()),
                };
                call.named.push((key, value));
            } else {
                let value = match word {
                    Some(bare) => Value::bare(&bare),
                    None => self.quoted_value_at(arg_at)?,
                };
                call.positional.push(value);
            }
            if !call.named.is_empty() && !call.positional.is_empty() {
                return Err(self.recover(format!(
                    "shortcode `{}` mixes named and positional arguments; use one or the other",
                    call.name
                )));
            }
        }
    }

    /// A run of characters up to white space, `=`, a quote or the end of the tag.
    fn word(&mut self) -> String {
        let rest = self.rest();
        let mut len = 0;
        for (i, c) in rest.char_indices() {
            let tail = &rest[i..];
            if c.is_whitespace()
                || c == '='
                || c == '"'
                || c == '`'
                || tail.starts_with(self.close)
                || (c == '/' && tail[1..].starts_with(self.close))
            {
                break;
            }
            len = i + c.len_utf8();
        }
        self.pos += len;
        rest[..len].to_string()
    }

    /// A bare word (`Some`) — an argument or the name before `=` — or
    /// `None` at a quoted value, which is read by [`Tag::quoted_value_at`].
    fn value_or_key(&mut self) -> Result<Option<String>, TagError> {
        if matches!(self.rest().chars().next(), Some('"' | '`')) {
            return Ok(None);
        }
        Ok(Some(self.word()))
    }

    fn quoted_value_at(&mut self, at: usize) -> Result<Value, TagError> {
        self.pos = at;
        Ok(self.value()?.unwrap_or(Value::Text(String::new())))
    }

    /// A value after `=` or standing alone: quoted, raw or bare.
    fn value(&mut self) -> Result<Option<Value>, TagError> {
        let rest = self.rest();
        if let Some(raw) = rest.strip_prefix('`') {
            let Some(end) = raw.find('`') else {
                return Err(self.recover("a raw string argument (`…`) is not closed".into()));
            };
            self.pos += end + 2;
            return Ok(Some(Value::Text(raw[..end].to_string())));
        }
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            while let Some((i, c)) = chars.next() {
                match c {
                    '"' => {
                        self.pos += i + 2;
                        return Ok(Some(Value::Text(value)));
                    }
                    '\\' => match chars.next() {
                        Some((_, e @ ('"' | '\\'))) => value.push(e),
                        Some((_, e)) => {
                            value.push('\\');
                            value.push(e);
                        }
                        None => break,
                    },
                    '\n' => break,
                    c => value.push(c),
                }
            }
            return Err(self.recover("a quoted argument is not closed on its line".into()));
        }
        let word = self.word();
        Ok((!word.is_empty()).then(|| Value::bare(&word)))
    }
}

#[cfg(test)]
mod tests;
