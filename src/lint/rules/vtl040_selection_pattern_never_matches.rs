//! VTL040: an integration response's `selectionPattern` that is not a Java regular expression, or
//! that can never match the whole status code or error message it is tested against.

use crate::lint::diagnostic::Severity;
use crate::lint::rule::{Check, Findings, Rule};
use crate::lint::source::{HostDocument, Located};
use crate::render::java::regex::JavaRegex;

/// ## What it does
/// Checks every integration response's selection pattern (`selectionPattern`, the OpenAPI
/// `responses` key, Serverless `statusCodes.<code>.pattern`, Terraform `selection_pattern`):
/// it must compile as a Java regular expression, and it must be able to match a whole string.
///
/// ## Why is this bad?
/// API Gateway matches the pattern against the *whole* backend status code (HTTP and AWS
/// integrations) or Lambda `errorMessage`, as Java's `String.matches` does. A pattern that does
/// not compile is refused at deploy time; a pattern with text after `$` (or before `^`), with a
/// stray space around a status code, or that no status code from 100 to 599 can fully match,
/// never selects its response, so clients get the default response instead.
///
/// ## Example
/// ```yaml
/// responses:
///   "4\\d{2} ":          # trailing space: never matches "404"
///     statusCode: "400"
///   "^5\\d{2}$x":         # text after `$`
///     statusCode: "500"
/// ```
/// Use instead:
/// ```yaml
/// responses:
///   "4\\d{2}":
///     statusCode: "400"
/// ```
pub const RULE: Rule = Rule {
    code: "VTL040",
    name: "selection-pattern-never-matches",
    severity: Severity::Error,
    summary: "selectionPattern is not a valid Java regex or can never match a whole status code or error message",
    check: Check::Document(check),
};

fn check(document: &HostDocument, findings: &mut Findings) {
    for integration in &document.integrations {
        for response in &integration.responses {
            let Some(pattern) = &response.selection_pattern else {
                continue;
            };
            if pattern.value.is_empty() {
                continue;
            }
            check_pattern(pattern, findings);
        }
    }
}

fn check_pattern(pattern: &Located<String>, findings: &mut Findings) {
    let written = pattern.value.as_str();
    let regex = match JavaRegex::new(written) {
        Ok(regex) => regex,
        Err(error) => {
            let reason = error.message.lines().next().unwrap_or_default().to_owned();
            findings
                .at_host(
                    pattern.range,
                    format!("selection pattern `{written}` is not a valid Java regular expression: {reason}"),
                )
                .help("fix the pattern; API Gateway refuses an integration response whose selectionPattern does not compile");
            return;
        }
    };
    if let Some(anchor) = misplaced_anchor(written) {
        findings
            .at_host(
                pattern.range,
                format!("selection pattern `{written}` can never match: {anchor}"),
            )
            .help("API Gateway matches the whole status code or error message; remove the anchors or the text beyond them")
            .note("`^` and `$` are implied: the pattern must match the entire string, as Java's String.matches");
        return;
    }
    if !status_like(written) {
        return;
    }
    let trimmed = written.trim();
    if trimmed != written {
        findings
            .at_host(
                pattern.range,
                format!("selection pattern `{written}` has a space around a status code pattern, so it never matches"),
            )
            .help(format!("write `{trimmed}`"))
            .note("the pattern must match the whole status code, which has no spaces");
        return;
    }
    let matches_a_status =
        (100..=599).any(|code: u32| regex.matches(&code.to_string()).unwrap_or(true));
    if !matches_a_status {
        findings
            .at_host(
                pattern.range,
                format!("selection pattern `{written}` matches no HTTP status code from 100 to 599"),
            )
            .help("match the whole three-digit status, e.g. `4\\d{2}` or `404|410`")
            .note("API Gateway matches the pattern against the entire status code, as Java's String.matches");
    }
}

/// A pattern made only of digits, `\d`, `.`, classes, counts, groups and alternation: it can only
/// be meant for status codes (an error-message pattern has letters in it).
fn status_like(pattern: &str) -> bool {
    let without_digit_class = pattern.replace("\\d", "0");
    without_digit_class.chars().any(|c| c.is_ascii_digit())
        && without_digit_class
            .chars()
            .all(|c| c.is_ascii_digit() || "[]-{},()|^$?*+. ".contains(c))
}

/// One piece of a pattern, as far as anchors care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    /// A character that can never be a line terminator (a literal, `\d`, `\w`).
    Solid(char),
    /// `^`.
    Start,
    /// `$`.
    End,
    /// A quantifier; `true` when it allows zero repetitions.
    Quantifier(bool),
    /// Anything else (groups, alternation, classes, other escapes).
    Other,
}

