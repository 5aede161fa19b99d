//! Subcommands, one file each; `main` dispatches and turns outcomes into exit codes.

mod batch;
mod bench;
mod input;
mod invoke;
mod limits;
mod lint;
mod new;
mod render;
mod test;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Render, test and lint AWS API Gateway mapping templates offline, as API Gateway does.
#[derive(Parser)]
#[command(name = "apigw-vtl", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render a template and print its output exactly.
    Render(render::Args),
    /// Render JSON-lines cases from stdin; one JSON result line per case, in order.
    Batch(batch::Args),
    /// Time renders of an already-parsed template: median, p10, p90 microseconds.
    Bench(bench::Args),
    /// Run the template cases of suites against their snapshot files.
    Test(test::Args),
    /// Scaffold a template and a cases file with a realistic sample event.
    #[command(alias = "init")]
    New(new::Args),
    /// Run a request through an integration (templates, backend, response selection) as API Gateway does.
    Invoke(invoke::Args),
    /// Check templates before deploy: findings at the line and column of the file you edit.
    Lint(lint::Args),
}

/// How a subcommand ended.
pub enum Outcome {
    /// Everything succeeded.
    Success,
    /// The template or some cases failed (exit 1).
    Failure,
}

/// A usage or input problem (exit 2), with the message to print.
pub struct UsageError(pub String);

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Render(args) => render::run(args),
        Command::Batch(args) => batch::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Test(args) => test::run(args),
        Command::Invoke(args) => invoke::run(args),
        Command::New(args) => new::run(args),
        Command::Lint(args) => lint::run(args),
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Failure) => ExitCode::from(1),
        Err(UsageError(message)) => {
            let _ = writeln!(std::io::stderr(), "error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Writes to stdout; a closed pipe (`| head`) ends quietly.
fn write_stdout(bytes: &[u8]) -> Result<(), UsageError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(UsageError(format!("cannot write output: {e}"))),
    }
}
