//! What checking several lists costs (docs/benchmarks.md, "Several
//! lists"): five lists of 1,000,000 URL and 1,000,000 keyword entries each
//! (the shape of `benches/workload.rs`, other entries per list), checked
//! as a `ListSet` of 1, 3 and 5 lists, one engine alone, and five engines
//! checked one after another (what a client without the set would do).
//!
//! ```sh
//! cargo run --release --example bench_lists -- write target/lists-bench
//! cargo run --release --example bench_lists -- time target/lists-bench
//! node benches/wasm/lists.mjs target/lists-bench   # runs `time` too
//! ```
//!
//! `write` puts `list0.tbl` … `list4.tbl`, `list.pub`, and `urls.txt`,
//! `queries.txt`, `navigations.txt` (10,000 inputs each, 1 % hits spread
//! over the five lists) in the folder. `time` loads them and prints one
//! JSON object: per configuration and check, the per-call time in ns,
//! timed as `bench_native` times (a warm-up pass, then three passes in
//! batches of 100, the median), the fastest of three such medians.
//! Synthetic content only: pseudo-words, hosts under `.example`.

#[allow(dead_code)]
#[path = "../benches/workload.rs"]
mod workload;

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use turnback::list::{ListInfo, PublicKey, SecretKey};
use turnback::{Engine, ListBuilder, ListSet};
use workload::{list_keyword, list_url, Rng, CORPUS, LIST_ENTRIES};

const LISTS: usize = 5;
const BATCH: usize = 100;
const PASSES: usize = 3;

fn key() -> SecretKey {
    SecretKey::from_seed(&[13; 32])
}

/// List `n`, with every hundredth URL and keyword entry as a sample for
/// the corpora's hits.
fn build(n: usize) -> (Vec<u8>, Vec<String>, Vec<String>) {
    let mut rng = Rng::new(0x6c69_7374 + n as u64);
    let mut b = ListBuilder::new();
    let (mut urls, mut keywords) = (Vec::new(), Vec::new());
    for i in 0..LIST_ENTRIES {
        let u = list_url(i, &mut rng).replace(".example/", &format!("l{n}.example/"));
        let k = list_keyword(i, &mut rng);
        if i % 100 == 0 {
            urls.push(u.clone());
            keywords.push(k.clone());
        }
        b.add_url(&u, ListBuilder::DEFAULT_CATEGORY)
            .expect("synthetic url");
        b.add_keyword(&k, ListBuilder::DEFAULT_CATEGORY)
            .expect("synthetic keyword");
    }
    let key = key();
    let info = ListInfo {
        id: format!("lists-bench-{n}"),
        key_id: key.public().id(),
        sequence: 1,
        created: 0,
        expires: 4_102_444_800,
    };
    (b.write(&info, &key).expect("list builds"), urls, keywords)
}

fn write(dir: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let (mut urls, mut keywords) = (Vec::new(), Vec::new());
    for n in 0..LISTS {
        let t = Instant::now();
        let (file, u, k) = build(n);
        fs::write(dir.join(format!("list{n}.tbl")), &file)?;
        eprintln!(
            "list{n}.tbl: {} bytes, built in {:.1?}",
            file.len(),
            t.elapsed()
        );
        urls.push(u);
        keywords.push(k);
    }
    fs::write(dir.join("list.pub"), key().public().to_text() + "\n")?;
    let mut rng = Rng::new(0x7365_7473);
    let pick = |rng: &mut Rng, from: &[Vec<String>]| {
        let l = &from[rng.below(LISTS as u64) as usize];
        l[rng.below(l.len() as u64) as usize].clone()
    };
    let corpus_urls: Vec<String> = (0..CORPUS)
        .map(|_| {
            let tail = format!(
                "{}/{}.html?ref={}",
                workload::word(&mut rng),
                rng.below(1 << 20),
                rng.below(20)
            );
            if rng.below(100) == 0 {
                format!("https://www.{}{tail}", pick(&mut rng, &urls))
            } else {
                format!(
                    "https://www.{}{}.example/{tail}",
                    workload::word(&mut rng),
                    rng.below(1 << 30)
                )
            }
        })
        .collect();
    let queries: Vec<String> = (0..CORPUS)
        .map(|_| {
            let mut words: Vec<String> = (0..10).map(|_| workload::word(&mut rng)).collect();
            if rng.below(100) == 0 {
                words[rng.below(10) as usize] = pick(&mut rng, &keywords);
            }
            words.join(" ")
        })
        .collect();
    let navigations: Vec<String> = queries
        .iter()
        .map(|q| {
            format!(
                "https://www.google.com/search?q={}&hl=en&source=hp",
                q.replace(' ', "+")
            )
        })
        .collect();
    for (name, lines) in [
        ("urls.txt", &corpus_urls),
        ("queries.txt", &queries),
        ("navigations.txt", &navigations),
    ] {
        fs::write(dir.join(name), lines.join("\n") + "\n")?;
    }
    Ok(())
}

