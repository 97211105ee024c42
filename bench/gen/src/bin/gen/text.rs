//! Prose: sentences, paragraphs, headings and titles in one language.

use crate::rng::Rng;
use crate::words::{EMOJI, IDENTS, Words};

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// One noun phrase: an optional adjective and a noun.
fn phrase(w: &Words, rng: &mut Rng) -> String {
    let noun = rng.pick(w.nouns);
    if rng.chance(40) {
        format!("{}{}{}", rng.pick(w.adjectives), w.space, noun)
    } else {
        (*noun).to_string()
    }
}

/// A sentence of plain words, with inline code or emphasis now and then.
/// `link` is Markdown for a link to place in the sentence, if any.
pub fn sentence(w: &Words, rng: &mut Rng, link: Option<&str>) -> String {
    let mut parts: Vec<String> = Vec::new();
    if rng.chance(35) {
        parts.push(format!("{}{}", rng.pick(w.openers), w.comma));
    }
    parts.push(phrase(w, rng));
    parts.push((*rng.pick(w.verbs)).to_string());
    let mut object = phrase(w, rng);
    match rng.below(10) {
        0 => object = format!("`{}{}()`", rng.pick(IDENTS), rng.between(1, 9)),
        1 => object = format!("**{object}**"),
        2 => object = format!("*{object}*"),
        _ => {}
    }
    parts.push(object);
    for _ in 0..rng.below(3) {
        parts.push((*rng.pick(w.prepositions)).to_string());
        parts.push(phrase(w, rng));
    }
    let joined = join(w, &parts);
    let sentence = format!("{}{}", capitalize(joined.trim()), w.full_stop);
    match link {
        Some(link) => format!(
            "{sentence}{}{link}{}",
            if w.space.is_empty() { "" } else { " " },
            w.full_stop
        ),
        None => sentence,
    }
}

/// Words joined with spaces, or in Chinese with none, except around Latin
/// words, code and links, as writers of Chinese do.
fn join(w: &Words, parts: &[String]) -> String {
    if !w.space.is_empty() {
        return parts.join(w.space);
    }
    let mut out = String::new();
    for part in parts {
        let latin_before = out.chars().last().is_some_and(|c| c.is_ascii_graphic());
        let latin_after = part.chars().next().is_some_and(|c| c.is_ascii_graphic());
        if !out.is_empty() && (latin_before || latin_after) {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// A paragraph of 3–6 sentences; the links given are spread over it.
pub fn paragraph(w: &Words, rng: &mut Rng, links: &[String]) -> String {
    let count = rng.between(3, 6).max(links.len());
    let mut with_link: Vec<Option<&str>> = (0..count)
        .map(|i| links.get(i).map(String::as_str))
        .collect();
    rng.shuffle(&mut with_link);
    let sentences: Vec<String> = with_link
        .into_iter()
        .map(|link| sentence(w, rng, link))
        .collect();
    // Wrapped at sentence ends, as people write Markdown.
    sentences.join("\n")
}

/// A heading's text: sometimes an emoji first, then two nouns.
pub fn heading(w: &Words, rng: &mut Rng) -> String {
    let emoji = if rng.chance(40) {
        format!("{} ", rng.pick(EMOJI))
    } else {
        String::new()
    };
    let a = phrase(w, rng);
    let b = rng.pick(w.nouns);
    let and = if w.space.is_empty() {
        w.and.to_string()
    } else {
        format!(" {} ", w.and)
    };
    format!("{emoji}{}{and}{b}", capitalize(&a))
}

/// A page title: a noun phrase, sometimes with "in Go".
pub fn title(w: &Words, rng: &mut Rng) -> String {
    let a = capitalize(&phrase(w, rng));
    if rng.chance(30) {
        match w.code {
            "zh" => format!("Go 中的{a}"),
            "ru" => format!("{a} в Go"),
            _ => format!("{a} in Go"),
        }
    } else {
        let b = rng.pick(w.nouns);
        if w.space.is_empty() {
            format!("{a}{}{b}", w.and)
        } else {
            format!("{a} {} {b}", w.and)
        }
    }
}

/// The id GitHub (and so lectern and Hugo's `github` ids) gives a heading:
/// lowercase; letters, numbers, `-` and `_` kept; a space becomes `-`;
/// everything else dropped. Our headings hold nothing subtler than that.
pub fn heading_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            id.push(c);
        } else if c == ' ' {
            id.push('-');
        }
    }
    id
}

/// A YAML double-quoted string.
pub fn yaml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_github() {
        assert_eq!(
            heading_id("🏆 Продвинутое изучение Go"),
            "-продвинутое-изучение-go"
        );
        assert_eq!(heading_id("Каналы и тесты"), "каналы-и-тесты");
        assert_eq!(heading_id("⚡ 小的通道与缓存"), "-小的通道与缓存");
    }
}
