//! json-smart 2.2 as Jayway JsonPath 2.0.0 uses it: the permissive parser and value tree behind
//! `$input.path`, `$input.json` and `$util.parseJson`, and json-smart's two JSON writers.

// Jayway's `JsonSmartJsonProvider` parses with `new JSONParser(MODE_PERMISSIVE)` and the
// `DEFAULT_ORDERED` mapper, so objects are `java.util.LinkedHashMap` (insertion order; a
// duplicate key keeps its first position and takes the last value) and arrays are
// `net.minidev.json.JSONArray`. Permissive mode switches on every leniency json-smart has:
//
// * no check for trailing data: only the first value is read (`{"a":1} junk` is `{a=1}`);
// * single-quoted strings, and unquoted strings wherever a value or key may start
//   (`{a: hello world}`); a token that starts like a number but continues with other text is
//   a string (`12ab`, `1 2`, `--5`), and `-` alone is the Integer 0;
// * `NaN` is a `java.lang.Float`; leading zeros are accepted; commas in arrays are optional
//   and extra commas are ignored (`[,1,,2,]`), trailing commas in objects are accepted;
// * control characters inside strings are kept when the string has no backslash, and
//   silently dropped when it has one (json-smart re-reads escaped strings character by
//   character and skips control characters in that loop);
// * escapes: `\uXXXX`, `\xXX`, the usual one-letter escapes; any other escaped character
//   disappears together with its backslash (`"a\qb"` is `ab`).
//
// Numbers: an integer literal is an `Integer` when it fits in 32 bits, else a `Long`, else a
// `BigInteger` (decided by the digit count: 20+ characters is always a BigInteger, even
// `000000000000000000001`). A literal with `.`, `e` or `E` is a `Double` when the text is at
// most 18 characters long and a `BigDecimal` otherwise (`0.1234567890123456789`).
//
// Writers: `JSONValue.toJSONString(v, JSONStyle.LT_COMPRESS)` (`to_json_compress`) and the
// default `NO_COMPRESS` style of `JSONArray.toString()` (`to_json_default`) quote every
// key and string and escape `"`, `\`, `\b \f \n \r \t`, and U+0000-001F, U+007F-009F and
// U+2000-20FF as `\uXXXX` (upper-case hex); only the default style also escapes `/` as `\/`.
// Non-ASCII text is written as is. Doubles print with `Double.toString` (`1.0E10`), infinite
// ones as `null`, NaN as `NaN`.
//
// Java strings are UTF-16 and may hold unpaired surrogates (`"\ud800"`); Rust strings cannot,
// so an unpaired surrogate becomes `LONE_SURROGATE_REPLACEMENT` (`?`), the byte Java's own
// UTF-8 encoder writes for it.
//
// Everything here was checked against the real jars (json-smart 2.2, Jayway 2.0.0 on
// OpenJDK 17) with a differential harness. Known differences: unpaired surrogates (above), and
// nesting deeper than `MAX_DEPTH`, which Java would still parse.

use std::fmt::Write as _;

use indexmap::IndexMap;
use num_bigint::BigInt;

use crate::render::java::number::{java_double_to_string, java_float_to_string, JavaBigDecimal};
use crate::render::java::string::LONE_SURROGATE_REPLACEMENT;
use crate::render::value::{FastHash, Str};

/// Deepest nesting of arrays and objects [`parse`] accepts (Java itself would go on until its
/// thread stack overflows). Matches the engine's other JSON limit; trees built by [`parse`]
/// can therefore be printed, dropped and searched recursively without risk.
pub const MAX_DEPTH: usize = 512;

/// A JSON object's members in insertion order, as json-smart's LinkedHashMap keeps them.
pub type JsonObject = IndexMap<Str, SmartJson, FastHash>;

/// A value as json-smart builds it. Cloning works without recursion (so deep trees cannot
/// overflow the stack that way); dropping, printing and comparing recurse once per level.
#[derive(Debug)]
pub enum SmartJson {
    /// Java `null`.
    Null,
    /// `java.lang.Boolean`.
    Bool(bool),
    /// A `java.lang.Number` (see [`SmartNumber`]).
    Number(SmartNumber),
    /// `java.lang.String` (shared with the template values made from it).
    String(Str),
    /// `net.minidev.json.JSONArray` (an `ArrayList` whose `toString()` is JSON).
    Array(Vec<SmartJson>),
    /// `java.util.LinkedHashMap`, in iteration (insertion) order.
    Object(Box<JsonObject>),
}

/// The Java number types json-smart produces.
#[derive(Clone, Debug)]
pub enum SmartNumber {
    /// `java.lang.Integer`: integer literals that fit in 32 bits.
    Int(i32),
    /// `java.lang.Long`: integer literals of up to 19 digits that fit in 64 bits.
    Long(i64),
    /// `java.math.BigInteger`: longer integer literals.
    BigInt(Box<BigInt>),
    /// `java.lang.Double`: literals with `.`, `e` or `E` of at most 18 characters.
    Double(f64),
    /// `java.lang.Float`: only the literal `NaN` gives one (`Float.NaN`).
    Float(f32),
    /// `java.math.BigDecimal`: literals with `.`, `e` or `E` longer than 18 characters.
    BigDecimal(Box<JavaBigDecimal>),
}

impl Clone for SmartJson {
    fn clone(&self) -> Self {
        /// A container being copied: the source entries still to copy and the copy so far.
        enum Copying<'s> {
            Array(std::slice::Iter<'s, SmartJson>, Vec<SmartJson>),
            Object(indexmap::map::Iter<'s, Str, SmartJson>, JsonObject, Str),
        }
        let mut stack: Vec<Copying<'_>> = Vec::new();
        let mut next: &SmartJson = self;
        loop {
            // Copy `next`, or open it when it is a container with something inside.
            let mut done = match next {
                SmartJson::Null => SmartJson::Null,
                SmartJson::Bool(b) => SmartJson::Bool(*b),
                SmartJson::Number(n) => SmartJson::Number(n.clone()),
                SmartJson::String(s) => SmartJson::String(s.clone()),
                SmartJson::Array(items) => {
                    let mut iter = items.iter();
                    match iter.next() {
                        Some(first) => {
                            stack.push(Copying::Array(iter, Vec::with_capacity(items.len())));
                            next = first;
                            continue;
                        }
                        None => SmartJson::Array(Vec::new()),
                    }
                }
                SmartJson::Object(map) => {
                    let mut iter = map.iter();
                    match iter.next() {
                        Some((k, v)) => {
                            let copy =
                                IndexMap::with_capacity_and_hasher(map.len(), Default::default());
                            stack.push(Copying::Object(iter, copy, k.clone()));
                            next = v;
                            continue;
                        }
                        None => SmartJson::Object(Box::default()),
                    }
                }
            };
            // Store the copy in its container; finish containers that are complete.
            loop {
                match stack.last_mut() {
                    None => return done,
                    Some(Copying::Array(iter, copy)) => {
                        copy.push(done);
                        if let Some(v) = iter.next() {
                            next = v;
                            break;
                        }
                    }
                    Some(Copying::Object(iter, copy, key)) => {
                        copy.insert(std::mem::take(key), done);
                        if let Some((k, v)) = iter.next() {
                            *key = k.clone();
                            next = v;
                            break;
                        }
                    }
                }
                done = match stack.pop() {
                    Some(Copying::Array(_, copy)) => SmartJson::Array(copy),
                    Some(Copying::Object(_, copy, _)) => SmartJson::Object(Box::new(copy)),
                    // Not reached: `stack.last_mut()` was just `Some`.
                    None => SmartJson::Null,
                };
            }
        }
    }
}

impl SmartJson {
    /// The Java class of the value (`null` for null), as `getClass().getName()` gives it.
    pub fn java_class(&self) -> &'static str {
        match self {
            SmartJson::Null => "null",
            SmartJson::Bool(_) => "java.lang.Boolean",
            SmartJson::Number(n) => n.java_class(),
            SmartJson::String(_) => "java.lang.String",
            SmartJson::Array(_) => "net.minidev.json.JSONArray",
            SmartJson::Object(_) => "java.util.LinkedHashMap",
        }
    }

