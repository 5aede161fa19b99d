//! JSON to Java values and back: objects become LinkedHashMap, arrays ArrayList, integers Integer,
//! Long or BigInteger by size, decimals Double (BigDecimal past a double's range); and the compact
//! JSON text json-smart prints for arrays from `$input.path` and `$util.parseJson`.

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
            let mut out = IndexMap::with_capacity_and_hasher(map.len(), Default::default());
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

/// Compact JSON of a value as json-smart's `JSONArray.toString()` writes it: no spaces, numbers
/// as Java prints them, and `/` escaped as `\/` (json-smart's default style protects it).
pub fn json_text(value: &Value) -> String {
    let mut out = String::new();
    write_json(&mut out, value, 0);
    out
}

/// Nesting beyond this prints as `null`, so a cyclic structure cannot recurse forever.
const JSON_DEPTH_LIMIT: usize = 512;

fn write_json(out: &mut String, value: &Value, depth: usize) {
    if depth > JSON_DEPTH_LIMIT {
        out.push_str("null");
        return;
    }
    match value {
        Value::Null => out.push_str("null"),
        Value::Str(s) => write_json_string(out, s),
        Value::Char(c) => write_json_string(out, c.encode_utf8(&mut [0; 4])),
        Value::List(list) => {
            let Ok(list) = list.try_borrow() else {
                out.push_str("null");
                return;
            };
            out.push('[');
            for (i, item) in list.items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(out, item, depth + 1);
            }
            out.push(']');
        }
        Value::Map(map) => {
            let Ok(map) = map.try_borrow() else {
                out.push_str("null");
                return;
            };
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_string(out, &k.0.to_java_string());
                out.push(':');
                write_json(out, v, depth + 1);
            }
            out.push('}');
        }
        // Numbers and booleans print as Java's toString; anything else as a JSON string.
        Value::Bool(_)
        | Value::Int(_)
        | Value::Long(_)
        | Value::BigInt(_)
        | Value::Double(_)
        | Value::Decimal(_) => out.push_str(&value.to_java_string()),
        other => write_json_string(out, &other.to_java_string()),
    }
}

fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // json-smart also protects U+007F–U+009F and U+2000–U+20FF (line separators, €).
            c if (c as u32) < 0x20
                || (0x7f..=0x9f).contains(&(c as u32))
                || (0x2000..=0x20ff).contains(&(c as u32)) =>
            {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
