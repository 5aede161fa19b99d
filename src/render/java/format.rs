//! Java 17 `String.format(String, Object...)` (`java.util.Formatter`, locale en_US, zone UTC):
//! every conversion, flag, width, precision and argument index, with Java's exception texts.

// This is a port of the JDK 17 `Formatter`, not a printf: parsing follows its specifier regex
// and its check order, so the *first* exception Java would throw is the one reported (the
// whole format string is parsed before any argument is looked at). Floating-point conversions
// reproduce `FormattedFloatingDecimal`, which rounds the digits of FloatingDecimal's `dtoa` (the
// `Double.toString` digits) HALF_UP, not the exact binary value: `%.2f` of 1.005 is "1.01" and
// `%.1f` of 0.15 is "0.2" in Java, where C's printf gives "1.00" and "0.1".
//
// Deliberate differences a caller can observe:
// * `%t`/`%T` take `Long` epoch milliseconds in UTC (the zone of API Gateway and of the
//   reference JVM), with GregorianCalendar's Julian dates before 1582-10-15.
// * Java strings can hold a lone UTF-16 surrogate (`%c` of 0xD800, `%.1s` of "😀"); Rust
//   strings cannot, so it is written as `?`, the byte Java's own UTF-8 encoder emits for it.
// * `FormatArg::Other` carries only `toString()`, so IllegalFormatConversionException names its
//   class by guess ("[..." ArrayList, "{..." LinkedHashMap, else Object), and `%h` of it is
//   unsupported (its Java `hashCode` is unknown here).
// * A width or precision that would build more than `MAX_PADDING` chars returns a
//   `java.lang.OutOfMemoryError` instead of allocating gigabytes.

use num_bigint::{BigInt, Sign};
use num_traits::Signed;

use crate::render::java::number::java_double_to_string;

/// An argument of `String.format`, as the engine's values reach it.
#[derive(Clone, Debug, PartialEq)]
pub enum FormatArg {
    /// Java `null`.
    Null,
    /// `java.lang.Boolean`.
    Bool(bool),
    /// `java.lang.Integer`.
    Int(i32),
    /// `java.lang.Long`.
    Long(i64),
    /// `java.math.BigInteger`.
    BigInt(BigInt),
    /// `java.lang.Double`.
    Double(f64),
    /// `java.lang.String`.
    Str(String),
    /// `java.lang.Character`.
    Char(char),
    /// Any other object, by its `toString()` (a list "[1, 2]", a map "{a=1}", ...).
    Other(String),
}

impl FormatArg {
    /// `arg.getClass().getName()`, as IllegalFormatConversionException prints it.
    fn class_name(&self) -> &'static str {
        match self {
            // null never fails a conversion (every conversion prints "null" for it).
            FormatArg::Null => "null",
            FormatArg::Bool(_) => "java.lang.Boolean",
            FormatArg::Int(_) => "java.lang.Integer",
            FormatArg::Long(_) => "java.lang.Long",
            FormatArg::BigInt(_) => "java.math.BigInteger",
            FormatArg::Double(_) => "java.lang.Double",
            FormatArg::Str(_) => "java.lang.String",
            FormatArg::Char(_) => "java.lang.Character",
            // Only the text is known: guess the engine's list and map classes from it.
            FormatArg::Other(s) if s.starts_with('[') => "java.util.ArrayList",
            FormatArg::Other(s) if s.starts_with('{') => "java.util.LinkedHashMap",
            FormatArg::Other(_) => "java.lang.Object",
        }
    }

    /// `String.valueOf(arg)`.
    fn to_java_string(&self) -> String {
        match self {
            FormatArg::Null => "null".to_string(),
            FormatArg::Bool(b) => b.to_string(),
            FormatArg::Int(v) => v.to_string(),
            FormatArg::Long(v) => v.to_string(),
            FormatArg::BigInt(v) => v.to_string(),
            FormatArg::Double(v) => java_double_to_string(*v),
            FormatArg::Str(s) | FormatArg::Other(s) => s.clone(),
            FormatArg::Char(c) => c.to_string(),
        }
    }
}

/// Largest width or precision honoured; beyond it Java would build (or fail to build) a string
/// of that many chars, and we report an OutOfMemoryError instead.
pub const MAX_PADDING: i32 = 1 << 24;

/// What a lone UTF-16 surrogate is written as (see `string::LONE_SURROGATE_REPLACEMENT`).
const LONE_SURROGATE: char = '?';

/// Java 17 `String.format(format, args)`: the formatted string, or the text of the exception
/// Java throws (`"java.util.MissingFormatArgumentException: Format specifier '%s'"`).
pub fn java_format(format: &str, args: &[FormatArg]) -> Result<String, String> {
    // Java parses the whole format string first: a syntax error anywhere wins over a
    // missing or mismatched argument earlier in the string.
    let pieces = parse(format)?;
    let mut out = String::with_capacity(format.len() + 16 * args.len());
    // `last`: index of the last argument used (for `%<s`); `lasto`: last ordinary index.
    let mut last: i64 = -1;
    let mut lasto: i64 = -1;
    for piece in &pieces {
        let spec = match piece {
            Piece::Fixed(s) => {
                out.push_str(s);
                continue;
            }
            Piece::Spec(spec) => spec,
        };
        let arg = match spec.index {
            INDEX_TEXT => &FormatArg::Null,
            INDEX_RELATIVE => nth_arg(args, last).ok_or_else(|| missing_argument(spec))?,
            INDEX_ORDINARY => {
                lasto += 1;
                last = lasto;
                nth_arg(args, lasto).ok_or_else(|| missing_argument(spec))?
            }
            explicit => {
                last = i64::from(explicit) - 1;
                nth_arg(args, last).ok_or_else(|| missing_argument(spec))?
            }
        };
        spec.print(arg, &mut out)?;
    }
    Ok(out)
}

fn nth_arg(args: &[FormatArg], index: i64) -> Option<&FormatArg> {
    usize::try_from(index).ok().and_then(|i| args.get(i))
}

fn missing_argument(spec: &Spec) -> String {
    format!(
        "java.util.MissingFormatArgumentException: Format specifier '{}'",
        spec.java_to_string()
    )
}

// ---------------------------------------------------------------------------
// Exceptions (java.util.IllegalFormatException subclasses, Java 17 messages)
// ---------------------------------------------------------------------------

fn unknown_conversion(s: &str) -> String {
    format!("java.util.UnknownFormatConversionException: Conversion = '{s}'")
}

fn illegal_conversion(c: char, arg: &FormatArg) -> String {
    format!(
        "java.util.IllegalFormatConversionException: {c} != {}",
        arg.class_name()
    )
}

fn flags_mismatch(flag: u16, c: char) -> String {
    format!(
        "java.util.FormatFlagsConversionMismatchException: Conversion = {c}, Flags = {}",
        flags_to_string(flag)
    )
}

fn illegal_flags(flags: u16) -> String {
    format!(
        "java.util.IllegalFormatFlagsException: Flags = '{}'",
        flags_to_string(flags)
    )
}

fn illegal_precision(p: i32) -> String {
    format!("java.util.IllegalFormatPrecisionException: {p}")
}

fn illegal_width(w: i32) -> String {
    format!("java.util.IllegalFormatWidthException: {w}")
}

fn missing_width(spec: &Spec) -> String {
    format!(
        "java.util.MissingFormatWidthException: {}",
        spec.java_to_string()
    )
}

fn out_of_memory() -> String {
    "java.lang.OutOfMemoryError: Java heap space".to_string()
}

// ---------------------------------------------------------------------------
// Flags (same bits and `toString` order as Formatter.Flags)
// ---------------------------------------------------------------------------

const LEFT_JUSTIFY: u16 = 1 << 0;
/// Set internally for upper-case conversions (`%S`, `%X`, `%T`); prints as '^'.
const UPPERCASE: u16 = 1 << 1;
const ALTERNATE: u16 = 1 << 2;
const PLUS: u16 = 1 << 3;
const LEADING_SPACE: u16 = 1 << 4;
const ZERO_PAD: u16 = 1 << 5;
const GROUP: u16 = 1 << 6;
const PARENTHESES: u16 = 1 << 7;
const PREVIOUS: u16 = 1 << 8;

const FLAG_CHARS: [(u16, char); 9] = [
    (LEFT_JUSTIFY, '-'),
    (UPPERCASE, '^'),
    (ALTERNATE, '#'),
    (PLUS, '+'),
    (LEADING_SPACE, ' '),
    (ZERO_PAD, '0'),
    (GROUP, ','),
    (PARENTHESES, '('),
    (PREVIOUS, '<'),
];

fn flags_to_string(flags: u16) -> String {
    FLAG_CHARS
        .iter()
        .filter(|(bit, _)| flags & bit != 0)
        .map(|&(_, c)| c)
        .collect()
}

