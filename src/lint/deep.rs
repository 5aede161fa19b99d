//! The dynamic check of `lint --deep`: renders a JSON-producing template against generated edge-case
//! requests (empty body, missing fields, quotes and newlines, arrays of 0–2 items) and reports invalid JSON.

use indexmap::IndexMap;
use serde_json::{json, Value as Json};

use crate::gateway::{render_request, render_response, Event, IntegrationResponse};
use crate::lint::diagnostic::Severity;
use crate::lint::refs::string_literal;
use crate::lint::rule::{Finding, Target};
use crate::lint::source::{EmbeddedTemplate, TemplateRole};
use crate::lint::walk::{walk, Place, Scope, Visitor};
use crate::syntax::ast::{Expr, ExprKind, Node, RefPart, Reference};
use crate::{RenderOptions, Template};

/// The most requests rendered per template.
pub const MAX_REQUESTS: usize = 64;

/// Evaluation steps one generated render may take (a template stuck in a long loop is not what
/// this check is about).
const FUEL_PER_RENDER: u64 = 2_000_000;

/// Strings that break hand-written JSON: quotes, backslashes, control and non-ASCII characters.
const AWKWARD_STRINGS: &[&str] = &[
    "it's",
    "say \"hi\"",
    "C:\\temp\\new",
    "line one\nline two",
    "naïve café ✓ 日本",
    "",
];

/// Whether the template's output is meant to be JSON, judged from the template alone: a response
/// template for a JSON content type, or a template whose first output line opens a JSON value.
/// (A request template's content type names what the client sends, not what the template writes.)
pub fn expects_json(template: &EmbeddedTemplate) -> bool {
    if let TemplateRole::Response { content_type, .. } = &template.role {
        if content_type.contains("json") {
            return true;
        }
    }
    let first_output = template
        .text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'));
    first_output.is_some_and(|line| {
        // `[` alone could be text (`[$a][$b]`): an array opens a line, an object, a string or a value.
        let array = line == "["
            || ["[{", "[\"", "[ ", "[$input.json("]
                .iter()
                .any(|start| line.starts_with(start));
        line.starts_with('{') || array || line.starts_with("$input.json(")
    })
}

/// Renders `parsed` against generated requests and reports each place in the template where the
/// output stops being JSON, with the first request that shows it (as compact JSON) in the note.
/// Templates whose output is not meant to be JSON give no findings.
pub fn check(template: &EmbeddedTemplate, parsed: &Template) -> Vec<Finding> {
    let reads = Reads::of(parsed);
    let requests = requests(&reads);
    let mut options = RenderOptions::apigateway();
    options.limits.fuel = Some(FUEL_PER_RENDER);
    let is_response = matches!(template.role, TemplateRole::Response { .. });
    let mut failures: IndexMap<(usize, usize), Failure> = IndexMap::new();
    let mut rendered = 0usize;
    let mut typical_is_json = false;
    for request in &requests {
        let Some(output) = render(parsed, &request.event, is_response, &options) else {
            continue;
        };
        rendered += 1;
        // Writing nothing (`#if(...) {...} #end`) is a choice, not broken JSON.
        if output.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Json>(&output) {
            Ok(json) => {
                typical_is_json |= request.typical && (json.is_object() || json.is_array());
            }
            Err(error) => {
                let offset = crate::span::json_error_offset(&output, error.line(), error.column());
                let trailing_comma = error.to_string().starts_with("trailing comma");
                let at = template_position(parsed, &output, offset, trailing_comma);
                let failure = failures.entry(at).or_insert_with(|| Failure {
                    request: request.event.clone(),
                    error: error.to_string(),
                    count: 0,
                    typical: false,
                });
                failure.count += 1;
                failure.typical |= request.typical && !reads.opaque;
            }
        }
    }
    // A template meant to write JSON looks like JSON or writes an object or array for a typical
    // request; anything else (a scalar, form data, XML) is some other format.
    if !typical_is_json && !expects_json(template) {
        return Vec::new();
    }
    failures.sort_keys();
    failures
        .into_iter()
        .map(|((start, end), failure)| Finding {
            target: Target::Template(start, end),
            message: format!(
                "the output is not valid JSON for {} of {rendered} generated requests ({})",
                failure.count, failure.error
            ),
            help: Some(
                "print JSON values with `$input.json(...)`, quote strings as `\"$util.escapeJavaScript($s).replaceAll(\"\\\\'\",\"'\")\"`, and give missing values a default with `#if`".into(),
            ),
            note: Some(format!(
                "request: {}",
                serde_json::to_string(&failure.request).unwrap_or_default()
            )),
            // Broken for a typical request: wrong. Broken only for an edge case: likely wrong.
            severity: (!failure.typical).then_some(Severity::Warning),
        })
        .collect()
}

