//! `packpress new DIR`: a pack to start from. Every place a person must
//! fill in says `TODO:` (text) or `PLACEHOLDER` (a phone number), and
//! [`find`] finds them, so that `check` and `build` refuse the pack until
//! each is replaced: a scaffold must never reach paper with a made-up
//! helpline number on it.

use std::fs;
use std::path::{Path, PathBuf};

use crate::pack::Date;

/// The markers of text still to write. Matched case-sensitively, outside
/// TOML comments.
pub const MARKERS: [&str; 2] = ["TODO:", "PLACEHOLDER"];

/// Why a pack could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The folder has files in it already.
    #[error("{0} is not empty")]
    NotEmpty(PathBuf),
    /// A file or folder could not be made.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

/// Makes a new pack in `dir` (which must not exist, or be empty) and
/// returns the files written.
pub fn create(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ScaffoldError::Io { path, source }
    };
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(io(dir))?;
        if entries.next().is_some() {
            return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
        }
    }
    let audiences = dir.join("audiences");
    fs::create_dir_all(&audiences).map_err(io(&audiences))?;
    let id = pack_id(dir);
    let files = [
        (dir.join("pack.toml"), pack_toml(&id, Date::today())),
        (audiences.join("parents.toml"), AUDIENCE.to_string()),
        (dir.join("README.md"), readme(&id)),
    ];
    let mut written = Vec::new();
    for (path, text) in files {
        // create_new: never overwrite a file that appeared meanwhile.
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(io(&path))?;
        std::io::Write::write_all(&mut f, text.as_bytes()).map_err(io(&path))?;
        written.push(path);
    }
    Ok(written)
}

/// Where a marker is still in a pack file's text: byte offsets and the
/// marker. Comments (from an unquoted `#` to the end of the line) are
/// skipped: a commented-out example is never printed.
pub fn find(text: &str) -> Vec<(std::ops::Range<usize>, &'static str)> {
    let mut found = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let code = &line[..comment_start(line)];
        for marker in MARKERS {
            let mut from = 0;
            while let Some(i) = code[from..].find(marker) {
                let at = line_start + from + i;
                found.push((at..at + marker.len(), marker));
                from += i + marker.len();
            }
        }
        line_start += line.len();
    }
    found.sort_by_key(|(r, _)| r.start);
    found
}

/// Where a line's comment starts: the first `#` outside a quoted string
/// (or the line's end). Multi-line strings are treated line by line, which
/// is right for prose: a `#` in a body is rare, and at worst a marker
/// after it goes unseen by this check but is still printed for a reader
/// to notice.
fn comment_start(line: &str) -> usize {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '#' => return i,
                _ => {}
            },
        }
    }
    line.len()
}

/// A pack id from the folder's name: lowercase letters, digits and `-`.
fn pack_id(dir: &Path) -> String {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut id = String::new();
    for c in name.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_string();
    if id.is_empty() {
        "my-pack".into()
    } else {
        id
    }
}

fn pack_toml(id: &str, today: Date) -> String {
    format!(
        r##"# A packpress pack. Replace every TODO and PLACEHOLDER: `packpress check`
# lists each one that is left, and nothing builds until they are all gone.
# The format: docs/pack-format.md in packpress.

[pack]
id = "{id}"
title = "TODO: the pack's title, a few words"
summary = "TODO: one sentence on what the pack is for"
locale = "en-GB"                    # picks the paper (A4) and how phone numbers are checked
reviewed = {today}                  # the date you last checked the facts and numbers
review_every_months = 12
# url = "https://example.org/more"  # optional: printed, and a QR code on posters

[[pack.sources]]                    # where the facts come from; printed small
publisher = "TODO: who published the source"
title = "TODO: the source's title"
url = "TODO: the source's web address"

[theme]                             # colours: text must keep 4.5:1 contrast
primary = "#1F4E79"                 # headings and bands
accent = "#F2A900"                  # highlights and helpline boxes
ink = "#1A1A1A"                     # body text
paper = "#FFFFFF"                   # page background

[labels]                            # words the layouts print themselves
helplines = "Where to get help"
emergency = "In an emergency, call"
scan = "Scan for more advice"
reviewed = "Reviewed"

# Copy every number exactly from the service's own website.
[[helplines]]
id = "helpline"
name = "TODO: the helpline's name"
phone = "PLACEHOLDER"
for = "TODO: who it is for, and what about"
# hours = "Monday to Friday, 9am to 5pm"
# cost = "Free"
# url = "example.org/help"
# audiences = ["parents"]           # default: every audience

[[helplines]]
id = "emergency"
name = "Police emergency"
phone = "999"
for = "A child in immediate danger"
emergency = true

# Another helpline, ready to fill in and uncomment:
# [[helplines]]
# id = "second-line"
# name = "The helpline's name"
# phone = "the number, exactly as the service gives it"
# for = "Who it is for"
"##,
        today = today.iso()
    )
}

