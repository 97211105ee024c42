//! The highlighting stylesheet, made from two themes' CSS: each theme's rules
//! apply in its own mode only (so no colour of one leaks into the other), and
//! every colour is brought to WCAG AA contrast (4.5:1) against the
//! backgrounds it can be read on.

use std::fmt::Write;

/// What the code is read on besides the theme's own background: the
/// default theme's highlighted lines (`--line-hl` in `static/style.css`).
pub(crate) const LIGHT_LINE: Rgb = Rgb(0xff, 0xf3, 0xb8);
pub(crate) const DARK_LINE: Rgb = Rgb(0x34, 0x3a, 0x46);

/// Comment colours of our own: the themes' are faint (2.9:1 and 2.4:1).
const LIGHT_COMMENT: Rgb = Rgb(0x6a, 0x73, 0x7d);
const DARK_COMMENT: Rgb = Rgb(0x9d, 0xa5, 0xb4);

/// WCAG AA for text, with a little room for rounding to whole bytes.
const TARGET: f64 = 4.55;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rgb(pub(crate) u8, pub(crate) u8, pub(crate) u8);

impl Rgb {
    /// `#rgb`, `#rrggbb` or `#rrggbbaa` (`aa` blended over `under`).
    fn parse(text: &str, under: Rgb) -> Option<Rgb> {
        let hex = text.strip_prefix('#')?;
        let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        match hex.len() {
            3 => {
                let digit = |i: usize| Some(u8::from_str_radix(hex.get(i..=i)?, 16).ok()? * 17);
                Some(Rgb(digit(0)?, digit(1)?, digit(2)?))
            }
            6 => Some(Rgb(byte(0)?, byte(2)?, byte(4)?)),
            8 => {
                let alpha = f64::from(byte(6)?) / 255.0;
                let mix = |c: u8, u: u8| {
                    (f64::from(c) * alpha + f64::from(u) * (1.0 - alpha)).round() as u8
                };
                Some(Rgb(
                    mix(byte(0)?, under.0),
                    mix(byte(2)?, under.1),
                    mix(byte(4)?, under.2),
                ))
            }
            _ => None,
        }
    }

    /// Relative luminance, as WCAG defines it.
    fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    pub(crate) fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// `t` of the way towards `to`.
    fn toward(self, to: Rgb, t: f64) -> Rgb {
        let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(mix(self.0, to.0), mix(self.1, to.1), mix(self.2, to.2))
    }

    fn worst(self, backgrounds: &[Rgb]) -> f64 {
        backgrounds
            .iter()
            .map(|b| self.contrast(*b))
            .fold(f64::INFINITY, f64::min)
    }

    /// The colour itself when it reads well enough on every background, else
    /// the nearest darker (or, on dark backgrounds, lighter) shade that does,
    /// keeping its hue as far as it can.
    fn readable_on(self, backgrounds: &[Rgb]) -> Rgb {
        if self.worst(backgrounds) >= TARGET {
            return self;
        }
        let black = Rgb(0, 0, 0);
        let white = Rgb(0xff, 0xff, 0xff);
        let to = if black.worst(backgrounds) >= white.worst(backgrounds) {
            black
        } else {
            white
        };
        (1..=50)
            .map(|step| self.toward(to, f64::from(step) / 50.0))
            .find(|c| c.worst(backgrounds) >= TARGET)
            .unwrap_or(to)
    }
}

impl std::fmt::Display for Rgb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// One rule of a theme: its selectors and declarations, in order.
struct Rule {
    selectors: Vec<String>,
    declarations: Vec<(String, String)>,
}

impl Rule {
    fn get(&self, property: &str) -> Option<&str> {
        self.declarations
            .iter()
            .find(|(p, _)| p == property)
            .map(|(_, v)| v.as_str())
    }

    fn set(&mut self, property: &str, value: String) {
        match self.declarations.iter_mut().find(|(p, _)| p == property) {
            Some(slot) => slot.1 = value,
            None => self.declarations.push((property.to_string(), value)),
        }
    }

    fn is_base(&self) -> bool {
        self.selectors.iter().any(|s| s == ".hl-code")
    }

    fn is_comment(&self) -> bool {
        self.selectors.iter().any(|s| s.contains("hl-comment"))
    }
}

/// The rules of a simple stylesheet (no nesting), comments dropped.
fn parse(css: &str) -> Vec<Rule> {
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);
    text.split('}')
        .filter_map(|rule| {
            let (selectors, body) = rule.split_once('{')?;
            let selectors: Vec<String> = selectors
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let declarations: Vec<(String, String)> = body
                .split(';')
                .filter_map(|d| {
                    let (p, v) = d.split_once(':')?;
                    Some((p.trim().to_string(), v.trim().to_string()))
                })
                .filter(|(p, v)| !p.is_empty() && !v.is_empty())
                .collect();
            (!selectors.is_empty() && !declarations.is_empty()).then_some(Rule {
                selectors,
                declarations,
            })
        })
        .collect()
}

