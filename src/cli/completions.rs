//! `packpress completions`: a shell completion script.

use clap::CommandFactory;

use super::args::{Cli, CompletionsArgs};
use super::output::Outcome;

pub fn run(args: CompletionsArgs) -> Outcome {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "packpress", &mut std::io::stdout());
    Outcome::Ok
}
