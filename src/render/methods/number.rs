//! Methods of Integer, Long, Double, BigInteger and BigDecimal that templates call.
//! Conversions follow Java's narrowing rules (`(int)` of a long wraps, of a double saturates).

use super::{unsupported, Dispatch};
use crate::render::java::number::{compare, JavaNumber};
use crate::render::ops::{from_number, to_number};
use crate::render::value::Value;

/// Public method names shared by the boxed number classes (JDK 17).
const JAVA_METHODS: &[&str] = &[
    "byteValue",
    "shortValue",
    "intValue",
    "longValue",
    "floatValue",
    "doubleValue",
    "compareTo",
    "equals",
    "hashCode",
    "toString",
    "isNaN",
    "isInfinite",
    "abs",
    "negate",
    "signum",
    "pow",
    "add",
    "subtract",
    "multiply",
    "divide",
    "mod",
    "remainder",
    "max",
    "min",
    "toPlainString",
    "scale",
    "precision",
    "unscaledValue",
    "bitLength",
    "bitCount",
    "getClass",
    "describeConstable",
    "resolveConstantDesc",
    "sqrt",
    "gcd",
    "toByteArray",
    "testBit",
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
        ("abs", []) if matches!(n, JavaNumber::BigInteger(_)) => match n {
            JavaNumber::BigInteger(b) => {
                from_number(JavaNumber::BigInteger(num_traits::Signed::abs(&b)))
            }
            other => from_number(other),
        },
        _ => {
            if JAVA_METHODS.contains(&name)
                && !matches!(name, "equals" | "hashCode" | "toString" | "getClass")
            {
                return Err(unsupported(target.class_name(), name));
            }
            return Ok(None);
        }
    };
    Ok(Some(value))
}
