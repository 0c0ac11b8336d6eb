//! The text layer as the browsers give it: every fixture language (Urdu,
//! Arabic, vowelled Arabic, Urdu in Noto Nastaliq Urdu, Bengali, Punjabi,
//! Welsh, Polish) and the bilingual editions, opened in PDFium (Chrome
//! and Edge, through pypdfium2), pdf.js (Firefox, through pdfjs-dist with
//! node) and poppler (pdftotext), all installed by scripts/test at pinned
//! versions. For each engine: every word of the headline, the key points
//! and the helplines' names is found whole by its text search, every
//! phone number comes back in dialled order (never with its groups
//! reversed), and no character outside the pack's text and labels comes
//! back (no raw glyph codes, no presentation forms, no joiners).
//!
//! What no PDF can give pdf.js, and is let through here by name: pdf.js
//! ends a text item at every jump back along the line and drops a space
//! at either end of one, so in a right-to-left line the space between a
//! word and a number or a Latin word beside it is lost ("لیے0808"); its
//! words are then compared with a break wherever Arabic script meets
//! other letters or digits. (Drawn in visual order instead, pdf.js would
//! keep the spaces and lose the order of the phrases.)

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{copy_tree, describe, fixture, packpress, pdf_text};
use unicode_normalization::UnicodeNormalization;

/// The engines read with.
#[derive(Copy, Clone, Debug, PartialEq)]
enum Engine {
    Pdfium,
    PdfJs,
    Poppler,
}

const ENGINES: [Engine; 3] = [Engine::Pdfium, Engine::PdfJs, Engine::Poppler];

/// One engine's reading of one PDF.
struct Reading {
    /// The whole document's text, normalised (see [`normalise`]).
    text: String,
    /// PDFium only: how often its own search found each query.
    hits: HashMap<String, usize>,
}

/// NFC (pdf.js gives a Bengali o-kar decomposed, as drawn), without the
/// bidi controls poppler wraps runs in, line and page ends as spaces, runs of
/// spaces as one. A no-break space stays: it is what PDFium gives
/// between a number's groups in a right-to-left line.
fn normalise(text: &str) -> String {
    let clean: String = text
        .nfc()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .map(|c| {
            if matches!(c, '\r' | '\n' | '\u{c}') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        if c == ' ' && out.ends_with(' ') {
            continue;
        }
        out.push(c);
    }
    out
}

fn tools() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// Whether pypdfium2, node and pdfjs-dist are here. In CI they must be:
/// scripts/test installs them.
fn readers_ready() -> bool {
    let pdfium = Command::new("python3")
        .args(["-c", "import pypdfium2"])
        .output()
        .is_ok_and(|o| o.status.success());
    let node = Command::new("node").arg("--version").output().is_ok();
    let pdfjs = tools()
        .join("web/node_modules/pdfjs-dist/package.json")
        .is_file();
    let ready = pdfium && node && pdfjs;
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "in CI, scripts/test must install pypdfium2, node and pdfjs-dist \
             (pypdfium2: {pdfium}, node: {node}, pdfjs-dist: {pdfjs})"
        );
        eprintln!("skipped: the browser engines need pypdfium2 and pdfjs-dist (scripts/test installs both)");
    }
    ready
}

