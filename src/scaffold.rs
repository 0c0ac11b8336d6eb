//! `packpress new DIR [--locale LOCALE]`: a pack to start from, in a
//! language. Every place a person must fill in says `TODO:` (text) or
//! `PLACEHOLDER` (a phone number), and [`crate::pack::placeholders::find`] finds them, so that `check`
//! and `build` refuse the pack until each is replaced: a scaffold must
//! never reach paper with a made-up helpline number on it, nor with words
//! nobody who reads the language has checked.

use std::fs;
use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::escape::toml_string;
use crate::labels::{self, KeyKind, Locale, Value};

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

/// Makes a new pack in `dir` (which must not exist, or be empty), in the
/// language of `locale`, and returns the files written.
///
/// The pack is written whole or not at all: its files are written into a
/// hidden folder beside `dir` (`.packpress-new-*`), which is then renamed
/// to `dir`. A failure (a full disk) or a crash midway never leaves half
/// a pack under `dir`, and `new` can simply be run again.
pub fn create(dir: &Path, locale: &Locale) -> Result<Vec<PathBuf>, ScaffoldError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ScaffoldError::Io { path, source }
    };
    let existed = dir.exists();
    if existed {
        let mut entries = fs::read_dir(dir).map_err(io(dir))?;
        if entries.next().is_some() {
            return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
        }
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(io(&parent))?;
    let tmp = tempfile::Builder::new()
        .prefix(".packpress-new-")
        .tempdir_in(&parent)
        .map_err(io(&parent))?;
    let id = pack_id(dir);
    let files = [
        (
            PathBuf::from("pack.toml"),
            pack_toml(&id, Date::today(), locale),
        ),
        (
            PathBuf::from("audiences/parents.toml"),
            audience_toml(locale),
        ),
        (PathBuf::from("README.md"), readme(&id, locale)),
    ];
    fs::create_dir(tmp.path().join("audiences")).map_err(io(&dir.join("audiences")))?;
    for (rel, text) in &files {
        fs::write(tmp.path().join(rel), text.as_bytes()).map_err(io(&dir.join(rel)))?;
    }
    // Made as readable as any folder the user makes (a temporary folder is
    // private to its owner).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o755));
    }
    if existed {
        // An empty folder is replaced whole where the system allows it
        // (Unix); elsewhere, its files are moved in one by one, each
        // whole, never over one that appeared meanwhile.
        if fs::rename(tmp.path(), dir).is_err() {
            fs::create_dir_all(dir.join("audiences")).map_err(io(dir))?;
            for (rel, _) in &files {
                let to = dir.join(rel);
                if to.exists() {
                    return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
                }
                fs::rename(tmp.path().join(rel), &to).map_err(io(&to))?;
            }
        }
    } else {
        fs::rename(tmp.path(), dir).map_err(io(dir))?;
    }
    Ok(files.iter().map(|(rel, _)| dir.join(rel)).collect())
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

/// The language, as a comment says it: "Welsh (cy)".
fn language_comment(locale: &Locale) -> String {
    let name = locale.language_name().unwrap_or("the pack's language");
    let direction = match locale.direction() {
        labels::Direction::RightToLeft => ", written right to left",
        labels::Direction::LeftToRight => "",
    };
    format!("{name} ({locale}){direction}")
}