struct Failure {
    request: Json,
    error: String,
    count: usize,
    /// The typical request fails too.
    typical: bool,
}

fn render(
    parsed: &Template,
    request: &Json,
    is_response: bool,
    options: &RenderOptions,
) -> Option<String> {
    let event = Event::from_json(request).ok()?;
    let rendered = if is_response {
        let response = IntegrationResponse {
            status_code: 200,
            headers: IndexMap::new(),
            body: event.body.clone(),
        };
        render_response(parsed, &event, &response, None, options)
    } else {
        render_request(parsed, &event, options)
    };
    rendered.ok().map(|r| r.output)
}

/// Where in the template the output went wrong: right after the template text that was printed
/// last before the error, pointing at the node that follows it; the template start when no
/// template text can be found in the output.
/// For a trailing comma, the comma itself when that text printed it.
fn template_position(
    parsed: &Template,
    output: &str,
    error_offset: usize,
    trailing_comma: bool,
) -> (usize, usize) {
    let mut texts = Texts::default();
    walk(parsed.body(), &mut texts);
    let before = output.get(..error_offset).unwrap_or(output);
    let mut best: Option<(usize, usize)> = None; // (end in output, index into texts)
    for (index, (text, _)) in texts.pieces.iter().enumerate() {
        let anchor = text.trim_end();
        if anchor.trim().is_empty() {
            continue;
        }
        if let Some(found) = before.rfind(anchor) {
            let end = found + anchor.len();
            if best.is_none_or(|(best_end, _)| end > best_end) {
                best = Some((end, index));
            }
        }
    }
    let Some((_, index)) = best else {
        return (0, 0);
    };
    let Some((text, text_end)) = texts.pieces.get(index) else {
        return (0, 0);
    };
    if trailing_comma {
        // The text is its source only when they line up: the comma must be in the template there.
        let at = text
            .rfind(',')
            .and_then(|comma| text_end.checked_sub(text.len() - comma));
        if let Some(at) = at.filter(|&at| parsed.source().get(at..=at) == Some(",")) {
            return (at, at + 1);
        }
    }
    // The node printed next: the first one that starts where this text ends.
    match texts.next_node_after(*text_end) {
        Some(range) => range,
        None => (*text_end, *text_end),
    }
}

#[derive(Default)]
struct Texts {
    /// Each printed text node's text and where it ends in the template.
    pieces: Vec<(String, usize)>,
    /// The template range of every printed reference.
    nodes: Vec<(usize, usize)>,
}

impl Texts {
    fn next_node_after(&self, offset: usize) -> Option<(usize, usize)> {
        self.nodes
            .iter()
            .filter(|(start, _)| *start >= offset)
            .min_by_key(|(start, _)| *start)
            .copied()
    }
}

impl<'a> Visitor<'a> for Texts {
    fn node(&mut self, node: &'a Node, _scope: &Scope<'a>) {
        let span = match node {
            Node::Text(text) => {
                self.pieces
                    .push((text.text.to_string(), text.span.end as usize));
                return;
            }
            // What a template prints wrong is a value: the next printed reference is the suspect.
            Node::Reference(reference) => reference.span,
            _ => return,
        };
        self.nodes.push((span.start as usize, span.end as usize));
    }
}

/// What the template reads from the request.
#[derive(Default)]
struct Reads {
    /// The body's shape, from the literal JSONPaths read.
    body: Shape,
    /// `$input.params('x')` names.
    params: Vec<String>,
    /// `$input.params().header.x`, `.querystring.x`, `.path.x`.
    headers: Vec<String>,
    query: Vec<String>,
    path: Vec<String>,
    /// `$stageVariables.x`.
    stage_variables: Vec<String>,
    /// Parameters, headers and stage variables printed outside quotes: numbers in a typical request.
    numeric: Vec<String>,
    /// The template reads documents this check cannot shape (`$util.parseJson` of a field, a
    /// base64-decoded field): even the typical request may lack what they hold.
    opaque: bool,
    /// The template reads `$context.error` (a gateway response template).
    context_error: bool,
}

