//! java.util.ArrayList methods templates call, with Java's exceptions and `void` results.
//! Indexes are `int` parameters: only Integer arguments match them, as Velocity's method map rules.

use super::{java, not_modelled, void, CallError, Dispatch, Signature};
use crate::render::value::{List, Value};

/// Public ArrayList methods of JDK 17.
const JAVA_METHODS: &[Signature] = &[
    ("add", 1, 2),
    ("addAll", 1, 2),
    ("clear", 0, 0),
    ("clone", 0, 0),
    ("contains", 1, 1),
    ("containsAll", 1, 1),
    ("ensureCapacity", 1, 1),
    ("equals", 1, 1),
    ("forEach", 1, 1),
    ("get", 1, 1),
    ("hashCode", 0, 0),
    ("indexOf", 1, 1),
    ("isEmpty", 0, 0),
    ("iterator", 0, 0),
    ("lastIndexOf", 1, 1),
    ("listIterator", 0, 1),
    ("remove", 1, 1),
    ("removeAll", 1, 1),
    ("removeIf", 1, 1),
    ("replaceAll", 1, 1),
    ("retainAll", 1, 1),
    ("set", 2, 2),
    ("size", 0, 0),
    ("sort", 1, 1),
    ("spliterator", 0, 0),
    ("subList", 2, 2),
    ("toArray", 0, 1),
    ("toString", 0, 0),
    ("trimToSize", 0, 0),
    ("stream", 0, 0),
    ("parallelStream", 0, 0),
    ("getClass", 0, 0),
    ("notify", 0, 0),
    ("notifyAll", 0, 0),
    ("wait", 0, 2),
];

/// Names modelled with every overload templates can reach.
const MODELLED: &[&str] = &[
    "size",
    "isEmpty",
    "get",
    "add",
    "set",
    "remove",
    "contains",
    "indexOf",
    "lastIndexOf",
    "clear",
    "addAll",
    "containsAll",
    "subList",
    "clone",
    "equals",
    "hashCode",
    "toString",
];

/// `$list.empty` (isEmpty); other names are no property of a list.
pub fn property(list: &List, name: &str) -> Option<Value> {
    match name {
        "empty" | "Empty" => Some(Value::Bool(list.borrow().items.is_empty())),
        _ => None,
    }
}

fn out_of_bounds(index: i64, len: usize) -> CallError {
    java(format!(
        "java.lang.IndexOutOfBoundsException: Index {index} out of bounds for length {len}"
    ))
}

fn position(list: &List, needle: &Value) -> Option<usize> {
    list.borrow()
        .items
        .iter()
        .position(|v| v.java_equals(needle))
}

