//! Java `java.lang.String` semantics over Rust `&str`: UTF-16 code-unit indices,
//! Java's case rules, and the exceptions (with Java 17 messages) that templates can observe.
//!
//! Rust strings cannot hold a lone UTF-16 surrogate, but Java strings can (for example
//! `"😀".substring(0, 1)`). Wherever Java would produce one, these functions emit
//! [`LONE_SURROGATE_REPLACEMENT`] instead: that is exactly the byte Java's own UTF-8
//! encoder (`String.getBytes(UTF_8)`, `OutputStreamWriter`) writes for an unpaired
//! surrogate, so rendered output stays byte-identical.

use std::cmp::Ordering;
use std::fmt;

/// What a lone UTF-16 surrogate becomes: `?`, the byte Java's UTF-8 encoder emits for it.
pub const LONE_SURROGATE_REPLACEMENT: char = '?';

/// Class name of `java.lang.StringIndexOutOfBoundsException`.
pub const STRING_INDEX_OUT_OF_BOUNDS: &str = "java.lang.StringIndexOutOfBoundsException";
/// Class name of `java.lang.IndexOutOfBoundsException`.
pub const INDEX_OUT_OF_BOUNDS: &str = "java.lang.IndexOutOfBoundsException";
/// Class name of `java.lang.IllegalArgumentException`.
pub const ILLEGAL_ARGUMENT: &str = "java.lang.IllegalArgumentException";
/// Class name of `java.lang.OutOfMemoryError` (Java throws it for absurd result sizes).
pub const OUT_OF_MEMORY: &str = "java.lang.OutOfMemoryError";

/// Largest Java string length (in UTF-16 units) we agree to build; Java's own limit is
/// `Integer.MAX_VALUE`, we stop far earlier so a template cannot exhaust memory.
pub const MAX_RESULT_UNITS: usize = 1 << 28;

/// A Java exception as a template would observe it: fully-qualified class name plus message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JavaException {
    /// Fully-qualified Java class name, e.g. `java.lang.StringIndexOutOfBoundsException`.
    pub class: &'static str,
    /// The message exactly as Java 17's `getMessage()` returns it.
    pub message: String,
}

impl JavaException {
    /// Builds an exception from a class name and message.
    pub fn new(class: &'static str, message: impl Into<String>) -> Self {
        JavaException {
            class,
            message: message.into(),
        }
    }
}

impl fmt::Display for JavaException {
    /// Formats like Java's `Throwable.toString()`: `class: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.class, self.message)
    }
}

impl std::error::Error for JavaException {}

// ---------------------------------------------------------------------------
// UTF-16 index helpers
// ---------------------------------------------------------------------------

/// Number of UTF-16 code units of `c` (1 or 2).
fn units_of(c: char) -> usize {
    c.len_utf16()
}

/// Java `length()`: the number of UTF-16 code units (saturating at `i32::MAX`).
pub fn length(s: &str) -> i32 {
    i32::try_from(utf16_len(s)).unwrap_or(i32::MAX)
}

/// The number of UTF-16 code units in `s` as a `usize`.
pub fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    s.chars().map(units_of).sum()
}

/// Byte offset of UTF-16 index `idx`; `None` if past the end or inside a surrogate pair.
pub fn utf16_to_byte_offset(s: &str, idx: usize) -> Option<usize> {
    if s.is_ascii() {
        return if idx <= s.len() { Some(idx) } else { None };
    }
    let mut units = 0usize;
    for (b, c) in s.char_indices() {
        if units == idx {
            return Some(b);
        }
        units += units_of(c);
        if units > idx {
            return None;
        }
    }
    if units == idx {
        Some(s.len())
    } else {
        None
    }
}

/// UTF-16 index of byte offset `byte`; `None` if past the end or not on a char boundary.
pub fn byte_to_utf16_offset(s: &str, byte: usize) -> Option<usize> {
    if !s.is_char_boundary(byte) {
        return None;
    }
    let head = s.get(..byte)?;
    Some(utf16_len(head))
}

