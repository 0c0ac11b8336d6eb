//! The packpress command line: parse, dispatch, and turn what happened into
//! an exit code (0 success, 1 errors in a pack or an output, 2 misuse of the
//! command line, 3 input/output failure). The commands live in `cli/`.

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::args::{Cli, Command};

fn main() -> ExitCode {
    // Shell completion asks for audience ids and language tags on each
    // press of Tab: helpers kept out of clap, so they show in no help,
    // manual or completion list.
    let argv: Vec<String> = std::env::args().collect();
    if argv.get(1).map(String::as_str) == Some(cli::completions::AUDIENCES_HELPER) {
        return cli::list::audiences(&argv[2..]).into();
    }
    if argv.get(1).map(String::as_str) == Some(cli::completions::LANGUAGES_HELPER) {
        return cli::list::languages(&argv[2..]).into();
    }
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
    }
    .into()
}
