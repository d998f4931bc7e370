//! The synthetic workload every benchmark shares (native here, and the same
//! shapes in the Wasm harness): a 1,000,000-entry list and corpora of URLs,
//! queries and navigations with 1% hits. Deterministic, no plaintext from any
//! real list: pseudo-words and hosts under `.example`.

use std::time::{Duration, Instant};

use turnback::list::{ListInfo, LoadPolicy, SecretKey};
use turnback::{Engine, ListBuilder};

/// Entries of each kind in the benchmark list.
pub const LIST_ENTRIES: usize = 1_000_000;
/// Inputs in each corpus.
pub const CORPUS: usize = 10_000;

/// A tiny deterministic generator (xorshift64*), so runs are comparable.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

const SYLLABLES: [&str; 24] = [
    "ka", "lo", "mi", "ra", "te", "su", "no", "vi", "da", "pe", "zu", "ho", "gri", "fla", "mon",
    "ter", "bel", "quo", "nix", "sar", "dun", "pol", "wek", "yam",
];

pub fn word(rng: &mut Rng) -> String {
    let n = 2 + rng.below(3);
    (0..n)
        .map(|_| SYLLABLES[rng.below(SYLLABLES.len() as u64) as usize])
        .collect()
}

/// 80% host-only entries, 20% with a 1–3 segment path.
pub fn list_url(i: usize, rng: &mut Rng) -> String {
    let host = format!("{}{}.example", word(rng), i);
    if rng.below(5) == 0 {
        let segs = 1 + rng.below(3);
        let path: String = (0..segs).map(|_| format!("{}/", word(rng))).collect();
        format!("{host}/{path}")
    } else {
        format!("{host}/")
    }
}

/// `i` spelled in letters, so every keyword is unique without digits
/// (digits mixed into words would add leetspeak variants no real list has).
fn letters(mut i: usize) -> String {
    let mut s = String::new();
    loop {
        s.push((b'a' + (i % 26) as u8) as char);
        i /= 26;
        if i == 0 {
            return s;
        }
    }
}

/// One or two words per keyword entry.
pub fn list_keyword(i: usize, rng: &mut Rng) -> String {
    if rng.below(3) == 0 {
        format!("{} {}{}", word(rng), word(rng), letters(i))
    } else {
        format!("{}{}", word(rng), letters(i))
    }
}

pub struct Workload {
    pub engine: Engine,
    /// The signed list file.
    pub file: Vec<u8>,
    pub key: SecretKey,
    pub build_time: Duration,
    pub urls: Vec<String>,
    pub queries: Vec<String>,
    pub navigations: Vec<String>,
}

/// A realistic https URL; with `hit`, under a listed entry.
fn corpus_url(rng: &mut Rng, listed: &[String]) -> String {
    let hit = rng.below(100) == 0;
    let tail = format!(
        "{}/{}-{}.html?ref={}&page={}",
        word(rng),
        word(rng),
        rng.below(100_000),
        word(rng),
        rng.below(20)
    );
    if hit {
        let e = &listed[rng.below(listed.len() as u64) as usize];
        return format!("https://www.{e}{tail}");
    }
    let sub = ["www.", "m.", "shop.", "static.cdn."][rng.below(4) as usize];
    format!(
        "https://{sub}{}{}.example/{tail}",
        word(rng),
        rng.below(1 << 30)
    )
}

fn corpus_query(rng: &mut Rng, listed: &[String]) -> String {
    let mut words: Vec<String> = (0..10).map(|_| word(rng)).collect();
    if rng.below(100) == 0 {
        let i = rng.below(10) as usize;
        words[i] = listed[rng.below(listed.len() as u64) as usize].clone();
    }
    words.join(" ")
}

/// How many of the list's URL entries are added by hash only (the URL hash
/// filter and table, docs/list-format.md): `TURNBACK_BENCH_URL_HASHES`,
/// default 0 (the list without those sections).
fn url_hash_entries() -> usize {
    std::env::var("TURNBACK_BENCH_URL_HASHES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

pub fn build() -> Workload {
    let hashed = url_hash_entries();
    let mut rng = Rng::new(0x7475_726e);
    let mut b = ListBuilder::new();
    let mut sample_urls = Vec::new();
    let mut sample_keywords = Vec::new();
    for i in 0..LIST_ENTRIES {
        let u = list_url(i, &mut rng);
        let k = list_keyword(i, &mut rng);
        if i % 100 == 0 {
            sample_urls.push(u.clone());
            sample_keywords.push(k.clone());
        }
        if i % 10 == 0 && i / 10 < hashed {
            // Every tenth entry, so hits land in both tables.
            let expr = turnback::url::canonicalize(&u)
                .expect("synthetic url")
                .expression();
            let p = turnback::hash::PrefixHash::of(turnback::hash::HashKind::Url, expr.as_bytes());
            b.add_url_hash(p, ListBuilder::DEFAULT_CATEGORY)
                .expect("synthetic url hash");
        } else {
            b.add_url(&u, ListBuilder::DEFAULT_CATEGORY)
                .expect("synthetic url");
        }
        b.add_keyword(&k, ListBuilder::DEFAULT_CATEGORY)
            .expect("synthetic keyword");
    }
    let key = SecretKey::from_seed(&[7; 32]);
    let info = ListInfo {
        id: "bench".into(),
        key_id: key.public().id(),
        sequence: 1,
        created: 0,
        // 2100-01-01: far off, and exact as a JavaScript number, which the
        // Wasm engine requires of header times (i64::MAX is refused there).
        expires: 4_102_444_800,
    };
    let t = Instant::now();
    let file = b.write(&info, &key).expect("list builds");
    let build_time = t.elapsed();
    let engine = Engine::from_bytes(file.clone(), &key.public(), &policy()).expect("list loads");
    let urls = (0..CORPUS)
        .map(|_| corpus_url(&mut rng, &sample_urls))
        .collect();
    let queries: Vec<String> = (0..CORPUS)
        .map(|_| corpus_query(&mut rng, &sample_keywords))
        .collect();
    let navigations = queries
        .iter()
        .map(|q| {
            format!(
                "https://www.google.com/search?q={}&hl=en&source=hp",
                q.replace(' ', "+")
            )
        })
        .collect();
    Workload {
        engine,
        file,
        key,
        build_time,
        urls,
        queries,
        navigations,
    }
}

pub fn policy() -> LoadPolicy {
    LoadPolicy {
        now: 1,
        held_sequence: None,
    }
}
