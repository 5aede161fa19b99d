//! VTL016 `java-collection-printed`: a map or list value printed straight into JSON output, where
//! it appears as Java's `{key=value}` / `[a, b]` text (or as nothing, for `$context` maps).

use std::collections::{HashMap, HashSet};

use crate::lint::diagnostic::Severity;
use crate::lint::json_position::JsonPosition;
use crate::lint::refs::{members, string_literal};
use crate::lint::rule::{Check, Findings, Rule, TemplateContext};
use crate::lint::walk::{walk, Place, Scope, Visitor};
use crate::syntax::ast::{Expr, ExprKind, Node, RefPart, Reference};

/// ## What it does
/// In a template whose output is JSON, finds printed references whose value is a Java map or list:
/// `$input.path('$')` and other object paths, `$util.parseJson(...)`, `$input.params()`, map and
/// list literals, `$context`, `$context.identity`, `$stageVariables`, and variables set to them.
///
/// ## Why is this bad?
/// Velocity prints a map as `{name=Ann, age=7}` and a list literal as `[a, b]`: keys and strings
/// unquoted, so the output is not JSON (AWS-SEMANTICS.md §2.5, aws-input-path-dict-response). The
/// nested maps of `$context` print as an empty string.
///
/// ## Example
/// ```vtl
/// {"order": $input.path('$.order'), "id": "$input.path('$.order.id')"}
/// ```
/// Use instead:
/// ```vtl
/// {"order": $input.json('$.order'), "id": "$input.path('$.order.id')"}
/// ```
pub const RULE: Rule = Rule {
    code: "VTL016",
    name: "java-collection-printed",
    severity: Severity::Warning,
    summary: "map or list printed into JSON output (prints Java's `{k=v}` text, not JSON)",
    check: Check::Template(check),
};

/// What a printed collection looks like.
#[derive(Clone, Debug)]
enum Collection {
    /// Prints `{k=v}`; the help says how to print JSON instead.
    JavaMap(String),
    /// A list literal with text in it: prints `[a, b]`.
    JavaList,
    /// One of `$context`'s nested maps: prints "".
    ContextMap,
}

fn check(context: &TemplateContext<'_>, findings: &mut Findings) {
    let (Ok(block), Some(shape)) = (context.parsed, context.output_shape()) else {
        return;
    };
    // Only values printed where JSON expects a value or inside a JSON string are checked.
    let json_values: HashSet<u32> = shape
        .references
        .iter()
        .filter(|printed| {
            matches!(
                printed.position,
                JsonPosition::Value | JsonPosition::InString { .. }
            )
        })
        .map(|printed| printed.reference.span.start)
        .collect();
    if json_values.is_empty() {
        return;
    }
    let mut facts = Facts::default();
    walk(block, &mut facts);
    let mut printed = Printed {
        json_values: &json_values,
        facts: &facts,
        variables: HashMap::new(),
        findings,
    };
    walk(block, &mut printed);
}

/// What the whole template says about its values: the literal JSONPaths it reads, and the
/// variables it reads properties of.
#[derive(Default)]
struct Facts<'a> {
    paths: HashSet<String>,
    dotted_variables: HashSet<&'a str>,
}

impl<'a> Visitor<'a> for Facts<'a> {
    fn reference(&mut self, reference: &'a Reference, _place: Place, _scope: &Scope<'a>) {
        if let Some(path) = input_path(reference) {
            self.paths.insert(path);
        }
        if matches!(reference.parts.first(), Some(RefPart::Property(..))) {
            self.dotted_variables.insert(&reference.root);
        }
    }
}

impl Facts<'_> {
    /// A path is an object when the template also reads a member below it.
    fn is_object_path(&self, path: &str) -> bool {
        path == "$"
            || self.paths.iter().any(|other| {
                other
                    .strip_prefix(path)
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with("['"))
            })
    }
}

/// The literal path of `$input.path('...')`, when that is the whole reference.
fn input_path(reference: &Reference) -> Option<String> {
    match (&*reference.root, reference.parts.as_slice()) {
        ("input", [RefPart::Method(name, args, _)]) if &**name == "path" => {
            args.first().and_then(string_literal)
        }
        _ => None,
    }
}