/// Reads `pdfs` with every engine; `queries` are what PDFium searches for.
fn read_all(pdfs: &[PathBuf], queries: &[String]) -> HashMap<(PathBuf, usize), Reading> {
    let mut out = HashMap::new();
    let files: Vec<&str> = pdfs.iter().map(|p| p.to_str().unwrap()).collect();
    // PDFium.
    let mut child = Command::new("python3")
        .arg(tools().join("support/pdfium_text.py"))
        .args(&files)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(serde_json::to_string(queries).unwrap().as_bytes())
            .unwrap();
    }
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "pypdfium2: {}", describe(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for (pdf, doc) in pdfs.iter().zip(v.as_array().unwrap()) {
        let text = page_texts(doc);
        let hits = doc["hits"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(q, n)| (q.clone(), n.as_u64().unwrap() as usize))
            .collect();
        out.insert((pdf.clone(), 0), Reading { text, hits });
    }
    // pdf.js.
    let o = Command::new("node")
        .arg(tools().join("web/pdf_text.mjs"))
        .args(&files)
        .current_dir(tools().join("web"))
        .output()
        .unwrap();
    assert!(o.status.success(), "pdf.js: {}", describe(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for (pdf, doc) in pdfs.iter().zip(v.as_array().unwrap()) {
        let text = page_texts(doc);
        out.insert(
            (pdf.clone(), 1),
            Reading {
                text,
                hits: HashMap::new(),
            },
        );
    }
    // poppler.
    for pdf in pdfs {
        out.insert(
            (pdf.clone(), 2),
            Reading {
                text: normalise(&pdf_text(pdf)),
                hits: HashMap::new(),
            },
        );
    }
    out
}

fn page_texts(doc: &serde_json::Value) -> String {
    let pages: Vec<&str> = doc["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    normalise(&pages.join("\n"))
}

fn arabic(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c) || ('\u{0750}'..='\u{077F}').contains(&c)
}

/// A letter, mark or digit: what a word is made of.
fn wordy(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// Whether `word` is in `text` whole: neither side touches a letter, mark
/// or digit. With `script_breaks`, Arabic script meeting other letters or
/// digits counts as a break (pdf.js's lost spaces, above).
fn has_whole(text: &str, word: &str, script_breaks: bool) -> bool {
    let breaks = |a: Option<char>, b: Option<char>| match (a, b) {
        (Some(a), Some(b)) => !wordy(a) || (script_breaks && arabic(a) != arabic(b)),
        _ => true,
    };
    let first = word.chars().next();
    let last = word.chars().next_back();
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        breaks(before, first) && breaks(after, last)
    })
}

/// A pack to read, built into `dir`.
struct Case {
    name: &'static str,
    /// The pack's folder.
    pack: PathBuf,
    /// The audience.
    audience: &'static str,
    /// What to add to `build`.
    extra: Vec<&'static str>,
    /// Formats built.
    formats: &'static [&'static str],
    /// Label files of the languages it prints.
    labels: Vec<&'static str>,
}

const ALL: &[&str] = &["poster", "handout", "leaflet", "booklet", "cards"];

/// A word or number to find, and whether every format prints it (the
/// cards print the headline and helplines, not the key points).
type Wanted = (String, bool);

/// The words a reader must find: the headline, key points and helpline
/// names of every language file of the audience, and the phone numbers.
fn pack_words(case: &Case) -> (Vec<Wanted>, Vec<Wanted>) {
    let read =
        |p: &Path| -> toml::Value { toml::from_str(&std::fs::read_to_string(p).unwrap()).unwrap() };
    let mut texts: Vec<(String, bool)> = Vec::new();
    let mut phones: BTreeSet<(String, bool)> = BTreeSet::new();
    for entry in std::fs::read_dir(case.pack.join("audiences")).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_name().unwrap().to_str().unwrap().to_string();
        if !stem.starts_with(case.audience) {
            continue;
        }
        let a = read(&path);
        let a = &a["audience"];
        texts.push((a["headline"].as_str().unwrap().to_string(), true));
        for k in a["key_points"].as_array().unwrap() {
            texts.push((k.as_str().unwrap().to_string(), false));
        }
    }
    let pack = read(&case.pack.join("pack.toml"));
    // The emergency line is printed as its number and the labels' words
    // for it, not its name.
    let mut emergency = BTreeSet::new();
    for h in pack["helplines"].as_array().unwrap() {
        let id = h["id"].as_str().unwrap().to_string();
        if h.get("emergency").and_then(|e| e.as_bool()) == Some(true) {
            emergency.insert(id);
            continue;
        }
        texts.push((h["name"].as_str().unwrap().to_string(), true));
        phones.insert((h["phone"].as_str().unwrap().to_string(), true));
    }
    if let Ok(dir) = std::fs::read_dir(case.pack.join("translations")) {
        for entry in dir {
            let t = read(&entry.unwrap().path());
            if let Some(lines) = t.get("helplines").and_then(|h| h.as_table()) {
                for (id, line) in lines {
                    if emergency.contains(id) {
                        continue;
                    }
                    if let Some(name) = line.get("name").and_then(|n| n.as_str()) {
                        texts.push((name.to_string(), true));
                    }
                }
            }
        }
    }
    // Numbers in the key points: groups of digits parted by single spaces.
    for (t, everywhere) in &texts {
        let toks: Vec<&str> = t.split(' ').collect();
        let mut i = 0;
        while i < toks.len() {
            let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
            let mut j = i;
            while j < toks.len() && digits(toks[j]) {
                j += 1;
            }
            if j - i >= 2 {
                phones.insert((toks[i..j].join(" "), *everywhere));
            }
            i = j.max(i + 1);
        }
    }
    let mut words: Vec<(String, bool)> = Vec::new();
    for (t, everywhere) in texts {
        for w in t.nfc().collect::<String>().split(|c: char| {
            c.is_whitespace() || ".,:;!?()\"'\u{060C}\u{061B}\u{06D4}\u{0964}".contains(c)
        }) {
            if !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()) {
                words.push((w.to_string(), everywhere));
            }
        }
    }
    words.sort();
    words.dedup();
    (words, phones.into_iter().collect())
}