    /// `String.valueOf(value)`: strings raw, arrays as compact JSON (`JSONArray.toString()`,
    /// which escapes `/`), objects as `LinkedHashMap.toString()` (`{a=1, b=[1,2]}`).
    pub fn to_java_string(&self) -> String {
        let mut out = String::new();
        write_java_string(&mut out, self);
        out
    }
}

impl SmartNumber {
    /// The Java class name.
    pub fn java_class(&self) -> &'static str {
        match self {
            SmartNumber::Int(_) => "java.lang.Integer",
            SmartNumber::Long(_) => "java.lang.Long",
            SmartNumber::BigInt(_) => "java.math.BigInteger",
            SmartNumber::Double(_) => "java.lang.Double",
            SmartNumber::Float(_) => "java.lang.Float",
            SmartNumber::BigDecimal(_) => "java.math.BigDecimal",
        }
    }

    /// `Number.toString()`.
    pub fn to_java_string(&self) -> String {
        match self {
            SmartNumber::Int(v) => v.to_string(),
            SmartNumber::Long(v) => v.to_string(),
            SmartNumber::BigInt(v) => v.to_string(),
            SmartNumber::Double(v) => java_double_to_string(*v),
            SmartNumber::Float(v) => java_float_to_string(*v),
            SmartNumber::BigDecimal(v) => v.to_java_string(),
        }
    }
}

fn write_java_string(out: &mut String, v: &SmartJson) {
    match v {
        SmartJson::Null => out.push_str("null"),
        SmartJson::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        SmartJson::Number(n) => out.push_str(&n.to_java_string()),
        SmartJson::String(s) => out.push_str(s),
        SmartJson::Array(_) => write_json(out, v, Style::Default),
        SmartJson::Object(map) => {
            // java.util.AbstractMap.toString
            out.push('{');
            for (i, (k, val)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push('=');
                write_java_string(out, val);
            }
            out.push('}');
        }
    }
}

// ---------------------------------------------------------------------------
// Writers
// ---------------------------------------------------------------------------

/// Which `JSONStyle`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `JSONStyle.LT_COMPRESS` (flag `FLAG_PROTECT_4WEB`, which, despite its name, turns the
    /// `/` escaping *off*).
    LtCompress,
    /// `JSONStyle.NO_COMPRESS`, `JSONValue.COMPRESSION`'s default: escapes `/` as `\/`.
    Default,
}

/// `JSONValue.toJSONString(value, JSONStyle.LT_COMPRESS)`, what `$input.json` returns.
pub fn to_json_compress(value: &SmartJson) -> String {
    let mut out = String::new();
    write_json(&mut out, value, Style::LtCompress);
    out
}

/// `JSONValue.toJSONString(value)` with the default style, i.e. what `JSONArray.toString()`
/// prints (Velocity shows a JSONArray this way; it escapes `/` as `\/`).
pub fn to_json_default(value: &SmartJson) -> String {
    let mut out = String::new();
    write_json(&mut out, value, Style::Default);
    out
}

fn write_json(out: &mut String, v: &SmartJson, style: Style) {
    match v {
        SmartJson::Null => out.push_str("null"),
        SmartJson::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        SmartJson::Number(n) => write_number(out, n),
        SmartJson::String(s) => write_quoted(out, s, style),
        SmartJson::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(out, item, style);
            }
            out.push(']');
        }
        SmartJson::Object(map) => {
            out.push('{');
            for (i, (k, val)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_quoted(out, k, style);
                out.push(':');
                write_json(out, val, style);
            }
            out.push('}');
        }
    }
}

/// A number as json-smart's writers print it.
pub(crate) fn write_number(out: &mut String, n: &SmartNumber) {
    match n {
        // json-smart's Double and Float writers print infinities as null, NaN as NaN.
        SmartNumber::Double(d) if d.is_infinite() => out.push_str("null"),
        SmartNumber::Float(f) if f.is_infinite() => out.push_str("null"),
        _ => out.push_str(&n.to_java_string()),
    }
}

/// A string as `$input.json` prints it (`JSONStyle.LT_COMPRESS`).
pub(crate) fn write_quoted_compress(out: &mut String, s: &str) {
    write_quoted(out, s, Style::LtCompress);
}

/// `JStylerObj.ESCAPE_LT` / `ESCAPE4Web` between double quotes.
fn write_quoted(out: &mut String, s: &str, style: Style) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '/' if style == Style::Default => out.push_str("\\/"),
            '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{2000}'..='\u{20ff}' => {
                let _ = write!(out, "\\u{:04X}", u32::from(ch));
            }
            _ => out.push(ch),
        }
    }
    out.push('"');
}

// ---------------------------------------------------------------------------
// Parser (a port of JSONParserBase / JSONParserMemory / JSONParserString)
// ---------------------------------------------------------------------------

/// json-smart's end-of-input marker. A real U+001A in the text is taken for the end too
/// wherever json-smart compares the current character with it.
const EOI: u16 = 0x1A;
/// Characters at or above this never count as stop characters (`MAX_STOP`, so `~`, DEL and
/// all non-ASCII text end a number instead of turning it into a string).
const MAX_STOP: u16 = 126;

/// The stop-character sets of JSONParserBase.
#[derive(Clone, Copy)]
enum Stop {
    /// `stopX`: only the end of input (top-level values).
    X,
    /// `stopArray`: `,` `]`.
    Array,
    /// `stopKey`: `:`.
    Key,
    /// `stopValue`: `,` `}`.
    Value,
}

