//! `turnback verify`: check a list file's signature, key, expiry and structure.

use std::path::PathBuf;

use turnback::list::LoadPolicy;
use turnback::Engine;

use crate::{exit, files};

/// Verify a list file against a pinned public key.
#[derive(clap::Args)]
#[command(
    after_help = "Example:\n  turnback verify --list list.tbl --pub keys/turnback.pub\n\nExit status: 0 valid (one-line summary on stdout), 2 invalid (the reason on stderr)."
)]
pub struct Args {
    /// The list file.
    #[arg(long, value_name = "LIST")]
    list: PathBuf,
    /// The publisher's public key.
    #[arg(long = "pub", value_name = "KEY")]
    key: PathBuf,
}

pub fn run(args: Args) -> u8 {
    match load(&args.list, &args.key) {
        Ok(e) => {
            let (i, s) = (e.info(), e.stats());
            println!(
                "ok: {} list {} sequence {}, key {}, expires {}; {} url, {} keyword, {} rule entries",
                args.list.display(),
                i.id,
                i.sequence,
                i.key_id,
                files::date(i.expires),
                s.url_entries,
                s.keyword_entries,
                s.rules
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
