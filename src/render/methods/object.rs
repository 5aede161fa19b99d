//! What every Java object answers: `toString()`, `equals()`, `hashCode()` and `getClass()`.
//! `getClass()` gives a Class whose name can be read but which offers no reflection.

use super::{CallError, Dispatch};
use crate::render::value::{HostObject, Value};
use std::rc::Rc;

/// `java.lang.Class` as far as templates may see it: its name, nothing that reaches the JVM.
#[derive(Debug)]
pub struct ClassObject {
    name: String,
}

impl HostObject for ClassObject {
    fn class_name(&self) -> &str {
        "java.lang.Class"
    }

    fn property(&self, name: &str) -> Option<Value> {
        match name {
            "name" | "Name" | "typeName" => Some(Value::str(self.name.as_str())),
            "simpleName" | "SimpleName" => Some(Value::str(self.simple_name())),
            _ => None,
        }
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        match (name, args) {
            ("getName", []) | ("getTypeName", []) => Some(Ok(Value::str(self.name.as_str()))),
            ("getSimpleName", []) => Some(Ok(Value::str(self.simple_name()))),
            ("toString", []) => Some(Ok(Value::str(self.to_java_string()))),
            // Reflection would let a template reach the JVM; the secure introspector refuses it.
            _ => Some(Err(format!(
                "java.lang.Class.{name}() is refused: templates may not use reflection"
            ))),
        }
    }

    fn to_java_string(&self) -> String {
        format!("class {}", self.name)
    }
}

impl ClassObject {
    fn simple_name(&self) -> &str {
        self.name.rsplit(['.', '$']).next().unwrap_or(&self.name)
    }
}

/// `$class.package`: a Package with a name, for the class objects this module makes.
pub fn package_of(class: &Value) -> Option<Value> {
    let Value::Object(obj) = class else {
        return None;
    };
    if obj.class_name() != "java.lang.Class" {
        return None;
    }
    let name = obj.to_java_string();
    let qualified = name.strip_prefix("class ").unwrap_or(&name);
    let package = qualified.rsplit_once('.').map_or("", |(p, _)| p);
    Some(Value::Object(Rc::new(PackageObject {
        name: package.to_string(),
    })))
}

/// `java.lang.Package`: its name only.
#[derive(Debug)]
pub struct PackageObject {
    name: String,
}

impl HostObject for PackageObject {
    fn class_name(&self) -> &str {
        "java.lang.Package"
    }

    fn property(&self, name: &str) -> Option<Value> {
        matches!(name, "name" | "Name").then(|| Value::str(self.name.as_str()))
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        match (name, args) {
            ("getName", []) => Some(Ok(Value::str(self.name.as_str()))),
            _ => None,
        }
    }

    fn to_java_string(&self) -> String {
        format!("package {}", self.name)
    }
}

/// `$x.class` / `$x.getClass()`.
pub fn class_of(value: &Value) -> Value {
    if value.is_null() {
        return Value::Null;
    }
    Value::Object(Rc::new(ClassObject {
        name: value.class_name().to_string(),
    }))
}

/// Methods every object has; `Ok(None)` when `name` is not one of them.
pub fn call(target: &Value, name: &str, args: &[Value]) -> Dispatch {
    Ok(Some(match (name, args) {
        ("toString", []) => Value::str(target.to_java_string()),
        ("equals", [other]) => Value::Bool(target.java_equals(other)),
        ("hashCode", []) => Value::Int(target.java_hash()),
        ("getClass", []) => class_of(target),
        ("wait" | "notify" | "notifyAll", _) => {
            return Err(CallError::Unsupported(format!(
                "{}.{name}() is not available to templates",
                target.class_name()
            )))
        }
        _ => return Ok(None),
    }))
}
