//! java.lang.String methods templates call, over Java's UTF-16 indexes and java.util.regex.
//! `int` parameters accept only Integer arguments, `CharSequence` ones only Strings, as in Velocity.

use super::{java, not_modelled, CallError, Dispatch, Signature, VARARGS};
use crate::render::eval::Renderer;
use crate::render::java::string as js;
use crate::render::value::{Str, Value};

/// Public String methods of JDK 17, static ones included (templates reach them through an instance).
const JAVA_METHODS: &[Signature] = &[
    ("length", 0, 0),
    ("isEmpty", 0, 0),
    ("charAt", 1, 1),
    ("codePointAt", 1, 1),
    ("codePointBefore", 1, 1),
    ("codePointCount", 2, 2),
    ("offsetByCodePoints", 2, 2),
    ("getChars", 4, 4),
    ("getBytes", 0, 4),
    ("equals", 1, 1),
    ("contentEquals", 1, 1),
    ("equalsIgnoreCase", 1, 1),
    ("compareTo", 1, 1),
    ("compareToIgnoreCase", 1, 1),
    ("regionMatches", 4, 5),
    ("startsWith", 1, 2),
    ("endsWith", 1, 1),
    ("hashCode", 0, 0),
    ("indexOf", 1, 2),
    ("lastIndexOf", 1, 2),
    ("substring", 1, 2),
    ("subSequence", 2, 2),
    ("concat", 1, 1),
    ("replace", 2, 2),
    ("matches", 1, 1),
    ("contains", 1, 1),
    ("replaceFirst", 2, 2),
    ("replaceAll", 2, 2),
    ("split", 1, 2),
    ("join", 1, VARARGS),
    ("toLowerCase", 0, 1),
    ("toUpperCase", 0, 1),
    ("trim", 0, 0),
    ("strip", 0, 0),
    ("stripLeading", 0, 0),
    ("stripTrailing", 0, 0),
    ("isBlank", 0, 0),
    ("lines", 0, 0),
    ("indent", 1, 1),
    ("stripIndent", 0, 0),
    ("translateEscapes", 0, 0),
    ("transform", 1, 1),
    ("describeConstable", 0, 0),
    ("resolveConstantDesc", 1, 1),
    ("toString", 0, 0),
    ("chars", 0, 0),
    ("codePoints", 0, 0),
    ("toCharArray", 0, 0),
    ("format", 1, VARARGS),
    ("formatted", 0, VARARGS),
    ("valueOf", 1, 3),
    ("copyValueOf", 1, 3),
    ("intern", 0, 0),
    ("repeat", 1, 1),
    ("getClass", 0, 0),
    ("notify", 0, 0),
    ("notifyAll", 0, 0),
    ("wait", 0, 2),
];

/// Methods whose object parameters throw NullPointerException when given null.
const NULL_HOSTILE: &[&str] = &[
    "startsWith",
    "endsWith",
    "indexOf",
    "lastIndexOf",
    "contains",
    "concat",
    "replace",
    "replaceAll",
    "replaceFirst",
    "split",
    "matches",
    "compareTo",
    "compareToIgnoreCase",
    "contentEquals",
    "join",
];

/// Names this table models with all the overloads templates can reach.
const MODELLED: &[&str] = &[
    "length",
    "isEmpty",
    "isBlank",
    "charAt",
    "codePointAt",
    "substring",
    "subSequence",
    "indexOf",
    "lastIndexOf",
    "contains",
    "startsWith",
    "endsWith",
    "toLowerCase",
    "toUpperCase",
    "trim",
    "strip",
    "stripLeading",
    "stripTrailing",
    "concat",
    "repeat",
    "replace",
    "equals",
    "equalsIgnoreCase",
    "contentEquals",
    "compareTo",
    "compareToIgnoreCase",
    "hashCode",
    "toString",
    "intern",
    "matches",
    "replaceAll",
    "replaceFirst",
    "split",
    "valueOf",
    "toCharArray",
    "format",
    "formatted",
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
    if args.iter().any(Value::is_null)
        && NULL_HOSTILE.contains(&name)
        && super::java_has(JAVA_METHODS, name, args.len())
    {
        return Err(java(format!(
            "java.lang.NullPointerException (String.{name} was given null)"
        )));
    }
    let value = match (name, args) {
        ("length", []) => Int(js::length(s)),
        ("isEmpty", []) => Value::Bool(s.is_empty()),
        ("isBlank", []) => Value::Bool(js::is_blank(s)),
        ("charAt", [Int(i)]) => {
            let text = js::char_at(s, *i).map_err(exception)?;
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Value::Char(c),
                _ => Value::str(text),
            }
        }
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
        ("valueOf", [v]) => Value::str(r.stringify(v).map_err(CallError::Interrupt)?),
        ("toCharArray", []) => {
            // A char[] that Velocity wraps as a list of Characters.
            Value::list(s.chars().map(Value::Char).collect())
        }
        // String.format is static; Velocity also reaches it through any String instance.
        ("format", [S(f), rest @ ..]) => format(r, f, rest)?,
        ("formatted", rest) => format(r, s, rest)?,
        ("split", [S(p)]) => split(r, s, p, 0)?,
        ("split", [S(p), Int(limit)]) => split(r, s, p, *limit)?,
        _ => {
            if MODELLED.contains(&name) {
                // Modelled, but no overload takes these argument types: Velocity finds none.
                return Ok(None);
            }
            return not_modelled("java.lang.String", JAVA_METHODS, name, args);
        }
    };
    Ok(Some(value))
}