struct Printed<'a, 'r, 'f> {
    /// Where printed references land in JSON values, by their start offset.
    json_values: &'r HashSet<u32>,
    facts: &'r Facts<'a>,
    /// Variables last set to a collection.
    variables: HashMap<&'a str, (Collection, Option<String>)>,
    findings: &'f mut Findings,
}

impl<'a> Visitor<'a> for Printed<'a, '_, '_> {
    fn node(&mut self, node: &'a Node, _scope: &Scope<'a>) {
        let Node::Set(set) = node else { return };
        if !set.target.parts.is_empty() {
            return;
        }
        match self.expression(&set.value) {
            Some(collection) => {
                let source = input_path_of(&set.value);
                self.variables.insert(&set.target.root, (collection, source));
            }
            None => {
                self.variables.remove(&*set.target.root);
            }
        }
    }

    fn reference(&mut self, reference: &'a Reference, place: Place, _scope: &Scope<'a>) {
        if place != Place::Output || !self.json_values.contains(&reference.span.start) {
            return;
        }
        let collection = if reference.parts.is_empty() {
            match self.variables.get(&*reference.root) {
                // A variable set from `$input.path('$.x')` is an object when the template reads
                // its properties.
                Some((Collection::JavaMap(help), Some(path))) => (self.facts.is_object_path(path)
                    || self.facts.dotted_variables.contains(&*reference.root))
                .then(|| Collection::JavaMap(help.clone())),
                Some((collection, _)) => Some(collection.clone()),
                None => self.reference_value(reference),
            }
        } else {
            self.reference_value(reference)
        };
        let Some(collection) = collection else { return };
        let written = &reference.literal;
        let (start, end) = (reference.span.start as usize, reference.span.end as usize);
        let (message, help) = match collection {
            Collection::JavaMap(help) => (
                format!("`{written}` is a map: it prints as Java text `{{key=value}}`, not JSON"),
                help,
            ),
            Collection::JavaList => (
                format!("`{written}` is a list literal: it prints as Java text `[a, b]` with strings unquoted, not JSON"),
                "write the JSON array in the template text, quoting each string".to_string(),
            ),
            Collection::ContextMap => (
                format!("`{written}` is one of `$context`'s maps: API Gateway prints it as an empty string"),
                "print the members you need one by one: `\"sourceIp\": \"$context.identity.sourceIp\"`".to_string(),
            ),
        };
        self.findings.at_template(start, end, message).help(help);
    }
}

fn input_path_of(expr: &Expr) -> Option<String> {
    match &expr.kind {
        ExprKind::Reference(reference) => input_path(reference),
        _ => None,
    }
}

