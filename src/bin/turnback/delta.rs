//! `turnback delta`: the delta file from one release of a list to the next,
//! made by the same core code the publish step and the clients run.

use std::path::{Path, PathBuf};

use turnback::list::{apply_delta, make_delta};

use crate::files::Kind;
use crate::{exit, files};

const AFTER_HELP: &str = "\
Examples:
  turnback delta --from live.tbl --to list.tbl --out live-to-new.tbd
  turnback apply --list live.tbl --delta live-to-new.tbd --pub keys/turnback.pub --out rebuilt.tbl

Both lists must be well formed (their signatures are not checked here: use
`verify`, or `apply`, which verifies) with the same list id and key, and TO
must have a greater sequence than FROM. The delta is applied to FROM before
it is written, and must give TO byte for byte. --out is written atomically.
Prints the delta's size and its ratio to TO's size.
Exit status: 0 written, 2 error.";

/// Make the delta file from one list release to the next.
#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The list devices hold.
    #[arg(long, value_name = "OLD")]
    from: PathBuf,
    /// The new release of the same list.
    #[arg(long, value_name = "NEW")]
    to: PathBuf,
    /// Where to write the delta.
    #[arg(long, value_name = "PATCH")]
    out: PathBuf,
}

pub fn run(args: Args) -> u8 {
    exit::report(delta(&args))
}

fn delta(args: &Args) -> Result<String, String> {
    let (old, new) = (
        files::read(&args.from, Kind::List)?,
        files::read(&args.to, Kind::List)?,
    );
    let (bytes, summary) = make_checked(&old, &new, &args.from, &args.to)?;
    files::write_atomic(&args.out, &bytes)?;
    Ok(format!("wrote {}: {summary}", args.out.display()))
}

/// The delta from `old` to `new`, checked by applying it, and its summary
/// (`delta from sequence A to B: N bytes, P% of NEW's M`).
pub fn make_checked(
    old: &[u8],
    new: &[u8],
    old_path: &Path,
    new_path: &Path,
) -> Result<(Vec<u8>, String), String> {
    let pair = || format!("{} -> {}", old_path.display(), new_path.display());
    let d = make_delta(old, new).map_err(|e| format!("{}: {e}", pair()))?;
    if apply_delta(old, &d).ok().as_deref() != Some(new) {
        // A bug, caught before anything is written.
        return Err(format!(
            "{}: the delta does not rebuild the new list",
            pair()
        ));
    }
    let info = turnback::list::delta_info(&d).map_err(|e| format!("{}: {e}", pair()))?;
    let summary = format!(
        "delta from sequence {} to {}: {} bytes, {:.1}% of {}'s {} bytes",
        info.from_sequence,
        info.to_sequence,
        d.len(),
        100.0 * d.len() as f64 / new.len().max(1) as f64,
        new_path.display(),
        new.len()
    );
    Ok((d, summary))
}