impl Stop {
    /// `c < MAX_STOP && stop[c]`.
    fn hit(self, c: u16) -> bool {
        if c >= MAX_STOP {
            return false;
        }
        if c == EOI {
            return true;
        }
        let c = c as u8;
        match self {
            Stop::X => false,
            Stop::Array => c == b',' || c == b']',
            Stop::Key => c == b':',
            Stop::Value => c == b',' || c == b'}',
        }
    }
}

/// A failure inside the parser, before it is turned into Java's exception text.
enum ParseFail {
    /// `net.minidev.json.parser.ParseException` with this message.
    Parse(String),
    /// `java.lang.NumberFormatException` from `Double.parseDouble` / `new BigDecimal`, which
    /// json-smart lets through unwrapped (`None`: no message).
    NumberFormat(Option<String>),
    /// Nesting beyond [`MAX_DEPTH`].
    TooDeep,
}

type PResult<T> = Result<T, ParseFail>;

/// `JSONPATH_CONF.jsonProvider().parse(text)`: json-smart's permissive parser with Jayway's
/// ordered mapper. The error is the Java exception's `toString()`, e.g.
/// `com.jayway.jsonpath.InvalidJsonException: net.minidev.json.parser.ParseException:
/// Unexpected End Of File position 6: EOF`.
pub fn parse(text: &str) -> Result<SmartJson, String> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut p = Parser {
        s: &units,
        pos: -1,
        c: 0,
        xs: Vec::new(),
        sb: Vec::new(),
    };
    p.read();
    // MODE_PERMISSIVE sets both ACCEPT_TAILLING_DATA and ACCEPT_TAILLING_SPACE, which turns
    // the trailing-data check off entirely: whatever follows the first value is ignored.
    p.read_document().map_err(|e| match e {
        ParseFail::Parse(m) => format!(
            "com.jayway.jsonpath.InvalidJsonException: net.minidev.json.parser.ParseException: {m}"
        ),
        ParseFail::NumberFormat(Some(m)) => format!("java.lang.NumberFormatException: {m}"),
        ParseFail::NumberFormat(None) => "java.lang.NumberFormatException".to_string(),
        ParseFail::TooDeep => {
            format!("java.lang.StackOverflowError: JSON nested deeper than {MAX_DEPTH} levels")
        }
    })
}

struct Parser<'a> {
    /// The text as Java sees it: UTF-16 code units.
    s: &'a [u16],
    /// Index of `c` (json-smart starts at -1; may run past the end).
    pos: i64,
    /// Current character, [`EOI`] past the end.
    c: u16,
    /// The last string or token read (`xs`).
    xs: Vec<u16>,
    /// Buffer for strings with escapes (`sb`).
    sb: Vec<u16>,
}

/// `ParseException.toMessage(...)` for `ERROR_UNEXPECTED_CHAR`.
fn unexpected_char(pos: i64, c: u16) -> ParseFail {
    ParseFail::Parse(format!(
        "Unexpected character ({}) at position {pos}.",
        units_to_string(&[c])
    ))
}

/// `ERROR_UNEXPECTED_TOKEN` with a character.
fn unexpected_token(pos: i64, c: u16) -> ParseFail {
    ParseFail::Parse(format!(
        "Unexpected token {} at position {pos}.",
        units_to_string(&[c])
    ))
}

/// `ERROR_UNEXPECTED_EOF`; `what` is `EOF` or `null`.
fn unexpected_eof(pos: i64, what: &str) -> ParseFail {
    ParseFail::Parse(format!("Unexpected End Of File position {pos}: {what}"))
}

impl<'a> Parser<'a> {
    fn len(&self) -> i64 {
        self.s.len() as i64
    }

    /// `read()` / `readS()`.
    fn read(&mut self) {
        self.pos += 1;
        self.c = self.at(self.pos).unwrap_or(EOI);
    }

    fn at(&self, pos: i64) -> Option<u16> {
        usize::try_from(pos)
            .ok()
            .and_then(|p| self.s.get(p))
            .copied()
    }

    /// `readNoEnd()`: like `read()` but the end of input is an error.
    fn read_no_end(&mut self) -> PResult<()> {
        self.pos += 1;
        match self.at(self.pos) {
            Some(c) => {
                self.c = c;
                Ok(())
            }
            None => {
                self.c = EOI;
                Err(unexpected_eof(self.pos - 1, "EOF"))
            }
        }
    }

