//! The pest parser generated from `grammar/vtl.pest`, and its errors turned into located messages.
//! Rule names never reach users: `describe` gives each rule the words a template author knows.

use crate::error::{Error, ErrorKind, Source};
use crate::span::LineIndex;

mod generated {
    // The derive generates one `Rule` variant per grammar rule; the grammar file documents them.
    #![allow(missing_docs)]
    use pest_derive::Parser;

    /// The generated parser.
    #[derive(Parser)]
    #[grammar = "../grammar/vtl.pest"]
    pub struct VtlParser;
}

pub use generated::{Rule, VtlParser};

/// What a rule is called in an error message ("expected `#end`").
pub fn describe(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "end of template",
        Rule::end_tag => "`#end`",
        Rule::else_tag => "`#else`",
        Rule::elseif_open | Rule::elseif_branch => "`#elseif`",
        Rule::if_open | Rule::if_directive => "`#if`",
        Rule::rparen => "`)`",
        Rule::assign => "`=`",
        Rule::condition => "`(` and a condition",
        Rule::directive_args => "`(` and arguments",
        Rule::expression
        | Rule::or_expr
        | Rule::and_expr
        | Rule::eq_expr
        | Rule::rel_expr
        | Rule::add_expr
        | Rule::mul_expr
        | Rule::unary => "an expression",
        Rule::op_or | Rule::op_and => "a logical operator",
        Rule::op_eq | Rule::op_ne | Rule::op_lt | Rule::op_le | Rule::op_gt | Rule::op_ge => {
            "a comparison operator"
        }
        Rule::op_add | Rule::op_sub | Rule::op_mul | Rule::op_div | Rule::op_mod => {
            "an arithmetic operator"
        }
        Rule::op_not => "`!`",
        Rule::reference | Rule::ref_head => "a reference such as `$name`",
        Rule::identifier | Rule::property => "a name",
        Rule::method | Rule::method_args => "method arguments",
        Rule::index | Rule::index_arg => "an index such as `[0]` or `['key']`",
        Rule::string | Rule::string_dq | Rule::string_sq => "a string",
        Rule::integer => "an integer",
        Rule::float => "a number",
        Rule::boolean => "`true` or `false`",
        Rule::list => "a list such as `[1, 2]` or `[1..3]`",
        Rule::range_dots => "`..`",
        Rule::map | Rule::map_entry => "a map such as `{\"k\": 1}`",
        Rule::directive_word | Rule::word | Rule::bracketed_word => "a word",
        Rule::set_directive | Rule::set_open => "`#set`",
        Rule::block_directive | Rule::block_name => "a block directive",
        Rule::line_directive => "a directive",
        Rule::text | Rule::lone_char | Rule::body | Rule::template => "template text",
        Rule::unparsed | Rule::unparsed_text => "`]]#`",
        Rule::line_comment | Rule::block_comment => "a comment",
        Rule::escaped_directive | Rule::double_escapes => "an escape",
        Rule::runt => "a method argument",
        Rule::gobble => "a newline",
        Rule::else_branch => "`#else`",
        Rule::err_unclosed_brace => "`}`",
        Rule::err_method_args => "method arguments",
        Rule::err_index => "an index",
        Rule::WHITESPACE | Rule::ws => "whitespace",
        _ => "template text",
    }
}

/// Expectations that hold almost anywhere in a template; naming them helps nobody.
const NOISE: &[&str] = &[
    "template text",
    "a comment",
    "`]]#`",
    "an escape",
    "`#set`",
    "`#if`",
    "a block directive",
    "a directive",
    "a reference such as `$name`",
    "whitespace",
];

/// Turns a pest error into a located syntax error naming what was expected in words.
pub fn syntax_error(err: pest::error::Error<Rule>, source: &Source, lines: &LineIndex) -> Error {
    let offset = match err.location {
        pest::error::InputLocation::Pos(pos) => pos,
        pest::error::InputLocation::Span((start, _)) => start,
    };
    let mut expected: Vec<&'static str> = Vec::new();
    if let pest::error::ErrorVariant::ParsingError { positives, .. } = &err.variant {
        for rule in positives {
            let words = describe(*rule);
            if !expected.contains(&words) {
                expected.push(words);
            }
        }
    }
    let wants_end = expected.contains(&"`#end`");
    let specific: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|w| !NOISE.contains(w))
        .collect();
    let text: &str = &source.text;
    let rest = text.get(offset..).unwrap_or("");
    let found = describe_found(rest);
    let message = if rest.starts_with("#else") || rest.starts_with("#{else") {
        format!("{found} without a matching `#if`")
    } else if rest.starts_with("#end") || rest.starts_with("#{end}") {
        format!("{found} without an open block (`#if`, `#foreach`, `#macro`, `#define`)")
    } else if rest.is_empty() && wants_end {
        "the template ends inside a block: a `#if`, `#foreach`, `#macro` or `#define` is missing its `#end`".to_string()
    } else if specific.is_empty() {
        format!("unexpected {found}")
    } else {
        format!("expected {}, found {found}", join_words(&specific))
    };
    // At the very end there is no character to point at: point at the last one.
    let (start, end) = if rest.is_empty() {
        let last = text.char_indices().last().map_or(0, |(i, _)| i);
        (last, text.len())
    } else {
        (
            offset,
            offset + rest.chars().next().map_or(0, char::len_utf8),
        )
    };
    let mut error = Error::new(ErrorKind::Syntax, message)
        .with_span(lines.span(text, start, end))
        .with_source(source);
    if rest.is_empty() && wants_end {
        error = error.with_help("add `#end` after the block's last line");
    }
    error
}

/// Names what stands at an error position: a token-like excerpt or "end of template".
fn describe_found(rest: &str) -> String {
    if rest.is_empty() {
        return "end of template".to_string();
    }
    let token: String = if rest.starts_with('#') || rest.starts_with('$') {
        let tail = rest.get(1..).unwrap_or("");
        let word: String = tail
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '{' | '}' | '@' | '!'))
            .take(20)
            .collect();
        format!("{}{}", &rest[..1], word)
    } else {
        rest.chars()
            .take_while(|c| !c.is_whitespace())
            .take(20)
            .collect()
    };
    if token.is_empty() {
        match rest.chars().next() {
            Some('\n') | Some('\r') => "a line break".to_string(),
            Some(c) => format!("`{}`", c.escape_default()),
            None => "end of template".to_string(),
        }
    } else {
        format!("`{token}`")
    }
}

fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}
