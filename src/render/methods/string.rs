//! java.lang.String methods templates call, over Java's UTF-16 indexes and java.util.regex.
//! `int` parameters accept only Integer arguments, `CharSequence` ones only Strings, as in Velocity.

use super::{java, unsupported, CallError, Dispatch};
use crate::render::eval::Renderer;
use crate::render::java::string as js;
use crate::render::value::{Str, Value};

/// Every public String instance method name (JDK 17).
const JAVA_METHODS: &[&str] = &[
    "length",
    "isEmpty",
    "charAt",
    "codePointAt",
    "codePointBefore",
    "codePointCount",
    "offsetByCodePoints",
    "getChars",
    "getBytes",
    "equals",
    "contentEquals",
    "equalsIgnoreCase",
    "compareTo",
    "compareToIgnoreCase",
    "regionMatches",
    "startsWith",
    "endsWith",
    "hashCode",
    "indexOf",
    "lastIndexOf",
    "substring",
    "subSequence",
    "concat",
    "replace",
    "matches",
    "contains",
    "replaceFirst",
    "replaceAll",
    "split",
    "join",
    "toLowerCase",
    "toUpperCase",
    "trim",
    "strip",
    "stripLeading",
    "stripTrailing",
    "isBlank",
    "lines",
    "indent",
    "stripIndent",
    "translateEscapes",
    "transform",
    "describeConstable",
    "resolveConstantDesc",
    "toString",
    "chars",
    "codePoints",
    "toCharArray",
    "format",
    "formatted",
    "valueOf",
    "copyValueOf",
    "intern",
    "repeat",
    "getClass",
    "notify",
    "notifyAll",
    "wait",
];

/// `$s.empty` (isEmpty) and `$s.blank` (isBlank); other names are no property of a String.
pub fn property(s: &Str, name: &str) -> Option<Value> {
    match name {
        "empty" | "Empty" => Some(Value::Bool(s.is_empty())),
        "blank" | "Blank" => Some(Value::Bool(js::is_blank(s))),
        "bytes" | "Bytes" => Some(Value::list(
            s.bytes().map(|b| Value::Int(i32::from(b as i8))).collect(),
        )),
        _ => None,
    }
}

fn exception(e: js::JavaException) -> CallError {
    java(e.to_string())
}

