//! The collections `keySet()`, `values()` and `entrySet()` return: a Set or Collection, not a
//! List, so `get(i)` and `[i]` find no method (Velocity prints the reference's source text).

use super::{not_modelled, Signature};
use std::rc::Rc;

use crate::render::value::{HostObject, Map, Value};

/// Which view of a map this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewKind {
    /// `keySet()`: `java.util.LinkedHashMap$LinkedKeySet`.
    Keys,
    /// `values()`: `java.util.LinkedHashMap$LinkedValues`.
    Values,
    /// `entrySet()`: `java.util.LinkedHashMap$LinkedEntrySet`.
    Entries,
}

/// A live view of a map's keys, values or entries, with the methods of Java's view classes:
/// it shows the map as it is when read, not as it was when `keySet()` was called.
#[derive(Debug)]
pub struct MapView {
    /// Which view.
    pub kind: ViewKind,
    /// The map viewed.
    pub map: Map,
}

impl MapView {
    /// The elements now, in iteration order.
    fn items(&self) -> Vec<Value> {
        let map = self.map.borrow();
        match self.kind {
            ViewKind::Keys => map.keys().map(|k| k.0.clone()).collect(),
            ViewKind::Values => map.values().cloned().collect(),
            ViewKind::Entries => map
                .iter()
                .map(|(k, v)| Value::Entry(Rc::new((k.0.clone(), v.clone()))))
                .collect(),
        }
    }
}

/// Public methods of Java's Set/Collection views (JDK 17).
const JAVA_METHODS: &[Signature] = &[
    ("size", 0, 0),
    ("isEmpty", 0, 0),
    ("contains", 1, 1),
    ("containsAll", 1, 1),
    ("iterator", 0, 0),
    ("toArray", 0, 1),
    ("remove", 1, 1),
    ("removeAll", 1, 1),
    ("removeIf", 1, 1),
    ("retainAll", 1, 1),
    ("clear", 0, 0),
    ("add", 1, 1),
    ("addAll", 1, 1),
    ("forEach", 1, 1),
    ("spliterator", 0, 0),
    ("stream", 0, 0),
    ("parallelStream", 0, 0),
    ("equals", 1, 1),
    ("hashCode", 0, 0),
    ("toString", 0, 0),
    ("getClass", 0, 0),
];

impl HostObject for MapView {
    fn class_name(&self) -> &str {
        match self.kind {
            ViewKind::Keys => "java.util.LinkedHashMap$LinkedKeySet",
            ViewKind::Values => "java.util.LinkedHashMap$LinkedValues",
            ViewKind::Entries => "java.util.LinkedHashMap$LinkedEntrySet",
        }
    }

    fn property(&self, name: &str) -> Option<Value> {
        matches!(name, "empty" | "Empty").then(|| Value::Bool(self.map.borrow().is_empty()))
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let items = self.items();
        let position = |needle: &Value| items.iter().position(|v| v.java_equals(needle));
        Some(Ok(match (name, args) {
            ("size", []) => Value::Int(items.len() as i32),
            ("isEmpty", []) => Value::Bool(items.is_empty()),
            ("contains", [item]) => Value::Bool(position(item).is_some()),
            ("containsAll", [Value::List(other)]) => Value::Bool(
                other
                    .borrow()
                    .items
                    .iter()
                    .all(|item| position(item).is_some()),
            ),
            ("toString", []) => Value::str(self.to_java_string()),
            // An Object[] that Velocity wraps so it indexes and iterates like a list.
            ("toArray", []) => Value::list(items.clone()),
            ("hashCode", []) => Value::Int(
                items
                    .iter()
                    .fold(0i32, |h, v| h.wrapping_add(v.java_hash())),
            ),
            ("equals" | "getClass", _) => return None,
            _ => {
                return match not_modelled(self.class_name(), JAVA_METHODS, name, args) {
                    Ok(_) => None,
                    Err(super::CallError::Unsupported(message)) => Some(Err(message)),
                    Err(_) => None,
                }
            }
        }))
    }

    fn to_java_string(&self) -> String {
        Value::list(self.items()).to_java_string()
    }

    fn iterate(&self) -> Option<Vec<Value>> {
        Some(self.items())
    }
}
