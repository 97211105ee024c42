use super::*;

fn calls(nodes: &[Node]) -> Vec<&Call> {
    nodes
        .iter()
        .filter_map(|n| match n {
            Node::Call(c) => Some(c),
            _ => None,
        })
        .collect()
}

fn one(text: &str) -> Call {
    let (nodes, problems) = scan(text);
    assert!(problems.is_empty(), "{problems:?}");
    let found = calls(&nodes);
    assert_eq!(found.len(), 1, "{nodes:?}");
    found[0].clone()
}

#[test]
fn reads_positional_and_named_arguments_typed_as_hugo_does() {
    let call = one(r#"{{< hint info "two words" `raw "text"` 42 1.5 true >}}"#);
    assert_eq!(call.name, "hint");
    assert_eq!(
        call.positional,
        vec![
            Value::Text("info".into()),
            Value::Text("two words".into()),
            Value::Text("raw \"text\"".into()),
            Value::Int(42),
            Value::Float(1.5),
            Value::Bool(true),
        ]
    );
    let call = one(r#"{{% callout type="warning" emoji=⚠️ count=3 open=false title="a \"q\"" %}}"#);
    assert!(call.markdown);
    assert_eq!(call.get("type"), Some(&Value::Text("warning".into())));
    assert_eq!(call.get("emoji"), Some(&Value::Text("⚠️".into())));
    assert_eq!(call.get("count"), Some(&Value::Int(3)));
    assert_eq!(call.get("open"), Some(&Value::Bool(false)));
    assert_eq!(call.get("title"), Some(&Value::Text("a \"q\"".into())));
}

#[test]
fn quoted_numbers_stay_text() {
    let call = one(r#"{{< x "42" >}}"#);
    assert_eq!(call.positional, vec![Value::Text("42".into())]);
}

#[test]
fn pairs_nested_calls_and_keeps_positions() {
    let text =
        "a {{< tabs >}}\n{{< tab \"Linux\" >}}L{{< /tab >}}{{< tab mac />}}\n{{< /tabs >}} z";
    let (nodes, problems) = scan(text);
    assert!(problems.is_empty());
    let tabs = calls(&nodes)[0];
    assert_eq!(&text[tabs.open.clone()], "{{< tabs >}}");
    let inner = tabs.inner.as_ref().unwrap();
    assert_eq!(&text[inner.close.clone()], "{{< /tabs >}}");
    let children = calls(&inner.nodes);
    assert_eq!(children.len(), 2);
    let linux = children[0].inner.as_ref().unwrap();
    assert_eq!(&text[linux.range.clone()], "L");
    assert!(children[1].inner.is_none(), "self-closing");
    assert!(matches!(nodes.last(), Some(Node::Text(r)) if &text[r.clone()] == " z"));
}

#[test]
fn an_unclosed_call_stands_alone_and_its_text_follows_it() {
    let text = "{{< a >}}{{< b >}}x{{< /a >}}";
    let (nodes, problems) = scan(text);
    assert!(problems.is_empty());
    let a = calls(&nodes)[0];
    let inner = a.inner.as_ref().unwrap();
    let b = calls(&inner.nodes)[0];
    assert!(b.inner.is_none());
    assert!(matches!(&inner.nodes[1], Node::Text(r) if &text[r.clone()] == "x"));
}

#[test]
fn names_may_hold_slashes() {
    assert_eq!(
        one(r#"{{< hextra/hero-badge >}}"#).name,
        "hextra/hero-badge"
    );
    let (nodes, _) = scan("{{< filetree/folder name=\"a\" >}}x{{< /filetree/folder >}}");
    assert!(calls(&nodes)[0].inner.is_some());
}

#[test]
fn escaped_calls_show_their_own_text() {
    let (nodes, problems) = scan("see {{</* hint info */>}} and {{%/* /hint */%}}");
    assert!(problems.is_empty());
    let shown: Vec<&str> = nodes
        .iter()
        .filter_map(|n| match n {
            Node::Escaped { shown, .. } => Some(shown.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(shown, ["{{< hint info >}}", "{{% /hint %}}"]);
}

#[test]
fn malformed_tags_are_reported_where_they_start_and_the_rest_is_read() {
    let text = "ok {{< x \"open >}} then {{< y >}} {{< /z >}} {{< w %}} {{< >}}";
    let (nodes, problems) = scan(text);
    let at: Vec<usize> = problems.iter().map(|p| p.at).collect();
    assert_eq!(
        at,
        [
            3,
            text.find("{{< w").unwrap(),
            text.find("{{< >}}").unwrap(),
            text.find("{{< /z").unwrap(),
        ]
    );
    assert!(problems[0].message.contains("not closed"), "{problems:?}");
    assert!(
        problems[3]
            .message
            .contains("closes no `z` shortcode (the call open here is `y`)"),
        "{problems:?}"
    );
    assert_eq!(calls(&nodes).len(), 1, "y is still read");
}

#[test]
fn a_page_without_calls_is_one_text() {
    assert!(!has_shortcodes("Go's {{ .Name }} and {x}"));
    let (nodes, _) = scan("Go's {{ .Name }}");
    assert_eq!(nodes, vec![Node::Text(0..16)]);
}