fn pack_toml(id: &str, today: Date, locale: &Locale) -> String {
    let region = match locale.region() {
        Some(r) if r.len() == 2 => r.to_string(),
        _ => "GB".to_string(),
    };
    let uk = region == "GB";
    let english = locale.is_english();
    let paper = if matches!(region.as_str(), "US" | "CA") {
        "letter"
    } else {
        "A4"
    };
    let region_line = if locale.region().is_some() {
        format!("# region = \"{region}\"                     # the country whose phone numbers the pack prints, if not the locale's")
    } else {
        "region = \"GB\"                       # whose phone numbers are printed and checked: a bare language names no country".to_string()
    };
    let font = if locale.usual_script() == "Latn" {
        String::new()
    } else {
        "# The built-in font (Atkinson Hyperlegible Next) covers Latin letters\n\
         # only. Put a font that covers this pack's script (for example one of\n\
         # the Noto families, under the SIL Open Font License) in the pack's\n\
         # fonts/ folder, regular and bold, and name its family here:\n\
         # font = \"Noto Sans\"\n"
            .to_string()
    };
    let name = locale.language_name().unwrap_or("the pack's language");
    let (emergency_name, emergency_for) = if english {
        (
            "Police emergency".to_string(),
            "A child in immediate danger".to_string(),
        )
    } else {
        (
            format!("TODO: ‘Police emergency’, in {name}"),
            format!("TODO: ‘A child in immediate danger’, in {name}"),
        )
    };
    // 999 is the UK's; elsewhere the emergency number is the author's to give.
    let emergency_phone = if uk { "999" } else { "PLACEHOLDER" };
    format!(
        r##"# A packpress pack. Replace every TODO and PLACEHOLDER: `packpress check`
# lists each one that is left, and nothing builds until they are all gone.
# The format: docs/pack-format.md in packpress.

[pack]
id = "{id}"
title = "TODO: the pack's title, a few words"
summary = "TODO: one sentence on what the pack is for"
locale = "{locale}"{locale_pad}# {language}: the words packpress prints, and how the text is checked
{region_line}
reviewed = {today}               # the date you last checked the facts and numbers
review_every_months = 12
# url = "https://example.org/more"  # optional: printed, and a QR code on posters

[[pack.sources]]                    # where the facts come from; printed small
publisher = "TODO: who published the source"
title = "TODO: the source's title"
url = "TODO: https://www.example.org/the-page-you-used"

[theme]                             # colours: text must keep 4.5:1 contrast ({paper} paper)
primary = "#1F4E79"                 # headings and bands
accent = "#F2A900"                  # highlights and helpline boxes
ink = "#1A1A1A"                     # body text
paper = "#FFFFFF"                   # page background
{font}
{labels}
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
name = "{emergency_name}"
phone = "{emergency_phone}"
for = "{emergency_for}"
emergency = true

# Another helpline, ready to fill in and uncomment:
# [[helplines]]
# id = "second-line"
# name = "The helpline's name"
# phone = "the number, exactly as the service gives it"
# for = "Who it is for"
"##,
        today = today.iso(),
        language = language_comment(locale),
        locale_pad = " ".repeat(25usize.saturating_sub(locale.to_string().len()).max(1)),
        labels = labels_block(locale),
    )
}

