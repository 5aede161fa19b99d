//! Runtime values as Java sees them: String, Integer, Long, BigInteger, Double, Boolean, null,
//! ArrayList and LinkedHashMap (shared and mutable, as Java references are), plus host objects.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::rc::Rc;
use std::sync::Arc;

use indexmap::IndexMap;
use num_bigint::BigInt;

use super::java::number::{java_double_to_string, JavaBigDecimal};
use crate::syntax::ast::Block;

/// A Java `String`: immutable and cheap to share.
pub type Str = Arc<str>;

/// The hasher of the engine's own maps: much cheaper than SipHash on short keys. Iteration order
/// never depends on it (maps keep insertion order, as LinkedHashMap does).
pub type FastHash = foldhash::fast::RandomState;

/// The entries of a LinkedHashMap: insertion-ordered, keyed by Java value.
pub type Entries = IndexMap<Key, Value, FastHash>;

/// A Java `ArrayList`, shared by every reference to it.
pub type List = Rc<RefCell<ListData>>;

/// A Java `LinkedHashMap` (insertion order), shared by every reference to it.
pub type Map = Rc<RefCell<MapData>>;

/// How a collection prints with `toString()`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Java's AbstractCollection/AbstractMap format: `[a, b]`, `{k=v}`.
    #[default]
    Java,
    /// Compact JSON, as json-smart's JSONArray prints (arrays from `$input.path`, `$util.parseJson`).
    Json,
    /// Prints as the empty string (the nested maps of API Gateway's `$context`).
    Opaque,
}

/// The elements of a list and a modification count (for `ConcurrentModificationException`).
#[derive(Debug, Default, Clone)]
pub struct ListData {
    /// The elements.
    pub items: Vec<Value>,
    /// Bumped on every structural change, as `ArrayList.modCount` is.
    pub mod_count: u64,
    /// How the list prints.
    pub style: Style,
}

/// The entries of a map, in insertion order, and how the map prints.
#[derive(Debug, Default, Clone)]
pub struct MapData {
    /// The entries.
    pub entries: Entries,
    /// How the map prints.
    pub style: Style,
}

impl std::ops::Deref for MapData {
    type Target = Entries;
    fn deref(&self) -> &Entries {
        &self.entries
    }
}

impl std::ops::DerefMut for MapData {
    fn deref_mut(&mut self) -> &mut Entries {
        &mut self.entries
    }
}

/// A runtime value.
#[derive(Clone, Debug, Default)]
pub enum Value {
    /// Java `null` (also what an undefined reference evaluates to).
    #[default]
    Null,
    /// `java.lang.Boolean`.
    Bool(bool),
    /// `java.lang.Integer`.
    Int(i32),
    /// `java.lang.Long`.
    Long(i64),
    /// `java.math.BigInteger`.
    BigInt(Rc<BigInt>),
    /// `java.lang.Double`.
    Double(f64),
    /// `java.math.BigDecimal` (BigInteger mixed with Double, or huge JSON decimals).
    Decimal(Rc<JavaBigDecimal>),
    /// `java.lang.String`.
    Str(Str),
    /// `java.lang.Character` (from `charAt`, `toCharArray`): prints like a String but does not
    /// concatenate with `+`.
    Char(char),
    /// `java.util.ArrayList`.
    List(List),
    /// `java.util.LinkedHashMap`.
    Map(Map),
    /// `java.util.Map.Entry` from `entrySet()`.
    Entry(Rc<(Value, Value)>),
    /// A `#define` block: rendering it renders the block in the current context.
    Block(Rc<BlockRef>),
    /// An object provided by the host (`$input`, `$util`, `$foreach`, ...).
    Object(Rc<dyn HostObject>),
}

/// A `#define` block or a block macro's `$bodyContent` (Velocity's Block.Reference): rendering it
/// renders the block, at most `max_depth` levels inside itself; deeper, it reads as null.
#[derive(Debug)]
pub struct BlockRef {
    /// The block's nodes.
    pub body: Arc<Block>,
    /// `directive.define.max.depth` (2) or, for `$bodyContent`, `velocimacro.max.depth` (20).
    pub max_depth: u32,
    /// How many renders of this reference are in progress.
    pub depth: std::cell::Cell<u32>,
}

