//! `turnback verify`: check a list file's signature, key, expiry and structure.

use std::path::PathBuf;

use turnback::list::LoadPolicy;
use turnback::Engine;

use crate::{exit, files, listinfo};

/// Verify a list file against a pinned public key.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  turnback verify --list list.tbl --pub keys/turnback.pub\n  turnback verify --list list.tbl --pub keys/turnback.pub --json\n\nExit status: 0 valid (one-line summary, or with --json one JSON object, on stdout),\n2 invalid (the reason on stderr)."
)]
pub struct Args {
    /// The list file.
    #[arg(long, value_name = "LIST")]
    list: PathBuf,
    /// The publisher's public key.
    #[arg(long = "pub", value_name = "KEY")]
    key: PathBuf,
    /// Print the header and counts as one JSON object.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> u8 {
    match load(&args.list, &args.key) {
        Ok(e) if args.json => {
            println!("{}", listinfo::header_json(&e, &args.list, "verified"));
            exit::OK
        }
        Ok(e) => {
            let i = e.info();
            println!(
                "ok: {} list {} sequence {}, key {}, expires {}; {}",
                args.list.display(),
                i.id,
                i.sequence,
                i.key_id,
                files::date(i.expires),
                listinfo::counts(&e)
            );
            exit::OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            exit::ERROR
        }
    }
}

/// Loads and fully verifies a list, as a device would.
pub fn load(list: &std::path::Path, key: &std::path::Path) -> Result<Engine, String> {
    let key = files::public_key(key)?;
    let bytes = files::read(list)?;
    let policy = LoadPolicy {
        now: files::now(),
        held_sequence: None,
    };
    Engine::from_bytes(bytes, &key, &policy).map_err(|e| format!("{}: {e}", list.display()))
}
