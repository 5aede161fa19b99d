//! `$context` and `$stageVariables`: the request context in the key order AWS iterates it
//! (aws-sqs-context-keyset), with deterministic defaults and writable request/response overrides.

use std::cell::RefCell;
use std::rc::Rc;

use indexmap::IndexMap;
use serde_json::Value as Json;

use super::event::Event;
use crate::render::json_to_value;
use crate::render::methods::map_method;
use crate::render::value::{Entries, HostObject, Key, Map, MapData, Style, Value};

/// The keys of `$context.keySet()` in a request template, in AWS's order (aws-sqs-context-keyset).
const VISIBLE_KEYS: &[&str] = &[
    "resourceId",
    "resourcePath",
    "httpMethod",
    "extendedRequestId",
    "requestTime",
    "path",
    "accountId",
    "protocol",
    "requestOverride",
    "stage",
    "domainPrefix",
    "requestTimeEpoch",
    "requestId",
    "identity",
    "domainName",
    "deploymentId",
    "responseOverride",
    "apiId",
];

/// `$context.identity.keySet()` in AWS's order (aws-sqs-context-keyset).
const IDENTITY_KEYS: &[&str] = &[
    "cognitoIdentityPoolId",
    "accountId",
    "cognitoIdentityId",
    "caller",
    "sourceIp",
    "principalOrgId",
    "accessKey",
    "cognitoAuthenticationType",
    "cognitoAuthenticationProvider",
    "userArn",
    "userAgent",
    "user",
];

/// Documented variables that read but are not in `keySet()` (authorizer, isCanaryRequest, ...).
const HIDDEN_KEYS: &[&str] = &[
    "authorizer",
    "isCanaryRequest",
    "error",
    "awsEndpointRequestId",
    "wafResponseCode",
    "webaclArn",
    "xrayTraceId",
];

/// Defaults for a request whose event leaves them out (the values of the sample proxy event).
const DEFAULT_REQUEST_ID: &str = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";
const DEFAULT_REQUEST_TIME: &str = "09/Apr/2015:12:34:56 +0000";
const DEFAULT_REQUEST_TIME_EPOCH: i64 = 1_428_582_896_000;

/// `$context`: a map whose nested maps print as "" and with readable keys outside `keySet()`.
/// It is built lazily: most templates read two or three keys, which are computed from the event
/// directly; the whole map exists only once something iterates, prints or writes it.
#[derive(Debug)]
pub struct ContextObject {
    event: Event,
    derived: std::cell::OnceCell<Derived>,
    visible: RefCell<Option<Map>>,
    /// `$context.identity`, built on its own when read before the whole map is needed: the
    /// visible map takes this same value when it is built, so writes through either agree.
    identity: std::cell::OnceCell<Value>,
    hidden: RefCell<Option<IndexMap<String, Value>>>,
}

fn opaque_map(entries: Entries) -> Value {
    // `$context.get('identity')` inside a string prints "" on AWS (aws-sqs-context-keyset).
    Value::styled_map(entries, Style::Opaque)
}

fn empty_opaque() -> Value {
    opaque_map(IndexMap::default())
}

/// The fields `$context` derives its defaults from.
#[derive(Debug)]
struct Derived {
    stage: String,
    api_id: String,
    domain_name: String,
}

impl Derived {
    fn of(event: &Event) -> Derived {
        let given = &event.request_context;
        let stage = match given.get("stage") {
            Some(Json::String(s)) => s.clone(),
            _ => "prod".to_string(),
        };
        let api_id = match given.get("apiId") {
            Some(Json::String(s)) => s.clone(),
            _ => "1234567890".to_string(),
        };
        let domain_name = event
            .header("Host")
            .map(str::to_string)
            .unwrap_or_else(|| format!("{api_id}.execute-api.us-east-1.amazonaws.com"));
        Derived {
            stage,
            api_id,
            domain_name,
        }
    }
}

