//! `$util`: escapeJavaScript, parseJson, urlEncode/urlDecode and base64Encode/base64Decode, with
//! the Java libraries' exact behaviour (commons-lang 2.6, java.net.URLEncoder/URLDecoder, UTF-8).

use base64::Engine as _;

use super::path::parse_json_value;
use super::profile::open::BASE64_DECODE_SKIPS_INVALID;
use crate::render::value::{HostObject, Value};

/// The `$util` object.
#[derive(Debug, Default)]
pub struct Util;

/// The `$util` functions API Gateway offers (its mapping-template reference lists these six).
pub const FUNCTIONS: &[&str] = &[
    "escapeJavaScript",
    "parseJson",
    "urlEncode",
    "urlDecode",
    "base64Encode",
    "base64Decode",
];

/// Helpers AppSync offers under `$util` that API Gateway does not.
pub const APPSYNC_ONLY: &[&str] = &[
    "toJson",
    "qr",
    "quiet",
    "error",
    "appendError",
    "validate",
    "isNull",
    "isNullOrEmpty",
    "isNullOrBlank",
    "defaultIfNull",
    "defaultIfNullOrEmpty",
    "defaultIfNullOrBlank",
    "isString",
    "isNumber",
    "isBoolean",
    "isList",
    "isMap",
    "typeOf",
    "matches",
    "authType",
    "autoId",
    "autoUlid",
    "unauthorized",
    "escapeJavaScript2",
    "time",
    "list",
    "map",
    "dynamodb",
    "rds",
    "http",
    "xml",
    "transform",
    "math",
    "str",
    "log",
];

impl HostObject for Util {
    fn class_name(&self) -> &str {
        "com.amazonaws.apigateway.Util"
    }

    fn property(&self, _name: &str) -> Option<Value> {
        None
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let [arg] = args else { return None };
        // Every helper takes any object through String.valueOf and maps null to null.
        if arg.is_null() && FUNCTIONS.contains(&name) {
            return Some(Ok(Value::Null));
        }
        let text = arg.to_java_string();
        Some(match name {
            "escapeJavaScript" => Ok(Value::str(escape_javascript(&text))),
            "parseJson" => parse_json_value(&text),
            "urlEncode" => Ok(Value::str(url_encode(&text))),
            "urlDecode" => url_decode(&text).map(Value::str),
            "base64Encode" => Ok(Value::str(
                base64::engine::general_purpose::STANDARD.encode(text.as_bytes()),
            )),
            "base64Decode" => base64_decode(&text).map(Value::str),
            _ => return None,
        })
    }

    fn to_java_string(&self) -> String {
        "com.amazonaws.apigateway.Util".to_string()
    }
}

/// commons-lang 2.6 `StringEscapeUtils.escapeJavaScript`: `'` becomes `\'` (the AWS docs warn
/// about it), `/` becomes `\/`, control and non-ASCII characters become `\uXXXX` per UTF-16 unit.
pub fn escape_javascript(text: &str) -> String {
    use std::fmt::Write as _;
    let plain = |b: u8| (0x20..=0x7f).contains(&b) && !matches!(b, b'\'' | b'"' | b'\\' | b'/');
    let mut out = String::with_capacity(text.len() + 8);
    let mut units = [0u16; 2];
    let mut rest = text;
    while !rest.is_empty() {
        // Most text is plain ASCII: copy each run of it at once.
        let run = rest.bytes().position(|b| !plain(b)).unwrap_or(rest.len());
        let (copied, tail) = rest.split_at(run);
        out.push_str(copied);
        let mut chars = tail.chars();
        let Some(c) = chars.next() else { break };
        rest = chars.as_str();
        match c {
            '\u{8}' => out.push_str("\\b"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => {
                for unit in c.encode_utf16(&mut units).iter() {
                    let _ = write!(out, "\\u{unit:04X}");
                }
            }
        }
    }
    out
}

/// `URLEncoder.encode(s, "UTF-8")`: letters, digits and `.-*_` stay, space becomes `+`, the rest
/// becomes `%XX` of its UTF-8 bytes (uppercase hex).
pub fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3 / 2);
    for b in text.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'*' | b'_' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            other => {
                out.push('%');
                for nibble in [other >> 4, other & 0xF] {
                    let digit = char::from_digit(u32::from(nibble), 16).unwrap_or('0');
                    out.push(digit.to_ascii_uppercase());
                }
            }
        }
    }
    out
}

