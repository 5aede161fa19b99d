//! Properties of the value model as templates see it: Velocity 1.7's integer arithmetic (promotion
//! instead of overflow), Java narrowing, Double.toString round trips, map and list operations.
//!
//! Expected values come from Rust models of the Java rules; the rules themselves were checked
//! against `../shared/oracle` (stock Velocity 1.7): `2147483647 + 1` is the Long 2147483648,
//! `Long.MAX_VALUE + 1` a BigInteger, `-9223372036854775808 / -1` wraps to itself, `7 / 0` is null,
//! `$long.intValue()` wraps, `put`/`remove` return the previous value and a re-put key keeps
//! its place in a LinkedHashMap.

use apigw_vtl::{RenderOptions, Template};
use proptest::prelude::*;
use serde_json::json;

fn render(template: &str, vars: serde_json::Value) -> String {
    let vars = vars.as_object().cloned().unwrap_or_default();
    Template::parse("prop.vtl", template)
        .and_then(|t| t.render_json(&vars, &RenderOptions::default()))
        .unwrap_or_else(|e| panic!("{template}: {}", e.render()))
}

/// The Java class Velocity gives an integer result: the smallest of Integer, Long, BigInteger
/// that holds it (Velocity widens on overflow and keeps Long once an operand is Long).
fn integer_class(value: i128, long_operand: bool) -> &'static str {
    if !long_operand && i32::try_from(value).is_ok() {
        "Integer"
    } else if i64::try_from(value).is_ok() {
        "Long"
    } else {
        "BigInteger"
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn int_addition_widens_instead_of_overflowing(a: i32, b: i32) {
        let exact = i128::from(a) + i128::from(b);
        prop_assert_eq!(
            render("#set($c = $a + $b)$c $c.class.simpleName", json!({"a": a, "b": b})),
            format!("{exact} {}", integer_class(exact, false))
        );
    }

    #[test]
    fn adding_then_subtracting_an_int_gives_it_back(a: i32, b: i32) {
        prop_assert_eq!(
            render("#set($c = $a + $b - $b)$c", json!({"a": a, "b": b})),
            a.to_string()
        );
    }

    #[test]
    fn long_multiplication_widens_to_big_integer(a: i64, b: i64) {
        let exact = i128::from(a) * i128::from(b);
        let long_operand = i32::try_from(a).is_err() || i32::try_from(b).is_err();
        prop_assert_eq!(
            render("#set($c = $a * $b)$c $c.class.simpleName", json!({"a": a, "b": b})),
            format!("{exact} {}", integer_class(exact, long_operand))
        );
    }

    #[test]
    fn integer_division_truncates_toward_zero_as_java(a: i32, b in any::<i32>().prop_filter("not zero", |b| *b != 0)) {
        // i32::MIN / -1 is the only quotient outside int: Velocity computes it as a long.
        let quotient = i64::from(a) / i64::from(b);
        let remainder = i64::from(a) % i64::from(b);
        prop_assert_eq!(
            render("#set($q = $a / $b)#set($r = $a % $b)$q $r", json!({"a": a, "b": b})),
            format!("{quotient} {remainder}")
        );
    }

    #[test]
    fn division_by_zero_is_null(a: i64) {
        // Velocity's MathUtils returns null; `#set` with a null value leaves `$q` undefined.
        prop_assert_eq!(
            render("#set($q = $a / 0)#set($r = $a % 0)$q $r", json!({"a": a})),
            "$q $r"
        );
    }

    #[test]
    fn long_narrowing_wraps_as_java(a: i64) {
        prop_assert_eq!(
            render("$a.intValue() $a.longValue()", json!({"a": a})),
            format!("{} {a}", a as i32)
        );
        // JDK 17's Double.toString is not always the shortest form (-4.4397516337564861E18 in
        // the oracle), but it always reads back as the same double.
        let printed = render("$a.doubleValue()", json!({"a": a}));
        let parsed: f64 = printed.parse().unwrap_or_else(|e| panic!("{printed}: {e}"));
        prop_assert_eq!(parsed.to_bits(), (a as f64).to_bits(), "{}", printed);
    }

    #[test]
    fn integer_to_string_and_back(a: i64) {
        prop_assert_eq!(render("$a", json!({"a": a})), a.to_string());
        prop_assert_eq!(render("$a.toString().length()", json!({"a": a})), a.to_string().len().to_string());
    }

    #[test]
    fn double_to_string_parses_back_to_the_same_double(d in any::<f64>().prop_filter("finite", |d| d.is_finite())) {
        let printed = render("$d", json!({"d": d}));
        let parsed: f64 = printed.parse().unwrap_or_else(|e| panic!("{printed}: {e}"));
        prop_assert_eq!(parsed.to_bits(), d.to_bits(), "{} printed as {}", d, printed);
        // Java's form: always a `.` or an exponent `E`, never Rust's `e`.
        prop_assert!(printed.contains('.') || printed.contains('E'), "{}", printed);
        prop_assert!(!printed.contains('e'), "{}", printed);
    }
}

