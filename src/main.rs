//! The packpress command line: parse, dispatch, and turn what happened into
//! an exit code (0 success, 1 errors in a pack or an output, 2 misuse of the
//! command line, 3 input/output failure). The commands live in `cli/`.

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let quiet = cli.quiet;
    match cli.command {
        Command::Build(args) => cli::build::run(args, quiet),
        Command::Check(args) => cli::check::run(args, quiet),
        Command::List(args) => cli::list::run(args),
        Command::New(args) => cli::new::run(args, quiet),
        Command::Watch(args) => cli::watch::run(args, quiet),
        Command::Completions(args) => cli::completions::run(args),
        Command::Man => cli::man::run(),
        Command::CompleteAudiences(args) => cli::list::audiences(&args.words),
    }
    .into()
}
