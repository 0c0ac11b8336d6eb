//! How commands end and speak: exit codes, and the one way every command
//! prints an error, a warning or a note, with its help beneath it.

use std::process::ExitCode;

/// How a command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything asked for was done (exit 0).
    Ok,
    /// A pack, a site or an output has errors (exit 1).
    PackErrors,
    /// The command line is wrong (exit 2).
    Usage,
    /// Something could not be read or written (exit 3).
    Io,
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> ExitCode {
        ExitCode::from(match o {
            Outcome::Ok => 0,
            Outcome::PackErrors => 1,
            Outcome::Usage => 2,
            Outcome::Io => 3,
        })
    }
}

/// Prints an error to standard error, with what to do beneath it.
pub fn error(message: &str, help: Option<&str>) {
    eprintln!("error: {message}");
    if let Some(help) = help.filter(|h| !h.is_empty()) {
        eprintln!("  help: {help}");
    }
}

/// Prints a warning to standard error.
pub fn warning(message: &str) {
    eprintln!("warning: {message}");
}

/// Prints a note to standard error (left out with `-q`).
pub fn note(message: &str, quiet: bool) {
    if !quiet {
        eprintln!("note: {message}");
    }
}
