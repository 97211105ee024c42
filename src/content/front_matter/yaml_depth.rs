//! How deep YAML collections nest, found in one linear pass before the YAML
//! parser sees the text (whose cost grows with depth times length).

use super::{FieldError, MAX_YAML_DEPTH};

/// Checks that collections nest at most [`MAX_YAML_DEPTH`] levels, counting
/// flow collections (`[`, `{`) and block ones (indentation, compact `- ` and
/// `? ` entries); `Err` points at where the limit is crossed. Quoted text,
/// comments and block scalars (`|`, `>`) are skipped. Where YAML is
/// ambiguous it may count a level too many, never one too few.
pub(super) fn check(text: &str) -> Result<(), FieldError> {
    let mut scan = DepthScan::default();
    for (line_no, line) in text.lines().enumerate() {
        scan.line(line).map_err(|byte| FieldError {
            line: line_no + 1,
            col: line[..byte].chars().count() + 1,
            message: format!("lists and mappings nest deeper than {MAX_YAML_DEPTH} levels"),
        })?;
    }
    Ok(())
}

/// What the scan carries from one line to the next.
#[derive(Default)]
struct DepthScan {
    /// Indentation columns of the open block collections.
    blocks: Vec<usize>,
    /// Open flow collections (`[`, `{`).
    flow: usize,
    /// The quote a scalar is open in; quoted scalars may span lines.
    quote: Option<char>,
    /// While in a block scalar: the indentation of the line that opened it.
    scalar_parent: Option<usize>,
}

/// Where the scan is within one line.
struct LinePos {
    /// Where a node may begin: `[`, `{` or a quote there opens one.
    node_start: bool,
    /// Inside an anchor or tag (`&a`, `!!str`), which a node may follow.
    property: bool,
    /// After a backslash in a double-quoted scalar.
    escaped: bool,
    prev: char,
    /// The line's indentation, where a block scalar's lines must go deeper.
    indent: usize,
}

/// Whether the rest of a line still matters after a character.
#[derive(PartialEq)]
enum Rest {
    Scan,
    /// A comment or a block scalar's header: nothing more on this line nests.
    Skip,
}

impl DepthScan {
    fn depth(&self) -> usize {
        self.blocks.len() + self.flow
    }

    /// Scans one line; `Err` holds the byte offset where the limit is crossed.
    fn line(&mut self, line: &str) -> Result<(), usize> {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if let Some(parent) = self.scalar_parent {
            if rest.is_empty() || indent > parent {
                return Ok(());
            }
            self.scalar_parent = None;
        }
        self.open_block(indent, rest);
        if self.blocks.len() > MAX_YAML_DEPTH {
            return Err(indent);
        }
        let mut pos = LinePos {
            node_start: true,
            property: false,
            escaped: false,
            prev: ' ',
            indent,
        };
        let mut chars = rest.char_indices().map(|(i, c)| (indent + i, c)).peekable();
        while let Some((at, c)) = chars.next() {
            let next = chars.peek().map_or(' ', |&(_, n)| n);
            if self.char(&mut pos, at, c, next)? == Rest::Skip {
                break;
            }
            pos.prev = c;
        }
        Ok(())
    }

    /// A line's indentation closes the block collections indented deeper
    /// and opens one at a new column (outside quotes, flows and comments).
    fn open_block(&mut self, indent: usize, rest: &str) {
        if self.quote.is_some() || self.flow > 0 || rest.is_empty() || rest.starts_with('#') {
            return;
        }
        while self.blocks.last().is_some_and(|&top| top > indent) {
            self.blocks.pop();
        }
        if self.blocks.last() != Some(&indent) {
            self.blocks.push(indent);
        }
    }

    /// One character `c` at byte `at`, followed by `next`.
    fn char(&mut self, pos: &mut LinePos, at: usize, c: char, next: char) -> Result<Rest, usize> {
        if let Some(q) = self.quote {
            if pos.escaped {
                pos.escaped = false;
            } else if q == '"' && c == '\\' {
                pos.escaped = true;
            } else if c == q {
                self.quote = None;
            }
        } else if c.is_whitespace() {
            pos.property = false;
        } else if pos.property {
            // The rest of the anchor or tag.
        } else if c == '#' && pos.prev.is_whitespace() {
            return Ok(Rest::Skip);
        } else if pos.node_start && (c == '&' || c == '!') {
            pos.property = true;
        } else if pos.node_start && (c == '"' || c == '\'') {
            self.quote = Some(c);
            pos.node_start = false;
        } else if c == '[' || c == '{' {
            if pos.node_start || self.flow > 0 {
                self.flow += 1;
                if self.depth() > MAX_YAML_DEPTH {
                    return Err(at);
                }
            }
            pos.node_start = self.flow > 0;
        } else if self.flow > 0 {
            self.flow_char(pos, c);
        } else {
            return self.block_char(pos, at, c, next);
        }
        Ok(Rest::Scan)
    }

    /// A character inside a flow collection, outside quotes.
    fn flow_char(&mut self, pos: &mut LinePos, c: char) {
        if c == ']' || c == '}' {
            self.flow -= 1;
            pos.node_start = false;
        } else {
            pos.node_start = matches!(c, ',' | ':' | '?');
        }
    }

    /// A character in block context, outside quotes.
    fn block_char(
        &mut self,
        pos: &mut LinePos,
        at: usize,
        c: char,
        next: char,
    ) -> Result<Rest, usize> {
        if pos.node_start && (c == '-' || c == '?') && next == ' ' {
            // A compact entry (`- - x`): its content is a level deeper.
            self.blocks.push(at + 2);
            if self.blocks.len() > MAX_YAML_DEPTH {
                return Err(at);
            }
        } else if c == ':' && next == ' ' {
            pos.node_start = true;
        } else if pos.node_start && (c == '|' || c == '>') {
            self.scalar_parent = Some(pos.indent);
            return Ok(Rest::Skip);
        } else {
            pos.node_start = false;
        }
        Ok(Rest::Scan)
    }
}
