//! A strict JSON (RFC 8259) reader that builds json-smart's model directly, in one pass over the
//! text: the fast path for request and response bodies, which are nearly always strict JSON.
//!
//! json-smart reads every strict document the way this does, so anything this refuses (lenient
//! syntax, lone surrogate escapes, very deep nesting, numbers json-smart cannot type) is left
//! to `smartjson::parse` and its quirks by returning `None`.

use std::borrow::Cow;
use std::collections::HashMap;

use indexmap::IndexMap;

use super::smartjson::{self, JsonObject, SmartJson, SmartNumber};
use crate::render::value::{FastHash, Key, Str, Style, Value};

/// Nesting of arrays and objects past which the document is left to json-smart's parser.
const MAX_NESTING: usize = 127;

/// Parses `text` as strict JSON; `None` when it is not (or needs json-smart's own parser).
pub fn parse(text: &str) -> Option<SmartJson> {
    read::<SmartJson>(text)
}

/// Parses `text` as strict JSON straight into template values, as `$input.path('$')` gives them
/// (objects are LinkedHashMaps, arrays JSON-printing lists); `None` as for [`parse`].
pub fn parse_value(text: &str) -> Option<Value> {
    read::<Value>(text)
}

/// `$input.json('$')` of strict JSON `text`, written as it is read: what parsing it into
/// json-smart's model and printing that gives, without the model. `None` where the model matters
/// (an object repeating a member name keeps one of them) or the text is not strict JSON.
pub fn compress(text: &str) -> Option<String> {
    let mut reader = Reader::<SmartJson>::new(text);
    let mut out = String::with_capacity(text.len());
    let mut names = Vec::new();
    reader.skip_whitespace();
    reader.write_value(0, &mut out, &mut names)?;
    reader.finished().then_some(out)
}

/// Members per object past which [`compress`] leaves the check for repeated names to the model.
const MAX_COMPRESS_MEMBERS: usize = 64;

fn read<B: Build>(text: &str) -> Option<B> {
    let mut reader = Reader::new(text);
    reader.skip_whitespace();
    let value = reader.value(0)?;
    reader.finished().then_some(value)
}

/// What the reader builds: json-smart's model (for JSONPath) or template values (when the whole
/// body is read, which then skips the model and the copy out of it).
trait Build: Sized {
    fn null() -> Self;
    fn bool(b: bool) -> Self;
    fn number(n: SmartNumber) -> Self;
    fn string(s: Str) -> Self;
    fn array(items: Vec<Self>) -> Self;
    /// An object of `count` members; a repeated name keeps its first position and takes the
    /// last value (LinkedHashMap.put).
    fn object(count: usize, members: std::vec::Drain<'_, (Str, Self)>) -> Self;
}

impl Build for SmartJson {
    fn null() -> Self {
        SmartJson::Null
    }
    fn bool(b: bool) -> Self {
        SmartJson::Bool(b)
    }
    fn number(n: SmartNumber) -> Self {
        SmartJson::Number(n)
    }
    fn string(s: Str) -> Self {
        SmartJson::String(s)
    }
    fn array(items: Vec<Self>) -> Self {
        SmartJson::Array(items)
    }
    fn object(count: usize, members: std::vec::Drain<'_, (Str, Self)>) -> Self {
        if count == 0 {
            return SmartJson::Object(Box::default());
        }
        let mut object = JsonObject::with_capacity_and_hasher(count, FastHash::default());
        object.extend(members);
        SmartJson::Object(Box::new(object))
    }
}

impl Build for Value {
    fn null() -> Self {
        Value::Null
    }
    fn bool(b: bool) -> Self {
        Value::Bool(b)
    }
    fn number(n: SmartNumber) -> Self {
        super::path::number_value(n)
    }
    fn string(s: Str) -> Self {
        Value::Str(s)
    }
    fn array(items: Vec<Self>) -> Self {
        Value::styled_list(items, Style::Json)
    }
    fn object(count: usize, members: std::vec::Drain<'_, (Str, Self)>) -> Self {
        let mut entries = IndexMap::with_capacity_and_hasher(count, FastHash::default());
        entries.extend(members.map(|(k, v)| (Key(Value::Str(k)), v)));
        Value::map(entries)
    }
}

struct Reader<'a, B> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
    /// Member names seen so far: the objects of an array mostly repeat the same names, and
    /// sharing one string per name saves an allocation per member (and the memory).
    keys: HashMap<&'a str, Str, FastHash>,
    /// Items of the arrays being read, innermost last: each array is built once, at its final
    /// size, instead of growing (and copying) as its items arrive.
    pending_items: Vec<B>,
    /// Members of the objects being read, innermost last, for the same reason.
    pending_members: Vec<(Str, B)>,
}

