//! `apigw-vtl render TEMPLATE (--vars VARS.json | --event EVENT.json [--integration-response R.json]
//! | --case NAME)`: prints the output exactly, nothing added.

use std::io::Write;
use std::path::PathBuf;

use apigw_vtl::gateway::{self, Event, IntegrationResponse};
use apigw_vtl::harness::{self, Produced};
use apigw_vtl::{RenderOptions, Template};

use super::input::{read_json_object, read_text};
use super::limits::LimitArgs;
use super::{write_stdout, Outcome, UsageError};

/// Arguments of `render`.
#[derive(clap::Args)]
pub struct Args {
    /// The template file (UTF-8); may be left out with `--case FILE.vtl#NAME`.
    #[arg(required_unless_present = "case")]
    template: Option<PathBuf>,
    /// Render one case of the template's `NAME.cases.json` (as `apigw-vtl test` does): `NAME`, or
    /// `FILE.vtl#NAME`.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["vars", "event", "integration_response"])]
    case: Option<String>,
    /// A JSON object whose top-level keys become variables (stock Velocity 1.7 behaviour).
    #[arg(long, value_name = "VARS.json", conflicts_with = "event")]
    vars: Option<PathBuf>,
    /// An API Gateway REST proxy event: renders as API Gateway does, with $input, $util, $context.
    #[arg(long, value_name = "EVENT.json")]
    event: Option<PathBuf>,
    /// The integration's response (`{"statusCode", "headers", "body"}`): renders a response template.
    #[arg(long, value_name = "RESPONSE.json", requires = "event")]
    integration_response: Option<PathBuf>,
    /// Print the override state ($context.requestOverride/responseOverride) to stderr as JSON.
    #[arg(long, requires = "event")]
    show_overrides: bool,
    #[command(flatten)]
    limits: LimitArgs,
}

pub fn run(args: Args) -> Result<Outcome, UsageError> {
    let (template_path, case) = resolve_case(args.template.clone(), args.case.as_deref())?;
    let text = read_text(&template_path)?;
    let name = template_path.display().to_string();
    let template = match args.limits.parse(&name, &text) {
        Ok(t) => t,
        Err(error) => return Ok(report(&error)),
    };
    if let Some(case_name) = case {
        return render_case(&template, &template_path, &case_name, &args.limits);
    }
    let result = match &args.event {
        None => {
            let vars = match &args.vars {
                Some(path) => read_json_object(path)?,
                None => serde_json::Map::new(),
            };
            template.render_json(&vars, &args.limits.apply(RenderOptions::default()))
        }
        Some(event_path) => {
            // The event's JSON is dropped before rendering: with a large body it is most of the memory.
            let event = Event::from_json(&serde_json::Value::Object(read_json_object(event_path)?))
                .map_err(|e| UsageError(format!("{}: {}", event_path.display(), e.message())))?;
            for field in &event.unknown_fields {
                let _ = writeln!(
                    std::io::stderr(),
                    "warning: {}: unknown event field `{field}` is ignored",
                    event_path.display()
                );
            }
            let options = args.limits.apply(RenderOptions::apigateway());
            let rendered = match &args.integration_response {
                None => gateway::render_request(&template, &event, &options),
                Some(path) => {
                    let json = serde_json::Value::Object(read_json_object(path)?);
                    let response = IntegrationResponse::from_json(&json)
                        .map_err(|e| UsageError(format!("{}: {}", path.display(), e.message())))?;
                    gateway::render_response(&template, &event, &response, None, &options)
                }
            };
            rendered.map(|r| {
                if args.show_overrides {
                    let _ = writeln!(std::io::stderr(), "{}", r.overrides.to_json());
                }
                r.output
            })
        }
    };
    match result {
        Ok(output) => {
            write_stdout(output.as_bytes())?;
            Ok(Outcome::Success)
        }
        // Without a place in the template, the error is about the event (its payload's size).
        Err(error) if error.span().is_none() => match &args.event {
            Some(event_path) => Err(UsageError(format!(
                "{}: {}",
                event_path.display(),
                error.message()
            ))),
            None => Ok(report(&error)),
        },
        Err(error) => Ok(report(&error)),
    }
}

/// The template file and case name from `TEMPLATE` and `--case NAME` or `--case FILE.vtl#NAME`.
fn resolve_case(
    template: Option<PathBuf>,
    case: Option<&str>,
) -> Result<(PathBuf, Option<String>), UsageError> {
    // Case names cannot contain `#`, so the last `#` separates the file from the name.
    let (file, name) =
        match case.map(|c| c.rsplit_once('#').map_or((None, c), |(f, n)| (Some(f), n))) {
            None => (None, None),
            Some((file, name)) => (file.map(PathBuf::from), Some(name.to_string())),
        };
    let path = match (template, file) {
        (Some(template), Some(file)) if template != file => {
            return Err(UsageError(format!(
                "--case names {} but the template is {}",
                file.display(),
                template.display()
            )))
        }
        (Some(path), _) | (None, Some(path)) => path,
        (None, None) => {
            return Err(UsageError(
                "give a TEMPLATE, or --case FILE.vtl#NAME".to_string(),
            ))
        }
    };
    Ok((path, name))
}

/// Renders one case of the template's cases file through the test harness, so the output is
/// exactly what `apigw-vtl test` compares.
fn render_case(
    template: &Template,
    path: &std::path::Path,
    name: &str,
    limits: &LimitArgs,
) -> Result<Outcome, UsageError> {
    let case = harness::find_case(path, name).map_err(UsageError)?;
    match harness::produce_with(template, &case, &limits.overrides()) {
        Ok(Produced::Output(output)) => {
            write_stdout(output.as_bytes())?;
            Ok(Outcome::Success)
        }
        Ok(Produced::Failed(error)) => Ok(report(&error)),
        Err(reason) => Err(UsageError(format!(
            "{}: case `{name}`: {reason}",
            path.with_extension("cases.json").display()
        ))),
    }
}

fn report(error: &apigw_vtl::Error) -> Outcome {
    let _ = write!(std::io::stderr(), "{}", error.render());
    let _ = writeln!(std::io::stderr());
    Outcome::Failure
}
