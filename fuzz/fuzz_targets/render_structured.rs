//! Fuzz target: a template rendered over arbitrary variables (nested maps, lists, strings and
//! numbers of every Java type) never panics, hangs or grows without bound, in both profiles.
#![no_main]
use apigw_vtl::{Limits, RenderOptions, Template};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

/// A JSON value as the fuzzer builds it; numbers become Integer, Long, BigInteger or Double.
#[derive(Arbitrary, Debug)]
enum Var {
    Null,
    Bool(bool),
    Int(i32),
    Long(i64),
    Big(u128),
    Double(f64),
    Str(String),
    List(Vec<Var>),
    Map(Vec<(String, Var)>),
}

#[derive(Arbitrary, Debug)]
struct Input {
    template: String,
    vars: Vec<(String, Var)>,
}

/// JSON for `var`, cut off below a fixed depth so conversion stays cheap.
fn to_json(var: &Var, depth: usize) -> serde_json::Value {
    use serde_json::Value;
    if depth > 24 {
        return Value::Null;
    }
    match var {
        Var::Null => Value::Null,
        Var::Bool(b) => Value::Bool(*b),
        Var::Int(n) => Value::from(*n),
        Var::Long(n) => Value::from(*n),
        Var::Big(n) => serde_json::from_str(&n.to_string()).unwrap_or(Value::Null),
        Var::Double(d) => serde_json::Number::from_f64(*d).map_or(Value::Null, Value::Number),
        Var::Str(s) => Value::String(s.clone()),
        Var::List(items) => Value::Array(items.iter().map(|v| to_json(v, depth + 1)).collect()),
        Var::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), to_json(v, depth + 1)))
                .collect(),
        ),
    }
}

fuzz_target!(|input: Input| {
    let Ok(template) = Template::parse("f", &input.template) else {
        return;
    };
    let vars: serde_json::Map<String, serde_json::Value> = input
        .vars
        .iter()
        .map(|(k, v)| (k.clone(), to_json(v, 0)))
        .collect();
    let limits = Limits {
        fuel: Some(20_000),
        max_output_bytes: 1 << 16,
        max_range_items: 10_000,
        ..Limits::default()
    };
    let velocity = RenderOptions {
        limits: limits.clone(),
        ..RenderOptions::default()
    };
    let _ = template.render_json(&vars, &velocity);
    let mut gateway = RenderOptions::apigateway();
    gateway.limits = Limits {
        max_foreach_iterations: gateway.limits.max_foreach_iterations,
        ..limits
    };
    let _ = template.render_json(&vars, &gateway);
});