fn flag_of(c: u8) -> Option<u16> {
    match c {
        b'-' => Some(LEFT_JUSTIFY),
        b'#' => Some(ALTERNATE),
        b'+' => Some(PLUS),
        b' ' => Some(LEADING_SPACE),
        b'0' => Some(ZERO_PAD),
        b',' => Some(GROUP),
        b'(' => Some(PARENTHESES),
        b'<' => Some(PREVIOUS),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

/// `%n` and `%%`: they take no argument.
const INDEX_TEXT: i32 = -2;
/// `%<s`: the previous specifier's argument.
const INDEX_RELATIVE: i32 = -1;
/// `%s`: the next argument in order.
const INDEX_ORDINARY: i32 = 0;

enum Piece<'a> {
    Fixed(&'a str),
    Spec(Spec),
}

/// One `FormatSpecifier`: `conv` is lower-cased (with [`UPPERCASE`] set) unless `dt`, where it
/// is the date/time suffix letter as written.
struct Spec {
    index: i32,
    flags: u16,
    width: i32,
    precision: i32,
    dt: bool,
    conv: char,
}

fn is_valid_conversion(c: char) -> bool {
    matches!(
        c,
        'b' | 'B'
            | 's'
            | 'S'
            | 'h'
            | 'H'
            | 'c'
            | 'C'
            | 'd'
            | 'o'
            | 'x'
            | 'X'
            | 'e'
            | 'E'
            | 'g'
            | 'G'
            | 'f'
            | 'a'
            | 'A'
            | 'n'
            | '%'
    )
}

fn is_valid_date_time(c: char) -> bool {
    "HIklMNLQpsSTzZaAbBCdehjmyYrRcDF".contains(c)
}

/// `String.valueOf(s.charAt(i))` for the char starting there: a supplementary char's high
/// surrogate alone, which prints as `?`.
fn java_char_string(c: char) -> String {
    if u32::from(c) > 0xFFFF {
        LONE_SURROGATE.to_string()
    } else {
        c.to_string()
    }
}

/// `Formatter.parse`: fixed text and specifiers, or the first syntax exception.
fn parse(s: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut pieces = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let rest = s.get(i..).unwrap_or("");
        let Some(offset) = rest.find('%') else {
            pieces.push(Piece::Fixed(rest));
            break;
        };
        let n = i + offset;
        if offset > 0 {
            pieces.push(Piece::Fixed(rest.get(..offset).unwrap_or("")));
        }
        i = n + 1;
        let Some(c) = s.get(i..).and_then(|t| t.chars().next()) else {
            // A trailing '%'.
            return Err(unknown_conversion("%"));
        };
        if is_valid_conversion(c) {
            // Java's fast path: "%s", "%d", ... skip the regex and all checks.
            pieces.push(Piece::Spec(Spec::simple(c)));
            i += c.len_utf8();
        } else if let Some(m) = match_specifier(s.as_bytes(), n) {
            pieces.push(Piece::Spec(Spec::from_match(s, &m)?));
            i = m.end;
        } else {
            // No specifier at '%': Java names the char right after it.
            return Err(unknown_conversion(&java_char_string(c)));
        }
    }
    Ok(pieces)
}

/// Byte ranges of the groups of `%(\d+\$)?([-#+ 0,(\<]*)?(\d+)?(\.\d+)?([tT])?([a-zA-Z%])`.
struct SpecMatch {
    index: Option<(usize, usize)>,
    flags: (usize, usize),
    width: Option<(usize, usize)>,
    precision: Option<(usize, usize)>,
    time: Option<u8>,
    conv: u8,
    end: usize,
}

/// The specifier regex anchored at the '%' at `n`. The greedy first try is the only one that
/// can succeed (backtracking only moves '0's between flags and width, or digits into groups
/// that cannot take them), except for `[tT]?`, which may give its letter to the conversion.
fn match_specifier(b: &[u8], n: usize) -> Option<SpecMatch> {
    let digits_at = |p: usize| {
        b.get(p..)
            .map_or(0, |t| t.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    let is_conv = |c: u8| c.is_ascii_alphabetic() || c == b'%';
    let mut p = n + 1;
    let mut index = None;
    let d = digits_at(p);
    if d > 0 && b.get(p + d) == Some(&b'$') {
        index = Some((p, p + d));
        p += d + 1;
    }
    let flags_start = p;
    while b.get(p).copied().and_then(flag_of).is_some() {
        p += 1;
    }
    let flags = (flags_start, p);
    let mut width = None;
    let d = digits_at(p);
    if d > 0 {
        width = Some((p, p + d));
        p += d;
    }
    let mut precision = None;
    if b.get(p) == Some(&b'.') {
        let d = digits_at(p + 1);
        if d > 0 {
            precision = Some((p + 1, p + 1 + d));
            p += 1 + d;
        }
    }
    let c0 = *b.get(p)?;
    match b.get(p + 1) {
        Some(&c1) if (c0 == b't' || c0 == b'T') && is_conv(c1) => Some(SpecMatch {
            index,
            flags,
            width,
            precision,
            time: Some(c0),
            conv: c1,
            end: p + 2,
        }),
        _ if is_conv(c0) => Some(SpecMatch {
            index,
            flags,
            width,
            precision,
            time: None,
            conv: c0,
            end: p + 1,
        }),
        _ => None,
    }
}

/// `Integer.parseInt` of a run of ASCII digits: `None` when it overflows an int.
fn parse_java_int(s: &str, range: (usize, usize)) -> Option<i32> {
    let digits = s.get(range.0..range.1)?;
    digits.chars().try_fold(0i32, |acc, d| {
        acc.checked_mul(10)?.checked_add(d.to_digit(10)? as i32)
    })
}

impl Spec {
    /// `FormatSpecifier(char)`: the fast path for a bare conversion letter.
    fn simple(c: char) -> Spec {
        let upper = c.is_ascii_uppercase();
        Spec {
            index: if c == 'n' || c == '%' {
                INDEX_TEXT
            } else {
                INDEX_ORDINARY
            },
            flags: if upper { UPPERCASE } else { 0 },
            width: -1,
            precision: -1,
            dt: false,
            conv: c.to_ascii_lowercase(),
        }
    }

    /// `FormatSpecifier(String, Matcher)`: the groups are converted and checked in Java's
    /// order (index, flags, width, precision, conversion, then per-category checks).
    fn from_match(s: &str, m: &SpecMatch) -> Result<Spec, String> {
        let mut spec = Spec {
            index: INDEX_ORDINARY,
            flags: 0,
            width: -1,
            precision: -1,
            dt: false,
            conv: char::from(m.conv),
        };
        if let Some(range) = m.index {
            // The group includes the '$'.
            match parse_java_int(s, (range.0, range.1)) {
                Some(0) => {
                    return Err("java.util.IllegalFormatArgumentIndexException: \
                         Illegal format argument index = 0"
                        .to_string())
                }
                Some(v) => spec.index = v,
                None => {
                    return Err("java.util.IllegalFormatArgumentIndexException: \
                         Format argument index: (not representable as int)"
                        .to_string())
                }
            }
        }
        for &c in s.as_bytes().get(m.flags.0..m.flags.1).unwrap_or(&[]) {
            let Some(flag) = flag_of(c) else { continue };
            if spec.flags & flag != 0 {
                return Err(format!(
                    "java.util.DuplicateFormatFlagsException: Flags = '{}'",
                    flags_to_string(flag)
                ));
            }
            spec.flags |= flag;
        }
        if spec.flags & PREVIOUS != 0 {
            spec.index = INDEX_RELATIVE;
        }
        if let Some(range) = m.width {
            spec.width = parse_java_int(s, range).ok_or_else(|| illegal_width(i32::MIN))?;
        }
        if let Some(range) = m.precision {
            spec.precision = parse_java_int(s, range).ok_or_else(|| illegal_precision(i32::MIN))?;
        }
        if let Some(t) = m.time {
            spec.dt = true;
            if t == b'T' {
                spec.flags |= UPPERCASE;
            }
        } else {
            let c = spec.conv;
            if !is_valid_conversion(c) {
                return Err(unknown_conversion(&c.to_string()));
            }
            if c.is_ascii_uppercase() {
                spec.flags |= UPPERCASE;
                spec.conv = c.to_ascii_lowercase();
            }
            if c == 'n' || c == '%' {
                spec.index = INDEX_TEXT;
            }
        }
        if spec.dt {
            spec.check_date_time()?;
        } else {
            match spec.conv {
                'b' | 's' | 'h' => spec.check_general()?,
                'c' => spec.check_character()?,
                'd' | 'o' | 'x' => spec.check_integer()?,
                'e' | 'f' | 'g' | 'a' => spec.check_float()?,
                _ => spec.check_text()?,
            }
        }
        Ok(spec)
    }

    fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }

    /// `FormatSpecifier.toString()`: note Java puts the flags *before* the `n$` index, and
    /// shows an upper-case conversion by its letter rather than by '^'.
    fn java_to_string(&self) -> String {
        let mut sb = String::from("%");
        sb.push_str(&flags_to_string(self.flags & !UPPERCASE));
        if self.index > 0 {
            sb.push_str(&format!("{}$", self.index));
        }
        if self.width != -1 {
            sb.push_str(&self.width.to_string());
        }
        if self.precision != -1 {
            sb.push_str(&format!(".{}", self.precision));
        }
        let upper = self.has(UPPERCASE);
        if self.dt {
            sb.push(if upper { 'T' } else { 't' });
        }
        sb.push(if upper {
            self.conv.to_ascii_uppercase()
        } else {
            self.conv
        });
        sb
    }

    fn check_bad_flags(&self, bad: &[u16]) -> Result<(), String> {
        match bad.iter().find(|&&flag| self.has(flag)) {
            Some(&flag) => Err(flags_mismatch(flag, self.conv)),
            None => Ok(()),
        }
    }

    fn check_general(&self) -> Result<(), String> {
        if (self.conv == 'b' || self.conv == 'h') && self.has(ALTERNATE) {
            return Err(flags_mismatch(ALTERNATE, self.conv));
        }
        // '-' requires a width.
        if self.width == -1 && self.has(LEFT_JUSTIFY) {
            return Err(missing_width(self));
        }
        // '#' on %s is only rejected when printing (a Formattable argument may accept it).
        self.check_bad_flags(&[PLUS, LEADING_SPACE, ZERO_PAD, GROUP, PARENTHESES])
    }

    fn check_date_time(&self) -> Result<(), String> {
        if self.precision != -1 {
            return Err(illegal_precision(self.precision));
        }
        if !is_valid_date_time(self.conv) {
            return Err(unknown_conversion(&format!("t{}", self.conv)));
        }
        self.check_bad_flags(&[ALTERNATE, PLUS, LEADING_SPACE, ZERO_PAD, GROUP, PARENTHESES])?;
        if self.width == -1 && self.has(LEFT_JUSTIFY) {
            return Err(missing_width(self));
        }
        Ok(())
    }

    fn check_character(&self) -> Result<(), String> {
        if self.precision != -1 {
            return Err(illegal_precision(self.precision));
        }
        self.check_bad_flags(&[ALTERNATE, PLUS, LEADING_SPACE, ZERO_PAD, GROUP, PARENTHESES])?;
        if self.width == -1 && self.has(LEFT_JUSTIFY) {
            return Err(missing_width(self));
        }
        Ok(())
    }

    fn check_integer(&self) -> Result<(), String> {
        self.check_numeric()?;
        if self.precision != -1 {
            return Err(illegal_precision(self.precision));
        }
        if self.conv == 'd' {
            self.check_bad_flags(&[ALTERNATE])
        } else {
            // '+', ' ' and '(' on %o/%x are only rejected when printing a non-BigInteger.
            self.check_bad_flags(&[GROUP])
        }
    }

    fn check_float(&self) -> Result<(), String> {
        self.check_numeric()?;
        match self.conv {
            'a' => self.check_bad_flags(&[PARENTHESES, GROUP]),
            'e' => self.check_bad_flags(&[GROUP]),
            'g' => self.check_bad_flags(&[ALTERNATE]),
            _ => Ok(()),
        }
    }

    fn check_numeric(&self) -> Result<(), String> {
        // '-' and '0' require a width.
        if self.width == -1 && (self.has(LEFT_JUSTIFY) || self.has(ZERO_PAD)) {
            return Err(missing_width(self));
        }
        if (self.has(PLUS) && self.has(LEADING_SPACE))
            || (self.has(LEFT_JUSTIFY) && self.has(ZERO_PAD))
        {
            return Err(illegal_flags(self.flags));
        }
        Ok(())
    }

    fn check_text(&self) -> Result<(), String> {
        if self.precision != -1 {
            return Err(illegal_precision(self.precision));
        }
        if self.conv == '%' {
            if self.flags != LEFT_JUSTIFY && self.flags != 0 {
                return Err(illegal_flags(self.flags));
            }
            if self.width == -1 && self.has(LEFT_JUSTIFY) {
                return Err(missing_width(self));
            }
        } else {
            if self.width != -1 {
                return Err(illegal_width(self.width));
            }
            if self.flags != 0 {
                return Err(illegal_flags(self.flags));
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------

/// Number of UTF-16 units, Java's `length()`.
fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// `"0".repeat(n)` for Java's `trailingZeros` (a negative count appends nothing).
fn push_zeros(sb: &mut String, n: i64) {
    for _ in 0..n.max(0) {
        sb.push('0');
    }
}

impl Spec {
    fn print(&self, arg: &FormatArg, out: &mut String) -> Result<(), String> {
        if self.width > MAX_PADDING {
            return Err(out_of_memory());
        }
        if self.dt {
            return self.print_date_time(arg, out);
        }
        match self.conv {
            'd' | 'o' | 'x' => self.print_integer(arg, out),
            'e' | 'f' | 'g' | 'a' => self.print_float(arg, out),
            'c' => self.print_character(arg, out),
            'b' => {
                let s = match arg {
                    FormatArg::Null => "false",
                    FormatArg::Bool(false) => "false",
                    _ => "true",
                };
                self.print_str(s, out);
                Ok(())
            }
            's' => {
                // Not Formattable, so '#' is an error (even for null).
                if self.has(ALTERNATE) {
                    return Err(flags_mismatch(ALTERNATE, 's'));
                }
                self.print_str(&arg.to_java_string(), out);
                Ok(())
            }
            'h' => {
                let s = match arg {
                    FormatArg::Null => "null".to_string(),
                    _ => format!("{:x}", java_hash_code(arg)? as u32),
                };
                self.print_str(&s, out);
                Ok(())
            }
            'n' => {
                out.push('\n');
                Ok(())
            }
            _ => {
                self.print_str("%", out);
                Ok(())
            }
        }
    }

    /// `print(String)`: precision truncates (in UTF-16 units, before upper-casing), then
    /// upper-case and justify.
    fn print_str(&self, s: &str, out: &mut String) {
        let mut text = String::new();
        let s = if self.precision != -1 && (self.precision as usize) < utf16_len(s) {
            let mut units = 0;
            for c in s.chars() {
                let n = c.len_utf16();
                if units + n > self.precision as usize {
                    if units < self.precision as usize {
                        // `substring` cut a surrogate pair: its high half remains.
                        text.push(LONE_SURROGATE);
                    }
                    break;
                }
                units += n;
                text.push(c);
            }
            text.as_str()
        } else {
            s
        };
        if self.has(UPPERCASE) {
            // Java's `toUpperCase(Locale)` with full mappings ("ß" -> "SS"), as Rust's.
            self.append_justified(out, &s.to_uppercase());
        } else {
            self.append_justified(out, s);
        }
    }

    fn append_justified(&self, out: &mut String, s: &str) {
        if self.width == -1 {
            out.push_str(s);
            return;
        }
        let pad = (self.width as usize).saturating_sub(utf16_len(s));
        if self.has(LEFT_JUSTIFY) {
            out.push_str(s);
        }
        out.extend(std::iter::repeat_n(' ', pad));
        if !self.has(LEFT_JUSTIFY) {
            out.push_str(s);
        }
    }

    fn leading_sign(&self, sb: &mut String, neg: bool) {
        if !neg {
            if self.has(PLUS) {
                sb.push('+');
            } else if self.has(LEADING_SPACE) {
                sb.push(' ');
            }
        } else if self.has(PARENTHESES) {
            sb.push('(');
        } else {
            sb.push('-');
        }
    }

    fn trailing_sign(&self, sb: &mut String, neg: bool) {
        if neg && self.has(PARENTHESES) {
            sb.push(')');
        }
    }

    /// `adjustWidth`: the closing ')' takes one column from the zero padding.
    fn adjust_width(&self, width: i32, neg: bool) -> i32 {
        if width != -1 && neg && self.has(PARENTHESES) {
            width - 1
        } else {
            width
        }
    }

    /// `localizedMagnitude` for en_US: copies the digits of `value[offset..]`, inserting ','
    /// every three integer digits under the ',' flag, then zero-pads the whole of `sb` (sign
    /// included) to `width` by inserting zeros where this call started appending.
    fn localized_magnitude(&self, sb: &mut String, value: &str, offset: usize, width: i32) {
        let begin = sb.len();
        let digits = value.as_bytes();
        let len = digits.len();
        let dot = digits
            .iter()
            .skip(offset)
            .position(|&c| c == b'.')
            .map_or(len, |p| p + offset);
        let mut group = self.has(GROUP);
        for (j, &c) in digits.iter().enumerate().skip(offset) {
            if j == dot {
                sb.push('.');
                // No grouping after the decimal separator.
                group = false;
                continue;
            }
            sb.push(char::from(c));
            if group && j + 1 != dot && (dot - j) % 3 == 1 {
                sb.push(',');
            }
        }
        if self.has(ZERO_PAD) && width > 0 && width as usize > sb.len() {
            let zeros = "0".repeat(width as usize - sb.len());
            sb.insert_str(begin, &zeros);
        }
    }

    // --- %d %o %x -------------------------------------------------------------

    fn print_integer(&self, arg: &FormatArg, out: &mut String) -> Result<(), String> {
        match arg {
            FormatArg::Null => {
                self.print_str("null", out);
                Ok(())
            }
            // %o and %x show an int's two's complement in 32 bits, a long's in 64.
            FormatArg::Int(v) if *v < 0 && self.conv != 'd' => {
                self.print_long(i64::from(*v) + (1i64 << 32), out)
            }
            FormatArg::Int(v) => self.print_long(i64::from(*v), out),
            FormatArg::Long(v) => self.print_long(*v, out),
            FormatArg::BigInt(v) => {
                self.print_big_integer(v, out);
                Ok(())
            }
            _ => Err(illegal_conversion(self.conv, arg)),
        }
    }

    fn print_long(&self, value: i64, out: &mut String) -> Result<(), String> {
        let mut sb = String::new();
        if self.conv == 'd' {
            let neg = value < 0;
            self.leading_sign(&mut sb, neg);
            let text = value.to_string();
            let width = self.adjust_width(self.width, neg);
            self.localized_magnitude(&mut sb, &text, usize::from(neg), width);
            self.trailing_sign(&mut sb, neg);
        } else {
            // Signs make no sense for an unsigned radix: rejected only now, at print time.
            self.check_bad_flags(&[PARENTHESES, LEADING_SPACE, PLUS])?;
            let upper = self.has(UPPERCASE);
            let (mut s, prefix) = if self.conv == 'o' {
                (format!("{:o}", value as u64), "0")
            } else {
                (
                    format!("{:x}", value as u64),
                    if upper { "0X" } else { "0x" },
                )
            };
            let alternate = self.has(ALTERNATE);
            let len = s.len() + if alternate { prefix.len() } else { 0 };
            // The radix indicator goes before the zero padding.
            if alternate {
                sb.push_str(prefix);
            }
            if self.has(ZERO_PAD) {
                push_zeros(&mut sb, i64::from(self.width) - len as i64);
            }
            if upper {
                s = s.to_ascii_uppercase();
            }
            sb.push_str(&s);
        }
        self.append_justified(out, &sb);
        Ok(())
    }

    /// BigInteger prints sign and magnitude in every radix, so '+', ' ' and '(' work with
    /// %o and %x here (unlike for Integer and Long).
    fn print_big_integer(&self, value: &BigInt, out: &mut String) {
        let mut sb = String::new();
        let neg = value.is_negative();
        let v = value.abs();
        self.leading_sign(&mut sb, neg);
        if self.conv == 'd' {
            let width = self.adjust_width(self.width, neg);
            self.localized_magnitude(&mut sb, &v.to_string(), 0, width);
        } else {
            let upper = self.has(UPPERCASE);
            let (mut s, prefix) = if self.conv == 'o' {
                (v.to_str_radix(8), "0")
            } else {
                (v.to_str_radix(16), if upper { "0X" } else { "0x" })
            };
            let mut len = (s.len() + sb.len()) as i64;
            if neg && self.has(PARENTHESES) {
                len += 1;
            }
            if self.has(ALTERNATE) {
                len += prefix.len() as i64;
                sb.push_str(prefix);
            }
            if self.has(ZERO_PAD) {
                push_zeros(&mut sb, i64::from(self.width) - len);
            }
            if upper {
                s = s.to_ascii_uppercase();
            }
            sb.push_str(&s);
        }
        self.trailing_sign(&mut sb, neg);
        self.append_justified(out, &sb);
    }

    // --- %c ---------------------------------------------------------------------

    fn print_character(&self, arg: &FormatArg, out: &mut String) -> Result<(), String> {
        let s = match arg {
            FormatArg::Null => "null".to_string(),
            FormatArg::Char(c) => c.to_string(),
            // An Integer is a code point; surrogate code points are valid but unprintable.
            FormatArg::Int(i) => match u32::try_from(*i) {
                Ok(cp) if cp <= 0x10FFFF => {
                    char::from_u32(cp).unwrap_or(LONE_SURROGATE).to_string()
                }
                _ => {
                    return Err(format!(
                        "java.util.IllegalFormatCodePointException: Code point = 0x{:x}",
                        *i as u32
                    ))
                }
            },
            _ => return Err(illegal_conversion('c', arg)),
        };
        self.print_str(&s, out);
        Ok(())
    }

    // --- %e %f %g %a ------------------------------------------------------------

    fn print_float(&self, arg: &FormatArg, out: &mut String) -> Result<(), String> {
        match arg {
            FormatArg::Null => {
                self.print_str("null", out);
                Ok(())
            }
            // The precision pads with zeros only for finite values.
            FormatArg::Double(v) if v.is_finite() && self.precision > MAX_PADDING => {
                Err(out_of_memory())
            }
            FormatArg::Double(v) => {
                self.print_double(*v, out);
                Ok(())
            }
            // Integer, Long and BigInteger are not accepted by the float conversions.
            _ => Err(illegal_conversion(self.conv, arg)),
        }
    }

    fn print_double(&self, value: f64, out: &mut String) {
        let mut sb = String::new();
        let upper = self.has(UPPERCASE);
        // `Double.compare(value, 0.0) == -1`: true for -0.0 too, so "%.1f" of -0.0 is "-0.0".
        let neg = value < 0.0 || (value == 0.0 && value.is_sign_negative());
        if value.is_nan() {
            sb.push_str(if upper { "NAN" } else { "NaN" });
        } else {
            let v = value.abs();
            self.leading_sign(&mut sb, neg);
            if v.is_infinite() {
                // No zero padding for infinities: only space justification.
                sb.push_str(if upper { "INFINITY" } else { "Infinity" });
            } else {
                self.print_finite(&mut sb, v, neg);
            }
            self.trailing_sign(&mut sb, neg);
        }
        self.append_justified(out, &sb);
    }

    fn print_finite(&self, sb: &mut String, value: f64, neg: bool) {
        let upper = self.has(UPPERCASE);
        match self.conv {
            'e' => {
                let prec = if self.precision == -1 {
                    6
                } else {
                    self.precision
                };
                let fd = FormattedDecimal::new(value, prec, Form::Scientific);
                let mut mant = fd.mantissa;
                add_zeros(&mut mant, prec);
                // '#' with precision 0 keeps the decimal point.
                if self.has(ALTERNATE) && prec == 0 {
                    mant.push('.');
                }
                let exp = if value == 0.0 {
                    "+00".to_string()
                } else {
                    fd.exponent.unwrap_or_default()
                };
                let width = if self.width == -1 {
                    -1
                } else {
                    self.adjust_width(self.width - utf16_len(&exp) as i32 - 1, neg)
                };
                self.localized_magnitude(sb, &mant, 0, width);
                sb.push(if upper { 'E' } else { 'e' });
                sb.push_str(&exp);
            }
            'f' => {
                let prec = if self.precision == -1 {
                    6
                } else {
                    self.precision
                };
                let fd = FormattedDecimal::new(value, prec, Form::DecimalFloat);
                let mut mant = fd.mantissa;
                add_zeros(&mut mant, prec);
                if self.has(ALTERNATE) && prec == 0 {
                    mant.push('.');
                }
                let width = self.adjust_width(self.width, neg);
                self.localized_magnitude(sb, &mant, 0, width);
            }
            'g' => {
                let mut prec = match self.precision {
                    -1 => 6,
                    0 => 1,
                    p => p,
                };
                let (mut mant, exp) = if value == 0.0 {
                    // Zero is always plain: "0.00000" for the default precision.
                    prec -= 1;
                    ("0".to_string(), None)
                } else {
                    let fd = FormattedDecimal::new(value, prec, Form::General);
                    if fd.exponent.is_some() {
                        prec -= 1;
                    } else {
                        prec -= fd.exponent_rounded + 1;
                    }
                    (fd.mantissa, fd.exponent)
                };
                add_zeros(&mut mant, prec);
                let width = match (&exp, self.width) {
                    (_, -1) => -1,
                    (Some(e), w) => self.adjust_width(w - utf16_len(e) as i32 - 1, neg),
                    (None, w) => self.adjust_width(w, neg),
                };
                self.localized_magnitude(sb, &mant, 0, width);
                if let Some(e) = exp {
                    sb.push(if upper { 'E' } else { 'e' });
                    sb.push_str(&e);
                }
            }
            _ => self.print_hex_double(sb, value, neg),
        }
    }

    /// `%a`. The zero padding is computed before `addZeros` pads the digits to the precision,
    /// so a precision beyond the available digits overshoots the width (as in Java).
    fn print_hex_double(&self, sb: &mut String, value: f64, neg: bool) {
        let upper = self.has(UPPERCASE);
        let prec = match self.precision {
            // All the digits.
            -1 => 0,
            0 => 1,
            p => p,
        };
        let s = hex_double(value, prec);
        sb.push_str(if upper { "0X" } else { "0x" });
        if self.has(ZERO_PAD) {
            let leading = if self.has(LEADING_SPACE) || self.has(PLUS) || neg {
                3
            } else {
                2
            };
            push_zeros(sb, i64::from(self.width) - s.len() as i64 - leading);
        }
        let (mantissa, exponent) = s.split_once('p').unwrap_or((s.as_str(), ""));
        let mut va = if upper {
            mantissa.to_ascii_uppercase()
        } else {
            mantissa.to_string()
        };
        if prec != 0 {
            add_zeros(&mut va, prec);
        }
        sb.push_str(&va);
        sb.push(if upper { 'P' } else { 'p' });
        sb.push_str(exponent);
    }

    // --- %t %T (Long epoch milliseconds, UTC) -------------------------------------

    fn print_date_time(&self, arg: &FormatArg, out: &mut String) -> Result<(), String> {
        let millis = match arg {
            FormatArg::Null => {
                self.print_str("null", out);
                return Ok(());
            }
            FormatArg::Long(v) => *v,
            _ => return Err(illegal_conversion(self.conv, arg)),
        };
        let cal = Calendar::from_millis(millis);
        let mut sb = String::new();
        cal.print(&mut sb, self.conv);
        if self.has(UPPERCASE) {
            sb = sb.to_uppercase();
        }
        self.append_justified(out, &sb);
        Ok(())
    }
}

/// `Formatter.addZeros`: pad the digits after the '.' (adding one if needed) to `prec`.
fn add_zeros(sb: &mut String, prec: i32) {
    let len = sb.len();
    let dot = sb.find('.');
    let out_prec = dot.map_or(0, |i| len - i - 1) as i64;
    if out_prec == i64::from(prec) {
        return;
    }
    if dot.is_none() {
        sb.push('.');
    }
    push_zeros(sb, i64::from(prec) - out_prec);
}

/// `hashCode()` of the argument, for `%h`.
fn java_hash_code(arg: &FormatArg) -> Result<i32, String> {
    let long_hash = |v: u64| (v ^ (v >> 32)) as i32;
    Ok(match arg {
        FormatArg::Null => 0,
        FormatArg::Bool(b) => {
            if *b {
                1231
            } else {
                1237
            }
        }
        FormatArg::Int(v) => *v,
        FormatArg::Long(v) => long_hash(*v as u64),
        // `doubleToLongBits` collapses every NaN to the canonical one.
        FormatArg::Double(v) if v.is_nan() => long_hash(0x7ff8_0000_0000_0000),
        FormatArg::Double(v) => long_hash(v.to_bits()),
        FormatArg::Str(s) => s
            .encode_utf16()
            .fold(0i32, |h, u| h.wrapping_mul(31).wrapping_add(i32::from(u))),
        FormatArg::Char(c) => u32::from(*c) as i32,
        // BigInteger: 31-polynomial over the big-endian 32-bit words of the magnitude,
        // times the signum.
        FormatArg::BigInt(v) => {
            let (sign, words) = v.to_u32_digits();
            let h = words
                .iter()
                .rev()
                .fold(0i32, |h, &w| h.wrapping_mul(31).wrapping_add(w as i32));
            match sign {
                Sign::Minus => h.wrapping_neg(),
                Sign::NoSign => 0,
                Sign::Plus => h,
            }
        }
        FormatArg::Other(_) => {
            return Err("unsupported: %h of an object whose hashCode is unknown".to_string())
        }
    })
}

// ---------------------------------------------------------------------------
// Double.toHexString and Formatter.hexDouble
// ---------------------------------------------------------------------------

const SIGNIF_WIDTH: i32 = 53;
const EXP_MASK: u64 = 0x7ff0_0000_0000_0000;
const SIGNIF_MASK: u64 = 0x000f_ffff_ffff_ffff;

/// `Double.toHexString(d).substring(2)` for a non-negative finite `d`: "1.8p1", "0.0p0",
/// "0.0000000000001p-1022".
fn to_hex_string(d: f64) -> String {
    if d == 0.0 {
        return "0.0p0".to_string();
    }
    let bits = d.to_bits();
    let subnormal = d < f64::MIN_POSITIVE;
    let signif = format!("{:013x}", bits & SIGNIF_MASK);
    // Trailing zeros are dropped, but at least one digit remains.
    let trimmed = signif.trim_end_matches('0');
    let digits = if trimmed.is_empty() { "0" } else { trimmed };
    let exponent = if subnormal {
        -1022
    } else {
        ((bits & EXP_MASK) >> 52) as i32 - 1023
    };
    format!(
        "{}.{}p{}",
        if subnormal { '0' } else { '1' },
        digits,
        exponent
    )
}

/// `Formatter.hexDouble(d, prec)` for `d >= 0`: round the significand to `prec` hex digits
/// (round half even on the bits), subnormals being normalised first.
fn hex_double(d: f64, prec: i32) -> String {
    if d == 0.0 || prec == 0 || prec >= 13 {
        return to_hex_string(d);
    }
    let mut d = d;
    let subnormal = d < f64::MIN_POSITIVE;
    if subnormal {
        // Exact: scaling by a power of two.
        d *= 2f64.powi(54);
    }
    let shift = SIGNIF_WIDTH - (1 + prec * 4);
    let doppel = d.to_bits();
    let mut new_signif = (doppel & (EXP_MASK | SIGNIF_MASK)) >> shift;
    let rounding_bits = doppel & !(!0u64 << shift);
    let least_zero = new_signif & 1 == 0;
    let round = (1u64 << (shift - 1)) & rounding_bits != 0;
    let sticky = shift > 1 && (!(1u64 << (shift - 1)) & rounding_bits) != 0;
    // Round half to even on the dropped bits.
    if round && (sticky || !least_zero) {
        new_signif += 1;
    }
    let result = f64::from_bits(new_signif << shift);
    if result.is_infinite() {
        // Rounded up past Double.MAX_VALUE.
        return "1.0p1024".to_string();
    }
    let res = to_hex_string(result);
    if !subnormal {
        return res;
    }
    match res.split_once('p') {
        Some((m, e)) => format!("{m}p{}", e.parse::<i32>().unwrap_or(0) - 54),
        None => res,
    }
}

// ---------------------------------------------------------------------------
// FormattedFloatingDecimal (jdk.internal.math), over FloatingDecimal's dtoa digits
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Form {
    Scientific,
    DecimalFloat,
    General,
}

/// `FormattedFloatingDecimal.valueOf(value, precision, form)` for a finite `value >= 0`.
struct FormattedDecimal {
    mantissa: String,
    /// Sign and at least two digits ("+05", "-123"); `None` for plain notation.
    exponent: Option<String>,
    /// `getExponentRounded()`: the decimal exponent after rounding, minus one.
    exponent_rounded: i32,
}

impl FormattedDecimal {
    fn new(value: f64, precision: i32, form: Form) -> FormattedDecimal {
        let (mut digits, dec_exp) = super::number::formatter_digits(value);
        let mut fd = FormattedDecimal {
            mantissa: String::new(),
            exponent: None,
            exponent_rounded: 0,
        };
        let exp;
        match form {
            Form::DecimalFloat => {
                exp = apply_precision(dec_exp, &mut digits, dec_exp.saturating_add(precision));
                fd.fill_decimal(precision, &digits, exp);
            }
            Form::Scientific => {
                exp = apply_precision(dec_exp, &mut digits, precision.saturating_add(1));
                fd.fill_scientific(precision, &digits, exp);
            }
            Form::General => {
                exp = apply_precision(dec_exp, &mut digits, precision);
                // The exponent printed is exp - 1: scientific unless 10^-4 <= x < 10^precision.
                if exp < -3 || exp > precision {
                    fd.fill_scientific(precision - 1, &digits, exp);
                } else {
                    fd.fill_decimal(precision - exp, &digits, exp);
                }
            }
        }
        fd.exponent_rounded = exp - 1;
        fd
    }

    /// `fillDecimal`: plain notation with at most `precision` digits after the point (the
    /// Formatter adds the '.' and trailing zeros itself).
    fn fill_decimal(&mut self, precision: i32, digits: &[u8], exp: i32) {
        let n = digits.len() as i64;
        let exp = i64::from(exp);
        let precision = i64::from(precision);
        let slice = |from: i64, to: i64| -> String {
            let from = from.clamp(0, n) as usize;
            let to = to.clamp(0, n) as usize;
            digits
                .get(from..to.max(from))
                .map(|d| String::from_utf8_lossy(d).into_owned())
                .unwrap_or_default()
        };
        let mut m = String::new();
        if exp > 0 {
            if n < exp {
                m.push_str(&slice(0, n));
                push_zeros(&mut m, exp - n);
            } else {
                let t = (n - exp).min(precision);
                m.push_str(&slice(0, exp));
                if t > 0 {
                    m.push('.');
                    m.push_str(&slice(exp, exp + t));
                }
            }
        } else {
            let zeros = (-exp).min(precision).max(0);
            let t = n.min(precision + exp).max(0);
            if zeros > 0 || t > 0 {
                m.push_str("0.");
                push_zeros(&mut m, zeros);
                m.push_str(&slice(0, t));
            } else {
                m.push('0');
            }
        }
        self.mantissa = m;
    }

    /// `fillScientific`: d.ddd with at most `precision` fraction digits, exponent of at least
    /// two digits.
    fn fill_scientific(&mut self, precision: i32, digits: &[u8], exp: i32) {
        let n = digits.len() as i32;
        let t = (n - 1).min(precision).max(0) as usize;
        let mut m = String::new();
        m.push(char::from(digits.first().copied().unwrap_or(b'0')));
        if t > 0 {
            m.push('.');
            for &d in digits.iter().skip(1).take(t) {
                m.push(char::from(d));
            }
        }
        self.mantissa = m;
        let (sign, e) = if exp <= 0 {
            ('-', -i64::from(exp) + 1)
        } else {
            ('+', i64::from(exp) - 1)
        };
        self.exponent = Some(format!("{sign}{e:02}"));
    }
}

/// `FormattedFloatingDecimal.applyPrecision`: round the digit buffer HALF_UP to `prec` digits
/// in place (keeping its length, zero-filled) and return the possibly incremented exponent.
fn apply_precision(dec_exp: i32, digits: &mut [u8], prec: i32) -> i32 {
    let n = digits.len();
    let Ok(prec) = usize::try_from(prec) else {
        // A negative digit count: no rounding at all, so %.0f of 0.05 is "0".
        return dec_exp;
    };
    if prec >= n {
        return dec_exp;
    }
    if prec == 0 {
        // Every significant digit is dropped: the result is 0 or one unit of the next place.
        let round_up = digits.first().is_some_and(|&d| d >= b'5');
        digits.fill(b'0');
        if round_up {
            if let Some(first) = digits.first_mut() {
                *first = b'1';
            }
            return dec_exp + 1;
        }
        return dec_exp;
    }
    if digits.get(prec).is_some_and(|&q| q >= b'5') {
        let mut i = prec;
        loop {
            if i == 0 {
                // Carry out of the first digit: "1000...", one more decimal place.
                digits.fill(b'0');
                if let Some(first) = digits.first_mut() {
                    *first = b'1';
                }
                return dec_exp + 1;
            }
            i -= 1;
            match digits.get_mut(i) {
                Some(d) if *d == b'9' => continue,
                Some(d) => {
                    *d += 1;
                    break;
                }
                None => break,
            }
        }
        if let Some(rest) = digits.get_mut(i + 1..) {
            rest.fill(b'0');
        }
    } else if let Some(rest) = digits.get_mut(prec..) {
        rest.fill(b'0');
    }
    dec_exp
}

// Formatter's digits come from `number::formatter_digits`: the `Double.toString` routine with
// `isCompatibleFormat == false`, which never stops after the first digit. The JDK 17 quirks that
// keep more digits than the shortest form (1e23 -> 9999999999999999e7) are shared, which is why
// "%.0f" of 1e23 is "99999999999999990000000".

// ---------------------------------------------------------------------------
// Date/time (%t) for epoch milliseconds: java.util.GregorianCalendar in UTC
// ---------------------------------------------------------------------------

/// Milliseconds of the Gregorian cutover (1582-10-15): earlier instants are Julian dates.
const GREGORIAN_CUTOVER_MILLIS: i64 = -12_219_292_800_000;
const MILLIS_PER_DAY: i64 = 86_400_000;

const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The `Calendar` fields Formatter reads.
struct Calendar {
    millis: i64,
    /// `Calendar.YEAR`: the year of the era (1 BC is 1, 2 BC is 2, ...).
    year: i64,
    /// 1..=12.
    month: i64,
    day: i64,
    day_of_year: i64,
    /// 0 = Sunday.
    weekday: usize,
    hour: i64,
    minute: i64,
    second: i64,
    milli: i64,
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_gregorian(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Proleptic Gregorian (year, month, day) of days since 1970-01-01.
fn gregorian_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Days since 1970-01-01 of a proleptic Julian date.
fn days_from_julian(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    // 1970-01-01 Gregorian is 1969-12-19 Julian; day 0 of this count is 0000-03-01 Julian.
    y * 365 + y.div_euclid(4) + doy - 719_470
}

/// Proleptic Julian (year, month, day) of days since 1970-01-01.
fn julian_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_470;
    let cycle = z.div_euclid(1461);
    let doc = z - cycle * 1461;
    let yoc = (doc - doc / 1460) / 365;
    let doy = doc - 365 * yoc;
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = cycle * 4 + yoc + i64::from(m <= 2);
    (y, m, d)
}

impl Calendar {
    fn from_millis(millis: i64) -> Calendar {
        let days = millis.div_euclid(MILLIS_PER_DAY);
        let ms = millis.rem_euclid(MILLIS_PER_DAY);
        let (y, month, day) = if millis >= GREGORIAN_CUTOVER_MILLIS {
            gregorian_from_days(days)
        } else {
            julian_from_days(days)
        };
        // January 1st is Julian up to the cutover year 1582, Gregorian after it.
        let jan1 = if y > 1582 {
            days_from_gregorian(y, 1, 1)
        } else {
            days_from_julian(y, 1, 1)
        };
        Calendar {
            millis,
            year: if y <= 0 { 1 - y } else { y },
            month,
            day,
            day_of_year: days - jan1 + 1,
            weekday: (days + 4).rem_euclid(7) as usize,
            hour: ms / 3_600_000,
            minute: ms / 60_000 % 60,
            second: ms / 1000 % 60,
            milli: ms % 1000,
        }
    }

    fn hour12(&self) -> i64 {
        if self.hour == 0 || self.hour == 12 {
            12
        } else {
            self.hour % 12
        }
    }

    /// `Formatter.print(StringBuilder, Calendar, char, Locale)` for en_US and UTC.
    fn print(&self, sb: &mut String, c: char) {
        let month_name = MONTHS
            .get((self.month - 1).clamp(0, 11) as usize)
            .copied()
            .unwrap_or("");
        let weekday_name = WEEKDAYS.get(self.weekday).copied().unwrap_or("");
        match c {
            'H' => sb.push_str(&format!("{:02}", self.hour)),
            'I' => sb.push_str(&format!("{:02}", self.hour12())),
            'k' => sb.push_str(&self.hour.to_string()),
            'l' => sb.push_str(&self.hour12().to_string()),
            'M' => sb.push_str(&format!("{:02}", self.minute)),
            'N' => sb.push_str(&format!("{:09}", self.milli * 1_000_000)),
            'L' => sb.push_str(&format!("{:03}", self.milli)),
            'Q' => sb.push_str(&self.millis.to_string()),
            'p' => sb.push_str(if self.hour < 12 { "am" } else { "pm" }),
            // Java's long division truncates towards zero.
            's' => sb.push_str(&(self.millis / 1000).to_string()),
            'S' => sb.push_str(&format!("{:02}", self.second)),
            'z' => sb.push_str("+0000"),
            'Z' => sb.push_str("UTC"),
            'a' => sb.push_str(weekday_name.get(..3).unwrap_or(weekday_name)),
            'A' => sb.push_str(weekday_name),
            'b' | 'h' => sb.push_str(month_name.get(..3).unwrap_or(month_name)),
            'B' => sb.push_str(month_name),
            'C' => sb.push_str(&format!("{:02}", self.year / 100)),
            'y' => sb.push_str(&format!("{:02}", self.year % 100)),
            'Y' => sb.push_str(&format!("{:04}", self.year)),
            'd' => sb.push_str(&format!("{:02}", self.day)),
            'e' => sb.push_str(&self.day.to_string()),
            'j' => sb.push_str(&format!("{:03}", self.day_of_year)),
            'm' => sb.push_str(&format!("{:02}", self.month)),
            'T' => {
                self.print(sb, 'H');
                sb.push(':');
                self.print(sb, 'M');
                sb.push(':');
                self.print(sb, 'S');
            }
            'R' => {
                self.print(sb, 'H');
                sb.push(':');
                self.print(sb, 'M');
            }
            'r' => {
                self.print(sb, 'I');
                sb.push(':');
                self.print(sb, 'M');
                sb.push(':');
                self.print(sb, 'S');
                sb.push(' ');
                sb.push_str(if self.hour < 12 { "AM" } else { "PM" });
            }
            'c' => {
                for (i, part) in ['a', 'b', 'd', 'T', 'Z', 'Y'].into_iter().enumerate() {
                    if i > 0 {
                        sb.push(' ');
                    }
                    self.print(sb, part);
                }
            }
            'D' => {
                self.print(sb, 'm');
                sb.push('/');
                self.print(sb, 'd');
                sb.push('/');
                self.print(sb, 'y');
            }
            _ => {
                // 'F': ISO date.
                self.print(sb, 'Y');
                sb.push('-');
                self.print(sb, 'm');
                sb.push('-');
                self.print(sb, 'd');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! Every expected value below was produced by real Java: `String.format(format, args)`
    //! on OpenJDK 17.0.15 (default locale en, time zone UTC), through a harness that printed
    //! the result or `exception.toString()` (lone surrogates encoded as UTF-8 '?'). They are
    //! the hand-picked edge cases of a larger differential run against the same JVM.
    use super::*;

    fn d(v: f64) -> FormatArg {
        FormatArg::Double(v)
    }
    fn s(v: &str) -> FormatArg {
        FormatArg::Str(v.to_string())
    }
    fn other(v: &str) -> FormatArg {
        FormatArg::Other(v.to_string())
    }
    fn big(v: &str) -> FormatArg {
        FormatArg::BigInt(v.parse().unwrap_or_default())
    }
    #[track_caller]
    fn ok(format: &str, args: &[FormatArg], expected: &str) {
        assert_eq!(
            java_format(format, args),
            Ok(expected.to_string()),
            "{format:?}"
        );
    }
    #[track_caller]
    fn err(format: &str, args: &[FormatArg], expected: &str) {
        assert_eq!(
            java_format(format, args),
            Err(expected.to_string()),
            "{format:?}"
        );
    }

    #[test]
    fn strings_and_text() {
        ok("%s", &[s("hi")], "hi");
        ok("%S", &[s("straße")], "STRASSE");
        ok("%5s|%-5s|", &[s("ab"), s("cd")], "   ab|cd   |");
        ok("%.2s", &[s("hello")], "he");
        ok("%.1s", &[s("😀x")], "?");
        ok("%3s", &[s("😀")], " 😀");
        ok("%s", &[FormatArg::Null], "null");
        ok("%S", &[FormatArg::Null], "NULL");
        ok("%s", &[d(10000000.0)], "1.0E7");
        ok("%s", &[d(-0.0)], "-0.0");
        ok(
            "%s %s %s",
            &[
                FormatArg::Bool(true),
                FormatArg::Int(-5),
                big("123456789012345678901234567890"),
            ],
            "true -5 123456789012345678901234567890",
        );
        ok("%s", &[other("[1, 2]")], "[1, 2]");
        ok("%s", &[other("{a=1, b=2}")], "{a=1, b=2}");
        ok("%n%%%5%%-5%|", &[], "\n%    %%    |");
        ok("", &[], "");
        ok("plain é text", &[], "plain é text");
        ok("%5.3S|", &[s("straße")], "  STR|");
        ok("%S", &[s("ǰ")], "J̌");
        ok("%S", &[FormatArg::Char('\u{130}')], "İ");
        ok("%s", &[s("tab\there")], "tab\there");
    }

    #[test]
    fn integers() {
        ok("%d", &[FormatArg::Int(-42)], "-42");
        ok(
            "%,d",
            &[FormatArg::Long(i64::MIN)],
            "-9,223,372,036,854,775,808",
        );
        ok("%(,d", &[FormatArg::Int(-1234567)], "(1,234,567)");
        ok("%0,15d", &[FormatArg::Int(1234567)], "0000001,234,567");
        ok("%+d % d", &[FormatArg::Int(5), FormatArg::Int(5)], "+5  5");
        ok("%(010d", &[FormatArg::Int(-42)], "(00000042)");
        ok(
            "%x %X %o",
            &[FormatArg::Int(-1), FormatArg::Int(255), FormatArg::Int(-8)],
            "ffffffff FF 37777777770",
        );
        ok("%x", &[FormatArg::Long(-1)], "ffffffffffffffff");
        ok("%#o %#x", &[FormatArg::Int(0), FormatArg::Int(0)], "00 0x0");
        ok("%#010x", &[FormatArg::Int(255)], "0x000000ff");
        ok("%(#x", &[big("-255")], "(0xff)");
        ok("%+08o", &[big("-8")], "-0000010");
        ok("% X", &[big("3054")], " BEE");
        ok(
            "%d",
            &[big("-123456789012345678901234567890")],
            "-123456789012345678901234567890",
        );
        ok(
            "%,d",
            &[big("1234567890123456789")],
            "1,234,567,890,123,456,789",
        );
        err(
            "%d",
            &[d(1.5)],
            "java.util.IllegalFormatConversionException: d != java.lang.Double",
        );
        err(
            "%d",
            &[s("1")],
            "java.util.IllegalFormatConversionException: d != java.lang.String",
        );
        err(
            "%x",
            &[d(1.0)],
            "java.util.IllegalFormatConversionException: x != java.lang.Double",
        );
        err(
            "%d",
            &[other("[1]")],
            "java.util.IllegalFormatConversionException: d != java.util.ArrayList",
        );
        err(
            "%d",
            &[other("{a=1}")],
            "java.util.IllegalFormatConversionException: d != java.util.LinkedHashMap",
        );
        err(
            "%d %s",
            &[s("x")],
            "java.util.IllegalFormatConversionException: d != java.lang.String",
        );
    }

    #[test]
    fn floats() {
        err(
            "%f",
            &[FormatArg::Int(1)],
            "java.util.IllegalFormatConversionException: f != java.lang.Integer",
        );
        err(
            "%e",
            &[big("1")],
            "java.util.IllegalFormatConversionException: e != java.math.BigInteger",
        );
        ok("%.2f", &[d(0.125)], "0.13");
        ok("%.1f", &[d(0.05)], "0.1");
        ok("%.2f", &[d(1.005)], "1.01");
        ok("%.1f", &[d(0.15)], "0.2");
        ok("%.0f", &[d(0.5)], "1");
        ok("%.0f", &[d(2.5)], "3");
        ok("%.0f", &[d(0.05)], "0");
        ok("%f", &[d(-0.0)], "-0.000000");
        ok("%.3f", &[d(1e-10)], "0.000");
        ok("%.0f", &[d(1e+23)], "99999999999999990000000");
        ok("%f", &[d(f64::MAX)], "179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000.000000");
        ok("%,.2f", &[d(1234567.891)], "1,234,567.89");
        ok("%(,.2f", &[d(-1234567.891)], "(1,234,567.89)");
        ok("%010.2f", &[d(-3.14659)], "-000003.15");
        ok("%#.0f", &[d(3.0)], "3.");
        ok("%e", &[d(0.0)], "0.000000e+00");
        ok("%.3e", &[d(123456.789)], "1.235e+05");
        ok("%E", &[d(-1e-300)], "-1.000000E-300");
        ok("%.0e", &[d(9.5)], "1e+01");
        ok("%#.0e", &[d(9.5)], "1.e+01");
        ok("%012.3e", &[d(-1.5)], "-001.500e+00");
        ok("%g", &[d(0.0)], "0.00000");
        ok("%g", &[d(123456.0)], "123456");
        ok("%g", &[d(1234567.0)], "1.23457e+06");
        ok("%g", &[d(0.0001)], "0.000100000");
        ok("%g", &[d(9.999e-05)], "9.99900e-05");
        ok("%.3G", &[d(1e-05)], "1.00E-05");
        ok("%,g", &[d(123456.0)], "123,456");
        ok("%.0g", &[d(0.5)], "0.5");
        ok("%g", &[d(999999.5)], "1.00000e+06");
        ok("%a", &[d(1.0)], "0x1.0p0");
        ok("%A", &[d(-255.5)], "-0X1.FFP7");
        ok("%.2a", &[d(1.999)], "0x1.00p1");
        ok("%a", &[d(f64::from_bits(1))], "0x0.0000000000001p-1022");
        ok("%.1a", &[d(f64::from_bits(1))], "0x1.0p-1074");
        ok("%.1a", &[d(f64::MAX)], "0x1.0p1024");
        ok("%010a", &[d(-1.5)], "-0x001.8p0");
        ok("%.15a", &[d(0.1)], "0x1.999999999999a00p-4");
        ok("%a", &[d(0.0)], "0x0.0p0");
        ok(
            "%f %e %g %a",
            &[d(f64::NAN), d(f64::NAN), d(f64::NAN), d(f64::NAN)],
            "NaN NaN NaN NaN",
        );
        ok(
            "%010f|%(f|%+e",
            &[d(f64::INFINITY), d(f64::NEG_INFINITY), d(f64::INFINITY)],
            "  Infinity|(Infinity)|+Infinity",
        );
        ok("%E", &[d(f64::NEG_INFINITY)], "-INFINITY");
        ok("%.3f", &[d(0.0005)], "0.001");
        ok("%.3f", &[d(0.0004999)], "0.000");
        ok("%.1f", &[d(0.95)], "1.0");
        ok("%.1f", &[d(9.95)], "10.0");
        ok("%.2e", &[d(9.995)], "1.00e+01");
        ok("%.17f", &[d(0.1)], "0.10000000000000000");
        ok(
            "%.20e",
            &[d(0.3333333333333333)],
            "3.33333333333333300000e-01",
        );
    }

    #[test]
    fn chars_booleans_hashes() {
        ok(
            "%c%c%C",
            &[
                FormatArg::Char('\u{61}'),
                FormatArg::Int(128512),
                FormatArg::Char('\u{df}'),
            ],
            "a😀SS",
        );
        ok("%c", &[FormatArg::Int(55296)], "?");
        err(
            "%c",
            &[FormatArg::Int(1114112)],
            "java.util.IllegalFormatCodePointException: Code point = 0x110000",
        );
        err(
            "%c",
            &[FormatArg::Int(-1)],
            "java.util.IllegalFormatCodePointException: Code point = 0xffffffff",
        );
        err(
            "%c",
            &[s("a")],
            "java.util.IllegalFormatConversionException: c != java.lang.String",
        );
        err(
            "%c",
            &[FormatArg::Long(65)],
            "java.util.IllegalFormatConversionException: c != java.lang.Long",
        );
        ok("%-3c|", &[FormatArg::Char('\u{7a}')], "z  |");
        ok(
            "%b %b %b %B",
            &[
                FormatArg::Null,
                FormatArg::Bool(false),
                s("false"),
                FormatArg::Int(0),
            ],
            "false false true TRUE",
        );
        ok("%.2b", &[FormatArg::Bool(true)], "tr");
        ok("%5b", &[FormatArg::Null], "false");
        ok(
            "%h %h %h %h",
            &[s("hello"), FormatArg::Int(-1), FormatArg::Long(-1), d(1.5)],
            "5e918d2 ffffffff 0 3ff80000",
        );
        ok(
            "%h %H %h %h",
            &[
                FormatArg::Bool(true),
                big("-123456789012345678901"),
                FormatArg::Char('\u{41}'),
                FormatArg::Null,
            ],
            "4cf 58442CA6 41 null",
        );
        ok("%h", &[d(f64::NAN)], "7ff80000");
    }

    #[test]
    fn argument_indexes() {
        err(
            "%s %s",
            &[s("a")],
            "java.util.MissingFormatArgumentException: Format specifier '%s'",
        );
        err(
            "%<s",
            &[s("a")],
            "java.util.MissingFormatArgumentException: Format specifier '%<s'",
        );
        err(
            "%n%<s",
            &[s("a")],
            "java.util.MissingFormatArgumentException: Format specifier '%<s'",
        );
        ok("%s%<s%<S", &[s("a")], "aaA");
        ok("%2$s %s %<s %s", &[s("a"), s("b")], "b a a b");
        err(
            "%3$s",
            &[s("a")],
            "java.util.MissingFormatArgumentException: Format specifier '%3$s'",
        );
        err(
            "%1$<s %s",
            &[s("a")],
            "java.util.MissingFormatArgumentException: Format specifier '%<s'",
        );
        ok("%2$s%1$s%s%s", &[s("a"), s("b")], "baab");
        err(
            "%s %3$d",
            &[s("a"), s("b")],
            "java.util.MissingFormatArgumentException: Format specifier '%3$d'",
        );
        ok(
            "%tY-%<tm-%<td %<tH:%<tM:%<tS.%<tL",
            &[FormatArg::Long(1700000000123)],
            "2023-11-14 22:13:20.123",
        );
        ok(
            "%tF %<tT %<tj",
            &[FormatArg::Long(-12219292800001)],
            "1582-10-04 23:59:59 277",
        );
        ok(
            "%tF %<tj %<tA",
            &[FormatArg::Long(-12219292800000)],
            "1582-10-15 278 Friday",
        );
        ok(
            "%tY %<tC %<ty",
            &[FormatArg::Long(-62198755200000)],
            "0002 00 02",
        );
        ok(
            "%ts %<tQ %<tN %<tz %<tZ",
            &[FormatArg::Long(-1500)],
            "-1 -1500 500000000 +0000 UTC",
        );
        ok(
            "%tr %<tR %<tD %<tp %<Tp %<tk %<tl %<tI %<te %<tb %<th %<tB %<ta",
            &[FormatArg::Long(1700050000000)],
            "12:06:40 PM 12:06 11/15/23 pm PM 12 12 12 15 Nov Nov November Wed",
        );
    }

    #[test]
    fn syntax_and_flag_errors() {
        err(
            "%+x",
            &[FormatArg::Int(1)],
            "java.util.FormatFlagsConversionMismatchException: Conversion = x, Flags = +",
        );
        err(
            "%(o",
            &[FormatArg::Long(1)],
            "java.util.FormatFlagsConversionMismatchException: Conversion = o, Flags = (",
        );
        err(
            "100%",
            &[],
            "java.util.UnknownFormatConversionException: Conversion = '%'",
        );
        err(
            "%-",
            &[],
            "java.util.UnknownFormatConversionException: Conversion = '-'",
        );
        err(
            "%q",
            &[],
            "java.util.UnknownFormatConversionException: Conversion = 'q'",
        );
        err(
            "%😀",
            &[],
            "java.util.UnknownFormatConversionException: Conversion = '?'",
        );
        err(
            "%5.x",
            &[],
            "java.util.UnknownFormatConversionException: Conversion = '5'",
        );
        err(
            "%0$s",
            &[s("a")],
            "java.util.IllegalFormatArgumentIndexException: Illegal format argument index = 0",
        );
        err("%99999999999$s", &[s("a")], "java.util.IllegalFormatArgumentIndexException: Format argument index: (not representable as int)");
        err(
            "%99999999999s",
            &[s("a")],
            "java.util.IllegalFormatWidthException: -2147483648",
        );
        err(
            "%.99999999999f",
            &[d(1.0)],
            "java.util.IllegalFormatPrecisionException: -2147483648",
        );
        err(
            "%+ d",
            &[FormatArg::Int(1)],
            "java.util.IllegalFormatFlagsException: Flags = '+ '",
        );
        err(
            "%-05d",
            &[FormatArg::Int(1)],
            "java.util.IllegalFormatFlagsException: Flags = '-0'",
        );
        err(
            "%--5s",
            &[s("a")],
            "java.util.DuplicateFormatFlagsException: Flags = '-'",
        );
        err(
            "%00012d",
            &[FormatArg::Int(1)],
            "java.util.DuplicateFormatFlagsException: Flags = '0'",
        );
        err(
            "%-s",
            &[s("a")],
            "java.util.MissingFormatWidthException: %-s",
        );
        err(
            "%0s",
            &[s("a")],
            "java.util.FormatFlagsConversionMismatchException: Conversion = s, Flags = 0",
        );
        err(
            "%+s",
            &[s("a")],
            "java.util.FormatFlagsConversionMismatchException: Conversion = s, Flags = +",
        );
        err(
            "%#s",
            &[s("a")],
            "java.util.FormatFlagsConversionMismatchException: Conversion = s, Flags = #",
        );
        err(
            "%#s",
            &[FormatArg::Null],
            "java.util.FormatFlagsConversionMismatchException: Conversion = s, Flags = #",
        );
        err(
            "%#b",
            &[FormatArg::Bool(true)],
            "java.util.FormatFlagsConversionMismatchException: Conversion = b, Flags = #",
        );
        err(
            "%.2c",
            &[FormatArg::Char('\u{61}')],
            "java.util.IllegalFormatPrecisionException: 2",
        );
        err(
            "%.2d",
            &[FormatArg::Int(1)],
            "java.util.IllegalFormatPrecisionException: 2",
        );
        err(
            "%#d",
            &[FormatArg::Int(1)],
            "java.util.FormatFlagsConversionMismatchException: Conversion = d, Flags = #",
        );
        err(
            "%,x",
            &[FormatArg::Int(1)],
            "java.util.FormatFlagsConversionMismatchException: Conversion = x, Flags = ,",
        );
        err(
            "%,e",
            &[d(1.0)],
            "java.util.FormatFlagsConversionMismatchException: Conversion = e, Flags = ,",
        );
        err(
            "%#g",
            &[d(1.0)],
            "java.util.FormatFlagsConversionMismatchException: Conversion = g, Flags = #",
        );
        err(
            "%(a",
            &[d(1.0)],
            "java.util.FormatFlagsConversionMismatchException: Conversion = a, Flags = (",
        );
        err("%5n", &[], "java.util.IllegalFormatWidthException: 5");
        err(
            "%-n",
            &[],
            "java.util.IllegalFormatFlagsException: Flags = '-'",
        );
        err("%.2%", &[], "java.util.IllegalFormatPrecisionException: 2");
        err(
            "%+%",
            &[],
            "java.util.IllegalFormatFlagsException: Flags = '+'",
        );
        err("%-%", &[], "java.util.MissingFormatWidthException: %-%");
        err(
            "%tq",
            &[FormatArg::Long(0)],
            "java.util.UnknownFormatConversionException: Conversion = 'tq'",
        );
        err(
            "%t",
            &[FormatArg::Long(0)],
            "java.util.UnknownFormatConversionException: Conversion = 't'",
        );
        err(
            "%s %q %d",
            &[s("x")],
            "java.util.UnknownFormatConversionException: Conversion = 'q'",
        );
        err(
            "%.2tY",
            &[FormatArg::Long(0)],
            "java.util.IllegalFormatPrecisionException: 2",
        );
        err(
            "%#tY",
            &[FormatArg::Long(0)],
            "java.util.FormatFlagsConversionMismatchException: Conversion = Y, Flags = #",
        );
        err(
            "%-tY",
            &[FormatArg::Long(0)],
            "java.util.MissingFormatWidthException: %-tY",
        );
    }

    #[test]
    fn date_time() {
        ok("%tc", &[FormatArg::Long(0)], "Thu Jan 01 00:00:00 UTC 1970");
        ok(
            "%Tc",
            &[FormatArg::Long(-1)],
            "WED DEC 31 23:59:59 UTC 1969",
        );
        ok(
            "%tc",
            &[FormatArg::Long(i64::MIN)],
            "Sun Dec 02 16:47:04 UTC 292269055",
        );
        ok(
            "%tc",
            &[FormatArg::Long(i64::MAX)],
            "Sun Aug 17 07:12:55 UTC 292278994",
        );
        ok(
            "%-12tB|%12TA|",
            &[
                FormatArg::Long(1700050000000),
                FormatArg::Long(1700050000000),
            ],
            "November    |   WEDNESDAY|",
        );
        err(
            "%tY",
            &[FormatArg::Int(1)],
            "java.util.IllegalFormatConversionException: Y != java.lang.Integer",
        );
        ok("%tY", &[FormatArg::Null], "null");
    }

    /// Not from Java (which would allocate the string): our resource guard.
    #[test]
    fn absurd_padding_is_refused() {
        let huge = format!("%{}s", MAX_PADDING + 1);
        assert!(java_format(&huge, &[s("a")]).is_err_and(|e| e.contains("OutOfMemoryError")));
        let huge = format!("%.{}f", MAX_PADDING + 1);
        assert!(java_format(&huge, &[d(1.0)]).is_err_and(|e| e.contains("OutOfMemoryError")));
        // A huge precision only truncates strings, so that works.
        ok(&format!("%.{}s", MAX_PADDING + 1), &[s("abc")], "abc");
    }

    #[test]
    fn hash_of_unknown_object_is_unsupported() {
        assert!(java_format("%h", &[other("[1]")]).is_err_and(|e| e.starts_with("unsupported")));
    }
}
