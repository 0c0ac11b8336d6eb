//! `packpress completions`: a shell completion script. clap writes the
//! script from the arguments (so -f, -p and -s offer their values); for
//! bash, zsh and fish a few lines more offer the audience ids after -a, and
//! the language tags after -l, of the packs on the command line (or under
//! ./packs), by asking the binary.

use clap::CommandFactory;
use clap_complete::Shell;

use super::args::{Cli, CompletionsArgs};
use super::output::Outcome;

/// The first argument that makes packpress print audience ids for
/// completion, one a line, from the pack folders among the arguments
/// after it.
pub const AUDIENCES_HELPER: &str = "__complete-audiences";

/// The same for language tags: each pack's own and its translations'.
pub const LANGUAGES_HELPER: &str = "__complete-languages";

/// Bash: asks packpress for audience ids after -a or --audience, and for
/// language tags after -l or --language, and leaves everything else to
/// clap's function.
const BASH: &str = r#"
# Audience ids after -a, language tags after -l: asked of packpress itself,
# from the packs on the command line (or under ./packs).
_packpress_audiences() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
    if [[ "$prev" == "-a" || "$prev" == "--audience" ]]; then
        local ids
        ids="$("${COMP_WORDS[0]}" __complete-audiences "${COMP_WORDS[@]:1}" 2>/dev/null)"
        COMPREPLY=($(compgen -W "$ids" -- "$cur"))
        return 0
    fi
    if [[ "$prev" == "-l" || "$prev" == "--language" ]]; then
        local tags
        tags="$("${COMP_WORDS[0]}" __complete-languages "${COMP_WORDS[@]:1}" 2>/dev/null)"
        COMPREPLY=($(compgen -W "$tags" -- "$cur"))
        return 0
    fi
    _packpress "$@"
}
if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _packpress_audiences -o nosort -o bashdefault -o default packpress
else
    complete -F _packpress_audiences -o bashdefault -o default packpress
fi
"#;

/// Fish: the same, as completions for -a and -l that run packpress.
const FISH: &str = r#"
# Audience ids after -a and language tags after -l, asked of packpress itself.
complete -c packpress -s a -l audience -x -a '(packpress __complete-audiences (commandline -opc) 2>/dev/null)'
complete -c packpress -s l -l language -x -a '(packpress __complete-languages (commandline -opc) 2>/dev/null)'
"#;

/// Zsh: functions for the AUDIENCE and LANG values that run packpress.
const ZSH: &str = r#"
(( $+functions[_packpress_audience_ids] )) ||
_packpress_audience_ids() {
    local -a ids
    ids=(${(f)"$(packpress __complete-audiences ${words[@]:1} 2>/dev/null)"})
    compadd -a ids
}
(( $+functions[_packpress_language_tags] )) ||
_packpress_language_tags() {
    local -a tags
    tags=(${(f)"$(packpress __complete-languages ${words[@]:1} 2>/dev/null)"})
    compadd -a tags
}
"#;

/// Runs `completions`.
pub fn run(args: CompletionsArgs) -> Outcome {
    super::output::say_raw(&script(args.shell));
    Outcome::Ok
}

/// The completion script for `shell`.
pub fn script(shell: Shell) -> String {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "packpress", &mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    match shell {
        Shell::Bash => text + BASH,
        Shell::Fish => text + FISH,
        // The function must exist before zsh runs the completion, so it
        // goes above the last lines that start it.
        Shell::Zsh => {
            let text = text
                .replace(":AUDIENCE:_default", ":AUDIENCE:_packpress_audience_ids")
                .replace(":LANG:_default", ":LANG:_packpress_language_tags");
            match text.rfind("\nif [ \"$funcstack[1]\" = \"_packpress\" ]") {
                Some(at) => format!("{}{ZSH}{}", &text[..at], &text[at..]),
                None => text + ZSH,
            }
        }
        _ => text,
    }
}
