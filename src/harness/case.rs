//! A named case of a template: its variables or API Gateway event, and how to compare output.
//! Read from `NAME.cases.json`, whose keys are case names in run order.

use std::path::Path;

/// What a case renders with.
#[derive(Debug, Clone)]
pub enum CaseInput {
    /// Stock Velocity: top-level keys become variables.
    Vars(serde_json::Map<String, serde_json::Value>),
    /// An API Gateway REST proxy event, optionally with the integration response.
    Event {
        /// The event object.
        event: serde_json::Value,
        /// `{"statusCode", "headers", "body"}` for response templates.
        integration_response: Option<serde_json::Value>,
    },
}

/// How produced and expected outputs are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compare {
    /// Byte for byte.
    #[default]
    Exact,
    /// As parsed JSON.
    Json,
}

/// One named case.
#[derive(Debug, Clone)]
pub struct Case {
    /// The case name (the key in the cases file).
    pub name: String,
    /// What it renders with.
    pub input: CaseInput,
    /// How outputs are compared.
    pub compare: Compare,
    /// Dotted JSON paths whose values are ignored with `compare: json`.
    pub masks: Vec<String>,
    /// Why the engine is known not to reproduce this case yet (`"knownGap"` in the file).
    pub known_gap: Option<String>,
}

impl Case {
    /// The case used when a template has no cases file: no variables.
    pub fn default_case() -> Case {
        Case {
            name: "default".to_string(),
            input: CaseInput::Vars(serde_json::Map::new()),
            compare: Compare::Exact,
            masks: Vec::new(),
            known_gap: None,
        }
    }

    /// Reads every case of a cases file, in order.
    pub fn read_all(path: &Path) -> Result<Vec<Case>, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}:{}:{}: invalid JSON: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        let serde_json::Value::Object(cases) = json else {
            return Err(format!(
                "{}: expected an object whose keys are case names",
                path.display()
            ));
        };
        cases
            .into_iter()
            .map(|(name, spec)| {
                Case::from_json(name, spec).map_err(|e| format!("{}: case `{}`", path.display(), e))
            })
            .collect()
    }

    fn from_json(name: String, spec: serde_json::Value) -> Result<Case, String> {
        let serde_json::Value::Object(mut spec) = spec else {
            return Err(format!("{name}` must be an object"));
        };
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(format!("{name}`: names use letters, digits, `-` and `_`"));
        }
        let compare = match spec.remove("compare") {
            None => Compare::Exact,
            Some(serde_json::Value::String(s)) if s == "exact" => Compare::Exact,
            Some(serde_json::Value::String(s)) if s == "json" => Compare::Json,
            Some(other) => {
                return Err(format!(
                    "{name}`: `compare` must be \"exact\" or \"json\", not {other}"
                ))
            }
        };
        let masks = match spec.remove("masks") {
            None => Vec::new(),
            Some(serde_json::Value::Array(items)) => items
                .into_iter()
                .map(|m| match m {
                    serde_json::Value::String(s) => Ok(s),
                    other => Err(format!("{name}`: masks must be strings, not {other}")),
                })
                .collect::<Result<_, _>>()?,
            Some(other) => return Err(format!("{name}`: `masks` must be a list, not {other}")),
        };
        if !masks.is_empty() && compare != Compare::Json {
            // Masks only make sense on parsed JSON; silently comparing exactly would surprise.
            return Err(format!("{name}`: `masks` needs `\"compare\": \"json\"`"));
        }
        let known_gap = match spec.remove("knownGap") {
            None => None,
            Some(serde_json::Value::String(reason)) => Some(reason),
            Some(other) => {
                return Err(format!("{name}`: `knownGap` must be a string, not {other}"))
            }
        };
        let input = match (spec.remove("vars"), spec.remove("event")) {
            (Some(serde_json::Value::Object(vars)), None) => CaseInput::Vars(vars),
            (Some(_), None) => return Err(format!("{name}`: `vars` must be an object")),
            (None, Some(event)) => CaseInput::Event {
                event,
                integration_response: spec.remove("integrationResponse"),
            },
            (Some(_), Some(_)) => {
                return Err(format!("{name}`: give either `vars` or `event`, not both"))
            }
            (None, None) => CaseInput::Vars(serde_json::Map::new()),
        };
        Ok(Case {
            name,
            input,
            compare,
            masks,
            known_gap,
        })
    }
}
