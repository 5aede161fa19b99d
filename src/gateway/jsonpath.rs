//! Jayway JsonPath 2.0.0 over json-smart values: the path compiler, filters and evaluation
//! behind `$input.path` and `$input.json`, with Jayway's quirks and exception texts.

// Jayway 2.0.0 predates the grammar later versions document. What it really does:
//
// * Compiling is string surgery (`PathCompiler`): the path is trimmed; one not starting
//   with `$` or `@` gets `$.` in front (`a.b` is `$.a.b`); `$x` is an invalid path; a space
//   outside brackets is an error; `.name` becomes the fragment `['name']` whatever `name`
//   holds (`$.a.length()` is the property `length()`, so no functions exist); a bracket
//   fragment runs to the matching `]` (quotes are not considered). Bracket fragments are
//   classified by their *first* interesting character: `?` filter, `'` property list
//   (`['a','b']` reads several keys into one map; only single quotes work, `["a"]` is an
//   error), a digit (any Unicode digit), `:`, `-` or `@` an array operation (`[1]`,
//   `[1,3]`, `[1:3]`, `[-2:]`, `[:2]`, `[(@.length-1)]`). Trailing junk is ignored
//   (`[1abc]` is `[1]`, `[1 2]` is `[12]`). Every exception thrown while compiling is wrapped
//   in an `InvalidPathException` whose message is the cause's `toString()` (so
//   `InvalidPathException: InvalidPathException: Space not allowed in path`, or
//   `InvalidPathException: java.lang.NumberFormatException: For input string: ""`).
// * Filters `[?(...)]` are split on `&&`/`||` *anywhere* (even inside quotes), each part
//   is stripped of `[ ? ( )` characters and split at the first of `== >= <= != < > =~` (in
//   that priority order, not by position). Operands are paths (`@...`, `$...`, which must be
//   definite), `'strings'`, `/regex/` or `/regex/i`, or else the raw text as a String (so
//   `@.a > 1` compares with the String "1"). No `in`, `nin`, `size`, `empty`, functions or
//   parentheses for grouping exist. `A && B || C` groups as `C || (B && A)`, evaluated right
//   to left. `[?(@.x)]` tests that `x` exists and is not null; `[?(!@.x)]` the opposite.
//   Comparisons (`Criteria.safeCompare`): null and the String "null" are equal; strings
//   compare by UTF-16 code units; numbers (and a String against a number) through
//   `new BigDecimal(toString())`, which throws `NumberFormatException` for NaN, Infinity or
//   non-numeric text; a String against a Boolean through `Boolean.valueOf`; anything else
//   (maps, lists, number against string...) just does not match. `=~` needs a regex on one
//   side (a ClassCastException otherwise) and matches the whole `toString()` of the other.
// * Evaluation: a path is *definite* when it has only property (including multi-key),
//   single-index and `[(@.length-n)]` steps; it then returns one value, otherwise a
//   `JSONArray` of matches. With `DEFAULT_PATH_LEAF_TO_NULL` a missing last key gives null;
//   a missing key before the end, a key on a non-object, an index out of range (negative
//   indexes do not count from the end), or an index on null throw `PathNotFoundException`
//   (which API Gateway turns into null). An index or slice on a non-array non-null value, a
//   filter on a primitive, or a multi-key step before the end throw `InvalidPathException`.
//   Indefinite paths swallow a missing key before the end; a wildcard over an array skips
//   elements for which the rest of the path is not found, but a wildcard over an object (or a
//   deep scan) fails the whole read, so `$..a.b` is null as soon as one `a` is not an object.
//   Deep scan `..x` has a bug kept here: when the step after the scan is not last and matches
//   an array itself (`..[0].a`, `..*.a`, `..[?(...)].a`), that step is skipped and the rest
//   of the path is applied to each element of the array.
//
// Every expected value in the tests was produced by the real Jayway 2.0.0 and json-smart 2.2
// jars on OpenJDK 17. Deliberate limits: `MAX_EVAL_DEPTH` and `MAX_FILTER_NESTING` (Java would
// recurse until its stack overflows).

use std::cmp::Ordering;
use std::sync::Arc;

use super::smartjson::{java_big_decimal, java_digit, java_trim, units_to_string, SmartJson};
use crate::render::java::regex::JavaRegex;

/// Class name of Jayway's `InvalidPathException`.
const INVALID_PATH: &str = "com.jayway.jsonpath.InvalidPathException";
/// Deepest recursion path evaluation allows (tokens followed plus document levels scanned).
pub const MAX_EVAL_DEPTH: usize = 1024;
/// Deepest nesting of filter paths inside filter paths the compiler allows.
const MAX_FILTER_NESTING: usize = 16;

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/// A compiled Jayway 2.0.0 path (cheap to clone, shareable between threads).
#[derive(Clone, Debug)]
pub struct JsonPath {
    inner: Arc<Compiled>,
}

/// What `JsonPath.using(conf).parse(doc).read(path)` returns.
#[derive(Clone, Debug)]
pub enum ReadResult {
    /// `PathNotFoundException` (API Gateway's `$input.path` gives null).
    Missing,
    /// A definite path's value (`DEFAULT_PATH_LEAF_TO_NULL` applied).
    Value(SmartJson),
    /// An indefinite path's matches: a new `net.minidev.json.JSONArray`.
    List(Vec<SmartJson>),
}

/// One match, borrowing from the document (Java returns the document's own objects).
#[derive(Clone, Debug)]
pub enum Found<'a> {
    /// A value of the document.
    Node(&'a SmartJson),
    /// A missing last key read as null (`DEFAULT_PATH_LEAF_TO_NULL`).
    Null,
    /// A new `LinkedHashMap` built by a multi-key step (`['a','b']`); `None` is null.
    Merged(Vec<(String, Option<&'a SmartJson>)>),
}

/// [`JsonPath::read_ref`]'s result.
#[derive(Clone, Debug)]
pub enum ReadRef<'a> {
    /// `PathNotFoundException`.
    Missing,
    /// A definite path's value.
    Value(Found<'a>),
    /// An indefinite path's matches (a new JSONArray).
    List(Vec<Found<'a>>),
}

impl Found<'_> {
    /// The match as an owned value.
    pub fn to_json(&self) -> SmartJson {
        match self {
            Found::Node(n) => (*n).clone(),
            Found::Null => SmartJson::Null,
            Found::Merged(entries) => SmartJson::Object(Box::new(
                entries
                    .iter()
                    .map(|(k, v)| (k.as_str().into(), v.map_or(SmartJson::Null, Clone::clone)))
                    .collect::<super::smartjson::JsonObject>(),
            )),
        }
    }
}

impl JsonPath {
    /// `JsonPath.compile(path)`. The error is the Java exception's `toString()`, e.g.
    /// `com.jayway.jsonpath.InvalidPathException: com.jayway.jsonpath.InvalidPathException:
    /// Invalid path $a`; an empty path gives Jayway's `IllegalArgumentException`.
    pub fn compile(path: &str) -> Result<JsonPath, String> {
        if path.is_empty() {
            return Err("java.lang.IllegalArgumentException: path can not be null or empty".into());
        }
        let units: Vec<u16> = path.encode_utf16().collect();
        compile_path(&units, 0)
            .map(|inner| JsonPath { inner })
            .map_err(|e| e.to_string())
    }

    /// Jayway's `isDefinite()`: the path yields one value rather than a list.
    pub fn is_definite(&self) -> bool {
        self.inner.definite()
    }

    /// `JsonPath.using(conf).parse(doc).read(path)` with Gateway's configuration
    /// (`DEFAULT_PATH_LEAF_TO_NULL`). The error is the Java exception's `toString()`.
    /// Like Jayway's `parse(Object)`, a null document is an `IllegalArgumentException`.
    pub fn read(&self, doc: &SmartJson) -> Result<ReadResult, String> {
        Ok(match self.read_ref(doc)? {
            ReadRef::Missing => ReadResult::Missing,
            ReadRef::Value(f) => ReadResult::Value(f.to_json()),
            ReadRef::List(items) => ReadResult::List(items.iter().map(Found::to_json).collect()),
        })
    }

    /// [`JsonPath::read`] without copying: matches borrow from `doc`.
    pub fn read_ref<'a>(&self, doc: &'a SmartJson) -> Result<ReadRef<'a>, String> {
        if matches!(doc, SmartJson::Null) {
            return Err("java.lang.IllegalArgumentException: json object can not be null".into());
        }
        let mut ev = Eval::new(&self.inner, doc, GATEWAY_OPTS);
        match ev.eval_token(0, &CurPath::Root, doc, 0) {
            Ok(()) => {}
            Err(EvalErr::NotFound) => return Ok(ReadRef::Missing),
            Err(EvalErr::Ioobe(e) | EvalErr::Java(e)) => return Err(e.to_string()),
        }
        let results = ev.results;
        if self.inner.definite() {
            Ok(match results.into_iter().next() {
                Some(f) => ReadRef::Value(f),
                None => ReadRef::Missing,
            })
        } else {
            Ok(ReadRef::List(results))
        }
    }
}

/// `JsonPath.using(conf).parse(doc).read(path)` as API Gateway's `$input.path` calls it, with
/// the same order of checks as Java: null document, empty path, compilation, evaluation.
pub fn read_path(doc: &SmartJson, path: &str) -> Result<ReadResult, String> {
    if matches!(doc, SmartJson::Null) {
        return Err("java.lang.IllegalArgumentException: json object can not be null".into());
    }
    JsonPath::compile(path)?.read(doc)
}

// ---------------------------------------------------------------------------
// Java exceptions
// ---------------------------------------------------------------------------

/// A Java exception: class and optional message (`Throwable.toString()` prints
/// `class: message`, or just the class without a message).
#[derive(Clone, Debug)]
struct JErr {
    class: &'static str,
    message: Option<String>,
}

impl std::fmt::Display for JErr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.message {
            Some(m) => write!(f, "{}: {}", self.class, m),
            None => f.write_str(self.class),
        }
    }
}

impl JErr {
    fn new(class: &'static str, message: impl Into<String>) -> JErr {
        JErr {
            class,
            message: Some(message.into()),
        }
    }

    /// `new InvalidPathException(message)`.
    fn invalid_path(message: impl Into<String>) -> JErr {
        JErr::new(INVALID_PATH, message)
    }

    /// `new InvalidPathException(cause)`: the message is the cause's `toString()`.
    fn wrap(self) -> JErr {
        JErr::new(INVALID_PATH, self.to_string())
    }