/// Every character the pack's files and its labels hold: what a reader
/// may give back.
fn allowed(case: &Case) -> BTreeSet<char> {
    let mut set: BTreeSet<char> = BTreeSet::new();
    let mut stack = vec![case.pack.clone()];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            for e in std::fs::read_dir(&p).unwrap() {
                stack.push(e.unwrap().path());
            }
        } else if p.extension().is_some_and(|e| e == "toml") {
            set.extend(std::fs::read_to_string(&p).unwrap().nfc());
        }
    }
    for l in &case.labels {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("labels/{l}.toml"));
        set.extend(std::fs::read_to_string(p).unwrap().nfc());
    }
    // Page numbers and dates, and the no-break spaces PDFium gives in a
    // number in a right-to-left line.
    set.extend('0'..='9');
    set.insert(' ');
    set.insert('\u{A0}');
    set
}

fn build(dir: &Path, case: &Case) -> Vec<PathBuf> {
    let out = dir.join("out");
    let mut args = vec![
        "build".to_string(),
        case.pack.to_str().unwrap().to_string(),
        "-a".to_string(),
        case.audience.to_string(),
        "-o".to_string(),
        out.to_str().unwrap().to_string(),
    ];
    for f in case.formats {
        args.push("-f".into());
        args.push(f.to_string());
    }
    args.extend(case.extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
    let o = packpress(dir, &args);
    assert!(o.status.success(), "{}: {}", case.name, describe(&o));
    let mut pdfs = Vec::new();
    let mut stack = vec![out];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            for e in std::fs::read_dir(&p).unwrap() {
                stack.push(e.unwrap().path());
            }
        } else if p.extension().is_some_and(|e| e == "pdf") {
            pdfs.push(p);
        }
    }
    pdfs.sort();
    assert!(!pdfs.is_empty(), "{}: no PDF", case.name);
    pdfs
}

/// Checks every PDF of `case` in every engine; returns what is wrong.
fn check(case: &Case) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let pdfs = build(dir.path(), case);
    let (words, phones) = pack_words(case);
    let mut queries: Vec<String> = words.iter().map(|(w, _)| w.clone()).collect();
    queries.extend(phones.iter().map(|(p, _)| p.clone()));
    let readings = read_all(&pdfs, &queries);
    let allowed = allowed(case);
    let mut problems = Vec::new();
    for pdf in &pdfs {
        let file = pdf.file_name().unwrap().to_string_lossy().to_string();
        let cards = file.starts_with("cards");
        for (e, engine) in ENGINES.iter().enumerate() {
            let r = &readings[&(pdf.clone(), e)];
            let loose = *engine == Engine::PdfJs;
            for (w, everywhere) in &words {
                if cards && !everywhere {
                    continue;
                }
                let found = has_whole(&r.text, w, loose)
                    && (*engine != Engine::Pdfium || r.hits.get(w).is_some_and(|n| *n > 0));
                if !found {
                    problems.push(format!("{}: {file}: {engine:?} has no {w:?}", case.name));
                }
            }
            let spaced = r.text.replace('\u{A0}', " ");
            // What is left once every number read as dialled is taken out:
            // a number's groups reversed must not be there.
            let mut rest = spaced.clone();
            for (p, _) in &phones {
                rest = rest.replace(p.as_str(), "#");
            }
            for (p, everywhere) in &phones {
                if cards && !everywhere {
                    continue;
                }
                let reversed: Vec<&str> = p.split(' ').rev().collect();
                let reversed = reversed.join(" ");
                let searched = *engine != Engine::Pdfium || r.hits.get(p).is_some_and(|n| *n > 0);
                if !spaced.contains(p.as_str()) || !searched {
                    problems.push(format!("{}: {file}: {engine:?} has no {p:?}", case.name));
                }
                if rest.contains(&reversed) && reversed != *p {
                    problems.push(format!(
                        "{}: {file}: {engine:?} gives {reversed:?} for {p:?}",
                        case.name
                    ));
                }
            }
            let stray: BTreeSet<char> = r.text.chars().filter(|c| !allowed.contains(c)).collect();
            if !stray.is_empty() {
                problems.push(format!(
                    "{}: {file}: {engine:?} gives characters not in the pack: {stray:?}",
                    case.name
                ));
            }
        }
    }
    problems
}