impl Reads {
    fn of(parsed: &Template) -> Reads {
        let mut collector = Collector {
            text: parsed.source(),
            ..Collector::default()
        };
        walk(parsed.body(), &mut collector);
        let mut reads = std::mem::take(&mut collector.reads);
        for (path, iterated, leaf) in &collector.paths {
            if let Some(mut steps) = parse_path(path) {
                if *iterated {
                    steps.push(Step::Item);
                }
                reads.body.insert(&steps, *leaf);
            }
        }
        for (path, members, leaf) in &collector.member_reads {
            if let Some(mut steps) = parse_path(path) {
                steps.extend(members.iter().cloned());
                reads.body.insert(&steps, *leaf);
            }
        }
        reads
    }
}

/// The shape of a JSON document as far as the template's paths tell.
#[derive(Clone, Debug)]
enum Shape {
    /// A value the template prints or tests: a string, or a number when printed outside quotes.
    Leaf(Leaf),
    /// An object with these keys.
    Object(IndexMap<String, Shape>),
    /// An array of items of this shape.
    Array(Box<Shape>),
}

impl Default for Shape {
    fn default() -> Shape {
        Shape::Leaf(Leaf::String)
    }
}

/// What a leaf holds in a typical request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Leaf {
    String,
    Number,
}

/// The values given to the leaves of one generated body.
struct Leaves<'v> {
    string: &'v Json,
    number: &'v Json,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Key(String),
    Item,
}

impl Shape {
    fn insert(&mut self, steps: &[Step], leaf: Leaf) {
        let Some((step, rest)) = steps.split_first() else {
            // A number printed without quotes anywhere makes the leaf a number.
            if let Shape::Leaf(kind) = self {
                if leaf == Leaf::Number {
                    *kind = Leaf::Number;
                }
            }
            return;
        };
        match step {
            Step::Key(key) => {
                if matches!(self, Shape::Leaf(_)) {
                    *self = Shape::Object(IndexMap::new());
                }
                if let Shape::Object(entries) = self {
                    entries.entry(key.clone()).or_default().insert(rest, leaf);
                }
            }
            Step::Item => {
                if matches!(self, Shape::Leaf(_)) {
                    *self = Shape::Array(Box::default());
                }
                if let Shape::Array(item) = self {
                    item.insert(rest, leaf);
                }
            }
        }
    }

    /// A document of this shape: `leaf` at every leaf, `items` items in every array, and the leaf
    /// at `missing` (a path of keys) left out.
    fn instantiate(&self, leaf: &Leaves<'_>, items: usize, missing: Option<&[String]>) -> Json {
        match self {
            Shape::Leaf(Leaf::String) => leaf.string.clone(),
            Shape::Leaf(Leaf::Number) => leaf.number.clone(),
            Shape::Object(entries) => {
                let mut object = serde_json::Map::new();
                for (key, shape) in entries {
                    let below = match missing {
                        Some([first, rest @ ..]) if first == key => {
                            if rest.is_empty() {
                                continue;
                            }
                            Some(rest)
                        }
                        _ => None,
                    };
                    object.insert(key.clone(), shape.instantiate(leaf, items, below));
                }
                Json::Object(object)
            }
            Shape::Array(item) => Json::Array(
                (0..items)
                    .map(|_| item.instantiate(leaf, items, None))
                    .collect(),
            ),
        }
    }

    /// Paths of keys (outside arrays) to every leaf and object member.
    fn key_paths(&self, prefix: &mut Vec<String>, found: &mut Vec<Vec<String>>) {
        if let Shape::Object(entries) = self {
            for (key, shape) in entries {
                prefix.push(key.clone());
                found.push(prefix.clone());
                shape.key_paths(prefix, found);
                prefix.pop();
            }
        }
    }
}

