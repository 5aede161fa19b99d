//! `$input.path` and `$input.json` over the JSONPath engine: the body parsed once into json-smart's
//! model, results turned into template values (maps print `{k=v}`, arrays print as JSON).

use indexmap::IndexMap;

use super::jsonpath::{JsonPath, ReadResult};
use super::profile::open::INPUT_JSON_MISSING_IS_NULL;
use super::smartjson::{self, SmartJson, SmartNumber};
use crate::render::java::number::JavaNumber;
use crate::render::ops::from_number;
use crate::render::value::{Key, Style, Value};

/// A parsed body.
#[derive(Debug)]
pub struct Document(SmartJson);

impl Document {
    /// Parses the body as Jayway's json-smart provider does.
    pub fn parse(body: &str) -> Result<Document, String> {
        smartjson::parse(body).map(Document)
    }
}

/// A JSONPath compiled once per render and path text.
#[derive(Clone, Debug)]
pub struct CompiledPath(JsonPath);

impl CompiledPath {
    /// Compiles `path`; the error is Jayway's InvalidPathException text.
    pub fn compile(path: &str) -> Result<CompiledPath, String> {
        JsonPath::compile(path).map(CompiledPath)
    }

    /// `$input.path`: the match as a value; a missing path is null.
    pub fn read(&self, doc: &Document) -> Result<Option<Value>, String> {
        Ok(match self.0.read(&doc.0)? {
            ReadResult::Missing => None,
            ReadResult::Value(v) => Some(to_value(&v)),
            ReadResult::List(items) => Some(Value::styled_list(
                items.iter().map(to_value).collect(),
                Style::Json,
            )),
        })
    }

    /// `$input.json`: the match as compact JSON (json-smart's LT_COMPRESS style); a missing
    /// path gives `null`.
    pub fn read_json(&self, doc: &Document) -> Result<String, String> {
        Ok(match self.0.read(&doc.0)? {
            ReadResult::Missing if INPUT_JSON_MISSING_IS_NULL => "null".to_string(),
            ReadResult::Missing => String::new(),
            ReadResult::Value(v) => smartjson::to_json_compress(&v),
            ReadResult::List(items) => smartjson::to_json_compress(&SmartJson::Array(items)),
        })
    }
}

/// `$util.parseJson`: JSON text parsed as json-smart does, as template values.
pub fn parse_json_value(text: &str) -> Result<Value, String> {
    smartjson::parse(text).map(|json| to_value(&json))
}

/// json-smart values as template values.
pub fn to_value(json: &SmartJson) -> Value {
    match json {
        SmartJson::Null => Value::Null,
        SmartJson::Bool(b) => Value::Bool(*b),
        SmartJson::Number(n) => from_number(match n {
            SmartNumber::Int(v) => JavaNumber::Integer(*v),
            SmartNumber::Long(v) => JavaNumber::Long(*v),
            SmartNumber::BigInt(v) => JavaNumber::BigInteger(v.clone()),
            SmartNumber::Double(v) => JavaNumber::Double(*v),
            SmartNumber::Float(v) => JavaNumber::Double(f64::from(*v)),
            SmartNumber::BigDecimal(v) => JavaNumber::BigDecimal(v.clone()),
        }),
        SmartJson::String(s) => Value::str(s.as_str()),
        SmartJson::Array(items) => {
            Value::styled_list(items.iter().map(to_value).collect(), Style::Json)
        }
        SmartJson::Object(map) => {
            let mut entries = IndexMap::with_capacity(map.len());
            for (k, v) in map {
                entries.insert(Key::str(k.as_str()), to_value(v));
            }
            Value::map(entries)
        }
    }
}
