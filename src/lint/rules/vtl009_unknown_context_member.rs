//! VTL009 `unknown-context-member`: a `$context` variable (or `identity.*`, `error.*`, override
//! section) that API Gateway does not provide, with the member the author probably meant.

use crate::lint::diagnostic::Severity;
use crate::lint::refs::{did_you_mean, members, same_but_case, Member};
use crate::lint::rule::{Check, Findings, Rule, TemplateContext};
use crate::lint::walk::{walk, Place, Scope, Visitor};
use crate::syntax::ast::Reference;

/// ## What it does
/// Checks every `$context.x` against the variables API Gateway gives mapping templates, including
/// the nested ones (`$context.identity.x`, `$context.error.x`, `$context.requestOverride.x`,
/// `$context.responseOverride.x`). `$context.authorizer.*` keys come from the authorizer and are
/// not checked.
///
/// ## Why is this bad?
/// A misspelt variable is not an error at deploy or at run time: API Gateway renders it as an empty
/// string, so `"ip": "$context.identity.sourceIP"` sends `"ip": ""` to the backend forever.
///
/// ## Example
/// ```vtl
/// {"ip": "$context.identity.sourceIP", "method": "$context.httpmethod"}
/// ```
/// Use instead:
/// ```vtl
/// {"ip": "$context.identity.sourceIp", "method": "$context.httpMethod"}
/// ```
pub const RULE: Rule = Rule {
    code: "VTL009",
    name: "unknown-context-member",
    severity: Severity::Error,
    summary: "`$context` variable that API Gateway does not provide (renders empty)",
    check: Check::Template(check),
};

/// `$context` variables of mapping templates (AWS-SEMANTICS.md §4: the documented list and the
/// recorded key set, aws-sqs-context-keyset), and those WebSocket APIs add.
const TOP: &[&str] = &[
    "accountId",
    "apiId",
    "authorizer",
    "awsEndpointRequestId",
    "connectedAt",
    "connectionId",
    "customDomain",
    "deploymentId",
    "disconnectReason",
    "disconnectStatusCode",
    "domainName",
    "domainPrefix",
    "error",
    "eventType",
    "extendedRequestId",
    "httpMethod",
    "identity",
    "isCanaryRequest",
    "messageDirection",
    "messageId",
    "path",
    "protocol",
    "requestId",
    "requestOverride",
    "requestTime",
    "requestTimeEpoch",
    "resourceId",
    "resourcePath",
    "responseOverride",
    "routeKey",
    "stage",
    "wafResponseCode",
    "webaclArn",
    "xrayTraceId",
];

/// `$context.identity.*`: the recorded key set plus the documented keys that appear only with an
/// API key, a client certificate or a VPC endpoint.
const IDENTITY: &[&str] = &[
    "accessKey",
    "accountId",
    "apiKey",
    "apiKeyId",
    "caller",
    "clientCert",
    "cognitoAuthenticationProvider",
    "cognitoAuthenticationType",
    "cognitoIdentityId",
    "cognitoIdentityPoolId",
    "principalOrgId",
    "sourceIp",
    "user",
    "userAgent",
    "userArn",
    "vpcId",
    "vpceId",
];

const CLIENT_CERT: &[&str] = &[
    "clientCertPem",
    "issuerDN",
    "serialNumber",
    "subjectDN",
    "validity",
];

const VALIDITY: &[&str] = &["notAfter", "notBefore"];

const ERROR: &[&str] = &[
    "message",
    "messageString",
    "responseType",
    "validationErrorString",
];

const CUSTOM_DOMAIN: &[&str] = &["basePathMatched"];

const REQUEST_OVERRIDE: &[&str] = &["header", "path", "querystring"];

const RESPONSE_OVERRIDE: &[&str] = &["header", "status"];

/// Variables of access-log formats that do not exist in mapping templates (AWS-SEMANTICS.md §4).
const ACCESS_LOG_ONLY: &[&str] = &[
    "authenticate",
    "authorize",
    "integration",
    "integrationErrorMessage",
    "integrationLatency",
    "integrationStatus",
    "responseLatency",
    "responseLength",
    "status",
    "waf",
];

fn check(context: &TemplateContext<'_>, findings: &mut Findings) {
    let Ok(block) = context.parsed else { return };
    let mut visitor = ContextReferences {
        text: &context.template.text,
        findings,
    };
    walk(block, &mut visitor);
}

struct ContextReferences<'t, 'f> {
    text: &'t str,
    findings: &'f mut Findings,
}

impl<'a> Visitor<'a> for ContextReferences<'_, '_> {
    fn reference(&mut self, reference: &'a Reference, _place: Place, _scope: &Scope<'a>) {
        if &*reference.root != "context" {
            return;
        }
        let path = members(reference);
        if let Some(problem) = first_unknown(&path) {
            self.report(reference, &path, problem);
        }
    }
}

/// An unknown member: its index in the path and the member to suggest.
struct Unknown {
    index: usize,
    suggestion: Option<String>,
    note: Option<&'static str>,
}

