//! Grammar-based random generator of Velocity 1.7 (API Gateway mapping template) cases,
//! for differential testing of the engine against the `velocity17` oracle (`velocity17 batch`).

// Every case is a template plus a JSON object of variables. The generator keeps a small model of
// the values in scope so that most templates render without error (method arguments stay in
// bounds, loops stay short), while still exercising the odd corners: whitespace gobbling around
// directives on their own (indented) lines, CRLF, quiet and formal references, escapes, macros,
// `#define`, `#evaluate`, Java number printing and so on. About 3% of the cases are broken on
// purpose (`inject_error`), so that both engines must fail on them.
//
// Termination and size are guaranteed by construction:
// - `#foreach` only iterates literal ranges/lists or collections of known, small size, and the
//   product of the iteration counts of nested loops stays below `ITER_BUDGET`;
// - a variable written inside a repeated context (loop, macro, `#define` body) lives in a separate
//   "growing" namespace that right-hand sides in repeated contexts may not read, except through the
//   linear accumulator pattern `#set($acc = $acc + <bounded>)`;
// - macro bodies never call macros, `#define` bodies only reference earlier blocks, and `#evaluate`
//   only evaluates literal strings, so there is no recursion.
//
// Oracle facts the generator relies on (checked with `velocity17 batch`):
// - `#endx`, `#end_`, `#end@` (and the same after `#break`/`#stop`) are parse errors, hence the
//   keyword markers resolved in `finalize`; `#break (x)` takes `(x)` as its argument;
// - list/map literal elements and macro arguments must be literals or references, not expressions;
// - `String.split` returns an array that prints as `[Ljava.lang.String;@hash`, so it is always
//   indexed, counted or iterated;
// - a map key called `class` resolves to `getClass()`, so it is never generated.

use fastrand::Rng;
use serde_json::{Map as JsonMap, Value as Json};

/// One generated case: feed `template` and `vars` to both the oracle and the engine.
pub struct GeneratedCase {
    /// Stable identifier, `vtlgen-<seed>-<index>`.
    pub id: String,
    /// The VTL template text.
    pub template: String,
    /// A JSON object; each top-level key is a context variable.
    pub vars: Json,
}

/// Generates `count` cases from `seed`. Deterministic: the same seed always gives the same cases,
/// and case `i` does not depend on `count`.
pub fn generate(seed: u64, count: usize) -> Vec<GeneratedCase> {
    (0..count)
        .map(|i| {
            let case_seed = splitmix64(seed ^ splitmix64((i as u64).wrapping_add(0x5EED)));
            let mut g = Gen::new(case_seed);
            let (template, vars) = g.case();
            GeneratedCase {
                id: format!("vtlgen-{seed}-{i}"),
                template,
                vars,
            }
        })
        .collect()
}

/// `weight` when `enabled`, else 0.
fn w(enabled: bool, weight: u32) -> u32 {
    u32::from(enabled) * weight
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Upper bound on the product of the iteration counts of nested `#foreach` loops.
const ITER_BUDGET: u32 = 30;
/// Maximum directive nesting depth.
const MAX_DEPTH: u32 = 4;
/// Keyword markers: `#end`, `#else`, ... are written as `KW_OPEN name KW_CLOSE` and resolved at the
/// end, when the next character is known (`#endx` is a parse error, `#{end}x` is not).
const KW_OPEN: char = '\u{E000}';
const KW_CLOSE: char = '\u{E001}';

// ---------------------------------------------------------------------------------------------
// Value model
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Bool,
    Int,
    Dbl,
    Str,
    List,
    Map,
    Entry,
    Any,
}

/// What the generator knows about a value at a point of the template.
#[derive(Clone, Debug, PartialEq)]
enum Val {
    /// Null or undefined: references print as their source text.
    Null,
    Bool(bool),
    Int(i128),
    Dbl(f64),
    Str(String),
    List(Vec<Val>),
    Map(Vec<(String, Val)>),
    /// A `Map.Entry` (from `entrySet()`), with the joined value type.
    Entry(Box<Val>),
    /// Unknown value (possibly null or undefined) of roughly this kind.
    Any(Kind),
}

impl Val {
    fn kind(&self) -> Kind {
        match self {
            Val::Null => Kind::Any,
            Val::Bool(_) => Kind::Bool,
            Val::Int(_) => Kind::Int,
            Val::Dbl(_) => Kind::Dbl,
            Val::Str(_) => Kind::Str,
            Val::List(_) => Kind::List,
            Val::Map(_) => Kind::Map,
            Val::Entry(_) => Kind::Entry,
            Val::Any(k) => *k,
        }
    }

    fn opaque(&self) -> Val {
        Val::Any(self.kind())
    }

    /// A definite (non-null, fully known) value.
    fn is_known(&self) -> bool {
        !matches!(self, Val::Null | Val::Any(_))
    }

    fn to_json(&self) -> Json {
        match self {
            Val::Null | Val::Any(_) | Val::Entry(_) => Json::Null,
            Val::Bool(b) => Json::Bool(*b),
            Val::Int(i) => {
                if let Ok(v) = i64::try_from(*i) {
                    Json::from(v)
                } else if let Ok(v) = u64::try_from(*i) {
                    Json::from(v)
                } else {
                    Json::Null
                }
            }
            Val::Dbl(d) => serde_json::Number::from_f64(*d).map_or(Json::Null, Json::Number),
            Val::Str(s) => Json::String(s.clone()),
            Val::List(items) => Json::Array(items.iter().map(Val::to_json).collect()),
            Val::Map(entries) => {
                let mut m = JsonMap::new();
                for (k, v) in entries {
                    m.insert(k.clone(), v.to_json());
                }
                Json::Object(m)
            }
        }
    }
}

/// The most precise value compatible with both `a` and `b`.
fn join(a: &Val, b: &Val) -> Val {
    match (a, b) {
        _ if a == b => a.clone(),
        (Val::List(x), Val::List(y)) if x.len() == y.len() => {
            Val::List(x.iter().zip(y).map(|(p, q)| join(p, q)).collect())
        }
        (Val::Map(x), Val::Map(y)) => Val::Map(
            x.iter()
                .filter_map(|(k, v)| {
                    y.iter()
                        .find(|(k2, _)| k2 == k)
                        .map(|(_, v2)| (k.clone(), join(v, v2)))
                })
                .collect(),
        ),
        (Val::Entry(x), Val::Entry(y)) => Val::Entry(Box::new(join(x, y))),
        _ if a.kind() == b.kind() => Val::Any(a.kind()),
        _ => Val::Any(Kind::Any),
    }
}

fn join_all(items: &[Val]) -> Val {
    let mut it = items.iter();
    match it.next() {
        None => Val::Any(Kind::Any),
        Some(first) => it.fold(first.clone(), |acc, v| join(&acc, v)),
    }
}

/// Java `String.split` with a one-character literal separator (trailing empty strings removed).
fn java_split(s: &str, sep: char) -> Vec<String> {
    if s.is_empty() {
        return vec![String::new()];
    }
    let mut parts: Vec<String> = s.split(sep).map(str::to_string).collect();
    while parts.len() > 1 && parts.last().is_some_and(String::is_empty) {
        parts.pop();
    }
    if parts.len() == 1 && parts[0].is_empty() {
        // Java: ",,".split(",") is an empty array.
        return Vec::new();
    }
    parts
}

/// Java `String.trim`: strips chars <= U+0020 at both ends.
fn java_trim(s: &str) -> String {
    s.trim_matches(|c: char| c <= ' ').to_string()
}

/// UTF-16 offsets of every char boundary (what Java's `substring` indices count).
fn utf16_bounds(s: &str) -> Vec<usize> {
    let mut out = vec![0];
    let mut n = 0;
    for ch in s.chars() {
        n += ch.len_utf16();
        out.push(n);
    }
    out
}

