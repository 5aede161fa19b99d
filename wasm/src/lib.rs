//! WebAssembly bindings of apigw-vtl: a thin wasm-bindgen shim over the library's public API.
//!
//! Every export returns its failures as values (`{ output: null, diagnostics: [...] }`), never as
//! thrown strings; diagnostics carry 1-based line and column ranges into the text they point at.
//! The conversion between JavaScript values and the library's types lives in [`shim`], which is
//! plain Rust so that native tests can exercise it.

use wasm_bindgen::prelude::*;

pub mod shim;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Where a diagnostic points: the template, or one of the JSON inputs. */
export type DiagnosticSource = "template" | "event" | "integrationResponse" | "vars" | "options";

/** One problem found in a template or its inputs. */
export interface Diagnostic {
  /** `render` diagnostics: a short stable name (`syntax`, `render`, `unknown-method`, `unsupported`,
   * `limit`, `input`). `lint` diagnostics: the rule's code, `VTL001`... */
  code: string;
  /** The lint rule's kebab-case name (lint diagnostics only). */
  name?: string;
  /** What went wrong, without location. */
  message: string;
  /** `error` for render failures; lint rules report `error`, `warning` or `info`. */
  severity: "error" | "warning" | "info";
  /** Which text `line`/`column` refer to. */
  source: DiagnosticSource;
  /** 1-based line of the start, or null when the problem has no position. */
  line: number | null;
  /** 1-based column of the start, counted in Unicode characters (code points). */
  column: number | null;
  /** 1-based line of the end. */
  endLine: number | null;
  /** 1-based column just past the end (exclusive), in Unicode characters. */
  endColumn: number | null;
  /** A suggested fix, when the engine has one. */
  help: string | null;
  /** Further context (lint's `deep` check: the request that broke the output). */
  note?: string | null;
  /** The rustc-style excerpt the CLI prints: message, `--> name:line:column`, source line, caret. */
  rendered: string;
}

/** The override state after an API Gateway render (`$context.requestOverride`/`responseOverride`). */
export interface Overrides {
  requestOverride: Record<string, unknown>;
  responseOverride: Record<string, unknown>;
}

/** The result of `render`: the output, or null with at least one error diagnostic. */
export interface RenderResult {
  /** The rendered text exactly as API Gateway (or Velocity) produces it; null on error. */
  output: string | null;
  diagnostics: Diagnostic[];
  /** Overrides set by the template (API Gateway profile only; null otherwise or on error). */
  overrides: Overrides | null;
}

/** The result of `lint`. */
export interface LintResult {
  diagnostics: Diagnostic[];
}

/** A REST proxy event (what `sam local generate-event apigateway aws-proxy` prints). */
export type ProxyEvent = Record<string, unknown>;

/** The integration's answer, for response templates. */
export interface IntegrationResponse {
  statusCode?: number | string;
  headers?: Record<string, string>;
  body?: string | unknown;
}

export interface RenderOptions {
  /** `apigateway` (default): `$input`, `$util`, `$context`, `$stageVariables` from the event, with
   * API Gateway's behaviour and quotas. `velocity`: stock Velocity 1.7 with `vars` as variables. */
  profile?: "apigateway" | "velocity";
  /** Renders a response template: `$input` reads this response's body (object or JSON text). */
  integrationResponse?: IntegrationResponse | string | null;
  /** Variables for the `velocity` profile (object or JSON text). */
  vars?: Record<string, unknown> | string | null;
  /** The template's name in diagnostics' excerpts (default `template.vtl`). */
  name?: string;
}

export interface LintOptions {
  /** The template's name in diagnostics' excerpts (default `template.vtl`). */
  name?: string;
  /** Also render the template against generated edge-case requests (rule VTL030). */
  deep?: boolean;
  /** Run only these rules (codes or names). */
  select?: string[];
  /** Skip these rules (codes or names). */
  ignore?: string[];
}
"#;

/// Renders `template` for `event` (an object or JSON text; ignored by the `velocity` profile).
#[wasm_bindgen(unchecked_return_type = "RenderResult")]
pub fn render(
    template: &str,
    #[wasm_bindgen(unchecked_param_type = "ProxyEvent | string | null")] event: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RenderOptions")] options: Option<JsValue>,
) -> JsValue {
    let result = shim::render(
        template,
        &to_input(&event),
        &to_input(&options.unwrap_or(JsValue::UNDEFINED)),
    );
    to_js(&result)
}

/// Checks a template without rendering it. For now this reports syntax (parse) errors only.
#[wasm_bindgen(unchecked_return_type = "LintResult")]
pub fn lint(
    template: &str,
    #[wasm_bindgen(unchecked_param_type = "LintOptions")] options: Option<JsValue>,
) -> JsValue {
    let result = shim::lint(template, &to_input(&options.unwrap_or(JsValue::UNDEFINED)));
    to_js(&result)
}

/// The version of apigw-vtl compiled into this module.
#[wasm_bindgen]
pub fn version() -> String {
    shim::VERSION.to_string()
}

/// A JavaScript value as the shim's input: JSON text stays text, other values are stringified.
fn to_input(value: &JsValue) -> shim::Input {
    if value.is_undefined() || value.is_null() {
        return shim::Input::Absent;
    }
    if let Some(text) = value.as_string() {
        return shim::Input::Text(text);
    }
    match js_sys::JSON::stringify(value) {
        Ok(text) => shim::Input::Value(String::from(text)),
        Err(_) => shim::Input::Unreadable,
    }
}

fn to_js(value: &serde_json::Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}
