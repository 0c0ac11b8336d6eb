//! Files users give: confined to the folder they belong to.

use std::fs;
use std::path::{Path, PathBuf};

/// Checks that `path`, with every link followed, is inside `root`: a file
/// given by a pack or a site may not reach elsewhere on the machine.
pub fn confined(path: &Path, root: &Path) -> Result<PathBuf, String> {
    let real_root = fs::canonicalize(root)
        .map_err(|e| format!("cannot read the folder {}: {e}", root.display()))?;
    let real =
        fs::canonicalize(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if real.starts_with(&real_root) {
        Ok(real)
    } else {
        Err(format!(
            "{} leads outside {} (to {})",
            path.display(),
            root.display(),
            real.display()
        ))
    }
}