/// The value a visible key starts with: from the event's requestContext, else the default.
fn initial(event: &Event, derived: &Derived, key: &str) -> Value {
    let given = &event.request_context;
    let string = |default: String| -> Value {
        match given.get(key) {
            Some(Json::Null) => Value::Null,
            Some(v) => json_to_value(v),
            None => Value::str(default),
        }
    };
    match key {
        "resourceId" => string("123456".into()),
        "resourcePath" => string(event.resource.clone()),
        "httpMethod" => string(event.http_method.clone()),
        "extendedRequestId" => string("c6af9ac6EXAMPLE=".into()),
        "requestTime" => string(DEFAULT_REQUEST_TIME.into()),
        // $context.path includes the stage (aws-sqs-context-keyset: /testing/sqs).
        "path" => string(format!("/{}{}", derived.stage, event.path)),
        "accountId" => string("123456789012".into()),
        "protocol" => string("HTTP/1.1".into()),
        "requestOverride" => {
            let mut m = IndexMap::default();
            for part in ["path", "header", "querystring"] {
                m.insert(Key::str(part), empty_opaque());
            }
            opaque_map(m)
        }
        "stage" => Value::str(derived.stage.as_str()),
        "domainPrefix" => string(
            derived
                .domain_name
                .split('.')
                .next()
                .unwrap_or("")
                .to_string(),
        ),
        "requestTimeEpoch" => match given.get(key) {
            Some(v) => json_to_value(v),
            None => Value::Long(DEFAULT_REQUEST_TIME_EPOCH),
        },
        "requestId" => string(DEFAULT_REQUEST_ID.into()),
        "identity" => identity(given.get("identity"), event),
        "domainName" => string(derived.domain_name.clone()),
        "deploymentId" => string("abcdef".into()),
        // In a request template responseOverride holds only `header` (aws-sqs-context-keyset).
        "responseOverride" => {
            let mut m = IndexMap::default();
            m.insert(Key::str("header"), empty_opaque());
            opaque_map(m)
        }
        "apiId" => Value::str(derived.api_id.as_str()),
        _ => given.get(key).map_or(Value::Null, json_to_value),
    }
}

/// Visible keys whose values are maps: reading them materialises `$context`, so writes persist.
const MAP_KEYS: &[&str] = &["requestOverride", "responseOverride", "identity"];

impl ContextObject {
    /// The context for `event`.
    pub fn new(event: &Event) -> ContextObject {
        ContextObject {
            event: event.clone(),
            derived: std::cell::OnceCell::new(),
            visible: RefCell::new(None),
            identity: std::cell::OnceCell::new(),
            hidden: RefCell::new(None),
        }
    }

    /// Stage, API id and domain name, derived from the event once per render.
    fn derived(&self) -> &Derived {
        self.derived.get_or_init(|| Derived::of(&self.event))
    }

    /// The whole visible map, built on first use.
    fn visible(&self) -> Map {
        if let Some(map) = self.visible.borrow().as_ref() {
            return map.clone();
        }
        let derived = self.derived();
        let mut visible: Entries = IndexMap::default();
        for key in VISIBLE_KEYS {
            let value = match (*key, self.identity.get()) {
                ("identity", Some(identity)) => identity.clone(),
                _ => initial(&self.event, derived, key),
            };
            visible.insert(Key::str(*key), value);
        }
        for (key, value) in &self.event.request_context {
            if VISIBLE_KEYS.contains(&key.as_str()) || HIDDEN_KEYS.contains(&key.as_str()) {
                continue;
            }
            visible.insert(Key::str(key.as_str()), json_to_value(value));
        }
        let map: Map = Rc::new(RefCell::new(MapData {
            entries: visible,
            style: Style::Java,
        }));
        *self.visible.borrow_mut() = Some(map.clone());
        map
    }

    /// Readable keys outside `keySet()`.
    fn hidden(&self, name: &str) -> Value {
        let mut hidden = self.hidden.borrow_mut();
        let hidden = hidden.get_or_insert_with(|| {
            let mut hidden = IndexMap::default();
            for (key, value) in &self.event.request_context {
                if key == "authorizer" {
                    hidden.insert(key.clone(), authorizer(value));
                } else if HIDDEN_KEYS.contains(&key.as_str()) {
                    hidden.insert(key.clone(), json_to_value(value));
                }
            }
            // `$context.authorizer.keySet()` is empty without an authorizer (aws-sqs-context-keyset).
            hidden
                .entry("authorizer".to_string())
                .or_insert_with(|| Value::map(IndexMap::default()));
            // `$context.isCanaryRequest` renders "false" (aws-canary-stagevars-default).
            hidden
                .entry("isCanaryRequest".to_string())
                .or_insert(Value::Bool(false));
            hidden
        });
        hidden.get(name).cloned().unwrap_or(Value::Null)
    }

    /// `$context.requestOverride` or `$context.responseOverride` as it is now; `None` when the
    /// template never touched `$context` in a way that could change it.
    pub fn section(&self, name: &str) -> Option<Value> {
        let visible = self.visible.borrow();
        visible
            .as_ref()
            .map(|map| map.borrow().get(name).cloned().unwrap_or(Value::Null))
    }

