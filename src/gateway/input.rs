//! `$input`: the payload (`body`), JSONPath reads (`path`, `json`) and request parameters
//! (`params`), as API Gateway offers them to request and response templates.

use std::cell::RefCell;
use std::collections::HashMap;

use indexmap::IndexMap;

use super::event::Event;
use super::path::{CompiledPath, Document};
use super::profile::open::HEADER_LOOKUP_CASE_SENSITIVE;
use super::strictjson;
use crate::limit::Limit;
use crate::render::value::{FastHash, HostObject, Key, Value};

/// The `$input` object of one render; it reads the shared event and builds nothing it is not asked for.
#[derive(Debug)]
pub struct Input {
    /// The integration response's body; `None` reads the request body from `event`.
    response_body: Option<String>,
    event: Event,
    params: RefCell<Option<Value>>,
    document: RefCell<Option<Result<Document, String>>>,
    max_path_segments: usize,
    /// Whether `$input.path('$')` and `$input.json('$')` read the body's text directly (when
    /// the template reads no other path) instead of parsing the document other paths share.
    whole_body_from_text: bool,
}

/// Compiled JSONPaths, kept per thread across renders: a path's compiled form depends only on
/// its text, and templates read the same few paths on every render.
type Paths = HashMap<String, (CompiledPath, usize), FastHash>;

/// Paths kept per thread before the cache starts over.
const MAX_CACHED_PATHS: usize = 1024;

thread_local! {
    static PATHS: RefCell<Paths> = RefCell::new(Paths::default());
}

/// The compiled form of `path`, compiled once per thread; refused past `max_segments` (checked on
/// every read, as limits may differ between renders on one thread).
fn compiled(path: &str, max_segments: usize) -> Result<CompiledPath, String> {
    let cached = PATHS.with(|paths| paths.borrow().get(path).cloned());
    let (c, segments) = match cached {
        Some(found) => found,
        None => {
            let segments = path_segments(path);
            if segments > max_segments {
                return Err(too_deep(segments, max_segments));
            }
            let c = CompiledPath::compile(path)?;
            PATHS.with(|paths| {
                let mut paths = paths.borrow_mut();
                if paths.len() >= MAX_CACHED_PATHS {
                    paths.clear();
                }
                paths.insert(path.to_string(), (c.clone(), segments));
            });
            (c, segments)
        }
    };
    if segments > max_segments {
        return Err(too_deep(segments, max_segments));
    }
    Ok(c)
}

fn too_deep(segments: usize, max_segments: usize) -> String {
    Limit::JsonPathDepth.host_message(
        format!("the JSONPath has {segments} segments"),
        max_segments,
    )
}

fn string_map(source: &IndexMap<String, String>) -> Value {
    let mut entries = IndexMap::with_capacity_and_hasher(source.len(), Default::default());
    for (k, v) in source {
        entries.insert(Key::str(k.as_str()), Value::str(v.as_str()));
    }
    Value::map(entries)
}

impl Input {
    /// `$input` for `event`, reading `response_body` (an integration response's) when given, else
    /// the request body, which stays in the shared event instead of being copied.
    pub fn new(event: &Event, response_body: Option<&str>) -> Input {
        Input {
            response_body: response_body.map(str::to_string),
            event: event.clone(),
            params: RefCell::new(None),
            document: RefCell::new(None),
            max_path_segments: usize::MAX,
            whole_body_from_text: true,
        }
    }

    /// The payload; an empty one reads as "{}" (aws-input-body-*-empty-body,
    /// aws-sqs-body-without-payload).
    fn body(&self) -> &str {
        let body = self.response_body.as_deref().unwrap_or(&self.event.body);
        if body.is_empty() {
            "{}"
        } else {
            body
        }
    }

    /// The same `$input`, refusing JSONPaths of more than `max` segments.
    pub fn with_max_path_segments(mut self, max: usize) -> Input {
        self.max_path_segments = max;
        self
    }

    /// The same `$input`, reading the whole body from its text (`true`) or from the document.
    pub fn reading_whole_body_from_text(mut self, yes: bool) -> Input {
        self.whole_body_from_text = yes;
        self
    }

    /// `$input.params()`: built on first use, then the same map for the rest of the render.
    fn all_params(&self) -> Value {
        self.params
            .borrow_mut()
            .get_or_insert_with(|| {
                let mut params = IndexMap::default();
                params.insert(Key::str("path"), string_map(&self.event.path_parameters));
                params.insert(Key::str("querystring"), string_map(&self.event.query));
                params.insert(Key::str("header"), string_map(&self.event.headers));
                Value::map(params)
            })
            .clone()
    }

    /// Runs a JSONPath over the body (parsed once per render): the value, or its JSON text.
    fn read(&self, path: &str, as_json: bool) -> Result<Value, String> {
        // The whole body, while no other path shares a document: straight from the text.
        if path == "$" && self.whole_body_from_text && self.document.borrow().is_none() {
            if as_json {
                if let Some(json) = strictjson::compress(self.body()) {
                    return Ok(Value::str(json));
                }
            } else if let Some(value) = strictjson::parse_value(self.body()) {
                return Ok(value);
            }
        }
        let compiled = compiled(path, self.max_path_segments)?;
        let mut document = self.document.borrow_mut();
        let doc = document.get_or_insert_with(|| Document::parse(self.body()));
        match doc {
            Ok(doc) if as_json => compiled.read_json(doc).map(Value::str),
            Ok(doc) => compiled.read(doc).map(|v| v.unwrap_or(Value::Null)),
            Err(e) => Err(e.clone()),
        }
    }

    /// `$input.params('name')`: path, then query string, then header; "" when absent.
    fn param(&self, name: &str) -> Value {
        let event = &self.event;
        if let Some(v) = event
            .path_parameters
            .get(name)
            .or_else(|| event.query.get(name))
        {
            return Value::str(v.as_str());
        }
        let header = if HEADER_LOOKUP_CASE_SENSITIVE {
            event.headers.get(name)
        } else {
            event
                .headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v)
        };
        Value::str(header.map_or("", String::as_str))
    }
}

/// An upper bound on a JSONPath's segments: every `.` and `[` may start one (quoted names that
/// contain them count too, which only matters for paths near the limit).
fn path_segments(path: &str) -> usize {
    path.bytes().filter(|b| matches!(b, b'.' | b'[')).count()
}

impl HostObject for Input {
    fn class_name(&self) -> &str {
        "com.amazonaws.apigateway.Input"
    }

    fn property(&self, name: &str) -> Option<Value> {
        match name {
            "body" | "Body" => Some(Value::str(self.body())),
            _ => None,
        }
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        Some(match (name, args) {
            ("getBody", []) => Ok(Value::str(self.body())),
            ("params", []) => Ok(self.all_params()),
            ("params", [Value::Null]) => Ok(Value::str("")),
            ("params", [key]) => Ok(self.param(&key.to_java_string())),
            ("path", [path]) => self.read(&path.to_java_string(), false),
            ("json", [path]) => self.read(&path.to_java_string(), true),
            _ => return None,
        })
    }

    fn to_java_string(&self) -> String {
        "com.amazonaws.apigateway.Input".to_string()
    }
}