/// Describes an anchor that makes the pattern unmatchable: text required after `$` (which
/// matches only at the end, or before a final line terminator) or before `^`.
fn misplaced_anchor(pattern: &str) -> Option<String> {
    if comments_mode(pattern) {
        // With `(?x)` blanks and `#...` comments are not text: too loose to judge here.
        return None;
    }
    let tokens = tokenize(pattern);
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::End => {
                if let Some(Token::Solid(c)) = tokens.get(i + 1) {
                    let optional = matches!(tokens.get(i + 2), Some(Token::Quantifier(true)));
                    if !optional {
                        return Some(format!("it requires `{c}` after `$`"));
                    }
                }
            }
            Token::Start => {
                if let Some(Token::Solid(c)) = i.checked_sub(1).and_then(|p| tokens.get(p)) {
                    return Some(format!("it requires `{c}` before `^`"));
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether an inline flag group turns on comments mode (`(?x)`, `(?ix:...)`).
fn comments_mode(pattern: &str) -> bool {
    pattern.match_indices("(?").any(|(at, _)| {
        pattern
            .get(at + 2..)
            .unwrap_or_default()
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .any(|c| c == 'x')
    })
}

fn tokenize(pattern: &str) -> Vec<Token> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        i += 1;
        let token = match c {
            '\\' => {
                let escaped = chars.get(i).copied().unwrap_or('\\');
                i += 1;
                match escaped {
                    'Q' => {
                        // Quoted text up to `\E`: its first character stands for the whole run.
                        let mut first = None;
                        while let Some(&q) = chars.get(i) {
                            if q == '\\' && chars.get(i + 1) == Some(&'E') {
                                i += 2;
                                break;
                            }
                            first = first.or(Some(q));
                            i += 1;
                        }
                        first.map_or(Token::Other, solid)
                    }
                    'd' | 'w' => Token::Solid(escaped),
                    c if c.is_ascii_alphanumeric() => Token::Other,
                    c => solid(c),
                }
            }
            '[' => {
                let mut depth = 1;
                while let Some(&k) = chars.get(i) {
                    i += 1;
                    match k {
                        '\\' => i += 1,
                        '[' => depth += 1,
                        ']' if depth == 1 => break,
                        ']' => depth -= 1,
                        _ => {}
                    }
                }
                Token::Other
            }
            '(' => {
                if chars.get(i) == Some(&'?') {
                    while chars.get(i).is_some_and(|&k| {
                        k == '?' || k.is_ascii_alphabetic() || "-<>=!".contains(k)
                    }) {
                        i += 1;
                    }
                    if chars.get(i) == Some(&':') {
                        i += 1;
                    }
                }
                Token::Other
            }
            '^' => Token::Start,
            '$' => Token::End,
            '?' | '*' => Token::Quantifier(true),
            '+' => Token::Quantifier(false),
            '{' => {
                let mut count = String::new();
                while let Some(&k) = chars.get(i) {
                    i += 1;
                    if k == '}' {
                        break;
                    }
                    count.push(k);
                }
                let minimum = count.split(',').next().unwrap_or_default().trim();
                Token::Quantifier(minimum == "0")
            }
            ')' | '|' | '.' => Token::Other,
            c => solid(c),
        };
        // A lazy or possessive suffix belongs to its quantifier.
        if matches!(token, Token::Quantifier(_)) && matches!(chars.get(i), Some('?' | '+')) {
            i += 1;
        }
        tokens.push(token);
    }
    tokens
}

fn solid(c: char) -> Token {
    if matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}') {
        Token::Other
    } else {
        Token::Solid(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_with_required_text_beyond_them() {
        assert_eq!(
            misplaced_anchor("^4\\d{2}$x"),
            Some("it requires `x` after `$`".to_owned())
        );
        assert!(misplaced_anchor("a^b").is_some());
        assert!(misplaced_anchor("^4\\d{2}$").is_none());
        assert!(misplaced_anchor("^4\\d{2}$x?").is_none());
        assert!(misplaced_anchor("a$|^b").is_none());
        assert!(misplaced_anchor("[$x]").is_none());
        assert!(misplaced_anchor("\\$x").is_none());
        assert!(misplaced_anchor("(?m)a$\\n").is_none());
        assert!(misplaced_anchor("(?x) 4\\d{2} $ # a status").is_none());
    }

    #[test]
    fn status_like_patterns() {
        assert!(status_like("4\\d{2}"));
        assert!(status_like("400 "));
        assert!(status_like("(400|404)"));
        assert!(!status_like(".*error.*"));
        assert!(!status_like("Invalid input 400"));
        assert!(!status_like("default"));
    }
}
