//! Velocity 1.7's operator nodes over runtime values: maths (ASTMathNode and ASTAddNode's string
//! concatenation), equality (ASTEQNode), ordering (ASTLTNode...) and truthiness (ASTReference).

use std::cmp::Ordering;
use std::rc::Rc;

use super::java::number::{self, JavaNumber};
use super::value::Value;
use crate::syntax::ast::BinaryOp;

/// The number a value holds, if it is a Java Number.
pub fn to_number(value: &Value) -> Option<JavaNumber> {
    Some(match value {
        Value::Int(v) => JavaNumber::Integer(*v),
        Value::Long(v) => JavaNumber::Long(*v),
        Value::BigInt(v) => JavaNumber::BigInteger((**v).clone()),
        Value::Double(v) => JavaNumber::Double(*v),
        Value::Decimal(v) => JavaNumber::BigDecimal((**v).clone()),
        _ => return None,
    })
}

/// The value for a computed number.
pub fn from_number(n: JavaNumber) -> Value {
    match n {
        JavaNumber::Integer(v) => Value::Int(v),
        JavaNumber::Long(v) => Value::Long(v),
        JavaNumber::BigInteger(v) => Value::BigInt(Rc::new(v)),
        JavaNumber::Double(v) => Value::Double(v),
        JavaNumber::BigDecimal(v) => Value::Decimal(Rc::new(v)),
    }
}

/// `left op right` for `+ - * / %`. `Ok(Null)` is Velocity's null (a non-number side, division
/// by zero); `Err` is a Java exception that aborts the render. `literals` are the operands'
/// source texts, printed in place of a null side when `+` concatenates strings.
pub fn arithmetic(
    op: BinaryOp,
    left: &Value,
    right: &Value,
    literals: (&str, &str),
) -> Result<Value, String> {
    if op == BinaryOp::Add && (matches!(left, Value::Str(_)) || matches!(right, Value::Str(_))) {
        let l = if left.is_null() {
            literals.0.to_string()
        } else {
            left.to_java_string()
        };
        let r = if right.is_null() && !left.is_null() {
            literals.1.to_string()
        } else {
            right.to_java_string()
        };
        return Ok(Value::str(l + &r));
    }
    if let (Value::Int(a), Value::Int(b)) = (left, right) {
        return Ok(int_arithmetic(op, *a, *b));
    }
    let (Some(a), Some(b)) = (to_number(left), to_number(right)) else {
        return Ok(Value::Null);
    };
    let result = match op {
        BinaryOp::Add => number::add(&a, &b),
        BinaryOp::Sub => number::sub(&a, &b),
        BinaryOp::Mul => number::mul(&a, &b),
        BinaryOp::Div => number::div(&a, &b),
        _ => number::modulo(&a, &b),
    };
    match result {
        Ok(Some(n)) => Ok(from_number(n)),
        Ok(None) => Ok(Value::Null),
        Err(e) => Err(e.to_string()),
    }
}

/// `MathUtils` on two Integers, the common case, without the general number machinery: the
/// operation in long, an Integer result when it fits and a Long otherwise (wrapPrimitive);
/// null for a zero divisor. Two ints cannot overflow a long, so no BigInteger case arises.
fn int_arithmetic(op: BinaryOp, a: i32, b: i32) -> Value {
    let (a, b) = (i64::from(a), i64::from(b));
    let result = match op {
        BinaryOp::Add => a + b,
        BinaryOp::Sub => a - b,
        BinaryOp::Mul => a * b,
        _ if b == 0 => return Value::Null,
        BinaryOp::Div => a / b,
        _ => a % b,
    };
    match i32::try_from(result) {
        Ok(v) => Value::Int(v),
        Err(_) => Value::Long(result),
    }
}

