//! `packpress man`: the manual page, one page with a section per command.

use std::io::Write as _;

use clap::CommandFactory;

use super::args::Cli;
use super::output::Outcome;

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
        eprintln!("error: cannot write the manual page: {e}");
        return Outcome::Io;
    }
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
            let text = String::from_utf8_lossy(&body).replace(".SH ", ".SS ");
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
            eprintln!("error: cannot write the manual page: {e}");
            Outcome::Io
        }
    }
}