/// `$list.name(args)`.
pub fn call(list: &List, name: &str, args: &[Value]) -> Dispatch {
    let value = match (name, args) {
        ("size", []) => Value::Int(list.borrow().items.len() as i32),
        ("isEmpty", []) => Value::Bool(list.borrow().items.is_empty()),
        ("get", [Value::Int(i)]) => {
            let data = list.borrow();
            return match usize::try_from(*i).ok().and_then(|i| data.items.get(i)) {
                Some(v) => Ok(Some(v.clone())),
                None => Err(out_of_bounds(i64::from(*i), data.items.len())),
            };
        }
        ("add", [item]) => {
            let mut data = list.borrow_mut();
            data.items.push(item.clone());
            data.mod_count += 1;
            Value::Bool(true)
        }
        ("add", [Value::Int(i), item]) => {
            let mut data = list.borrow_mut();
            let len = data.items.len();
            match usize::try_from(*i).ok().filter(|i| *i <= len) {
                Some(at) => {
                    data.items.insert(at, item.clone());
                    data.mod_count += 1;
                }
                None => return Err(out_of_bounds(i64::from(*i), len)),
            }
            return void();
        }
        ("set", [Value::Int(i), item]) => {
            let mut data = list.borrow_mut();
            let len = data.items.len();
            match usize::try_from(*i).ok().and_then(|i| data.items.get_mut(i)) {
                Some(slot) => std::mem::replace(slot, item.clone()),
                None => return Err(out_of_bounds(i64::from(*i), len)),
            }
        }
        // remove(int) wins over remove(Object) for an Integer argument.
        ("remove", [Value::Int(i)]) => {
            let mut data = list.borrow_mut();
            let len = data.items.len();
            match usize::try_from(*i).ok().filter(|i| *i < len) {
                Some(at) => {
                    data.mod_count += 1;
                    data.items.remove(at)
                }
                None => return Err(out_of_bounds(i64::from(*i), len)),
            }
        }
        ("remove", [item]) => match position(list, item) {
            Some(at) => {
                let mut data = list.borrow_mut();
                data.items.remove(at);
                data.mod_count += 1;
                Value::Bool(true)
            }
            None => Value::Bool(false),
        },
        ("contains", [item]) => Value::Bool(position(list, item).is_some()),
        ("indexOf", [item]) => Value::Int(position(list, item).map_or(-1, |i| i as i32)),
        ("lastIndexOf", [item]) => Value::Int(
            list.borrow()
                .items
                .iter()
                .rposition(|v| v.java_equals(item))
                .map_or(-1, |i| i as i32),
        ),
        ("clear", []) => {
            let mut data = list.borrow_mut();
            data.items.clear();
            data.mod_count += 1;
            return void();
        }
        ("addAll", [other]) => {
            let items = collection_items(other)?;
            let mut data = list.borrow_mut();
            let changed = !items.is_empty();
            data.items.extend(items);
            data.mod_count += 1;
            Value::Bool(changed)
        }
        ("addAll", [Value::Int(i), other]) => {
            let items = collection_items(other)?;
            let mut data = list.borrow_mut();
            let len = data.items.len();
            let Some(at) = usize::try_from(*i).ok().filter(|i| *i <= len) else {
                return Err(out_of_bounds(i64::from(*i), len));
            };
            let changed = !items.is_empty();
            data.items.splice(at..at, items);
            data.mod_count += 1;
            Value::Bool(changed)
        }
        ("containsAll", [other]) => {
            let items = collection_items(other)?;
            Value::Bool(items.iter().all(|item| position(list, item).is_some()))
        }
        ("subList", [Value::Int(from), Value::Int(to)]) => {
            let data = list.borrow();
            let len = data.items.len();
            let (Ok(a), Ok(b)) = (usize::try_from(*from), usize::try_from(*to)) else {
                return Err(java(format!(
                    "java.lang.IndexOutOfBoundsException: fromIndex = {from}"
                )));
            };
            if b > len {
                return Err(java(format!(
                    "java.lang.IndexOutOfBoundsException: toIndex = {to}"
                )));
            }
            if a > b {
                return Err(java(format!(
                    "java.lang.IllegalArgumentException: fromIndex({from}) > toIndex({to})"
                )));
            }
            Value::list(
                data.items
                    .get(a..b)
                    .map(<[Value]>::to_vec)
                    .unwrap_or_default(),
            )
        }
        ("clone", []) => Value::list(list.borrow().items.clone()),
        // An Object[] that Velocity wraps so it indexes and iterates like a list.
        ("toArray", []) => Value::list(list.borrow().items.clone()),
        _ if MODELLED.contains(&name) => return Ok(None),
        _ => return not_modelled("java.util.ArrayList", JAVA_METHODS, name, args),
    };
    Ok(Some(value))
}

/// The elements of a Collection argument (a list, or a map's values are not a Collection).
fn collection_items(value: &Value) -> Result<Vec<Value>, CallError> {
    match value {
        Value::List(l) => Ok(l.borrow().items.clone()),
        Value::Object(o) if o.iterate().is_some() => Ok(o.iterate().unwrap_or_default()),
        Value::Null => Err(java("java.lang.NullPointerException")),
        other => Err(java(format!(
            "java.lang.IllegalArgumentException: {} is not a Collection",
            other.class_name()
        ))),
    }
}
