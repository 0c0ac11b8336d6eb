//! `packpress new`: a new pack to start from.

use packpress::labels::Locale;

use super::args::NewArgs;
use super::output::{error, say, say_err, Outcome};

/// Runs `new`.
pub fn run(args: NewArgs, quiet: bool) -> Outcome {
    let locale = match Locale::parse(&args.locale) {
        Ok(l) => l,
        Err(bad) => {
            let help = match bad.suggestion {
                Some(s) => format!("did you mean `--locale {s}`? A locale is a language code, then a region where the pack is for one country: en-GB, cy, ur-GB"),
                None => "a locale is a language code, then a region where the pack is for one country: en-GB, cy, ur-GB".to_string(),
            };
            error(&format!("--locale: {}", bad.why), Some(&help));
            return Outcome::Usage;
        }
    };
    match packpress::scaffold::create(&args.dir, &locale) {
        Ok(files) => {
            if !quiet {
                for f in &files {
                    say(&format!("wrote {}", f.display()));
                }
                say(&format!(
                    "made a new pack in {}: replace every TODO and PLACEHOLDER (`packpress check {}` lists them), then build it",
                    args.dir.display(),
                    args.dir.display()
                ));
            }
            Outcome::Ok
        }
        Err(e @ packpress::scaffold::ScaffoldError::NotEmpty(_)) => {
            say_err(&format!("error: {e}"));
            say_err(
                "  help: name a new folder, or an empty one; packpress new never overwrites files",
            );
            Outcome::Usage
        }
        Err(e) => {
            say_err(&format!("error: {e}"));
            Outcome::Io
        }
    }
}
