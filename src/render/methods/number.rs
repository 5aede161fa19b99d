//! Methods of Integer, Long, Double, BigInteger and BigDecimal that templates call.
//! Conversions follow Java's narrowing rules (`(int)` of a long wraps, of a double saturates).

use super::{java, not_modelled, Dispatch, Signature};
use crate::render::java::number::{compare, JavaNumber};
use crate::render::ops::to_number;
use crate::render::value::Value;

/// Public methods of the boxed number classes (JDK 17), statics included.
const JAVA_METHODS: &[Signature] = &[
    ("byteValue", 0, 0),
    ("shortValue", 0, 0),
    ("intValue", 0, 0),
    ("longValue", 0, 0),
    ("floatValue", 0, 0),
    ("doubleValue", 0, 0),
    ("compareTo", 1, 1),
    ("equals", 1, 1),
    ("hashCode", 0, 1),
    ("toString", 0, 2),
    ("isNaN", 0, 1),
    ("isInfinite", 0, 1),
    ("isFinite", 1, 1),
    ("parseInt", 1, 4),
    ("parseLong", 1, 4),
    ("parseDouble", 1, 1),
    ("valueOf", 1, 2),
    ("decode", 1, 1),
    ("toHexString", 1, 1),
    ("toBinaryString", 1, 1),
    ("toOctalString", 1, 1),
    ("max", 2, 2),
    ("min", 2, 2),
    ("sum", 2, 2),
    ("compare", 2, 2),
    ("signum", 0, 1),
    ("abs", 0, 0),
    ("negate", 0, 0),
    ("pow", 1, 1),
    ("add", 1, 1),
    ("subtract", 1, 1),
    ("multiply", 1, 1),
    ("divide", 1, 3),
    ("mod", 1, 1),
    ("remainder", 1, 1),
    ("toPlainString", 0, 0),
    ("scale", 0, 0),
    ("precision", 0, 0),
    ("unscaledValue", 0, 0),
    ("bitLength", 0, 0),
    ("bitCount", 0, 1),
    ("getClass", 0, 0),
    ("describeConstable", 0, 0),
    ("resolveConstantDesc", 1, 1),
    ("sqrt", 0, 1),
    ("gcd", 1, 1),
    ("toByteArray", 0, 0),
    ("testBit", 1, 1),
    ("reverse", 1, 1),
    ("highestOneBit", 1, 1),
    ("lowestOneBit", 1, 1),
];

/// Names modelled with every overload templates can reach.
const MODELLED: &[&str] = &[
    "intValue",
    "longValue",
    "doubleValue",
    "compareTo",
    "isNaN",
    "isInfinite",
    "parseInt",
    "parseLong",
    "parseDouble",
    "valueOf",
    "equals",
    "hashCode",
    "toString",
];

fn as_f64(n: &JavaNumber) -> f64 {
    match n {
        JavaNumber::Integer(v) => f64::from(*v),
        JavaNumber::Long(v) => *v as f64,
        JavaNumber::Double(v) => *v,
        JavaNumber::BigInteger(b) => b.to_string().parse().unwrap_or(f64::NAN),
        JavaNumber::BigDecimal(d) => d.to_java_string().parse().unwrap_or(f64::NAN),
    }
}

fn as_i64(n: &JavaNumber) -> i64 {
    match n {
        JavaNumber::Integer(v) => i64::from(*v),
        JavaNumber::Long(v) => *v,
        // Java's (long) cast of a double saturates and maps NaN to 0.
        JavaNumber::Double(v) => {
            if v.is_nan() {
                0
            } else {
                *v as i64
            }
        }
        JavaNumber::BigInteger(b) => {
            let (sign, digits) = b.to_u64_digits();
            let low = digits.first().copied().unwrap_or(0) as i64;
            if sign == num_bigint::Sign::Minus {
                low.wrapping_neg()
            } else {
                low
            }
        }
        JavaNumber::BigDecimal(d) => {
            let plain = d.to_java_string();
            plain
                .split(['.', 'E'])
                .next()
                .and_then(|s| s.parse::<i64>().ok())
                .unwrap_or(0)
        }
    }
}

/// `$number.name(args)`.
pub fn call(target: &Value, name: &str, args: &[Value]) -> Dispatch {
    let Some(n) = to_number(target) else {
        return Ok(None);
    };
    let value = match (name, args) {
        ("intValue", []) => Value::Int(match &n {
            JavaNumber::Double(d) => {
                if d.is_nan() {
                    0
                } else {
                    *d as i32
                }
            }
            other => as_i64(other) as i32,
        }),
        ("longValue", []) => Value::Long(as_i64(&n)),
        ("doubleValue", []) => Value::Double(as_f64(&n)),
        ("compareTo", [other]) => {
            // compareTo only accepts the same class (Integer.compareTo(Integer)).
            if std::mem::discriminant(target) != std::mem::discriminant(other) {
                return Ok(None);
            }
            let Some(o) = to_number(other) else {
                return Ok(None);
            };
            match compare(&n, &o) {
                Ok(ordering) => Value::Int(ordering as i32),
                Err(e) => return Err(super::java(e.to_string())),
            }
        }
        ("isNaN", []) => Value::Bool(matches!(n, JavaNumber::Double(d) if d.is_nan())),
        ("isInfinite", []) => Value::Bool(matches!(n, JavaNumber::Double(d) if d.is_infinite())),
        // parseInt(String) takes null and throws for it (valueOf(int) cannot take null).
        ("parseInt" | "valueOf" | "parseLong" | "parseDouble", [Value::Null]) => {
            return Err(java(
                "java.lang.NumberFormatException: Cannot parse null string: null",
            ))
        }
        ("parseInt" | "valueOf", [Value::Str(text)]) if matches!(target, Value::Int(_)) => {
            let parsed = parse_java_integer(text).and_then(|v| i32::try_from(v).ok());
            Value::Int(parsed.ok_or_else(|| number_format(text))?)
        }
        ("parseLong" | "valueOf", [Value::Str(text)]) if matches!(target, Value::Long(_)) => {
            Value::Long(parse_java_integer(text).ok_or_else(|| number_format(text))?)
        }
        ("parseDouble" | "valueOf", [Value::Str(text)]) if matches!(target, Value::Double(_)) => {
            Value::Double(parse_java_double(text).ok_or_else(|| number_format(text))?)
        }
        _ if MODELLED.contains(&name) => return Ok(None),
        _ => return not_modelled(target.class_name(), JAVA_METHODS, name, args),
    };
    Ok(Some(value))
}

fn number_format(text: &str) -> super::CallError {
    java(format!(
        "java.lang.NumberFormatException: For input string: \"{text}\""
    ))
}

/// `Long.parseLong`: an optional sign, then decimal digits; nothing else (no spaces).
fn parse_java_integer(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<i64>().ok()
}

/// `Double.parseDouble`: surrounding control characters and spaces trimmed, an optional
/// `d`/`f` suffix, `NaN` and `Infinity` with a sign.
fn parse_java_double(text: &str) -> Option<f64> {
    let trimmed = text.trim_matches(|c: char| c <= ' ');
    let body = trimmed.strip_prefix(['+', '-']).unwrap_or(trimmed);
    let negative = trimmed.starts_with('-');
    let value = match body {
        "NaN" => f64::NAN,
        "Infinity" => f64::INFINITY,
        _ => {
            let body = body.strip_suffix(['d', 'D', 'f', 'F']).unwrap_or(body);
            if body.is_empty()
                || !body
                    .bytes()
                    .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
            {
                return None;
            }
            body.parse::<f64>().ok()?
        }
    };
    Some(if negative { -value } else { value })
}
