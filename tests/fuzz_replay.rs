//! Every committed fuzz corpus and crash file (fuzz/corpus/TARGET/,
//! fuzz/artifacts/TARGET/) through the same checks the cargo-fuzz targets
//! run (fuzz/checks.rs), on stable: a crash once found and fixed stays
//! fixed without nightly. `make fuzz` grows the corpora on nightly.
//!
//! The seed corpora come from the test vectors:
//! `cargo test --test fuzz_replay -- --ignored` writes them again.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::fs;
use std::path::{Path, PathBuf};

type Check = fn(&[u8]);
const TARGETS: [(&str, Check); 4] = [
    ("url", checks::url),
    ("query", checks::query),
    ("navigation", checks::navigation),
    ("list", checks::list),
];

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The files of `dir`, sorted; none when it does not exist.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = match fs::read_dir(dir) {
        Ok(d) => d
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect(),
        Err(_) => Vec::new(),
    };
    out.sort();
    out
}

#[test]
fn every_corpus_and_crash_file_passes_its_checks() {
    for (target, check) in TARGETS {
        let corpus = files(&fuzz_dir().join("corpus").join(target));
        assert!(!corpus.is_empty(), "fuzz/corpus/{target}/ has no seeds");
        let crashes = files(&fuzz_dir().join("artifacts").join(target));
        for file in corpus.iter().chain(&crashes) {
            let data = fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(
                outcome.is_ok(),
                "{target}: {} fails its checks",
                file.display()
            );
        }
    }
}

#[test]
fn the_resigned_mode_reaches_past_the_signature() {
    // Re-signing a valid list gives a list that loads: the mode's offsets
    // still match the format, so mutated bodies reach the section parsers.
    use turnback::list::{LoadPolicy, SecretKey};
    let signed = checks::resigned(&checks::seed_list()).expect("long enough");
    let policy = LoadPolicy {
        now: 1_800_000_000,
        held_sequence: None,
    };
    let key = SecretKey::from_seed(&[7; 32]);
    let engine =
        turnback::Engine::from_bytes(signed, &key.public(), &policy).expect("re-signed list loads");
    assert!(engine.check_query("zorblax").is_match());
}

/// The seed corpora, from the test vectors: search cases (URLs and their
/// texts), URL forms, and the seed list with a few damaged copies.
#[test]
#[ignore = "writes fuzz/corpus; run by hand when the test vectors change"]
fn write_seed_corpus() {
    let cases = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/search_cases.txt"),
    )
    .expect("search cases");
    let rows: Vec<Vec<&str>> = cases
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().collect())
        .collect();
    let mut seeds: Vec<(&str, Vec<u8>)> = Vec::new();
    for row in rows.iter().step_by(8) {
        if let Some(url) = row.get(1) {
            seeds.push(("navigation", url.as_bytes().to_vec()));
            seeds.push(("url", url.as_bytes().to_vec()));
        }
        if row.len() > 2 {
            seeds.push(("query", row[2..].join(" ").into_bytes()));
        }
    }
    for url in [
        "HTTP://Blocked.Turnback.TEST:80/a/./b/../c?x#frag",
        "http://[2001:DB8::1]/x",
        "http://0x7f.1/",
        "http://%62locked.turnback.test/%2e%2e/a",
        "http://ｂｌｏｃｋｅｄ.turnback.test/",
        "blocked.turnback.test/page",
    ] {
        seeds.push(("url", url.as_bytes().to_vec()));
    }
    for text in [
        "ＢＬ0ＣＫＥＤ demo-term",
        "z o r b l a x",
        "zörblax",
        "flumox and grindle",
        "\u{fdfa}",
    ] {
        seeds.push(("query", text.as_bytes().to_vec()));
    }
    let list = checks::seed_list();
    let mut cut = list.clone();
    cut.truncate(list.len() / 2);
    let mut flipped = list.clone();
    flipped[list.len() / 3] ^= 1;
    seeds.extend([("list", list), ("list", cut), ("list", flipped)]);
    for (target, _) in TARGETS {
        let dir = fuzz_dir().join("corpus").join(target);
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("corpus dir");
    }
    for (i, (target, bytes)) in seeds.iter().enumerate() {
        fs::write(
            fuzz_dir()
                .join("corpus")
                .join(target)
                .join(format!("seed-{i:03}")),
            bytes,
        )
        .expect("seed");
    }
}