fn first_unknown(path: &[Member<'_>]) -> Option<Unknown> {
    let name = |i: usize| path.get(i).map(|m| &*m.name);
    let top = name(0)?;
    if !TOP.contains(&top) {
        return Some(unknown_top(top));
    }
    let (known, index, only_typos): (&[&str], usize, bool) = match (top, name(1), name(2)) {
        ("identity", Some("clientCert"), Some("validity")) => (VALIDITY, 3, false),
        ("identity", Some("clientCert"), _) => (CLIENT_CERT, 2, false),
        ("identity", _, _) => (IDENTITY, 1, false),
        ("error", _, _) => (ERROR, 1, false),
        ("customDomain", _, _) => (CUSTOM_DOMAIN, 1, false),
        // Other keys of the override maps are kept and readable (aws-mock-responseoverride-*:
        // `responseOverride.custom`) but never applied: only a near miss of a section is reported.
        ("requestOverride", _, _) => (REQUEST_OVERRIDE, 1, true),
        ("responseOverride", _, _) => (RESPONSE_OVERRIDE, 1, true),
        _ => return None,
    };
    let member = name(index)?;
    if known.contains(&member) {
        return None;
    }
    let suggestion = did_you_mean(member, known).map(str::to_string);
    if only_typos && suggestion.is_none() {
        return None;
    }
    Some(Unknown {
        index,
        suggestion,
        note: None,
    })
}

fn unknown_top(top: &str) -> Unknown {
    // An identity key written one level too high (`$context.sourceIp`) beats a fuzzy top-level match.
    let suggestion = if let Some(same) = same_but_case(top, TOP) {
        Some(same.to_string())
    } else if let Some(identity) = same_but_case(top, IDENTITY) {
        Some(format!("identity.{identity}"))
    } else if let Some(close) = did_you_mean(top, TOP) {
        Some(close.to_string())
    } else if let Some(identity) = did_you_mean(top, IDENTITY) {
        Some(format!("identity.{identity}"))
    } else if matches!(top, "claims" | "principalId") {
        Some(format!("authorizer.{top}"))
    } else {
        None
    };
    let note = ACCESS_LOG_ONLY
        .contains(&top)
        .then_some("this variable exists only in access-log formats, not in mapping templates");
    Unknown {
        index: 0,
        suggestion,
        note,
    }
}

impl ContextReferences<'_, '_> {
    fn report(&mut self, reference: &Reference, path: &[Member<'_>], unknown: Unknown) {
        let Some(member) = path.get(unknown.index) else {
            return;
        };
        let start = reference.span.start as usize;
        let mut written = self
            .text
            .get(start..member.span.end as usize)
            .unwrap_or("")
            .to_string();
        // A formal reference (`${context.x}`) is shown closed.
        if written.starts_with("${") || written.starts_with("$!{") {
            written.push('}');
        }
        let parent = match unknown.index.checked_sub(1).and_then(|i| path.get(i)) {
            Some(previous) => self.text.get(start..previous.span.end as usize),
            None => self.text.get(start..start + "$context".len()),
        }
        .unwrap_or("$context")
        .trim_start_matches("$!")
        .trim_start_matches("${")
        .trim_start_matches('$');
        let section = path.first().map(|m| &*m.name);
        let message = if unknown.index > 0
            && matches!(section, Some("requestOverride" | "responseOverride"))
        {
            format!("`{written}` is not an override API Gateway applies")
        } else {
            format!("`{written}` is not a variable API Gateway provides; it renders as empty")
        };
        let report = self.findings.at_template(
            member.span.start as usize,
            member.span.end as usize,
            message,
        );
        let report = match unknown.suggestion {
            Some(suggestion) => report.help(format!("did you mean `${parent}.{suggestion}`?")),
            None => report,
        };
        if let Some(note) = unknown.note {
            report.note(note);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing;

    #[test]
    fn typos_of_context_variables_fire_with_a_suggestion() {
        let template = testing::template(
            "{\"ip\": \"$context.identity.sourceIP\", \"id\": \"$context.requestID\",\n\"m\": \"$context.httpmethod\"}",
            crate::lint::source::TemplateRole::Unknown,
        );
        let found = testing::findings(&RULE, &template);
        let helps: Vec<_> = found.iter().filter_map(|f| f.help.as_deref()).collect();
        assert_eq!(
            helps,
            vec![
                "did you mean `$context.identity.sourceIp`?",
                "did you mean `$context.requestId`?",
                "did you mean `$context.httpMethod`?",
            ]
        );
    }

    #[test]
    fn the_finding_points_at_the_unknown_member() {
        let found = testing::check(&RULE, "x $context.identity.sourceIP y");
        assert_eq!(found.len(), 1);
        assert!(found[0].1.contains("sourceIP"), "{found:?}");
        assert!(!found[0].1.contains("identity"), "{found:?}");
    }

    #[test]
    fn identity_members_written_at_the_top_level_point_to_identity() {
        let found = testing::findings(
            &RULE,
            &testing::template(
                "$context.sourceIp",
                crate::lint::source::TemplateRole::Unknown,
            ),
        );
        assert_eq!(
            found.first().and_then(|f| f.help.as_deref()),
            Some("did you mean `$context.identity.sourceIp`?")
        );
    }

    #[test]
    fn authorizer_keys_methods_and_known_members_do_not_fire() {
        let text = "$context.authorizer.claims.email $context.authorizer.tenant \
            $context.keySet() $context.get($k) $context['identity'].userAgent \
            $context.identity.clientCert.validity.notAfter $context.error.messageString \
            ${context.connectionId} $context.routeKey \
            #set($context.requestOverride.header.X-Amz-Target = 'x') \
            #set($context.responseOverride.status = 400) $context.responseOverride.custom";
        assert_eq!(testing::check(&RULE, text), vec![]);
    }

    #[test]
    fn near_misses_of_override_sections_fire() {
        let text = "#set($context.requestOverride.headers.Accept = 'x')\n\
            #set($context.responseOverride.Status = 404)";
        let at = testing::pointed(&RULE, text);
        assert_eq!(at.len(), 2, "{at:?}");
    }

    #[test]
    fn access_log_variables_are_explained() {
        let template = testing::template(
            "$context.status",
            crate::lint::source::TemplateRole::Unknown,
        );
        let found = testing::findings(&RULE, &template);
        assert!(found
            .first()
            .and_then(|f| f.note.as_deref())
            .is_some_and(|n| n.contains("access-log")));
    }
}
