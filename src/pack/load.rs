//! Loading a pack folder: `pack.toml` and the audiences in the pack's own
//! language, then its translations ([`super::translate`]); every file is
//! read and every error reported, not only the first.

use std::path::Path;

use super::model::{self, AudienceFile, PackFile};
use super::read::{parse_bodies, parse_toml, read_audiences, read_text, read_translations};
use super::translate::{with_translations, TranslatedAudience};
use super::{placeholders, resolve_labels, schema, Audience, Pack, MAX_TOML_BYTES};
use crate::diagnostics::{Diagnostic, FileId, Report};
use crate::labels::Locale;

/// Reads and parses a pack folder. Every file is read and every error
/// reported; `None` when the pack cannot be used.
pub fn load(dir: &Path, report: &mut Report) -> Option<Pack> {
    let pack_path = dir.join("pack.toml");
    if !dir.is_dir() {
        report.push(
            Diagnostic::error(format!("pack folder {} does not exist", dir.display()))
                .help("give the folder that holds pack.toml, for example packs/e2ee"),
        );
        return None;
    }
    let pack = read_text(&pack_path, MAX_TOML_BYTES, "pack file", report);
    let read = read_audiences(&dir.join("audiences"), report);
    let (translation_texts, translations_read) =
        read_translations(&dir.join("translations"), report);
    let pack_file = pack.map(|text| report.add_file(&pack_path, text));
    let audience_files: Vec<(String, FileId)> = read
        .own
        .into_iter()
        .map(|(id, path, text)| (id, report.add_file(&path, text)))
        .collect();
    let translated_files: Vec<TranslatedAudience> = read
        .translated
        .into_iter()
        .map(|(id, language, path, text)| TranslatedAudience {
            id,
            language,
            file: report.add_file(&path, text),
        })
        .collect();
    let translation_files: Vec<(String, FileId)> = translation_texts
        .into_iter()
        .map(|(tag, path, text)| (tag, report.add_file(&path, text)))
        .collect();
    let files = pack_file
        .iter()
        .chain(audience_files.iter().map(|(_, f)| f))
        .chain(translation_files.iter().map(|(_, f)| f))
        .chain(translated_files.iter().map(|t| &t.file));
    for file in files.copied().collect::<Vec<_>>() {
        placeholders::report(file, report);
    }
    // Every file that could be read is checked, even when another could not.
    let pack = from_sources(dir, pack_file, &audience_files, report)?;
    let pack = with_translations(pack, &translation_files, &translated_files, report);
    (read.all_read && translations_read).then_some(pack)
}

/// The id a pack folder's `pack.toml` gives its pack, read as leniently as
/// can be (for a pack with errors, whose earlier outputs must be marked
/// out of date): from the parsed file, or failing that from an
/// `id = "..."` line in its `[pack]` table, or failing that the folder's
/// name. `None` when none of them is an id.
pub fn peek_id(dir: &Path) -> Option<String> {
    let from_file = std::fs::read(dir.join("pack.toml"))
        .ok()
        .filter(|b| b.len() as u64 <= MAX_TOML_BYTES)
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|text| {
            let parsed = toml::de::DeTable::parse(&text).ok().and_then(|t| {
                let pack = t.get_ref().get("pack")?;
                let toml::de::DeValue::Table(pack) = pack.get_ref() else {
                    return None;
                };
                pack.get("id")?.get_ref().as_str().map(str::to_string)
            });
            parsed.or_else(|| {
                let mut in_pack = false;
                for line in text.lines() {
                    let line = line.trim();
                    if line.starts_with('[') {
                        in_pack = line.replace(' ', "") == "[pack]";
                    } else if in_pack {
                        if let Some(v) = line.strip_prefix("id") {
                            let v = v.trim_start().strip_prefix('=')?.trim();
                            return Some(v.trim_matches(|c| c == '"' || c == '\'').to_string());
                        }
                    }
                }
                None
            })
        });
    let folder = dir.file_name().map(|n| n.to_string_lossy().into_owned());
    from_file
        .into_iter()
        .chain(folder)
        .find(|id| crate::pack::validate::is_id(id))
}

/// Parses a pack from files already in the report: `pack.toml` (`None` if
/// it could not be read), and each audience's id and file. Every error in
/// every file is reported.
pub fn from_sources(
    dir: &Path,
    pack_file: Option<FileId>,
    audience_files: &[(String, FileId)],
    report: &mut Report,
) -> Option<Pack> {
    let spec = pack_file.and_then(|f| {
        if schema::check(f, schema::PACK_FILE, report) {
            parse_toml::<PackFile>(f, report)
        } else {
            None
        }
    });
    let mut audiences = Vec::new();
    let mut ok = true;
    for (id, file) in audience_files {
        let file = *file;
        if !schema::check(file, schema::AUDIENCE_FILE, report) {
            ok = false;
            continue;
        }
        match parse_toml::<AudienceFile>(file, report) {
            Some(spec) => {
                let bodies = parse_bodies(&spec, file, report);
                audiences.push(Audience {
                    id: id.clone(),
                    file,
                    spec,
                    bodies,
                });
            }
            None => ok = false,
        }
    }
    let (spec, pack_file) = (spec?, pack_file?);
    if !ok {
        return None;
    }
    audiences.sort_by(|a, b| a.id.cmp(&b.id));
    let language = Locale::parse(model::given(&spec.pack.locale).unwrap_or("en-GB"));
    let (labels, label_origin) = resolve_labels(language.as_ref().ok(), &spec.labels);
    let audience_order = audiences.iter().map(|a| a.id.clone()).collect();
    Some(Pack {
        dir: dir.to_path_buf(),
        file: pack_file,
        spec,
        audiences,
        language,
        labels,
        label_origin,
        translations: Vec::new(),
        audience_order,
    })
}

#[cfg(test)]
mod peek_tests {
    use super::*;

    #[test]
    fn the_id_of_a_pack_with_errors_is_read_as_far_as_it_can_be() {
        let dir = tempfile::tempdir().unwrap();
        let pack = dir.path().join("folder-name");
        std::fs::create_dir(&pack).unwrap();
        std::fs::write(pack.join("pack.toml"), "[pack]\nid = \"e2ee\"\ntitle = 3\n").unwrap();
        assert_eq!(peek_id(&pack).as_deref(), Some("e2ee"));
        // Broken TOML: the line is still found.
        std::fs::write(
            pack.join("pack.toml"),
            "[pack]\nid = \"e2ee\"\ntitle = \"x\n",
        )
        .unwrap();
        assert_eq!(peek_id(&pack).as_deref(), Some("e2ee"));
        std::fs::write(pack.join("pack.toml"), "nothing here").unwrap();
        assert_eq!(peek_id(&pack).as_deref(), Some("folder-name"));
    }
}
