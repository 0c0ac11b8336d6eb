//! The theme's colours, and the contrast of every pair printed together
//! (WCAG AA, 4.5:1) in every reading style.

use crate::colour::Colour;
use crate::diagnostics::{Diagnostic, FileId, Report};
use crate::pack::model::Text;
use crate::pack::Pack;
use crate::style::{nearest_passing, ContrastProblem, Palette, ReadingStyle, ThemeColour};

pub(super) fn check_theme(pack: &Pack, report: &mut Report) {
    let theme = &pack.spec.theme;
    let file = pack.file;
    let d = Palette::default();
    let mut colour = |t: &Option<Text>, name: &str, default: Colour| -> Colour {
        let Some(t) = t else { return default };
        match Colour::parse(t.get_ref().trim()) {
            Some(c) => c,
            None => {
                report.push(
                    Diagnostic::error(format!(
                        "theme.{name} `{}` is not a colour",
                        crate::escape::terminal(t.get_ref(), 40)
                    ))
                    .at(file, t.span())
                    .label("expected #RRGGBB")
                    .help("write a colour as # and six hex digits, for example \"#1F4E79\""),
                );
                default
            }
        }
    };
    let primary = colour(&theme.primary, "primary", d.primary);
    let accent = colour(&theme.accent, "accent", d.accent);
    let ink = colour(&theme.ink, "ink", d.ink);
    let paper = colour(&theme.paper, "paper", d.paper);
    let written = |key: ThemeColour| {
        let (name, t) = match key {
            ThemeColour::Primary => ("primary", &theme.primary),
            ThemeColour::Accent => ("accent", &theme.accent),
            ThemeColour::Ink => ("ink", &theme.ink),
        };
        (name, t.as_ref().map(|t| t.span()))
    };
    check_contrast(
        report,
        [primary, accent, ink, paper],
        file,
        "[theme]",
        &written,
    );
}

/// The theme's four colours, defaults where not given or not valid.
pub fn theme_colours(pack: &Pack) -> [Colour; 4] {
    let theme = &pack.spec.theme;
    let d = Palette::default();
    let pick = |t: &Option<Text>, default: Colour| {
        t.as_ref()
            .and_then(|t| Colour::parse(t.get_ref().trim()))
            .unwrap_or(default)
    };
    [
        pick(&theme.primary, d.primary),
        pick(&theme.accent, d.accent),
        pick(&theme.ink, d.ink),
        pick(&theme.paper, d.paper),
    ]
}

/// Refuses every text colour that would read poorly on its background, in
/// every reading style, for a theme (with a site's colour in place of
/// primary, if given). `written` gives, for each theme colour, its key in
/// `table` and where it is written in `file` (if it is).
pub fn check_contrast(
    report: &mut Report,
    colours: [Colour; 4],
    file: FileId,
    table: &str,
    written: &dyn Fn(ThemeColour) -> (&'static str, Option<std::ops::Range<usize>>),
) {
    let [primary, accent, ink, paper] = colours;
    // A pair failing in several styles (their papers differ) is one
    // finding that gives each style's ratio.
    // Each failing pair with its ratios, each ratio with the styles it is in.
    type ByRatio = Vec<(String, Vec<&'static str>)>;
    let mut found: Vec<(ContrastProblem, ByRatio)> = Vec::new();
    for style in ReadingStyle::ALL {
        let palette = Palette::new(primary, accent, ink, style.paper(paper));
        for problem in palette.contrast_problems() {
            let ratio = format!("{:.2}:1", problem.ratio);
            let same =
                |p: &ContrastProblem| (p.text, p.background) == (problem.text, problem.background);
            match found.iter_mut().find(|(p, _)| same(p)) {
                Some((_, ratios)) => match ratios.iter_mut().find(|(r, _)| *r == ratio) {
                    Some((_, styles)) => styles.push(style.name()),
                    None => ratios.push((ratio, vec![style.name()])),
                },
                None => found.push((problem, vec![(ratio, vec![style.name()])])),
            }
        }
    }
    for (problem, ratios) in found {
        let ratios: Vec<String> = ratios
            .iter()
            .map(|(r, styles)| {
                let s = if styles.len() > 1 { "s" } else { "" };
                format!("{r} in the {} style{s}", crate::english::join_and(styles))
            })
            .collect();
        let (key, span) = written(problem.change);
        let fix = match nearest_passing(colours, problem.change) {
            Some(c) => format!(
                "the nearest {key} that passes in every style is {c}: `{key} = \"{c}\"` in {table}"
            ),
            None => format!("choose a darker or lighter {key} in {table}"),
        };
        let d = Diagnostic::error(format!(
            "{} {} on {} {} is too faint to read: a contrast of {}; text needs at least 4.5:1 (WCAG AA)",
            problem.text,
            problem.text_colour,
            problem.background,
            problem.background_colour,
            ratios.join(", "),
        ))
        .help(fix);
        report.push(match span {
            Some(span) => d.at(file, span).label(format!("this {key}")),
            None => d.in_file(file),
        });
    }
}