/// The keys and array steps of a simple JSONPath (`$.a.b[0]['c']`); `None` for paths with
/// deep scans, filters or functions, whose document shape cannot be guessed.
fn parse_path(path: &str) -> Option<Vec<Step>> {
    let rest = path.trim().strip_prefix('$').unwrap_or(path.trim());
    let mut steps = Vec::new();
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                let mut key = String::new();
                while let Some(&next) = chars.peek() {
                    if next == '.' || next == '[' {
                        break;
                    }
                    key.push(next);
                    chars.next();
                }
                if key.is_empty() || key == "*" || key.ends_with(')') {
                    return None;
                }
                steps.push(Step::Key(key));
            }
            '[' => {
                let mut inner = String::new();
                for next in chars.by_ref() {
                    if next == ']' {
                        break;
                    }
                    inner.push(next);
                }
                let inner = inner.trim();
                if inner == "*" || (!inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()))
                {
                    steps.push(Step::Item);
                } else if let Some(key) = inner
                    .strip_prefix('\'')
                    .and_then(|k| k.strip_suffix('\''))
                    .or_else(|| inner.strip_prefix('"').and_then(|k| k.strip_suffix('"')))
                {
                    steps.push(Step::Key(key.to_string()));
                } else {
                    return None;
                }
            }
            _ => {
                // `$input.path('items')`: Jayway reads a path without `$.` from the root.
                if steps.is_empty() {
                    let mut key = c.to_string();
                    while let Some(&next) = chars.peek() {
                        if next == '.' || next == '[' {
                            break;
                        }
                        key.push(next);
                        chars.next();
                    }
                    steps.push(Step::Key(key));
                } else {
                    return None;
                }
            }
        }
    }
    Some(steps)
}

/// Collects what the template reads.
#[derive(Default)]
struct Collector<'t> {
    /// The template text.
    text: &'t str,
    /// Literal JSONPaths, whether each is iterated by `#foreach`, and what its value looks like.
    paths: Vec<(String, bool, Leaf)>,
    /// Reads through variables: the variable's path, the steps after it, the value's kind.
    member_reads: Vec<(String, Vec<Step>, Leaf)>,
    /// Variables holding `$input.path('...')`.
    path_variables: IndexMap<String, String>,
    /// Loop variables over a path.
    loop_variables: IndexMap<String, String>,
    /// Everything but the body's shape, which is built from `paths` and `member_reads` at the end.
    reads: Reads,
}

impl Collector<'_> {
    /// A value printed straight into the output without an opening quote before it is a number.
    fn leaf(&self, reference: &Reference, place: Place) -> Leaf {
        let start = reference.span.start as usize;
        let quoted = self
            .text
            .get(..start)
            .is_some_and(|before| before.ends_with('"'));
        if place == Place::Output && !quoted {
            Leaf::Number
        } else {
            Leaf::String
        }
    }

    fn iterated_path(&self, iterable: &Expr) -> Option<String> {
        let ExprKind::Reference(reference) = &iterable.kind else {
            return None;
        };
        match input_path(reference) {
            Some(path) => Some(path),
            None if reference.parts.is_empty() => {
                self.path_variables.get(&*reference.root).cloned()
            }
            // `#foreach($x in $body.items)` over a variable holding `$input.path('$')`.
            None => {
                let base = self.path_variables.get(&*reference.root)?;
                let mut path = base.clone();
                for part in &reference.parts {
                    let RefPart::Property(name, _) = part else {
                        return None;
                    };
                    path.push('.');
                    path.push_str(name);
                }
                Some(path)
            }
        }
    }
}

/// The document steps of a reference's parts after its variable (`.a`, `[0]`, `['k']`, and
/// `.size()`/`.get(0)`, which make the value a list), and whether every part was such a step.
fn member_steps(parts: &[RefPart]) -> (Vec<Step>, bool) {
    let mut steps = Vec::new();
    for part in parts {
        match part {
            RefPart::Property(name, _) => steps.push(Step::Key(name.to_string())),
            RefPart::Index(index, _) => match (&index.kind, string_literal(index)) {
                (_, Some(key)) => steps.push(Step::Key(key)),
                (ExprKind::Number(_), None) => steps.push(Step::Item),
                _ => return (steps, false),
            },
            RefPart::Method(name, args, _) if &**name == "get" => {
                match args.first().map(|arg| (&arg.kind, string_literal(arg))) {
                    Some((_, Some(key))) => steps.push(Step::Key(key)),
                    Some((ExprKind::Number(_), None)) => steps.push(Step::Item),
                    _ => return (steps, false),
                }
            }
            RefPart::Method(name, _, _) => {
                if matches!(&**name, "size" | "isEmpty" | "iterator") {
                    steps.push(Step::Item);
                }
                return (steps, false);
            }
        }
    }
    (steps, true)
}

