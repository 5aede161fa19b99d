//! Property access, method calls and indexing on runtime values, as Velocity's introspection
//! resolves them; one table per Java type (string, list, map, number, boolean, entry).

mod list;
mod map;
mod number;
mod object;
mod string;
mod view;

use std::collections::HashMap;
use std::sync::Arc;

use super::eval::{Interrupt, Renderer};
use super::java::regex::JavaRegex;
use super::value::{Key, Value};

/// Why a call produced no value.
pub enum CallError {
    /// A Java exception: Velocity aborts the render (MethodInvocationException).
    Java(String),
    /// A Java method that exists but this engine does not implement: never guessed silently.
    Unsupported(String),
    /// Rendering inside the call was interrupted (a `#define` block that hit `#stop`).
    Interrupt(Interrupt),
}

/// A call's outcome: `Ok(None)` when the Java type has no such method (Velocity gives null).
pub type Dispatch = Result<Option<Value>, CallError>;

/// Compiled regexes: a pattern's compiled form depends on nothing else, and compiling costs far
/// more than a render's other work, so they are kept per thread across renders.
type Regexes = HashMap<Arc<str>, JavaRegex, super::value::FastHash>;

/// Patterns kept per thread before the cache starts over.
const MAX_CACHED_REGEXES: usize = 256;

thread_local! {
    static REGEXES: std::cell::RefCell<Regexes> = std::cell::RefCell::new(Regexes::default());
}

/// Per-render caches for values methods build from their arguments.
#[derive(Default)]
pub struct Cache {
    regexes: Regexes,
}

impl Cache {
    /// The compiled form of a Java regex, compiled once per thread.
    pub fn regex(&mut self, pattern: &str) -> Result<JavaRegex, CallError> {
        if let Some(re) = self.regexes.get(pattern) {
            return Ok(re.clone());
        }
        let shared = REGEXES.with(|cache| cache.borrow().get(pattern).cloned());
        let re = match shared {
            Some(re) => re,
            None => {
                let re = JavaRegex::new(pattern).map_err(|e| CallError::Java(e.to_string()))?;
                REGEXES.with(|cache| {
                    let mut cache = cache.borrow_mut();
                    if cache.len() >= MAX_CACHED_REGEXES {
                        cache.clear();
                    }
                    cache.insert(pattern.into(), re.clone());
                });
                re
            }
        };
        if self.regexes.len() >= MAX_CACHED_REGEXES {
            self.regexes.clear();
        }
        self.regexes.insert(pattern.into(), re.clone());
        Ok(re)
    }
}

/// What a `void` Java method returns through Velocity: the empty string.
fn void() -> Dispatch {
    Ok(Some(Value::str("")))
}

fn java(message: impl Into<String>) -> CallError {
    CallError::Java(message.into())
}