/// One operation on a map.
#[derive(Clone, Debug)]
enum MapOp {
    Put(char, i32),
    Remove(char),
}

fn map_op() -> impl Strategy<Value = MapOp> {
    let key = prop::sample::select(vec!['a', 'b', 'c', 'd', 'e']);
    prop_oneof![
        (key.clone(), any::<i32>()).prop_map(|(k, v)| MapOp::Put(k, v)),
        key.prop_map(MapOp::Remove),
    ]
}

/// One operation on a list, with indexes taken modulo the list's size at that point.
#[derive(Clone, Debug)]
enum ListOp {
    Add(i32),
    Insert(usize, i32),
    Set(usize, i32),
    Remove(usize),
    Get(usize),
}

fn list_op() -> impl Strategy<Value = ListOp> {
    prop_oneof![
        any::<i32>().prop_map(ListOp::Add),
        (any::<usize>(), any::<i32>()).prop_map(|(i, v)| ListOp::Insert(i, v)),
        (any::<usize>(), any::<i32>()).prop_map(|(i, v)| ListOp::Set(i, v)),
        any::<usize>().prop_map(ListOp::Remove),
        any::<usize>().prop_map(ListOp::Get),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_map_keeps_insertion_order_through_put_and_remove(ops in prop::collection::vec(map_op(), 0..24)) {
        let mut template = String::from("#set($m = {})");
        let mut expected = String::new();
        let mut model: Vec<(char, i32)> = Vec::new();
        for op in &ops {
            let previous = match op {
                MapOp::Put(k, v) => {
                    template.push_str(&format!("[$!m.put(\"{k}\", {v})]"));
                    match model.iter_mut().find(|(key, _)| key == k) {
                        // A LinkedHashMap keeps a re-put key where it was.
                        Some(entry) => Some(std::mem::replace(&mut entry.1, *v)),
                        None => {
                            model.push((*k, *v));
                            None
                        }
                    }
                }
                MapOp::Remove(k) => {
                    template.push_str(&format!("[$!m.remove(\"{k}\")]"));
                    let at = model.iter().position(|(key, _)| key == k);
                    at.map(|i| model.remove(i).1)
                }
            };
            expected.push_str(&format!("[{}]", previous.map_or(String::new(), |v| v.to_string())));
        }
        template.push_str("$m $m.size()");
        let entries: Vec<String> = model.iter().map(|(k, v)| format!("{k}={v}")).collect();
        expected.push_str(&format!("{{{}}} {}", entries.join(", "), model.len()));
        prop_assert_eq!(render(&template, json!({})), expected);
    }

    #[test]
    fn a_list_agrees_with_a_vector_through_add_set_remove_and_get(ops in prop::collection::vec(list_op(), 0..24)) {
        let mut template = String::from("#set($l = [])");
        let mut expected = String::new();
        let mut model: Vec<i32> = Vec::new();
        for op in &ops {
            match *op {
                ListOp::Add(v) => {
                    template.push_str(&format!("[$l.add({v})]"));
                    model.push(v);
                    expected.push_str("[true]");
                }
                ListOp::Insert(i, v) => {
                    let at = i % (model.len() + 1);
                    // `add(int, E)` is void: it prints nothing.
                    template.push_str(&format!("[$l.add({at}, {v})]"));
                    model.insert(at, v);
                    expected.push_str("[]");
                }
                ListOp::Set(i, v) if !model.is_empty() => {
                    let at = i % model.len();
                    template.push_str(&format!("[$l.set({at}, {v})]"));
                    expected.push_str(&format!("[{}]", std::mem::replace(&mut model[at], v)));
                }
                ListOp::Remove(i) if !model.is_empty() => {
                    let at = i % model.len();
                    // An Integer argument selects remove(int), as in Velocity 1.7.
                    template.push_str(&format!("[$l.remove({at})]"));
                    expected.push_str(&format!("[{}]", model.remove(at)));
                }
                ListOp::Get(i) if !model.is_empty() => {
                    let at = i % model.len();
                    template.push_str(&format!("[$l.get({at})]"));
                    expected.push_str(&format!("[{}]", model[at]));
                }
                ListOp::Set(..) | ListOp::Remove(_) | ListOp::Get(_) => {}
            }
        }
        template.push_str("$l $l.size()");
        let items: Vec<String> = model.iter().map(i32::to_string).collect();
        expected.push_str(&format!("[{}] {}", items.join(", "), model.len()));
        prop_assert_eq!(render(&template, json!({})), expected);
    }
}
