//! Deeply nested templates fail with a located limit error, and the deepest accepted nesting
//! parses and renders within a 1 MiB stack (a browser's wasm stack), in debug builds too.

use apigw_vtl::{ErrorKind, RenderOptions, Template};

fn render_on_small_stack(template: String) -> Result<String, (ErrorKind, String)> {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            Template::parse("deep.vtl", &template)
                .and_then(|t| t.render_json(&serde_json::Map::new(), &RenderOptions::default()))
                .map_err(|e| (e.kind(), e.to_string()))
        })
        .expect("thread starts")
        .join()
        .expect("no stack overflow")
}

#[test]
fn nesting_at_the_limit_renders_on_a_one_mebibyte_stack() {
    let depth = 60;
    let parens = format!("#set($x = {}1{})$x", "(".repeat(depth), ")".repeat(depth));
    assert_eq!(render_on_small_stack(parens), Ok("1".to_string()));
    // `#if(` counts twice: the block and its parenthesis.
    let ifs = format!(
        "{}x{}",
        "#if(true)".repeat(depth / 2),
        "#end".repeat(depth / 2)
    );
    assert_eq!(render_on_small_stack(ifs), Ok("x".to_string()));
    let lists = format!("#set($x = {}1{})$x", "[".repeat(depth), "]".repeat(depth));
    let expected = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    assert_eq!(render_on_small_stack(lists), Ok(expected));
}

#[test]
fn hostile_nesting_is_a_limit_error_not_a_crash() {
    for template in [
        format!("#set($x = {}1{})", "(".repeat(100_000), ")".repeat(100_000)),
        format!("{}x{}", "#if(true)".repeat(100_000), "#end".repeat(100_000)),
        format!("#set($x = {}{})", "[".repeat(100_000), "]".repeat(100_000)),
        "#foreach($i in [1])".repeat(50_000),
    ] {
        let result = render_on_small_stack(template);
        match result {
            Err((ErrorKind::Limit, message)) => {
                assert!(message.contains("nest deeper than"), "{message}")
            }
            other => panic!("expected a nesting limit error, got {other:?}"),
        }
    }
}