    /// `in.substring(start, stop)`, clamped (json-smart never asks for more).
    fn slice(&self, start: i64, stop: i64) -> &'a [u16] {
        let len = self.len();
        let a = start.clamp(0, len) as usize;
        let b = stop.clamp(0, len) as usize;
        let s: &'a [u16] = self.s;
        s.get(a..b.max(a)).unwrap_or(&[])
    }

    /// `extractStringTrim(start, pos)`: the text, trimmed as `String.trim()` does (every
    /// character up to U+0020 counts as white space).
    fn extract_trim(&mut self, start: i64) {
        let t = java_trim(self.slice(start, self.pos));
        self.xs.clear();
        self.xs.extend_from_slice(t);
    }

    fn skip_digits(&mut self) {
        while self.c.is_ascii_digit_u16() {
            self.read();
        }
    }

    fn skip_space(&mut self) {
        while self.c <= 0x20 && self.c != EOI {
            self.read();
        }
    }

    fn skip_nq_string(&mut self, stop: Stop) {
        while !(self.c == EOI || stop.hit(self.c)) {
            self.read();
        }
    }

    /// `readNQString(stop)`: an unquoted token up to a stop character, trimmed.
    fn read_nq_string(&mut self, stop: Stop) {
        let start = self.pos;
        self.skip_nq_string(stop);
        self.extract_trim(start);
    }

    fn xs_string(&self) -> SmartJson {
        SmartJson::String(units_to_string(&self.xs).into())
    }

    fn xs_is(&self, word: &str) -> bool {
        self.xs.iter().copied().eq(word.encode_utf16())
    }

    /// `readFirst` with `readMain`, `readArray` and `readObject`, recursion replaced by an
    /// explicit stack of open containers so deep input cannot overflow the thread's stack.
    fn read_document(&mut self) -> PResult<SmartJson> {
        let mut open: Vec<Open> = Vec::new();
        let mut stop = Stop::X;
        loop {
            // readMain: one value, or the start of a container.
            let mut value = match self.read_value_start(stop)? {
                Start::Value(v) => v,
                Start::Array => {
                    if open.len() >= MAX_DEPTH {
                        return Err(ParseFail::TooDeep);
                    }
                    self.read();
                    if self.array_step()? {
                        open.push(Open::Array(Vec::new()));
                        stop = Stop::Array;
                        continue;
                    }
                    SmartJson::Array(Vec::new())
                }
                Start::Object => {
                    if open.len() >= MAX_DEPTH {
                        return Err(ParseFail::TooDeep);
                    }
                    match self.object_key()? {
                        Some(key) => {
                            open.push(Open::Object(IndexMap::default(), key));
                            stop = Stop::Value;
                            continue;
                        }
                        None => SmartJson::Object(Box::default()),
                    }
                }
            };
            // A value is complete: hand it to the innermost open container, closing
            // containers for as long as they end right after it.
            loop {
                match open.last_mut() {
                    None => return Ok(value),
                    Some(Open::Array(items)) => {
                        items.push(value);
                        if self.array_step()? {
                            stop = Stop::Array;
                            break;
                        }
                    }
                    Some(Open::Object(map, key)) => {
                        // LinkedHashMap.put: a repeated key keeps its place, takes the new value.
                        map.insert(std::mem::take(key).into(), value);
                        if self.object_next()? {
                            if let Some(next) = self.object_key()? {
                                *key = next;
                                stop = Stop::Value;
                                break;
                            }
                        }
                    }
                }
                value = match open.pop() {
                    Some(Open::Array(items)) => SmartJson::Array(items),
                    Some(Open::Object(map, _)) => SmartJson::Object(Box::new(map)),
                    // Not reached: `open.last_mut()` was just `Some`.
                    None => SmartJson::Null,
                };
            }
        }
    }

    /// The switch of `readMain(mapper, stop)` (and `readFirst`, the same with `stopX`).
    fn read_value_start(&mut self, stop: Stop) -> PResult<Start> {
        loop {
            let value = match self.c {
                0x20 | 0x0D | 0x0A | 0x09 => {
                    self.read();
                    continue;
                }
                // ':' '}' ']'
                0x3A | 0x7D | 0x5D => return Err(unexpected_char(self.pos, self.c)),
                0x7B => return Ok(Start::Object),
                0x5B => return Ok(Start::Array),
                0x22 | 0x27 => {
                    self.read_string()?;
                    self.xs_string()
                }
                0x6E => self.read_word(stop, "null", SmartJson::Null),
                0x66 => self.read_word(stop, "false", SmartJson::Bool(false)),
                0x74 => self.read_word(stop, "true", SmartJson::Bool(true)),
                // json-smart returns Float.valueOf(Float.NaN) here, not a Double.
                0x4E => {
                    self.read_word(stop, "NaN", SmartJson::Number(SmartNumber::Float(f32::NAN)))
                }
                0x30..=0x39 | 0x2D => self.read_number(stop)?,
                _ => {
                    self.read_nq_string(stop);
                    self.xs_string()
                }
            };
            return Ok(Start::Value(value));
        }
    }

    /// An unquoted token that is `word` exactly (after trimming) or else a String.
    fn read_word(&mut self, stop: Stop, word: &str, value: SmartJson) -> SmartJson {
        self.read_nq_string(stop);
        if self.xs_is(word) {
            value
        } else {
            self.xs_string()
        }
    }

    /// `readNumber(stop)` of JSONParserMemory.
    fn read_number(&mut self, stop: Stop) -> PResult<SmartJson> {
        let start = self.pos;
        self.read();
        self.skip_digits();
        // A token that starts like a number but is followed (after spaces) by anything that
        // is not a stop character below MAX_STOP becomes an unquoted string.
        let not_a_number = |p: &Self| p.c < MAX_STOP && !stop.hit(p.c) && p.c != EOI;
        if self.c != u16::from(b'.') && self.c != u16::from(b'E') && self.c != u16::from(b'e') {
            self.skip_space();
            if not_a_number(self) {
                self.skip_nq_string(stop);
                self.extract_trim(start);
                return Ok(self.xs_string());
            }
            self.extract_trim(start);
            return Ok(SmartJson::Number(parse_integer(&self.xs)));
        }
        if self.c == u16::from(b'.') {
            self.read();
            self.skip_digits();
        }
        if self.c != u16::from(b'E') && self.c != u16::from(b'e') {
            self.skip_space();
            if not_a_number(self) {
                self.skip_nq_string(stop);
                self.extract_trim(start);
                return Ok(self.xs_string());
            }
            self.extract_trim(start);
            return extract_float(&self.xs).map(SmartJson::Number);
        }
        self.read();
        if self.c == u16::from(b'+') || self.c == u16::from(b'-') || self.c.is_ascii_digit_u16() {
            self.read();
            self.skip_digits();
            self.skip_space();
            if not_a_number(self) {
                self.skip_nq_string(stop);
                self.extract_trim(start);
                return Ok(self.xs_string());
            }
            self.extract_trim(start);
            extract_float(&self.xs).map(SmartJson::Number)
        } else {
            self.skip_nq_string(stop);
            self.extract_trim(start);
            Ok(self.xs_string())
        }
    }

    /// `readString()` of JSONParserMemory: the fast path takes everything up to the next
    /// identical quote; only text containing a backslash is re-read by `readString2`.
    fn read_string(&mut self) -> PResult<()> {
        let quote = self.c;
        let from = (self.pos + 1).clamp(0, self.len()) as usize;
        let found = self
            .s
            .get(from..)
            .and_then(|rest| rest.iter().position(|&u| u == quote))
            .map(|i| (from + i) as i64);
        let Some(close) = found else {
            return Err(unexpected_eof(self.len(), "null"));
        };
        let body = self.slice(self.pos + 1, close);
        if !body.contains(&u16::from(b'\\')) {
            // checkControleChar() is skipped: IGNORE_CONTROL_CHAR is part of MODE_PERMISSIVE.
            self.xs = body.to_vec();
            self.pos = close;
            self.read();
            return Ok(());
        }
        self.sb.clear();
        self.read_string2()
    }

    /// `readString2()`: character by character, with escapes.
    fn read_string2(&mut self) -> PResult<()> {
        let sep = self.c;
        loop {
            self.read();
            match self.c {
                EOI => return Err(unexpected_eof(self.pos - 1, "null")),
                0x22 | 0x27 => {
                    if sep == self.c {
                        self.read();
                        self.xs = std::mem::take(&mut self.sb);
                        return Ok(());
                    }
                    self.sb.push(self.c);
                }
                0x5C => {
                    self.read();
                    match self.c {
                        0x74 => self.sb.push(0x09),
                        0x6E => self.sb.push(0x0A),
                        0x72 => self.sb.push(0x0D),
                        0x66 => self.sb.push(0x0C),
                        0x62 => self.sb.push(0x08),
                        0x5C => self.sb.push(0x5C),
                        0x2F => self.sb.push(0x2F),
                        0x27 => self.sb.push(0x27),
                        0x22 => self.sb.push(0x22),
                        0x75 => {
                            let u = self.read_unicode(4)?;
                            self.sb.push(u);
                        }
                        0x78 => {
                            let u = self.read_unicode(2)?;
                            self.sb.push(u);
                        }
                        // Any other escaped character is dropped along with the backslash.
                        _ => {}
                    }
                }
                // Control characters (but not U+001A, which is EOI) are skipped because
                // MODE_PERMISSIVE includes IGNORE_CONTROL_CHAR.
                0x00..=0x19 | 0x1B..=0x1F | 0x7F => {}
                c => self.sb.push(c),
            }
        }
    }

    /// `readUnicode(n)`: `n` hex digits as one UTF-16 unit.
    fn read_unicode(&mut self, n: usize) -> PResult<u16> {
        let mut value: u32 = 0;
        for _ in 0..n {
            value *= 16;
            self.read();
            let c = self.c;
            match char::from_u32(u32::from(c)).and_then(|ch| ch.to_digit(16)) {
                Some(d) => value += d,
                None if c == EOI => return Err(unexpected_eof(self.pos, "EOF")),
                None => {
                    return Err(ParseFail::Parse(format!(
                        "Unexpected unicode escape sequence {} at position {}.",
                        units_to_string(&[c]),
                        self.pos
                    )))
                }
            }
        }
        Ok(value as u16)
    }

    /// The loop of `readArray`, from the current character: skips white space and commas
    /// (values need no separators; ACCEPT_USELESS_COMMA makes extra commas harmless). True when
    /// a value starts here, false when `]` closed the array.
    fn array_step(&mut self) -> PResult<bool> {
        loop {
            match self.c {
                0x20 | 0x0D | 0x0A | 0x09 | 0x2C => self.read(),
                0x5D => {
                    self.read();
                    return Ok(false);
                }
                0x3A | 0x7D => return Err(unexpected_char(self.pos, self.c)),
                EOI => return Err(unexpected_eof(self.pos - 1, "EOF")),
                _ => return Ok(true),
            }
        }
    }

    /// The loop of `readObject` up to a value: `Some(key)` with the parser on the value's
    /// first character, or `None` when `}` closed the object.
    fn object_key(&mut self) -> PResult<Option<String>> {
        loop {
            self.read();
            match self.c {
                0x20 | 0x0D | 0x09 | 0x0A | 0x2C => continue,
                0x3A | 0x5D | 0x5B | 0x7B => return Err(unexpected_char(self.pos, self.c)),
                0x7D => {
                    self.read();
                    return Ok(None);
                }
                _ => {
                    if self.c == 0x22 || self.c == 0x27 {
                        self.read_string()?;
                    } else {
                        // Unquoted key: everything up to ':' (or the end), trimmed.
                        self.read_nq_string(Stop::Key);
                    }
                    let key = units_to_string(&self.xs);
                    self.skip_space();
                    if self.c != u16::from(b':') {
                        if self.c == EOI {
                            return Err(unexpected_eof(self.pos - 1, "null"));
                        }
                        return Err(unexpected_char(self.pos - 1, self.c));
                    }
                    self.read_no_end()?;
                    return Ok(Some(key));
                }
            }
        }
    }

    /// `readObject` after a value: true for `,` (another key may follow), false when `}`
    /// closed the object.
    fn object_next(&mut self) -> PResult<bool> {
        self.skip_space();
        if self.c == u16::from(b'}') {
            self.read();
            return Ok(false);
        }
        if self.c == EOI {
            return Err(unexpected_eof(self.pos - 1, "null"));
        }
        if self.c != u16::from(b',') {
            return Err(unexpected_token(self.pos - 1, self.c));
        }
        Ok(true)
    }
}

