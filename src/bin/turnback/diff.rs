//! `turnback diff`: what changed between two releases, by hash only.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use turnback::Engine;

use crate::files::Kind;
use crate::{exit, files, verify};

const AFTER_HELP: &str = "\
Examples:
  turnback diff --from live.tbl --to new.tbl
  turnback diff --from live.tbl --to new.tbl --pub keys/turnback.pub

Lists are compared by the keys they store (the first 8 bytes of SHA-256 of
each URL expression, keyword variant or combination term, in hex): a list
holds no plaintext, so none is shown. Per table (url, keyword, term) and
category: a count line, then `+ <hash>` for each key added, `- <hash>` for
each removed; a key that changed category shows as removed from one and
added to the other. Rules are compared by count.
Without --pub the signatures are not checked (the output says so).
Exit status: 0 no difference, 1 differences (diff's convention), 2 error.";

/// Show the entries added and removed between two list files, by hash.
#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The earlier list.
    #[arg(long, value_name = "OLD")]
    from: PathBuf,
    /// The later list.
    #[arg(long, value_name = "NEW")]
    to: PathBuf,
    /// Verify both lists with this public key (repeatable: a key set).
    #[arg(long = "pub", value_name = "KEY")]
    key: Vec<PathBuf>,
}

pub fn run(args: Args) -> u8 {
    let load = |p: &Path| match args.key.is_empty() {
        false => verify::load(p, &args.key),
        true => files::read(p, Kind::List).and_then(|b| {
            Engine::inspect_unverified(b).map_err(|e| format!("{}: {e}", p.display()))
        }),
    };
    match load(&args.from).and_then(|old| load(&args.to).map(|new| (old, new))) {
        Ok((old, new)) => {
            let (text, changed) = report(&old, &new, !args.key.is_empty());
            print!("{text}");
            if changed {
                exit::NOT_FOUND
            } else {
                exit::OK
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            exit::ERROR
        }
    }
}

/// (table, category name) → stored keys.
type Keys = BTreeMap<(&'static str, String), BTreeSet<u64>>;

fn keys(e: &Engine) -> Keys {
    let mut out = Keys::new();
    for (table, h, c) in e.stored_keys() {
        let name = e.category_name(c).unwrap_or("?").to_string();
        out.entry((table, name)).or_default().insert(h);
    }
    out
}

/// The report and whether anything differs.
fn report(old: &Engine, new: &Engine, verified: bool) -> (String, bool) {
    let (o, n) = (old.info(), new.info());
    let mut out = format!(
        "from list {} sequence {} (key {})\nto   list {} sequence {} (key {})\nsignatures {}\n",
        o.id,
        o.sequence,
        o.key_id,
        n.id,
        n.sequence,
        n.key_id,
        if verified {
            "verified"
        } else {
            "NOT checked (give --pub to verify)"
        }
    );
    let (before, after) = (keys(old), keys(new));
    let groups: BTreeSet<_> = before.keys().chain(after.keys()).collect();
    let empty = BTreeSet::new();
    let (mut added, mut removed) = (0usize, 0usize);
    for g in groups {
        let (b, a) = (
            before.get(g).unwrap_or(&empty),
            after.get(g).unwrap_or(&empty),
        );
        let plus: Vec<_> = a.difference(b).collect();
        let minus: Vec<_> = b.difference(a).collect();
        if plus.is_empty() && minus.is_empty() {
            continue;
        }
        out += &format!(
            "{} {}: {} added, {} removed\n",
            g.0,
            g.1,
            plus.len(),
            minus.len()
        );
        for h in &plus {
            out += &format!("  + {h:016x}\n");
        }
        for h in &minus {
            out += &format!("  - {h:016x}\n");
        }
        added += plus.len();
        removed += minus.len();
    }
    let (ro, rn) = (old.stats().rules, new.stats().rules);
    if ro != rn {
        out += &format!("rules: {ro} before, {rn} after\n");
    }
    out += &format!("total: {added} added, {removed} removed\n");
    (out, added + removed > 0 || ro != rn)
}