/// The substring between two UTF-16 offsets that are char boundaries.
fn utf16_slice(s: &str, from: usize, to: usize) -> String {
    let mut n = 0;
    let mut out = String::new();
    for ch in s.chars() {
        if n >= from && n < to {
            out.push(ch);
        }
        n += ch.len_utf16();
    }
    out
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

// ---------------------------------------------------------------------------------------------
// Pools
// ---------------------------------------------------------------------------------------------

#[rustfmt::skip]
const STR_VALUES: &[&str] = &[
    "hello", "Hello World", "  padded  ", "O'Neil", "say \"hi\"", "héllo wörld", "日本語テキスト",
    "a,b,,c", "a,b,c", "$notAVar", "#if(true)no#end", "tab\there", "line1\nline2", "", "x",
    "UPPER lower 123", "path/to/file.json", "50% off & more", "emoji 🎉 ok", "back\\slash", "A-B-C",
    "ünïcödé, ok", "{\"json\": true}", "  ",
];

#[rustfmt::skip]
const WORDS: &[&str] = &[
    "hello", "world", "id", "name", "value", "ok", "foo", "bar", "baz", "x", "42", "7", "true",
    "null", "data", "item", "end", "set", "if", "else", "café", "日本語", "naïve", "Ω", "{", "}", "]",
    "\"", "'", ":", ",", "<a>", "</a>", "=", "(x)", "-", "+", ";", "@", "%", "!", "?", "&", "*",
    "/", "|", ">", "<", "a.b", "a[1]", "()", "\"key\":", "0.5", "-3",
];

/// Tokens that look like syntax but are plain text in Velocity (each ends in a safe character).
#[rustfmt::skip]
const QUIRK_WORDS: &[&str] = &[
    "# not ", "C# ", "#1 ", "a#b ", "$ 5", "$5", "a$ ", "user@example.com", "50% ", "\\n", "a\\b",
    "\\ ", "$-x", "#-", "$.", "#notadirective ",
];

#[rustfmt::skip]
const SET_NAMES: &[&str] = &[
    "a", "b", "c", "x", "y", "z", "str", "val", "res", "out", "total", "flagB", "mm", "ll", "key",
];
const LOOP_SET_NAMES: &[&str] = &["t", "tmp", "cur", "w", "part", "line", "prev"];
const ACC_NAMES: &[&str] = &["sum", "acc", "buf", "joined"];
const LOOP_VARS: &[&str] = &["i", "j", "k", "item", "e", "v", "x", "it"];
const UNDEFINED: &[&str] = &["missing", "nope", "undef", "noSuch", "input2"];
const MACRO_NAMES: &[&str] = &["show", "fmt", "row", "pair", "wrap", "tag", "kv", "line"];
const MACRO_PARAMS: &[&str] = &["p", "q", "arg", "a", "label", "val"];
#[rustfmt::skip]
const REGEXES: &[&str] = &[
    "[aeiou]", "\\s+", "[0-9]+", "[^a-z]", "^.", "o", "[A-Z]", "l+",
];
#[rustfmt::skip]
const STR_ARGS: &[&str] = &[
    "a", "l", "o", "x", ",", " ", "-", "he", "H", "lo", "é", "本", "", "zz", "ok",
];
#[rustfmt::skip]
const STR_LITS: &[&str] = &[
    "hello", "a,b,c", "", " spaced ", "it's", "say \"hi\"", "héllo", "日本", "x", "A-B-C", "$notref",
    "#hash", "k1", "a b c", "100", "true", "Mixed Case",
];
#[rustfmt::skip]
const COMMENT_WORDS: &[&str] = &[
    "note", "TODO fix", "#if(true) not code #end", "$x here", "ünï", "a * b", "##", "\"q\"",
];
#[rustfmt::skip]
const UNPARSED: &[&str] = &[
    "#if($x) raw #end", "$name ${x} ## not a comment", "#set($a = 1)$a", "#* not a comment *#",
    "plain text", "\\$escaped \\#if", "{\"k\": \"$v\"}",
];

// ---------------------------------------------------------------------------------------------
// Generator state
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct Var {
    name: String,
    val: Val,
    /// Written in a repeated context: right-hand sides in repeated contexts must not read it.
    growing: bool,
    /// A `#define` block: printable only, never copied into other variables.
    block: bool,
}

#[derive(Clone, Debug)]
struct Macro {
    name: String,
    params: Vec<String>,
    /// Block macro (`#@name()...#end`), whose body references `$bodyContent`.
    block: bool,
    defined: bool,
}

/// Where in the template we are generating.
#[derive(Clone, Copy, Debug)]
struct Ctx {
    depth: u32,
    indent: usize,
    loops: u32,
    /// Product of the maximum iteration counts of the enclosing loops.
    iters: u32,
    /// May run more than once (loop, macro body, `#define` body).
    repeated: bool,
    /// May not run at all (branch, loop body): assignments are joined with the old value.
    uncertain: bool,
    /// Runs later than it is written (macro / `#define` body): current values are unknown.
    late: bool,
    /// No macro definitions or calls, `#define`, `#evaluate`.
    restricted: bool,
    /// No `#set` (bodies of `#define` and `$bodyContent`).
    no_set: bool,
    /// No reference to growing variables at all, not even for printing.
    no_growing: bool,
    in_block_macro: bool,
}

impl Ctx {
    fn top() -> Ctx {
        Ctx {
            depth: 0,
            indent: 0,
            loops: 0,
            iters: 1,
            repeated: false,
            uncertain: false,
            late: false,
            restricted: false,
            no_set: false,
            no_growing: false,
            in_block_macro: false,
        }
    }

    fn branch(self) -> Ctx {
        Ctx {
            depth: self.depth + 1,
            indent: self.indent + 1,
            uncertain: true,
            ..self
        }
    }

    fn loop_body(self, n: u32) -> Ctx {
        Ctx {
            depth: self.depth + 1,
            indent: self.indent + 1,
            loops: self.loops + 1,
            iters: self.iters * n.max(1),
            repeated: true,
            uncertain: true,
            ..self
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// Printed in text: may read growing variables and blocks.
    Text,
    /// Right-hand side, condition operand or method argument.
    Expr,
    /// Macro argument (call by name): no side effects, nothing growing.
    Arg,
}

struct Gen {
    rng: Rng,
    globals: Vec<Var>,
    locals: Vec<Var>,
    macros: Vec<Macro>,
    /// Accumulators of the enclosing loops: (name, is_string).
    accs: Vec<(String, bool)>,
    defines: Vec<String>,
    /// Inside a `"..."` literal: quote nested strings with `'...'` only.
    no_dq: bool,
    nl_mode: u8,
    indent_unit: &'static str,
}

impl Gen {
    fn new(seed: u64) -> Gen {
        Gen {
            rng: Rng::with_seed(seed),
            globals: Vec::new(),
            locals: Vec::new(),
            macros: Vec::new(),
            accs: Vec::new(),
            defines: Vec::new(),
            no_dq: false,
            nl_mode: 0,
            indent_unit: "  ",
        }
    }

    // ----- randomness helpers -----

    fn chance(&mut self, p: f64) -> bool {
        self.rng.f64() < p
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.rng.usize(..xs.len())]
    }

    fn pick_str(&mut self, xs: &[&'static str]) -> &'static str {
        self.pick(xs)
    }

    /// Index chosen with the given weights (0 when all weights are 0).
    fn weighted(&mut self, ws: &[u32]) -> usize {
        let total: u32 = ws.iter().sum();
        if total == 0 {
            return 0;
        }
        let mut r = self.rng.u32(..total);
        for (i, w) in ws.iter().enumerate() {
            if r < *w {
                return i;
            }
            r -= w;
        }
        0
    }

    // ----- layout helpers -----

    fn nl(&mut self) -> &'static str {
        match self.nl_mode {
            0 => "\n",
            1 => "\r\n",
            _ => {
                if self.chance(0.35) {
                    "\r\n"
                } else {
                    "\n"
                }
            }
        }
    }

    fn ind(&mut self, c: Ctx) -> String {
        let r = self.rng.u32(..100);
        if r < 80 {
            self.indent_unit.repeat(c.indent)
        } else if r < 90 {
            String::new()
        } else {
            let n = self.rng.usize(1..7);
            if self.chance(0.7) {
                " ".repeat(n)
            } else {
                "\t".repeat(n.min(2))
            }
        }
    }

    fn trail(&mut self) -> &'static str {
        let r = self.rng.u32(..100);
        match r {
            0..=79 => "",
            80..=89 => " ",
            90..=94 => "\t",
            _ => "   ",
        }
    }

    fn kw(out: &mut String, name: &str) {
        out.push(KW_OPEN);
        out.push_str(name);
        out.push(KW_CLOSE);
    }

    // ----- scope -----

    fn visible(&self) -> Vec<(Var, bool)> {
        let mut out: Vec<(Var, bool)> = Vec::new();
        for v in self.locals.iter().rev() {
            if !out.iter().any(|(o, _)| o.name == v.name) {
                out.push((v.clone(), true));
            }
        }
        for v in &self.globals {
            if !out.iter().any(|(o, _)| o.name == v.name) {
                out.push((v.clone(), false));
            }
        }
        out
    }

    fn lookup(&self, name: &str) -> Option<Var> {
        self.locals
            .iter()
            .rev()
            .chain(self.globals.iter().rev())
            .find(|v| v.name == name)
            .cloned()
    }

    /// Records `#set($name = rhs)`.
    fn assign(&mut self, c: Ctx, name: &str, rhs: Val, growing: bool) {
        let certain = !c.uncertain && rhs.is_known();
        if matches!(rhs, Val::Null) {
            return; // a null right-hand side leaves the old value
        }
        let slot = match self.locals.iter_mut().rev().find(|v| v.name == name) {
            Some(v) => Some(v),
            None => self.globals.iter_mut().find(|v| v.name == name),
        };
        match slot {
            Some(v) => {
                v.val = if certain { rhs } else { join(&v.val, &rhs) };
                v.growing |= growing;
                v.block = false;
            }
            None => {
                let val = if certain { rhs } else { rhs.opaque() };
                self.globals.push(Var {
                    name: name.to_string(),
                    val,
                    growing,
                    block: false,
                });
            }
        }
    }

    // ----- variables -----

    fn gen_scalar(&mut self, depth: u32) -> Val {
        match self.weighted(&[30, 25, 8, 10, 6, 4, w(depth < 2, 8)]) {
            0 => Val::Str(self.pick_str(STR_VALUES).to_string()),
            1 => self.gen_int(),
            2 => self.gen_dbl(),
            3 => Val::Bool(self.rng.bool()),
            4 => Val::Null,
            5 => Val::Str(format!("k{}", self.rng.u32(1..4))),
            _ => {
                if self.rng.bool() {
                    self.gen_list(depth + 1)
                } else {
                    self.gen_map(depth + 1)
                }
            }
        }
    }

    fn gen_int(&mut self) -> Val {
        let big: &[i128] = &[
            2_147_483_647,
            2_147_483_648,
            3_000_000_000,
            -3_000_000_000,
            -2_147_483_648,
            9_223_372_036_854_775_807,
            12_345_678_901_234_567_890,
            18_446_744_073_709_551_615,
            1_700_000_000_000,
        ];
        if self.chance(0.25) {
            Val::Int(self.pick(big))
        } else if self.chance(0.7) {
            Val::Int(i128::from(self.rng.i32(0..6)))
        } else {
            Val::Int(i128::from(self.rng.i32(-5..1000)))
        }
    }

    fn gen_dbl(&mut self) -> Val {
        let ds: &[f64] = &[
            1.0,
            2.5,
            -0.5,
            0.1,
            1e10,
            1.5e-7,
            100.0,
            6.02e23,
            123_456_789.0,
            -0.0,
            0.30000000000000004,
            1e21,
        ];
        Val::Dbl(self.pick(ds))
    }

    fn gen_list(&mut self, depth: u32) -> Val {
        let n = self.rng.usize(0..6);
        let shape = self.rng.u32(..6);
        let items = (0..n)
            .map(|i| match shape {
                0 => Val::Int(i128::from(self.rng.i32(0..20))),
                1 => Val::Str(
                    self.pick_str(&["a", "b", "c", "x y", "é", "", "zz"])
                        .to_string(),
                ),
                2 if depth < 2 => Val::Map(vec![
                    ("sku".to_string(), Val::Str(format!("A-{i}"))),
                    ("qty".to_string(), Val::Int(i128::from(self.rng.i32(0..5)))),
                ]),
                _ => self.gen_scalar(depth + 1),
            })
            .collect();
        Val::List(items)
    }

    fn gen_map(&mut self, depth: u32) -> Val {
        let keys: &[&str] = &[
            "a",
            "b",
            "name",
            "id",
            "qty",
            "size",
            "k1",
            "k2",
            "tags",
            "nested",
            "x-y",
            "with space",
            "empty",
        ];
        let n = self.rng.usize(0..5);
        let mut entries: Vec<(String, Val)> = Vec::new();
        for _ in 0..n {
            let k = self.pick_str(keys).to_string();
            if entries.iter().any(|(e, _)| *e == k) {
                continue;
            }
            let v = self.gen_scalar(depth + 1);
            entries.push((k, v));
        }
        Val::Map(entries)
    }

    fn gen_user(&mut self) -> Val {
        let items = self.gen_list(1);
        let name = Val::Str(
            self.pick_str(&["Ann", "O'Neil", "Zoë", "  Bob "])
                .to_string(),
        );
        let ratio = self.gen_dbl();
        let tags = Val::List(vec![Val::Str("x".into()), Val::Str("y/z".into())]);
        Val::Map(vec![
            ("name".into(), name),
            ("items".into(), items),
            ("ratio".into(), ratio),
            ("tags".into(), tags),
            ("active".into(), Val::Bool(self.rng.bool())),
        ])
    }

    fn gen_vars(&mut self) -> Vec<(String, Val)> {
        let pools: [&[&str]; 8] = [
            &["name", "s", "title", "msg", "path", "csv", "word"],
            &["n", "count", "id", "age", "port"],
            &["big", "huge", "ts"],
            &["d", "price", "ratio"],
            &["flag", "ok", "enabled"],
            &["nil", "none"],
            &["items", "tags", "nums", "list", "ids"],
            &["m", "user", "cfg", "headers", "obj"],
        ];
        let mut kinds = vec![0usize, 1, 6, 7];
        for _ in 0..self.rng.usize(1..5) {
            kinds.push(self.rng.usize(0..8));
        }
        let mut out: Vec<(String, Val)> = Vec::new();
        for k in kinds {
            let name = self.pick_str(pools[k]);
            if out.iter().any(|(n, _)| n == name) {
                continue;
            }
            let val = match k {
                0 => Val::Str(self.pick_str(STR_VALUES).to_string()),
                1 => {
                    if self.chance(0.8) {
                        Val::Int(i128::from(self.rng.i32(0..6)))
                    } else {
                        self.gen_int()
                    }
                }
                2 => self.gen_int(),
                3 => self.gen_dbl(),
                4 => Val::Bool(self.rng.bool()),
                5 => Val::Null,
                6 => self.gen_list(0),
                _ => {
                    if name == "user" {
                        self.gen_user()
                    } else {
                        self.gen_map(0)
                    }
                }
            };
            out.push((name.to_string(), val));
        }
        let n = out.len();
        if n > 1 {
            // Shuffle so that the JSON key order varies.
            for i in (1..n).rev() {
                let j = self.rng.usize(..=i);
                out.swap(i, j);
            }
        }
        out
    }

    // ----- the whole case -----

    fn case(&mut self) -> (String, Json) {
        let vars = self.gen_vars();
        let mut obj = JsonMap::new();
        for (k, v) in &vars {
            obj.insert(k.clone(), v.to_json());
        }
        self.globals = vars
            .into_iter()
            .map(|(name, val)| Var {
                name,
                val,
                growing: false,
                block: false,
            })
            .collect();
        self.nl_mode = match self.rng.u32(..100) {
            0..=74 => 0,
            75..=89 => 1,
            _ => 2,
        };
        self.indent_unit = self.pick(&["  ", "  ", "    ", "\t"]);
        if self.chance(0.3) {
            let n = self.rng.usize(1..3);
            for _ in 0..n {
                let name = self.pick_str(MACRO_NAMES).to_string();
                if self.macros.iter().any(|m| m.name == name) {
                    continue;
                }
                let block = self.chance(0.15);
                let np = if block { 0 } else { self.rng.usize(0..3) };
                let mut params: Vec<String> = Vec::new();
                for _ in 0..np {
                    let p = self.pick_str(MACRO_PARAMS).to_string();
                    if !params.contains(&p) {
                        params.push(p);
                    }
                }
                self.macros.push(Macro {
                    name,
                    params,
                    block,
                    defined: false,
                });
            }
        }

        let c = Ctx::top();
        let mut out = String::new();
        let items = self.rng.usize(2..7);
        for _ in 0..items {
            if self.chance(0.3) {
                self.macro_def(c, &mut out);
            }
            self.item(c, &mut out);
        }
        while self.macros.iter().any(|m| !m.defined) {
            // Forward references work: a call may come before the definition.
            self.macro_def(c, &mut out);
        }
        if self.chance(0.15) {
            // No final newline.
            while out.ends_with('\n') || out.ends_with('\r') {
                out.pop();
            }
        }
        if self.chance(0.03) {
            self.inject_error(&mut out);
        }
        (self.finalize(&out), Json::Object(obj))
    }

    /// Resolves keyword markers into `#kw` or `#{kw}`.
    fn finalize(&mut self, raw: &str) -> String {
        let chars: Vec<char> = raw.chars().collect();
        let mut out = String::with_capacity(raw.len() + 16);
        let mut i = 0;
        while i < chars.len() {
            if chars[i] != KW_OPEN {
                out.push(chars[i]);
                i += 1;
                continue;
            }
            let mut j = i + 1;
            let mut name = String::new();
            while j < chars.len() && chars[j] != KW_CLOSE {
                name.push(chars[j]);
                j += 1;
            }
            let next = chars.get(j + 1).copied();
            // `#endx`, `#end_` and `#end@` are parse errors (oracle); `#elsex` is accepted.
            let glued = next.is_some_and(|ch| ch.is_alphanumeric() || ch == '_' || ch == '@');
            // `#else` followed by `if` would become `#elseif`.
            let makes_elseif =
                name == "else" && next == Some('i') && chars.get(j + 2).copied() == Some('f');
            let need = makes_elseif || (glued && (name != "else" || self.chance(0.7)));
            if need || self.chance(0.12) {
                out.push_str("#{");
                out.push_str(&name);
                out.push('}');
            } else {
                out.push('#');
                out.push_str(&name);
            }
            i = j + 1;
        }
        out
    }

    /// Breaks the template on purpose: both engines must fail.
    fn inject_error(&mut self, out: &mut String) {
        let s = self.str_var_known();
        let bad: String = match self.rng.u32(..11) {
            0 => "#end".into(),
            1 => "#if(true)unclosed".into(),
            2 => "${unclosed".into(),
            3 => "#set($x)".into(),
            4 => "#set($neg = -$n)".into(),
            5 => "#else x".into(),
            6 => "#parse('missing.vm')".into(),
            7 => match s {
                Some(name) => format!("${name}.substring(99)"),
                None => "#foreach($i in [1..2])".into(),
            },
            8 => "#set($lst = ['a'])$lst[4]".into(),
            9 => "#set($q = 'a')$q.concat($nope)".into(),
            _ => "#set($s = \"a\\\"b\")".into(),
        };
        if self.rng.bool() {
            out.push_str(&bad);
        } else {
            let nl = self.nl();
            *out = format!("{bad}{nl}{out}");
        }
    }

    fn str_var_known(&mut self) -> Option<String> {
        let names: Vec<String> = self
            .globals
            .iter()
            .filter(|v| matches!(&v.val, Val::Str(s) if s.chars().count() < 99))
            .map(|v| v.name.clone())
            .collect();
        if names.is_empty() {
            None
        } else {
            Some(names[self.rng.usize(..names.len())].clone())
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Line-level items
    // ---------------------------------------------------------------------------------------------

    fn block(&mut self, c: Ctx, out: &mut String) {
        let n = 1 + self.weighted(&[50, 35, 15]);
        for _ in 0..n {
            self.item(c, out);
        }
    }

    fn item(&mut self, c: Ctx, out: &mut String) {
        let nest = c.depth < MAX_DEPTH;
        let can_loop = nest && c.iters * 2 <= ITER_BUDGET;
        let free = !c.restricted;
        let has_macros = free && !self.macros.is_empty();
        let weights = [
            300,                            // 0 text line
            if c.no_set { 0 } else { 120 }, // 1 #set line
            w(nest, 100),                   // 2 #if block
            w(can_loop, 90),                // 3 #foreach block
            w(has_macros, 50),              // 4 macro call line
            w(free && c.depth == 0, 20),    // 5 #define
            w(free && c.depth <= 1, 8),     // 6 #evaluate
            40,                             // 7 ## comment line
            20,                             // 8 #* *# comment lines
            30,                             // 9 blank line
            12,                             // 10 #[[ ]]#
            25,                             // 11 escapes
            w(c.loops > 0, 45),             // 12 #break
            w(free, 4),                     // 13 #stop
            w(c.depth == 0 && free, 40),    // 14 JSON-ish object
            w(self.can_mutate(c), 15),      // 15 mutation line
        ];
        match self.weighted(&weights) {
            0 => self.text_line(c, out),
            1 => {
                let ind = self.ind(c);
                out.push_str(&ind);
                let s = self.set_directive(c);
                out.push_str(&s);
                self.line_end(out);
            }
            2 => self.if_block(c, out),
            3 => self.foreach_block(c, out),
            4 => {
                let ind = self.ind(c);
                out.push_str(&ind);
                self.macro_call(c, out);
                self.line_end(out);
            }
            5 => self.define(c, out),
            6 => self.evaluate(c, out),
            7 => {
                let ind = self.ind(c);
                let w = self.pick_str(COMMENT_WORDS);
                let sp = self.pick_str(&[" ", "", "  "]);
                let hashes = self.pick_str(&["##", "##", "###"]);
                out.push_str(&format!("{ind}{hashes}{sp}{w}"));
                let nl = self.nl();
                out.push_str(nl);
            }
            8 => {
                let ind = self.ind(c);
                let w = self.pick_str(COMMENT_WORDS);
                let open = self.pick_str(&["#*", "#**", "#* "]);
                let nl = self.nl();
                if self.rng.bool() {
                    out.push_str(&format!("{ind}{open}{nl}{ind}  {w}{nl}{ind}*#"));
                } else {
                    out.push_str(&format!("{ind}{open} {w} *#"));
                }
                self.line_end(out);
            }
            9 => {
                let t = self.trail();
                out.push_str(t);
                let nl = self.nl();
                out.push_str(nl);
            }
            10 => {
                let ind = self.ind(c);
                let u = self.pick_str(UNPARSED);
                out.push_str(&format!("{ind}#[[{u}]]#"));
                self.line_end(out);
            }
            11 => {
                let ind = self.ind(c);
                out.push_str(&ind);
                let e = self.escape_piece(c);
                out.push_str(&e);
                if self.rng.bool() {
                    out.push(' ');
                    let e2 = self.escape_piece(c);
                    out.push_str(&e2);
                }
                if self.chance(0.15) {
                    // An escaped backslash, then a real line comment.
                    out.push_str(" \\## comment");
                }
                self.line_end(out);
            }
            12 => {
                let ind = self.ind(c);
                out.push_str(&ind);
                self.break_piece(c, out, true);
                let nl = self.nl();
                out.push_str(nl);
            }
            13 => {
                let ind = self.ind(c);
                out.push_str(&ind);
                if self.rng.bool() {
                    let cond = self.cond(c, 0);
                    out.push_str(&format!("#if({cond})"));
                    Self::kw(out, "stop");
                    Self::kw(out, "end");
                } else {
                    Self::kw(out, "stop");
                }
                let nl = self.nl();
                out.push_str(nl);
            }
            14 => self.json_object(c, out),
            _ => {
                let ind = self.ind(c);
                out.push_str(&ind);
                let m = self.mutation(c);
                out.push_str(&m);
                self.line_end(out);
            }
        }
    }

    /// Optional trailing whitespace (or a `##` comment, which eats the newline), then a newline.
    fn line_end(&mut self, out: &mut String) {
        if self.chance(0.03) {
            let w = self.pick_str(COMMENT_WORDS);
            let sp = self.pick_str(&[" ", "", "\t"]);
            out.push_str(&format!("{sp}## {w}"));
        } else {
            let t = self.trail();
            out.push_str(t);
        }
        let nl = self.nl();
        out.push_str(nl);
    }

    fn text_line(&mut self, c: Ctx, out: &mut String) {
        let ind = self.ind(c);
        out.push_str(&ind);
        let n = self.rng.usize(1..5);
        self.inline(c, n, out);
        if self.chance(0.06) {
            let w = self.pick_str(COMMENT_WORDS);
            out.push_str(&format!(" ## {w}"));
        } else {
            let t = self.trail();
            out.push_str(t);
        }
        let nl = self.nl();
        out.push_str(nl);
    }

    fn if_block(&mut self, c: Ctx, out: &mut String) {
        let ind = self.ind(c);
        let cond = self.cond(c, 0);
        let open = self.directive_open("if");
        out.push_str(&format!("{ind}{open}{cond})"));
        let inner = c.branch();
        self.body_lines(inner, out);
        let n_elseif = self.weighted(&[70, 22, 8]);
        for _ in 0..n_elseif {
            let ind2 = self.ind(c);
            let cond2 = self.cond(c, 0);
            out.push_str(&ind2);
            Self::kw(out, "elseif");
            out.push_str(&format!("({cond2})"));
            self.body_lines(inner, out);
        }
        if self.chance(0.45) {
            let ind2 = self.ind(c);
            out.push_str(&ind2);
            Self::kw(out, "else");
            self.body_lines(inner, out);
        }
        let ind3 = self.ind(c);
        out.push_str(&ind3);
        Self::kw(out, "end");
        self.after_end(c, out);
    }

    /// After a multi-line block's `#end`: newline, or text on the same line.
    fn after_end(&mut self, c: Ctx, out: &mut String) {
        if self.chance(0.12) {
            let sep = self.pick_str(&[" ", "", ","]);
            out.push_str(sep);
            self.inline(c, 1, out);
        }
        self.line_end(out);
    }

    /// The body of a multi-line directive: either inline text on the directive's line, or lines.
    fn body_lines(&mut self, c: Ctx, out: &mut String) {
        if self.chance(0.2) {
            let sep = self.pick_str(&[" ", "", "  "]);
            out.push_str(sep);
            let n = self.rng.usize(1..3);
            self.inline(c, n, out);
            if self.rng.bool() {
                self.line_end(out);
            }
        } else {
            self.line_end(out);
            self.block(c, out);
        }
    }

    fn directive_open(&mut self, name: &str) -> String {
        let r = self.rng.u32(..100);
        match r {
            0..=74 => format!("#{name}("),
            75..=84 => format!("#{name}( "),
            85..=92 => format!("#{{{name}}}("),
            _ => format!("#{name} ("),
        }
    }

    fn foreach_block(&mut self, c: Ctx, out: &mut String) {
        let Some((iter_src, elem, n)) = self.iterable(c) else {
            return self.text_line(c, out);
        };
        let acc = self.maybe_accumulator(c, out);
        let var = self.pick_str(LOOP_VARS).to_string();
        let ind = self.ind(c);
        let open = self.directive_open("foreach");
        let sp = if open.ends_with("( ") { " " } else { "" };
        out.push_str(&format!("{ind}{open}${var} in {iter_src}{sp})"));
        let inner = c.loop_body(n);
        self.locals.push(Var {
            name: var,
            val: elem,
            growing: false,
            block: false,
        });
        if self.chance(0.2) {
            let sep = self.pick_str(&[" ", ""]);
            out.push_str(sep);
            let k = self.rng.usize(1..4);
            self.inline(inner, k, out);
        } else {
            self.line_end(out);
            self.block(inner, out);
            if self.chance(0.35) {
                let ind2 = self.ind(inner);
                let r = self.text_ref(inner);
                out.push_str(&format!("{ind2}\"{r}\"#if($foreach.hasNext),"));
                Self::kw(out, "end");
                let nl = self.nl();
                out.push_str(nl);
                if self.chance(0.5) {
                    // The blank line supplies the newline that the #end line gobbles.
                    let nl = self.nl();
                    out.push_str(nl);
                }
            }
        }
        self.locals.pop();
        if acc {
            self.accs.pop();
        }
        let ind3 = self.ind(c);
        out.push_str(&ind3);
        Self::kw(out, "end");
        self.after_end(c, out);
    }

    /// Sometimes declares an accumulator before a loop; its body may then append to it.
    fn maybe_accumulator(&mut self, c: Ctx, out: &mut String) -> bool {
        if c.no_set || !self.chance(0.3) {
            return false;
        }
        let name = self.pick_str(ACC_NAMES).to_string();
        if self.accs.iter().any(|(a, _)| *a == name) {
            return false;
        }
        let is_str = self.rng.bool();
        let init = if is_str {
            self.pick_str(&["''", "\"\"", "'['"])
        } else {
            self.pick_str(&["0", "0", "1", "0.5", "2147483647"])
        };
        let ind = self.ind(c);
        out.push_str(&format!("{ind}#set(${name} = {init})"));
        self.line_end(out);
        let kind = if is_str { Kind::Str } else { Kind::Int };
        self.assign(c, &name, Val::Any(kind), true);
        self.accs.push((name, is_str));
        true
    }

    fn json_object(&mut self, c: Ctx, out: &mut String) {
        let unit = self.indent_unit;
        let ind = self.ind(c);
        out.push_str(&format!("{ind}{{"));
        self.line_end(out);
        let inner = Ctx {
            indent: c.indent + 1,
            ..c
        };
        let n = self.rng.usize(1..5);
        let keys = [
            "id", "name", "value", "items", "count", "flag", "total", "msg",
        ];
        for k in 0..n {
            let key = keys[k % keys.len()];
            let comma = if k + 1 < n { "," } else { "" };
            let ind2 = format!("{ind}{unit}");
            match self.rng.u32(..10) {
                0..=5 => {
                    let v = self.json_value(inner);
                    out.push_str(&format!("{ind2}\"{key}\": {v}{comma}"));
                    self.line_end(out);
                }
                6 | 7 => {
                    let Some((src, elem, cnt)) = self.iterable(c) else {
                        out.push_str(&format!("{ind2}\"{key}\": []{comma}"));
                        self.line_end(out);
                        continue;
                    };
                    out.push_str(&format!("{ind2}\"{key}\": ["));
                    self.line_end(out);
                    let var = self.pick_str(LOOP_VARS).to_string();
                    let dind = if self.rng.bool() {
                        ind2.clone()
                    } else {
                        String::new()
                    };
                    out.push_str(&format!("{dind}#foreach(${var} in {src})"));
                    self.line_end(out);
                    let body = c.loop_body(cnt);
                    self.locals.push(Var {
                        name: var,
                        val: elem,
                        growing: false,
                        block: false,
                    });
                    let v = self.json_value(body);
                    out.push_str(&format!("{ind2}{unit}{v}#if($foreach.hasNext),"));
                    Self::kw(out, "end");
                    let nl = self.nl();
                    out.push_str(nl);
                    if self.rng.bool() {
                        let nl = self.nl();
                        out.push_str(nl);
                    }
                    self.locals.pop();
                    out.push_str(&dind);
                    Self::kw(out, "end");
                    self.line_end(out);
                    out.push_str(&format!("{ind2}]{comma}"));
                    self.line_end(out);
                }
                _ => {
                    let cond = self.cond(c, 0);
                    let v = self.json_value(c.branch());
                    out.push_str(&format!("{ind2}#if({cond})"));
                    self.line_end(out);
                    out.push_str(&format!("{ind2}{unit}\"{key}\": {v},"));
                    self.line_end(out);
                    out.push_str(&ind2);
                    Self::kw(out, "end");
                    self.line_end(out);
                }
            }
        }
        out.push_str(&format!("{ind}}}"));
        self.line_end(out);
    }

    fn json_value(&mut self, c: Ctx) -> String {
        match self.rng.u32(..10) {
            0..=3 => {
                let r = self.text_ref(c);
                format!("\"{r}\"")
            }
            4..=5 => self.text_ref(c),
            6 => {
                let (e, _) = self.num_lit();
                e
            }
            7 => {
                let cond = self.cond(c, 0);
                let mut s = format!("#if({cond})true");
                Self::kw(&mut s, "else");
                s.push_str("false");
                Self::kw(&mut s, "end");
                s
            }
            8 => {
                let (p, _) = self.ref_path(c, Purpose::Text);
                format!("\"$!{{{p}}}\"")
            }
            _ => {
                let w = self.pick_str(&["\"fixed\"", "null", "true", "[]", "{}"]);
                w.to_string()
            }
        }
    }

    fn break_piece(&mut self, c: Ctx, out: &mut String, own_line: bool) {
        let arg = if c.loops >= 2 && self.chance(0.2) {
            "($foreach.parent)"
        } else if self.chance(0.1) {
            "($foreach)"
        } else {
            ""
        };
        if !own_line || self.chance(0.8) {
            let cond = self.cond(c, 0);
            out.push_str(&format!("#if({cond})"));
            if arg.is_empty() {
                Self::kw(out, "break");
            } else {
                out.push_str(&format!("#break{arg}"));
            }
            Self::kw(out, "end");
        } else if arg.is_empty() {
            Self::kw(out, "break");
        } else {
            out.push_str(&format!("#break{arg}"));
        }
    }

    fn define(&mut self, c: Ctx, out: &mut String) {
        let name = format!(
            "{}{}",
            self.pick_str(&["blk", "hdr", "part"]),
            self.defines.len() + 1
        );
        let body_ctx = Ctx {
            depth: c.depth + 1,
            indent: c.indent + 1,
            repeated: true,
            uncertain: true,
            late: true,
            restricted: true,
            no_set: true,
            no_growing: true,
            ..c
        };
        let ind = self.ind(c);
        let open = if self.chance(0.15) {
            "#{define}("
        } else {
            "#define("
        };
        out.push_str(&format!("{ind}{open}${name})"));
        if self.rng.bool() {
            let n = self.rng.usize(1..4);
            self.inline(body_ctx, n, out);
        } else {
            self.line_end(out);
            self.block(body_ctx, out);
            let ind2 = self.ind(c);
            out.push_str(&ind2);
        }
        Self::kw(out, "end");
        self.line_end(out);
        self.globals.push(Var {
            name: name.clone(),
            val: Val::Any(Kind::Any),
            growing: true,
            block: true,
        });
        if self.chance(0.6) {
            // Reference the block right away: it renders with the values current at that point.
            let ind = self.ind(c);
            let form = self.pick_str(&["$", "$!", "["]);
            if form == "[" {
                out.push_str(&format!("{ind}[${name}]"));
            } else {
                out.push_str(&format!("{ind}{form}{name}"));
            }
            self.line_end(out);
        }
        self.defines.push(name);
    }

    fn evaluate(&mut self, c: Ctx, out: &mut String) {
        let inner_ctx = Ctx {
            restricted: true,
            ..c
        };
        let mut content = String::new();
        let n = self.rng.usize(1..4);
        self.inline(inner_ctx, n, &mut content);
        let content = self.finalize(&content);
        let quoted = format!("'{}'", content.replace('\'', "''"));
        let ind = self.ind(c);
        if !c.repeated && !c.uncertain && self.chance(0.4) {
            out.push_str(&format!("{ind}#set($tpl = {quoted})"));
            self.line_end(out);
            self.assign(c, "tpl", Val::Str(content), false);
            out.push_str(&format!("{ind}#evaluate($tpl)"));
        } else {
            out.push_str(&format!("{ind}#evaluate({quoted})"));
        }
        self.line_end(out);
    }

    fn macro_def(&mut self, c: Ctx, out: &mut String) {
        let Some(idx) = self.macros.iter().position(|m| !m.defined) else {
            return;
        };
        self.macros[idx].defined = true;
        let m = self.macros[idx].clone();
        let sep = self.pick_str(&[" ", " ", ", "]);
        let mut head = format!("#macro({}", m.name);
        for (i, p) in m.params.iter().enumerate() {
            head.push_str(if i == 0 { " " } else { sep });
            head.push('$');
            head.push_str(p);
        }
        head.push(')');
        let body_ctx = Ctx {
            depth: 1,
            indent: c.indent + 1,
            loops: 0,
            iters: 6,
            repeated: true,
            uncertain: true,
            late: true,
            restricted: true,
            no_set: false,
            no_growing: false,
            in_block_macro: m.block,
        };
        let base = self.locals.len();
        for p in &m.params {
            self.locals.push(Var {
                name: p.clone(),
                val: Val::Any(Kind::Any),
                growing: false,
                block: false,
            });
        }
        let ind = self.ind(c);
        out.push_str(&ind);
        out.push_str(&head);
        if self.chance(0.5) {
            let n = self.rng.usize(1..4);
            self.inline(body_ctx, n, out);
            if m.block {
                out.push_str("<$!bodyContent>");
            }
        } else {
            self.line_end(out);
            self.block(body_ctx, out);
            if m.block {
                let ind2 = self.ind(body_ctx);
                out.push_str(&format!("{ind2}[$bodyContent]"));
                self.line_end(out);
            }
            out.push_str(&ind);
        }
        Self::kw(out, "end");
        self.line_end(out);
        self.locals.truncate(base);
    }

    fn macro_call(&mut self, c: Ctx, out: &mut String) {
        if self.macros.is_empty() {
            return;
        }
        let m = self.macros[self.rng.usize(..self.macros.len())].clone();
        let nargs = if self.chance(0.85) {
            m.params.len()
        } else {
            self.rng.usize(0..4)
        };
        let sep = self.pick_str(&[" ", ", ", ","]);
        let args: Vec<String> = (0..nargs).map(|_| self.macro_arg(c)).collect();
        let at = if m.block { "#@" } else { "#" };
        out.push_str(&format!("{at}{}({})", m.name, args.join(sep)));
        if m.block {
            let body_ctx = Ctx {
                depth: c.depth + 1,
                repeated: true,
                uncertain: true,
                late: true,
                restricted: true,
                no_set: true,
                no_growing: true,
                ..c
            };
            let n = self.rng.usize(1..3);
            self.inline(body_ctx, n, out);
            Self::kw(out, "end");
        }
    }

    fn macro_arg(&mut self, c: Ctx) -> String {
        match self.rng.u32(..10) {
            0..=1 => self.num_lit().0,
            2..=3 => {
                let s = self.pick_str(STR_LITS);
                self.quote(s)
            }
            4 => self
                .pick_str(&["true", "false", "[1, 2]", "{'k': 'v'}", "[1..3]"])
                .into(),
            _ => {
                let (p, _) = self.ref_path(c, Purpose::Arg);
                format!("${p}")
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Inline pieces
    // ---------------------------------------------------------------------------------------------

    fn inline(&mut self, c: Ctx, n: usize, out: &mut String) {
        for k in 0..n {
            if k > 0 {
                let sep = self.pick_str(&[
                    "", " ", " ", " ", " ", "  ", "\t", ", ", ": ", " | ", "/", " = ", ";", " - ",
                ]);
                out.push_str(sep);
            }
            self.piece(c, out);
        }
    }

    fn piece(&mut self, c: Ctx, out: &mut String) {
        let nest = c.depth < MAX_DEPTH;
        let can_loop = nest && c.iters * 2 <= ITER_BUDGET;
        let free = !c.restricted;
        let weights = [
            30,                                              // 0 words
            34,                                              // 1 reference
            if c.no_set { 0 } else { 7 },                    // 2 #set
            w(nest, 9),                                      // 3 inline #if
            w(can_loop, 5),                                  // 4 inline #foreach
            w(free && !self.macros.is_empty(), 4),           // 5 macro call
            2,                                               // 6 #* *#
            4,                                               // 7 escapes
            5,                                               // 8 "quoted ref"
            if c.loops > 0 { 8 } else { 1 },                 // 9 loop variables
            w(!self.defines.is_empty() && !c.no_growing, 4), // 10 define ref
            1,                                               // 11 #[[ ]]#
            w(self.can_mutate(c), 2),                        // 12 add/put
            3,                                               // 13 quirk words
            w(c.loops > 0, 3),                               // 14 break
            w(c.in_block_macro, 3),                          // 15 $bodyContent
        ];
        match self.weighted(&weights) {
            0 => {
                let n = self.rng.usize(1..4);
                let words: Vec<&str> = (0..n).map(|_| self.pick_str(WORDS)).collect();
                out.push_str(&words.join(" "));
            }
            1 => {
                let r = self.text_ref(c);
                out.push_str(&r);
            }
            2 => {
                let s = self.set_directive(c);
                out.push_str(&s);
            }
            3 => self.inline_if(c, out),
            4 => self.inline_foreach(c, out),
            5 => self.macro_call(c, out),
            6 => {
                let w = self.pick_str(COMMENT_WORDS);
                out.push_str(&format!("#* {w} *#"));
            }
            7 => {
                let e = self.escape_piece(c);
                out.push_str(&e);
            }
            8 => {
                let r = self.text_ref(c);
                out.push_str(&format!("\"{r}\""));
            }
            9 => {
                let s = self.loop_special(c);
                out.push_str(&format!("${s}"));
            }
            10 => {
                let pre = self.defines[self.rng.usize(..self.defines.len())].clone();
                let form = self.pick_str(&["$", "$!", "${"]);
                if form == "${" {
                    out.push_str(&format!("${{{pre}}}"));
                } else {
                    out.push_str(&format!("{form}{pre}"));
                }
            }
            11 => {
                let u = self.pick_str(UNPARSED);
                out.push_str(&format!("#[[{u}]]#"));
            }
            12 => {
                let m = self.mutation(c);
                out.push_str(&m);
            }
            13 => {
                let q = self.pick_str(QUIRK_WORDS);
                out.push_str(q);
            }
            14 => self.break_piece(c, out, false),
            _ => {
                let f = self.pick_str(&["$bodyContent", "$!bodyContent", "${bodyContent}"]);
                out.push_str(f);
            }
        }
    }

    fn inline_if(&mut self, c: Ctx, out: &mut String) {
        let cond = self.cond(c, 0);
        let open = self.directive_open("if");
        let sp = if open.ends_with("( ") { " " } else { "" };
        out.push_str(&format!("{open}{cond}{sp})"));
        let inner = c.branch();
        let n = self.rng.usize(1..3);
        self.inline(inner, n, out);
        if self.chance(0.25) {
            let cond2 = self.cond(c, 0);
            Self::kw(out, "elseif");
            out.push_str(&format!("({cond2})"));
            self.inline(inner, 1, out);
        }
        if self.chance(0.4) {
            Self::kw(out, "else");
            if self.chance(0.3) {
                out.push(' ');
            }
            self.inline(inner, 1, out);
        }
        Self::kw(out, "end");
    }

    fn inline_foreach(&mut self, c: Ctx, out: &mut String) {
        let Some((src, elem, n)) = self.iterable(c) else {
            let r = self.text_ref(c);
            out.push_str(&r);
            return;
        };
        let var = self.pick_str(LOOP_VARS).to_string();
        let open = self.directive_open("foreach");
        out.push_str(&format!("{open}${var} in {src})"));
        self.locals.push(Var {
            name: var,
            val: elem,
            growing: false,
            block: false,
        });
        let inner = c.loop_body(n);
        let k = self.rng.usize(1..4);
        self.inline(inner, k, out);
        self.locals.pop();
        Self::kw(out, "end");
    }

    fn escape_piece(&mut self, c: Ctx) -> String {
        let name = if self.rng.bool() {
            self.pick_str(UNDEFINED).to_string()
        } else {
            self.pick_var(c, Purpose::Text)
                .map_or_else(|| "x".to_string(), |(n, _)| n)
        };
        match self.rng.u32(..10) {
            0 => format!("\\${name}"),
            1 => format!("\\\\${name}"),
            2 => format!("\\${{{name}}}"),
            3 => format!("\\$!{name}"),
            4 => format!("\\\\\\${name}"),
            5 => {
                let cond = self.cond(c, 0);
                format!("\\#if({cond}) x \\#end")
            }
            6 => format!("\\#set(${name} = 1)"),
            7 => "\\#foreach($q in [1])\\#end".to_string(),
            _ => format!("\\#{name}"),
        }
    }

    fn loop_special(&mut self, c: Ctx) -> &'static str {
        if c.loops >= 2 && self.chance(0.15) {
            return self.pick_str(&["foreach.parent.count", "foreach.parent.index"]);
        }
        self.pick_str(&[
            "foreach.count",
            "foreach.index",
            "foreach.hasNext",
            "foreach.first",
            "foreach.last",
            "velocityCount",
            "velocityHasNext",
            "foreach.count",
            "velocityCount",
        ])
    }

    fn can_mutate(&self, c: Ctx) -> bool {
        !c.repeated && !c.late && !c.uncertain && !c.no_set
    }

    /// `$list.add(x)` (prints `true`) or `$map.put('k', v)` (prints its source: `put` returns null).
    fn mutation(&mut self, c: Ctx) -> String {
        let targets: Vec<(String, Val)> = self
            .globals
            .iter()
            .filter(|v| !v.growing && matches!(v.val, Val::List(_) | Val::Map(_)))
            .map(|v| (v.name.clone(), v.val.clone()))
            .collect();
        if targets.is_empty() {
            return self.text_ref(c);
        }
        let (name, val) = targets[self.rng.usize(..targets.len())].clone();
        let (arg, argv) = self.simple_lit();
        let quiet = if self.chance(0.2) { "!" } else { "" };
        match val {
            Val::List(mut items) => {
                items.push(argv);
                self.set_global(&name, Val::List(items));
                format!("${quiet}{name}.add({arg})")
            }
            Val::Map(mut entries) => {
                let key = format!("new{}", self.rng.u32(..100));
                if entries.iter().any(|(k, _)| *k == key) {
                    return format!("${quiet}{name}.size()");
                }
                let qk = self.quote(&key);
                entries.push((key, argv));
                self.set_global(&name, Val::Map(entries));
                format!("${quiet}{name}.put({qk}, {arg})")
            }
            _ => format!("${name}"),
        }
    }

    fn set_global(&mut self, name: &str, val: Val) {
        if let Some(v) = self.globals.iter_mut().find(|v| v.name == name) {
            v.val = val;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // #set
    // ---------------------------------------------------------------------------------------------

    fn set_directive(&mut self, c: Ctx) -> String {
        let (lhs, rhs) = self.set_parts(c);
        let r = self.rng.u32(..100);
        match r {
            0..=69 => format!("#set(${lhs} = {rhs})"),
            70..=79 => format!("#set( ${lhs} = {rhs} )"),
            80..=87 => format!("#set(${lhs}={rhs})"),
            88..=93 => format!("#{{set}}(${lhs} = {rhs})"),
            _ => format!("#set (${lhs}  =  {rhs})"),
        }
    }

    /// Target and right-hand side of a `#set`, recording the assignment.
    fn set_parts(&mut self, c: Ctx) -> (String, String) {
        if c.repeated {
            // Accumulator: grows linearly with the number of iterations.
            if !self.accs.is_empty() && self.chance(0.45) {
                let (name, is_str) = self.accs[self.rng.usize(..self.accs.len())].clone();
                let (e, _) = self.expr(c, 1);
                let rhs = if is_str && self.rng.bool() {
                    self.no_dq = true;
                    let (p, _) = self.ref_path(c, Purpose::Expr);
                    self.no_dq = false;
                    format!("\"${name}${{{p}}},\"")
                } else {
                    format!("${name} + {e}")
                };
                return (name, rhs);
            }
            // The current loop variable: only literals (reset by the next iteration anyway).
            let loop_var = if c.loops > 0 && self.chance(0.05) {
                self.locals.last().cloned()
            } else {
                None
            };
            if let Some(v) = loop_var {
                let (lit, val) = self.simple_lit();
                self.assign(c, &v.name, val, false);
                return (v.name, lit);
            }
            let name = self.pick_str(LOOP_SET_NAMES).to_string();
            let (e, v) = self.expr(c, 0);
            let v = if matches!(v, Val::List(_) | Val::Map(_)) && e.starts_with('$') {
                v.opaque()
            } else {
                v
            };
            self.assign(c, &name, v, true);
            return (name, e);
        }
        match self.weighted(&[70, 10, 10, 4, 6]) {
            1 => {
                // Property assignment on a known map.
                let maps: Vec<(String, Vec<(String, Val)>)> = self
                    .globals
                    .iter()
                    .filter_map(|v| match &v.val {
                        Val::Map(e) if !v.growing && !c.late => Some((v.name.clone(), e.clone())),
                        _ => None,
                    })
                    .collect();
                if maps.is_empty() || self.lookup_local_shadow(&maps) {
                    return self.plain_set(c);
                }
                let (name, mut entries) = maps[self.rng.usize(..maps.len())].clone();
                let key = self
                    .pick_str(&["a", "b", "name", "status", "k1"])
                    .to_string();
                let (lit, val) = self.simple_lit();
                if let Some(slot) = entries.iter_mut().find(|(k, _)| *k == key) {
                    slot.1 = if c.uncertain {
                        join(&slot.1, &val)
                    } else {
                        val
                    };
                } else if !c.uncertain {
                    entries.push((key.clone(), val));
                }
                self.set_global(&name, Val::Map(entries));
                (format!("{name}.{key}"), lit)
            }
            2 => {
                // A null right-hand side keeps the old value.
                let name = self.set_target();
                let rhs = self
                    .pick_str(&[
                        "$missing",
                        "$nope.foo",
                        "1 / 0",
                        "$nil",
                        "'a' * 2",
                        "$undef.length()",
                    ])
                    .to_string();
                (name, rhs)
            }
            3 => {
                let name = self.pick_str(UNDEFINED);
                (format!("{name}.a"), "1".to_string())
            }
            4 if self.can_mutate(c) => {
                let name = self.set_target();
                let m = self.mutation(c);
                self.assign(c, &name, Val::Any(Kind::Any), false);
                (name, m.replace("$!", "$"))
            }
            _ => self.plain_set(c),
        }
    }

    /// True when a local (loop var, macro param) shadows one of the candidate globals.
    fn lookup_local_shadow(&self, maps: &[(String, Vec<(String, Val)>)]) -> bool {
        maps.iter()
            .any(|(n, _)| self.locals.iter().any(|l| l.name == *n))
    }

    fn set_target(&mut self) -> String {
        if self.chance(0.3) {
            let names: Vec<String> = self
                .globals
                .iter()
                .filter(|v| !v.growing && !v.block)
                .map(|v| v.name.clone())
                .collect();
            if !names.is_empty() {
                let n = names[self.rng.usize(..names.len())].clone();
                if !self.locals.iter().any(|l| l.name == n) {
                    return n;
                }
            }
        }
        let n = self.pick_str(SET_NAMES).to_string();
        if self.locals.iter().any(|l| l.name == n) || self.lookup(&n).is_some_and(|v| v.growing) {
            "res".to_string()
        } else {
            n
        }
    }

    fn plain_set(&mut self, c: Ctx) -> (String, String) {
        let name = self.set_target();
        if self.locals.iter().any(|l| l.name == name)
            || self.lookup(&name).is_some_and(|v| v.growing)
        {
            // Never write a growing or local name outside a repeated context.
            return ("res9".to_string(), "1".to_string());
        }
        let (e, v) = self.expr(c, 0);
        let v = if matches!(v, Val::List(_) | Val::Map(_)) && e.starts_with('$') {
            v.opaque() // an alias: mutations through it would go unseen
        } else {
            v
        };
        self.assign(c, &name, v, false);
        (name, e)
    }

    // ---------------------------------------------------------------------------------------------
    // References
    // ---------------------------------------------------------------------------------------------

    fn pick_var(&mut self, c: Ctx, p: Purpose) -> Option<(String, Val)> {
        let allow_growing =
            (p == Purpose::Text && !c.no_growing) || (!c.repeated && p == Purpose::Expr);
        let cands: Vec<(String, Val)> = self
            .visible()
            .into_iter()
            .filter(|(v, _)| (allow_growing || !v.growing) && (p == Purpose::Text || !v.block))
            .filter(|(v, _)| !v.block || p == Purpose::Text)
            .map(|(v, local)| {
                let val = if c.late && !local {
                    v.val.opaque()
                } else {
                    v.val
                };
                (v.name, val)
            })
            .collect();
        if cands.is_empty() {
            return None;
        }
        Some(cands[self.rng.usize(..cands.len())].clone())
    }

    /// A reference as printed in text: `$p`, `${p}`, `$!p` or `$!{p}`.
    fn text_ref(&mut self, c: Ctx) -> String {
        let (p, _) = self.ref_path(c, Purpose::Text);
        match self.rng.u32(..100) {
            0..=54 => format!("${p}"),
            55..=74 => format!("${{{p}}}"),
            75..=89 => format!("$!{p}"),
            _ => format!("$!{{{p}}}"),
        }
    }

    /// A reference path without the `$` (`user.items[0].sku`) and what it evaluates to.
    fn ref_path(&mut self, c: Ctx, p: Purpose) -> (String, Val) {
        if self.chance(if c.loops > 0 { 0.1 } else { 0.01 }) {
            let s = self.loop_special(c);
            let v = if s.contains("count") || s.contains("index") || s == "velocityCount" {
                Val::Any(Kind::Int)
            } else {
                Val::Any(Kind::Bool)
            };
            return (s.to_string(), v);
        }
        let picked = if self.chance(0.07) {
            None
        } else {
            self.pick_var(c, p)
        };
        let (mut path, mut val) =
            picked.unwrap_or_else(|| (self.pick_str(UNDEFINED).to_string(), Val::Null));
        let steps = self.weighted(&[30, 40, 22, 8]);
        for _ in 0..steps {
            match self.step(c, &mut path, &val, p) {
                Some(v) => val = v,
                None => break,
            }
        }
        (path, val)
    }

    /// Appends one property / method / index step to `path`.
    fn step(&mut self, c: Ctx, path: &mut String, v: &Val, p: Purpose) -> Option<Val> {
        match v {
            Val::Str(s) => Some(self.str_step(c, path, s, p)),
            Val::List(items) => Some(self.list_step(c, path, items, p)),
            Val::Map(entries) => Some(self.map_step(c, path, entries, p)),
            Val::Entry(inner) => Some(match self.rng.u32(..4) {
                0 => {
                    path.push_str(".key");
                    Val::Any(Kind::Str)
                }
                1 => {
                    path.push_str(".getKey()");
                    Val::Any(Kind::Str)
                }
                2 => {
                    path.push_str(".value");
                    (**inner).clone()
                }
                _ => {
                    path.push_str(".getValue()");
                    (**inner).clone()
                }
            }),
            Val::Int(n) => Some(match self.rng.u32(..6) {
                0 | 1 => {
                    path.push_str(".toString()");
                    Val::Str(n.to_string())
                }
                2 => {
                    path.push_str(".doubleValue()");
                    Val::Any(Kind::Dbl)
                }
                3 => {
                    path.push_str(".intValue()");
                    Val::Any(Kind::Int)
                }
                4 => {
                    path.push_str(&format!(".equals({})", self.rng.i32(0..4)));
                    Val::Any(Kind::Bool)
                }
                _ => {
                    path.push_str(".longValue()");
                    Val::Any(Kind::Int)
                }
            }),
            Val::Dbl(_) | Val::Any(Kind::Dbl) => {
                let m = self.pick_str(&[
                    ".toString()",
                    ".intValue()",
                    ".longValue()",
                    ".doubleValue()",
                ]);
                path.push_str(m);
                Some(if m == ".toString()" {
                    Val::Any(Kind::Str)
                } else {
                    Val::Any(Kind::Int)
                })
            }
            Val::Bool(_) | Val::Any(Kind::Bool) => {
                let m = self.pick_str(&[".toString()", ".booleanValue()", ".equals(true)"]);
                path.push_str(m);
                Some(Val::Any(Kind::Any))
            }
            Val::Any(Kind::Str) => {
                let (m, k) = self.pick(&[
                    (".length()", Kind::Int),
                    (".trim()", Kind::Str),
                    (".toUpperCase()", Kind::Str),
                    (".toLowerCase()", Kind::Str),
                    (".isEmpty()", Kind::Bool),
                    (".contains('a')", Kind::Bool),
                    (".startsWith('x')", Kind::Bool),
                    (".replace('a', 'b')", Kind::Str),
                    (".substring(0)", Kind::Str),
                    (".concat('!')", Kind::Str),
                    (".split(',').size()", Kind::Int),
                    (".empty", Kind::Bool),
                ]);
                path.push_str(m);
                Some(Val::Any(k))
            }
            Val::Any(Kind::Int) => {
                let (m, k) = self.pick(&[
                    (".toString()", Kind::Str),
                    (".doubleValue()", Kind::Dbl),
                    (".intValue()", Kind::Int),
                ]);
                path.push_str(m);
                Some(Val::Any(k))
            }
            Val::Any(Kind::List) => {
                let (m, k) = self.pick(&[
                    (".size()", Kind::Int),
                    (".isEmpty()", Kind::Bool),
                    (".contains('a')", Kind::Bool),
                    (".toString()", Kind::Str),
                ]);
                path.push_str(m);
                Some(Val::Any(k))
            }
            Val::Any(Kind::Map) => {
                let (m, k) = self.pick(&[
                    (".size()", Kind::Int),
                    (".isEmpty()", Kind::Bool),
                    (".keySet()", Kind::List),
                    (".containsKey('a')", Kind::Bool),
                    (".get('a')", Kind::Any),
                    (".a", Kind::Any),
                    (".values()", Kind::List),
                ]);
                path.push_str(m);
                Some(Val::Any(k))
            }
            Val::Null if self.chance(0.3) => {
                let m = self.pick_str(&[".foo", ".length()", ".get('x')", ".bar.baz"]);
                path.push_str(m);
                Some(Val::Null)
            }
            Val::Any(_) if self.chance(0.15) => {
                path.push_str(".toString()");
                Some(Val::Any(Kind::Str))
            }
            _ => None,
        }
    }

    /// A string argument: a literal (from `hints` or the pool) or, sometimes, a known string.
    fn str_arg(&mut self, c: Ctx, hint: Option<&str>, p: Purpose) -> (String, String) {
        let known = if p != Purpose::Arg && !c.late && self.chance(0.12) {
            self.pick_var(c, Purpose::Expr)
        } else {
            None
        };
        if let Some((name, Val::Str(s))) = known {
            return (format!("${name}"), s);
        }
        let s = match hint {
            Some(h) if self.chance(0.6) => h.to_string(),
            _ => self.pick_str(STR_ARGS).to_string(),
        };
        (self.quote(&s), s)
    }

    fn str_step(&mut self, c: Ctx, path: &mut String, s: &str, p: Purpose) -> Val {
        let bounds = utf16_bounds(s);
        let len = bounds.last().copied().unwrap_or(0);
        let first: Option<String> = s.chars().next().map(|ch| ch.to_string());
        let hint = first.as_deref();
        match self.rng.u32(..20) {
            0 | 1 => {
                path.push_str(".length()");
                Val::Int(len as i128)
            }
            2 | 3 => {
                let a = bounds[self.rng.usize(..bounds.len())];
                if self.rng.bool() {
                    path.push_str(&format!(".substring({a})"));
                    Val::Str(utf16_slice(s, a, len))
                } else {
                    let later: Vec<usize> = bounds.iter().copied().filter(|b| *b >= a).collect();
                    let b = later[self.rng.usize(..later.len())];
                    path.push_str(&format!(".substring({a}, {b})"));
                    Val::Str(utf16_slice(s, a, b))
                }
            }
            4 => {
                let (arg, _) = self.str_arg(c, hint, p);
                path.push_str(&format!(".indexOf({arg})"));
                Val::Any(Kind::Int)
            }
            5 => {
                let (a, av) = self.str_arg(c, hint, p);
                let to = self.pick_str(&["", "_", "XY", "-", "é"]);
                let qt = self.quote(to);
                path.push_str(&format!(".replace({a}, {qt})"));
                if av.is_empty() {
                    Val::Any(Kind::Str)
                } else {
                    Val::Str(s.replace(&av, to))
                }
            }
            6 => {
                let re = self.pick_str(REGEXES);
                let to = self.pick_str(&["", "_", "*", "-"]);
                let q = if self.no_dq || self.rng.bool() {
                    '\''
                } else {
                    '"'
                };
                path.push_str(&format!(".replaceAll({q}{re}{q}, '{to}')"));
                Val::Any(Kind::Str)
            }
            7 | 8 => {
                // Arrays print as `[Ljava.lang.String;@hash`: always index or count them.
                let sep = self.pick(&[',', ' ', '-', 'l']);
                let parts = java_split(s, sep);
                let q = self.quote(&sep.to_string());
                if !parts.is_empty() && self.rng.bool() {
                    let i = self.rng.usize(..parts.len());
                    path.push_str(&format!(".split({q})[{i}]"));
                    Val::Str(parts[i].clone())
                } else {
                    path.push_str(&format!(".split({q}).size()"));
                    Val::Int(parts.len() as i128)
                }
            }
            9 => {
                path.push_str(".trim()");
                Val::Str(java_trim(s))
            }
            10 => {
                let up = self.rng.bool();
                path.push_str(if up {
                    ".toUpperCase()"
                } else {
                    ".toLowerCase()"
                });
                if s.is_ascii() {
                    Val::Str(if up {
                        s.to_ascii_uppercase()
                    } else {
                        s.to_ascii_lowercase()
                    })
                } else {
                    Val::Any(Kind::Str)
                }
            }
            11 | 12 => {
                let m = self.pick_str(&[
                    "contains",
                    "startsWith",
                    "endsWith",
                    "equals",
                    "equalsIgnoreCase",
                ]);
                let (a, _) = self.str_arg(c, hint, p);
                path.push_str(&format!(".{m}({a})"));
                Val::Any(Kind::Bool)
            }
            13 => {
                path.push_str(if self.chance(0.7) {
                    ".isEmpty()"
                } else {
                    ".empty"
                });
                Val::Bool(s.is_empty())
            }
            14 => {
                let (a, av) = self.str_arg(c, None, p);
                path.push_str(&format!(".concat({a})"));
                Val::Str(format!("{s}{av}"))
            }
            15 => {
                // charAt on a BMP character only.
                let idx: Vec<usize> = s
                    .chars()
                    .zip(bounds.iter())
                    .filter(|(ch, _)| ch.len_utf16() == 1)
                    .map(|(_, b)| *b)
                    .collect();
                if idx.is_empty() {
                    path.push_str(".length()");
                    Val::Int(len as i128)
                } else {
                    let i = idx[self.rng.usize(..idx.len())];
                    path.push_str(&format!(".charAt({i})"));
                    Val::Any(Kind::Any)
                }
            }
            16 => {
                let re = self.pick_str(&["[a-z ]+", ".*", "[A-Za-z0-9, ]*", "h.*"]);
                path.push_str(&format!(".matches('{re}')"));
                Val::Any(Kind::Bool)
            }
            17 => {
                path.push_str(".toString()");
                Val::Str(s.to_string())
            }
            _ => {
                path.push_str(".length()");
                Val::Int(len as i128)
            }
        }
    }

    fn list_step(&mut self, c: Ctx, path: &mut String, items: &[Val], p: Purpose) -> Val {
        let n = items.len();
        match self.rng.u32(..14) {
            0 | 1 => {
                path.push_str(".size()");
                Val::Int(n as i128)
            }
            2 => {
                path.push_str(".isEmpty()");
                Val::Bool(n == 0)
            }
            3..=5 if n > 0 => {
                let i = self.rng.usize(..n);
                path.push_str(&format!("[{i}]"));
                items[i].clone()
            }
            6 | 7 if n > 0 => {
                let i = self.rng.usize(..n);
                path.push_str(&format!(".get({i})"));
                items[i].clone()
            }
            8 if n > 0 && self.chance(0.3) => {
                path.push_str("[-1]");
                items[n - 1].clone()
            }
            9 => {
                let (a, _) = self.str_arg(c, Some("a"), p);
                let m = if self.rng.bool() {
                    "contains"
                } else {
                    "indexOf"
                };
                path.push_str(&format!(".{m}({a})"));
                Val::Any(Kind::Any)
            }
            10 => {
                let k = self.rng.usize(..=n);
                path.push_str(&format!(".subList(0, {k})"));
                Val::List(items[..k].to_vec())
            }
            11 => {
                let i = self.rng.i32(0..3);
                path.push_str(&format!(".contains({i})"));
                Val::Any(Kind::Bool)
            }
            _ => {
                path.push_str(".size()");
                Val::Int(n as i128)
            }
        }
    }

    fn map_step(
        &mut self,
        c: Ctx,
        path: &mut String,
        entries: &[(String, Val)],
        p: Purpose,
    ) -> Val {
        let n = entries.len();
        match self.rng.u32(..16) {
            0..=4 if n > 0 => {
                let (k, v) = entries[self.rng.usize(..n)].clone();
                let hyphen = p == Purpose::Text && k.contains('-') && !k.contains(' ');
                if is_ident(&k) || (hyphen && self.chance(0.3)) {
                    path.push('.');
                    path.push_str(&k);
                } else {
                    let q = self.quote(&k);
                    path.push_str(&format!(".get({q})"));
                }
                v
            }
            5 | 6 if n > 0 => {
                let (k, v) = entries[self.rng.usize(..n)].clone();
                let q = self.quote(&k);
                if self.rng.bool() {
                    path.push_str(&format!(".get({q})"));
                } else {
                    path.push_str(&format!("[{q}]"));
                }
                v
            }
            7 => {
                let k = self.pick_str(&["nokey", "a", "size", "b"]);
                let q = self.quote(k);
                path.push_str(&format!(".containsKey({q})"));
                Val::Bool(entries.iter().any(|(e, _)| e == k))
            }
            8 => {
                path.push_str(".keySet()");
                Val::List(entries.iter().map(|(k, _)| Val::Str(k.clone())).collect())
            }
            9 => {
                path.push_str(".values()");
                Val::List(entries.iter().map(|(_, v)| v.clone()).collect())
            }
            10 => {
                path.push_str(".entrySet()");
                Val::Any(Kind::List)
            }
            11 => {
                path.push_str(".size()");
                Val::Int(n as i128)
            }
            12 => {
                path.push_str(".isEmpty()");
                Val::Bool(n == 0)
            }
            13 => {
                // `$map.size` is `get("size")`, not `size()`.
                let prop = self.pick_str(&["size", "empty", "nokey"]);
                path.push('.');
                path.push_str(prop);
                entries
                    .iter()
                    .find(|(k, _)| k == prop)
                    .map_or(Val::Null, |(_, v)| v.clone())
            }
            14 => {
                let (q, _) = self.str_arg(c, Some("nokey"), p);
                path.push_str(&format!(".get({q})"));
                Val::Any(Kind::Any)
            }
            _ => {
                path.push_str(".toString()");
                Val::Any(Kind::Str)
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Expressions
    // ---------------------------------------------------------------------------------------------

    /// Quotes a string literal with `'...'` or `"..."`, doubling the quote character.
    fn quote(&mut self, s: &str) -> String {
        if self.no_dq {
            return format!("'{}'", s.replace('"', "'").replace('\'', "''"));
        }
        let single = s.contains('$') || s.contains('#') || s.contains('\\') || self.rng.bool();
        if single {
            format!("'{}'", s.replace('\'', "''"))
        } else {
            format!("\"{}\"", s.replace('"', "\"\""))
        }
    }

    fn num_lit(&mut self) -> (String, Val) {
        match self.rng.u32(..20) {
            0..=9 => {
                let n = self.rng.i32(0..10);
                (n.to_string(), Val::Int(i128::from(n)))
            }
            10 | 11 => {
                let n = self.rng.i32(-9..0);
                (n.to_string(), Val::Int(i128::from(n)))
            }
            12 | 13 => {
                let (s, v) = self.pick(&[
                    ("2147483647", 2_147_483_647i128),
                    ("2147483648", 2_147_483_648),
                    ("3000000000", 3_000_000_000),
                    ("9223372036854775807", 9_223_372_036_854_775_807),
                    ("99999999999999999999", 99_999_999_999_999_999_999),
                    ("-2147483648", -2_147_483_648),
                    ("100", 100),
                ]);
                (s.to_string(), Val::Int(v))
            }
            _ => {
                let (s, v) = self.pick(&[
                    ("1.5", 1.5f64),
                    ("0.1", 0.1),
                    ("2.0", 2.0),
                    ("-0.5", -0.5),
                    ("10.25", 10.25),
                    ("1e3", 1e3),
                    ("0.2", 0.2),
                    ("3.0", 3.0),
                ]);
                (s.to_string(), Val::Dbl(v))
            }
        }
    }

    fn simple_lit(&mut self) -> (String, Val) {
        match self.rng.u32(..4) {
            0 | 1 => self.num_lit(),
            2 => {
                let s = self.pick_str(STR_LITS);
                (self.quote(s), Val::Str(s.to_string()))
            }
            _ => {
                let b = self.rng.bool();
                (b.to_string(), Val::Bool(b))
            }
        }
    }

    fn interp_string(&mut self, c: Ctx) -> (String, Val) {
        let saved = self.no_dq;
        self.no_dq = true;
        let r = self.interp_string_inner(c);
        self.no_dq = saved;
        r
    }

    fn interp_string_inner(&mut self, c: Ctx) -> (String, Val) {
        let mut s = String::from("\"");
        let mut known = true;
        let n = self.rng.usize(1..4);
        for k in 0..n {
            if k > 0 {
                s.push_str(self.pick_str(&[" ", "", ", ", "-", ":"]));
            }
            match self.rng.u32(..10) {
                0..=3 => {
                    let w = self.pick_str(&["Hi", "id", "x", "a b", "é", "k", "#x", "5"]);
                    s.push_str(w);
                }
                4..=7 => {
                    let (p, _) = self.ref_path(c, Purpose::Expr);
                    known = false;
                    let form = self.rng.u32(..4);
                    s.push_str(&match form {
                        0 | 1 => format!("${{{p}}}"),
                        2 => format!("$!{{{p}}}"),
                        _ => format!("${p} "),
                    });
                }
                8 => s.push_str("\"\""),
                _ => {
                    let cond = self.cond(c, 1);
                    s.push_str(&format!("#if({cond})y"));
                    Self::kw(&mut s, "else");
                    s.push('n');
                    Self::kw(&mut s, "end");
                    known = false;
                }
            }
        }
        s.push('"');
        if known {
            let inner = s[1..s.len() - 1].replace("\"\"", "\"");
            (s, Val::Str(inner))
        } else {
            (s, Val::Any(Kind::Str))
        }
    }

    /// A list / map literal element: Velocity 1.7 allows literals and references there, not
    /// arbitrary expressions.
    fn param(&mut self, c: Ctx, d: u32) -> (String, Val) {
        match self.rng.u32(..10) {
            0..=5 => self.simple_lit(),
            6 | 7 => {
                let (p, v) = self.ref_path(c, Purpose::Expr);
                (format!("${p}"), v)
            }
            8 => self.interp_string(c),
            _ if d < 2 => {
                let n = self.rng.usize(0..3);
                let (parts, vals): (Vec<String>, Vec<Val>) =
                    (0..n).map(|_| self.simple_lit()).unzip();
                (format!("[{}]", parts.join(", ")), Val::List(vals))
            }
            _ => self.simple_lit(),
        }
    }

    /// An operand of arithmetic: number literal, numeric reference or parenthesised arithmetic.
    fn num_operand(&mut self, c: Ctx, d: u32) -> (String, Val) {
        match self.rng.u32(..10) {
            0..=4 => self.num_lit(),
            5..=7 => {
                let (p, v) = self.ref_path(c, Purpose::Expr);
                (format!("${p}"), v)
            }
            8 if d < 2 => {
                let (e, v) = self.arith(c, d + 1);
                (format!("({e})"), v)
            }
            _ => {
                let s = self.pick_str(&["'3'", "'2'", "'a'", "true"]);
                (s.to_string(), Val::Any(Kind::Any))
            }
        }
    }

    fn arith(&mut self, c: Ctx, d: u32) -> (String, Val) {
        let (a, av) = self.num_operand(c, d);
        let (b, bv) = self.num_operand(c, d);
        let op = self.pick(&['+', '-', '*', '/', '%', '+', '-', '*']);
        // `$a-1` would be the reference `a-1`, and `x-0` lexes `-0` as a literal.
        let sp = if op != '-' && self.chance(0.1) {
            ""
        } else {
            " "
        };
        let v = match (&av, &bv) {
            (Val::Int(x), Val::Int(y)) => {
                let r = match op {
                    '+' => x.checked_add(*y),
                    '-' => x.checked_sub(*y),
                    '*' => x.checked_mul(*y),
                    '/' => x.checked_div(*y),
                    _ => x.checked_rem(*y),
                };
                r.filter(|r| r.abs() < 1i128 << 100)
                    .map_or(Val::Any(Kind::Any), Val::Int)
            }
            _ => Val::Any(Kind::Any),
        };
        (format!("{a}{sp}{op}{sp}{b}"), v)
    }

    fn expr(&mut self, c: Ctx, d: u32) -> (String, Val) {
        let deep = d < 2;
        match self.weighted(&[
            14,
            8,
            12,
            8,
            3,
            24,
            if deep { 14 } else { 2 },
            w(deep, 4),
            w(deep, 5),
            w(deep, 4),
            4,
            w(deep, 4),
        ]) {
            0 | 1 => self.num_lit(),
            2 => {
                let s = self.pick_str(STR_LITS);
                (self.quote(s), Val::Str(s.to_string()))
            }
            3 => self.interp_string(c),
            4 => {
                let b = self.rng.bool();
                (b.to_string(), Val::Bool(b))
            }
            5 => {
                let (p, v) = self.ref_path(c, Purpose::Expr);
                let form = if self.chance(0.1) { "$!" } else { "$" };
                if self.chance(0.1) {
                    (format!("{form}{{{p}}}"), v)
                } else {
                    (format!("{form}{p}"), v)
                }
            }
            6 => self.arith(c, d),
            7 => {
                // String concatenation with `+`.
                let (a, _) = self.expr(c, d + 1);
                let s = self.pick_str(STR_LITS);
                let q = self.quote(s);
                if self.rng.bool() {
                    (format!("{a} + {q}"), Val::Any(Kind::Any))
                } else {
                    (format!("{q} + {a}"), Val::Any(Kind::Any))
                }
            }
            8 => {
                let n = self.rng.usize(0..5);
                let mut parts = Vec::new();
                let mut vals = Vec::new();
                for _ in 0..n {
                    let (e, v) = self.param(c, d + 1);
                    parts.push(e);
                    vals.push(v);
                }
                let sep = self.pick_str(&[", ", ",", " , "]);
                (format!("[{}]", parts.join(sep)), Val::List(vals))
            }
            9 => {
                let n = self.rng.usize(0..4);
                let mut parts = Vec::new();
                let mut entries: Vec<(String, Val)> = Vec::new();
                for _ in 0..n {
                    let k = self.pick_str(&["a", "b", "name", "k1", "with space", "size"]);
                    if entries.iter().any(|(e, _)| e == k) {
                        continue;
                    }
                    let qk = self.quote(k);
                    let (e, v) = self.param(c, d + 1);
                    parts.push(format!("{qk}: {e}"));
                    entries.push((k.to_string(), v));
                }
                (format!("{{{}}}", parts.join(", ")), Val::Map(entries))
            }
            10 => {
                let a = self.rng.i32(-2..4);
                let b = self.rng.i32(-2..4);
                let sp = self.pick_str(&["", " "]);
                let vals = if a <= b {
                    (a..=b).map(|i| Val::Int(i128::from(i))).collect()
                } else {
                    (b..=a).rev().map(|i| Val::Int(i128::from(i))).collect()
                };
                (format!("[{sp}{a}..{b}{sp}]"), Val::List(vals))
            }
            _ => {
                let cond = self.cond(c, d + 1);
                (cond, Val::Any(Kind::Bool))
            }
        }
    }

    /// A `#foreach` source of bounded size: (source text, joined element value, max iterations).
    fn iterable(&mut self, c: Ctx) -> Option<(String, Val, u32)> {
        let max = (ITER_BUDGET / c.iters.max(1)).clamp(1, 6) as usize;
        match self.rng.u32(..10) {
            0..=2 => {
                let len = self.rng.usize(0..=max.min(5));
                let a = self.rng.i32(-1..3);
                let down = self.chance(0.2);
                let b = if down {
                    a - len as i32 + 1
                } else {
                    a + len as i32 - 1
                };
                let (a, b) = if len == 0 { (a, a) } else { (a, b) };
                // `[n..$k]` when a small known int is in scope.
                let small = self
                    .small_int_var(c)
                    .filter(|(_, k)| (0..=max as i128).contains(k));
                if let Some((name, k)) = small.filter(|_| self.chance(0.4)) {
                    let n = (1 - k).unsigned_abs() as u32 + 1;
                    return Some((format!("[1..${name}]"), Val::Any(Kind::Int), n));
                }
                Some((
                    format!("[{a}..{b}]"),
                    Val::Any(Kind::Int),
                    (a - b).unsigned_abs() + 1,
                ))
            }
            3 | 4 => {
                let n = self.rng.usize(0..=max.min(4));
                let mut parts = Vec::new();
                let mut vals = Vec::new();
                for _ in 0..n {
                    let (e, v) = self.simple_lit();
                    parts.push(e);
                    vals.push(v);
                }
                Some((format!("[{}]", parts.join(", ")), join_all(&vals), n as u32))
            }
            _ => {
                // A known collection reachable from the variables in scope.
                let mut cands: Vec<(String, Val, u32)> = Vec::new();
                for (v, local) in self.visible() {
                    if v.growing || v.block || (c.late && !local) {
                        continue;
                    }
                    collect_iterables(&format!("${}", v.name), &v.val, 0, max, &mut cands);
                }
                if cands.is_empty() {
                    if self.chance(0.3) {
                        let u = self.pick_str(UNDEFINED);
                        return Some((format!("${u}"), Val::Any(Kind::Any), 0));
                    }
                    return Some(("[1..2]".to_string(), Val::Any(Kind::Int), 2));
                }
                Some(cands[self.rng.usize(..cands.len())].clone())
            }
        }
    }

    fn small_int_var(&mut self, c: Ctx) -> Option<(String, i128)> {
        let cands: Vec<(String, i128)> = self
            .visible()
            .into_iter()
            .filter(|(v, local)| (*local || !c.late) && !v.growing)
            .filter_map(|(v, _)| match v.val {
                Val::Int(k) => Some((v.name, k)),
                _ => None,
            })
            .collect();
        if cands.is_empty() {
            None
        } else {
            Some(cands[self.rng.usize(..cands.len())].clone())
        }
    }

    /// A boolean condition.
    fn cond(&mut self, c: Ctx, d: u32) -> String {
        let deep = d < 2;
        match self.weighted(&[20, 8, 25, w(deep, 12), 3, w(c.loops > 0, 10), w(deep, 3)]) {
            0 => {
                let (p, _) = self.ref_path(c, Purpose::Expr);
                let q = if self.chance(0.05) { "!" } else { "" };
                format!("${q}{p}")
            }
            1 => {
                let (p, _) = self.ref_path(c, Purpose::Expr);
                match self.rng.u32(..3) {
                    0 => format!("!${p}"),
                    1 => format!("not ${p}"),
                    _ => format!("! ${p}"),
                }
            }
            2 => {
                let (a, _) = self.cmp_operand(c, d);
                let (b, _) = self.cmp_operand(c, d);
                let op = self.pick_str(&[
                    "==", "!=", "<", ">", "<=", ">=", "==", "eq", "ne", "lt", "gt", "le", "ge",
                ]);
                format!("{a} {op} {b}")
            }
            3 => {
                let a = self.cond(c, d + 1);
                let b = self.cond(c, d + 1);
                let op = self.pick_str(&["&&", "||", "and", "or", "&&", "||"]);
                if self.chance(0.4) {
                    format!("({a}) {op} {b}")
                } else {
                    format!("{a} {op} {b}")
                }
            }
            4 => self.pick_str(&["true", "false"]).to_string(),
            5 => self
                .pick_str(&[
                    "$foreach.hasNext",
                    "$foreach.first",
                    "$foreach.last",
                    "$velocityHasNext",
                    "$foreach.count > 1",
                    "$foreach.index % 2 == 0",
                    "$velocityCount == 2",
                    "!$foreach.last",
                ])
                .to_string(),
            _ => {
                let a = self.cond(c, d + 1);
                format!("!({a})")
            }
        }
    }

    fn cmp_operand(&mut self, c: Ctx, d: u32) -> (String, Val) {
        match self.rng.u32(..10) {
            0..=3 => {
                let (p, v) = self.ref_path(c, Purpose::Expr);
                (format!("${p}"), v)
            }
            4..=6 => self.num_lit(),
            7 => {
                let s = self.pick_str(STR_LITS);
                (self.quote(s), Val::Str(s.to_string()))
            }
            8 if d < 2 => self.arith(c, d + 1),
            _ => self.simple_lit(),
        }
    }
}

/// Collects `#foreach` sources (with at most `max` items) under a value.
fn collect_iterables(
    src: &str,
    v: &Val,
    depth: u32,
    max: usize,
    out: &mut Vec<(String, Val, u32)>,
) {
    match v {
        Val::List(items) if items.len() <= max => {
            out.push((src.to_string(), join_all(items), items.len() as u32));
            if depth < 1 {
                for (i, item) in items.iter().enumerate().take(2) {
                    collect_iterables(&format!("{src}[{i}]"), item, depth + 1, max, out);
                }
            }
        }
        Val::Map(entries) if entries.len() <= max => {
            let n = entries.len() as u32;
            let vals: Vec<Val> = entries.iter().map(|(_, v)| v.clone()).collect();
            let keys: Vec<Val> = entries.iter().map(|(k, _)| Val::Str(k.clone())).collect();
            out.push((src.to_string(), join_all(&vals), n));
            out.push((format!("{src}.keySet()"), join_all(&keys), n));
            out.push((format!("{src}.values()"), join_all(&vals), n));
            out.push((
                format!("{src}.entrySet()"),
                Val::Entry(Box::new(join_all(&vals))),
                n,
            ));
            if depth < 1 {
                for (k, item) in entries {
                    if is_ident(k) {
                        collect_iterables(&format!("{src}.{k}"), item, depth + 1, max, out);
                    }
                }
            }
        }
        Val::Str(s) => {
            let parts = java_split(s, ',');
            if parts.len() <= max && depth < 2 {
                let vals: Vec<Val> = parts.iter().map(|p| Val::Str(p.clone())).collect();
                out.push((
                    format!("{src}.split(',')"),
                    join_all(&vals),
                    parts.len() as u32,
                ));
            }
        }
        _ => {}
    }
}