    /// `Integer.parseInt` failure.
    fn number_format(input: &[u16]) -> JErr {
        JErr::new(
            "java.lang.NumberFormatException",
            format!("For input string: \"{}\"", units_to_string(input)),
        )
    }
}

/// Java 17's compact strings: a String holding only Latin-1 characters reports `charAt`
/// overruns differently from one holding other characters.
fn is_latin1(s: &[u16]) -> bool {
    s.iter().all(|&u| u <= 0xFF)
}

/// `s.charAt(i)`, with Java 17's `StringIndexOutOfBoundsException`.
fn char_at(s: &[u16], i: i64) -> Result<u16, JErr> {
    usize::try_from(i)
        .ok()
        .and_then(|i| s.get(i))
        .copied()
        .ok_or_else(|| {
            let message = if is_latin1(s) {
                format!("String index out of range: {i}")
            } else {
                format!("index {i}, length {}", s.len())
            };
            JErr::new("java.lang.StringIndexOutOfBoundsException", message)
        })
}

/// `s.substring(begin, end)`, with Java 17's `StringIndexOutOfBoundsException`.
fn substring(s: &[u16], begin: i64, end: i64) -> Result<&[u16], JErr> {
    let len = s.len() as i64;
    if begin < 0 || begin > end || end > len {
        return Err(JErr::new(
            "java.lang.StringIndexOutOfBoundsException",
            format!("begin {begin}, end {end}, length {len}"),
        ));
    }
    Ok(s.get(begin as usize..end as usize).unwrap_or(&[]))
}