/// Where a UTF-16 index falls: on a char boundary, or between the halves of the pair at a byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pos {
    /// On a character boundary at this byte offset.
    At(usize),
    /// Between the high and low surrogate of the supplementary char starting at this byte.
    Mid(usize),
}

/// Locates UTF-16 index `idx` (must be `<= utf16_len(s)`) as a byte position.
fn locate(s: &str, idx: usize) -> Pos {
    if s.is_ascii() {
        return Pos::At(idx.min(s.len()));
    }
    let mut units = 0usize;
    for (b, c) in s.char_indices() {
        if units == idx {
            return Pos::At(b);
        }
        let n = units_of(c);
        if units + n > idx {
            return Pos::Mid(b);
        }
        units += n;
    }
    Pos::At(s.len())
}

/// Appends the UTF-16 range `[from, to)` of `s` to `out`, replacing split pair halves.
fn push_unit_range(out: &mut String, s: &str, from: Pos, to: Pos) {
    let start = match from {
        Pos::At(b) => b,
        Pos::Mid(b) => {
            // The low half of a split pair begins the range.
            if to == Pos::Mid(b) {
                return;
            }
            out.push(LONE_SURROGATE_REPLACEMENT);
            b + s
                .get(b..)
                .and_then(|t| t.chars().next())
                .map_or(0, char::len_utf8)
        }
    };
    let (end, trailing_half) = match to {
        Pos::At(b) => (b, false),
        Pos::Mid(b) => (b, true),
    };
    if end > start {
        out.push_str(s.get(start..end).unwrap_or(""));
    }
    if trailing_half {
        out.push(LONE_SURROGATE_REPLACEMENT);
    }
}

/// Encodes `s` as UTF-16 code units (Java's internal view of a string).
pub fn utf16_units(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

/// Decodes UTF-16 units like Java would print them: lone surrogates become [`LONE_SURROGATE_REPLACEMENT`].
pub fn from_utf16_units(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied())
        .map(|r| r.unwrap_or(LONE_SURROGATE_REPLACEMENT))
        .collect()
}

/// True if every char of `s` is at most U+00FF: Java stores such strings as LATIN1, which
/// changes the wording of some exception messages (e.g. `charAt`).
fn is_latin1(s: &str) -> bool {
    s.chars().all(|c| (c as u32) <= 0xFF)
}

fn sioobe(message: String) -> JavaException {
    JavaException::new(STRING_INDEX_OUT_OF_BOUNDS, message)
}

// ---------------------------------------------------------------------------
// Java's simple (1:1) case mappings, as used by Character.toUpperCase/toLowerCase
// ---------------------------------------------------------------------------

/// Java `Character.toUpperCase(int)`: the simple (single code point) uppercase mapping.
pub fn java_char_to_upper(cp: u32) -> u32 {
    let Some(c) = char::from_u32(cp) else {
        return cp;
    };
    let mut it = c.to_uppercase();
    match (it.next(), it.next()) {
        (Some(u), None) => u as u32,
        // Rust only exposes the full mapping; where it expands to several chars the simple
        // mapping is either absent (Java returns the char itself) or, for the Greek
        // iota-subscript letters, the titlecase form.
        _ => match cp {
            0x1F80..=0x1F87 | 0x1F90..=0x1F97 | 0x1FA0..=0x1FA7 => cp + 8,
            0x1FB3 | 0x1FC3 | 0x1FF3 => cp + 9,
            _ => cp,
        },
    }
}

/// Java `Character.toLowerCase(int)`: the simple (single code point) lowercase mapping.
pub fn java_char_to_lower(cp: u32) -> u32 {
    let Some(c) = char::from_u32(cp) else {
        return cp;
    };
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) => l as u32,
        // Only U+0130 (İ) has a multi-char full lowercase; its simple mapping is 'i'.
        _ if cp == 0x130 => 0x69,
        _ => cp,
    }
}

