//! Fuzz target: rendering is deterministic (the same output or the same error twice), and every
//! error's span lies within the text it points into, with a line and column that match it.
#![no_main]
use apigw_vtl::{Limits, RenderOptions, Template};
use libfuzzer_sys::fuzz_target;

fn outcome(
    result: apigw_vtl::Result<String>,
) -> Result<String, (String, String, Option<apigw_vtl::Span>)> {
    result.map_err(|e| {
        (
            e.kind().name().to_string(),
            e.message().to_string(),
            e.span(),
        )
    })
}

/// The span of an error about `text` covers bytes of `text`, on char boundaries, and its line
/// and column are those of its start (lines end at `\n`, `\r\n` or a lone `\r`, as Velocity
/// counts them; columns count characters).
fn check_span(text: &str, span: apigw_vtl::Span) {
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(
        start <= end && end <= text.len(),
        "span {span:?} outside {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "span {span:?} splits a character"
    );
    let mut before = &text[..start];
    // A span may start on the `\n` of a `\r\n`: that `\r` ends no line before it.
    if text[start..].starts_with('\n') {
        before = before.strip_suffix('\r').unwrap_or(before);
    }
    let line = before
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .matches('\n')
        .count()
        + 1;
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let column = text[line_start..start].chars().count() + 1;
    assert_eq!(
        (span.line as usize, span.column as usize),
        (line, column),
        "line and column of {span:?}"
    );
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let template = match Template::parse("f", text) {
        Ok(t) => t,
        Err(error) => {
            if error.source_name() == Some("f") {
                if let Some(span) = error.span() {
                    check_span(text, span);
                }
            }
            let _ = error.render();
            assert_eq!(
                outcome(Template::parse("f", text).map(|_| String::new())),
                outcome(Err(error)),
                "parsing twice differs"
            );
            return;
        }
    };
    let options = RenderOptions {
        limits: Limits {
            fuel: Some(20_000),
            max_output_bytes: 1 << 16,
            max_range_items: 10_000,
            ..Limits::default()
        },
        ..RenderOptions::default()
    };
    let vars = serde_json::json!({"s": "héllo", "n": 3, "l": [1, "a", null], "m": {"k": "v"}});
    let vars = vars.as_object().cloned().unwrap_or_default();
    let first = template.render_json(&vars, &options);
    if let Err(error) = &first {
        if error.source_name() == Some("f") {
            if let Some(span) = error.span() {
                check_span(text, span);
            }
        }
        let _ = error.render();
    }
    let second = template.render_json(&vars, &options);
    assert_eq!(outcome(first), outcome(second), "rendering twice differs");
});
