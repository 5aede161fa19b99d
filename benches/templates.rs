//! Criterion benchmarks over the eight API Gateway templates in `../shared/bench` (parse, render,
//! whole request, and the floor: parsing the body with serde_json plus copying the output bytes).
//!
//! Run quickly with:
//! `cargo bench --bench templates -- --warm-up-time 1 --measurement-time 2`
//! A group or template alone: `cargo bench --bench templates -- 'render/04'`.
//! Set `APIGW_VTL_BENCH_DIR` to read the templates from elsewhere.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use apigw_vtl::gateway::{self, Event};
use apigw_vtl::{RenderOptions, Template};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

/// One benchmark template with its event.
struct Case {
    name: String,
    template_text: String,
    event_text: String,
}

fn bench_dir() -> PathBuf {
    match std::env::var_os("APIGW_VTL_BENCH_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench"),
    }
}

fn load_cases() -> Vec<Case> {
    let dir = bench_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!(
            "skipping: no benchmark templates at {} (set APIGW_VTL_BENCH_DIR)",
            dir.display()
        );
        return Vec::new();
    };
    let mut cases: Vec<Case> = entries
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let template_text = std::fs::read_to_string(path.join("template.vtl")).ok()?;
            let event_text = std::fs::read_to_string(path.join("event.json")).ok()?;
            Some(Case {
                name: path.file_name()?.to_string_lossy().into_owned(),
                template_text,
                event_text,
            })
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// API Gateway's options without the 1000-iteration `#foreach` quota, which 04 exceeds.
fn options() -> RenderOptions {
    let mut options = RenderOptions::apigateway();
    options.limits.max_foreach_iterations = None;
    options
}

fn event_of(text: &str) -> Event {
    let json: serde_json::Value = serde_json::from_str(text).expect("event.json is JSON");
    Event::from_json(&json).expect("event.json is a REST proxy event")
}

fn benches(c: &mut Criterion) {
    let cases = load_cases();
    let options = options();

    let mut group = c.benchmark_group("parse");
    for case in &cases {
        group.bench_function(BenchmarkId::from_parameter(&case.name), |b| {
            b.iter(|| Template::parse("template.vtl", black_box(&case.template_text)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("render");
    for case in &cases {
        let template = Template::parse("template.vtl", &case.template_text).expect("parses");
        let event = event_of(&case.event_text);
        group.bench_function(BenchmarkId::from_parameter(&case.name), |b| {
            b.iter(|| gateway::render_request(&template, black_box(&event), &options))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("request");
    for case in &cases {
        let template = Template::parse("template.vtl", &case.template_text).expect("parses");
        group.bench_function(BenchmarkId::from_parameter(&case.name), |b| {
            b.iter(|| {
                let event = event_of(black_box(&case.event_text));
                gateway::render_request(&template, &event, &options).map(|r| r.output)
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("floor");
    for case in &cases {
        let template = Template::parse("template.vtl", &case.template_text).expect("parses");
        let event = event_of(&case.event_text);
        let expected = gateway::render_request(&template, &event, &options)
            .expect("renders")
            .output;
        let body = event.body.clone();
        group.bench_function(BenchmarkId::from_parameter(&case.name), |b| {
            b.iter(|| {
                let parsed = serde_json::from_str::<serde_json::Value>(black_box(&body)).ok();
                let mut out = Vec::with_capacity(expected.len());
                out.extend_from_slice(black_box(expected.as_bytes()));
                (parsed, out)
            })
        });
    }
    group.finish();
}

criterion_group!(templates, benches);
criterion_main!(templates);
