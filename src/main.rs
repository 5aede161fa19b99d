//! The `apigw-vtl` command: parses arguments and maps results to exit codes
//! (0 success, 1 template errors or failed cases, 2 bad arguments or unreadable input).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
