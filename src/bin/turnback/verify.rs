//! `turnback verify`: check a list file's signature, key, expiry and structure.

use std::path::PathBuf;

use turnback::Engine;

use serde_json::json;

use crate::{exit, files, indexcheck, keyset, listinfo, release};

/// Verify a list file against a pinned public key.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  turnback verify --list list.tbl --pub keys/turnback.pub\n  turnback verify --list new.tbl --pub keys/current.pub --pub keys/next.pub --newer-than live.tbl\n  turnback verify --list list.tbl --pub keys/turnback.pub --json\n  turnback verify --index public/index.txt --pub keys/turnback.pub\n\nSeveral --pub (or several keys in one file, one a line) form a key set:\nthe list must be signed by one of them. --newer-than OLD also verifies OLD\n(its expiry aside) with the same key set and requires the same list id and a\nsequence greater than OLD's, so devices that hold OLD take the new list.\n--index verifies a publish index instead, and the files it names beside it.\nExit status: 0 valid (one-line summary, or with --json one JSON object, on stdout),\n2 invalid (the reason on stderr)."
)]
pub struct Args {
    /// The list file.
    #[arg(long, value_name = "LIST", required_unless_present = "index")]
    list: Option<PathBuf>,
    /// A publish index (`turnback publish`) instead of a list: its
    /// signature, and the size and SHA-256 of every file it names.
    #[arg(long, value_name = "INDEX", conflicts_with_all = ["list", "newer_than", "json"])]
    index: Option<PathBuf>,
    /// The publisher's public key; repeat it (or list several keys in the
    /// file) for a key set.
    #[arg(long = "pub", value_name = "KEY", required = true)]
    key: Vec<PathBuf>,
    /// The list now published: the new list must follow it.
    #[arg(long, value_name = "OLD")]
    newer_than: Option<PathBuf>,
    /// Print the header and counts (and what --newer-than checked) as one
    /// JSON object.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> u8 {
    let list = match (&args.index, &args.list) {
        (Some(index), _) => return exit::report(indexcheck::verify(index, &args.key)),
        (None, Some(list)) => list.clone(),
        // clap requires one of them.
        (None, None) => return exit::report(Err("--list or --index is required".into())),
    };
    let loaded = load(&list, &args.key).and_then(|e| match &args.newer_than {
        Some(old) => release::check_newer(&e, &list, old, &args.key).map(|seq| (e, Some(seq))),
        None => Ok((e, None)),
    });
    match loaded {
        Ok((e, old_sequence)) if args.json => {
            let mut v = listinfo::header_json(&e, &list, "verified");
            if let (Some(o), Some(old), Some(sequence)) =
                (v.as_object_mut(), &args.newer_than, old_sequence)
            {
                o.insert(
                    "newer_than".to_string(),
                    json!({ "list": old.display().to_string(), "sequence": sequence }),
                );
            }
            println!("{v}");
            exit::OK
        }
        Ok((e, _)) => {
            let i = e.info();
            println!(
                "ok: {} list {} sequence {}, key {}, expires {}; {}",
                list.display(),
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

/// Loads and fully verifies a list, as a device would, against a key set.
pub fn load(list: &std::path::Path, keys: &[PathBuf]) -> Result<Engine, String> {
    let policy = files::policy_now();
    keyset::load(list, keys, &policy)
}
