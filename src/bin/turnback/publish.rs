//! `turnback publish`: the static directory devices refresh from: the full
//! signed list, deltas to it from the previous releases, and the signed
//! index naming them (docs/publishing.md, "Publishing with deltas").

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};
use turnback::list::{Index, IndexDelta, IndexFile, LoadPolicy, PublicKey};
use turnback::Engine;

use crate::files::Kind;
use crate::{delta, exit, files, secret};

/// The index's file name in the directory.
pub const INDEX_NAME: &str = "index.txt";

const AFTER_HELP: &str = "\
Examples:
  turnback publish --list list.tbl --key keys/turnback.key --out public/
  turnback publish --list list.tbl --key keys/turnback.key --out public/ --keep 4 \\
      --min-interval 30m --passphrase-env TURNBACK_PASSPHRASE

DIR holds one list's published state: index.txt (signed; the one file that
changes), ID-SEQ.tbl (the full list of each kept sequence) and
ID-FROM-TO.tbd (deltas to the newest). LIST is verified with KEY's public
key and must have a greater sequence than the index's. publish writes the
full list and a delta from each of the --keep previous full lists in DIR,
then the index, each atomically, then removes the files the new index no
longer needs. A file name is never reused for other bytes, so serve
everything but index.txt as immutable (docs/publishing.md).
Exit status: 0 published, 2 refused input or error (DIR left as it was).";

/// Publish a list as a static directory: full list, deltas, signed index.
#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The new release (signed).
    #[arg(long, value_name = "LIST")]
    list: PathBuf,
    /// The publisher's secret key (signs the index).
    #[arg(long, value_name = "SECRET")]
    key: PathBuf,
    /// The published directory (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// How many previous full lists to keep, each with a delta to the new one.
    #[arg(long, value_name = "N", default_value_t = 8)]
    keep: usize,
    /// The least time devices wait between two fetches of the index, e.g. 1h, 30m.
    #[arg(long, value_name = "DURATION", default_value = "1h", value_parser = humantime::parse_duration)]
    min_interval: Duration,
    #[command(flatten)]
    passphrase: secret::Passphrase,
}

pub fn run(args: Args) -> u8 {
    exit::report(publish(&args))
}

