use super::*;

#[test]
fn placeholders_alone_in_a_paragraph_replace_it() {
    let mut expanded = Expanded::default();
    expanded.html.push("<div>a</div>".into());
    expanded.html.push(format!("<b>{OPEN}0{CLOSE}</b>"));
    let html = format!("<p>{OPEN}0{CLOSE}</p>\n<p>x {OPEN}1{CLOSE} y</p>\n<p>{OPEN}9{CLOSE}</p>");
    assert_eq!(
        expanded.fill(html),
        format!("<div>a</div><p>x <b><div>a</div></b> y</p>\n<p>{OPEN}9{CLOSE}</p>")
    );
    let two = format!("<p>{OPEN}0{CLOSE}\n{OPEN}0{CLOSE}</p>\n<p>{OPEN}0{CLOSE} z</p>");
    assert_eq!(
        expanded.fill(two),
        "<div>a</div>\n<div>a</div><p><div>a</div> z</p>",
        "a paragraph of calls alone is replaced by them, one with text is kept"
    );
    let text = expanded.text_of(&format!("T {OPEN}1{CLOSE}!"));
    assert_eq!(text.split_whitespace().collect::<Vec<_>>(), ["T", "a", "!"]);
}

#[test]
fn offsets_map_back_to_the_body() {
    let mut buf = Buf::default();
    buf.push("abc", 10, true);
    buf.push("XYZ", 20, false);
    buf.push("de", 30, true);
    let expanded = Expanded {
        text: buf.text,
        map: buf.map,
        ..Expanded::default()
    };
    assert_eq!(expanded.source_offset(1), 11);
    assert_eq!(expanded.source_offset(4), 20);
    assert_eq!(expanded.source_offset(7), 31);
}
