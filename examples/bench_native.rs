//! The native checks timed the way the Wasm harness times them
//! (`benches/wasm/run.js`): one warm-up pass over each corpus, then three
//! passes in batches of 100 consecutive calls, per-call time = batch / 100.
//! Reads the folder `bench_workload` wrote and prints one JSON object, so
//! `benches/wasm/ratio.mjs` can run native and Wasm by turns:
//!
//! ```sh
//! cargo run --release --example bench_native -- target/wasm-bench
//! ```

use std::fs;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use turnback::list::{LoadPolicy, PublicKey};
use turnback::{Engine, Verdict};

const BATCH: usize = 100;
const PASSES: usize = 3;

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| {
        eprintln!("usage: bench_native WORKLOAD_DIR");
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
    type Check = fn(&Engine, &str) -> Verdict;
    let checks: [(&str, &str, Check); 3] = [
        ("checkUrl", "urls.txt", Engine::check_url),
        ("checkQuery", "queries.txt", Engine::check_query),
        (
            "checkNavigation",
            "navigations.txt",
            Engine::check_navigation,
        ),
    ];
    let mut out = Vec::new();
    for (name, file, check) in checks {
        let text = String::from_utf8_lossy(&read(file)).into_owned();
        let corpus: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
        for input in &corpus {
            black_box(check(&engine, black_box(input)));
        }
        let mut samples = Vec::new();
        for _ in 0..PASSES {
            for batch in corpus.chunks_exact(BATCH) {
                let t = Instant::now();
                for input in batch {
                    black_box(check(&engine, black_box(input)));
                }
                samples.push(t.elapsed().as_nanos() as f64 / BATCH as f64);
            }
        }
        samples.sort_by(f64::total_cmp);
        let pick = |q: f64| samples[((samples.len() as f64 * q) as usize).min(samples.len() - 1)];
        out.push(format!(
            r#""{name}":{{"median":{:.0},"p99":{:.0}}}"#,
            pick(0.5),
            pick(0.99)
        ));
    }
    println!("{{{}}}", out.join(","));
}