impl<'a, B: Build> Reader<'a, B> {
    fn new(text: &'a str) -> Reader<'a, B> {
        Reader {
            bytes: text.as_bytes(),
            text,
            at: 0,
            keys: HashMap::default(),
            pending_items: Vec::new(),
            pending_members: Vec::new(),
        }
    }

    /// Whether only whitespace is left.
    fn finished(&mut self) -> bool {
        self.skip_whitespace();
        self.at == self.bytes.len()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn expect_word<T>(&mut self, word: &str, value: T) -> Option<T> {
        let end = self.at + word.len();
        (self.bytes.get(self.at..end)? == word.as_bytes()).then(|| {
            self.at = end;
            value
        })
    }

    fn value(&mut self, nesting: usize) -> Option<B> {
        match self.peek()? {
            b'{' => self.object(nesting + 1),
            b'[' => self.array(nesting + 1),
            b'"' => self.string().map(|text| B::string(Str::from(text))),
            b't' => self.expect_word("true", B::bool(true)),
            b'f' => self.expect_word("false", B::bool(false)),
            b'n' => self.expect_word("null", B::null()),
            b'-' | b'0'..=b'9' => self.number().map(B::number),
            _ => None,
        }
    }

    /// Copies one value to `out` as json-smart prints it; `names` holds the member names of the
    /// objects being written, innermost last.
    fn write_value(
        &mut self,
        nesting: usize,
        out: &mut String,
        names: &mut Vec<Cow<'a, str>>,
    ) -> Option<()> {
        match self.peek()? {
            b'{' => {
                out.push('{');
                let first = names.len();
                if self.open(b'}', nesting + 1)? {
                    loop {
                        let name = self.member_name()?;
                        if names.len() - first >= MAX_COMPRESS_MEMBERS
                            || names.get(first..)?.contains(&name)
                        {
                            return None;
                        }
                        smartjson::write_quoted_compress(out, &name);
                        names.push(name);
                        out.push(':');
                        self.write_value(nesting + 1, out, names)?;
                        if self.closed(b'}')? {
                            break;
                        }
                        out.push(',');
                    }
                }
                names.truncate(first);
                out.push('}');
            }
            b'[' => {
                out.push('[');
                if self.open(b']', nesting + 1)? {
                    loop {
                        self.write_value(nesting + 1, out, names)?;
                        if self.closed(b']')? {
                            break;
                        }
                        out.push(',');
                    }
                }
                out.push(']');
            }
            b'"' => {
                let text = self.string()?;
                smartjson::write_quoted_compress(out, &text);
            }
            b't' => out.push_str(self.expect_word("true", "true")?),
            b'f' => out.push_str(self.expect_word("false", "false")?),
            b'n' => out.push_str(self.expect_word("null", "null")?),
            b'-' | b'0'..=b'9' => {
                let number = self.number()?;
                smartjson::write_number(out, &number);
            }
            _ => return None,
        }
        Some(())
    }

    /// Steps over the `[` or `{` at the cursor of a container `nesting` levels deep: `Some(true)`
    /// when items follow, `Some(false)` when `close` ends it at once.
    fn open(&mut self, close: u8, nesting: usize) -> Option<bool> {
        if nesting > MAX_NESTING {
            return None;
        }
        self.at += 1;
        self.skip_whitespace();
        if self.peek()? == close {
            self.at += 1;
            return Some(false);
        }
        Some(true)
    }

    /// After an item: `Some(false)` past a `,` (another item follows), `Some(true)` past `close`.
    fn closed(&mut self, close: u8) -> Option<bool> {
        self.skip_whitespace();
        let next = self.peek()?;
        self.at += 1;
        match next {
            b',' => {
                self.skip_whitespace();
                Some(false)
            }
            _ if next == close => Some(true),
            _ => None,
        }
    }

    /// A member's `"name":`, leaving the cursor on its value.
    fn member_name(&mut self) -> Option<Cow<'a, str>> {
        if self.peek()? != b'"' {
            return None;
        }
        let name = self.string()?;
        self.skip_whitespace();
        if self.peek()? != b':' {
            return None;
        }
        self.at += 1;
        self.skip_whitespace();
        Some(name)
    }

    fn array(&mut self, nesting: usize) -> Option<B> {
        let first = self.pending_items.len();
        if self.open(b']', nesting)? {
            loop {
                let item = self.value(nesting)?;
                self.pending_items.push(item);
                if self.closed(b']')? {
                    break;
                }
            }
        }
        Some(B::array(self.pending_items.split_off(first)))
    }

    fn object(&mut self, nesting: usize) -> Option<B> {
        let first = self.pending_members.len();
        if self.open(b'}', nesting)? {
            loop {
                let key = match self.member_name()? {
                    Cow::Borrowed(name) => {
                        self.keys.entry(name).or_insert_with(|| name.into()).clone()
                    }
                    Cow::Owned(name) => name.into(),
                };
                let value = self.value(nesting)?;
                self.pending_members.push((key, value));
                if self.closed(b'}')? {
                    break;
                }
            }
        }
        let count = self.pending_members.len() - first;
        Some(B::object(count, self.pending_members.drain(first..)))
    }

    /// A string starting at the opening quote; raw control characters and lone surrogate
    /// escapes are refused, as strict JSON readers do.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.at += 1;
        let start = self.at;
        // Most strings have no escapes: one scan, one copy.
        loop {
            match self.peek()? {
                b'"' => {
                    let text = self.text.get(start..self.at)?;
                    self.at += 1;
                    return Some(Cow::Borrowed(text));
                }
                b'\\' => break,
                0x00..=0x1f => return None,
                _ => self.at += 1,
            }
        }
        let mut out = String::with_capacity(self.at - start + 16);
        out.push_str(self.text.get(start..self.at)?);
        loop {
            let run_start = self.at;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            out.push_str(self.text.get(run_start..self.at)?);
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some(Cow::Owned(out));
                }
                b'\\' => {
                    self.at += 1;
                    let escape = self.peek()?;
                    self.at += 1;
                    match escape {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.unicode_escape()?),
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
    }

    /// The character of a `\uXXXX` escape (the `\u` already read), joining surrogate pairs.
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        match first {
            0xD800..=0xDBFF => {
                if self.bytes.get(self.at..self.at + 2)? != b"\\u" {
                    return None;
                }
                self.at += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return None;
                }
                let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                char::from_u32(code)
            }
            0xDC00..=0xDFFF => None,
            _ => char::from_u32(first),
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.at..self.at + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, typed as json-smart types the literal.
    fn number(&mut self) -> Option<SmartNumber> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek()? {
            b'0' => self.at += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        let mut integral = true;
        if self.peek() == Some(b'.') {
            integral = false;
            self.at += 1;
            if !self.peek()?.is_ascii_digit() {
                return None;
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            integral = false;
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if !self.peek()?.is_ascii_digit() {
                return None;
            }
            self.digits();
        }
        let literal = self.text.get(start..self.at)?;
        if literal.len() > 18 {
            return smartjson::number_from_literal(literal);
        }
        // Up to 18 characters an integer fits in a long: Integer when it fits in 32 bits, else
        // Long. A decimal literal that short is Double.parseDouble's, which rounds correctly as
        // Rust's parser does, and every strict JSON number is a form both accept.
        Some(if integral {
            let value: i64 = literal.parse().ok()?;
            match i32::try_from(value) {
                Ok(v) => SmartNumber::Int(v),
                Err(_) => SmartNumber::Long(value),
            }
        } else {
            SmartNumber::Double(literal.parse().ok()?)
        })
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the previous route gave: serde_json's strict reading, then json-smart's number typing.
    fn via_serde(text: &str) -> Option<String> {
        let json: serde_json::Value = serde_json::from_str(text).ok()?;
        Some(smartjson::to_json_compress(&from_serde(&json)?))
    }

    fn from_serde(json: &serde_json::Value) -> Option<SmartJson> {
        Some(match json {
            serde_json::Value::Null => SmartJson::Null,
            serde_json::Value::Bool(b) => SmartJson::Bool(*b),
            serde_json::Value::Number(n) => {
                SmartJson::Number(smartjson::number_from_literal(&n.to_string())?)
            }
            serde_json::Value::String(s) => SmartJson::String(s.as_str().into()),
            serde_json::Value::Array(items) => {
                SmartJson::Array(items.iter().map(from_serde).collect::<Option<Vec<_>>>()?)
            }
            serde_json::Value::Object(map) => {
                let mut members = JsonObject::default();
                for (k, v) in map {
                    members.insert(k.as_str().into(), from_serde(v)?);
                }
                SmartJson::Object(Box::new(members))
            }
        })
    }

    #[test]
    fn strict_documents_read_as_serde_json_reads_them() {
        for text in [
            r#"{"a":1,"b":[true,false,null],"c":{"d":"x\"y\\z\/\b\f\n\r\t\u00e9\ud83d\ude00"}}"#,
            " [ 0 , -0 , 2147483647 , 2147483648 , -2147483648 , -2147483649 ] ",
            "[123456789012345678, -12345678901234567, 1234567890123456789012]",
            "[1.5, -0.0, 1e5, 2E-3, 1.25e+2, 0.1000000000000000055511151231257827]",
            "[0.1, 2.5e-308, 1.7976931348623157e308, 1e400, -1e-400, 123456.789012345]",
            r#"{"k":1,"j":2,"k":3}"#,
            r#""just a string""#,
            "null",
            "{}",
            "[]",
            "[[[[{\"deep\":[]}]]]]",
        ] {
            let ours = parse(text).map(|v| smartjson::to_json_compress(&v));
            assert_eq!(ours, via_serde(text), "{text}");
            assert!(ours.is_some(), "{text}");
        }
    }

    #[test]
    fn values_read_directly_equal_the_values_converted_from_the_model() {
        for text in [
            r#"{"a":1,"b":[true,false,null,1.5,12345678901,123456789012345678901],"c":{"d":"x\u00e9"}}"#,
            r#"{"k":1,"j":2,"k":3}"#,
            r#"[{"a":{}},[],"s",-0.0,1e400]"#,
            "\"plain\"",
            "null",
        ] {
            let direct = parse_value(text).map(|v| v.to_java_string());
            let converted = parse(text).map(|j| super::super::path::to_value(&j).to_java_string());
            assert_eq!(direct, converted, "{text}");
            assert!(direct.is_some(), "{text}");
        }
        assert!(parse_value("{a:1}").is_none());
    }

    #[test]
    fn compressing_while_reading_prints_what_the_model_prints() {
        for text in [
            r#"{"a":1,"b":[true,false,null,1.5,12345678901,123456789012345678901,1e400,-0.0],"c":{"d":"x\u00e9\/\"\n\u2028\u0001"}}"#,
            " [ 0 , -0 , 2147483648 , 1E5, 0.1000000000000000055511151231257827 ] ",
            r#"[{"a":{}},[],"s/t",{"x":[{"y":[]}]}]"#,
            "\"plain\"",
            "null",
            "{}",
        ] {
            let streamed = compress(text);
            let modelled = parse(text).map(|j| smartjson::to_json_compress(&j));
            assert_eq!(streamed, modelled, "{text}");
            assert!(streamed.is_some(), "{text}");
        }
        // A repeated name keeps its first place and its last value: left to the model.
        assert!(compress(r#"{"k":1,"j":2,"k":3}"#).is_none());
        assert!(compress(r#"[{"k":1},{"k":2}]"#).is_some());
        assert!(compress("{a:1}").is_none());
        let wide = format!(
            "{{{}}}",
            (0..100)
                .map(|i| format!("\"k{i}\":{i}"))
                .collect::<Vec<_>>()
                .join(",")
        );
        assert!(compress(&wide).is_none());
    }

    #[test]
    fn anything_not_strict_is_left_to_json_smart() {
        for text in [
            "",
            " ",
            "{a:1}",
            "{'a':1}",
            "[1,]",
            "{\"a\":1,}",
            "[01]",
            "[1.]",
            "[.5]",
            "[+1]",
            "[1e]",
            "[-]",
            "\"tab\there\"",
            r#""\ud83d""#,
            r#""\ude00""#,
            r#""\x""#,
            "[1] junk",
            "tru",
            "NaN",
            "[1 2]",
        ] {
            assert!(parse(text).is_none(), "{text:?}");
            assert!(via_serde(text).is_none(), "{text:?}");
        }
    }

    #[test]
    fn nesting_past_the_limit_is_left_to_json_smart() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(parse(&deep).is_none());
        let shallow = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(parse(&shallow).is_some());
    }
}
