//! What delta updates cost and save on a 1,000,000-entry URL list
//! (docs/benchmarks.md, "Delta updates"):
//!
//! ```sh
//! cargo run --release --example bench_delta -- target/delta-bench
//! ```
//!
//! 1. Sizes: a base list, then a release built on it (`build --base`:
//!    `ListBuilder::write_on`) with 1,000 entries added and 1,000 removed,
//!    and one with 10,000 and 10,000; each delta's size against the full
//!    file, and the time to apply it and load the result (signature
//!    verified), natively.
//! 2. Two weeks of releases, twice a day, at 0.1 % and 1 % daily churn, with
//!    the default rebase policy: the bytes one client downloads per day by
//!    full files and by deltas (each refresh also fetches the index).
//!
//! Into the folder: `base.tbl`, `small.tbl`, `small.tbd`, `large.tbl`,
//! `large.tbd`, `list.pub`, for the Wasm apply benchmark
//! (`benches/wasm/apply.mjs`). Synthetic hosts under `.example` only.

#[allow(dead_code)]
#[path = "../benches/workload.rs"]
mod workload;

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use turnback::list::{apply_delta, make_delta, ListInfo, LoadPolicy, OnBase, SecretKey};
use turnback::{Engine, ListBuilder};
use workload::{list_url, Rng};

const ENTRIES: usize = 1_000_000;
/// Bytes of a signed index with a few deltas (what `turnback publish`
/// writes), fetched by every refresh.
const INDEX_BYTES: usize = 600;

struct Release {
    bytes: Vec<u8>,
}

fn key() -> SecretKey {
    SecretKey::from_seed(&[11; 32])
}

fn info(sequence: u64) -> ListInfo {
    ListInfo {
        id: "delta-bench".into(),
        key_id: key().public().id(),
        sequence,
        created: 1_900_000_000,
        expires: 1_900_000_000 + 90 * 86_400,
    }
}

fn builder(ids: &BTreeSet<usize>) -> ListBuilder {
    let mut b = ListBuilder::new();
    for &i in ids {
        let mut rng = Rng::new(i as u64 + 1);
        let url = list_url(i, &mut rng);
        // The generator makes each id's URL unique by its number.
        let _ = b.add_url(&url, ListBuilder::DEFAULT_CATEGORY);
    }
    b
}

fn release(ids: &BTreeSet<usize>, sequence: u64, base: Option<&Engine>) -> Release {
    let b = builder(ids);
    let bytes = match base {
        None => b.write(&info(sequence), &key()),
        Some(base) => {
            let on = OnBase {
                base,
                rebase_at: 0.10,
                force_rebase: false,
            };
            b.write_on(&info(sequence), Some(&key()), &on)
                .map(|(bytes, _)| bytes)
        }
    };
    Release {
        bytes: bytes.unwrap_or_else(|e| panic!("build: {e}")),
    }
}

fn load(bytes: &[u8]) -> Engine {
    let policy = LoadPolicy {
        now: 1_900_000_100,
        held_sequence: None,
    };
    Engine::from_bytes(bytes.to_vec(), &key().public(), &policy)
        .unwrap_or_else(|e| panic!("load: {e}"))
}

/// `n` ids removed (the lowest held) and `n` added (fresh ones from `next`).
fn churn(ids: &mut BTreeSet<usize>, next: &mut usize, n: usize, rng: &mut Rng) {
    for _ in 0..n {
        let len = ids.len();
        if let Some(&gone) = ids.iter().nth(rng.below(len as u64) as usize) {
            ids.remove(&gone);
        }
        ids.insert(*next);
        *next += 1;
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "target/delta-bench".into()),
    );
    fs::create_dir_all(&dir)?;
    let mut rng = Rng::new(7);
    let ids: BTreeSet<usize> = (0..ENTRIES).collect();
    let next = ENTRIES;
    let base = release(&ids, 1, None);
    let base_engine = load(&base.bytes);
    fs::write(dir.join("base.tbl"), &base.bytes)?;
    fs::write(dir.join("list.pub"), key().public().to_text() + "\n")?;

    println!("| change | full file | delta | delta / full | apply + load (native, median of 5) |");
    println!("|---|---:|---:|---:|---:|");
    for (name, n) in [("small", 1_000usize), ("large", 10_000)] {
        let mut changed = ids.clone();
        let mut nx = next;
        churn(&mut changed, &mut nx, n, &mut rng);
        let new = release(&changed, 2, Some(&base_engine));
        let delta = make_delta(&base.bytes, &new.bytes).unwrap_or_else(|e| panic!("delta: {e}"));
        let mut times = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            let rebuilt = apply_delta(&base.bytes, &delta).unwrap_or_else(|e| panic!("apply: {e}"));
            let e = load(&rebuilt);
            times.push(t.elapsed());
            assert_eq!(
                rebuilt, new.bytes,
                "the delta rebuilds the release byte for byte"
            );
            drop(e);
        }
        fs::write(dir.join(format!("{name}.tbl")), &new.bytes)?;
        fs::write(dir.join(format!("{name}.tbd")), &delta)?;
        println!(
            "| {n} added, {n} removed | {} | {} | {:.2} % | {:.1} ms |",
            new.bytes.len(),
            delta.len(),
            100.0 * delta.len() as f64 / new.bytes.len() as f64,
            median(times).as_secs_f64() * 1e3
        );
    }

    println!();
    println!("| daily churn | full files, bytes/day | deltas, bytes/day | a million clients, full | a million clients, deltas |");
    println!("|---|---:|---:|---:|---:|");
    for (label, per_day) in [("0.1 %", ENTRIES / 1000), ("1 %", ENTRIES / 100)] {
        let days = 14;
        let mut ids: BTreeSet<usize> = (0..ENTRIES).collect();
        let mut next = ENTRIES;
        let mut held = release(&ids, 1, None);
        let (mut full_bytes, mut delta_bytes) = (0usize, 0usize);
        for r in 0..days * 2 {
            churn(&mut ids, &mut next, per_day / 2, &mut rng);
            let base = load(&held.bytes);
            let new = release(&ids, r as u64 + 2, Some(&base));
            let delta =
                make_delta(&held.bytes, &new.bytes).unwrap_or_else(|e| panic!("delta: {e}"));
            full_bytes += new.bytes.len() + INDEX_BYTES;
            // A new base makes the delta about the file's size: a client
            // then takes the full file instead.
            delta_bytes += delta.len().min(new.bytes.len()) + INDEX_BYTES;
            held = new;
        }
        let (full, deltas) = (full_bytes / days, delta_bytes / days);
        println!(
            "| {label} ({per_day} added and removed) | {:.2} MB | {:.1} KB | {:.1} TB | {:.2} TB |",
            full as f64 / 1e6,
            deltas as f64 / 1e3,
            full as f64 * 1e6 / 1e12,
            deltas as f64 * 1e6 / 1e12
        );
    }
    Ok(())
}