fn u(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

fn starts_with(s: &[u16], prefix: &str) -> bool {
    let p = u(prefix);
    s.starts_with(&p)
}

fn ends_with(s: &[u16], suffix: &str) -> bool {
    let p = u(suffix);
    s.ends_with(&p)
}

fn eq_str(s: &[u16], text: &str) -> bool {
    s.iter().copied().eq(text.encode_utf16())
}

/// `s.indexOf(needle)`.
fn index_of(s: &[u16], needle: &str) -> Option<usize> {
    let n = u(needle);
    if n.is_empty() {
        return Some(0);
    }
    s.windows(n.len()).position(|w| w == n.as_slice())
}

const fn c(ch: char) -> u16 {
    ch as u16
}

// ---------------------------------------------------------------------------
// Compiled form
// ---------------------------------------------------------------------------

#[derive(Debug)]
struct Compiled {
    tokens: Vec<Token>,
    /// The path started with `$` (not `@`): inside filters it is read from the root.
    is_root_path: bool,
    /// `isPathDefinite()` of each token: it and every token after it are definite.
    path_definite: Vec<bool>,
    /// `isUpstreamDefinite()` of each token. Jayway's version looks *forward* from the
    /// previous token, so it is "this token, the previous one and all later ones are definite".
    upstream_definite: Vec<bool>,
}

impl Compiled {
    fn new(tokens: Vec<Token>, is_root_path: bool) -> Compiled {
        let n = tokens.len();
        let mut path_definite: Vec<bool> = tokens
            .iter()
            .rev()
            .scan(true, |rest, token| {
                *rest = *rest && token.is_definite();
                Some(*rest)
            })
            .collect();
        path_definite.reverse();
        let upstream_definite = tokens
            .iter()
            .enumerate()
            .map(|(i, token)| {
                token.is_definite() && (i == 0 || path_definite.get(i - 1).copied().unwrap_or(true))
            })
            .collect();
        debug_assert_eq!(path_definite.len(), n);
        Compiled {
            tokens,
            is_root_path,
            path_definite,
            upstream_definite,
        }
    }

    fn definite(&self) -> bool {
        self.path_definite.first().copied().unwrap_or(true)
    }

    fn is_leaf(&self, t: usize) -> bool {
        t + 1 >= self.tokens.len()
    }
}

#[derive(Debug)]
enum Token {
    /// `$` (also valid in the middle of a path, where it changes nothing).
    Root,
    /// `['a']` or `['a','b']` (possibly zero names, e.g. from `$['a]`).
    Property(Vec<String>),
    /// `[1]`, `[1,2]`, `[1:]`, `[:2]`, `[1:2]`, `[(@.length-1)]`.
    Array(ArrayOp, Vec<i32>),
    /// `*`, `[*]`.
    Wildcard,
    /// `..`.
    Scan,
    /// `[?(...)]`, or `[?]`, `[?,?]`... placeholders (`None`) for filters passed as Java
    /// arguments, which a template cannot pass: applying one is a NullPointerException.
    Predicate(Vec<Option<Filter>>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArrayOp {
    ContextSize,
    SliceTo,
    SliceFrom,
    SliceBetween,
    IndexSequence,
    SingleIndex,
}

impl Token {
    fn is_definite(&self) -> bool {
        match self {
            Token::Root | Token::Property(_) => true,
            Token::Array(op, _) => matches!(op, ArrayOp::SingleIndex | ArrayOp::ContextSize),
            Token::Wildcard | Token::Scan | Token::Predicate(_) => false,
        }
    }

    /// `getPathFragment()`. Jayway only knows fragments for up to five filter placeholders;
    /// more is an `ArrayIndexOutOfBoundsException` (only reachable in error messages).
    fn fragment(&self) -> Result<String, JErr> {
        Ok(match self {
            Token::Root => "$".into(),
            Token::Property(props) => format!("[{}]", join_quoted(props)),
            Token::Array(op, criteria) => {
                let get = |i: usize| criteria.get(i).map_or(String::new(), i32::to_string);
                match op {
                    ArrayOp::SingleIndex | ArrayOp::IndexSequence => {
                        let parts: Vec<String> = criteria.iter().map(i32::to_string).collect();
                        format!("[{}]", parts.join(","))
                    }
                    ArrayOp::ContextSize => format!("[@.size(){}]", get(0)),
                    ArrayOp::SliceFrom => format!("[{}:]", get(0)),
                    ArrayOp::SliceTo => format!("[:{}]", get(0)),
                    ArrayOp::SliceBetween => format!("[{}:{}]", get(0), get(1)),
                }
            }
            Token::Wildcard => "[*]".into(),
            Token::Scan => "..".into(),
            Token::Predicate(preds) => {
                let n = preds.len();
                if n == 0 || n > 5 {
                    return Err(JErr::new(
                        "java.lang.ArrayIndexOutOfBoundsException",
                        format!("Index {} out of bounds for length 5", n as i64 - 1),
                    ));
                }
                format!("[{}]", vec!["?"; n].join(","))
            }
        })
    }
}

/// `Utils.join(", ", "'", props)`.
fn join_quoted(props: &[String]) -> String {
    props
        .iter()
        .map(|p| format!("'{p}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Debug)]
enum Pred {
    Filter(Filter),
    Criteria(Criteria),
}

/// Jayway's `SingleFilter`, `AndFilter` and `OrFilter`.
#[derive(Debug)]
enum Filter {
    Single(Box<Pred>),
    And(Vec<Pred>),
    Or(Box<Pred>, Box<Pred>),
}

impl Filter {
    /// `Filter.and(other)` as each subclass overrides it.
    fn and(self, other: Pred) -> Filter {
        match self {
            Filter::And(mut preds) => {
                preds.push(other);
                Filter::And(preds)
            }
            Filter::Or(left, right) => Filter::Or(
                left,
                Box::new(Pred::Filter(Filter::And(vec![*right, other]))),
            ),
            single @ Filter::Single(_) => Filter::And(vec![Pred::Filter(single), other]),
        }
    }

    /// `Filter.or(other)`.
    fn or(self, other: Pred) -> Filter {
        Filter::Or(Box::new(Pred::Filter(self)), Box::new(other))
    }
}

#[derive(Debug)]
enum Criteria {
    /// `[?(@.a)]` / `[?(!@.a)]`.
    Exists { path: Arc<Compiled>, exists: bool },
    /// `left op right`.
    Compare {
        left: Operand,
        op: CmpOp,
        right: Operand,
    },
}

#[derive(Debug)]
enum Operand {
    Path(Arc<Compiled>),
    Str(String),
    /// A compiled `/regex/` and its source (what `Pattern.toString()` gives).
    Pattern(JavaRegex, String),
}

#[derive(Debug, Clone, Copy)]
enum CmpOp {
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
    Regex,
}

// ---------------------------------------------------------------------------
// PathCompiler
// ---------------------------------------------------------------------------

/// `PathCompiler.compile(path)`: every exception becomes an `InvalidPathException`.
fn compile_path(path: &[u16], nesting: usize) -> Result<Arc<Compiled>, JErr> {
    if nesting > MAX_FILTER_NESTING {
        return Err(JErr::new(
            "java.lang.StackOverflowError",
            format!("filters nested deeper than {MAX_FILTER_NESTING} levels"),
        ));
    }
    compile_body(path, nesting)
        .map(Arc::new)
        .map_err(JErr::wrap)
}

fn compile_body(path: &[u16], nesting: usize) -> Result<Compiled, JErr> {
    let path = java_trim(path);
    if ends_with(path, "..") {
        return Err(JErr::invalid_path("A path can not end with a scan."));
    }
    let first = char_at(path, 0)?;
    let mut p: Vec<u16> = Vec::with_capacity(path.len() + 2);
    if first != c('$') && first != c('@') {
        p.extend(u("$."));
    }
    p.extend_from_slice(path);
    let is_root_path = p.first() == Some(&c('$'));
    if let Some(first) = p.first_mut().filter(|f| **f == c('@')) {
        *first = c('$');
    }
    if p.get(1)
        .is_some_and(|&second| second != c('.') && second != c('['))
    {
        return Err(JErr::invalid_path(format!(
            "Invalid path {}",
            units_to_string(&p)
        )));
    }
    let mut tokens = Vec::new();
    let mut i = 0usize;
    while let Some(&current) = p.get(i) {
        let fragment: Vec<u16> = match current {
            0x20 => return Err(JErr::invalid_path("Space not allowed in path")),
            0x24 => {
                i += 1;
                u("$")
            }
            0x5B => {
                let n = fast_forward_until_closed(&p, i);
                let f = p.get(i..i + n).unwrap_or(&[]).to_vec();
                i += n;
                f
            }
            0x2E => {
                i += 1;
                if char_at(&p, i as i64)? == c('.') {
                    i += 1;
                    u("..")
                } else {
                    let n = fast_forward(&p, i);
                    if n == 0 {
                        continue;
                    }
                    let f = if n == 1 && p.get(i) == Some(&c('*')) {
                        u("[*]")
                    } else {
                        property_fragment(p.get(i..i + n).unwrap_or(&[]))
                    };
                    i += n;
                    f
                }
            }
            0x2A => {
                i += 1;
                u("[*]")
            }
            _ => {
                let n = fast_forward(&p, i);
                let f = property_fragment(p.get(i..i + n).unwrap_or(&[]));
                i += n;
                f
            }
        };
        tokens.push(analyze(&fragment, nesting)?);
    }
    Ok(Compiled::new(tokens, is_root_path))
}

/// `"['" + name + "']"`.
fn property_fragment(name: &[u16]) -> Vec<u16> {
    let mut f = u("['");
    f.extend_from_slice(name);
    f.extend(u("']"));
    f
}

/// Characters up to the next `.`, `[` or space.
fn fast_forward(s: &[u16], index: usize) -> usize {
    s.get(index..)
        .unwrap_or(&[])
        .iter()
        .take_while(|&&ch| ch != c('.') && ch != c('[') && ch != c(' '))
        .count()
}

/// Length of the bracket fragment starting at `index` (a `[`): up to the matching `]`
/// counting nested brackets (quotes are not considered), or to the end of the path.
fn fast_forward_until_closed(s: &[u16], index: usize) -> usize {
    let mut skip = 1;
    let mut nested = 0i32;
    let mut i = index + 1;
    while let Some(&current) = s.get(i) {
        i += 1;
        skip += 1;
        if current == c(']') && nested == 0 {
            break;
        }
        if current == c('[') {
            nested += 1;
        }
        if current == c(']') {
            nested -= 1;
        }
    }
    skip
}

/// `PathComponentAnalyzer.analyze()`.
fn analyze(fragment: &[u16], nesting: usize) -> Result<Token, JErr> {
    if eq_str(fragment, "$") {
        return Ok(Token::Root);
    }
    if eq_str(fragment, "..") {
        return Ok(Token::Scan);
    }
    if eq_str(fragment, "[*]") || eq_str(fragment, ".*") {
        return Ok(Token::Wildcard);
    }
    if eq_str(fragment, "[?]") {
        return Ok(Token::Predicate(vec![None]));
    }
    if is_placeholder_filter(fragment) {
        let n = fragment.iter().filter(|&&ch| ch == c('?')).count();
        return Ok(Token::Predicate((0..n).map(|_| None).collect()));
    }
    let mut i = 0usize;
    while let Some(&current) = fragment.get(i) {
        if current == c('?') {
            return analyze_criteria(fragment, i, nesting);
        }
        if current == c('\'') {
            return analyze_property(fragment, i);
        }
        if java_digit(current).is_some()
            || current == c(':')
            || current == c('-')
            || current == c('@')
        {
            return analyze_array(fragment, i);
        }
        i += 1;
    }
    Err(JErr::invalid_path(format!(
        "Could not analyze path component: {}",
        units_to_string(fragment)
    )))
}

/// Java regex `\s`.
fn is_regex_space(ch: u16) -> bool {
    matches!(ch, 0x20 | 0x09 | 0x0A | 0x0B | 0x0C | 0x0D)
}

/// `FILTER_PATTERN` `^\[\s*\?\s*[,\s*\?]*?\s*]$`: `[?]`, `[?,?]`, but also `[?*]`, `[ ? ]`.
fn is_placeholder_filter(fragment: &[u16]) -> bool {
    let Some(inner) = fragment
        .strip_prefix(&[c('[')])
        .and_then(|f| f.strip_suffix(&[c(']')]))
    else {
        return false;
    };
    let mut rest = inner.iter().skip_while(|&&ch| is_regex_space(ch));
    rest.next() == Some(&c('?'))
        && rest.all(|&ch| ch == c(',') || ch == c('*') || ch == c('?') || is_regex_space(ch))
}

/// `analyzeProperty()`: names between single quotes, up to the first `]` (even one inside
/// quotes); text outside quotes is ignored.
fn analyze_property(fragment: &[u16], mut i: usize) -> Result<Token, JErr> {
    let mut props = Vec::new();
    let mut buffer: Vec<u16> = Vec::new();
    let mut open = false;
    let mut current = char_at(fragment, i as i64)?;
    while current != c(']') {
        if current == c('\'') {
            if open {
                props.push(units_to_string(&buffer));
                buffer.clear();
                open = false;
            } else {
                open = true;
            }
        } else if open {
            buffer.push(current);
        }
        i += 1;
        current = char_at(fragment, i as i64)?;
    }
    Ok(Token::Property(props))
}

/// `Integer.parseInt(s)` (radix 10, Unicode digits accepted).
fn parse_int(s: &[u16]) -> Result<i32, JErr> {
    let err = || JErr::number_format(s);
    let first = *s.first().ok_or_else(err)?;
    let mut i = 0;
    let mut negative = false;
    let mut limit: i64 = -i64::from(i32::MAX);
    if first < c('0') {
        if first == c('-') {
            negative = true;
            limit = i64::from(i32::MIN);
        } else if first != c('+') {
            return Err(err());
        }
        if s.len() == 1 {
            return Err(err());
        }
        i = 1;
    }
    let multmin = limit / 10;
    let mut result: i64 = 0;
    while let Some(&unit) = s.get(i) {
        let digit = java_digit(unit).ok_or_else(err)?;
        i += 1;
        if result < multmin {
            return Err(err());
        }
        result *= 10;
        if result < limit + i64::from(digit) {
            return Err(err());
        }
        result -= i64::from(digit);
    }
    let v = if negative { result } else { -result };
    i32::try_from(v).map_err(|_| err())
}

/// `analyzeArraySequence()`.
fn analyze_array(fragment: &[u16], mut i: usize) -> Result<Token, JErr> {
    let at = |i: usize| char_at(fragment, i as i64);
    let is_digit = |ch: u16| java_digit(ch).is_some();
    let mut buffer: Vec<u16> = Vec::new();
    let mut numbers: Vec<i32> = Vec::new();
    let mut current = at(i)?;
    let context_size = current == c('@');
    let (mut slice_to, mut slice_from, mut slice_between, mut index_sequence) =
        (false, false, false, false);
    if context_size {
        i += 1;
        at(i)?;
        i += 1;
        current = at(i)?;
        while current != c('-') {
            if current != c(' ') && current != c('(') && current != c(')') {
                buffer.push(current);
            }
            i += 1;
            current = at(i)?;
        }
        if !eq_str(&buffer, "size") && !eq_str(&buffer, "length") {
            return Err(JErr::invalid_path(format!(
                "Invalid function: @.{}. Supported functions are: [(@.length - n)] and [(@.size() - n)]",
                units_to_string(&buffer)
            )));
        }
        buffer.clear();
        while current != c(')') {
            if current != c(' ') {
                buffer.push(current);
            }
            i += 1;
            current = at(i)?;
        }
    } else {
        while is_digit(current)
            || current == c(',')
            || current == c(' ')
            || current == c(':')
            || current == c('-')
        {
            if current == c(':') {
                if buffer.is_empty() {
                    // [:12]
                    slice_to = true;
                    i += 1;
                    current = at(i)?;
                    while is_digit(current) || current == c(' ') || current == c('-') {
                        if current != c(' ') {
                            buffer.push(current);
                        }
                        i += 1;
                        current = at(i)?;
                    }
                    numbers.push(parse_int(&buffer)?);
                    buffer.clear();
                } else {
                    // [12:...
                    numbers.push(parse_int(&buffer)?);
                    buffer.clear();
                    i += 1;
                    current = at(i)?;
                    while is_digit(current) || current == c(' ') || current == c('-') {
                        if current != c(' ') {
                            buffer.push(current);
                        }
                        i += 1;
                        current = at(i)?;
                    }
                    if buffer.is_empty() {
                        slice_from = true;
                    } else {
                        slice_between = true;
                        numbers.push(parse_int(&buffer)?);
                        buffer.clear();
                    }
                }
            } else if current == c(',') {
                numbers.push(parse_int(&buffer)?);
                buffer.clear();
                index_sequence = true;
            } else if current != c(' ') {
                buffer.push(current);
            }
            if current == c(']') {
                break;
            }
            i += 1;
            current = at(i)?;
        }
    }
    if !buffer.is_empty() {
        numbers.push(parse_int(&buffer)?);
    }
    let single_index = numbers.len() == 1 && !slice_to && !slice_from && !context_size;
    let op = if single_index {
        ArrayOp::SingleIndex
    } else if index_sequence {
        ArrayOp::IndexSequence
    } else if slice_from {
        ArrayOp::SliceFrom
    } else if slice_to {
        ArrayOp::SliceTo
    } else if slice_between {
        ArrayOp::SliceBetween
    } else if context_size {
        ArrayOp::ContextSize
    } else {
        // Unreachable in Jayway (it would build a token with a null operation).
        return Err(JErr::new("java.lang.AssertionError", "no array operation"));
    };
    Ok(Token::Array(op, numbers))
}

/// `analyzeCriteriaSequence4()`: find the filter's extent, then `Filter.parse` it.
fn analyze_criteria(fragment: &[u16], i: usize, nesting: usize) -> Result<Token, JErr> {
    let mut start = i as i64;
    while char_at(fragment, start)? != c('[') {
        start -= 1;
    }
    let mut end = 0i64;
    let mut mem = c(' ');
    let mut curr = start;
    let mut in_prop = false;
    let (mut open_square, mut open_round) = (0i32, 0i32);
    while end == 0 {
        let ch = char_at(fragment, curr)?;
        match ch {
            0x28 if !in_prop => open_round += 1,
            0x29 if !in_prop => open_round -= 1,
            0x5B if !in_prop => open_square += 1,
            0x5D if !in_prop => {
                open_square -= 1;
                if open_round == 0 {
                    end = curr + 1;
                }
            }
            0x27 if mem != c('\\') => in_prop = !in_prop,
            _ => {}
        }
        mem = ch;
        curr += 1;
    }
    if open_round != 0 || open_square != 0 {
        return Err(JErr::invalid_path("Filter brackets are not balanced"));
    }
    let text = substring(fragment, start, end)?;
    Ok(Token::Predicate(vec![Some(parse_filter(text, nesting)?)]))
}

/// `Filter.parse(filter)`.
fn parse_filter(filter: &[u16], nesting: usize) -> Result<Filter, JErr> {
    let f = java_trim(filter);
    if !starts_with(f, "[") || !ends_with(f, "]") {
        return Err(JErr::invalid_path(format!(
            "Filter must start with '[' and end with ']'. {}",
            units_to_string(f)
        )));
    }
    let f = java_trim(substring(f, 1, f.len() as i64 - 1)?);
    if !starts_with(f, "?") {
        return Err(JErr::invalid_path(format!(
            "Filter must start with '[?' and end with ']'. {}",
            units_to_string(f)
        )));
    }
    let f = java_trim(substring(f, 1, f.len() as i64)?);
    if !starts_with(f, "(") || !ends_with(f, ")") {
        return Err(JErr::invalid_path(format!(
            "Filter must start with '[?(' and end with ')]'. {}",
            units_to_string(f)
        )));
    }
    let f = java_trim(substring(f, 1, f.len() as i64 - 1)?);
    let mut operators: Vec<bool> = Vec::new(); // true: &&
    let mut criteria: Vec<Criteria> = Vec::new();
    for piece in operator_split(f) {
        let exp = java_trim(piece);
        if eq_str(exp, "&&") {
            operators.push(true);
        } else if eq_str(exp, "||") {
            operators.push(false);
        } else {
            criteria.push(parse_criteria(clean_criteria(exp)?, nesting)?);
        }
    }
    let empty_stack = || JErr {
        class: "java.util.EmptyStackException",
        message: None,
    };
    let mut root = Filter::Single(Box::new(Pred::Criteria(
        criteria.pop().ok_or_else(empty_stack)?,
    )));
    while let Some(is_and) = operators.pop() {
        if is_and {
            let next = criteria.pop().ok_or_else(empty_stack)?;
            root = root.and(Pred::Criteria(next));
        } else {
            let Some(next) = criteria.pop() else {
                return Err(JErr::invalid_path(format!(
                    "Invalid operators {}",
                    units_to_string(f)
                )));
            };
            root = root.or(Pred::Criteria(next));
        }
    }
    if !criteria.is_empty() {
        return Err(JErr::invalid_path(format!(
            "Invalid operators {}",
            units_to_string(f)
        )));
    }
    Ok(root)
}

/// `filter.split("((?<=&&|\\|\\|)|(?=&&|\\|\\|))")`: cuts before and after every `&&` and
/// `||`, with `String.split`'s rules (no leading empty piece for a match at 0, trailing
/// empty pieces dropped).
fn operator_split(s: &[u16]) -> Vec<&[u16]> {
    let is_op = |i: usize| matches!(s.get(i..i + 2), Some(&[a, b]) if a == b && (a == c('&') || a == c('|')));
    let mut pieces = Vec::new();
    let mut index = 0usize;
    for p in 0..=s.len() {
        if !((p >= 2 && is_op(p - 2)) || is_op(p)) {
            continue;
        }
        if index == 0 && p == 0 {
            continue;
        }
        pieces.push(s.get(index..p).unwrap_or(&[]));
        index = p;
    }
    if index == 0 {
        return vec![s];
    }
    pieces.push(s.get(index..).unwrap_or(&[]));
    while pieces.last().is_some_and(|p| p.is_empty()) {
        pieces.pop();
    }
    pieces
}

/// `Filter.cleanCriteria`: strips leading `[ ? (` and spaces and trailing `)` and spaces.
fn clean_criteria(s: &[u16]) -> Result<&[u16], JErr> {
    let mut begin = 0i64;
    let mut end = s.len() as i64 - 1;
    let mut ch = char_at(s, begin)?;
    while ch == c('[') || ch == c('?') || ch == c('(') || ch == c(' ') {
        begin += 1;
        ch = char_at(s, begin)?;
    }
    ch = char_at(s, end)?;
    while ch == c(')') || ch == c(' ') {
        end -= 1;
        ch = char_at(s, end)?;
    }
    substring(s, begin, end + 1)
}

/// The operators `Criteria.parse` looks for, in this order.
const OPERATORS: [(&str, CmpOp); 7] = [
    ("==", CmpOp::Eq),
    (">=", CmpOp::Gte),
    ("<=", CmpOp::Lte),
    ("!=", CmpOp::Ne),
    ("<", CmpOp::Lt),
    (">", CmpOp::Gt),
    ("=~", CmpOp::Regex),
];

/// `Criteria.parse(criteria)` and `Criteria.create(left, operator, right)`.
fn parse_criteria(text: &[u16], nesting: usize) -> Result<Criteria, JErr> {
    let mut found = None;
    for (op_text, op) in OPERATORS {
        if let Some(idx) = index_of(text, op_text) {
            found = Some((idx, op_text.len(), op));
            break;
        }
    }
    let (left, op, right): (&[u16], Option<CmpOp>, &[u16]) = match found {
        Some((idx, n, op)) => (
            java_trim(text.get(..idx).unwrap_or(&[])),
            Some(op),
            java_trim(text.get(idx + n..).unwrap_or(&[])),
        ),
        None => (java_trim(text), None, &[]),
    };
    let is_path = |s: &[u16]| starts_with(s, "$") || starts_with(s, "@") || starts_with(s, "!@");
    let is_string = |s: &[u16]| s.first() == Some(&c('\'')) && s.last() == Some(&c('\''));
    let is_pattern = |s: &[u16]| {
        s.first() == Some(&c('/')) && (s.ends_with(&[c('/')]) || s.ends_with(&[c('/'), c('i')]))
    };
    let mut exists = true;
    let mut left_path = None;
    let left_operand = if is_path(left) {
        let mut l = left;
        if let Some(rest) = l.strip_prefix(&[c('!')]) {
            exists = false;
            l = rest;
        }
        let compiled = compile_path(l, nesting + 1)?;
        if !compiled.definite() {
            return Err(JErr::invalid_path(format!(
                "the predicate path: {} is not definite",
                units_to_string(l)
            )));
        }
        left_path = Some(compiled.clone());
        Operand::Path(compiled)
    } else if is_string(left) {
        Operand::Str(units_to_string(substring(left, 1, left.len() as i64 - 1)?))
    } else if is_pattern(left) {
        compile_pattern(left)?
    } else {
        Operand::Str(units_to_string(left))
    };
    let right_operand = if is_path(right) {
        if right.first() == Some(&c('!')) {
            return Err(JErr::invalid_path(
                "Invalid negation! Can only be used for existence check e.g [?(!@.foo)]",
            ));
        }
        let compiled = compile_path(right, nesting + 1)?;
        if !compiled.definite() {
            return Err(JErr::invalid_path(format!(
                "the predicate path: {} is not definite",
                units_to_string(right)
            )));
        }
        Operand::Path(compiled)
    } else if is_string(right) {
        Operand::Str(units_to_string(substring(
            right,
            1,
            right.len() as i64 - 1,
        )?))
    } else if is_pattern(right) {
        compile_pattern(right)?
    } else {
        Operand::Str(units_to_string(right))
    };
    match (left_path, op) {
        (Some(path), None) => Ok(Criteria::Exists { path, exists }),
        (_, None) => Err(JErr::new(
            "java.lang.UnsupportedOperationException",
            "CriteriaType  can not be parsed",
        )),
        (_, Some(op)) => Ok(Criteria::Compare {
            left: left_operand,
            op,
            right: right_operand,
        }),
    }
}

/// `Criteria.compilePattern`: `/re/` or `/re/i` (case-insensitive).
fn compile_pattern(s: &[u16]) -> Result<Operand, JErr> {
    let last = s.iter().rposition(|&ch| ch == c('/')).unwrap_or(0) as i64;
    let ignore_case = s.last() == Some(&c('i'));
    let source = units_to_string(substring(s, 1, last)?);
    let to_err = |e: crate::render::java::string::JavaException| JErr::new(e.class, e.message);
    // Syntax errors do not depend on the flag; compile the source as written first so the
    // message and index are Java's, then the flagged form.
    let mut regex = JavaRegex::new(&source).map_err(to_err)?;
    if ignore_case {
        regex = JavaRegex::new(&format!("(?i){source}")).map_err(to_err)?;
    }
    Ok(Operand::Pattern(regex, source))
}

// ---------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------

/// The Jayway options that matter here.
#[derive(Clone, Copy)]
struct Opts {
    /// `DEFAULT_PATH_LEAF_TO_NULL`.
    leaf_to_null: bool,
    /// `REQUIRE_PROPERTIES` (only used for existence checks in filters).
    require: bool,
}

/// API Gateway's configuration: `defaultConfiguration().addOptions(DEFAULT_PATH_LEAF_TO_NULL)`.
const GATEWAY_OPTS: Opts = Opts {
    leaf_to_null: true,
    require: false,
};

/// What the `[?(@.x)]` check evaluates with: a fresh configuration with only
/// `REQUIRE_PROPERTIES`.
const EXISTS_OPTS: Opts = Opts {
    leaf_to_null: false,
    require: true,
};

enum EvalErr {
    /// `PathNotFoundException`.
    NotFound,
    /// An `IndexOutOfBoundsException` (or subclass), which `handleArrayIndex` and the array
    /// step turn into `PathNotFoundException`.
    Ioobe(JErr),
    /// Any other exception: it escapes `read`.
    Java(JErr),
}

impl From<JErr> for EvalErr {
    fn from(e: JErr) -> EvalErr {
        if e.class == "java.lang.ArrayIndexOutOfBoundsException" {
            EvalErr::Ioobe(e)
        } else {
            EvalErr::Java(e)
        }
    }
}

/// The current path string Jayway builds while evaluating (`$['a'][0]`), kept as a linked
/// list and rendered only for the one error message that shows it.
enum CurPath<'p> {
    Root,
    Prop(&'p CurPath<'p>, &'p str),
    Index(&'p CurPath<'p>, i32),
}

impl CurPath<'_> {
    fn render(&self) -> String {
        match self {
            CurPath::Root => "$".to_string(),
            CurPath::Prop(parent, key) => format!("{}['{}']", parent.render(), key),
            CurPath::Index(parent, i) => format!("{}[{}]", parent.render(), i),
        }
    }
}

/// A value inside a filter comparison.
enum Val<'x> {
    Null,
    /// A non-null document value.
    Node(&'x SmartJson),
    /// A map built by a multi-key step.
    Merged(Vec<(String, Option<&'x SmartJson>)>),
    /// A String from the filter text.
    Str(&'x str),
    /// A `java.util.regex.Pattern` from the filter text.
    Pattern(&'x JavaRegex, &'x str),
}

impl<'x> Val<'x> {
    fn from_found(f: Found<'x>) -> Val<'x> {
        match f {
            Found::Node(SmartJson::Null) | Found::Null => Val::Null,
            Found::Node(n) => Val::Node(n),
            Found::Merged(m) => Val::Merged(m),
        }
    }

    fn is_null(&self) -> bool {
        matches!(self, Val::Null)
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Val::Node(SmartJson::String(s)) => Some(s),
            Val::Str(s) => Some(s),
            _ => None,
        }
    }

    fn java_class(&self) -> &'static str {
        match self {
            Val::Null => "null",
            Val::Node(n) => n.java_class(),
            Val::Merged(_) => "java.util.LinkedHashMap",
            Val::Str(_) => "java.lang.String",
            Val::Pattern(..) => "java.util.regex.Pattern",
        }
    }

    /// `toString()`.
    fn to_java_string(&self) -> String {
        match self {
            Val::Null => "null".into(),
            Val::Node(n) => n.to_java_string(),
            Val::Merged(m) => merged_to_java_string(m),
            Val::Str(s) => (*s).to_string(),
            Val::Pattern(_, source) => (*source).to_string(),
        }
    }
}

fn merged_to_java_string(m: &[(String, Option<&SmartJson>)]) -> String {
    let parts: Vec<String> = m
        .iter()
        .map(|(k, v)| {
            format!(
                "{k}={}",
                v.map_or("null".to_string(), |v| v.to_java_string())
            )
        })
        .collect();
    format!("{{{}}}", parts.join(", "))
}

/// Why a comparison did not produce a boolean.
enum CmpErr {
    /// `ValueCompareException`: the criterion is simply false.
    Incomparable,
    Java(JErr),
}

impl From<JErr> for CmpErr {
    fn from(e: JErr) -> CmpErr {
        CmpErr::Java(e)
    }
}

struct Eval<'a, 'c> {
    path: &'c Compiled,
    root: &'a SmartJson,
    opts: Opts,
    results: Vec<Found<'a>>,
}

#[cold]
fn leaf_has_no_next() -> EvalErr {
    EvalErr::Java(JErr::new(
        "java.lang.IllegalStateException",
        "Current path token is a leaf",
    ))
}

#[cold]
fn too_deep() -> EvalErr {
    EvalErr::Java(JErr::new(
        "java.lang.StackOverflowError",
        format!("path evaluation deeper than {MAX_EVAL_DEPTH} levels"),
    ))
}

impl<'a, 'c> Eval<'a, 'c> {
    fn new(path: &'c Compiled, root: &'a SmartJson, opts: Opts) -> Self {
        Eval {
            path,
            root,
            opts,
            results: Vec::new(),
        }
    }

    fn is_leaf(&self, t: usize) -> bool {
        self.path.is_leaf(t)
    }

    /// `PathToken.toString()` of token `t`: its fragment and all later ones.
    fn path_string_from(&self, t: usize) -> Result<String, EvalErr> {
        let mut s = String::new();
        for token in self.path.tokens.get(t..).unwrap_or(&[]) {
            s.push_str(&token.fragment()?);
        }
        Ok(s)
    }

    /// `PathToken.evaluate(currentPath, parent, model, ctx)` of token `t`. Each token kind has
    /// its own small function so the recursion keeps little on the stack per level.
    fn eval_token(
        &mut self,
        t: usize,
        cur: &CurPath<'_>,
        model: &'a SmartJson,
        depth: usize,
    ) -> Result<(), EvalErr> {
        if depth > MAX_EVAL_DEPTH {
            return Err(too_deep());
        }
        let path = self.path;
        match path.tokens.get(t) {
            Some(Token::Root) => self.eval_root(t, model, depth),
            Some(Token::Property(props)) => self.eval_property(t, cur, model, props, depth),
            Some(Token::Array(op, criteria)) => {
                self.eval_array(t, cur, model, *op, criteria, depth)
            }
            Some(Token::Wildcard) => self.eval_wildcard(t, cur, model, depth),
            Some(Token::Scan) => self.eval_scan(t, cur, model, depth),
            Some(Token::Predicate(preds)) => self.eval_predicate(t, cur, model, preds, depth),
            None => Err(leaf_has_no_next()),
        }
    }

    /// `RootPathToken`: the model itself (a `$` in the middle of a path changes nothing).
    fn eval_root(&mut self, t: usize, model: &'a SmartJson, depth: usize) -> Result<(), EvalErr> {
        if self.is_leaf(t) {
            self.results.push(Found::Node(model));
            Ok(())
        } else {
            self.eval_token(t + 1, &CurPath::Root, model, depth + 1)
        }
    }

    /// `PropertyPathToken`: a key of an object; anything else is `PathNotFoundException`.
    fn eval_property(
        &mut self,
        t: usize,
        cur: &CurPath<'_>,
        model: &'a SmartJson,
        props: &[String],
        depth: usize,
    ) -> Result<(), EvalErr> {
        if !matches!(model, SmartJson::Object(_)) {
            return Err(EvalErr::NotFound);
        }
        if let [only] = props {
            self.single_property(t, cur, model, only, depth)
        } else {
            self.multi_property(t, cur, model, props)
        }
    }

    /// `WildcardPathToken`: every value of an object (a failure below one of them fails the
    /// read) or every element of an array (`PathNotFoundException` below one is skipped);
    /// nothing for other values.
    fn eval_wildcard(
        &mut self,
        t: usize,
        cur: &CurPath<'_>,
        model: &'a SmartJson,
        depth: usize,
    ) -> Result<(), EvalErr> {
        match model {
            SmartJson::Object(map) => {
                for key in map.keys() {
                    self.single_property(t, cur, model, key, depth)?;
                }
                Ok(())
            }
            SmartJson::Array(items) => {
                for i in 0..items.len() {
                    match self.array_index(t, cur, items, i as i32, depth) {
                        Err(EvalErr::NotFound) if !self.opts.require => {}
                        other => other?,
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// `ScanPathToken`: walks the model for the token after the scan.
    fn eval_scan(
        &mut self,
        t: usize,
        cur: &CurPath<'_>,
        model: &'a SmartJson,
        depth: usize,
    ) -> Result<(), EvalErr> {
        if self.is_leaf(t) {
            return Err(leaf_has_no_next());
        }
        self.walk(t + 1, cur, model, depth + 1)
    }

    /// `PredicatePathToken`: an object that passes, or the elements of an array that pass.
    fn eval_predicate(
        &mut self,
        t: usize,
        cur: &CurPath<'_>,
        model: &'a SmartJson,
        preds: &'c [Option<Filter>],
        depth: usize,
    ) -> Result<(), EvalErr> {
        match model {
            SmartJson::Object(_) => {
                if self.accept(preds, model, depth)? {
                    if self.is_leaf(t) {
                        self.results.push(Found::Node(model));
                    } else {
                        self.eval_token(t + 1, cur, model, depth + 1)?;
                    }
                }
                Ok(())
            }
            SmartJson::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if self.accept(preds, item, depth)? {
                        self.array_index(t, cur, items, i as i32, depth)?;
                    }
                }
                Ok(())
            }
            _ => Err(self.not_applicable(t, model, "can not be applied to primitives")),
        }
    }

    /// `InvalidPathException("Filter: <path from t> <what>. Current context is: <model>")`.
    #[cold]
    #[inline(never)]
    fn not_applicable(&self, t: usize, model: &SmartJson, what: &str) -> EvalErr {
        match self.path_string_from(t) {
            Ok(p) => EvalErr::Java(JErr::invalid_path(format!(
                "Filter: {p} {what}. Current context is: {}",
                model.to_java_string()
            ))),
            Err(e) => e,
        }
    }

    /// `handleObjectProperty` with one name.
    fn single_property(
        &mut self,
        t: usize,
        cur: &CurPath<'_>,
        model: &'a SmartJson,
        key: &str,
        depth: usize,
    ) -> Result<(), EvalErr> {
        let SmartJson::Object(map) = model else {
            return Err(EvalErr::NotFound);
        };
        match map.get(key) {
            None => {
                if self.is_leaf(t) {
                    if self.opts.leaf_to_null {
                        self.results.push(Found::Null);
                        Ok(())
                    } else {
                        Err(EvalErr::NotFound)
                    }
                } else if self.path.upstream_definite.get(t) == Some(&false) && !self.opts.require {
                    // An indefinite path quietly skips a missing key before its end.
                    Ok(())
                } else {
                    Err(EvalErr::NotFound)
                }
            }
            Some(value) => {
                if self.is_leaf(t) {
                    self.results.push(Found::Node(value));
                    Ok(())
                } else {
                    let child = CurPath::Prop(cur, key);
                    self.eval_token(t + 1, &child, value, depth + 1)
                }
            }
        }
    }

    /// `handleObjectProperty` with zero or several names: a new map of those keys.
    fn multi_property(
        &mut self,
        t: usize,
        cur: &CurPath<'_>,
        model: &'a SmartJson,
        props: &[String],
    ) -> Result<(), EvalErr> {
        if !self.is_leaf(t) {
            return Err(EvalErr::Java(JErr::invalid_path(format!(
                "Multi properties can only be used as path leafs: {}[{}]",
                cur.render(),
                join_quoted(props)
            ))));
        }
        let SmartJson::Object(map) = model else {
            return Err(EvalErr::NotFound);
        };
        let mut merged: Vec<(String, Option<&'a SmartJson>)> = Vec::new();
        for p in props {
            let value = match map.get(p.as_str()) {
                Some(SmartJson::Null) => None,
                Some(v) => Some(v),
                None if self.opts.leaf_to_null => None,
                None if self.opts.require => return Err(EvalErr::NotFound),
                None => continue,
            };
            // LinkedHashMap.put: a repeated name keeps its first position.
            match merged.iter_mut().find(|(k, _)| k == p) {
                Some(slot) => slot.1 = value,
                None => merged.push((p.clone(), value)),
            }
        }
        self.results.push(Found::Merged(merged));
        Ok(())
    }

    /// `handleArrayIndex`: an index out of range (negative ones included) is a
    /// `PathNotFoundException`, and so is any `IndexOutOfBoundsException` from further on.
    fn array_index(
        &mut self,
        t: usize,
        cur: &CurPath<'_>,
        items: &'a [SmartJson],
        index: i32,
        depth: usize,
    ) -> Result<(), EvalErr> {
        let Some(hit) = usize::try_from(index).ok().and_then(|i| items.get(i)) else {
            return Err(EvalErr::NotFound);
        };
        let r = if self.is_leaf(t) {
            self.results.push(Found::Node(hit));
            Ok(())
        } else {
            let child = CurPath::Index(cur, index);
            self.eval_token(t + 1, &child, hit, depth + 1)
        };
        match r {
            Err(EvalErr::Ioobe(_)) => Err(EvalErr::NotFound),
            other => other,
        }
    }

    /// `ArrayPathToken.evaluate`.
    fn eval_array(
        &mut self,
        t: usize,
        cur: &CurPath<'_>,
        model: &'a SmartJson,
        op: ArrayOp,
        criteria: &[i32],
        depth: usize,
    ) -> Result<(), EvalErr> {
        let items = match model {
            SmartJson::Null => return Err(EvalErr::NotFound),
            SmartJson::Array(items) => items,
            _ => return Err(self.not_applicable(t, model, "can only be applied to arrays")),
        };
        let len = items.len() as i32;
        let first = criteria.first().copied();
        let r = (|| {
            let ioobe = || {
                EvalErr::Ioobe(JErr::new(
                    "java.lang.IndexOutOfBoundsException",
                    "criteria index out of range",
                ))
            };
            match op {
                ArrayOp::SingleIndex => {
                    self.array_index(t, cur, items, first.ok_or_else(ioobe)?, depth)
                }
                ArrayOp::IndexSequence => {
                    for &i in criteria {
                        self.array_index(t, cur, items, i, depth)?;
                    }
                    Ok(())
                }
                ArrayOp::ContextSize => {
                    let idx = len.wrapping_add(first.ok_or_else(ioobe)?);
                    self.array_index(t, cur, items, idx, depth)
                }
                ArrayOp::SliceFrom => {
                    let mut from = first.ok_or_else(ioobe)?;
                    if from < 0 {
                        from = len.wrapping_add(from);
                    }
                    let from = from.max(0);
                    if len == 0 || from >= len {
                        return Ok(());
                    }
                    for i in from..len {
                        self.array_index(t, cur, items, i, depth)?;
                    }
                    Ok(())
                }
                ArrayOp::SliceTo => {
                    let mut to = first.ok_or_else(ioobe)?;
                    if to < 0 {
                        to = len.wrapping_add(to);
                    }
                    let to = to.min(len);
                    if len == 0 {
                        return Ok(());
                    }
                    for i in 0..to {
                        self.array_index(t, cur, items, i, depth)?;
                    }
                    Ok(())
                }
                ArrayOp::SliceBetween => {
                    let from = first.ok_or_else(ioobe)?;
                    let to = criteria.get(1).copied().ok_or_else(ioobe)?.min(len);
                    if from >= to || len == 0 {
                        return Ok(());
                    }
                    // A negative start is not adjusted: index -1 is out of bounds.
                    for i in from..to {
                        self.array_index(t, cur, items, i, depth)?;
                    }
                    Ok(())
                }
            }
        })();
        match r {
            Err(EvalErr::Ioobe(_)) => Err(EvalErr::NotFound),
            other => other,
        }
    }

    /// `ScanPathToken.walk` for the target token `pt`.
    fn walk(
        &mut self,
        pt: usize,
        cur: &CurPath<'_>,
        model: &'a SmartJson,
        depth: usize,
    ) -> Result<(), EvalErr> {
        if depth > MAX_EVAL_DEPTH {
            return Err(too_deep());
        }
        match model {
            SmartJson::Object(map) => self.walk_object(pt, cur, model, map, depth),
            SmartJson::Array(items) => self.walk_array(pt, cur, model, items, depth),
            _ => Ok(()),
        }
    }

    /// `walkObject`: the target applies to the object itself when it matches, then the walk
    /// goes on into every value.
    fn walk_object(
        &mut self,
        pt: usize,
        cur: &CurPath<'_>,
        model: &'a SmartJson,
        map: &'a super::smartjson::JsonObject,
        depth: usize,
    ) -> Result<(), EvalErr> {
        if self.scan_matches(pt, model, depth)? {
            self.eval_token(pt, cur, model, depth + 1)?;
        }
        for (k, v) in map {
            self.walk(pt, &CurPath::Prop(cur, k), v, depth + 1)?;
        }
        Ok(())
    }

    /// `walkArray`: like `walkObject`, except that when the target is not the last step
    /// Jayway 2.0.0 skips it and applies the step after it to every element.
    fn walk_array(
        &mut self,
        pt: usize,
        cur: &CurPath<'_>,
        model: &'a SmartJson,
        items: &'a [SmartJson],
        depth: usize,
    ) -> Result<(), EvalErr> {
        if self.scan_matches(pt, model, depth)? {
            if self.is_leaf(pt) {
                self.eval_token(pt, cur, model, depth + 1)?;
            } else {
                for (i, e) in items.iter().enumerate() {
                    self.eval_token(pt + 1, &CurPath::Index(cur, i as i32), e, depth + 1)?;
                }
            }
        }
        for (i, e) in items.iter().enumerate() {
            self.walk(pt, &CurPath::Index(cur, i as i32), e, depth + 1)?;
        }
        Ok(())
    }

    /// `ScanPathToken.createScanPredicate(target).matches(model)`.
    fn scan_matches(&self, pt: usize, model: &'a SmartJson, depth: usize) -> Result<bool, EvalErr> {
        Ok(match self.path.tokens.get(pt) {
            Some(Token::Property(props)) => match model {
                SmartJson::Object(map) => props.iter().all(|p| map.contains_key(p.as_str())),
                _ => false,
            },
            Some(Token::Array(..)) => matches!(model, SmartJson::Array(_)),
            Some(Token::Wildcard) => true,
            Some(Token::Predicate(preds)) => self.accept(preds, model, depth)?,
            _ => false,
        })
    }

    /// `PredicatePathToken.accept(item)`: all filters must pass.
    fn accept(
        &self,
        preds: &[Option<Filter>],
        item: &'a SmartJson,
        depth: usize,
    ) -> Result<bool, EvalErr> {
        for p in preds {
            let Some(filter) = p else {
                return Err(EvalErr::Java(JErr::new(
                    "java.lang.NullPointerException",
                    "Cannot invoke \"com.jayway.jsonpath.Predicate.apply(com.jayway.jsonpath.Predicate$PredicateContext)\" because \"predicate\" is null",
                )));
            };
            if !self.apply_filter(filter, item, depth)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn apply_filter(&self, f: &Filter, item: &'a SmartJson, depth: usize) -> Result<bool, EvalErr> {
        match f {
            Filter::Single(p) => self.apply_pred(p, item, depth),
            Filter::And(preds) => {
                for p in preds {
                    if !self.apply_pred(p, item, depth)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Filter::Or(l, r) => {
                Ok(self.apply_pred(l, item, depth)? || self.apply_pred(r, item, depth)?)
            }
        }
    }

    fn apply_pred(&self, p: &Pred, item: &'a SmartJson, depth: usize) -> Result<bool, EvalErr> {
        match p {
            Pred::Filter(f) => self.apply_filter(f, item, depth),
            Pred::Criteria(c) => self.eval_criteria(c, item, depth),
        }
    }

    /// Evaluates a (definite) filter path and returns `getValue()`: the first match, or
    /// `PathNotFoundException` when there is none.
    fn eval_inner(
        &self,
        path: &'c Compiled,
        doc: &'a SmartJson,
        opts: Opts,
        depth: usize,
    ) -> Result<Found<'a>, EvalErr> {
        let mut inner = Eval::new(path, self.root, opts);
        inner.eval_token(0, &CurPath::Root, doc, depth + 1)?;
        if path.definite() {
            inner.results.into_iter().next().ok_or(EvalErr::NotFound)
        } else {
            // Unreachable: filter paths must be definite.
            Err(EvalErr::Java(JErr::invalid_path("indefinite filter path")))
        }
    }

    /// `Criteria.eval(ctx)`.
    fn eval_criteria(
        &self,
        c: &'c Criteria,
        item: &'a SmartJson,
        depth: usize,
    ) -> Result<bool, EvalErr> {
        match c {
            Criteria::Exists { path, exists } => {
                // Evaluated against the item even for `$` paths, with REQUIRE_PROPERTIES only.
                match self.eval_inner(path, item, EXISTS_OPTS, depth) {
                    Ok(found) => {
                        let is_null = Val::from_found(found).is_null();
                        Ok(if *exists { !is_null } else { is_null })
                    }
                    Err(EvalErr::NotFound) => Ok(!exists),
                    Err(e) => Err(e),
                }
            }
            Criteria::Compare { left, op, right } => {
                let l = match self.operand(left, item, depth) {
                    Ok(v) => v,
                    Err(EvalErr::NotFound) => return Ok(false),
                    Err(e) => return Err(e),
                };
                let r = match self.operand(right, item, depth) {
                    Ok(v) => v,
                    Err(EvalErr::NotFound) => return Ok(false),
                    Err(e) => return Err(e),
                };
                match compare(*op, &r, &l) {
                    Ok(b) => Ok(b),
                    Err(CmpErr::Incomparable) => Ok(false),
                    Err(CmpErr::Java(e)) => Err(EvalErr::Java(e)),
                }
            }
        }
    }

    /// `Criteria.evaluateIfPath`.
    fn operand<'v>(
        &self,
        o: &'c Operand,
        item: &'a SmartJson,
        depth: usize,
    ) -> Result<Val<'v>, EvalErr>
    where
        'a: 'v,
        'c: 'v,
    {
        Ok(match o {
            Operand::Path(p) => {
                let doc = if p.is_root_path { self.root } else { item };
                Val::from_found(self.eval_inner(p, doc, self.opts, depth)?)
            }
            Operand::Str(s) => Val::Str(s),
            Operand::Pattern(r, source) => Val::Pattern(r, source),
        })
    }
}

/// `CriteriaType.eval(expected, model)`.
fn compare(op: CmpOp, expected: &Val<'_>, model: &Val<'_>) -> Result<bool, CmpErr> {
    let ordered = |f: fn(Ordering) -> bool| -> Result<bool, CmpErr> {
        if expected.is_null() != model.is_null() {
            return Ok(false);
        }
        Ok(f(safe_compare(expected, model)?))
    };
    match op {
        CmpOp::Eq => Ok(safe_compare(expected, model)? == Ordering::Equal),
        CmpOp::Ne => Ok(safe_compare(expected, model)? != Ordering::Equal),
        // `0 > safeCompare(expected, model)`: the model is greater than the expected value.
        CmpOp::Gt => ordered(|o| o == Ordering::Less),
        CmpOp::Gte => ordered(|o| o != Ordering::Greater),
        CmpOp::Lt => ordered(|o| o == Ordering::Greater),
        CmpOp::Lte => ordered(|o| o != Ordering::Less),
        CmpOp::Regex => regex_match(expected, model),
    }
}

/// `CriteriaType.REGEX.eval`.
fn regex_match(expected: &Val<'_>, model: &Val<'_>) -> Result<bool, CmpErr> {
    let (pattern, target) = match (model, expected) {
        (Val::Pattern(p, _), _) => (Some(*p), expected),
        (_, Val::Pattern(p, _)) => (Some(*p), model),
        (_, Val::Null) => (None, model),
        (_, other) => return Err(CmpErr::Java(class_cast(other.java_class()))),
    };
    if target.is_null() {
        return Ok(false);
    }
    let Some(pattern) = pattern else {
        return Err(CmpErr::Java(JErr::new(
            "java.lang.NullPointerException",
            "Cannot invoke \"java.util.regex.Pattern.matcher(java.lang.CharSequence)\" because \"pattern\" is null",
        )));
    };
    pattern
        .matches(&target.to_java_string())
        .map_err(|e| CmpErr::Java(JErr::new(e.class, e.message)))
}

/// Java 17's message for `(Pattern) value`.
fn class_cast(class: &str) -> JErr {
    let message = if class.starts_with("java.") {
        format!(
            "class {class} cannot be cast to class java.util.regex.Pattern ({class} and java.util.regex.Pattern are in module java.base of loader 'bootstrap')"
        )
    } else {
        format!(
            "class {class} cannot be cast to class java.util.regex.Pattern ({class} is in unnamed module of loader 'app'; java.util.regex.Pattern is in module java.base of loader 'bootstrap')"
        )
    };
    JErr::new("java.lang.ClassCastException", message)
}

/// `Criteria.safeCompare(left, right)`.
fn safe_compare(left: &Val<'_>, right: &Val<'_>) -> Result<Ordering, CmpErr> {
    // `left == right`: the same object (the same document value, or null and null).
    let identical = match (left, right) {
        (Val::Null, Val::Null) => true,
        (Val::Node(a), Val::Node(b)) => std::ptr::eq(*a, *b),
        _ => false,
    };
    if identical {
        return Ok(Ordering::Equal);
    }
    // Java null and the String "null" count as the same.
    let nullish = |v: &Val<'_>| v.is_null() || v.as_str() == Some("null");
    match (nullish(left), nullish(right)) {
        (true, false) => return Ok(Ordering::Less),
        (false, true) => return Ok(Ordering::Greater),
        (true, true) => return Ok(Ordering::Equal),
        (false, false) => {}
    }
    let number = |v: &Val<'_>| match v {
        Val::Node(SmartJson::Number(n)) => Some(n.to_java_string()),
        _ => None,
    };
    match (left.as_str(), right.as_str(), number(left), number(right)) {
        (Some(l), Some(r), _, _) => {
            let l = if l.contains('\'') {
                l.replace("\\'", "'")
            } else {
                l.to_string()
            };
            Ok(l.encode_utf16().cmp(r.encode_utf16()))
        }
        (_, _, Some(l), Some(r)) => big_decimal_compare(&l, &r),
        (Some(l), _, _, Some(r)) => big_decimal_compare(l, &r),
        (Some(l), None, _, None) => match right {
            Val::Node(SmartJson::Bool(b)) => {
                let e = l.eq_ignore_ascii_case("true");
                Ok(e.cmp(b))
            }
            _ => Err(CmpErr::Incomparable),
        },
        _ => match (left, right) {
            (Val::Node(SmartJson::Bool(a)), Val::Node(SmartJson::Bool(b))) => Ok(a.cmp(b)),
            _ => Err(CmpErr::Incomparable),
        },
    }
}

/// `new BigDecimal(a).compareTo(new BigDecimal(b))`.
fn big_decimal_compare(a: &str, b: &str) -> Result<Ordering, CmpErr> {
    let parse = |s: &str| {
        let units: Vec<u16> = s.encode_utf16().collect();
        java_big_decimal(&units).map_err(|m| JErr {
            class: "java.lang.NumberFormatException",
            message: m,
        })
    };
    let x = parse(a)?;
    let y = parse(b)?;
    x.compare(&y)
        .map_err(|e| CmpErr::Java(JErr::new("java.lang.ArithmeticException", format!("{e:?}"))))
}

#[cfg(test)]
mod tests {
    // The expected strings in `matches_jayway` were produced by the real Jayway 2.0.0 +
    // json-smart 2.2 jars on OpenJDK 17: `JsonPath.using(defaultConfiguration()
    // .addOptions(DEFAULT_PATH_LEAF_TO_NULL)).parse(doc).read(path)`, printed as the result's
    // class name and `JSONValue.toJSONString(v, LT_COMPRESS)`, or `MISSING` for
    // `PathNotFoundException`, or `ERR` and the exception's `toString()`.
    use super::super::smartjson::{parse, to_json_compress};
    use super::*;

    const STORE: &str = "{\"store\":{\"book\":[{\"category\":\"reference\",\"author\":\"Nigel Rees\",\"title\":\"Sayings of the Century\",\"price\":8.95},{\"category\":\"fiction\",\"author\":\"Evelyn Waugh\",\"title\":\"Sword of Honour\",\"price\":12.99},{\"category\":\"fiction\",\"author\":\"Herman Melville\",\"title\":\"Moby Dick\",\"isbn\":\"0-553-21311-3\",\"price\":8.99},{\"category\":\"fiction\",\"author\":\"J. R. R. Tolkien\",\"title\":\"The Lord of the Rings\",\"isbn\":\"0-395-19395-8\",\"price\":22.99}],\"bicycle\":{\"color\":\"red\",\"price\":19.95}},\"expensive\":10}";
    const NUMS: &str = "[1,2,3,4,5]";

    fn show(doc: &str, path: &str) -> String {
        let doc = match parse(doc) {
            Ok(d) => d,
            Err(e) => return format!("ERR {e}"),
        };
        match read_path(&doc, path) {
            Ok(ReadResult::Missing) => "MISSING".to_string(),
            Ok(ReadResult::Value(v)) => format!("{} {}", v.java_class(), to_json_compress(&v)),
            Ok(ReadResult::List(items)) => format!(
                "net.minidev.json.JSONArray {}",
                to_json_compress(&SmartJson::Array(items))
            ),
            Err(e) => format!("ERR {e}"),
        }
    }

    #[test]
    fn matches_jayway() {
        let cases: &[(&str, &str, &str)] = &[
            // definite property
            (STORE, "$.store.book[0].title", "java.lang.String \"Sayings of the Century\""),
            // wildcard over an array
            (STORE, "$.store.book[*].author", "net.minidev.json.JSONArray [\"Nigel Rees\",\"Evelyn Waugh\",\"Herman Melville\",\"J. R. R. Tolkien\"]"),
            // deep scan
            (STORE, "$..author", "net.minidev.json.JSONArray [\"Nigel Rees\",\"Evelyn Waugh\",\"Herman Melville\",\"J. R. R. Tolkien\"]"),
            // wildcard over an object
            (STORE, "$.store.*", "net.minidev.json.JSONArray [[{\"category\":\"reference\",\"author\":\"Nigel Rees\",\"title\":\"Sayings of the Century\",\"price\":8.95},{\"category\":\"fiction\",\"author\":\"Evelyn Waugh\",\"title\":\"Sword of Honour\",\"price\":12.99},{\"category\":\"fiction\",\"author\":\"Herman Melville\",\"title\":\"Moby Dick\",\"isbn\":\"0-553-21311-3\",\"price\":8.99},{\"category\":\"fiction\",\"author\":\"J. R. R. Tolkien\",\"title\":\"The Lord of the Rings\",\"isbn\":\"0-395-19395-8\",\"price\":22.99}],{\"color\":\"red\",\"price\":19.95}]"),
            // deep scan below a key
            (STORE, "$.store..price", "net.minidev.json.JSONArray [8.95,12.99,8.99,22.99,19.95]"),
            // deep scan then index
            (STORE, "$..book[2].title", "net.minidev.json.JSONArray [\"Moby Dick\"]"),
            // slice from the end
            (STORE, "$..book[-1:].title", "net.minidev.json.JSONArray [\"The Lord of the Rings\"]"),
            // index list
            (STORE, "$..book[0,1].title", "net.minidev.json.JSONArray [\"Sayings of the Century\",\"Sword of Honour\"]"),
            // slice to
            (STORE, "$..book[:2].title", "net.minidev.json.JSONArray [\"Sayings of the Century\",\"Sword of Honour\"]"),
            // slice between
            (STORE, "$..book[1:3].title", "net.minidev.json.JSONArray [\"Sword of Honour\",\"Moby Dick\"]"),
            // existence filter
            (STORE, "$..book[?(@.isbn)].title", "net.minidev.json.JSONArray [\"Moby Dick\",\"The Lord of the Rings\"]"),
            // negated existence filter
            (STORE, "$..book[?(!@.isbn)].title", "net.minidev.json.JSONArray [\"Sayings of the Century\",\"Sword of Honour\"]"),
            // comparison with a raw number
            (STORE, "$.store.book[?(@.price < 10)].title", "net.minidev.json.JSONArray [\"Sayings of the Century\",\"Moby Dick\"]"),
            // and
            (STORE, "$.store.book[?(@.category == 'fiction' && @.price > 10)].title", "net.minidev.json.JSONArray [\"Sword of Honour\",\"The Lord of the Rings\"]"),
            // or
            (STORE, "$.store.book[?(@.price > 20 || @.isbn)].title", "net.minidev.json.JSONArray [\"Moby Dick\",\"The Lord of the Rings\"]"),
            // regex, case-insensitive
            (STORE, "$.store.book[?(@.title =~ /.*DICK/i)].author", "net.minidev.json.JSONArray [\"Herman Melville\"]"),
            // regex needs a /pattern/
            (STORE, "$.store.book[?(@.title =~ 'x')]", "ERR java.lang.ClassCastException: class java.lang.String cannot be cast to class java.util.regex.Pattern (java.lang.String and java.util.regex.Pattern are in module java.base of loader 'bootstrap')"),
            // number against non-numeric text
            (STORE, "$.store.book[?(@.price > x)]", "ERR java.lang.NumberFormatException: Character x is neither a decimal digit number, decimal point, nor \"e\" notation exponential mark."),
            // root path inside a filter
            (STORE, "$.store.book[?(@.price < $.expensive)].price", "net.minidev.json.JSONArray [8.95,8.99]"),
            // length-minus-n index
            (STORE, "$.store.book[(@.length-1)].title", "java.lang.String \"The Lord of the Rings\""),
            // functions do not exist: a property named length()
            (STORE, "$.store.book.length()", "MISSING"),
            // bracket keys
            (STORE, "$['store']['bicycle']['color']", "java.lang.String \"red\""),
            // multi-key read, missing key as null
            (STORE, "$.store.bicycle['color','missing']", "java.util.LinkedHashMap {\"color\":\"red\",\"missing\":null}"),
            // multi-key step must be last
            (STORE, "$.store['book','bicycle'].price", "ERR com.jayway.jsonpath.InvalidPathException: Multi properties can only be used as path leafs: $['store']['book', 'bicycle']"),
            // multi-key after a wildcard
            (STORE, "$.store.book[*]['title','price']", "net.minidev.json.JSONArray [{\"title\":\"Sayings of the Century\",\"price\":8.95},{\"title\":\"Sword of Honour\",\"price\":12.99},{\"title\":\"Moby Dick\",\"price\":8.99},{\"title\":\"The Lord of the Rings\",\"price\":22.99}]"),
            // missing leaf is null
            (STORE, "$.missing", "null null"),
            // missing key before the end
            (STORE, "$.missing.x", "MISSING"),
            // key on a number
            (STORE, "$.expensive.x", "MISSING"),
            // index out of range
            (STORE, "$.store.book[10]", "MISSING"),
            // negative index does not count from the end
            (STORE, "$.store.book[-1]", "MISSING"),
            // index on an object
            (STORE, "$[0]", "ERR com.jayway.jsonpath.InvalidPathException: Filter: [0] can only be applied to arrays. Current context is: {store={book=[{\"category\":\"reference\",\"author\":\"Nigel Rees\",\"title\":\"Sayings of the Century\",\"price\":8.95},{\"category\":\"fiction\",\"author\":\"Evelyn Waugh\",\"title\":\"Sword of Honour\",\"price\":12.99},{\"category\":\"fiction\",\"author\":\"Herman Melville\",\"title\":\"Moby Dick\",\"isbn\":\"0-553-21311-3\",\"price\":8.99},{\"category\":\"fiction\",\"author\":\"J. R. R. Tolkien\",\"title\":\"The Lord of the Rings\",\"isbn\":\"0-395-19395-8\",\"price\":22.99}], bicycle={color=red, price=19.95}}, expensive=10}"),
            // double-quoted keys are not supported
            (STORE, "$[\"store\"]", "ERR com.jayway.jsonpath.InvalidPathException: com.jayway.jsonpath.InvalidPathException: Could not analyze path component: [\"store\"]"),
            // $ must be followed by . or [
            (STORE, "$a", "ERR com.jayway.jsonpath.InvalidPathException: com.jayway.jsonpath.InvalidPathException: Invalid path $a"),
            // trailing dot
            (STORE, "$.", "ERR com.jayway.jsonpath.InvalidPathException: java.lang.StringIndexOutOfBoundsException: String index out of range: 2"),
            // path ending in a scan
            (STORE, "$..", "ERR com.jayway.jsonpath.InvalidPathException: com.jayway.jsonpath.InvalidPathException: A path can not end with a scan."),
            // space outside brackets
            (STORE, "$.a b", "ERR com.jayway.jsonpath.InvalidPathException: com.jayway.jsonpath.InvalidPathException: Space not allowed in path"),
            // no leading $
            (STORE, "store.bicycle.color", "java.lang.String \"red\""),
            // @ as the root
            (STORE, "@.expensive", "java.lang.Integer 10"),
            // surrounding spaces are trimmed
            (STORE, "  $.expensive ", "java.lang.Integer 10"),
            // empty path
            (STORE, "", "ERR java.lang.IllegalArgumentException: path can not be null or empty"),
            // filter placeholder
            (STORE, "$.store.book[?]", "ERR java.lang.NullPointerException: Cannot invoke \"com.jayway.jsonpath.Predicate.apply(com.jayway.jsonpath.Predicate$PredicateContext)\" because \"predicate\" is null"),
            // slice
            (NUMS, "$[1:3]", "net.minidev.json.JSONArray [2,3]"),
            // slice from negative
            (NUMS, "$[-2:]", "net.minidev.json.JSONArray [4,5]"),
            // slice to negative
            (NUMS, "$[:-1]", "net.minidev.json.JSONArray [1,2,3,4]"),
            // empty slice
            (NUMS, "$[3:1]", "net.minidev.json.JSONArray []"),
            // slice between from a negative index
            (NUMS, "$[-1:2]", "MISSING"),
            // filter on numbers
            (NUMS, "$[?(@ > 2)]", "net.minidev.json.JSONArray [3,4,5]"),
            // property on an array
            (NUMS, "$.length()", "MISSING"),
            // wildcard on an array
            (NUMS, "$.*", "net.minidev.json.JSONArray [1,2,3,4,5]"),
            // trailing junk in an index
            (NUMS, "$[1abc]", "java.lang.Integer 2"),
            // digits separated by spaces
            (NUMS, "$[1 2]", "MISSING"),
            // unterminated bracket
            (NUMS, "$[1", "ERR com.jayway.jsonpath.InvalidPathException: java.lang.StringIndexOutOfBoundsException: String index out of range: 2"),
            // empty slice bounds
            (NUMS, "$[:]", "ERR com.jayway.jsonpath.InvalidPathException: java.lang.NumberFormatException: For input string: \"\""),
            // null value
            ("{\"a\":null,\"b\":\"null\",\"c\":[null,\"null\",1]}", "$.a", "null null"),
            // null and the String null compare equal
            ("{\"a\":null,\"b\":\"null\",\"c\":[null,\"null\",1]}", "$.c[?(@ == null)]", "net.minidev.json.JSONArray [null,\"null\"]"),
            // string root
            ("\"str\"", "$", "java.lang.String \"str\""),
            // key on a string
            ("\"str\"", "$.a", "MISSING"),
            // filter on a primitive
            ("\"str\"", "$[?(@)]", "ERR com.jayway.jsonpath.InvalidPathException: Filter: [?] can not be applied to primitives. Current context is: str"),
            // null document
            ("null", "$", "ERR java.lang.IllegalArgumentException: json object can not be null"),
            // deep scan quirk: the step after the target runs on each element
            ("{\"x\":[{\"a\":1},{\"a\":2}],\"y\":{\"a\":3}}", "$..[0].a", "net.minidev.json.JSONArray [1,2]"),
            // or and and grouping
            ("[{\"a\":1,\"b\":1},{\"a\":2},{\"a\":3,\"b\":0}]", "$[?(@.a == 1 && @.b == 2 || @.b)]", "net.minidev.json.JSONArray [{\"a\":1,\"b\":1},{\"a\":3,\"b\":0}]"),
            // strings compare by UTF-16 units
            ("[\"\u{ffff}\",\"\u{1f600}\",\"a\"]", "$[?(@ > '\u{ff00}')]", "net.minidev.json.JSONArray [\"\u{ffff}\"]"),
            // NaN cannot be compared
            ("[NaN]", "$[?(@ == 1)]", "ERR java.lang.NumberFormatException: Character N is neither a decimal digit number, decimal point, nor \"e\" notation exponential mark."),
            // string against boolean
            ("[true,false]", "$[?(@ == 'TRUE')]", "net.minidev.json.JSONArray [true]"),
            // operators split even inside quotes
            ("[{\"a\":\"x&&y\"}]", "$[?(@.a == 'x&&y')]", "ERR com.jayway.jsonpath.InvalidPathException: java.lang.UnsupportedOperationException: CriteriaType  can not be parsed"),
        ];
        for (doc, path, expected) in cases {
            assert_eq!(&show(doc, path), expected, "reading {path:?}");
        }
    }

    #[test]
    fn definiteness() {
        let definite = [
            "$",
            "$.a.b",
            "$['a','b']",
            "$.a[0]",
            "$.a[(@.length-1)]",
            "a",
        ];
        let indefinite = [
            "$..a",
            "$.a[*]",
            "$.*",
            "$.a[0,1]",
            "$.a[1:]",
            "$.a[?(@.b)]",
        ];
        for p in definite {
            assert!(JsonPath::compile(p).is_ok_and(|c| c.is_definite()), "{p}");
        }
        for p in indefinite {
            assert!(JsonPath::compile(p).is_ok_and(|c| !c.is_definite()), "{p}");
        }
    }

    #[test]
    fn compiled_paths_are_shareable() {
        fn assert_send_sync<T: Send + Sync + Clone>() {}
        assert_send_sync::<JsonPath>();
    }

    #[test]
    fn read_ref_borrows_from_the_document() {
        let Ok(doc) = parse("{\"a\":{\"b\":1}}") else {
            panic!("parse failed");
        };
        let Ok(path) = JsonPath::compile("$.a") else {
            panic!("compile failed");
        };
        let Ok(ReadRef::Value(Found::Node(node))) = path.read_ref(&doc) else {
            panic!("unexpected result");
        };
        let SmartJson::Object(map) = &doc else {
            panic!("not an object");
        };
        assert!(map.get("a").is_some_and(|a| std::ptr::eq(a, node)));
    }

    #[test]
    fn deep_documents_and_long_paths_do_not_overflow() {
        // 1000 levels (the parser's limit) scanned on a test thread's default stack.
        let depth = super::super::smartjson::MAX_DEPTH;
        let text =
            format!("{}{}", "{\"a\":".repeat(depth - 1), "{\"a\":1}") + &"}".repeat(depth - 1);
        let Ok(doc) = parse(&text) else {
            panic!("parse failed");
        };
        let Ok(ReadResult::List(hits)) = read_path(&doc, "$..a") else {
            panic!("unexpected result");
        };
        assert_eq!(hits.len(), depth);
        let long = format!("${}", ".a".repeat(depth));
        assert!(matches!(read_path(&doc, &long), Ok(ReadResult::Value(_))));
        assert!(read_path(&doc, &format!("$..[?(@.a)]{}", ".a".repeat(5))).is_ok());
        // A path longer than the evaluation limit fails cleanly.
        let tokens = format!("$[0]{}", "$".repeat(MAX_EVAL_DEPTH + 10));
        let Ok(arr) = parse("[1]") else {
            panic!("parse failed");
        };
        assert!(read_path(&arr, &tokens).is_err_and(|e| e.contains("StackOverflowError")));
        // Deeply nested filters fail at compile time.
        let nested = format!("$[?({}@.a{})]", "@.a[?(".repeat(100), ")]".repeat(100));
        assert!(JsonPath::compile(&nested).is_err());
    }
}
