//! How commands end and speak: exit codes, and the one way every command
//! prints an error, a warning or a note, with its help beneath it.
//!
//! Everything a command prints goes through [`say`] and [`say_err`]: a
//! reader that stops reading (`packpress list | head`) closes the pipe,
//! and what follows is dropped quietly, where `println!` would panic. The
//! command itself goes on to its end (a build still writes its files and
//! manifest) and exits with its own code; `watch` stops.

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether standard output's reader has gone (a closed pipe).
static STDOUT_GONE: AtomicBool = AtomicBool::new(false);
/// Whether standard error's reader has gone.
static STDERR_GONE: AtomicBool = AtomicBool::new(false);

/// Prints a line to standard output; nothing once its reader has gone.
pub fn say(line: &str) {
    let mut text = String::with_capacity(line.len() + 1);
    text.push_str(line);
    text.push('\n');
    say_raw(&text);
}

/// Prints text as it is to standard output; nothing once its reader has
/// gone.
pub fn say_raw(text: &str) {
    write_to(&mut std::io::stdout().lock(), text, &STDOUT_GONE);
}

/// Prints a line to standard error; nothing once its reader has gone.
pub fn say_err(line: &str) {
    let mut text = String::with_capacity(line.len() + 1);
    text.push_str(line);
    text.push('\n');
    write_to(&mut std::io::stderr().lock(), &text, &STDERR_GONE);
}

fn write_to(out: &mut dyn std::io::Write, text: &str, gone: &AtomicBool) {
    if gone.load(Ordering::Relaxed) {
        return;
    }
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // Any failure to print leaves nothing better to do than to stop
        // printing; a closed pipe is the usual one.
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            gone.store(true, Ordering::Relaxed);
        }
    }
}

/// Whether standard output's reader has gone: `watch` stops then.
pub fn stdout_gone() -> bool {
    STDOUT_GONE.load(Ordering::Relaxed)
}

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
    say_err(&format!("error: {}", shown(message)));
    if let Some(help) = help.filter(|h| !h.is_empty()) {
        say_err(&format!("  help: {}", shown(help)));
    }
}

/// Prints a warning to standard error.
pub fn warning(message: &str) {
    say_err(&format!("warning: {}", shown(message)));
}

/// Prints a note to standard error (left out with `-q`).
pub fn note(message: &str, quiet: bool) {
    if !quiet {
        say_err(&format!("note: {}", shown(message)));
    }
}

/// A message as a terminal shows it: anything in it that would act on the
/// terminal (a value quoted from a file) written out, and a message of
/// runaway length cut.
fn shown(message: &str) -> String {
    packpress::escape::terminal(message, 4000)
}