fn case(name: &'static str, audience: &'static str, labels: &[&'static str]) -> Case {
    Case {
        name,
        pack: fixture(name),
        audience,
        extra: Vec::new(),
        formats: ALL,
        labels: labels.to_vec(),
    }
}

fn assert_none(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn urdu_and_arabic_read_whole_in_every_engine() {
    if !readers_ready() {
        return;
    }
    let mut problems = check(&case("lang-ur", "parents", &["ur"]));
    problems.extend(check(&case("lang-ar", "parents", &["ar"])));
    assert_none(problems);
}

/// Arabic with its short vowels and other marks written (harakat): each
/// word comes back whole, marks after the letters they are on.
#[test]
#[ignore = "issue 26: not yet: marks come back apart from their letters"]
fn vowelled_arabic_reads_whole_in_every_engine() {
    if !readers_ready() {
        return;
    }
    assert_none(check(&case("lang-ar-vowelled", "parents", &["ar"])));
}

#[test]
fn bengali_and_punjabi_read_whole_in_every_engine() {
    if !readers_ready() {
        return;
    }
    let mut problems = check(&case("lang-bn", "parents", &["bn"]));
    problems.extend(check(&case("lang-pa", "parents", &["pa"])));
    assert_none(problems);
}

#[test]
fn welsh_and_polish_read_whole_in_every_engine() {
    if !readers_ready() {
        return;
    }
    let mut problems = check(&case("lang-cy", "rhieni", &["cy"]));
    problems.extend(check(&case("lang-pl", "parents", &["pl"])));
    assert_none(problems);
}

#[test]
fn bilingual_editions_read_whole_in_every_engine() {
    if !readers_ready() {
        return;
    }
    let formats: &[&str] = &["poster", "handout", "booklet"];
    let mut problems = Vec::new();
    for (name, pair, labels) in [
        ("bilingual", "cy+en", vec!["cy", "en-GB"]),
        ("bilingual-ur", "ur+en", vec!["ur", "en-GB"]),
    ] {
        problems.extend(check(&Case {
            name,
            pack: fixture(name),
            audience: "parents",
            extra: vec!["--bilingual", pair],
            formats,
            labels,
        }));
    }
    assert_none(problems);
}

/// Urdu set in Noto Nastaliq Urdu (Debian's fonts-noto-core, which
/// scripts/test installs): its glyphs step down the line and many stand
/// for part of a letter, and every one must still give text.
#[test]
#[ignore = "issue 26: not yet: PDFium and pdf.js lose letters of Nastaliq words"]
fn urdu_in_noto_nastaliq_reads_whole_in_every_engine() {
    if !readers_ready() {
        return;
    }
    let system = Path::new("/usr/share/fonts/truetype/noto");
    if !system.join("NotoNastaliqUrdu-Regular.ttf").is_file() {
        assert!(
            std::env::var_os("CI").is_none(),
            "in CI, scripts/test must install fonts-noto-core"
        );
        eprintln!("skipped: Noto Nastaliq Urdu is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("lang-ur-nastaliq");
    copy_tree(&fixture("lang-ur"), &pack);
    let file = pack.join("pack.toml");
    let text = std::fs::read_to_string(&file).unwrap().replace(
        "[[pack.sources]]",
        "[theme.fonts]\narabic = \"Noto Nastaliq Urdu\"\n\n[[pack.sources]]",
    );
    std::fs::write(&file, text).unwrap();
    std::fs::create_dir_all(pack.join("fonts")).unwrap();
    for face in ["Regular", "Bold"] {
        let name = format!("NotoNastaliqUrdu-{face}.ttf");
        std::fs::copy(system.join(&name), pack.join("fonts").join(&name)).unwrap();
    }
    assert_none(check(&Case {
        name: "lang-ur (Nastaliq)",
        pack,
        audience: "parents",
        extra: Vec::new(),
        formats: ALL,
        labels: vec!["ur"],
    }));
}