// ---------------------------------------------------------------------------
// String methods
// ---------------------------------------------------------------------------

/// Java `isEmpty()`.
pub fn is_empty(s: &str) -> bool {
    s.is_empty()
}

/// Java `charAt(index)` as a one-char string; a lone surrogate half becomes [`LONE_SURROGATE_REPLACEMENT`].
pub fn char_at(s: &str, index: i32) -> Result<String, JavaException> {
    let unit = char_unit_at(s, index)?;
    Ok(from_utf16_units(&[unit]))
}

/// Java `charAt(index)` as the raw UTF-16 code unit.
pub fn char_unit_at(s: &str, index: i32) -> Result<u16, JavaException> {
    let len = utf16_len(s);
    let ok = usize::try_from(index).ok().filter(|&i| i < len);
    let Some(i) = ok else {
        // Java 17 words this differently for LATIN1 and UTF16 strings.
        return Err(if is_latin1(s) {
            sioobe(format!("String index out of range: {index}"))
        } else {
            sioobe(format!("index {index}, length {len}"))
        });
    };
    if s.is_ascii() {
        return Ok(s.as_bytes().get(i).map_or(0, |&b| u16::from(b)));
    }
    Ok(s.encode_utf16().nth(i).unwrap_or(0))
}

/// Java `codePointAt(index)`: the code point at a UTF-16 index (a lone low half if mid-pair).
pub fn code_point_at(s: &str, index: i32) -> Result<i32, JavaException> {
    let len = utf16_len(s);
    let Some(i) = usize::try_from(index).ok().filter(|&i| i < len) else {
        return Err(sioobe(format!("index {index}, length {len}")));
    };
    Ok(match locate(s, i) {
        Pos::At(b) => s
            .get(b..)
            .and_then(|t| t.chars().next())
            .map_or(0, |c| c as i32),
        Pos::Mid(b) => {
            let c = s.get(b..).and_then(|t| t.chars().next()).unwrap_or('\0');
            let mut buf = [0u16; 2];
            let enc = c.encode_utf16(&mut buf);
            i32::from(enc.get(1).copied().unwrap_or(0))
        }
    })
}

/// Java `substring(begin)`.
pub fn substring(s: &str, begin: i32) -> Result<String, JavaException> {
    substring_range(s, begin, length(s))
}

/// Java `substring(begin, end)` with UTF-16 indices.
pub fn substring_range(s: &str, begin: i32, end: i32) -> Result<String, JavaException> {
    let len = utf16_len(s);
    let (b, e) = match (usize::try_from(begin), usize::try_from(end)) {
        (Ok(b), Ok(e)) if b <= e && e <= len => (b, e),
        _ => {
            return Err(sioobe(format!("begin {begin}, end {end}, length {len}")));
        }
    };
    let mut out = String::new();
    push_unit_range(&mut out, s, locate(s, b), locate(s, e));
    Ok(out)
}

/// Java `indexOf(str)`.
pub fn index_of(s: &str, needle: &str) -> i32 {
    index_of_from(s, needle, 0)
}

/// Java `indexOf(str, fromIndex)`: UTF-16 index of the first match at or after `from`, or -1.
pub fn index_of_from(s: &str, needle: &str, from: i32) -> i32 {
    let len = utf16_len(s);
    let from = usize::try_from(from).unwrap_or(0);
    if from >= len {
        return if needle.is_empty() { length(s) } else { -1 };
    }
    if needle.is_empty() {
        return to_i32(from);
    }
    // A valid needle never starts with a low surrogate, so a match can only begin on a
    // char boundary: searching from the next boundary is equivalent.
    let start = match locate(s, from) {
        Pos::At(b) => b,
        Pos::Mid(b) => {
            b + s
                .get(b..)
                .and_then(|t| t.chars().next())
                .map_or(0, char::len_utf8)
        }
    };
    match s.get(start..).and_then(|t| t.find(needle)) {
        Some(rel) => byte_to_utf16_offset(s, start + rel).map_or(-1, to_i32),
        None => -1,
    }
}