/// One theme's rules with every colour made readable: against its own
/// background where a rule sets one, else against the theme's background,
/// the highlighted line's and any background a rule sets alone (a diff's
/// inserted lines), which the tokens inside are read on.
fn readable(css: &str, line: Rgb, comment: Rgb) -> Vec<Rule> {
    let mut rules = parse(css);
    let white = Rgb(0xff, 0xff, 0xff);
    let base = rules
        .iter()
        .find(|r| r.is_base())
        .and_then(|r| Rgb::parse(r.get("background-color")?, white))
        .unwrap_or(white);
    let mut shared = vec![base, line];
    for rule in &rules {
        if rule.get("color").is_none() {
            if let Some(bg) = rule
                .get("background-color")
                .and_then(|v| Rgb::parse(v, base))
            {
                shared.push(bg);
            }
        }
    }
    for rule in &mut rules {
        if rule.is_comment() {
            rule.set("color", comment.to_string());
        }
        let own = rule
            .get("background-color")
            .and_then(|v| Rgb::parse(v, base))
            .filter(|_| !rule.is_base());
        if let Some(bg) = own {
            rule.set("background-color", bg.to_string());
        }
        let Some(color) = rule
            .get("color")
            .and_then(|v| Rgb::parse(v, own.unwrap_or(base)))
        else {
            continue;
        };
        let backgrounds = own.map_or(shared.clone(), |bg| vec![bg]);
        rule.set("color", color.readable_on(&backgrounds).to_string());
    }
    rules
}

/// The rules, each selector prefixed with `scope`.
fn write_scoped(out: &mut String, rules: &[Rule], scope: &str) {
    for rule in rules {
        let selectors: Vec<String> = rule
            .selectors
            .iter()
            .map(|s| format!("{scope} {s}"))
            .collect();
        let body: Vec<String> = rule
            .declarations
            .iter()
            .map(|(p, v)| format!("{p}: {v};"))
            .collect();
        let _ = writeln!(out, "{} {{ {} }}", selectors.join(", "), body.join(" "));
    }
}

/// The stylesheet of a light and a dark theme (syntect's CSS of each): the
/// light one when the reader chose light, or the system is light and the
/// reader chose nothing; the dark one the other way round
/// (`<html data-theme="…">` is the reader's choice).
pub(crate) fn stylesheet(light: &str, dark: &str) -> String {
    let light = readable(light, LIGHT_LINE, LIGHT_COMMENT);
    let dark = readable(dark, DARK_LINE, DARK_COMMENT);
    let mut out =
        String::from("/* Code highlighting: light, then dark. Generated by lectern. */\n");
    for (mode, other, rules) in [("light", "dark", &light), ("dark", "light", &dark)] {
        let _ = writeln!(out, "@media (prefers-color-scheme: {mode}) {{");
        write_scoped(
            &mut out,
            rules,
            &format!(":root:not([data-theme=\"{other}\"])"),
        );
        out.push_str("}\n");
        write_scoped(&mut out, rules, &format!(":root[data-theme=\"{mode}\"]"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);

    #[test]
    fn contrast_is_wcag_s() {
        assert!((Rgb(0, 0, 0).contrast(WHITE) - 21.0).abs() < 1e-9);
        // GitHub's #0086b3 on One Half Dark's background: 3.37:1, as measured.
        let dark_bg = Rgb(0x28, 0x2c, 0x34);
        assert!((Rgb(0x00, 0x86, 0xb3).contrast(dark_bg) - 3.37).abs() < 0.01);
    }

    #[test]
    fn faint_colours_are_darkened_or_lightened_until_they_read() {
        let green = Rgb(0x62, 0xa3, 0x5c);
        let darker = green.readable_on(&[WHITE, LIGHT_LINE]);
        assert!(darker.contrast(WHITE) >= 4.5 && darker.contrast(LIGHT_LINE) >= 4.5);
        assert!(
            darker.1 > darker.0 && darker.1 > darker.2,
            "still green: {darker}"
        );
        let dark_bg = Rgb(0x28, 0x2c, 0x34);
        let lighter = Rgb(0x00, 0x86, 0xb3).readable_on(&[dark_bg, DARK_LINE]);
        assert!(lighter.contrast(DARK_LINE) >= 4.5, "{lighter}");
        let fine = Rgb(0x18, 0x36, 0x91);
        assert_eq!(fine.readable_on(&[WHITE]), fine);
    }

    #[test]
    fn a_rule_with_a_background_is_read_on_it() {
        let rules = readable(
            ".hl-code { color: #dcdfe4; background-color: #282c34; }\n\
             .hl-invalid { color: #dcdfe4; background-color: #e06c75; }\n\
             .hl-x { color: #0086b380; }",
            DARK_LINE,
            DARK_COMMENT,
        );
        let color = |i: usize| Rgb::parse(rules[i].get("color").unwrap(), WHITE).unwrap();
        let bg = Rgb::parse(rules[1].get("background-color").unwrap(), WHITE).unwrap();
        assert!(color(1).contrast(bg) >= 4.5);
        assert!(
            color(1).luminance() < bg.luminance(),
            "darker text on the red"
        );
        assert!(color(2).contrast(DARK_LINE) >= 4.5);
        assert_eq!(
            rules[2].get("color").unwrap().len(),
            7,
            "alpha blended away"
        );
    }

    #[test]
    fn each_theme_applies_in_its_own_mode_only() {
        let css = stylesheet(
            ".hl-code { color: #323232; background-color: #ffffff; }\n.hl-support.hl-type { color: #0086b3; }",
            ".hl-code { color: #dcdfe4; background-color: #282c34; }",
        );
        for line in css
            .lines()
            .filter(|l| l.contains('{') && !l.starts_with('@'))
        {
            assert!(line.starts_with(":root"), "{line}");
        }
        let support: Vec<&str> = css.lines().filter(|l| l.contains("hl-support")).collect();
        assert_eq!(support.len(), 2, "{support:?}");
        assert!(support.iter().all(|l| !l.contains("\"light\"])")));
    }
}