impl BlockRef {
    /// A reference to `body` that may render `max_depth` levels deep.
    pub fn value(body: Arc<Block>, max_depth: u32) -> Value {
        Value::Block(Rc::new(BlockRef {
            body,
            max_depth,
            depth: std::cell::Cell::new(0),
        }))
    }
}

/// Objects whose properties and methods are implemented in Rust (gateway variables, loop scopes).
pub trait HostObject: std::fmt::Debug {
    /// The Java class name shown in messages.
    fn class_name(&self) -> &str;
    /// `$obj.name`: `None` when the object has no such property.
    fn property(&self, name: &str) -> Option<Value>;
    /// `$obj.name(args)`: `None` when the object has no such method.
    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>>;
    /// What `toString()` gives.
    fn to_java_string(&self) -> String;
    /// `#set($obj.name = value)`: true when the object took the value.
    fn set_property(&self, _name: &str, _value: Value) -> bool {
        false
    }
    /// The elements `#foreach` visits, when the object is iterable.
    fn iterate(&self) -> Option<Vec<Value>> {
        None
    }
    /// `$obj[key]`: `None` when the object cannot be indexed.
    fn index(&self, _key: &Value) -> Option<Value> {
        None
    }
    /// `#set($obj[key] = value)`: true when the object took the value.
    fn set_index(&self, _key: &Value, _value: Value) -> bool {
        false
    }
}

impl Value {
    /// A Java String value.
    pub fn str(text: impl Into<Str>) -> Value {
        Value::Str(text.into())
    }

    /// A new ArrayList holding `items`.
    pub fn list(items: Vec<Value>) -> Value {
        Value::styled_list(items, Style::Java)
    }

    /// A new list that prints in the given style.
    pub fn styled_list(items: Vec<Value>, style: Style) -> Value {
        Value::List(Rc::new(RefCell::new(ListData {
            items,
            mod_count: 0,
            style,
        })))
    }

    /// A new LinkedHashMap holding `entries` in order.
    pub fn map(entries: Entries) -> Value {
        Value::styled_map(entries, Style::Java)
    }

    /// A new map that prints in the given style.
    pub fn styled_map(entries: Entries, style: Style) -> Value {
        Value::Map(Rc::new(RefCell::new(MapData { entries, style })))
    }

    /// True for Java `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// True for Integer, Long, BigInteger and Double.
    pub fn is_number(&self) -> bool {
        matches!(
            self,
            Value::Int(_)
                | Value::Long(_)
                | Value::BigInt(_)
                | Value::Double(_)
                | Value::Decimal(_)
        )
    }

