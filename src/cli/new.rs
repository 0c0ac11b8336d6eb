//! `packpress new`: a new pack to start from.

use super::args::NewArgs;
use super::output::Outcome;

pub fn run(args: NewArgs, quiet: bool) -> Outcome {
    match packpress::scaffold::create(&args.dir) {
        Ok(files) => {
            if !quiet {
                for f in &files {
                    println!("wrote {}", f.display());
                }
                println!(
                    "made a new pack in {}: replace every TODO and PLACEHOLDER (`packpress check {}` lists them), then build it",
                    args.dir.display(),
                    args.dir.display()
                );
            }
            Outcome::Ok
        }
        Err(e @ packpress::scaffold::ScaffoldError::NotEmpty(_)) => {
            eprintln!("error: {e}");
            eprintln!(
                "  help: name a new folder, or an empty one; packpress new never overwrites files"
            );
            Outcome::Usage
        }
        Err(e) => {
            eprintln!("error: {e}");
            Outcome::Io
        }
    }
}
