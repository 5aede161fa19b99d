//! What a printed reference's value is, as far as lint can tell from how it is written:
//! `$input.json(...)` is JSON text, `$input.params('x')` a request string, and so on.

use crate::syntax::ast::{ExprKind, RefPart, Reference};

/// The kinds of value the JSON rules care about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// `$input.json(...)`: JSON text (a string value comes with its quotes).
    InputJson,
    /// `$input.body`: the raw payload.
    InputBody,
    /// `$input.params('x')`, `$input.params().header.x`, `$input.params().get('path').get('x')`:
    /// a request parameter, always a string.
    InputParam,
    /// `$input.path('...')`, with the JSONPath when it is a literal.
    InputPath(Option<String>),
    /// A `$context` member that is always a string (`$context.requestId`, `$context.identity.sourceIp`).
    ContextString,
    /// `$util.escapeJavaScript(...)`; `fixed` when followed by `.replaceAll("\\'", "'")` (or
    /// `.replace`), which undoes the `\'` escape JSON does not allow.
    EscapedJavaScript {
        /// The apostrophe escape is undone.
        fixed: bool,
    },
    /// Anything else.
    Other,
}

/// `$context` members that hold numbers, booleans or maps rather than strings.
/// (`$context.error.messageString` is a string too, but printed with its JSON quotes, by design.)
const CONTEXT_NOT_STRINGS: &[&str] = &[
    "requestTimeEpoch",
    "isCanaryRequest",
    "authorizer",
    "requestOverride",
    "responseOverride",
];

/// Classifies the value of `reference` from its root and first steps.
pub fn classify(reference: &Reference) -> ValueKind {
    let parts = &reference.parts;
    match (&*reference.root, parts.first()) {
        ("input", Some(RefPart::Method(name, _, _))) if &**name == "json" && parts.len() == 1 => {
            ValueKind::InputJson
        }
        ("input", Some(RefPart::Property(name, _))) if &**name == "body" && parts.len() == 1 => {
            ValueKind::InputBody
        }
        ("input", Some(RefPart::Method(name, args, _))) if &**name == "params" => {
            let param_depth = if args.len() == 1 { 1 } else { 3 };
            if parts.len() == param_depth {
                ValueKind::InputParam
            } else {
                ValueKind::Other
            }
        }
        ("input", Some(RefPart::Method(name, args, _)))
            if &**name == "path" && parts.len() == 1 =>
        {
            let path = args.first().and_then(|arg| match &arg.kind {
                ExprKind::String(text) => Some(text.to_string()),
                _ => None,
            });
            ValueKind::InputPath(path)
        }
        ("context", Some(first)) => {
            let name = step_name(first);
            let depth_ok = match name {
                Some("identity") | Some("error") => parts.len() == 2,
                _ => parts.len() == 1,
            };
            match name {
                Some(name)
                    if depth_ok
                        && !CONTEXT_NOT_STRINGS.contains(&name)
                        && parts.get(1).and_then(step_name) != Some("messageString") =>
                {
                    ValueKind::ContextString
                }
                _ => ValueKind::Other,
            }
        }
        ("util", Some(RefPart::Method(name, _, _))) if &**name == "escapeJavaScript" => {
            let fixed = parts.iter().skip(1).any(undoes_apostrophe_escape);
            ValueKind::EscapedJavaScript { fixed }
        }
        _ => ValueKind::Other,
    }
}

/// `.replaceAll("\\'", "'")` or `.replace("\'", "'")`: a replacement whose pattern has an apostrophe.
fn undoes_apostrophe_escape(part: &RefPart) -> bool {
    let RefPart::Method(name, args, _) = part else {
        return false;
    };
    if &**name != "replaceAll" && &**name != "replace" {
        return false;
    }
    args.first().is_some_and(|arg| match &arg.kind {
        ExprKind::String(text) => text.contains('\''),
        _ => false,
    })
}

/// The name of a property step, or a `.get('name')` step.
fn step_name(part: &RefPart) -> Option<&str> {
    match part {
        RefPart::Property(name, _) => Some(name),
        RefPart::Method(name, args, _) if &**name == "get" => match args.first().map(|a| &a.kind) {
            Some(ExprKind::String(key)) => Some(key),
            _ => None,
        },
        _ => None,
    }
}

/// The source text of a reference, for messages: `$input.params('id')`.
pub fn written(reference: &Reference) -> String {
    reference.literal.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ast::Node;
    use crate::Template;

    fn kind(text: &str) -> ValueKind {
        let template = Template::parse("t.vtl", text).expect("parses");
        match template.body().first() {
            Some(Node::Reference(reference)) => classify(reference),
            other => panic!("not a reference: {other:?}"),
        }
    }

    #[test]
    fn request_values_are_recognised() {
        assert_eq!(kind("$input.json('$.a')"), ValueKind::InputJson);
        assert_eq!(kind("$input.body"), ValueKind::InputBody);
        assert_eq!(kind("$input.params('id')"), ValueKind::InputParam);
        assert_eq!(kind("$input.params().header.Host"), ValueKind::InputParam);
        assert_eq!(
            kind("$input.params().get('path').get('id')"),
            ValueKind::InputParam
        );
        assert_eq!(kind("$input.params().header"), ValueKind::Other);
        assert_eq!(
            kind("$input.path('$.name')"),
            ValueKind::InputPath(Some("$.name".to_string()))
        );
        assert_eq!(kind("$input.path('$.name').length()"), ValueKind::Other);
    }

    #[test]
    fn context_strings_and_escapes_are_recognised() {
        assert_eq!(kind("$context.requestId"), ValueKind::ContextString);
        assert_eq!(kind("$context.identity.sourceIp"), ValueKind::ContextString);
        assert_eq!(kind("$context.requestTimeEpoch"), ValueKind::Other);
        assert_eq!(
            kind("$util.escapeJavaScript($x)"),
            ValueKind::EscapedJavaScript { fixed: false }
        );
        assert_eq!(
            kind("$util.escapeJavaScript($x).replaceAll(\"\\\\'\", \"'\")"),
            ValueKind::EscapedJavaScript { fixed: true }
        );
    }
}