impl Printed<'_, '_, '_> {
    /// The collection an expression evaluates to, when it certainly or very likely is one.
    fn expression(&self, expr: &Expr) -> Option<Collection> {
        match &expr.kind {
            ExprKind::Map(_) => Some(Collection::JavaMap(
                "write the JSON object in the template text: `{\"key\": \"$value\"}`".into(),
            )),
            ExprKind::List(items) => items
                .iter()
                .any(|item| !matches!(item.kind, ExprKind::Number(_) | ExprKind::Bool(_)))
                .then_some(Collection::JavaList),
            ExprKind::Reference(reference) => match input_path(reference) {
                // Whether `$.x` is an object is decided where the variable is printed.
                Some(path) => Some(Collection::JavaMap(json_help(&path))),
                None if reference.parts.is_empty() => self
                    .variables
                    .get(&*reference.root)
                    .map(|(collection, _)| collection.clone()),
                None => self.reference_value(reference),
            },
            ExprKind::Group(inner, _) => self.expression(inner),
            _ => None,
        }
    }

    /// The collection a reference reads, from what it names.
    fn reference_value(&self, reference: &Reference) -> Option<Collection> {
        let parts = reference.parts.as_slice();
        match &*reference.root {
            "input" => match parts {
                [RefPart::Method(name, args, _)] if &**name == "path" => {
                    let path = args.first().and_then(string_literal)?;
                    self.facts
                        .is_object_path(&path)
                        .then(|| Collection::JavaMap(json_help(&path)))
                }
                [RefPart::Method(name, args, _), rest @ ..]
                    if &**name == "params" && args.is_empty() && rest.len() <= 1 =>
                {
                    let section = match rest.first() {
                        Some(RefPart::Property(section, _)) => Some(&**section),
                        Some(_) => return None,
                        None => None,
                    };
                    if section.is_some_and(|s| !matches!(s, "header" | "querystring" | "path")) {
                        return None;
                    }
                    Some(Collection::JavaMap(
                        "print each parameter: `\"id\": \"$input.params('id')\"`".into(),
                    ))
                }
                _ => None,
            },
            "util" => match parts {
                [RefPart::Method(name, _, _)] if &**name == "parseJson" => {
                    Some(Collection::JavaMap(
                        "print the JSON text itself (for the body: `$input.json('$')`), or its members one by one".into(),
                    ))
                }
                _ => None,
            },
            "stageVariables" if parts.is_empty() => Some(Collection::JavaMap(
                "print each variable: `\"name\": \"$stageVariables.name\"`".into(),
            )),
            "context" => {
                let path = members(reference);
                if path.len() != parts.len() {
                    return None;
                }
                let names: Vec<&str> = path.iter().map(|m| &*m.name).collect();
                match names.as_slice() {
                    [] | ["authorizer"] => Some(Collection::JavaMap(
                        "print the members you need one by one: `\"requestId\": \"$context.requestId\"`".into(),
                    )),
                    ["identity" | "requestOverride" | "responseOverride"]
                    | ["authorizer", "claims"]
                    | ["requestOverride", "header" | "path" | "querystring"]
                    | ["responseOverride", "header"] => Some(Collection::ContextMap),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

fn json_help(path: &str) -> String {
    format!("print it as JSON with `$input.json('{path}')`")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::source::TemplateRole;
    use crate::lint::testing;

    fn json_template(text: &str) -> Vec<String> {
        let template = testing::template(
            text,
            TemplateRole::Request {
                content_type: "application/json".into(),
            },
        );
        testing::findings(&RULE, &template)
            .into_iter()
            .map(|f| match f.target {
                crate::lint::rule::Target::Template(s, e) => text[s..e].to_string(),
                crate::lint::rule::Target::Host(_) => String::new(),
            })
            .collect()
    }

    #[test]
    fn maps_printed_into_json_fire() {
        let text = "#set($body = $input.path('$'))\n#set($tags = ['a', 'b'])\n\
            #set($order = $input.path('$.order'))\n\
            {\"all\": $body, \"order\": $order, \"id\": \"$order.id\", \"tags\": $tags,\n\
            \"params\": $input.params(), \"who\": \"$context.identity\", \"parsed\": $util.parseJson($s)}";
        assert_eq!(
            json_template(text),
            vec![
                "$body",
                "$order",
                "$tags",
                "$input.params()",
                "$context.identity",
                "$util.parseJson($s)"
            ]
        );
    }

    #[test]
    fn json_text_scalars_and_lists_from_the_body_do_not_fire() {
        let text = "#set($items = $input.path('$.items'))#set($n = [1, 2])\n\
            {\"all\": $input.json('$'), \"name\": \"$input.path('$.name')\", \"items\": $items,\n\
            \"n\": $n, \"ip\": \"$context.identity.sourceIp\", \"count\": $items.size()}\n\
            #if($input.path('$') == '')#end";
        assert_eq!(json_template(text), Vec::<String>::new());
    }

    #[test]
    fn templates_whose_output_is_not_json_do_not_fire() {
        let text = "Action=SendMessage&MessageBody=$input.path('$')";
        let template = testing::template(
            text,
            TemplateRole::Request {
                content_type: "application/x-www-form-urlencoded".into(),
            },
        );
        assert!(testing::findings(&RULE, &template).is_empty());
    }
}