/// What `readMain` found at the current position.
enum Start {
    Value(SmartJson),
    Array,
    Object,
}

/// A container being read: an array's items so far, or an object's entries so far and the
/// key whose value is being read.
enum Open {
    Array(Vec<SmartJson>),
    Object(JsonObject, String),
}

trait AsciiDigitU16 {
    fn is_ascii_digit_u16(&self) -> bool;
}

impl AsciiDigitU16 for u16 {
    fn is_ascii_digit_u16(&self) -> bool {
        (0x30..=0x39).contains(self)
    }
}

/// `parseNumber(s)` of JSONParserBase with USE_INTEGER_STORAGE: the type depends on the
/// length of the text first (more than 19 digits, or 20 with a minus sign: BigInteger), then
/// on the value (Integer when it fits in 32 bits, else Long; a 19-digit value above
/// `Long.MAX_VALUE` is a BigInteger). `-` alone is 0.
fn parse_integer(s: &[u16]) -> SmartNumber {
    let l = s.len();
    let neg = s.first() == Some(&u16::from(b'-'));
    let mut p = usize::from(neg);
    let mut max = if neg { 20 } else { 19 };
    let big = || {
        let text = units_to_string(s);
        SmartNumber::BigInt(Box::new(text.parse::<BigInt>().unwrap_or_default()))
    };
    let must_check = if l < max {
        max = l;
        false
    } else if l > max {
        return big();
    } else {
        max = l - 1;
        true
    };
    let digit = |i: usize| i64::from(s.get(i).copied().unwrap_or(0x30)) - 0x30;
    // json-smart accumulates the negated value so Long.MIN_VALUE fits.
    let mut r: i64 = 0;
    while p < max {
        r = r * 10 - digit(p);
        p += 1;
    }
    if must_check {
        let is_big = if r > -922_337_203_685_477_580 {
            false
        } else if r < -922_337_203_685_477_580 {
            true
        } else if neg {
            digit(p) > 8
        } else {
            digit(p) > 7
        };
        if is_big {
            return big();
        }
        r = r * 10 - digit(p);
    }
    if neg {
        return match i32::try_from(r) {
            Ok(v) => SmartNumber::Int(v),
            Err(_) => SmartNumber::Long(r),
        };
    }
    let r = -r;
    match i32::try_from(r) {
        Ok(v) => SmartNumber::Int(v),
        Err(_) => SmartNumber::Long(r),
    }
}

/// The Java type and value json-smart gives a number literal that strict JSON also accepts
/// (used by the strict fast path in `gateway::path`); `None` when json-smart would fail on it.
pub(crate) fn number_from_literal(text: &str) -> Option<SmartNumber> {
    let units: Vec<u16> = text.encode_utf16().collect();
    if text.contains(['.', 'e', 'E']) {
        extract_float(&units).ok()
    } else {
        Some(parse_integer(&units))
    }
}

/// `extractFloat()` with USE_HI_PRECISION_FLOAT: `new BigDecimal(xs)` when the text is
/// longer than 18 characters, else `Double.parseDouble(xs)`.
fn extract_float(xs: &[u16]) -> PResult<SmartNumber> {
    if xs.len() > 18 {
        return java_big_decimal(xs)
            .map(|d| SmartNumber::BigDecimal(Box::new(d)))
            .map_err(ParseFail::NumberFormat);
    }
    java_parse_double(xs)
        .map(SmartNumber::Double)
        .ok_or_else(|| {
            ParseFail::NumberFormat(Some(format!(
                "For input string: \"{}\"",
                units_to_string(xs)
            )))
        })
}