    /// Replaces an override section (to carry the request template's overrides into the response).
    pub fn set_section(&self, name: &str, value: Value) {
        self.visible().borrow_mut().insert(Key::str(name), value);
    }
}

fn identity(given: Option<&Json>, event: &Event) -> Value {
    let none = serde_json::Map::new();
    let given = match given {
        Some(Json::Object(m)) => m,
        _ => &none,
    };
    let mut entries =
        IndexMap::with_capacity_and_hasher(IDENTITY_KEYS.len() + given.len(), Default::default());
    for key in IDENTITY_KEYS {
        let value = match (given.get(*key), *key) {
            (Some(v), _) => json_to_value(v),
            (None, "sourceIp") => Value::str("127.0.0.1"),
            (None, "userAgent") => event.header("User-Agent").map_or(Value::Null, Value::str),
            (None, _) => Value::Null,
        };
        entries.insert(Key::str(*key), value);
    }
    for (key, value) in given {
        if !IDENTITY_KEYS.contains(&key.as_str()) {
            entries.insert(Key::str(key.as_str()), json_to_value(value));
        }
    }
    opaque_map(entries)
}

/// Lambda-authorizer context values reach templates as strings (number 1 becomes "1"); Cognito
/// claims stay a map under `claims`.
fn authorizer(given: &Json) -> Value {
    let Json::Object(map) = given else {
        return Value::map(IndexMap::default());
    };
    let mut entries = IndexMap::default();
    for (key, value) in map {
        let converted = match (key.as_str(), value) {
            ("claims", Json::Object(claims)) => {
                let mut c = IndexMap::default();
                for (k, v) in claims {
                    c.insert(Key::str(k.as_str()), stringified(v));
                }
                opaque_map(c)
            }
            (_, v) => stringified(v),
        };
        entries.insert(Key::str(key.as_str()), converted);
    }
    Value::map(entries)
}

fn stringified(json: &Json) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::String(s) => Value::str(s.as_str()),
        other => Value::str(other.to_string()),
    }
}

impl HostObject for ContextObject {
    fn class_name(&self) -> &str {
        "java.util.LinkedHashMap"
    }

    fn property(&self, name: &str) -> Option<Value> {
        let materialised = self.visible.borrow().clone();
        match materialised {
            Some(map) => {
                if let Some(v) = map.borrow().get(name) {
                    return Some(v.clone());
                }
            }
            None => {
                let visible = VISIBLE_KEYS.contains(&name)
                    || (self.event.request_context.contains_key(name)
                        && !HIDDEN_KEYS.contains(&name));
                if name == "identity" && VISIBLE_KEYS.contains(&name) {
                    let identity = self
                        .identity
                        .get_or_init(|| initial(&self.event, self.derived(), name));
                    return Some(identity.clone());
                }
                if visible && MAP_KEYS.contains(&name) {
                    return self.visible().borrow().get(name).cloned();
                }
                if visible {
                    return Some(initial(&self.event, self.derived(), name));
                }
            }
        }
        Some(self.hidden(name))
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        match map_method(&self.visible(), name, args) {
            Ok(Some(v)) => Some(Ok(v)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }

    fn to_java_string(&self) -> String {
        Value::Map(self.visible()).to_java_string()
    }

    fn set_property(&self, name: &str, value: Value) -> bool {
        self.visible().borrow_mut().insert(Key::str(name), value);
        true
    }

    fn iterate(&self) -> Option<Vec<Value>> {
        Some(self.visible().borrow().values().cloned().collect())
    }

    fn index(&self, key: &Value) -> Option<Value> {
        match key {
            Value::Str(s) => self.property(s),
            other => self.visible().borrow().get(&Key(other.clone())).cloned(),
        }
    }

    fn set_index(&self, key: &Value, value: Value) -> bool {
        self.visible().borrow_mut().insert(Key(key.clone()), value);
        true
    }
}

/// `$stageVariables`: a map of the stage's variables (an undefined one reads as null, printed "").
pub fn stage_variables(event: &Event) -> Value {
    let mut entries = IndexMap::default();
    for (k, v) in &event.stage_variables {
        entries.insert(Key::str(k.as_str()), Value::str(v.as_str()));
    }
    Value::map(entries)
}

/// A shared `$context` object and the value templates see.
pub fn context_value(event: &Event) -> (Rc<ContextObject>, Value) {
    let object = Rc::new(ContextObject::new(event));
    let value = Value::Object(object.clone());
    (object, value)
}
