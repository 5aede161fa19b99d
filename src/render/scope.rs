//! `$foreach`: the loop scope object of Velocity 1.7 (ForeachScope), with its Java getters.
//! One is created per loop; `parent` links it to the enclosing loop's scope.

use std::cell::Cell;

use super::value::{HostObject, Value};

/// The state `$foreach.index`, `.count`, `.hasNext`, `.first`, `.last` and `.parent` read.
#[derive(Debug)]
pub struct ForeachScope {
    /// Zero-based index of the current item (-1 before the first).
    pub index: Cell<i32>,
    /// Whether another item follows.
    pub has_next: Cell<bool>,
    /// The enclosing loop's `$foreach`, or null.
    pub parent: Value,
}

impl ForeachScope {
    /// A scope before its first item.
    pub fn new(parent: Value) -> ForeachScope {
        ForeachScope {
            index: Cell::new(-1),
            has_next: Cell::new(false),
            parent,
        }
    }

    fn topmost(&self) -> Value {
        let mut top = self.parent.clone();
        while let Value::Object(obj) = &top {
            match obj.property("parent") {
                Some(Value::Object(next)) => top = Value::Object(next),
                _ => break,
            }
        }
        top
    }
}

impl HostObject for ForeachScope {
    fn class_name(&self) -> &str {
        "org.apache.velocity.runtime.directive.ForeachScope"
    }

    fn property(&self, name: &str) -> Option<Value> {
        // Velocity's introspection: getX(), then isX() for booleans; the first letter's case is
        // free. Names almost always come lower-case already: only the others are rebuilt.
        let rebuilt;
        let lower = if name.starts_with(|c: char| c.is_ascii_uppercase()) {
            rebuilt = name
                .get(..1)
                .map(|f| f.to_ascii_lowercase() + name.get(1..).unwrap_or(""))
                .unwrap_or_default();
            rebuilt.as_str()
        } else {
            name
        };
        Some(match lower {
            "index" => Value::Int(self.index.get()),
            "count" => Value::Int(self.index.get() + 1),
            "hasNext" => Value::Bool(self.has_next.get()),
            "first" => Value::Bool(self.index.get() < 1),
            "last" => Value::Bool(!self.has_next.get()),
            "parent" => self.parent.clone(),
            "topmost" => {
                if self.parent.is_null() {
                    return None;
                }
                self.topmost()
            }
            _ => return None,
        })
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        if !args.is_empty() {
            return None;
        }
        let property = match name {
            "getIndex" => "index",
            "getCount" => "count",
            "hasNext" | "getHasNext" => "hasNext",
            "isFirst" | "getFirst" => "first",
            "isLast" | "getLast" => "last",
            "getParent" => "parent",
            "getTopmost" => "topmost",
            _ => return None,
        };
        self.property(property).map(Ok)
    }

    fn to_java_string(&self) -> String {
        "org.apache.velocity.runtime.directive.ForeachScope".to_string()
    }
}
