//! `apigw-vtl render TEMPLATE --vars VARS.json`: prints the output exactly, nothing added.

use std::io::Write;
use std::path::PathBuf;

use apigw_vtl::{RenderOptions, Template};

use super::input::{read_json_object, read_text};
use super::{write_stdout, Outcome, UsageError};

/// Arguments of `render`.
#[derive(clap::Args)]
pub struct Args {
    /// The template file (UTF-8).
    template: PathBuf,
    /// A JSON object whose top-level keys become variables (stock Velocity 1.7 behaviour).
    #[arg(long, value_name = "VARS.json")]
    vars: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<Outcome, UsageError> {
    let text = read_text(&args.template)?;
    let vars = match &args.vars {
        Some(path) => read_json_object(path)?,
        None => serde_json::Map::new(),
    };
    let name = args.template.display().to_string();
    let result = Template::parse(&name, &text)
        .and_then(|template| template.render_json(&vars, &RenderOptions::default()));
    match result {
        Ok(output) => {
            write_stdout(output.as_bytes())?;
            Ok(Outcome::Success)
        }
        Err(error) => {
            let _ = write!(std::io::stderr(), "{}", error.render());
            let _ = writeln!(std::io::stderr());
            Ok(Outcome::Failure)
        }
    }
}