/// Java `lastIndexOf(str)`.
pub fn last_index_of(s: &str, needle: &str) -> i32 {
    last_index_of_from(s, needle, length(s))
}

/// Java `lastIndexOf(str, fromIndex)`: UTF-16 index of the last match starting at or before `from`, or -1.
pub fn last_index_of_from(s: &str, needle: &str, from: i32) -> i32 {
    let len = utf16_len(s);
    let nlen = utf16_len(needle);
    let Some(right) = len.checked_sub(nlen) else {
        return -1;
    };
    let from = i64::from(from).min(right as i64);
    let Ok(from) = usize::try_from(from) else {
        return -1;
    };
    if needle.is_empty() {
        return to_i32(from);
    }
    // Candidate starts are char boundaries at UTF-16 index <= from (a mid-pair `from`
    // still admits the pair's own start).
    let limit = match locate(s, from) {
        Pos::At(b) | Pos::Mid(b) => b,
    };
    s.rmatch_indices(needle)
        .find(|&(b, _)| b <= limit)
        .and_then(|(b, _)| byte_to_utf16_offset(s, b))
        .map_or(-1, to_i32)
}

/// Java `indexOf(int ch, int fromIndex)`: search for a code point.
pub fn index_of_char(s: &str, ch: i32, from: i32) -> i32 {
    match u32::try_from(ch).ok().and_then(char::from_u32) {
        Some(c) => index_of_from(s, c.encode_utf8(&mut [0u8; 4]), from),
        None => -1,
    }
}

/// Java `lastIndexOf(int ch, int fromIndex)`: backwards search for a code point.
pub fn last_index_of_char(s: &str, ch: i32, from: i32) -> i32 {
    match u32::try_from(ch).ok().and_then(char::from_u32) {
        Some(c) => last_index_of_from(s, c.encode_utf8(&mut [0u8; 4]), from),
        None => -1,
    }
}

