//! java.util.LinkedHashMap methods templates call; keys follow Java `equals` (Integer 1 is not "1").
//! `keySet()`, `values()` and `entrySet()` return copies, which print and iterate as Java's views.

use std::rc::Rc;

use super::{java, unsupported, void, Dispatch};
use crate::render::value::{Key, Map, Value};

/// Every public LinkedHashMap method name (JDK 17).
const JAVA_METHODS: &[&str] = &[
    "clear",
    "clone",
    "compute",
    "computeIfAbsent",
    "computeIfPresent",
    "containsKey",
    "containsValue",
    "entrySet",
    "equals",
    "forEach",
    "get",
    "getOrDefault",
    "hashCode",
    "isEmpty",
    "keySet",
    "merge",
    "put",
    "putAll",
    "putIfAbsent",
    "remove",
    "replace",
    "replaceAll",
    "size",
    "toString",
    "values",
    "getClass",
    "notify",
    "notifyAll",
    "wait",
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
        ("keySet", []) => Value::list(map.borrow().keys().map(|k| k.0.clone()).collect()),
        ("values", []) => Value::list(map.borrow().values().cloned().collect()),
        ("entrySet", []) => Value::list(
            map.borrow()
                .iter()
                .map(|(k, v)| Value::Entry(Rc::new((k.0.clone(), v.clone()))))
                .collect(),
        ),
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
        ("clone", []) => Value::map(map.borrow().clone()),
        ("replace", [key, value]) => {
            let mut m = map.borrow_mut();
            match m.get_mut(&Key(key.clone())) {
                Some(slot) => std::mem::replace(slot, value.clone()),
                None => Value::Null,
            }
        }
        _ => {
            if JAVA_METHODS.contains(&name)
                && !matches!(name, "equals" | "hashCode" | "toString" | "getClass")
            {
                return Err(unsupported("java.util.LinkedHashMap", name));
            }
            return Ok(None);
        }
    };
    Ok(Some(value))
}
