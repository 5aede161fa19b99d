//! JSON to Java values and back: objects become LinkedHashMap, arrays ArrayList, integers Integer,
//! Long or BigInteger by size, decimals Double (BigDecimal past a double's range).

use indexmap::IndexMap;

use super::java::number::from_json_number;
use super::ops::from_number;
use super::value::{Key, Value};

/// Converts parsed JSON into the values a Java JSON binding would give a template.
pub fn json_to_value(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => {
            let text = n.to_string();
            match from_json_number(&text) {
                Some(number) => from_number(number),
                None => Value::str(text),
            }
        }
        serde_json::Value::String(s) => Value::str(s.as_str()),
        serde_json::Value::Array(items) => Value::list(items.iter().map(json_to_value).collect()),
        serde_json::Value::Object(map) => {
            let mut out = IndexMap::with_capacity(map.len());
            for (k, v) in map {
                out.insert(Key::str(k.as_str()), json_to_value(v));
            }
            Value::map(out)
        }
    }
}

/// Converts a value to JSON for reports (`overrides` in batch results); strings for the rest.
pub fn value_to_json(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Int(v) => serde_json::Value::from(*v),
        Value::Long(v) => serde_json::Value::from(*v),
        Value::Double(d) => serde_json::Number::from_f64(*d)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        Value::BigInt(_) | Value::Decimal(_) => {
            let text = value.to_java_string();
            serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text))
        }
        Value::Str(s) => serde_json::Value::String(s.to_string()),
        Value::List(l) => {
            serde_json::Value::Array(l.borrow().items.iter().map(value_to_json).collect())
        }
        Value::Map(m) => serde_json::Value::Object(
            m.borrow()
                .iter()
                .map(|(k, v)| (k.0.to_java_string(), value_to_json(v)))
                .collect(),
        ),
        other => serde_json::Value::String(other.to_java_string()),
    }
}