type Check<'a> = Box<dyn Fn(&str) -> bool + 'a>;

/// Median per-call time (ns) over [`PASSES`] passes in batches of
/// [`BATCH`], after a warm-up pass.
fn time(check: &dyn Fn(&str) -> bool, corpus: &[&str]) -> f64 {
    for input in corpus {
        black_box(check(black_box(input)));
    }
    let mut samples = Vec::new();
    for _ in 0..PASSES {
        for batch in corpus.chunks_exact(BATCH) {
            let t = Instant::now();
            for input in batch {
                black_box(check(black_box(input)));
            }
            samples.push(t.elapsed().as_nanos() as f64 / BATCH as f64);
        }
    }
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn time_all(dir: &Path) {
    let read = |name: &str| fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let key = PublicKey::from_text(String::from_utf8_lossy(&read("list.pub")).trim()).expect("key");
    let policy = workload::policy();
    let load = |n: usize| {
        Engine::from_bytes(read(&format!("list{n}.tbl")), &key, &policy).expect("list loads")
    };
    let texts: Vec<String> = ["urls.txt", "queries.txt", "navigations.txt"]
        .iter()
        .map(|f| String::from_utf8_lossy(&read(f)).into_owned())
        .collect();
    let corpora: Vec<Vec<&str>> = texts
        .iter()
        .map(|t| t.lines().filter(|l| !l.is_empty()).collect())
        .collect();
    let engines: Vec<Engine> = (0..LISTS).map(load).collect();
    let set_of = |n: usize| {
        let mut s = ListSet::new();
        for i in 0..n {
            s.insert(&format!("l{i}"), load(i), i).expect("new id");
        }
        s
    };
    let sets = [set_of(1), set_of(3), set_of(5)];
    let configs: Vec<(&str, [Check<'_>; 3])> = vec![
        (
            "engine alone",
            [
                Box::new(|u| engines[0].check_url(u).is_match()),
                Box::new(|q| engines[0].check_query(q).is_match()),
                Box::new(|n| engines[0].check_navigation(n).is_match()),
            ],
        ),
        (
            "set of 1",
            [
                Box::new(|u| sets[0].check_url(u).is_some()),
                Box::new(|q| sets[0].check_query(q).is_some()),
                Box::new(|n| sets[0].check_navigation(n).is_some()),
            ],
        ),
        (
            "set of 3",
            [
                Box::new(|u| sets[1].check_url(u).is_some()),
                Box::new(|q| sets[1].check_query(q).is_some()),
                Box::new(|n| sets[1].check_navigation(n).is_some()),
            ],
        ),
        (
            "set of 5",
            [
                Box::new(|u| sets[2].check_url(u).is_some()),
                Box::new(|q| sets[2].check_query(q).is_some()),
                Box::new(|n| sets[2].check_navigation(n).is_some()),
            ],
        ),
        (
            "5 engines one after another",
            [
                Box::new(|u| engines.iter().any(|e| e.check_url(u).is_match())),
                Box::new(|q| engines.iter().any(|e| e.check_query(q).is_match())),
                Box::new(|n| engines.iter().any(|e| e.check_navigation(n).is_match())),
            ],
        ),
    ];
    let names = ["checkUrl", "checkQuery", "checkNavigation"];
    let out: Vec<String> = configs
        .iter()
        .map(|(config, checks)| {
            let times: Vec<String> = names
                .iter()
                .zip(checks)
                .zip(&corpora)
                .map(|((name, check), corpus)| {
                    // The fastest of three medians: the machine is shared.
                    let best = (0..3)
                        .map(|_| time(check.as_ref(), corpus))
                        .fold(f64::INFINITY, f64::min);
                    format!(r#""{name}":{best:.0}"#)
                })
                .collect();
            format!(r#""{config}":{{{}}}"#, times.join(","))
        })
        .collect();
    println!("{{{}}}", out.join(","));
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match (args.first().map(String::as_str), args.get(1)) {
        (Some("write"), Some(dir)) => write(&PathBuf::from(dir)).expect("workload written"),
        (Some("time"), Some(dir)) => time_all(&PathBuf::from(dir)),
        _ => {
            eprintln!("usage: bench_lists write|time DIR");
            std::process::exit(2);
        }
    }
}