const AUDIENCE: &str = r##"# One audience, in its readers' words. The file's name is its id: copy it
# to audiences/professionals.toml or audiences/young-people.toml for more.
# Sections print in this order; posters use the key points, leaflets and
# booklets every section, cards only the helplines.

[audience]
name = "Parents and carers"
reading_age = 12                    # 'check' warns where the text reads older

headline = "TODO: the headline, under ten words"
strapline = "TODO: one line that says what this is about"
key_points = [                      # 3 to 6 short sentences
  "TODO: the first thing a reader must know.",
  "TODO: the second thing.",
  "TODO: the third thing.",
]
call_to_action = "TODO: the one thing to do next"

[[sections]]
kind = "explainer"                  # what it is
heading = "TODO: a heading"
body = """
TODO: a paragraph of plain text. A blank line starts a new paragraph.

- A line that starts with "- " is a bullet.
- **Two asterisks** make bold. There is no italic or underline.
"""

[[sections]]
kind = "benefits"
heading = "TODO: why it can be a good thing"
body = "TODO: the good side, in a few sentences."

[[sections]]
kind = "risks"
heading = "TODO: why it needs care"
body = "TODO: the risks, plainly and without alarm."

[[sections]]
kind = "signs"
heading = "TODO: signs to look out for"
body = """
- TODO: a sign
- TODO: another sign
"""

[[sections]]
kind = "tips"                       # numbered steps: a title and a sentence or two each
heading = "TODO: ways to help"

[[sections.items]]
title = "TODO: a short step"
text = "TODO: what to do, in a sentence or two."

[[sections.items]]
title = "TODO: another step"
text = "TODO: what to do."

[[sections]]
kind = "action"
heading = "TODO: if you are worried"
body = "TODO: what to do, and who to call."

[[sections]]
kind = "note"
heading = "TODO: a note"
body = "TODO: anything else worth knowing."
"##;

fn readme(id: &str) -> String {
    format!(
        "# {id}\n\nA packpress pack. Replace every `TODO:` and `PLACEHOLDER` in pack.toml and \
audiences/*.toml (`packpress check` lists the ones left, with their line and column), copy \
helpline numbers exactly from each service, then `packpress build`.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_in_comments_are_not_found() {
        let text = "a = \"TODO: x\"  # TODO: not this\n# PLACEHOLDER\nb = \"#\" # PLACEHOLDER\nc = \"PLACEHOLDER\"\n";
        let found: Vec<&str> = find(text).iter().map(|(r, _)| &text[r.clone()]).collect();
        assert_eq!(found, ["TODO:", "PLACEHOLDER"]);
        assert_eq!(
            find(text)[1].0.start,
            text.find("\"PLACEHOLDER").unwrap() + 1
        );
    }

    #[test]
    fn pack_ids_come_from_the_folder_name() {
        assert_eq!(pack_id(Path::new("x/Online Gaming!")), "online-gaming");
        assert_eq!(pack_id(Path::new("x/---")), "my-pack");
    }
}