/// `Double.parseDouble` for the shapes json-smart hands it (`-?d*(.d*)?([eE][+-]?d*)?`):
/// `None` where Java throws (no mantissa digit, or an exponent without digits).
fn java_parse_double(xs: &[u16]) -> Option<f64> {
    let text = String::from_utf16(xs).ok()?;
    let (neg, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(&text)),
    };
    let (mantissa, exp) = match body.find(['e', 'E']) {
        Some(i) => (body.get(..i).unwrap_or(""), body.get(i + 1..)),
        None => (body, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.len() + frac.len() == 0 || !digits(int) || !digits(frac) {
        return None;
    }
    let exp_part = match exp {
        None => String::new(),
        Some(e) => {
            let unsigned = e.strip_prefix(['+', '-']).unwrap_or(e);
            if unsigned.is_empty() || !digits(unsigned) {
                return None;
            }
            format!("e{e}")
        }
    };
    let normal = format!(
        "{}{}.{}{}",
        if neg { "-" } else { "" },
        if int.is_empty() { "0" } else { int },
        if frac.is_empty() { "0" } else { frac },
        exp_part
    );
    normal.parse::<f64>().ok()
}

/// First UTF-16 unit of each run of ten decimal digits `Character.isDigit` knows in the BMP
/// (Java 17, Unicode 13), generated from the JDK itself.
const JAVA_DIGIT_ZEROS: [u16; 37] = [
    0x0030, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
    0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80,
    0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
    0xFF10,
];

/// `Character.digit(c, 10)` for a UTF-16 unit: `Some(0..=9)` exactly when
/// `Character.isDigit(c)`.
pub(crate) fn java_digit(c: u16) -> Option<u32> {
    JAVA_DIGIT_ZEROS
        .iter()
        .find(|&&z| c >= z && c < z + 10)
        .map(|&z| u32::from(c - z))
}

/// `new BigDecimal(String)` (Java 17), with its exact error selection: `Err(None)` is a
/// `NumberFormatException` without a message (Java's internal array overrun), `Err(Some(m))`
/// one with message `m`.
pub(crate) fn java_big_decimal(s: &[u16]) -> Result<JavaBigDecimal, Option<String>> {
    let at = |i: usize| s.get(i).copied().ok_or(None::<String>);
    let mut offset = 0usize;
    let mut len = s.len();
    let first = at(0)?;
    let mut neg = false;
    if first == u16::from(b'-') {
        neg = true;
        offset += 1;
        len -= 1;
    } else if first == u16::from(b'+') {
        offset += 1;
        len -= 1;
    }
    let compact = len <= 18;
    let mut dot = false;
    let mut scale: i64 = 0;
    let mut exp: i64 = 0;
    let mut digits = String::new();
    while len > 0 {
        let c = at(offset)?;
        if let Some(d) = java_digit(c) {
            digits.push(char::from(b'0' + d as u8));
            if dot {
                scale += 1;
            }
        } else if c == u16::from(b'.') {
            if dot {
                return Err(Some(
                    "Character array contains more than one decimal point.".to_string(),
                ));
            }
            dot = true;
        } else if c == u16::from(b'e') || c == u16::from(b'E') {
            exp = parse_big_decimal_exp(s, offset, len)?;
            if i64::from(exp as i32) != exp {
                return Err(Some("Exponent overflow.".to_string()));
            }
            break;
        } else if compact {
            return Err(Some(format!(
                "Character {} is neither a decimal digit number, decimal point, nor \"e\" notation exponential mark.",
                units_to_string(&[c])
            )));
        } else {
            return Err(Some(
                "Character array is missing \"e\" notation exponential mark.".to_string(),
            ));
        }
        offset += 1;
        len -= 1;
    }
    if digits.is_empty() {
        return Err(Some("No digits found.".to_string()));
    }
    if exp != 0 {
        scale -= exp;
        if i32::try_from(scale).is_err() {
            return Err(Some("Scale out of range.".to_string()));
        }
    }
    let scale = i32::try_from(scale).map_err(|_| Some("Scale out of range.".to_string()))?;
    let mut mag: BigInt = digits.parse().unwrap_or_default();
    if neg {
        mag = -mag;
    }
    Ok(JavaBigDecimal::new(mag, scale))
}

/// `BigDecimal.parseExp`: `offset` is at the `e`, `len` counts the characters from there.
fn parse_big_decimal_exp(
    s: &[u16],
    mut offset: usize,
    mut len: usize,
) -> Result<i64, Option<String>> {
    let at = |i: usize| s.get(i).copied().ok_or(None::<String>);
    offset += 1;
    let mut c = at(offset)?;
    len -= 1;
    let negexp = c == u16::from(b'-');
    if negexp || c == u16::from(b'+') {
        offset += 1;
        c = at(offset)?;
        len -= 1;
    }
    if len == 0 {
        return Err(Some("No exponent digits.".to_string()));
    }
    while len > 10 && java_digit(c) == Some(0) {
        offset += 1;
        c = at(offset)?;
        len -= 1;
    }
    if len > 10 {
        return Err(Some("Too many nonzero exponent digits.".to_string()));
    }
    let mut exp: i64 = 0;
    loop {
        let Some(v) = java_digit(c) else {
            return Err(Some("Not a digit.".to_string()));
        };
        exp = exp * 10 + i64::from(v);
        if len == 1 {
            break;
        }
        offset += 1;
        c = at(offset)?;
        len -= 1;
    }
    Ok(if negexp { -exp } else { exp })
}

/// `String.trim()` on UTF-16 units.
pub(crate) fn java_trim(s: &[u16]) -> &[u16] {
    let start = s.iter().position(|&u| u > 0x20).unwrap_or(s.len());
    let end = s.iter().rposition(|&u| u > 0x20).map_or(start, |i| i + 1);
    s.get(start..end.max(start)).unwrap_or(&[])
}

/// UTF-16 units to a Rust string, unpaired surrogates becoming
/// [`LONE_SURROGATE_REPLACEMENT`].
pub(crate) fn units_to_string(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied())
        .map(|r| r.unwrap_or(LONE_SURROGATE_REPLACEMENT))
        .collect()
}

#[cfg(test)]
mod tests {
    // The expected strings in `matches_json_smart` were produced by the real json-smart 2.2 +
    // Jayway 2.0.0 jars on OpenJDK 17: `JsonSmartJsonProvider.parse(text)`, then the class
    // name, `JSONValue.toJSONString(v, LT_COMPRESS)`, `JSONValue.toJSONString(v)` and
    // `String.valueOf(v)`, or `ERR` and the exception's `toString()`.
    use super::*;

    fn show(text: &str) -> String {
        match parse(text) {
            Ok(v) => format!(
                "{} {} | {} | {}",
                v.java_class(),
                to_json_compress(&v),
                to_json_default(&v),
                v.to_java_string()
            ),
            Err(e) => format!("ERR {e}"),
        }
    }