fn to_i32(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Java `contains(CharSequence)`.
pub fn contains(s: &str, needle: &str) -> bool {
    s.contains(needle)
}

/// Java `startsWith(prefix)`.
pub fn starts_with(s: &str, prefix: &str) -> bool {
    s.starts_with(prefix)
}

/// Java `startsWith(prefix, toffset)`; false for out-of-range offsets (never throws).
pub fn starts_with_offset(s: &str, prefix: &str, offset: i32) -> bool {
    let len = utf16_len(s);
    let Ok(off) = usize::try_from(offset) else {
        return false;
    };
    let plen = utf16_len(prefix);
    if off > len.saturating_sub(plen) || plen > len {
        return false;
    }
    if prefix.is_empty() {
        return true;
    }
    match locate(s, off) {
        Pos::At(b) => s.get(b..).is_some_and(|t| t.starts_with(prefix)),
        // A valid prefix cannot start with a low surrogate.
        Pos::Mid(_) => false,
    }
}

/// Java `endsWith(suffix)`.
pub fn ends_with(s: &str, suffix: &str) -> bool {
    s.ends_with(suffix)
}

/// Java `toLowerCase()` in a non-Turkic default locale (full mappings, Java's final-sigma rule).
pub fn to_lower_case(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == '\u{3A3}' {
            // Java decides "final" with its word BreakIterator, not Unicode's Final_Sigma
            // (so "A-Σ" and "A1Σ" end in 'ς' in Java but not in Rust's to_lowercase).
            out.push(if is_final_sigma(&chars, i) {
                '\u{3C2}'
            } else {
                '\u{3C3}'
            });
        } else {
            // Per-char full mappings ('İ' -> "i̇") are context-free, as in Java.
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Java `ConditionalSpecialCasing.isCased`: Ll, Lu, Lt, Other_Lowercase, Other_Uppercase.
fn is_cased(c: char) -> bool {
    c.is_lowercase()
        || c.is_uppercase()
        || matches!(c, '\u{1C5}' | '\u{1C8}' | '\u{1CB}' | '\u{1F2}' | '\u{1F88}'..='\u{1F8F}'
            | '\u{1F98}'..='\u{1F9F}' | '\u{1FA8}'..='\u{1FAF}' | '\u{1FBC}' | '\u{1FCC}' | '\u{1FFC}')
}

/// Approximates a "word" character of Java's word BreakIterator: letters, digits, marks and
/// `_`, but not CJK ideographs or kana, which Java breaks around.
fn is_word_char(c: char) -> bool {
    let ideograph_or_kana = matches!(c, '\u{3005}' | '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFF}');
    !ideograph_or_kana
        && (c.is_alphanumeric()
            || c == '_'
            || matches!(c, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
                | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}'))
}

/// Punctuation Java's word BreakIterator keeps inside a word when it sits between word chars
/// (its `$mid_word`: dashes, soft hyphen, hyphenation point, quotes and the full stop).
fn is_mid_word(c: char) -> bool {
    matches!(
        c,
        '-' | '.' | '\'' | '"' | '\u{AD}' | '\u{2027}' | '\u{2010}'
            ..='\u{2015}' | '\u{2019}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}'
    )
}

/// Java's `isFinalCased` for the capital sigma at `chars[i]`: a cased letter precedes it in
/// the same word and none follows it in that word.
fn is_final_sigma(chars: &[char], i: usize) -> bool {
    let at = |k: usize| chars.get(k).copied();
    // Backwards within the word.
    let mut k = i;
    let mut cased_before = false;
    while k > 0 {
        let Some(p) = at(k - 1) else { break };
        if is_word_char(p) {
            if is_cased(p) {
                cased_before = true;
                break;
            }
            k -= 1;
        } else if is_mid_word(p) && k >= 2 && at(k - 2).is_some_and(is_word_char) {
            k -= 1;
        } else {
            break;
        }
    }
    if !cased_before {
        return false;
    }
    // Forwards within the word.
    let mut k = i + 1;
    while let Some(n) = at(k) {
        if is_word_char(n) {
            if is_cased(n) {
                return false;
            }
            k += 1;
        } else if is_mid_word(n) && at(k + 1).is_some_and(is_word_char) {
            k += 1;
        } else {
            break;
        }
    }
    true
}

/// Java `toUpperCase()` in a non-Turkic default locale (full mappings: 'ß' -> "SS").
pub fn to_upper_case(s: &str) -> String {
    s.to_uppercase()
}

/// Java `trim()`: strips leading/trailing chars <= U+0020 (control chars too, but not Unicode spaces).
pub fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c <= ' ')
}

/// Java `Character.isWhitespace(int)`.
pub fn is_java_whitespace(c: char) -> bool {
    match c {
        '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | '\u{1C}'..='\u{1F}' => true,
        // Space separators except the non-breaking ones, plus line/paragraph separators.
        '\u{A0}' | '\u{2007}' | '\u{202F}' => false,
        ' '
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{205F}'
        | '\u{3000}' => true,
        _ => false,
    }
}

/// Java 11 `strip()`: trims `Character.isWhitespace` chars from both ends.
pub fn strip(s: &str) -> &str {
    s.trim_matches(is_java_whitespace)
}

/// Java 11 `stripLeading()`.
pub fn strip_leading(s: &str) -> &str {
    s.trim_start_matches(is_java_whitespace)
}

/// Java 11 `stripTrailing()`.
pub fn strip_trailing(s: &str) -> &str {
    s.trim_end_matches(is_java_whitespace)
}

/// Java 11 `isBlank()`: empty or only `Character.isWhitespace` chars.
pub fn is_blank(s: &str) -> bool {
    s.chars().all(is_java_whitespace)
}

/// Java `concat(str)`.
pub fn concat(s: &str, other: &str) -> String {
    let mut out = String::with_capacity(s.len() + other.len());
    out.push_str(s);
    out.push_str(other);
    out
}

/// Java 11 `repeat(count)`.
pub fn repeat(s: &str, count: i32) -> Result<String, JavaException> {
    let Ok(n) = usize::try_from(count) else {
        return Err(JavaException::new(
            ILLEGAL_ARGUMENT,
            format!("count is negative: {count}"),
        ));
    };
    if utf16_len(s).saturating_mul(n) > MAX_RESULT_UNITS {
        return Err(JavaException::new(
            OUT_OF_MEMORY,
            "Required length exceeds implementation limit",
        ));
    }
    Ok(s.repeat(n))
}

/// Java `replace(CharSequence target, CharSequence replacement)`: literal, left to right.
///
/// An empty target inserts the replacement before every UTF-16 unit and at the end, which
/// splits surrogate pairs exactly as Java does (the halves print as `?`).
pub fn replace(s: &str, target: &str, replacement: &str) -> Result<String, JavaException> {
    if target.is_empty() && replacement.is_empty() {
        // The halves of each pair end up adjacent again, so nothing visible changes.
        return Ok(s.to_string());
    }
    if target.is_empty() {
        let units = utf16_len(s);
        let total = units.saturating_add(
            units
                .saturating_add(1)
                .saturating_mul(utf16_len(replacement)),
        );
        if total > MAX_RESULT_UNITS {
            return Err(JavaException::new(
                OUT_OF_MEMORY,
                "Required length exceeds implementation limit",
            ));
        }
        let mut out = String::with_capacity(s.len() + (units + 1) * replacement.len());
        out.push_str(replacement);
        for c in s.chars() {
            if units_of(c) == 2 {
                out.push(LONE_SURROGATE_REPLACEMENT);
                out.push_str(replacement);
                out.push(LONE_SURROGATE_REPLACEMENT);
            } else {
                out.push(c);
            }
            out.push_str(replacement);
        }
        return Ok(out);
    }
    Ok(s.replace(target, replacement))
}

/// Java `equals(Object)` for two strings.
pub fn equals(a: &str, b: &str) -> bool {
    a == b
}

/// Java `equalsIgnoreCase(String)`: same UTF-16 length and per-char simple case equivalence.
pub fn equals_ignore_case(a: &str, b: &str) -> bool {
    a == b || (utf16_len(a) == utf16_len(b) && compare_ci(a, b) == 0)
}

/// Java `compareTo(String)`: UTF-16 lexicographic difference (char difference or length difference).
pub fn compare_to(a: &str, b: &str) -> i32 {
    let mut ia = a.encode_utf16();
    let mut ib = b.encode_utf16();
    loop {
        match (ia.next(), ib.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (Some(x), Some(y)) => return i32::from(x) - i32::from(y),
            (Some(_), None) | (None, Some(_)) | (None, None) => {
                return to_i32(utf16_len(a)).wrapping_sub(to_i32(utf16_len(b)));
            }
        }
    }
}

/// Java `compareToIgnoreCase(String)`.
pub fn compare_to_ignore_case(a: &str, b: &str) -> i32 {
    compare_ci(a, b)
}

/// Java's `compareCodePointCI`: compare after toUpperCase, then toLowerCase of those.
fn compare_code_point_ci(c1: u32, c2: u32) -> i32 {
    let u1 = java_char_to_upper(c1);
    let u2 = java_char_to_upper(c2);
    if u1 != u2 {
        let l1 = java_char_to_lower(u1);
        let l2 = java_char_to_lower(u2);
        if l1 != l2 {
            return l1 as i32 - l2 as i32;
        }
    }
    0
}

/// Java 17 `compareToIgnoreCase`: code-point aware when both strings are stored as UTF16,
/// per UTF-16 unit when either is LATIN1 (`StringLatin1.compareToCI[_UTF16]`).
fn compare_ci(a: &str, b: &str) -> i32 {
    let ua = utf16_units(a);
    let ub = utf16_units(b);
    if is_latin1(a) || is_latin1(b) {
        for (&x, &y) in ua.iter().zip(ub.iter()) {
            if x != y {
                // Java narrows each mapping back to a `char` here.
                let ux = java_char_to_upper(u32::from(x)) & 0xFFFF;
                let uy = java_char_to_upper(u32::from(y)) & 0xFFFF;
                if ux != uy {
                    let lx = java_char_to_lower(ux) & 0xFFFF;
                    let ly = java_char_to_lower(uy) & 0xFFFF;
                    if lx != ly {
                        return lx as i32 - ly as i32;
                    }
                }
            }
        }
        return to_i32(ua.len()).wrapping_sub(to_i32(ub.len()));
    }
    let (mut k1, mut k2) = (0usize, 0usize);
    while k1 < ua.len() && k2 < ub.len() {
        let c1 = u32::from(ua.get(k1).copied().unwrap_or(0));
        let c2 = u32::from(ub.get(k2).copied().unwrap_or(0));
        if c1 == c2 || compare_code_point_ci(c1, c2) == 0 {
            k1 += 1;
            k2 += 1;
            continue;
        }
        let (cp1, skip1) = code_point_including(&ua, c1, k1);
        let (cp2, skip2) = code_point_including(&ub, c2, k2);
        let diff = compare_code_point_ci(cp1, cp2);
        if diff != 0 {
            return diff;
        }
        k1 += 1 + usize::from(skip1);
        k2 += 1 + usize::from(skip2);
    }
    to_i32(ua.len()).wrapping_sub(to_i32(ub.len()))
}

/// Java's `codePointIncluding`: widen a surrogate half to its pair's code point.
/// Returns the code point and whether the next unit was consumed too.
fn code_point_including(units: &[u16], cp: u32, index: usize) -> (u32, bool) {
    let is_high = (0xD800..0xDC00).contains(&cp);
    let is_low = (0xDC00..0xE000).contains(&cp);
    let before = index.checked_sub(1).and_then(|i| units.get(i)).copied();
    let after = units.get(index + 1).copied();
    match (is_high, is_low, before, after) {
        (_, true, Some(h), _) if (0xD800..0xDC00).contains(&h) => (
            0x10000 + ((u32::from(h) - 0xD800) << 10) + (cp - 0xDC00),
            false,
        ),
        (true, _, _, Some(l)) if (0xDC00..0xE000).contains(&l) => (
            0x10000 + ((cp - 0xD800) << 10) + (u32::from(l) - 0xDC00),
            true,
        ),
        _ => (cp, false),
    }
}

/// Java `hashCode()`: `s[0]*31^(n-1) + ... + s[n-1]` over UTF-16 units, wrapping like `int`.
pub fn hash_code(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, u| h.wrapping_mul(31).wrapping_add(i32::from(u)))
}

/// Orders two strings as Java's `compareTo` does (UTF-16 order, not Rust's code point order).
pub fn java_cmp(a: &str, b: &str) -> Ordering {
    compare_to(a, b).cmp(&0)
}

#[cfg(test)]
mod tests {
    // Every expected value below was produced by real Java 17 (OpenJDK 17.0.15) running the
    // same calls in a differential harness; lone surrogates show as '?' because that is what
    // Java's UTF-8 encoder writes for them.
    use super::*;

    #[test]
    fn matches_java_17() {
        assert_eq!(
            char_at("abc", 5).map_err(|e| (e.class, e.message)),
            Err((
                "java.lang.StringIndexOutOfBoundsException",
                "String index out of range: 5".to_string()
            ))
        );
        assert_eq!(
            char_at("a😀", 5).map_err(|e| (e.class, e.message)),
            Err((
                "java.lang.StringIndexOutOfBoundsException",
                "index 5, length 3".to_string()
            ))
        );
        assert_eq!(char_at("a😀b", 1).as_deref(), Ok("?"));
        assert_eq!(code_point_at("a😀b", 1), Ok(128512));
        assert_eq!(code_point_at("a😀b", 2), Ok(56832));
        assert_eq!(
            code_point_at("ab", 9).map_err(|e| (e.class, e.message)),
            Err((
                "java.lang.StringIndexOutOfBoundsException",
                "index 9, length 2".to_string()
            ))
        );
        assert_eq!(substring_range("hello", 1, 3).as_deref(), Ok("el"));
        assert_eq!(substring_range("a😀b", 0, 2).as_deref(), Ok("a?"));
        assert_eq!(
            substring_range("abc", 0, 10).map_err(|e| (e.class, e.message)),
            Err((
                "java.lang.StringIndexOutOfBoundsException",
                "begin 0, end 10, length 3".to_string()
            ))
        );
        assert_eq!(
            substring_range("abc", 2, 1).map_err(|e| (e.class, e.message)),
            Err((
                "java.lang.StringIndexOutOfBoundsException",
                "begin 2, end 1, length 3".to_string()
            ))
        );
        assert_eq!(substring("a😀b", 2).as_deref(), Ok("?b"));
        assert_eq!(
            substring("abc", 4).map_err(|e| (e.class, e.message)),
            Err((
                "java.lang.StringIndexOutOfBoundsException",
                "begin 4, end 3, length 3".to_string()
            ))
        );
        assert_eq!(index_of_from("a😀b😀", "😀", 2), 4);
        assert_eq!(index_of_from("abc", "", 10), 3);
        assert_eq!(last_index_of_from("a😀b😀", "😀", 3), 1);
        assert_eq!(last_index_of_from("abc", "", 10), 3);
        assert!(starts_with_offset("a😀b", "b", 3));
        assert!(starts_with_offset("a😀b", "", 2));
        assert_eq!(to_upper_case("straße"), "STRASSE");
        assert_eq!(to_lower_case("ΑΣ ΑΣ. Σ"), "ας ας. σ");
        assert_eq!(to_lower_case("A-Σ İ"), "a-ς i̇");
        assert_eq!(trim("\u{1}\t x \u{a0}"), "x \u{a0}");
        assert_eq!(strip("\u{2003} x \u{a0}"), "x \u{a0}");
        assert_eq!(hash_code("hello😀"), 807483829);
        assert_eq!(length("a😀b"), 4);
        assert!(equals_ignore_case("STRASSE", "strasse"));
        assert!(!equals_ignore_case("straße", "STRASSE"));
        assert_eq!(compare_to("a", "b"), -1);
        assert_eq!(compare_to("abc", "ab"), 1);
        assert_eq!(compare_to("\u{ffff}", "😀"), 10178);
        assert_eq!(compare_to_ignore_case("ABC", "abd"), -1);
        assert_eq!(compare_to_ignore_case("𝐀b", "\\+"), 55257);
        assert_eq!(replace("a😀", "", "").as_deref(), Ok("a😀"));
        assert_eq!(replace("a😀", "", "-").as_deref(), Ok("-a-?-?-"));
        assert_eq!(replace("aaa", "aa", "b").as_deref(), Ok("ba"));
        assert_eq!(
            repeat("ab", -1).map_err(|e| (e.class, e.message)),
            Err((
                "java.lang.IllegalArgumentException",
                "count is negative: -1".to_string()
            ))
        );
    }

    #[test]
    fn index_helpers() {
        assert_eq!(utf16_to_byte_offset("a😀b", 1), Some(1));
        assert_eq!(utf16_to_byte_offset("a😀b", 2), None);
        assert_eq!(utf16_to_byte_offset("a😀b", 3), Some(5));
        assert_eq!(utf16_to_byte_offset("a😀b", 4), Some(6));
        assert_eq!(utf16_to_byte_offset("a😀b", 5), None);
        assert_eq!(byte_to_utf16_offset("a😀b", 5), Some(3));
        assert_eq!(byte_to_utf16_offset("a😀b", 2), None);
        assert_eq!(from_utf16_units(&[0x61, 0xD83D]), "a?");
    }
}