    /// The Java class name, for messages and `getClass()`.
    pub fn class_name(&self) -> &str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "java.lang.Boolean",
            Value::Int(_) => "java.lang.Integer",
            Value::Long(_) => "java.lang.Long",
            Value::BigInt(_) => "java.math.BigInteger",
            Value::Double(_) => "java.lang.Double",
            Value::Decimal(_) => "java.math.BigDecimal",
            Value::Str(_) => "java.lang.String",
            Value::Char(_) => "java.lang.Character",
            Value::List(_) => "java.util.ArrayList",
            Value::Map(_) => "java.util.LinkedHashMap",
            Value::Entry(_) => "java.util.LinkedHashMap$Entry",
            Value::Block(_) => "org.apache.velocity.runtime.directive.Block$Reference",
            Value::Object(o) => o.class_name(),
        }
    }

    /// The value as a 32-bit int where Java would unbox it for an `int` parameter.
    pub fn as_int(&self) -> Option<i32> {
        match self {
            Value::Int(v) => Some(*v),
            _ => None,
        }
    }

    /// The string content, for Java Strings only.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Java's `String.valueOf(value)`; blocks print their source-free placeholder here and are
    /// rendered by the evaluator instead.
    pub fn to_java_string(&self) -> String {
        let mut out = String::new();
        write_java(&mut out, self, 0);
        out
    }

    /// Appends `String.valueOf(value)` to `out` (no intermediate string).
    pub fn write_java_string(&self, out: &mut String) {
        write_java(out, self, 0);
    }

    /// Java `equals`: same class and same content (`Integer 1` differs from `Long 1`).
    pub fn java_equals(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Long(a), Value::Long(b)) => a == b,
            (Value::BigInt(a), Value::BigInt(b)) => a == b,
            // Double.equals compares bit patterns: NaN equals NaN, 0.0 differs from -0.0.
            (Value::Double(a), Value::Double(b)) => a.to_bits() == b.to_bits(),
            // BigDecimal.equals also compares the scale: 1.0 differs from 1.00.
            (Value::Decimal(a), Value::Decimal(b)) => {
                a.unscaled() == b.unscaled() && a.scale() == b.scale()
            }
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Char(a), Value::Char(b)) => a == b,
            (Value::List(a), Value::List(b)) => {
                Rc::ptr_eq(a, b) || {
                    let (a, b) = (a.borrow(), b.borrow());
                    a.items.len() == b.items.len()
                        && a.items.iter().zip(&b.items).all(|(x, y)| x.java_equals(y))
                }
            }
            (Value::Map(a), Value::Map(b)) => {
                Rc::ptr_eq(a, b) || {
                    let (a, b) = (a.borrow(), b.borrow());
                    a.len() == b.len()
                        && a.iter()
                            .all(|(k, v)| b.get(k).is_some_and(|w| v.java_equals(w)))
                }
            }
            (Value::Entry(a), Value::Entry(b)) => a.0.java_equals(&b.0) && a.1.java_equals(&b.1),
            (Value::Block(a), Value::Block(b)) => Rc::ptr_eq(a, b),
            (Value::Object(a), Value::Object(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// Java `hashCode()` for the types templates hash (map keys, `hashCode()` calls).
    pub fn java_hash(&self) -> i32 {
        match self {
            Value::Null => 0,
            Value::Bool(b) => {
                if *b {
                    1231
                } else {
                    1237
                }
            }
            Value::Int(v) => *v,
            Value::Long(v) => (*v ^ ((*v as u64) >> 32) as i64) as i32,
            Value::Double(d) => {
                let bits = if d.is_nan() {
                    0x7ff8_0000_0000_0000u64
                } else {
                    d.to_bits()
                };
                (bits ^ (bits >> 32)) as i32
            }
            Value::BigInt(b) => {
                // BigInteger.hashCode: 31-multiplied magnitude words, times the sign.
                let (sign, words) = b.to_u32_digits();
                let mut h: i32 = 0;
                for w in words.iter().rev() {
                    h = h.wrapping_mul(31).wrapping_add(*w as i32);
                }
                match sign {
                    num_bigint::Sign::Minus => h.wrapping_neg(),
                    num_bigint::Sign::NoSign => 0,
                    num_bigint::Sign::Plus => h,
                }
            }
            Value::Decimal(d) => {
                let unscaled = Value::BigInt(Rc::new(d.unscaled().clone())).java_hash();
                unscaled.wrapping_mul(31).wrapping_add(d.scale())
            }
            Value::Str(s) => java_string_hash(s),
            Value::Char(c) => java_string_hash(c.encode_utf8(&mut [0; 4])),
            Value::List(l) => {
                let mut h: i32 = 1;
                for item in &l.borrow().items {
                    h = h.wrapping_mul(31).wrapping_add(item.java_hash());
                }
                h
            }
            Value::Map(m) => m.borrow().iter().fold(0i32, |acc, (k, v)| {
                acc.wrapping_add(k.0.java_hash() ^ v.java_hash())
            }),
            Value::Entry(e) => e.0.java_hash() ^ e.1.java_hash(),
            Value::Block(b) => Rc::as_ptr(b) as usize as i32,
            Value::Object(o) => Rc::as_ptr(o) as *const u8 as usize as i32,
        }
    }
}

/// Java `String.hashCode()` over UTF-16 code units.
pub fn java_string_hash(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, unit| h.wrapping_mul(31).wrapping_add(unit as i32))
}

/// Collections nested deeper than this print `...` (Java would overflow its stack on cycles only).
const PRINT_DEPTH_LIMIT: usize = 64;

