//! `packpress list`: what a pack holds.

use packpress::formats::{Format, Paper};
use packpress::style::ReadingStyle;

use super::args::PackArgs;
use super::output::{load, pack_dirs, Outcome};

pub fn run(args: PackArgs) -> Outcome {
    let dirs = match pack_dirs(args.packs) {
        Ok(d) => d,
        Err(o) => return o,
    };
    let (_, packs) = load(&dirs);
    let Some(packs) = packs else {
        return Outcome::PackErrors;
    };
    for lp in &packs {
        let p = &lp.pack;
        println!(
            "{} ({}): {}",
            p.id(),
            p.dir.display(),
            p.spec.pack.title.get_ref().trim()
        );
        println!("  font: {}", lp.fonts.name);
        println!("  audiences:");
        for a in &p.audiences {
            println!("    {:<16} {}", a.id, a.spec.audience.name.get_ref().trim());
        }
        println!("  formats:");
        for f in Format::ALL {
            let papers: Vec<&str> = f.papers().iter().map(|p| p.name()).collect();
            println!("    {:<16} {}", f.name(), papers.join(", "));
        }
        let styles: Vec<&str> = ReadingStyle::ALL.iter().map(|s| s.name()).collect();
        println!("  styles: {}", styles.join(", "));
        println!("  default paper: {}", Paper::for_locale(p.locale()).name());
        println!("  helplines:");
        for h in &p.spec.helplines {
            let contact = h.phone().or(h.url()).or(h.email()).unwrap_or("");
            let who: Vec<&str> = p
                .audiences
                .iter()
                .filter(|a| h.shown_to(&a.id))
                .map(|a| a.id.as_str())
                .collect();
            println!(
                "    {:<16} {:<32} {}{}",
                h.id.get_ref(),
                contact,
                who.join(", "),
                if h.emergency { " (emergency)" } else { "" }
            );
        }
    }
    Outcome::Ok
}
