//! `turnback sign`: sign a list built with `build --unsigned`, on the
//! machine that holds the secret key.

use std::path::PathBuf;

use turnback::list::sign_unsigned;
use turnback::Engine;

use crate::files::Kind;
use crate::{exit, files, secret};

const AFTER_HELP: &str = "\
Examples:
  turnback sign --list list.unsigned --key keys/turnback.key --out list.tbl
  turnback sign --list list.unsigned --key keys/turnback.key --out list.tbl \\
      --passphrase-env TURNBACK_PASSPHRASE

The list is checked before it is signed (structure; an expired list is
refused) and the signed list is verified before it is written. The signed
bytes are those `build --key` would have written. A list that is already
signed is refused. --out is written atomically; it may name --list.
Exit status: 0 signed, 2 error.";

/// Sign an unsigned list file (offline signing).
#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The unsigned list (from `turnback build --unsigned`).
    #[arg(long, value_name = "LIST")]
    list: PathBuf,
    /// The publisher's secret key.
    #[arg(long, value_name = "SECRET")]
    key: PathBuf,
    /// Where to write the signed list.
    #[arg(long, value_name = "SIGNED")]
    out: PathBuf,
    #[command(flatten)]
    passphrase: secret::Passphrase,
}

pub fn run(args: Args) -> u8 {
    exit::report(sign(&args))
}

fn sign(args: &Args) -> Result<String, String> {
    let unsigned = files::read(&args.list, Kind::List)?;
    let in_list = |e: String| format!("{}: {e}", args.list.display());
    let key = secret::read_for_list(&unsigned, &args.list, &args.key, &args.passphrase)?;
    let signed = sign_unsigned(&unsigned, &key).map_err(|e| in_list(e.to_string()))?;
    let engine = Engine::from_bytes(signed.clone(), &key.public(), &files::policy_now())
        .map_err(|e| in_list(e.to_string()))?;
    files::write_atomic(&args.out, &signed)?;
    let i = engine.info();
    Ok(format!(
        "signed {}: list {} sequence {}, key {}, expires {}",
        args.out.display(),
        i.id,
        i.sequence,
        i.key_id,
        files::date(i.expires)
    ))
}
