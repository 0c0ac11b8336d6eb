//! `packpress man`: the manual page, one page with a section per command.

use std::io::Write as _;

use clap::CommandFactory;

use super::args::Cli;
use super::output::{say_err, Outcome};

/// What each exit code means, as the README's table says it.
const EXIT_STATUS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
Everything asked for was made (or, for check, lays out without errors). Combinations that came from the defaults and that a format does not make (the handout on a3, the leaflet in large print) are skipped with a note.
.TP
\fB1\fR
A pack, a site file or an output has errors. Every error is reported, not only the first; every output that succeeded is still written, and one that failed keeps its earlier file, marked out of date in the manifest.
.TP
\fB2\fR
The command line is wrong: an unknown format, paper, style, audience or language; a pack folder or site file that does not exist; a format named with \fB\-f\fR together with a paper, style or bilingual edition it is not made in; or nothing left to build (every bilingual edition asked for is in formats that do not make them).
.TP
\fB3\fR
A file or folder could not be written (the output folder is a file, or cannot be written).
"#;

/// Keeps example lines as they are: roff fills (reflows) text, which
/// runs an example and its explanation together, so each run of indented
/// lines goes in a no-fill block.
fn verbatim_examples(roff: &str) -> String {
    let mut out = String::with_capacity(roff.len() + 64);
    let mut in_block = false;
    for line in roff.lines() {
        let example = line.starts_with("  ") && !line.trim().is_empty();
        if example && !in_block {
            out.push_str(".nf\n");
            in_block = true;
        } else if !example && in_block {
            out.push_str(".fi\n");
            in_block = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    if in_block {
        out.push_str(".fi\n");
    }
    out
}

/// Runs `man`.
pub fn run() -> Outcome {
    let cmd = Cli::command();
    let mut out = std::io::stdout().lock();
    let mut page = Vec::new();
    // The whole page but clap_mangen's list of sub-commands, which points
    // at packpress-build(1) and the like: pages that do not exist, since
    // each command is a section of this one.
    let top = clap_mangen::Man::new(cmd.clone());
    let head = top
        .render_title(&mut page)
        .and_then(|_| top.render_name_section(&mut page))
        .and_then(|_| top.render_synopsis_section(&mut page))
        .and_then(|_| top.render_description_section(&mut page))
        .and_then(|_| top.render_options_section(&mut page));
    if let Err(e) = head {
        say_err(&format!("error: cannot write the manual page: {e}"));
        return Outcome::Io;
    }
    page.extend_from_slice(EXIT_STATUS.as_bytes());
    // Each command's own section: its options and examples, as --help
    // gives them, so the page is the whole manual.
    for sub in cmd.get_subcommands() {
        let man = clap_mangen::Man::new(sub.clone());
        let mut body = Vec::new();
        if man.render_synopsis_section(&mut body).is_ok()
            && man.render_description_section(&mut body).is_ok()
            && man.render_options_section(&mut body).is_ok()
        {
            // Each command is a section; its own sections, sub-sections.
            let text = verbatim_examples(&String::from_utf8_lossy(&body).replace(".SH ", ".SS "));
            page.extend_from_slice(
                format!(".SH \"PACKPRESS {}\"\n", sub.get_name().to_uppercase()).as_bytes(),
            );
            page.extend_from_slice(text.as_bytes());
        }
    }
    match out.write_all(&page) {
        Ok(()) => Outcome::Ok,
        // A closed pipe (`packpress man | head`) is not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Outcome::Ok,
        Err(e) => {
            say_err(&format!("error: cannot write the manual page: {e}"));
            Outcome::Io
        }
    }
}