fn publish(args: &Args) -> Result<String, String> {
    let bytes = files::read(&args.list, Kind::List)?;
    let in_list = |e: String| format!("{}: {e}", args.list.display());
    let key = secret::read_for_list(&bytes, &args.list, &args.key, &args.passphrase)?;
    let public = key.public();
    let now = files::now();
    let policy = LoadPolicy {
        now,
        held_sequence: None,
    };
    let new =
        Engine::from_bytes(bytes.clone(), &public, &policy).map_err(|e| in_list(e.to_string()))?;
    let (id, sequence) = (new.info().id.clone(), new.info().sequence);

    fs::create_dir_all(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    let index_path = args.out.join(INDEX_NAME);
    if let Some(published) = published_index(&index_path, &public)? {
        if published.list_id != id {
            return Err(format!(
                "{}: publishes list {}, not {id}; use one directory per list",
                index_path.display(),
                published.list_id
            ));
        }
        if sequence <= published.sequence {
            return Err(format!(
                "{}: sequence {sequence} is not above the published index's {}; nothing changed",
                args.list.display(),
                published.sequence
            ));
        }
    }

    // The previous full lists, newest first: the bases of the deltas.
    let mut previous: Vec<u64> = names(&args.out)?
        .iter()
        .filter_map(|n| full_sequence(n, &id))
        .filter(|&s| s < sequence)
        .collect();
    previous.sort_unstable_by(|a, b| b.cmp(a));
    previous.truncate(args.keep);

    let full_name = full_file(&id, sequence);
    let mut writes = vec![(full_name.clone(), bytes.clone())];
    let mut deltas = Vec::new();
    let mut notes = Vec::new();
    for from in previous.iter().rev() {
        let base_path = args.out.join(full_file(&id, *from));
        let base = files::read(&base_path, Kind::List)?;
        let any_time = files::ANY_TIME;
        if let Err(e) = Engine::from_bytes(base.clone(), &public, &any_time) {
            // A list of another key (before a rotation) gets no delta: its
            // devices take the full list.
            eprintln!("warning: {}: no delta from it: {e}", base_path.display());
            continue;
        }
        let (d, summary) = delta::make_checked(&base, &bytes, &base_path, &args.list)?;
        let name = delta_file(&id, *from, sequence);
        deltas.push(IndexDelta {
            from: *from,
            file: index_file(&name, &d),
        });
        notes.push(summary);
        writes.push((name, d));
    }
    // Names are cached forever: never give one other bytes.
    for (name, b) in &writes {
        let p = args.out.join(name);
        if p.exists() && files::read(&p, Kind::List)? != *b {
            return Err(format!(
                "{}: exists with other bytes (an earlier release of sequence {sequence}?); caches may hold it, so publish under a new sequence",
                p.display()
            ));
        }
    }
    for (name, b) in &writes {
        files::write_atomic(&args.out.join(name), b)?;
    }
    let index = Index {
        list_id: id.clone(),
        key_id: public.id(),
        sequence,
        created: now,
        min_interval: args.min_interval.as_secs(),
        full: index_file(&full_name, &bytes),
        deltas,
    };
    files::write_atomic(&index_path, &index.to_signed_bytes(&key))?;

    // Only now, with the new index in place, is anything removed.
    let keep: Vec<String> = writes.iter().map(|(n, _)| n.clone()).collect();
    let kept_full: Vec<String> = previous.iter().map(|s| full_file(&id, *s)).collect();
    let mut removed = 0;
    for n in names(&args.out)? {
        let ours = full_sequence(&n, &id).is_some() || is_delta_file(&n, &id);
        if ours && !keep.contains(&n) && !kept_full.contains(&n) {
            let p = args.out.join(&n);
            fs::remove_file(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            removed += 1;
        }
    }
    let mut out = format!(
        "published {}: list {id} sequence {sequence}, full {full_name} ({} bytes), {} delta{}, {removed} old file{} removed",
        index_path.display(),
        bytes.len(),
        index.deltas.len(),
        if index.deltas.len() == 1 { "" } else { "s" },
        if removed == 1 { "" } else { "s" },
    );
    for n in notes {
        out.push_str(&format!("\n  {n}"));
    }
    Ok(out)
}

/// The index now published in DIR, if any: verified when it names this
/// key; one signed by another key (before a rotation) is read for its list
/// id and sequence only.
fn published_index(path: &Path, public: &PublicKey) -> Result<Option<Index>, String> {
    if !path.exists() {
        return Ok(None);
    }
    let b = files::read(path, Kind::Index)?;
    let named = |e: turnback::list::IndexError| format!("{}: {e}", path.display());
    let unverified = Index::read_unverified(&b).map_err(named)?;
    if unverified.key_id != public.id() {
        return Ok(Some(unverified));
    }
    Index::read(&b, public, None).map(Some).map_err(named)
}

fn index_file(name: &str, bytes: &[u8]) -> IndexFile {
    IndexFile {
        name: name.to_string(),
        size: bytes.len() as u64,
        sha256: Sha256::digest(bytes).into(),
    }
}

/// `ID-SEQ.tbl`.
pub fn full_file(id: &str, sequence: u64) -> String {
    format!("{id}-{sequence}.tbl")
}

/// `ID-FROM-TO.tbd`.
pub fn delta_file(id: &str, from: u64, to: u64) -> String {
    format!("{id}-{from}-{to}.tbd")
}

fn full_sequence(name: &str, id: &str) -> Option<u64> {
    let n = name
        .strip_prefix(id)?
        .strip_prefix('-')?
        .strip_suffix(".tbl")?;
    decimal(n)
}

fn is_delta_file(name: &str, id: &str) -> bool {
    let rest = name
        .strip_prefix(id)
        .and_then(|n| n.strip_prefix('-'))
        .and_then(|n| n.strip_suffix(".tbd"));
    rest.and_then(|r| r.split_once('-'))
        .is_some_and(|(a, b)| decimal(a).is_some() && decimal(b).is_some())
}

fn decimal(s: &str) -> Option<u64> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn names(dir: &Path) -> Result<Vec<String>, String> {
    let read = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut out = Vec::new();
    for entry in read {
        let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
        if let Some(n) = entry.file_name().to_str() {
            out.push(n.to_string());
        }
    }
    Ok(out)
}