/// `(name, fewest, most)` arguments of a Java method; `VARARGS` for no upper bound.
pub type Signature = (&'static str, u8, u8);

/// Upper bound for varargs methods such as `String.format`.
pub const VARARGS: u8 = u8::MAX;

/// Whether the Java class (per `table`) has a method `name` taking `arity` arguments.
fn java_has(table: &[Signature], name: &str, arity: usize) -> bool {
    table
        .iter()
        .any(|(n, lo, hi)| *n == name && arity >= usize::from(*lo) && arity <= usize::from(*hi))
}

/// The fallback of every method table: a Java method we do not model is an explicit error;
/// a name or arity Java does not have gives null, as Velocity's introspection does.
fn not_modelled(class: &str, table: &[Signature], name: &str, args: &[Value]) -> Dispatch {
    // Methods of java.lang.Object are answered by the `object` table afterwards.
    let universal = matches!(name, "toString" | "equals" | "hashCode" | "getClass");
    if !universal && java_has(table, name, args.len()) {
        Err(unsupported(class, name))
    } else {
        Ok(None)
    }
}

fn unsupported(class: &str, name: &str) -> CallError {
    CallError::Unsupported(format!(
        "{class}.{name}() exists in Java but is not supported by apigw-vtl yet"
    ))
}

/// `$target.name`: getName(), then map get("name"), then isName(), as Velocity's uberspector.
pub fn property(r: &mut Renderer<'_>, target: &Value, name: &str) -> Result<Value, CallError> {
    if name == "class" || name == "Class" {
        return Ok(object::class_of(target));
    }
    // A map's entry, the common case (`$item.id`), before the checks only host objects need.
    if let Value::Map(map) = target {
        return Ok(map.borrow().get(name).cloned().unwrap_or(Value::Null));
    }
    if let Some(refusal) = object::refused_property(target, name) {
        return Err(CallError::Java(refusal));
    }
    let found = match target {
        Value::Str(s) => string::property(s, name),
        Value::List(list) => list::property(list, name),
        Value::Entry(entry) => match name {
            "key" | "Key" => Some(entry.0.clone()),
            "value" | "Value" => Some(entry.1.clone()),
            _ => None,
        },
        Value::Object(obj) if name == "package" || name == "Package" => {
            let _ = obj;
            object::package_of(target)
        }
        Value::Double(d) => match name {
            "naN" | "NaN" => Some(Value::Bool(d.is_nan())),
            "infinite" | "Infinite" => Some(Value::Bool(d.is_infinite())),
            _ => None,
        },
        Value::Object(obj) => obj.property(name),
        Value::Block(_) => {
            let _ = r;
            None
        }
        _ => None,
    };
    Ok(found.unwrap_or(Value::Null))
}

/// `$target.name(args)`.
pub fn call(
    r: &mut Renderer<'_>,
    target: &Value,
    name: &str,
    args: &[Value],
) -> Result<Value, CallError> {
    let found = match target {
        Value::Str(s) => string::call(r, s, name, args)?,
        Value::List(list) => list::call(list, name, args)?,
        Value::Map(map) => map::call(map, name, args)?,
        Value::Int(_)
        | Value::Long(_)
        | Value::Double(_)
        | Value::BigInt(_)
        | Value::Decimal(_) => number::call(target, name, args)?,
        Value::Char(c) => match (name, args) {
            ("charValue", []) => Some(Value::Char(*c)),
            ("compareTo", [Value::Char(o)]) => Some(Value::Int(*c as i32 - *o as i32)),
            _ => None,
        },
        Value::Bool(b) => match (name, args) {
            ("booleanValue", []) => Some(Value::Bool(*b)),
            ("compareTo", [Value::Bool(o)]) => Some(Value::Int((*b as i32) - (*o as i32))),
            _ => None,
        },
        Value::Entry(entry) => match (name, args) {
            ("getKey", []) => Some(entry.0.clone()),
            ("getValue", []) => Some(entry.1.clone()),
            ("setValue", [_]) => return Err(unsupported("java.util.Map.Entry", name)),
            _ => None,
        },
        Value::Object(obj) => match obj.call(name, args) {
            Some(result) => Some(result.map_err(CallError::Java)?),
            None => None,
        },
        Value::Block(_) => {
            if name == "toString" && args.is_empty() {
                let text = r.stringify(target).map_err(CallError::Interrupt)?;
                return Ok(Value::str(text));
            }
            None
        }
        Value::Null => None,
    };
    match found {
        Some(value) => Ok(value),
        None => Ok(object::call(target, name, args)?.unwrap_or(Value::Null)),
    }
}

/// A map method called on behalf of a host object that wraps a map (`$context`).
pub fn map_method(
    map: &super::value::Map,
    name: &str,
    args: &[Value],
) -> Result<Option<Value>, String> {
    match map::call(map, name, args) {
        Ok(found) => Ok(found),
        Err(CallError::Java(message) | CallError::Unsupported(message)) => Err(message),
        Err(CallError::Interrupt(_)) => Ok(None),
    }
}

/// `$target[key]`: list `get(int)` (negative counts from the end) or map `get(key)`.
pub fn index(target: &Value, key: Value) -> Result<Value, CallError> {
    match target {
        Value::List(list) => {
            let data = list.borrow();
            let Value::Int(i) = key else {
                return Ok(Value::Null);
            };
            let len = data.items.len() as i64;
            // ASTIndex.adjMinusIndexArg: -1 is the last element.
            let at = if i < 0 {
                len + i64::from(i)
            } else {
                i64::from(i)
            };
            match usize::try_from(at).ok().and_then(|at| data.items.get(at)) {
                Some(v) => Ok(v.clone()),
                None => Err(java(format!(
                    "Index out of bounds: java.lang.IndexOutOfBoundsException: Index {at} out of bounds for length {len}"
                ))),
            }
        }
        Value::Map(map) => Ok(map.borrow().get(&Key(key)).cloned().unwrap_or(Value::Null)),
        Value::Object(obj) => Ok(obj.index(&key).unwrap_or(Value::Null)),
        _ => Ok(Value::Null),
    }
}

/// `#set($target.name = value)`: map `put`, or a host object's setter; silently nothing otherwise.
pub fn set_property(target: &Value, name: &str, value: Value) -> Result<(), CallError> {
    match target {
        Value::Map(map) => {
            map.borrow_mut().insert(Key::str(name), value);
        }
        Value::Object(obj) => {
            obj.set_property(name, value);
        }
        _ => {}
    }
    Ok(())
}

/// `#set($target[key] = value)`: list `set(int, v)` or map `put(k, v)`.
pub fn set_index(target: &Value, key: Value, value: Value) -> Result<(), CallError> {
    match target {
        Value::List(list) => {
            let Value::Int(i) = key else { return Ok(()) };
            let mut data = list.borrow_mut();
            let len = data.items.len() as i64;
            let at = if i < 0 {
                len + i64::from(i)
            } else {
                i64::from(i)
            };
            match usize::try_from(at)
                .ok()
                .and_then(|at| data.items.get_mut(at))
            {
                Some(slot) => {
                    *slot = value;
                    Ok(())
                }
                None => Err(java(format!(
                    "java.lang.IndexOutOfBoundsException: Index {at} out of bounds for length {len}"
                ))),
            }
        }
        Value::Map(map) => {
            map.borrow_mut().insert(Key(key), value);
            Ok(())
        }
        Value::Object(obj) => {
            obj.set_index(&key, value);
            Ok(())
        }
        _ => Ok(()),
    }
}
