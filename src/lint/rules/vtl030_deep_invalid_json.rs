//! VTL030 `deep-invalid-json` (`lint --deep` only): a JSON-producing template whose output is not
//! valid JSON for some generated request (empty body, missing field, quote in a string...).

use crate::lint::deep;
use crate::lint::diagnostic::Severity;
use crate::lint::rule::{Check, Rule};

/// ## What it does
/// With `lint --deep`, renders each template whose output is meant to be JSON against up to 64
/// generated requests built from the paths the template reads: an empty body, `{}`, every field
/// missing in turn, strings with `'`, `"`, `\`, newlines and non-ASCII characters, `true` and
/// `null` values, arrays of 0, 1 and 2 items, and parameters present or absent. Each place where
/// the output stops being JSON is reported once, with the first request that breaks it as a note:
/// as an error when a typical request (every field present, plain values) breaks it, as a warning
/// when only edge cases do. A template that writes nothing for a request is not reported for it.
///
/// ## Why is this bad?
/// A template that works for the sample request can still send broken JSON to the backend for the
/// requests nobody tried: a name with a quote in it, an order without items, a missing field
/// printed as a bare value. API Gateway does not check the output; the backend rejects it.
///
/// ## Example
/// ```vtl
/// {"name": "$input.path('$.name')", "count": $input.path('$.count')}
/// ```
/// Use instead:
/// ```vtl
/// #set($count = $input.path('$.count'))
/// {"name": $input.json('$.name'), "count": #if($count)$count#{else}0#end}
/// ```
pub const RULE: Rule = Rule {
    code: "VTL030",
    name: "deep-invalid-json",
    severity: Severity::Error,
    summary: "(`--deep`) output is not valid JSON for a generated edge-case request",
    check: Check::Deep(deep::check),
};