    #[test]
    fn matches_json_smart() {
        let cases: &[(&str, &str)] = &[
            // duplicate keys keep the first position and the last value
            ("{\"b\":1,\"a\":2,\"b\":3}", "java.util.LinkedHashMap {\"b\":3,\"a\":2} | {\"b\":3,\"a\":2} | {b=3, a=2}"),
            // twenty keys stay in insertion order
            ("{\"k19\":0,\"k3\":1,\"k11\":2,\"k0\":3,\"k7\":4,\"k15\":5,\"k2\":6,\"k18\":7,\"k5\":8,\"k9\":9,\"k13\":10,\"k1\":11,\"k17\":12,\"k6\":13,\"k10\":14,\"k4\":15,\"k16\":16,\"k8\":17,\"k14\":18,\"k12\":19}", "java.util.LinkedHashMap {\"k19\":0,\"k3\":1,\"k11\":2,\"k0\":3,\"k7\":4,\"k15\":5,\"k2\":6,\"k18\":7,\"k5\":8,\"k9\":9,\"k13\":10,\"k1\":11,\"k17\":12,\"k6\":13,\"k10\":14,\"k4\":15,\"k16\":16,\"k8\":17,\"k14\":18,\"k12\":19} | {\"k19\":0,\"k3\":1,\"k11\":2,\"k0\":3,\"k7\":4,\"k15\":5,\"k2\":6,\"k18\":7,\"k5\":8,\"k9\":9,\"k13\":10,\"k1\":11,\"k17\":12,\"k6\":13,\"k10\":14,\"k4\":15,\"k16\":16,\"k8\":17,\"k14\":18,\"k12\":19} | {k19=0, k3=1, k11=2, k0=3, k7=4, k15=5, k2=6, k18=7, k5=8, k9=9, k13=10, k1=11, k17=12, k6=13, k10=14, k4=15, k16=16, k8=17, k14=18, k12=19}"),
            // Integer and Long by value
            ("[1,2147483647,2147483648,-2147483648,-2147483649]", "net.minidev.json.JSONArray [1,2147483647,2147483648,-2147483648,-2147483649] | [1,2147483647,2147483648,-2147483648,-2147483649] | [1,2147483647,2147483648,-2147483648,-2147483649]"),
            // Long and BigInteger at the 64-bit edge
            ("[9223372036854775807,9223372036854775808,-9223372036854775808,-9223372036854775809]", "net.minidev.json.JSONArray [9223372036854775807,9223372036854775808,-9223372036854775808,-9223372036854775809] | [9223372036854775807,9223372036854775808,-9223372036854775808,-9223372036854775809] | [9223372036854775807,9223372036854775808,-9223372036854775808,-9223372036854775809]"),
            // twenty characters is always a BigInteger
            ("00000000000000000001", "java.math.BigInteger 1 | 1 | 1"),
            // Doubles print with Double.toString
            ("[1.5,1e5,1E+5,-0.0,1.,-.5,100.0,1.0E10,1e-5]", "net.minidev.json.JSONArray [1.5,100000.0,100000.0,-0.0,1.0,-0.5,100.0,1.0E10,1.0E-5] | [1.5,100000.0,100000.0,-0.0,1.0,-0.5,100.0,1.0E10,1.0E-5] | [1.5,100000.0,100000.0,-0.0,1.0,-0.5,100.0,1.0E10,1.0E-5]"),
            // more than 18 characters is a BigDecimal
            ("[0.1234567890123456789,1234567890.123456789e5]", "net.minidev.json.JSONArray [0.1234567890123456789,123456789012345.6789] | [0.1234567890123456789,123456789012345.6789] | [0.1234567890123456789,123456789012345.6789]"),
            // an infinite Double is written as null
            ("1e400", "java.lang.Double null | null | Infinity"),
            // NaN is a Float
            ("[NaN]", "net.minidev.json.JSONArray [NaN] | [NaN] | [NaN]"),
            // unquoted keys and values
            ("{a: hello world, b : 'x', c:12ab}", "java.util.LinkedHashMap {\"a\":\"hello world\",\"b\":\"x\",\"c\":\"12ab\"} | {\"a\":\"hello world\",\"b\":\"x\",\"c\":\"12ab\"} | {a=hello world, b=x, c=12ab}"),
            // trailing data is ignored
            ("{\"a\":1} junk", "java.util.LinkedHashMap {\"a\":1} | {\"a\":1} | {a=1}"),
            // array values need no commas
            ("[1 2]", "net.minidev.json.JSONArray [\"1 2\"] | [\"1 2\"] | [\"1 2\"]"),
            // adjacent strings in an array
            ("[\"a\" \"b\"1]", "net.minidev.json.JSONArray [\"a\",\"b\",1] | [\"a\",\"b\",1] | [\"a\",\"b\",1]"),
            // extra commas are skipped
            ("[,1,,2,]", "net.minidev.json.JSONArray [1,2] | [1,2] | [1,2]"),
            // object trailing comma
            ("{\"a\":1,}", "java.util.LinkedHashMap {\"a\":1} | {\"a\":1} | {a=1}"),
            // object with only a comma
            ("{,}", "java.util.LinkedHashMap {} | {} | {}"),
            // number-like tokens become strings
            ("[12ab,--5,-e,1e,1.5.5]", "net.minidev.json.JSONArray [\"12ab\",\"--5\",\"-e\",\"1e\",\"1.5.5\"] | [\"12ab\",\"--5\",\"-e\",\"1e\",\"1.5.5\"] | [\"12ab\",\"--5\",\"-e\",\"1e\",\"1.5.5\"]"),
            // a lone minus is Integer 0
            ("-", "java.lang.Integer 0 | 0 | 0"),
            // non-ASCII after a number ends it
            ("[12é]", "net.minidev.json.JSONArray [12,\"é\"] | [12,\"é\"] | [12,\"é\"]"),
            // unknown escapes vanish
            ("\"a\\qb\"", "java.lang.String \"ab\" | \"ab\" | ab"),
            // hex and unicode escapes
            ("\"\\x41\\u00e9\\ud83d\\ude00\"", "java.lang.String \"Aé\u{1f600}\" | \"Aé\u{1f600}\" | Aé\u{1f600}"),
            // an unpaired surrogate becomes ?
            ("\"a\\ud800b\"", "java.lang.String \"a?b\" | \"a?b\" | a?b"),
            // control characters survive without a backslash
            ("\"a\tb\"", "java.lang.String \"a\\tb\" | \"a\\tb\" | a\tb"),
            // control characters are dropped when the string has a backslash
            ("\"a\\n\tb\"", "java.lang.String \"a\\nb\" | \"a\\nb\" | a\nb"),
            // slash: kept by LT_COMPRESS, escaped by the default style
            ("{\"u\":\"a\\/b/c\"}", "java.util.LinkedHashMap {\"u\":\"a/b/c\"} | {\"u\":\"a\\/b\\/c\"} | {u=a/b/c}"),
            // escaped output ranges
            ("[\"\\u0001\\u007f\\u0085\\u2028\\u20ff\\u2100\",  \"é\u{1f600}\"]", "net.minidev.json.JSONArray [\"\\u0001\\u007F\\u0085\\u2028\\u20FF℀\",\"é\u{1f600}\"] | [\"\\u0001\\u007F\\u0085\\u2028\\u20FF℀\",\"é\u{1f600}\"] | [\"\\u0001\\u007F\\u0085\\u2028\\u20FF℀\",\"é\u{1f600}\"]"),
            // single-quoted top-level string
            ("'single'", "java.lang.String \"single\" | \"single\" | single"),
            // two top-level tokens make one string
            ("1 2", "java.lang.String \"1 2\" | \"1 2\" | 1 2"),
            // true false is a string
            ("true false", "java.lang.String \"true false\" | \"true false\" | true false"),
            // empty text is an empty string
            ("", "java.lang.String \"\" | \"\" | "),
            // blank text is an empty string
            ("   ", "java.lang.String \"\" | \"\" | "),
            // null
            ("null", "null null | null | null"),
            // booleans and null in an array
            ("[true,false,null]", "net.minidev.json.JSONArray [true,false,null] | [true,false,null] | [true,false,null]"),
            // LinkedHashMap.toString with a nested JSONArray
            ("{\"a\":[1,{\"b\":\"x/y\"}],\"c\":\"d\"}", "java.util.LinkedHashMap {\"a\":[1,{\"b\":\"x/y\"}],\"c\":\"d\"} | {\"a\":[1,{\"b\":\"x\\/y\"}],\"c\":\"d\"} | {a=[1,{\"b\":\"x\\/y\"}], c=d}"),
            // U+001A ends input inside an escaped string
            ("\"\\n\u{1a}\"", "ERR com.jayway.jsonpath.InvalidJsonException: net.minidev.json.parser.ParseException: Unexpected End Of File position 2: null"),
            // U+001A is fine in a plain string
            ("\"a\u{1a}b\"", "java.lang.String \"a\\u001Ab\" | \"a\\u001Ab\" | a\u{1a}b"),
            // error: missing value
            ("{\"a\":}", "ERR com.jayway.jsonpath.InvalidJsonException: net.minidev.json.parser.ParseException: Unexpected character (}) at position 5."),
            // error: unterminated array
            ("[1,2", "ERR com.jayway.jsonpath.InvalidJsonException: net.minidev.json.parser.ParseException: Unexpected End Of File position 3: EOF"),
            // error: missing colon
            ("{\"a\" 1}", "ERR com.jayway.jsonpath.InvalidJsonException: net.minidev.json.parser.ParseException: Unexpected character (1) at position 4."),
            // a number followed by more text becomes a string
            ("{\"a\":1 \"b\":2}", "java.util.LinkedHashMap {\"a\":\"1 \\\"b\\\":2\"} | {\"a\":\"1 \\\"b\\\":2\"} | {a=1 \"b\":2}"),
            // error: unterminated string
            ("\"abc", "ERR com.jayway.jsonpath.InvalidJsonException: net.minidev.json.parser.ParseException: Unexpected End Of File position 4: null"),
            // error: short unicode escape
            ("\"a\\u12\"", "ERR com.jayway.jsonpath.InvalidJsonException: net.minidev.json.parser.ParseException: Unexpected unicode escape sequence \" at position 6."),
            // error: bad unicode escape
            ("\"\\u12g4\\\\\"", "ERR com.jayway.jsonpath.InvalidJsonException: net.minidev.json.parser.ParseException: Unexpected unicode escape sequence g at position 5."),
            // error: closing bracket first
            ("]", "ERR com.jayway.jsonpath.InvalidJsonException: net.minidev.json.parser.ParseException: Unexpected character (]) at position 0."),
            // error: NumberFormatException from Double.parseDouble
            ("{\"a\":1e+}", "ERR java.lang.NumberFormatException: For input string: \"1e+\""),
            // an exponent mark without digits makes a string
            ("[12345678901234567890e]", "net.minidev.json.JSONArray [\"12345678901234567890e\"] | [\"12345678901234567890e\"] | [\"12345678901234567890e\"]"),
            // error: NumberFormatException without message from BigDecimal
            ("[1234567890123456789e+]", "ERR java.lang.NumberFormatException"),
            // error: open brace only
            ("{", "ERR com.jayway.jsonpath.InvalidJsonException: net.minidev.json.parser.ParseException: Unexpected End Of File position 0: null"),
            // error: junk after an object value
            ("{\"a\":12é}", "ERR com.jayway.jsonpath.InvalidJsonException: net.minidev.json.parser.ParseException: Unexpected token é at position 6."),
            // error: key without value at the end
            ("{\"a\"}", "ERR com.jayway.jsonpath.InvalidJsonException: net.minidev.json.parser.ParseException: Unexpected character (}) at position 3."),
            // error: colon at the end
            ("{\"a\":", "ERR com.jayway.jsonpath.InvalidJsonException: net.minidev.json.parser.ParseException: Unexpected End Of File position 4: EOF"),
        ];
        for (text, expected) in cases {
            assert_eq!(&show(text), expected, "parsing {text:?}");
        }
    }

