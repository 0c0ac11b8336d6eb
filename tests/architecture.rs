//! The pipeline's order, checked from the source (docs/design.md, "The
//! pipeline"): pack -> text -> layout -> formats -> render -> build -> cli,
//! with shared leaf modules below pack. No module imports one after it,
//! no two modules import each other, and no two files of one folder
//! import each other.
//!
//! Read from each file's `use` lines and `crate::`/`super::`/`packpress::`
//! paths, as text: no build of the crate is needed, and a new import that
//! runs back up the pipeline fails here with the file that made it.
//! Test code (`#[cfg(test)]`) is left out: a unit test may reach across to
//! build what it checks, and nothing it imports is in the program.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Each top-level module and its layer: a module may import its own layer
/// and those below, never one above. Every module of `src/` must be here,
/// so a new one is placed on purpose.
const LAYERS: &[(&str, u8)] = &[
    // Shared leaves: facts and helpers every stage may use.
    ("units", 0),
    ("colour", 0),
    ("date", 0),
    ("english", 0),
    ("files", 0),
    ("diagnostics", 0),
    ("suggest", 0),
    ("escape", 0),
    ("images", 0),
    ("style", 0),
    ("labels", 0),
    ("markup", 0),
    ("model", 0),
    // The pipeline.
    ("pack", 1),
    ("text", 2),
    ("layout", 3),
    ("formats", 4),
    ("render", 5),
    ("build", 6),
    // `packpress new`: writes a pack (after pack, which reads one).
    ("scaffold", 6),
    // The binary: main.rs and src/cli/.
    ("cli", 7),
];

/// Pairs of files in one folder that import each other today and that
/// the other half of issue 21 removes (formats/ and layout/ are being
/// rewritten there). Each is `(folder, a, b)`; empty once that lands.
const KNOWN_SIBLING_CIRCLES: &[(&str, &str, &str)] = &[];

/// Imports that run back up the pipeline today and that the other half of
/// issue 21 removes: `(from, to)` top-level modules.
const KNOWN_BACKWARD: &[(&str, &str)] = &[];

/// A module: the crate (`lib` or `bin`) and its path, `["pack", "site"]`.
type Module = Vec<String>;

