//! What every fuzz target asserts, shared by the targets (cargo-fuzz, on
//! nightly) and by tests/fuzz_replay.rs, which runs every committed corpus
//! and crash file through the same checks on stable in `make test`. Each
//! check panics on a broken property; reaching the end is a pass.

use std::sync::OnceLock;

use ed25519_dalek::{Signer, SigningKey};
use sha2::{Digest, Sha256};
use turnback::list::{ListInfo, LoadPolicy, SecretKey};
use turnback::text::{normalize, MAX_PHRASE_TOKENS, MAX_TOKENS, MAX_VARIANTS};
use turnback::url::{canonicalize, expressions, MAX_EXPRESSIONS};
use turnback::{Engine, ListBuilder};

/// The fixed key the re-signed mode signs with (a test key, never a real one).
const SEED: [u8; 32] = [7; 32];
/// Where a list file keeps its signer's key id, and the signature's length
/// (docs/list-format.md, "Header" and "Signature").
const KEY_ID_AT: std::ops::Range<usize> = 48..56;
const SIGNATURE_LEN: usize = 64;

/// A small synthetic list, built once per process: URL, keyword and rule
/// entries, so every check path has something to find.
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut b = ListBuilder::new();
        let c = ListBuilder::DEFAULT_CATEGORY;
        for url in [
            "blocked.turnback.test/",
            "www.turnback.test/a/b/",
            "[2001:db8::1]/x",
        ] {
            b.add_url(url, c).expect("a seed URL");
        }
        for kw in ["zorblax", "blocked demo term", "quibbleflux video"] {
            b.add_keyword(kw, c).expect("a seed keyword");
        }
        b.add_rule(&["flumox", "grindle"], c).expect("a seed rule");
        b.build().expect("the seed list")
    })
}

/// URL canonicalization and its expressions: the canonical form is ASCII
/// and canonicalizing it again changes nothing; at most MAX_EXPRESSIONS
/// expressions, each ASCII; checking never panics.
pub fn url(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    if let Ok(c) = canonicalize(&input) {
        let text = c.to_string();
        assert!(text.is_ascii(), "canonical URL not ASCII: {text:?}");
        let again = canonicalize(&text).expect("a canonical URL canonicalizes");
        assert_eq!(
            again.to_string(),
            text,
            "canonicalization is not idempotent"
        );
        let exprs = expressions(&c);
        assert!(
            exprs.len() <= MAX_EXPRESSIONS,
            "{} expressions",
            exprs.len()
        );
        assert!(exprs.iter().all(|e| e.is_ascii()));
    }
    let _ = engine().check_url(&input);
}

/// Normalization and check_query: every cap holds.
pub fn query(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    let n = normalize(&input);
    assert!(
        n.variants().len() <= MAX_VARIANTS,
        "{} variants",
        n.variants().len()
    );
    for v in n.variants() {
        assert!(v.len() <= MAX_TOKENS, "{} tokens", v.len());
    }
    let mut windows = 0usize;
    n.for_each_window(|w| {
        windows += 1;
        assert!(!w.is_empty());
    });
    assert!(
        windows <= MAX_VARIANTS * MAX_TOKENS * MAX_PHRASE_TOKENS,
        "{windows} windows"
    );
    let _ = engine().check_query(&input);
}

/// Search extraction and check_navigation never panic; what is extracted
/// checks as a query does.
pub fn navigation(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    if let Ok(c) = canonicalize(&input) {
        if let Some(found) = turnback::search::extract(&c) {
            query(found.text.as_bytes());
        }
    }
    let _ = engine().check_navigation(&input);
}

/// List loading, in three modes: the raw bytes under a key (almost always
/// refused at the signature), the unverified structural parse, and the
/// bytes re-signed with the fixed key so that a mutated body reaches every
/// section parser after the signature check. A list that loads answers
/// checks without panicking.
pub fn list(data: &[u8]) {
    let key = SecretKey::from_seed(&SEED);
    let policy = LoadPolicy {
        now: 1_800_000_000,
        held_sequence: None,
    };
    if let Ok(e) = Engine::from_bytes(data.to_vec(), &key.public(), &policy) {
        exercise(&e);
    }
    if let Ok(e) = Engine::inspect_unverified(data.to_vec()) {
        exercise(&e);
    }
    if let Some(signed) = resigned(data) {
        if let Ok(e) = Engine::from_bytes(signed, &key.public(), &policy) {
            exercise(&e);
        }
    }
}

/// `file` with the fixed key's id and a fresh signature over its body, or
/// None when it is too short to hold a header and a signature.
pub fn resigned(file: &[u8]) -> Option<Vec<u8>> {
    if file.len() < KEY_ID_AT.end + SIGNATURE_LEN {
        return None;
    }
    let signing = SigningKey::from_bytes(&SEED);
    let public = signing.verifying_key().to_bytes();
    let mut out = file.to_vec();
    out[KEY_ID_AT].copy_from_slice(&Sha256::digest(public)[..8]);
    let body = out.len() - SIGNATURE_LEN;
    let signature = signing.sign(&out[..body]).to_bytes();
    out[body..].copy_from_slice(&signature);
    Some(out)
}

/// A valid list signed with the fixed key: the seed the list corpus starts from.
pub fn seed_list() -> Vec<u8> {
    let key = SecretKey::from_seed(&SEED);
    let mut b = ListBuilder::new();
    let c = ListBuilder::DEFAULT_CATEGORY;
    b.add_url("blocked.turnback.test/", c).expect("a seed URL");
    b.add_keyword("zorblax", c).expect("a seed keyword");
    b.add_rule(&["flumox", "grindle"], c).expect("a seed rule");
    let info = ListInfo {
        id: "fuzz".into(),
        key_id: key.public().id(),
        sequence: 1,
        created: 1_700_000_000,
        expires: 1_900_000_000,
    };
    b.write(&info, &key).expect("the seed list file")
}

fn exercise(e: &Engine) {
    for probe in [
        "https://blocked.turnback.test/x",
        "zorblax",
        "https://www.bing.com/search?q=zorblax",
    ] {
        let _ = e.check_url(probe);
        let _ = e.check_query(probe);
        let _ = e.check_navigation(probe);
    }
    let _ = e.prevention("en", "DE");
    let _ = e.stats();
}