/// `String.format(format, args...)` with java.util.Formatter's rules.
fn format(r: &mut Renderer<'_>, format: &str, args: &[Value]) -> Result<Value, CallError> {
    use crate::render::java::format::{java_format, FormatArg};
    let mut converted = Vec::with_capacity(args.len());
    for arg in args {
        converted.push(match arg {
            Value::Null => FormatArg::Null,
            Value::Bool(b) => FormatArg::Bool(*b),
            Value::Int(v) => FormatArg::Int(*v),
            Value::Long(v) => FormatArg::Long(*v),
            Value::BigInt(b) => FormatArg::BigInt((**b).clone()),
            Value::Double(d) => FormatArg::Double(*d),
            Value::Str(s) => FormatArg::Str(s.to_string()),
            Value::Char(c) => FormatArg::Char(*c),
            other => FormatArg::Other(r.stringify(other).map_err(CallError::Interrupt)?),
        });
    }
    java_format(format, &converted)
        .map(Value::str)
        .map_err(java)
}

/// String.split's fast path: a one-character pattern that is no regex metacharacter splits
/// without a regex. Kept to ASCII separators, where byte and UTF-16 offsets agree; `None` for
/// any other pattern.
fn split_on_char<'s>(s: &'s str, pattern: &str, limit: i32) -> Option<Vec<&'s str>> {
    let &[separator] = pattern.as_bytes() else {
        return None;
    };
    if !separator.is_ascii() || b".$|()[{^?*+\\".contains(&separator) {
        return None;
    }
    let limited = limit > 0;
    let max = usize::try_from(limit).unwrap_or(0);
    let mut list: Vec<&str> = Vec::new();
    let mut offset = 0;
    while let Some(found) = s.get(offset..)?.find(char::from(separator)) {
        let next = offset + found;
        if !limited || list.len() < max.saturating_sub(1) {
            list.push(s.get(offset..next)?);
            offset = next + 1;
        } else {
            list.push(s.get(offset..)?);
            offset = s.len();
            break;
        }
    }
    if offset == 0 {
        return Some(vec![s]);
    }
    if !limited || list.len() < max {
        list.push(s.get(offset..)?);
    }
    if limit == 0 {
        while list.last().is_some_and(|part| part.is_empty()) {
            list.pop();
        }
    }
    Some(list)
}

/// A String[] result: Velocity wraps arrays so they index, iterate and `size()` like lists.
fn split(r: &mut Renderer<'_>, s: &str, pattern: &str, limit: i32) -> Result<Value, CallError> {
    if let Some(parts) = split_on_char(s, pattern, limit) {
        return Ok(Value::list(parts.into_iter().map(Value::str).collect()));
    }
    let re = r.method_cache.regex(pattern)?;
    let parts = re.split(s, limit).map_err(exception)?;
    Ok(Value::list(parts.into_iter().map(Value::str).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::java::regex::JavaRegex;

    #[test]
    fn the_one_character_fast_path_splits_as_the_regex_does() {
        let inputs = [
            "",
            ",",
            ",,",
            "a",
            "a,b",
            ",a,b",
            "a,b,",
            "a,,b,,",
            ",,a,,",
            "é,ü,😀,",
            "no separator",
        ];
        for separator in [",", " ", ":", "-"] {
            let re = JavaRegex::new(separator).expect("compiles");
            for input in inputs {
                let input = input.replace(',', separator);
                for limit in [-1, 0, 1, 2, 3, 10] {
                    let fast = split_on_char(&input, separator, limit).expect("fast path");
                    let slow = re.split(&input, limit).expect("splits");
                    assert_eq!(fast, slow, "{input:?}.split({separator:?}, {limit})");
                }
            }
        }
        for not_plain in [".", "|", "\\", "ab", "é", ""] {
            assert!(
                split_on_char("a.b", not_plain, 0).is_none(),
                "{not_plain:?}"
            );
        }
    }
}
