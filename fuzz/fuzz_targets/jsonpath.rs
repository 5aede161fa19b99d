//! Fuzz target: any JSONPath over a small fixed document, and over any JSON text (after a
//! \u{1} byte), compiles or fails cleanly and reads without a panic, in both output forms.
#![no_main]
use apigw_vtl::gateway::jsonpath::{read_path, JsonPath};
use apigw_vtl::gateway::smartjson::{self, SmartJson};
use libfuzzer_sys::fuzz_target;

const DOCUMENT: &str = r#"{"store": {"book": [{"title": "A", "price": 8.95, "tags": ["x", "y"]},
{"title": "B", "price": 12, "isbn": null}], "bicycle": {"color": "red", "price": 19.95}},
"n": [1, -2, 3.5e3, 9007199254740993], "s": "text", "e": {}, "a": [], "t": true}"#;

fn read_both_ways(doc: &SmartJson, path: &str) {
    if let Ok(result) = read_path(doc, path) {
        let _ = format!("{result:?}");
    }
    if let Ok(compiled) = JsonPath::compile(path) {
        let _ = compiled.is_definite();
        if let Ok(found) = compiled.read_ref(doc) {
            let _ = format!("{found:?}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (path, document) = text.split_once('\u{1}').unwrap_or((text, DOCUMENT));
    let Ok(doc) = smartjson::parse(document) else {
        return;
    };
    let _ = smartjson::to_json_compress(&doc);
    let _ = smartjson::to_json_default(&doc);
    read_both_ways(&doc, path);
});
