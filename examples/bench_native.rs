//! The native checks timed the way the Wasm harness times them
//! (`benches/wasm/run.js`): one warm-up pass over each corpus, then three
//! passes in batches of 100 consecutive calls, per-call time = batch / 100.
//! Reads the folder `bench_workload` wrote and prints one JSON object:
//!
//! ```sh
//! cargo run --release --example bench_native -- target/wasm-bench
//! ```
//!
//! With `--rounds` it loads the list once and, for each check name read
//! from stdin (`checkUrl`, …, one per line), times one pass over its corpus
//! and prints `{"median":…,"p99":…}` on one line: how
//! `benches/wasm/ratio.mjs` runs native and Wasm in alternation.

use std::fs;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use turnback::list::{LoadPolicy, PublicKey};
use turnback::{Engine, Verdict};

const BATCH: usize = 100;
const PASSES: usize = 3;

type Check = fn(&Engine, &str) -> Verdict;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let rounds = args.iter().any(|a| a == "--rounds");
    args.retain(|a| a != "--rounds");
    let dir = PathBuf::from(args.first().cloned().unwrap_or_else(|| {
        eprintln!("usage: bench_native [--rounds] WORKLOAD_DIR");
        std::process::exit(2);
    }));
    let read = |name: &str| {
        fs::read(dir.join(name)).unwrap_or_else(|e| {
            eprintln!("bench_native: {}: {e}", dir.join(name).display());
            std::process::exit(1);
        })
    };
    let key = String::from_utf8_lossy(&read("list.pub")).trim().to_owned();
    let key = PublicKey::from_text(&key).unwrap_or_else(|e| {
        eprintln!("bench_native: list.pub: {e}");
        std::process::exit(1);
    });
    let policy = LoadPolicy {
        now: 1,
        held_sequence: None,
    };
    let engine = Engine::from_bytes(read("list.tbl"), &key, &policy).unwrap_or_else(|e| {
        eprintln!("bench_native: list.tbl: {e}");
        std::process::exit(1);
    });
    let checks: [(&str, &str, Check); 3] = [
        ("checkUrl", "urls.txt", Engine::check_url),
        ("checkQuery", "queries.txt", Engine::check_query),
        (
            "checkNavigation",
            "navigations.txt",
            Engine::check_navigation,
        ),
    ];
    let texts: Vec<String> = checks
        .iter()
        .map(|(_, file, _)| String::from_utf8_lossy(&read(file)).into_owned())
        .collect();
    let corpora: Vec<Vec<&str>> = texts
        .iter()
        .map(|t| t.lines().filter(|l| !l.is_empty()).collect())
        .collect();
    if !rounds {
        let out: Vec<String> = checks
            .iter()
            .zip(&corpora)
            .map(|((name, _, check), corpus)| {
                let (median, p99) = time_check(&engine, *check, corpus, PASSES, true);
                format!(r#""{name}":{{"median":{median:.0},"p99":{p99:.0}}}"#)
            })
            .collect();
        println!("{{{}}}", out.join(","));
        return;
    }
    // Rounds: every corpus warmed once now, as run.js's prepareRounds does.
    for ((_, _, check), corpus) in checks.iter().zip(&corpora) {
        warm_up(&engine, *check, corpus);
    }
    for line in std::io::stdin().lines() {
        let Ok(line) = line else { break };
        let Some(((_, _, check), corpus)) = checks
            .iter()
            .zip(&corpora)
            .find(|((name, _, _), _)| *name == line.trim())
        else {
            eprintln!("bench_native: unknown check {:?}", line.trim());
            std::process::exit(2);
        };
        let (median, p99) = time_check(&engine, *check, corpus, 1, false);
        println!(r#"{{"median":{median:.0},"p99":{p99:.0}}}"#);
    }
}

/// Median and p99 of per-call times over `passes` passes of `corpus` in
/// batches of [`BATCH`], after a warm-up pass when `warm` (as run.js's
/// `timeCheck`).
fn time_check(
    engine: &Engine,
    check: Check,
    corpus: &[&str],
    passes: usize,
    warm: bool,
) -> (f64, f64) {
    if warm {
        warm_up(engine, check, corpus);
    }
    let mut samples = Vec::new();
    for _ in 0..passes {
        for batch in corpus.chunks_exact(BATCH) {
            let t = Instant::now();
            for input in batch {
                black_box(check(engine, black_box(input)));
            }
            samples.push(t.elapsed().as_nanos() as f64 / BATCH as f64);
        }
    }
    samples.sort_by(f64::total_cmp);
    let pick = |q: f64| samples[((samples.len() as f64 * q) as usize).min(samples.len() - 1)];
    (pick(0.5), pick(0.99))
}

fn warm_up(engine: &Engine, check: Check, corpus: &[&str]) {
    for input in corpus {
        black_box(check(engine, black_box(input)));
    }
}