    #[test]
    fn number_types() {
        let Ok(SmartJson::Array(items)) =
            parse("[1,2147483648,9223372036854775808,1.5,0.1234567890123456789,NaN]")
        else {
            panic!("not an array");
        };
        let classes: Vec<&str> = items.iter().map(SmartJson::java_class).collect();
        assert_eq!(
            classes,
            [
                "java.lang.Integer",
                "java.lang.Long",
                "java.math.BigInteger",
                "java.lang.Double",
                "java.math.BigDecimal",
                "java.lang.Float"
            ]
        );
    }

    #[test]
    fn duplicate_key_keeps_first_position() {
        let Ok(SmartJson::Object(map)) = parse("{\"x\":1,\"y\":2,\"x\":3}") else {
            panic!("not an object");
        };
        let keys: Vec<&str> = map.keys().map(|k| &**k).collect();
        assert_eq!(keys, ["x", "y"]);
        assert!(matches!(
            map.get("x"),
            Some(SmartJson::Number(SmartNumber::Int(3)))
        ));
    }

    #[test]
    fn nesting_limit() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        let too_deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(parse(&too_deep).is_err_and(|e| e.starts_with("java.lang.StackOverflowError")));
        // Far deeper input must fail cleanly rather than overflow the stack.
        let huge = format!("{}{}", "{\"a\":[".repeat(100_000), "]}".repeat(100_000));
        assert!(parse(&huge).is_err());
        assert!(parse(&"[".repeat(100_000)).is_err());
    }

    #[test]
    fn deep_values_print() {
        let text = format!("{}1{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        let Ok(v) = parse(&text) else {
            panic!("parse failed");
        };
        assert_eq!(to_json_compress(&v), text);
        assert_eq!(to_json_default(&v), text);
        assert_eq!(v.to_java_string(), text);
    }
}