fn input_path(reference: &Reference) -> Option<String> {
    match (&*reference.root, reference.parts.first()) {
        ("input", Some(RefPart::Method(name, args, _))) if matches!(&**name, "path" | "json") => {
            args.first().and_then(string_literal)
        }
        _ => None,
    }
}

fn add(list: &mut Vec<String>, name: String) {
    if !list.contains(&name) {
        list.push(name);
    }
}

impl<'a> Visitor<'a> for Collector<'_> {
    fn node(&mut self, node: &'a Node, _scope: &Scope<'a>) {
        match node {
            Node::Set(set) if set.target.parts.is_empty() => {
                if let ExprKind::Reference(value) = &set.value.kind {
                    if let Some(path) = input_path(value) {
                        self.path_variables
                            .insert(set.target.root.to_string(), path);
                    }
                }
            }
            Node::Foreach(foreach) => {
                if let Some(path) = self.iterated_path(&foreach.iterable) {
                    self.paths.push((path.clone(), true, Leaf::String));
                    self.loop_variables.insert(foreach.var.to_string(), path);
                }
            }
            _ => {}
        }
    }

    fn reference(&mut self, reference: &'a Reference, place: Place, _scope: &Scope<'a>) {
        let leaf = match reference.parts.as_slice() {
            [RefPart::Method(name, _, _)] if &**name == "json" => Leaf::String,
            _ => self.leaf(reference, place),
        };
        if let Some(path) = input_path(reference) {
            self.paths.push((path, false, leaf));
        }
        if &*reference.root == "util"
            && matches!(reference.parts.first(), Some(RefPart::Method(name, _, _)) if matches!(&**name, "parseJson" | "base64Decode"))
        {
            self.reads.opaque = true;
        }
        if &*reference.root == "context"
            && matches!(reference.parts.first(), Some(RefPart::Property(name, _)) if &**name == "error")
        {
            self.reads.context_error = true;
        }
        let literal_arg = |args: &[Expr]| args.first().and_then(string_literal);
        match (&*reference.root, reference.parts.as_slice()) {
            ("input", [RefPart::Method(name, args, _), rest @ ..]) if &**name == "params" => {
                match (literal_arg(args), rest) {
                    (Some(param), _) => {
                        if leaf == Leaf::Number {
                            add(&mut self.reads.numeric, param.clone());
                        }
                        add(&mut self.reads.params, param);
                    }
                    (None, [RefPart::Property(section, _), member, ..]) => {
                        let key = match member {
                            RefPart::Property(key, _) => Some(key.to_string()),
                            RefPart::Method(get, args, _) if &**get == "get" => literal_arg(args),
                            RefPart::Index(index, _) => string_literal(index),
                            RefPart::Method(..) => None,
                        };
                        if let Some(key) = key {
                            if leaf == Leaf::Number {
                                add(&mut self.reads.numeric, key.clone());
                            }
                            match &**section {
                                "header" => add(&mut self.reads.headers, key),
                                "querystring" => add(&mut self.reads.query, key),
                                "path" => add(&mut self.reads.path, key),
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            ("stageVariables", [RefPart::Property(name, _), ..]) => {
                if leaf == Leaf::Number {
                    add(&mut self.reads.numeric, name.to_string());
                }
                add(&mut self.reads.stage_variables, name.to_string());
            }
            (root, parts) => {
                let base = self
                    .loop_variables
                    .get(root)
                    .map(|path| (path.clone(), true))
                    .or_else(|| {
                        self.path_variables
                            .get(root)
                            .map(|path| (path.clone(), false))
                    });
                let Some((path, is_item)) = base else { return };
                let (mut steps, whole) = member_steps(parts);
                // Only a reference that is the value itself (`$count`, `$item.price`) tells the
                // value's kind; `$item.name.length()` says nothing about it.
                let leaf = if whole { leaf } else { Leaf::String };
                if is_item {
                    steps.insert(0, Step::Item);
                }
                self.member_reads.push((path, steps, leaf));
            }
        }
    }
}

/// One generated request and whether it is a typical one (every field present, plain values).
struct Request {
    event: Json,
    typical: bool,
}

/// The generated requests, the typical one first, at most [`MAX_REQUESTS`].
fn requests(reads: &Reads) -> Vec<Request> {
    let sample = Json::String("sample".into());
    let number = json!(42);
    let typical = Leaves {
        string: &sample,
        number: &number,
    };
    // A template that reads no path takes the body as a whole: a typical body is an object.
    let full = |leaves: &Leaves<'_>, items: usize| match (&reads.body, leaves.string) {
        (Shape::Leaf(_), Json::String(text)) if text == "sample" => json!({}),
        (body, _) => body.instantiate(leaves, items, None),
    };
    let mut requests = vec![
        // Two items: what a trailing comma or a missing separator needs to show.
        Request {
            event: event(reads, Some(full(&typical, 2)), Some(&sample)),
            typical: true,
        },
        Request {
            event: event(reads, None, None),
            typical: false,
        },
        Request {
            event: event(reads, Some(json!({})), None),
            typical: false,
        },
    ];
    let mut edge = |event: Json| {
        requests.push(Request {
            event,
            typical: false,
        })
    };
    for awkward in AWKWARD_STRINGS {
        let text = Json::String((*awkward).to_string());
        let leaves = Leaves {
            string: &text,
            number: &number,
        };
        edge(event(reads, Some(full(&leaves, 2)), Some(&text)));
    }
    for value in [json!(true), Json::Null] {
        let leaves = Leaves {
            string: &value,
            number: &value,
        };
        edge(event(reads, Some(full(&leaves, 2)), Some(&sample)));
    }
    for items in [0, 1] {
        edge(event(reads, Some(full(&typical, items)), Some(&sample)));
    }
    let mut missing = Vec::new();
    reads.body.key_paths(&mut Vec::new(), &mut missing);
    for path in &missing {
        let body = reads.body.instantiate(&typical, 2, Some(path));
        edge(event(reads, Some(body), Some(&sample)));
    }
    requests.truncate(MAX_REQUESTS);
    requests
}

/// A REST proxy event: `body` (absent for an empty payload), and every parameter and header the
/// template reads set to `value` (or left out when `value` is `None`). Those printed outside quotes
/// get a number; stage variables, set by whoever deploys, always get a plain value.
fn event(reads: &Reads, body: Option<Json>, value: Option<&Json>) -> Json {
    let text = |name: &str, v: &Json| match v {
        _ if reads.numeric.iter().any(|n| n == name) => "42".to_string(),
        Json::String(s) => s.clone(),
        other => other.to_string(),
    };
    let map = |names: &[String], value: Option<&Json>| -> serde_json::Map<String, Json> {
        let mut map = serde_json::Map::new();
        if let Some(value) = value {
            for name in names {
                map.insert(name.clone(), Json::String(text(name, value)));
            }
        }
        map
    };
    let mut headers = map(&reads.headers, value);
    headers.insert("Content-Type".into(), "application/json".into());
    let query: Vec<String> = reads.query.iter().chain(&reads.params).cloned().collect();
    let plain = Json::String("sample".into());
    let mut request = serde_json::Map::new();
    request.insert("httpMethod".into(), "POST".into());
    if let Some(body) = body {
        request.insert("body".into(), Json::String(body.to_string()));
    }
    request.insert("headers".into(), Json::Object(headers));
    request.insert(
        "queryStringParameters".into(),
        Json::Object(map(&query, value)),
    );
    request.insert(
        "pathParameters".into(),
        Json::Object(map(&reads.path, value)),
    );
    request.insert(
        "stageVariables".into(),
        Json::Object(map(&reads.stage_variables, Some(&plain))),
    );
    // Gateway response templates read `$context.error.*`, which API Gateway always sets there.
    if reads.context_error {
        request.insert(
            "requestContext".into(),
            json!({"error": {
                "message": "Missing Authentication Token",
                "messageString": "\"Missing Authentication Token\"",
                "responseType": "MISSING_AUTHENTICATION_TOKEN",
                "validationErrorString": "",
            }}),
        );
    }
    Json::Object(request)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing;

    fn deep(text: &str, role: TemplateRole) -> Vec<(String, Finding)> {
        let template = testing::template(text, role);
        let parsed = Template::parse("t.vtl", text).expect("parses");
        check(&template, &parsed)
            .into_iter()
            .map(|finding| {
                let at = match finding.target {
                    Target::Template(s, e) => text[s..e].to_string(),
                    Target::Host(_) => String::new(),
                };
                (at, finding)
            })
            .collect()
    }

    #[test]
    fn unquoted_strings_and_missing_values_are_found_with_the_request() {
        let text =
            "{\n  \"name\": \"$input.path('$.name')\",\n  \"count\": $input.path('$.count')\n}";
        let found = deep(text, TemplateRole::Unknown);
        let at: Vec<_> = found.iter().map(|(at, _)| at.as_str()).collect();
        // A quote in the name breaks the string; a missing count leaves `"count": ,`.
        assert_eq!(
            at,
            vec!["$input.path('$.name')", "$input.path('$.count')"],
            "{found:?}"
        );
        // The count is a number in a typical request: the empty bodies, null and its absence break it.
        assert!(
            found[1].1.message.contains("for 4 of"),
            "{}",
            found[1].1.message
        );
        let note = found[0].1.note.as_deref().unwrap_or("");
        assert!(note.starts_with("request: {"), "{note}");
    }

    #[test]
    fn arrays_are_iterated_with_zero_one_and_two_items() {
        let text = "{\"ids\": [\n#foreach($item in $input.path('$.items'))\n  $item.id,\n#end\n]}";
        let found = deep(text, TemplateRole::Unknown);
        // A null id prints nothing; the trailing comma breaks every request with items.
        let at: Vec<_> = found.iter().map(|(at, _)| at.as_str()).collect();
        assert_eq!(at, vec!["$item.id", ","], "{found:?}");
        assert!(found[1].1.message.contains("trailing comma"), "{found:?}");
        // Two items is the typical request: the trailing comma is an error, the null id a warning.
        assert_eq!(found[1].1.severity, None);
        assert_eq!(found[0].1.severity, Some(Severity::Warning));
        let note = found[1].1.note.as_deref().unwrap_or("");
        assert!(note.contains("items"), "{note}");
        let note = found[0].1.note.as_deref().unwrap_or("");
        assert!(note.contains("items"), "{note}");
    }

    #[test]
    fn robust_templates_give_no_findings() {
        let text = "#set($items = $input.path('$.items'))\n{\n  \"name\": \"$util.escapeJavaScript($input.path('$.name')).replaceAll(\"\\\\'\", \"'\")\",\n  \"body\": $input.json('$'),\n  \"items\": [#foreach($i in $items)$input.json(\"$.items[$foreach.index]\")#if($foreach.hasNext),#end#end],\n  \"id\": \"$util.escapeJavaScript($input.params('id')).replaceAll(\"\\\\'\", \"'\")\"\n}";
        let found = deep(text, TemplateRole::Unknown);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn gateway_response_templates_get_an_error_context() {
        let text = "{\"message\": $context.error.messageString, \"type\": \"$context.error.responseType\"}";
        assert!(deep(text, TemplateRole::Unknown).is_empty());
    }

    #[test]
    fn templates_that_do_not_write_json_are_left_alone() {
        let text = "Action=SendMessage&MessageBody=$util.urlEncode($input.body)";
        let role = TemplateRole::Request {
            content_type: "application/json".into(),
        };
        assert!(deep(text, role).is_empty());
    }

    #[test]
    fn paths_are_parsed_into_keys_and_items() {
        assert_eq!(
            parse_path("$.a['b-c'][0].d"),
            Some(vec![
                Step::Key("a".into()),
                Step::Key("b-c".into()),
                Step::Item,
                Step::Key("d".into())
            ])
        );
        assert_eq!(parse_path("$..price"), None);
        assert_eq!(parse_path("$.items[?(@.x)]"), None);
        assert_eq!(parse_path("$"), Some(vec![]));
    }
}
