//! Fuzz target: arbitrary text as a template or as a host file (OpenAPI/CloudFormation JSON or
//! YAML, Terraform), linted with every rule: no panic, and every finding lies inside its file.
#![no_main]
use std::sync::Arc;

use apigw_vtl::lint::config::Config;
use apigw_vtl::lint::host;
use apigw_vtl::lint::run::lint_documents;
use apigw_vtl::lint::source::SourceFile;
use libfuzzer_sys::fuzz_target;

// The first byte picks the file kind and whether `--deep` renders run; the rest is the text.
const NAMES: [&str; 4] = ["t.vtl", "api.json", "template.yaml", "main.tf"];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let name = NAMES[usize::from(selector) % NAMES.len()];
    let file = Arc::new(SourceFile::new(name, text));
    let Ok(Some(document)) = host::read(file) else {
        return;
    };
    let mut config = Config::default();
    config.deep = selector & 0x80 != 0;
    for diagnostic in lint_documents(&[document], &config) {
        let text = &diagnostic.file.text;
        let range = diagnostic.range;
        assert!(range.start <= range.end && range.end <= text.len(), "{range:?} outside the file");
        assert!(
            text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
            "{range:?} splits a character"
        );
        assert!(!diagnostic.message.contains("failed on this input"), "{}", diagnostic.message);
    }
});