/// The `[labels]` table for a new pack in `locale`. A reviewed built-in
/// set: every label commented out, as a reference (the pack prints the set
/// and gets its corrections). An unreviewed one: every label with its
/// built-in words after `TODO: `, so that a reader of the language checks
/// each before the pack can build. No built-in set: every label to write,
/// the English beside it as a guide.
fn labels_block(locale: &Locale) -> String {
    let set = labels::builtin(locale);
    let name = locale.language_name().unwrap_or("the pack's language");
    let mut out =
        String::from("[labels]                            # words the layouts print themselves\n");
    match &set {
        Some(set) if set.reviewed => out.push_str(&format!(
            "# packpress prints its built-in {} words ({} in packpress, reviewed).\n\
             # To change one, uncomment its line and write your own.\n",
            set.name, set.path
        )),
        Some(set) => out.push_str(&format!(
            "# packpress's built-in {} words ({} in packpress). Nobody who\n\
             # speaks {} as a first language has checked them yet: have one read\n\
             # each line (the emergency line above all), correct it where it needs\n\
             # it, then delete its `TODO: `. packpress fills in the {{places}}.\n",
            set.name, set.path, set.name
        )),
        None => out.push_str(&format!(
            "# packpress has no built-in words in {name}: write each one in {name},\n\
             # replacing the TODO (the English is beside it as a guide). Keep each\n\
             # {{placeholder}} once, where the sentence needs it.\n"
        )),
    }
    for key in labels::KEYS {
        let comment = format!("{}; English: \"{}\"", key.what, key.english);
        let line = match (&set, key.kind) {
            (Some(set), _) => {
                let value = set.value(key.name);
                let todo = if set.reviewed { "" } else { "TODO: " };
                let prefix = if set.reviewed { "# " } else { "" };
                match value {
                    Some(Value::Text(t)) => {
                        format!(
                            "{prefix}{} = {}",
                            key.name,
                            toml_string(&format!("{todo}{t}"))
                        )
                    }
                    Some(Value::List(list)) => {
                        let items: Vec<String> = list
                            .iter()
                            .enumerate()
                            .map(|(i, m)| {
                                let todo = if i == 0 { todo } else { "" };
                                toml_string(&format!("{todo}{m}"))
                            })
                            .collect();
                        format!("{prefix}{} = [{}]", key.name, items.join(", "))
                    }
                    None => continue,
                }
            }
            (None, KeyKind::Pattern(places)) => {
                let places: Vec<String> = places.iter().map(|p| format!("{{{p}}}")).collect();
                format!("{} = \"TODO: {}\"", key.name, places.join(" "))
            }
            (None, KeyKind::Months) => {
                let mut items = vec!["\"TODO:\"".to_string()];
                items.extend(std::iter::repeat_n("\"\"".to_string(), 11));
                format!("{} = [{}]", key.name, items.join(", "))
            }
            (None, KeyKind::Words) => format!("{} = \"TODO:\"", key.name),
        };
        match &set {
            // A reviewed set's words speak for themselves: each line is a
            // reference, with what it is beside it.
            Some(set) if set.reviewed => {
                let pad = 44usize.saturating_sub(line.chars().count()).max(2);
                out.push_str(&format!("{line}{}# {}\n", " ".repeat(pad), key.what));
            }
            _ => out.push_str(&format!("# {comment}\n{line}\n")),
        }
    }
    let lowercase = match &set {
        Some(set) => format!(
            "# lowercase_audience = {}            # whether \"Parents\" becomes \"parents\" after for_audience's words\n",
            set.lowercase_audience()
        ),
        None => "lowercase_audience = false          # true makes \"Parents\" \"parents\" after for_audience's words; leave false where nouns keep their capitals\n".to_string(),
    };
    out.push_str(&lowercase);
    out
}

fn audience_toml(locale: &Locale) -> String {
    let (name, reading_age) = if locale.is_english() {
        (
            "Parents and carers".to_string(),
            "reading_age = 12                    # 'check' warns where the text reads older\n",
        )
    } else {
        (
            "TODO: the audience's name, such as \\\"Parents and carers\\\", in the pack's language".to_string(),
            "# reading_age is measured for English only: have a reader of the\n# language check that the text suits the audience.\n",
        )
    };
    AUDIENCE
        .replace("{name}", &name)
        .replace("{reading_age}\n", reading_age)
}

const AUDIENCE: &str = r##"# One audience, in its readers' words. The file's name is its id: copy it
# to audiences/professionals.toml or audiences/young-people.toml for more.
# Sections print in this order; posters use the key points, leaflets and
# booklets every section, cards only the helplines.

[audience]
name = "{name}"
{reading_age}

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