/// `$s.name(args)`.
pub fn call(r: &mut Renderer<'_>, s: &Str, name: &str, args: &[Value]) -> Dispatch {
    use Value::{Int, Str as S};
    let value = match (name, args) {
        ("length", []) => Int(js::length(s)),
        ("isEmpty", []) => Value::Bool(s.is_empty()),
        ("isBlank", []) => Value::Bool(js::is_blank(s)),
        ("charAt", [Int(i)]) => Value::str(js::char_at(s, *i).map_err(exception)?),
        ("codePointAt", [Int(i)]) => Int(js::code_point_at(s, *i).map_err(exception)?),
        ("substring", [Int(b)]) => Value::str(js::substring(s, *b).map_err(exception)?),
        ("substring" | "subSequence", [Int(b), Int(e)]) => {
            Value::str(js::substring_range(s, *b, *e).map_err(exception)?)
        }
        ("indexOf", [S(n)]) => Int(js::index_of(s, n)),
        ("indexOf", [S(n), Int(from)]) => Int(js::index_of_from(s, n, *from)),
        ("indexOf", [Int(ch)]) => Int(js::index_of_char(s, *ch, 0)),
        ("indexOf", [Int(ch), Int(from)]) => Int(js::index_of_char(s, *ch, *from)),
        ("lastIndexOf", [S(n)]) => Int(js::last_index_of(s, n)),
        ("lastIndexOf", [S(n), Int(from)]) => Int(js::last_index_of_from(s, n, *from)),
        ("lastIndexOf", [Int(ch)]) => Int(js::last_index_of_char(s, *ch, i32::MAX)),
        ("lastIndexOf", [Int(ch), Int(from)]) => Int(js::last_index_of_char(s, *ch, *from)),
        ("contains", [S(n)]) => Value::Bool(js::contains(s, n)),
        ("startsWith", [S(p)]) => Value::Bool(js::starts_with(s, p)),
        ("startsWith", [S(p), Int(o)]) => Value::Bool(js::starts_with_offset(s, p, *o)),
        ("endsWith", [S(p)]) => Value::Bool(js::ends_with(s, p)),
        ("toLowerCase", []) => Value::str(js::to_lower_case(s)),
        ("toUpperCase", []) => Value::str(js::to_upper_case(s)),
        ("trim", []) => Value::str(js::trim(s)),
        ("strip", []) => Value::str(js::strip(s)),
        ("stripLeading", []) => Value::str(js::strip_leading(s)),
        ("stripTrailing", []) => Value::str(js::strip_trailing(s)),
        ("concat", [S(o)]) => Value::str(js::concat(s, o)),
        ("concat", [Value::Null]) => return Err(java("java.lang.NullPointerException")),
        ("repeat", [Int(n)]) => Value::str(js::repeat(s, *n).map_err(exception)?),
        ("replace", [S(t), S(rep)]) => Value::str(js::replace(s, t, rep).map_err(exception)?),
        ("equals", [other]) => Value::Bool(matches!(other, S(o) if **o == **s)),
        ("equalsIgnoreCase", [S(o)]) => Value::Bool(js::equals_ignore_case(s, o)),
        ("equalsIgnoreCase", [Value::Null]) => Value::Bool(false),
        ("contentEquals", [S(o)]) => Value::Bool(**o == **s),
        ("compareTo", [S(o)]) => Int(js::compare_to(s, o)),
        ("compareToIgnoreCase", [S(o)]) => Int(js::compare_to_ignore_case(s, o)),
        ("hashCode", []) => Int(js::hash_code(s)),
        ("toString" | "intern", []) => Value::Str(s.clone()),
        ("matches", [S(p)]) => {
            let re = r.method_cache.regex(p)?;
            Value::Bool(re.matches(s).map_err(exception)?)
        }
        ("replaceAll", [S(p), S(rep)]) => {
            let re = r.method_cache.regex(p)?;
            Value::str(re.replace_all(s, rep).map_err(exception)?)
        }
        ("replaceFirst", [S(p), S(rep)]) => {
            let re = r.method_cache.regex(p)?;
            Value::str(re.replace_first(s, rep).map_err(exception)?)
        }
        ("split", [S(p)]) => split(r, s, p, 0)?,
        ("split", [S(p), Int(limit)]) => split(r, s, p, *limit)?,
        ("matches" | "replaceAll" | "replaceFirst" | "split", [Value::Null, ..]) => {
            return Err(java("java.lang.NullPointerException"))
        }
        _ => {
            if JAVA_METHODS.contains(&name)
                && !matches!(name, "equals" | "hashCode" | "toString" | "getClass")
                && !has_no_matching_overload(name, args)
            {
                return Err(unsupported("java.lang.String", name));
            }
            return Ok(None);
        }
    };
    Ok(Some(value))
}

/// A String[] result: Velocity wraps arrays so they index, iterate and `size()` like lists.
fn split(r: &mut Renderer<'_>, s: &str, pattern: &str, limit: i32) -> Result<Value, CallError> {
    let re = r.method_cache.regex(pattern)?;
    let parts = re.split(s, limit).map_err(exception)?;
    Ok(Value::list(parts.into_iter().map(Value::str).collect()))
}

/// Calls whose argument types match no Java overload: Velocity finds no method and gives null.
fn has_no_matching_overload(name: &str, args: &[Value]) -> bool {
    let all_strings = args.iter().all(|a| matches!(a, Value::Str(_)));
    let all_ints = args.iter().all(|a| matches!(a, Value::Int(_)));
    match name {
        "length" | "isEmpty" | "isBlank" | "toLowerCase" | "toUpperCase" | "trim" | "strip"
        | "stripLeading" | "stripTrailing" | "intern" => !args.is_empty(),
        "substring" | "subSequence" | "charAt" | "codePointAt" | "repeat" => {
            !all_ints || args.is_empty() || args.len() > 2
        }
        "contains"
        | "endsWith"
        | "concat"
        | "equalsIgnoreCase"
        | "contentEquals"
        | "compareTo"
        | "compareToIgnoreCase"
        | "matches" => args.len() != 1 || !all_strings,
        "replace" | "replaceAll" | "replaceFirst" => args.len() != 2,
        "indexOf" | "lastIndexOf" | "startsWith" | "split" => {
            args.is_empty() || args.len() > 2 || args.iter().any(|a| a.is_null())
        }
        _ => false,
    }
}
