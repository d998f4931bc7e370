//! Release safety: a new list must follow the one devices hold, and must
//! not expire before the next release can replace it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use turnback::Engine;

use crate::{files, keyset};

/// Below this, `build --expires` warns.
const ONE_DAY: Duration = Duration::from_secs(86_400);

/// The warning for a list valid for less than a day, if it is one.
pub fn expiry_warning(expires: Duration) -> Option<String> {
    (expires < ONE_DAY).then(|| {
        format!(
            "--expires {}: under one day; every device refuses the list once it expires, so a release must replace it within that time",
            humantime::format_duration(expires)
        )
    })
}

/// Checks that `new` (already verified) may replace `old`: `old` verifies
/// with the same key set (its expiry does not matter: it may be the list
/// devices hold past its date), has the same id, and a smaller sequence.
/// Returns OLD's sequence, for `verify --json`.
pub fn check_newer(
    new: &Engine,
    new_path: &Path,
    old: &Path,
    keys: &[PathBuf],
) -> Result<u64, String> {
    let any_time = files::ANY_TIME;
    let old_list = keyset::load(old, keys, &any_time)?;
    let (n, o) = (new.info(), old_list.info());
    if n.id != o.id {
        return Err(format!(
            "{}: list id {} differs from {}'s {}: not a new release of the same list",
            new_path.display(),
            n.id,
            old.display(),
            o.id
        ));
    }
    if n.sequence <= o.sequence {
        return Err(format!(
            "{}: sequence {} is not greater than {}'s {}; devices that hold it would not take the new list",
            new_path.display(),
            n.sequence,
            old.display(),
            o.sequence
        ));
    }
    Ok(o.sequence)
}