fn readme(id: &str, locale: &Locale) -> String {
    let labels = match labels::builtin(locale) {
        Some(set) if set.reviewed => String::new(),
        Some(set) => format!(
            "\n\nThe words packpress prints itself are in `[labels]` in pack.toml: packpress's \
built-in {} words, which no native speaker has checked yet. Have someone who reads {} check \
each one, then remove its `TODO: `.",
            set.name, set.name
        ),
        None => format!(
            "\n\npackpress has no built-in words in {}: write every label in `[labels]` in \
pack.toml (the English is beside each as a guide).",
            locale.language_name().unwrap_or("this language")
        ),
    };
    format!(
        "# {id}\n\nA packpress pack in {}. Replace every `TODO:` and `PLACEHOLDER` in pack.toml and \
audiences/*.toml (`packpress check` lists the ones left, with their line and column), copy \
helpline numbers exactly from each service, then `packpress build`.{labels}\n",
        language_comment(locale)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::placeholders::find;

    fn locale(tag: &str) -> Locale {
        Locale::parse(tag).unwrap()
    }

    /// The `[labels]` block as the pack reads it, with `edit` applied.
    fn labels_read(tag: &str, edit: impl Fn(&str) -> String) -> crate::pack::model::Labels {
        #[derive(serde::Deserialize)]
        struct File {
            labels: crate::pack::model::Labels,
        }
        let file: File = toml::from_str(&edit(&labels_block(&locale(tag))))
            .unwrap_or_else(|e| panic!("{tag}: {e}"));
        file.labels
    }

    #[test]
    fn an_unreviewed_set_is_written_out_to_check_and_reads_back_as_the_set() {
        let block = labels_block(&locale("cy"));
        // Every label is marked, so check refuses the pack until a reader
        // of Welsh has looked at each.
        assert_eq!(find(&block).len(), labels::KEYS.len(), "{block}");
        let given = labels_read("cy", |b| b.replace("TODO: ", ""));
        let set = labels::builtin(&locale("cy")).unwrap();
        for k in labels::KEYS {
            assert_eq!(given.value(k.name), set.value(k.name), "{}", k.name);
        }
    }

    #[test]
    fn a_reviewed_set_is_written_as_comments_for_reference() {
        let given = labels_read("en-GB", |b| b.to_string());
        for k in labels::KEYS {
            assert!(given.value(k.name).is_none(), "{}", k.name);
        }
        assert!(find(&labels_block(&locale("en-US"))).is_empty());
    }

    #[test]
    fn a_language_with_no_set_gets_every_label_to_write_and_no_english() {
        let block = labels_block(&locale("de"));
        let given = labels_read("de", |b| b.to_string());
        for k in labels::KEYS {
            let v = given
                .value(k.name)
                .unwrap_or_else(|| panic!("{} missing", k.name));
            if let Value::Text(t) = v {
                assert!(t.starts_with("TODO:"), "{}: {t}", k.name);
                assert!(
                    !t.contains(k.english) || k.english.starts_with('{'),
                    "{}: {t}",
                    k.name
                );
            }
        }
        assert!(block.contains("lowercase_audience = false"), "{block}");
    }

    #[test]
    fn every_new_pack_file_has_the_shape_of_a_pack_in_every_language() {
        use crate::diagnostics::Report;
        use crate::pack::schema;
        let today = Date {
            year: 2026,
            month: 11,
            day: 22,
        };
        let mut tags = labels::builtin_tags();
        tags.extend(["de", "pa-Arab", "en-CA", "fr-FR"]);
        for tag in tags {
            let l = locale(tag);
            let mut r = Report::new();
            let pack = r.add_file(Path::new("pack.toml"), pack_toml("x", today, &l));
            let audience = r.add_file(Path::new("a.toml"), audience_toml(&l));
            assert!(schema::check(pack, schema::PACK_FILE, &mut r), "{tag}");
            assert!(
                schema::check(audience, schema::AUDIENCE_FILE, &mut r),
                "{tag}"
            );
            let errors: Vec<String> = r.diagnostics().iter().map(|d| r.short(d)).collect();
            assert!(errors.is_empty(), "{tag}: {errors:?}");
            let parsed: crate::pack::model::PackFile =
                toml::from_str(r.source(pack)).unwrap_or_else(|e| panic!("{tag}: {e}"));
            let region = parsed.pack.region.as_ref().map(|r| r.get_ref().clone());
            assert_eq!(region.is_some(), l.region().is_none(), "{tag}");
        }
    }

    #[test]
    fn pack_ids_come_from_the_folder_name() {
        assert_eq!(pack_id(Path::new("x/Online Gaming!")), "online-gaming");
        assert_eq!(pack_id(Path::new("x/---")), "my-pack");
    }
}