/// `URLDecoder.decode(s, "UTF-8")`: `+` becomes space, `%XX` runs become UTF-8 text; a bad
/// escape throws IllegalArgumentException with Java's message.
pub fn url_decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'+' => {
                out.push(' ');
                i += 1;
            }
            b'%' => {
                let mut decoded = Vec::new();
                while bytes.get(i) == Some(&b'%') {
                    if i + 3 > bytes.len() {
                        return Err(
                            "java.lang.IllegalArgumentException: URLDecoder: Incomplete trailing escape (%) pattern"
                                .to_string(),
                        );
                    }
                    let hex = text.get(i + 1..i + 3).unwrap_or("");
                    match u8::from_str_radix(hex, 16) {
                        Ok(b) if !hex.starts_with(['+', '-']) => decoded.push(b),
                        _ => {
                            return Err(format!(
                                "java.lang.IllegalArgumentException: URLDecoder: Illegal hex characters in escape (%) pattern - Error at index 0 in: \"{hex}\""
                            ))
                        }
                    }
                    i += 3;
                }
                // Java decodes the byte run with a replacing decoder.
                out.push_str(&String::from_utf8_lossy(&decoded));
            }
            _ => {
                let rest = text.get(i..).unwrap_or("");
                let c = rest.chars().next().unwrap_or('\u{fffd}');
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    Ok(out)
}

/// Base64 to text (UTF-8; invalid bytes become U+FFFD).
fn base64_decode(text: &str) -> Result<String, String> {
    let cleaned: String = if BASE64_DECODE_SKIPS_INVALID {
        text.chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
            .collect()
    } else {
        text.to_string()
    };
    let unpadded = cleaned.trim_end_matches('=');
    let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(unpadded.as_bytes())
        .map_err(|e| format!("java.lang.IllegalArgumentException: {e}"))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encoding_matches_the_recorded_aws_output() {
        // aws-input-body-url-encode-json-body
        assert_eq!(
            url_encode("{\"some\": \"value\"}"),
            "%7B%22some%22%3A+%22value%22%7D"
        );
        assert_eq!(url_encode("some raw data"), "some+raw+data");
    }

    #[test]
    fn url_decoding_turns_plus_into_space() {
        assert_eq!(url_decode("a+b%20c%C3%A9").as_deref(), Ok("a b cé"));
        assert!(url_decode("100%").is_err());
    }

    #[test]
    fn base64_decode_skips_what_is_not_base64() {
        assert_eq!(
            base64_decode("\"eyJhIjogMX0=\"").as_deref(),
            Ok("{\"a\": 1}")
        );
    }

    #[test]
    fn escape_javascript_escapes_quotes_slash_and_non_ascii() {
        assert_eq!(
            escape_javascript("O'Neil \"x\" a/b é\n"),
            "O\\'Neil \\\"x\\\" a\\/b \\u00E9\\n"
        );
        // What ../shared/oracle prints for the same text (checked with `velocity17 gateway`).
        assert_eq!(
            escape_javascript("\u{1}\u{7f}\u{80}\u{8}\u{c}\r\t\\😀z"),
            "\\u0001\u{7f}\\u0080\\b\\f\\r\\t\\\\\\uD83D\\uDE00z"
        );
        assert_eq!(escape_javascript(""), "");
        assert_eq!(escape_javascript("plain text"), "plain text");
    }
}
