//! `turnback apply`: rebuild a list from the one held and a delta, and
//! verify the result exactly as a device does.

use std::path::PathBuf;

use turnback::list::{apply_delta, LoadPolicy};

use crate::files::Kind;
use crate::{exit, files, keyset, listinfo};

const AFTER_HELP: &str = "\
Examples:
  turnback apply --list live.tbl --delta live-to-new.tbd --pub keys/turnback.pub --out new.tbl
  turnback apply --list cached.tbl --delta https-download.tbd --pub current.pub --pub next.pub --out new.tbl

LIST is verified with the key set (its expiry aside: it may be the list a
device holds past its date), the delta applied to it, and the result
verified as a device verifies a downloaded list: signature, key, expiry,
structure, and a sequence not below LIST's. A delta made from another file
than LIST is refused at once. Nothing is written unless the result
verifies; --out is written atomically.
Exit status: 0 written, 2 refused input or error.";

/// Rebuild the next list from the held one and a delta, and verify it.
#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The list held (the delta's base).
    #[arg(long, value_name = "OLD")]
    list: PathBuf,
    /// The delta file.
    #[arg(long, value_name = "PATCH")]
    delta: PathBuf,
    /// The publisher's public key; repeat it (or list several keys in the
    /// file) for a key set.
    #[arg(long = "pub", value_name = "KEY", required = true)]
    key: Vec<PathBuf>,
    /// Where to write the rebuilt list.
    #[arg(long, value_name = "NEW")]
    out: PathBuf,
}

pub fn run(args: Args) -> u8 {
    exit::report(apply(&args))
}

fn apply(args: &Args) -> Result<String, String> {
    let set = keyset::read(&args.key)?;
    let old_bytes = files::read(&args.list, Kind::List)?;
    let any_time = files::ANY_TIME;
    let old = keyset::load_bytes(old_bytes.clone(), &args.list, &set, &any_time)?;
    let held = old.info().sequence;
    let patch = files::read(&args.delta, Kind::Delta)?;
    let rebuilt =
        apply_delta(&old_bytes, &patch).map_err(|e| format!("{}: {e}", args.delta.display()))?;
    let policy = LoadPolicy {
        now: files::now(),
        held_sequence: Some(held),
    };
    let new = keyset::load_bytes(rebuilt.clone(), &args.out, &set, &policy).map_err(|e| {
        format!(
            "{} (rebuilt from {}): {e}",
            args.delta.display(),
            args.list.display()
        )
    })?;
    files::write_atomic(&args.out, &rebuilt)?;
    let i = new.info();
    Ok(format!(
        "ok: {} list {} sequence {} (from {held}), key {}, expires {}; {}",
        args.out.display(),
        i.id,
        i.sequence,
        i.key_id,
        files::date(i.expires),
        listinfo::counts(&new)
    ))
}