/// One source file: its module and its text, comments, strings and test
/// code taken out.
struct Source {
    path: PathBuf,
    module: Module,
    code: String,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file is: `src/pack/site.rs` is `lib::pack::site`,
/// `src/pack/mod.rs` is `lib::pack`, `src/main.rs` and `src/cli/*` are the
/// binary's.
fn module_of(path: &Path) -> Module {
    let rel = path.strip_prefix(src()).unwrap();
    let mut parts: Vec<String> = rel
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    let krate = if parts.first().is_some_and(|p| p == "cli" || p == "main") {
        "bin"
    } else {
        "lib"
    };
    if parts == ["main"] || parts == ["lib"] {
        parts.clear();
    }
    std::iter::once(krate.to_string()).chain(parts).collect()
}

/// The code without comments, without the contents of string and
/// character literals (so a path in a message is not an import), and
/// with lines kept.
fn strip(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |ch: char| if ch == '\n' { '\n' } else { ' ' };
    while i < c.len() {
        let next = c.get(i + 1).copied();
        if c[i] == '/' && next == Some('/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if c[i] == '/' && next == Some('*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(c[i]));
                    i += 1;
                }
            }
        } else if c[i] == 'r'
            && (next == Some('"') || next == Some('#'))
            && (i == 0 || !(c[i - 1].is_alphanumeric() || c[i - 1] == '_'))
        {
            // A raw string: r"...", r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while c.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if c.get(j) != Some(&'"') {
                out.push(c[i]);
                i += 1;
                continue;
            }
            j += 1;
            out.push_str("\"\"");
            while j < c.len() {
                if c[j] == '"' && (0..hashes).all(|h| c.get(j + 1 + h) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                out.push(blank(c[j]));
                j += 1;
            }
            i = j;
        } else if c[i] == '"' {
            out.push_str("\"\"");
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    i += 1;
                }
                if let Some(&ch) = c.get(i) {
                    out.push(blank(ch));
                }
                i += 1;
            }
            i += 1;
        } else if c[i] == '\'' {
            // A character literal ('x', '\n', '\u{1F600}'), or a lifetime.
            let end = if next == Some('\\') {
                (i + 2..c.len().min(i + 12)).find(|&j| c[j] == '\'')
            } else {
                (c.get(i + 2) == Some(&'\'')).then_some(i + 2)
            };
            match end {
                Some(e) => {
                    out.push_str("' '");
                    i = e + 1;
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// The code less what `#[cfg(test)]` gates, and the names of the child
/// modules it gates (`#[cfg(test)] mod tests;`), whose files are test code.
fn without_tests(code: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(code.len());
    let mut test_mods = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let mut item = &rest[at + "#[cfg(test)]".len()..];
        // Other attributes of the same item.
        loop {
            item = item.trim_start();
            match item.strip_prefix("#[") {
                Some(a) => item = &a[a.find(']').map_or(a.len(), |e| e + 1)..],
                None => break,
            }
        }
        let words: Vec<&str> = item.split_whitespace().take(2).collect();
        if words.first() == Some(&"mod") {
            if let Some(name) = words.get(1).and_then(|n| n.strip_suffix(';')) {
                test_mods.push(name.to_string());
            }
        }
        // The item ends at its first `;` outside braces, or its braces' end.
        let mut depth = 0usize;
        let mut end = item.len();
        for (i, ch) in item.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        out.extend(item[..end].chars().filter(|&c| c == '\n'));
        rest = &item[end..];
    }
    out.push_str(rest);
    (out, test_mods)
}

/// Every path the code names from a crate root or a relative start:
/// `crate::pack::Pack`, `super::plan::Job`, and each leaf of a use tree
/// (`use crate::{a::b, c}` names `crate::a::b` and `crate::c`).
fn paths(code: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if starts_word {
            for root in ["crate", "super", "self", "packpress"] {
                let word: Vec<char> = root.chars().chain("::".chars()).collect();
                if chars[i..].starts_with(&word) {
                    let mut end = i;
                    out.extend(tree(&chars, &mut end, Vec::new()));
                    i = end;
                    break;
                }
            }
        }
        i += 1;
    }
    out
}

/// Reads a path or use tree at `*at`, below `prefix`.
fn tree(chars: &[char], at: &mut usize, prefix: Vec<String>) -> Vec<Vec<String>> {
    let mut path = prefix;
    loop {
        while chars.get(*at).is_some_and(|c| c.is_whitespace()) {
            *at += 1;
        }
        if chars.get(*at) == Some(&'{') {
            *at += 1;
            let mut all = Vec::new();
            loop {
                all.extend(tree(chars, at, path.clone()));
                while chars.get(*at).is_some_and(|c| c.is_whitespace()) {
                    *at += 1;
                }
                match chars.get(*at) {
                    Some(',') => *at += 1,
                    Some('}') => {
                        *at += 1;
                        return all;
                    }
                    _ => return all,
                }
                while chars.get(*at).is_some_and(|c| c.is_whitespace()) {
                    *at += 1;
                }
                if chars.get(*at) == Some(&'}') {
                    *at += 1;
                    return all;
                }
            }
        }
        let start = *at;
        while chars
            .get(*at)
            .is_some_and(|c| c.is_alphanumeric() || *c == '_')
        {
            *at += 1;
        }
        if *at == start {
            // `*`, or the end of the path.
            if chars.get(*at) == Some(&'*') {
                *at += 1;
            }
            return vec![path];
        }
        let word: String = chars[start..*at].iter().collect();
        // `self` inside a group names the group's own path.
        if word != "self" || path.is_empty() {
            path.push(word);
        }
        if chars.get(*at) == Some(&':') && chars.get(*at + 1) == Some(&':') {
            *at += 2;
        } else {
            return vec![path];
        }
    }
}

/// The module a path names from `module`: the deepest module of the
/// crate on its way (`crate::pack::site::load` names `lib::pack::site`).
fn resolve(module: &Module, path: &[String], modules: &BTreeSet<Module>) -> Option<Module> {
    let (mut base, rest) = match path.first().map(String::as_str) {
        Some("crate") => (vec![module[0].clone()], &path[1..]),
        Some("packpress") => (vec!["lib".to_string()], &path[1..]),
        Some("self") => (module.clone(), &path[1..]),
        Some("super") => {
            let mut base = module.clone();
            let mut rest = path;
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
            (base, rest)
        }
        _ => return None,
    };
    for segment in rest {
        let mut next = base.clone();
        next.push(segment.clone());
        if modules.contains(&next) {
            base = next;
        } else {
            break;
        }
    }
    Some(base)
}

/// The top-level module, as [`LAYERS`] names it (`cli` for the binary).
fn top(module: &Module) -> String {
    if module[0] == "bin" {
        "cli".to_string()
    } else {
        module.get(1).cloned().unwrap_or_default()
    }
}

fn layer(name: &str) -> Option<u8> {
    LAYERS.iter().find(|(n, _)| *n == name).map(|(_, l)| *l)
}

/// Every non-test source file, and every module (test ones included, so
/// that a path into one still resolves).
fn sources() -> (Vec<Source>, BTreeSet<Module>) {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut modules: BTreeSet<Module> = BTreeSet::new();
    let mut parsed = Vec::new();
    let mut test_modules: BTreeSet<Module> = BTreeSet::new();
    for path in files {
        let module = module_of(&path);
        let text = fs::read_to_string(&path).unwrap();
        let (code, tests) = without_tests(&strip(&text));
        for t in tests {
            let mut m = module.clone();
            m.push(t);
            test_modules.insert(m);
        }
        modules.insert(module.clone());
        parsed.push(Source { path, module, code });
    }
    // A test module's own children are test code too.
    let sources = parsed
        .into_iter()
        .filter(|s| !test_modules.iter().any(|t| s.module.starts_with(t)))
        .collect();
    (sources, modules)
}

/// Each module's imports of other modules, with a file that makes each.
fn imports() -> BTreeMap<(Module, Module), PathBuf> {
    let (sources, modules) = sources();
    let mut edges = BTreeMap::new();
    for s in &sources {
        for path in paths(&s.code) {
            if let Some(target) = resolve(&s.module, &path, &modules) {
                if target != s.module && target.len() > 1 {
                    edges
                        .entry((s.module.clone(), target))
                        .or_insert_with(|| s.path.clone());
                }
            }
        }
    }
    edges
}

fn short(path: &Path) -> String {
    path.strip_prefix(src().parent().unwrap())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn every_module_has_a_place_in_the_pipeline() {
    let (sources, _) = sources();
    let unplaced: BTreeSet<String> = sources
        .iter()
        .filter(|s| s.module.len() > 1)
        .map(|s| top(&s.module))
        .filter(|t| layer(t).is_none())
        .collect();
    assert!(
        unplaced.is_empty(),
        "add these modules to LAYERS in tests/architecture.rs: {unplaced:?}"
    );
}

#[test]
fn no_module_imports_a_later_stage_of_the_pipeline() {
    let mut wrong = Vec::new();
    for ((from, to), file) in imports() {
        let (a, b) = (top(&from), top(&to));
        if a == b || KNOWN_BACKWARD.contains(&(a.as_str(), b.as_str())) {
            continue;
        }
        if let (Some(la), Some(lb)) = (layer(&a), layer(&b)) {
            if lb > la {
                wrong.push(format!(
                    "{} ({a}) imports {} ({b}), a later stage",
                    short(&file),
                    to[1..].join("::")
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_two_top_level_modules_import_each_other() {
    let mut edges: BTreeSet<(String, String)> = BTreeSet::new();
    let mut files: BTreeMap<(String, String), PathBuf> = BTreeMap::new();
    for ((from, to), file) in imports() {
        let (a, b) = (top(&from), top(&to));
        if a != b {
            files.entry((a.clone(), b.clone())).or_insert(file);
            edges.insert((a, b));
        }
    }
    let circles: Vec<String> = edges
        .iter()
        .filter(|(a, b)| a < b && edges.contains(&(b.clone(), a.clone())))
        .map(|(a, b)| {
            format!(
                "{a} <-> {b}: {} and {}",
                short(&files[&(a.clone(), b.clone())]),
                short(&files[&(b.clone(), a.clone())])
            )
        })
        .collect();
    assert!(circles.is_empty(), "{}", circles.join("\n"));
}

#[test]
fn no_two_files_of_one_folder_import_each_other() {
    // Between siblings: two modules with one parent (a file, or a folder
    // with everything in it). A parent and its own children may use each
    // other: that is how a folder's mod.rs re-exports its files.
    let mut edges: BTreeMap<(Module, Module), PathBuf> = BTreeMap::new();
    for ((from, to), file) in imports() {
        let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
        if common >= from.len() || common >= to.len() {
            continue;
        }
        let a = from[..=common].to_vec();
        let b = to[..=common].to_vec();
        edges.entry((a, b)).or_insert(file);
    }
    let known = |a: &Module, b: &Module| {
        KNOWN_SIBLING_CIRCLES.iter().any(|(folder, x, y)| {
            let parent = a[..a.len() - 1].join("/");
            let (na, nb) = (&a[a.len() - 1], &b[b.len() - 1]);
            parent.ends_with(folder) && ((na == x && nb == y) || (na == y && nb == x))
        })
    };
    let circles: Vec<String> = edges
        .iter()
        .filter(|((a, b), _)| a < b && edges.contains_key(&(b.clone(), a.clone())))
        .filter(|((a, b), _)| !known(a, b))
        .map(|((a, b), file)| {
            format!(
                "{} <-> {}: {} and {}",
                a.join("::"),
                b.join("::"),
                short(file),
                short(&edges[&(b.clone(), a.clone())])
            )
        })
        .collect();
    assert!(circles.is_empty(), "{}", circles.join("\n"));
}

#[test]
fn the_reader_finds_what_it_should() {
    // The checks above are only as good as this reading of the source.
    let code = strip(
        "use crate::{a::b, c::{self, d}};\n// use crate::comment;\nlet s = \"crate::string\";\nlet c = '\"'; super::e::f(); r#\"crate::raw\"#;",
    );
    let found: Vec<String> = paths(&code).iter().map(|p| p.join("::")).collect();
    assert_eq!(
        found,
        ["crate::a::b", "crate::c", "crate::c::d", "super::e::f"]
    );
    let (code, tests) = without_tests(
        "use crate::x;\n#[cfg(test)]\nmod tests {\n    use crate::y;\n}\n#[cfg(test)]\nmod more;\nuse crate::z;\n",
    );
    let found: Vec<String> = paths(&code).iter().map(|p| p.join("::")).collect();
    assert_eq!(found, ["crate::x", "crate::z"]);
    assert_eq!(tests, ["more"]);
    // And it sees the imports a build really has.
    let edges = imports();
    let has = |from: &[&str], to: &[&str]| {
        let m = |p: &[&str]| -> Module { p.iter().map(|s| s.to_string()).collect() };
        edges.contains_key(&(m(from), m(to)))
    };
    assert!(has(&["lib", "build", "load"], &["lib", "pack"]));
    assert!(has(
        &["lib", "build", "folder"],
        &["lib", "build", "manifest"]
    ));
    assert!(has(&["bin", "cli", "build"], &["bin", "cli", "config"]));
}
