//! java.util.LinkedHashMap methods templates call; keys follow Java `equals` (Integer 1 is not "1").
//! `keySet()`, `values()` and `entrySet()` return copies, which print and iterate as Java's views.

use std::rc::Rc;

use super::view::{MapView, ViewKind};
use super::{java, not_modelled, void, Dispatch, Signature};

fn view(kind: ViewKind, map: &Map) -> Value {
    Value::Object(Rc::new(MapView {
        kind,
        map: map.clone(),
    }))
}
use crate::render::value::{Key, Map, Value};

/// Public LinkedHashMap methods of JDK 17.
const JAVA_METHODS: &[Signature] = &[
    ("clear", 0, 0),
    ("clone", 0, 0),
    ("compute", 2, 2),
    ("computeIfAbsent", 2, 2),
    ("computeIfPresent", 2, 2),
    ("containsKey", 1, 1),
    ("containsValue", 1, 1),
    ("entrySet", 0, 0),
    ("equals", 1, 1),
    ("forEach", 1, 1),
    ("get", 1, 1),
    ("getOrDefault", 2, 2),
    ("hashCode", 0, 0),
    ("isEmpty", 0, 0),
    ("keySet", 0, 0),
    ("merge", 3, 3),
    ("put", 2, 2),
    ("putAll", 1, 1),
    ("putIfAbsent", 2, 2),
    ("remove", 1, 2),
    ("replace", 2, 3),
    ("replaceAll", 1, 1),
    ("size", 0, 0),
    ("toString", 0, 0),
    ("values", 0, 0),
    ("getClass", 0, 0),
    ("notify", 0, 0),
    ("notifyAll", 0, 0),
    ("wait", 0, 2),
];

/// Names modelled with every overload templates can reach.
const MODELLED: &[&str] = &[
    "get",
    "getOrDefault",
    "put",
    "putIfAbsent",
    "containsKey",
    "containsValue",
    "size",
    "isEmpty",
    "keySet",
    "values",
    "entrySet",
    "putAll",
    "clear",
    "clone",
    "equals",
    "hashCode",
    "toString",
];

/// `$map.name(args)`.
pub fn call(map: &Map, name: &str, args: &[Value]) -> Dispatch {
    let value = match (name, args) {
        ("get", [key]) => map
            .borrow()
            .get(&Key(key.clone()))
            .cloned()
            .unwrap_or(Value::Null),
        ("getOrDefault", [key, default]) => map
            .borrow()
            .get(&Key(key.clone()))
            .cloned()
            .unwrap_or_else(|| default.clone()),
        ("put", [key, value]) => map
            .borrow_mut()
            .insert(Key(key.clone()), value.clone())
            .unwrap_or(Value::Null),
        ("putIfAbsent", [key, value]) => {
            let mut m = map.borrow_mut();
            let key = Key(key.clone());
            match m.get(&key) {
                Some(existing) if !existing.is_null() => existing.clone(),
                _ => {
                    m.insert(key, value.clone());
                    Value::Null
                }
            }
        }
        ("containsKey", [key]) => Value::Bool(map.borrow().contains_key(&Key(key.clone()))),
        ("containsValue", [value]) => {
            Value::Bool(map.borrow().values().any(|v| v.java_equals(value)))
        }
        ("remove", [key]) => map
            .borrow_mut()
            .shift_remove(&Key(key.clone()))
            .unwrap_or(Value::Null),
        ("size", []) => Value::Int(map.borrow().len() as i32),
        ("isEmpty", []) => Value::Bool(map.borrow().is_empty()),
        ("keySet", []) => view(ViewKind::Keys, map),
        ("values", []) => view(ViewKind::Values, map),
        ("entrySet", []) => view(ViewKind::Entries, map),
        ("putAll", [Value::Map(other)]) => {
            let entries: Vec<(Key, Value)> = other
                .borrow()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            map.borrow_mut().extend(entries);
            return void();
        }
        ("putAll", [Value::Null]) => return Err(java("java.lang.NullPointerException")),
        ("clear", []) => {
            map.borrow_mut().clear();
            return void();
        }
        ("clone", []) => Value::map(map.borrow().entries.clone()),
        ("replace", [key, value]) => {
            let mut m = map.borrow_mut();
            match m.get_mut(&Key(key.clone())) {
                Some(slot) => std::mem::replace(slot, value.clone()),
                None => Value::Null,
            }
        }
        _ if MODELLED.contains(&name) => return Ok(None),
        _ => return not_modelled("java.util.LinkedHashMap", JAVA_METHODS, name, args),
    };
    Ok(Some(value))
}