fn write_java(out: &mut String, value: &Value, depth: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(v) => {
            let _ = write!(out, "{v}");
        }
        Value::Long(v) => {
            let _ = write!(out, "{v}");
        }
        Value::BigInt(v) => {
            let _ = write!(out, "{v}");
        }
        Value::Double(d) => out.push_str(&java_double_to_string(*d)),
        Value::Decimal(d) => out.push_str(&d.to_java_string()),
        Value::Str(s) => out.push_str(s),
        Value::Char(c) => out.push(*c),
        Value::List(list) => {
            if depth > PRINT_DEPTH_LIMIT {
                out.push_str("[...]");
                return;
            }
            let Ok(list_ref) = list.try_borrow() else {
                out.push_str("(this Collection)");
                return;
            };
            match list_ref.style {
                Style::Opaque => return,
                Style::Json => {
                    out.push_str(&super::json::json_text(value));
                    return;
                }
                Style::Java => {}
            }
            out.push('[');
            for (i, item) in list_ref.items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                // AbstractCollection.toString prints a list inside itself as "(this Collection)".
                if let Value::List(inner) = item {
                    if Rc::ptr_eq(inner, list) {
                        out.push_str("(this Collection)");
                        continue;
                    }
                }
                write_java(out, item, depth + 1);
            }
            out.push(']');
        }
        Value::Map(map) => {
            if depth > PRINT_DEPTH_LIMIT {
                out.push_str("{...}");
                return;
            }
            let Ok(map_ref) = map.try_borrow() else {
                out.push_str("(this Map)");
                return;
            };
            match map_ref.style {
                Style::Opaque => return,
                Style::Json => {
                    out.push_str(&super::json::json_text(value));
                    return;
                }
                Style::Java => {}
            }
            out.push('{');
            for (i, (k, v)) in map_ref.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_map_part(out, &k.0, map, depth);
                out.push('=');
                write_map_part(out, v, map, depth);
            }
            out.push('}');
        }
        Value::Entry(e) => {
            write_java(out, &e.0, depth + 1);
            out.push('=');
            write_java(out, &e.1, depth + 1);
        }
        Value::Block(_) => out.push_str("Block$Reference"),
        Value::Object(o) => out.push_str(&o.to_java_string()),
    }
}

/// AbstractMap.toString prints the map itself as "(this Map)".
fn write_map_part(out: &mut String, part: &Value, map: &Map, depth: usize) {
    if let Value::Map(inner) = part {
        if Rc::ptr_eq(inner, map) {
            out.push_str("(this Map)");
            return;
        }
    }
    write_java(out, part, depth + 1);
}

/// A map key with Java `equals`/`hashCode` semantics.
#[derive(Clone, Debug)]
pub struct Key(pub Value);

impl Key {
    /// A String key.
    pub fn str(s: impl Into<Str>) -> Key {
        Key(Value::Str(s.into()))
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.0.java_equals(&other.0)
    }
}

impl Eq for Key {}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match &self.0 {
            // Strings hash their bytes directly: equal Java strings are equal Rust strings.
            Value::Str(s) => s.hash(state),
            other => other.java_hash().hash(state),
        }
    }
}

/// Lets maps be searched by `&str` without building a key; a `str` equals only String keys.
impl indexmap::Equivalent<Key> for str {
    fn equivalent(&self, key: &Key) -> bool {
        matches!(&key.0, Value::Str(s) if &**s == self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_and_lists_print_as_java_collections() {
        let mut m = Entries::default();
        m.insert(Key::str("a"), Value::Int(1));
        m.insert(
            Key::str("b"),
            Value::list(vec![Value::Int(1), Value::str("x"), Value::Null]),
        );
        assert_eq!(Value::map(m).to_java_string(), "{a=1, b=[1, x, null]}");
    }

    #[test]
    fn integer_and_long_keys_are_different_keys() {
        assert_ne!(Key(Value::Int(1)), Key(Value::Long(1)));
        assert_eq!(Key(Value::Int(1)), Key(Value::Int(1)));
    }

    #[test]
    fn string_hash_matches_java() {
        // "hello".hashCode() in Java
        assert_eq!(java_string_hash("hello"), 99162322);
    }
}
