//! Native speed of the three checks on a 1,000,000-entry list.
//!
//! `cargo bench --bench engine` runs criterion (mean time per check, cycling
//! through a 10,000-input corpus) and then prints a per-call latency table
//! (median and p99 of single timed calls) plus list build time and memory.

mod workload;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use turnback::Engine;

fn bench_checks(c: &mut Criterion, w: &workload::Workload) {
    let mut g = c.benchmark_group("check");
    g.throughput(Throughput::Elements(1));
    g.measurement_time(Duration::from_secs(4));
    type Check = fn(&Engine, &str) -> turnback::Verdict;
    let cases: [(&str, &Vec<String>, Check); 3] = [
        ("check_url", &w.urls, Engine::check_url),
        ("check_query_10_words", &w.queries, Engine::check_query),
        ("check_navigation", &w.navigations, Engine::check_navigation),
    ];
    for (name, corpus, check) in cases {
        let mut i = 0usize;
        g.bench_function(name, |b| {
            b.iter(|| {
                i = (i + 1) % corpus.len();
                black_box(check(&w.engine, black_box(&corpus[i])))
            })
        });
    }
    g.finish();
}

/// Median and p99 of individually timed calls, three passes over the corpus.
fn latency(w: &workload::Workload) {
    type Check = fn(&Engine, &str) -> turnback::Verdict;
    let cases: [(&str, &Vec<String>, Check); 3] = [
        ("check_url", &w.urls, Engine::check_url),
        ("check_query (10 words)", &w.queries, Engine::check_query),
        ("check_navigation", &w.navigations, Engine::check_navigation),
    ];
    println!("\nper-call latency, {} inputs × 3 passes:", w.urls.len());
    println!("| check | median | p99 | hits |");
    println!("|---|---|---|---|");
    for (name, corpus, check) in cases {
        let mut times = Vec::with_capacity(corpus.len() * 3);
        let mut hits = 0;
        for _ in 0..3 {
            hits = 0;
            for input in corpus.iter() {
                let t = Instant::now();
                let v = black_box(check(&w.engine, black_box(input)));
                times.push(t.elapsed());
                hits += usize::from(v.is_match());
            }
        }
        times.sort_unstable();
        let pick = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
        println!(
            "| {name} | {:.0?} | {:.0?} | {hits} |",
            pick(0.5),
            pick(0.99)
        );
    }
}

/// Median of 5 loads of the signed file: signature check, then mapping.
fn load_time(w: &workload::Workload) -> Duration {
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let bytes = w.file.clone();
            let t = Instant::now();
            let e = Engine::from_bytes(bytes, &w.key.public(), &workload::policy());
            let d = t.elapsed();
            assert!(e.is_ok());
            d
        })
        .collect();
    times.sort_unstable();
    times[2]
}

fn main() {
    let w = workload::build();
    let s = w.engine.stats();
    let entries = 2 * workload::LIST_ENTRIES;
    println!(
        "list: {} url + {} keyword entries ({} + {} keys); written and signed in {:.2?}; \
         loaded (verified, mapped) in {:.1?}; {} bytes held = {:.2} bytes/entry",
        workload::LIST_ENTRIES,
        workload::LIST_ENTRIES,
        s.url_entries,
        s.keyword_entries,
        w.build_time,
        load_time(&w),
        s.bytes,
        s.bytes as f64 / entries as f64
    );
    let mut c = Criterion::default().configure_from_args();
    bench_checks(&mut c, &w);
    c.final_summary();
    latency(&w);
}
