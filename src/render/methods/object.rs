//! What every Java object answers: `toString()`, `equals()`, `hashCode()` and `getClass()`.
//! `getClass()` gives a Class whose name can be read but which offers no reflection.
//!
//! Stock Velocity 1.7 lets `$x.class.forName('java.lang.Runtime').getRuntime()` reach the JVM;
//! Velocity's SecureIntrospectorImpl allows only `Class.getName()` on a Class. This engine goes
//! that way, but a refusal is an explicit error (Velocity's would print the reference's source
//! text), so a template that relies on reflection fails loudly instead of rendering wrongly.

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
            _ => Some(Err(refusal(name))),
        }
    }

    fn to_java_string(&self) -> String {
        format!("class {}", self.name)
    }
}

fn refusal(method: &str) -> String {
    format!("java.lang.Class.{method}() is refused: templates may not use reflection")
}

/// `$class.classLoader`, `$class.methods`, ...: every property of a Class but its names (and
/// `package`, `class`, which give more of the same) is refused like the getter it would call.
pub fn refused_property(target: &Value, name: &str) -> Option<String> {
    let Value::Object(obj) = target else {
        return None;
    };
    if obj.class_name() != "java.lang.Class" || obj.property(name).is_some() {
        return None;
    }
    if matches!(name, "package" | "Package" | "class" | "Class") {
        return None;
    }
    let mut getter = String::from("get");
    let mut chars = name.chars();
    if let Some(first) = chars.next() {
        getter.extend(first.to_uppercase());
        getter.push_str(chars.as_str());
    }
    Some(refusal(&getter))
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