/// ASTEQNode: numbers numerically, related classes by `equals`, anything else by `toString()`.
pub fn equals(left: &Value, right: &Value) -> Result<bool, String> {
    match (left, right) {
        (Value::Null, Value::Null) => Ok(true),
        (Value::Null, _) | (_, Value::Null) => Ok(false),
        _ => {
            if let (Some(a), Some(b)) = (to_number(left), to_number(right)) {
                return number::compare(&a, &b)
                    .map(|o| o == Ordering::Equal)
                    .map_err(|e| e.to_string());
            }
            if same_class_family(left, right) {
                Ok(left.java_equals(right))
            } else {
                Ok(left.to_java_string() == right.to_java_string())
            }
        }
    }
}

/// Whether one operand's class is assignable from the other's (then Velocity calls `equals`).
fn same_class_family(left: &Value, right: &Value) -> bool {
    std::mem::discriminant(left) == std::mem::discriminant(right)
}

/// ASTLTNode and friends: only two numbers compare; anything else is false, without error.
pub fn order(op: BinaryOp, left: &Value, right: &Value) -> Result<bool, String> {
    let ordering = if let (Value::Int(a), Value::Int(b)) = (left, right) {
        // Two Integers, the common case (`$s.length() > 5`), compare as they are.
        a.cmp(b)
    } else {
        let (Some(a), Some(b)) = (to_number(left), to_number(right)) else {
            return Ok(false);
        };
        // MathUtils.compare on Doubles treats NaN as equal to everything (it compares with < and >).
        number::compare(&a, &b).map_err(|e| e.to_string())?
    };
    Ok(match op {
        BinaryOp::Lt => ordering == Ordering::Less,
        BinaryOp::Le => ordering != Ordering::Greater,
        BinaryOp::Gt => ordering == Ordering::Greater,
        _ => ordering != Ordering::Less,
    })
}

/// How `#if($x)` reads a reference's value: null and `false` are false, everything else true.
pub fn truthy(value: &Value) -> bool {
    !matches!(value, Value::Null | Value::Bool(false))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The general route, which the Integer fast path must match.
    fn general(op: BinaryOp, a: i32, b: i32) -> Value {
        let (a, b) = (JavaNumber::Integer(a), JavaNumber::Integer(b));
        let result = match op {
            BinaryOp::Add => number::add(&a, &b),
            BinaryOp::Sub => number::sub(&a, &b),
            BinaryOp::Mul => number::mul(&a, &b),
            BinaryOp::Div => number::div(&a, &b),
            _ => number::modulo(&a, &b),
        };
        match result {
            Ok(Some(n)) => from_number(n),
            _ => Value::Null,
        }
    }

    #[test]
    fn integer_comparisons_match_the_general_number_route() {
        let values = [i32::MIN, -7, -1, 0, 1, 5, 6, i32::MAX];
        for op in [BinaryOp::Lt, BinaryOp::Le, BinaryOp::Gt, BinaryOp::Ge] {
            for a in values {
                for b in values {
                    let general = number::compare(&JavaNumber::Integer(a), &JavaNumber::Integer(b))
                        .map(|ordering| match op {
                            BinaryOp::Lt => ordering == Ordering::Less,
                            BinaryOp::Le => ordering != Ordering::Greater,
                            BinaryOp::Gt => ordering == Ordering::Greater,
                            _ => ordering != Ordering::Less,
                        })
                        .map_err(|e| e.to_string());
                    assert_eq!(
                        order(op, &Value::Int(a), &Value::Int(b)),
                        general,
                        "{a} {op:?} {b}"
                    );
                }
            }
        }
    }

    #[test]
    fn integer_arithmetic_matches_the_general_number_route() {
        let values = [
            0,
            1,
            -1,
            2,
            -7,
            13,
            46_341,
            i32::MAX,
            i32::MIN,
            i32::MAX - 1,
        ];
        for op in [
            BinaryOp::Add,
            BinaryOp::Sub,
            BinaryOp::Mul,
            BinaryOp::Div,
            BinaryOp::Mod,
        ] {
            for a in values {
                for b in values {
                    let fast = int_arithmetic(op, a, b);
                    let slow = general(op, a, b);
                    assert_eq!(
                        (fast.class_name(), fast.to_java_string()),
                        (slow.class_name(), slow.to_java_string()),
                        "{a} {op:?} {b}"
                    );
                }
            }
        }
    }
}
