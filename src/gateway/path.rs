//! `$input.path` and `$input.json` over the JSONPath engine: the body parsed once into json-smart's
//! model, results turned into template values (maps print `{k=v}`, arrays print as JSON).

use indexmap::IndexMap;

use super::jsonpath::{Found, JsonPath, ReadRef, ReadResult};
use super::profile::open::INPUT_JSON_MISSING_IS_NULL;
use super::smartjson::{self, SmartJson, SmartNumber};
use super::strictjson;
use crate::render::java::number::JavaNumber;
use crate::render::ops::from_number;
use crate::render::value::{Key, Style, Value};

/// A parsed body.
#[derive(Debug)]
pub struct Document(SmartJson);

impl Document {
    /// Parses the body as Jayway's json-smart provider does. Strict JSON, the common case, is
    /// read in one pass straight into json-smart's model; json-smart reads every strict document
    /// the same way, so only the rest needs its permissive parser and its quirks.
    pub fn parse(body: &str) -> Result<Document, String> {
        match strictjson::parse(body) {
            Some(json) => Ok(Document(json)),
            None => smartjson::parse(body).map(Document),
        }
    }
}

/// A compiled JSONPath (cheap to clone: the compiled form is shared).
#[derive(Clone, Debug)]
pub struct CompiledPath(JsonPath);

impl CompiledPath {
    /// Compiles `path`; the error is Jayway's InvalidPathException text.
    pub fn compile(path: &str) -> Result<CompiledPath, String> {
        JsonPath::compile(path).map(CompiledPath)
    }

    /// `$input.path`: the match as a value; a missing path is null. Matches are converted
    /// straight from the document, without copying them first.
    pub fn read(&self, doc: &Document) -> Result<Option<Value>, String> {
        Ok(match self.0.read_ref(&doc.0)? {
            ReadRef::Missing => None,
            ReadRef::Value(found) => Some(found_to_value(&found)),
            ReadRef::List(items) => Some(Value::styled_list(
                items.iter().map(found_to_value).collect(),
                Style::Json,
            )),
        })
    }

    /// `$input.json`: the match as compact JSON (json-smart's LT_COMPRESS style); a missing
    /// path gives `null`.
    pub fn read_json(&self, doc: &Document) -> Result<String, String> {
        // A single node (the common `$` or `$.a.b`) prints straight from the document.
        if let ReadRef::Value(Found::Node(node)) = self.0.read_ref(&doc.0)? {
            return Ok(smartjson::to_json_compress(node));
        }
        Ok(match self.0.read(&doc.0)? {
            ReadResult::Missing if INPUT_JSON_MISSING_IS_NULL => "null".to_string(),
            ReadResult::Missing => String::new(),
            ReadResult::Value(v) => smartjson::to_json_compress(&v),
            ReadResult::List(items) => smartjson::to_json_compress(&SmartJson::Array(items)),
        })
    }
}

fn found_to_value(found: &Found<'_>) -> Value {
    match found {
        Found::Node(node) => to_value(node),
        Found::Null => Value::Null,
        Found::Merged(_) => to_value(&found.to_json()),
    }
}

/// `$util.parseJson`: JSON text parsed as json-smart does, as template values.
pub fn parse_json_value(text: &str) -> Result<Value, String> {
    if let Some(value) = strictjson::parse_value(text) {
        return Ok(value);
    }
    Document::parse(text).map(|doc| to_value(&doc.0))
}

/// A json-smart number as a template value.
pub fn number_value(n: SmartNumber) -> Value {
    from_number(match n {
        SmartNumber::Int(v) => JavaNumber::Integer(v),
        SmartNumber::Long(v) => JavaNumber::Long(v),
        SmartNumber::BigInt(v) => JavaNumber::BigInteger(*v),
        SmartNumber::Double(v) => JavaNumber::Double(v),
        SmartNumber::Float(v) => JavaNumber::Double(f64::from(v)),
        SmartNumber::BigDecimal(v) => JavaNumber::BigDecimal(*v),
    })
}

/// json-smart values as template values.
pub fn to_value(json: &SmartJson) -> Value {
    match json {
        SmartJson::Null => Value::Null,
        SmartJson::Bool(b) => Value::Bool(*b),
        SmartJson::Number(n) => number_value(n.clone()),
        SmartJson::String(s) => Value::Str(s.clone()),
        SmartJson::Array(items) => {
            Value::styled_list(items.iter().map(to_value).collect(), Style::Json)
        }
        SmartJson::Object(map) => {
            let mut entries = IndexMap::with_capacity_and_hasher(map.len(), Default::default());
            for (k, v) in map.iter() {
                entries.insert(Key(Value::Str(k.clone())), to_value(v));
            }
            Value::map(entries)
        }
    }
}
