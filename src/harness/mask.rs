//! Masks for volatile values (request ids, times) in `compare: "json"` cases: dotted paths whose
//! values are replaced by one marker on both sides, so they never count as a difference.

use serde_json::Value;

/// What a masked value is replaced with (also shown in diffs).
pub const MASKED: &str = "[masked]";

/// Parses `text` as JSON and masks it; `None` when it is not JSON.
pub fn parse_masked(text: &str, masks: &[String]) -> Option<Value> {
    let mut value = serde_json::from_str(text).ok()?;
    apply(&mut value, masks);
    Some(value)
}

/// Replaces the value at each dotted path (`a.b.0.c`; `*` is any key or index; a leading `$.` is
/// allowed) by [`MASKED`]. Paths that do not exist are ignored: a volatile field may be absent.
pub fn apply(value: &mut Value, masks: &[String]) {
    for mask in masks {
        let path = mask.strip_prefix("$.").unwrap_or(mask);
        let parts: Vec<&str> = path.split('.').collect();
        apply_path(value, &parts);
    }
}

fn apply_path(value: &mut Value, parts: &[&str]) {
    let Some((first, rest)) = parts.split_first() else {
        *value = Value::String(MASKED.to_string());
        return;
    };
    match value {
        Value::Object(map) if *first == "*" => map.values_mut().for_each(|v| apply_path(v, rest)),
        Value::Object(map) => {
            if let Some(v) = map.get_mut(*first) {
                apply_path(v, rest);
            }
        }
        Value::Array(items) if *first == "*" => items.iter_mut().for_each(|v| apply_path(v, rest)),
        Value::Array(items) => {
            if let Some(v) = first.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                apply_path(v, rest);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str, masks: &[&str]) -> String {
        let masks: Vec<String> = masks.iter().map(|m| m.to_string()).collect();
        parse_masked(text, &masks)
            .map(|v| v.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn masks_nested_keys_indexes_and_wildcards() {
        assert_eq!(
            masked(r#"{"a":{"id":1,"k":2}}"#, &["a.id"]),
            r#"{"a":{"id":"[masked]","k":2}}"#
        );
        assert_eq!(
            masked(r#"{"l":[{"t":1},{"t":2}]}"#, &["$.l.*.t"]),
            r#"{"l":[{"t":"[masked]"},{"t":"[masked]"}]}"#
        );
        assert_eq!(masked(r#"[5,6]"#, &["1"]), r#"[5,"[masked]"]"#);
    }

    #[test]
    fn missing_paths_are_ignored() {
        assert_eq!(masked(r#"{"a":1}"#, &["b.c", "a.x"]), r#"{"a":1}"#);
    }
}
