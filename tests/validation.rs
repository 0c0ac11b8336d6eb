//! One test per rule of `check`, each written as the mistake a pack author
//! really makes: the message names the file and line and says what to do,
//! the exit code is 1 (errors) or 0 (warnings only), and nothing panics.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the shipped pack with text replacements applied to its files.
fn pack_with(edits: &[(&str, &str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("e2ee");
    copy_tree(&shipped_pack(), &pack);
    for (file, from, to) in edits {
        let path = pack.join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} does not contain {from:?}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    (dir, pack)
}

fn check(pack: &Path) -> Output {
    packpress(repo(), &["check", pack.to_str().unwrap()])
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The check fails with exit 1, and its messages contain every `want`.
fn refused(edits: &[(&str, &str, &str)], want: &[&str]) {
    let (_d, pack) = pack_with(edits);
    let o = check(&pack);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = stderr(&o);
    for w in want {
        assert!(err.contains(w), "missing {w:?} in:\n{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_pack_id_that_could_leave_the_output_folder_is_refused() {
    refused(
        &[("pack.toml", "id = \"e2ee\"", "id = \"../e2ee\"")],
        &["pack id `../e2ee` is not a valid id", "pack.toml:2:6"],
    );
}

#[test]
fn an_audience_file_name_that_is_not_an_id_is_refused() {
    let (_d, pack) = pack_with(&[]);
    fs::rename(
        pack.join("audiences/parents.toml"),
        pack.join("audiences/Parents Evening.toml"),
    )
    .unwrap();
    let o = check(&pack);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(
        stderr(&o).contains("audience file name `Parents Evening` is not a valid id"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_colour_that_is_not_hash_rrggbb_is_refused() {
    refused(
        &[("pack.toml", "primary = \"#1F4E79\"", "primary = \"navy\"")],
        &["theme.primary `navy` is not a colour", "#RRGGBB"],
    );
}

#[test]
fn a_theme_colour_with_poor_contrast_is_refused_with_the_pair_ratio_and_a_colour_that_passes() {
    let edit = [(
        "pack.toml",
        "primary = \"#1F4E79\"",
        "primary = \"#9DB4CC\"",
    )];
    // The line the theme's primary is on in the shipped pack.
    let shipped = fs::read_to_string(shipped_pack().join("pack.toml")).unwrap();
    let line = shipped
        .lines()
        .position(|l| l.starts_with("primary = "))
        .expect("the shipped pack sets primary")
        + 1;
    refused(
        &edit,
        &[
            "primary (headings) #9DB4CC on paper #FFFFFF is too faint to read: a contrast of 2.",
            "in the standard and large-print styles",
            "needs at least 4.5:1",
            &format!("pack.toml:{line}:11"),
        ],
    );
    // The suggested colour, put in its place, passes.
    let (_d, pack) = pack_with(&edit);
    let err = stderr(&check(&pack));
    let at = err.find("`primary = \"#").expect("a suggestion") + "`primary = \"".len();
    let suggested = &err[at..at + 7];
    let text = fs::read_to_string(pack.join("pack.toml")).unwrap();
    fs::write(pack.join("pack.toml"), text.replace("#9DB4CC", suggested)).unwrap();
    let o = check(&pack);
    assert_eq!(o.status.code(), Some(0), "{suggested}: {}", describe(&o));
}

#[test]
fn an_unusual_phone_number_is_a_warning_not_an_error() {
    let (_d, pack) = pack_with(&[(
        "pack.toml",
        "phone = \"0344 381 4772\"",
        "phone = \"0845 381 4772\"",
    )]);
    let o = check(&pack);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(
        stderr(&o).contains("warning: phone number `0845 381 4772` is unusual"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_reviewed_date_in_the_future_is_refused() {
    refused(
        &[(
            "pack.toml",
            "reviewed = 2026-11-22",
            "reviewed = 2099-01-01",
        )],
        &["reviewed date 2099-01-01 is in the future"],
    );
}

#[test]
fn an_overdue_review_warns_on_every_build_but_still_builds() {
    let (_d, pack) = pack_with(&[(
        "pack.toml",
        "reviewed = 2026-11-22",
        "reviewed = 2020-01-15",
    )]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = packpress(
        repo(),
        &[
            "build",
            pack.to_str().unwrap(),
            "-a",
            "parents",
            "-f",
            "poster",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let err = stderr(&o);
    assert!(
        err.contains("helpline numbers were last checked on 2020-01-15"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("with 1 warning"));
}

#[test]
fn too_few_or_too_many_key_points_are_refused() {
    refused(
        &[(
            "audiences/parents.toml",
            "  \"Talk with your child little and often, and let them lead.\",\n  \"If a message worries your child, keep it: don’t delete it.\",\n  \"If your child is in immediate danger, call 999.\",\n",
            "",
        )],
        &["key_points has 2 points; it needs 3 to 6", "parents.toml:"],
    );
    refused(
        &[(
            "audiences/parents.toml",
            "  \"If your child is in immediate danger, call 999.\",\n",
            "  \"If your child is in immediate danger, call 999.\",\n  \"One.\",\n  \"Two.\",\n",
        )],
        &["key_points has 7 points; it needs 3 to 6"],
    );
}

#[test]
fn an_empty_section_and_an_empty_heading_are_refused() {
    let (_d, pack) = pack_with(&[]);
    let path = pack.join("audiences/parents.toml");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("\n[[sections]]\nkind = \"note\"\nheading = \"Nothing here\"\n");
    fs::write(&path, text).unwrap();
    let o = check(&pack);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = stderr(&o);
    assert!(
        err.contains("section \"Nothing here\" is empty") && err.contains("no body and no items"),
        "{err}"
    );
    refused(
        &[(
            "audiences/parents.toml",
            "heading = \"Keeping evidence\"",
            "heading = \"  \"",
        )],
        &["section heading is empty"],
    );
}

#[test]
fn unclosed_bold_is_refused_where_it_opens() {
    refused(
        &[(
            "audiences/parents.toml",
            "**strangers and hackers cannot read them.**",
            "**strangers and hackers cannot read them.",
        )],
        &["`**` starts bold text that never ends", "parents.toml:"],
    );
}

#[test]
fn a_toml_syntax_error_names_its_line_and_column() {
    refused(
        &[(
            "pack.toml",
            "title = \"End-to-end encryption\"",
            "title = \"End-to-end encryption",
        )],
        &["pack.toml:3:"],
    );
}

#[test]
fn a_font_that_is_neither_built_in_nor_in_the_pack_is_refused_at_its_key() {
    refused(
        &[(
            "pack.toml",
            "paper = \"#FFFFFF\"",
            "paper = \"#FFFFFF\"\nfont = \"Comic Sans\"",
        )],
        &["no font family called \"Comic Sans\"", "pack.toml:"],
    );
}

#[test]
fn a_file_that_is_not_utf8_is_refused_by_name_and_byte_offset() {
    let (_d, pack) = pack_with(&[]);
    let path = pack.join("audiences/parents.toml");
    let mut bytes = fs::read(&path).unwrap();
    bytes.splice(10..10, [0xFF, 0xFE]);
    fs::write(&path, bytes).unwrap();
    let o = check(&pack);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(
        stderr(&o).contains(
            "parents.toml is not UTF-8 text: line 1 has the byte 0xFF (byte 10 of the file)"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_binary_or_huge_file_is_refused_quickly() {
    let (_d, pack) = pack_with(&[]);
    fs::write(pack.join("pack.toml"), vec![0u8; 2 * 1024 * 1024]).unwrap();
    let o = check(&pack);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(
        stderr(&o).contains("is 2048 KB; the limit is 1024 KB"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_audience_file_linked_from_outside_the_pack_is_refused() {
    let (dir, pack) = pack_with(&[]);
    let outside = dir.path().join("outside.toml");
    fs::copy(pack.join("audiences/parents.toml"), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, pack.join("audiences/linked.toml")).unwrap();
    let o = check(&pack);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(
        stderr(&o).contains("linked.toml leads outside"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_pack_without_an_audiences_folder_says_what_it_needs() {
    let (_d, pack) = pack_with(&[]);
    fs::remove_dir_all(pack.join("audiences")).unwrap();
    let o = check(&pack);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(
        stderr(&o).contains("audiences/ folder with one .toml file per audience"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_output_folder_that_cannot_be_created_is_exit_3_naming_it() {
    // /proc refuses new folders even to root.
    let o = packpress(
        repo(),
        &[
            "build",
            "-a",
            "parents",
            "-f",
            "poster",
            "-o",
            "/proc/packpress-out",
        ],
    );
    assert_eq!(o.status.code(), Some(3), "{}", describe(&o));
    assert!(stderr(&o).contains("/proc/packpress-out"), "{}", stderr(&o));
}
