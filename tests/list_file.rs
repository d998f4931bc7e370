//! The signed list file: round trips, no plaintext inside, and every way a
//! file can be refused (docs/list-format.md, "Reading order").

use std::collections::HashSet;
use std::sync::OnceLock;

use ed25519_dalek::{Signer, SigningKey};
use turnback::list::{ListInfo, LoadError, LoadPolicy, MetaError, Metadata, PublicKey, SecretKey};
use turnback::{Engine, ListBuilder, MatchKind};

const SEED: [u8; 32] = [42; 32];
const NOW: i64 = 1_900_000_000;

fn key() -> SecretKey {
    SecretKey::from_seed(&SEED)
}

fn info(sequence: u64) -> ListInfo {
    ListInfo {
        id: "test-list".into(),
        key_id: key().public().id(),
        sequence,
        created: NOW - 10,
        expires: NOW + 3600,
    }
}

fn policy() -> LoadPolicy {
    LoadPolicy {
        now: NOW,
        held_sequence: None,
    }
}

fn load(bytes: &[u8]) -> Result<Engine, LoadError> {
    Engine::from_bytes(bytes.to_vec(), &key().public(), &policy())
}

/// Letters only from `alphabet`, so two corpora with disjoint alphabets can
/// never join into each other's phrases.
/// No letter repeats the one before it, so no normalization collapses it.
fn word(mut i: usize, alphabet: &[u8], len: usize) -> String {
    let mut prev = 0usize;
    (0..len)
        .map(|k| {
            let mut at = i % alphabet.len();
            if k > 0 && at == prev {
                at = (at + 1) % alphabet.len();
            }
            prev = at;
            i = i / alphabet.len() + 7 * (i % 5) + 1;
            alphabet[at] as char
        })
        .collect()
}

const LIST_LETTERS: &[u8] = b"abcdefghjkm";
const OTHER_LETTERS: &[u8] = b"npqrstuvwxyz";

struct Big {
    urls: Vec<String>,
    keywords: Vec<String>,
    bytes: Vec<u8>,
}

/// 100,000 synthetic URL entries and 100,000 keyword phrases, built once.
fn big() -> &'static Big {
    static BIG: OnceLock<Big> = OnceLock::new();
    BIG.get_or_init(|| {
        let urls: Vec<String> = (0..100_000)
            .map(|i| match i % 3 {
                0 => format!("host{i}-{}.example/", word(i, LIST_LETTERS, 6)),
                1 => format!(
                    "https://www.site{i}.example/{}/{}/",
                    word(i, LIST_LETTERS, 5),
                    i
                ),
                _ => format!("cdn{i}.example/media/{}.html", word(i + 1, LIST_LETTERS, 8)),
            })
            .collect();
        let keywords: Vec<String> = (0..100_000)
            .map(|i| {
                let w = word(i * 7919, LIST_LETTERS, 10);
                match i % 2 {
                    0 => w,
                    _ => format!("{} {}", w, word(i * 31 + 3, LIST_LETTERS, 6)),
                }
            })
            .collect();
        let mut b = ListBuilder::new();
        for u in &urls {
            b.add_url(u, ListBuilder::DEFAULT_CATEGORY).unwrap();
        }
        for k in &keywords {
            b.add_keyword(k, ListBuilder::DEFAULT_CATEGORY).unwrap();
        }
        let bytes = b.write(&info(1), &key()).unwrap();
        Big {
            urls,
            keywords,
            bytes,
        }
    })
}

/// Every 8-byte window of `hay`, to test many needles for presence fast.
struct Grams<'a> {
    hay: &'a [u8],
    set: HashSet<[u8; 8]>,
}

impl<'a> Grams<'a> {
    fn new(hay: &'a [u8]) -> Grams<'a> {
        let set = hay.windows(8).map(|w| w.try_into().unwrap()).collect();
        Grams { hay, set }
    }
    fn contains(&self, needle: &[u8]) -> bool {
        assert!(needle.len() >= 8, "needle too short to test: {needle:?}");
        // Every 8-byte window of a present needle is present; only when all
        // are (rare) is the whole file scanned.
        needle
            .windows(8)
            .all(|g| self.set.contains(<&[u8; 8]>::try_from(g).unwrap()))
            && self.hay.windows(needle.len()).any(|w| w == needle)
    }
}

#[test]
fn no_entry_is_in_the_file_in_plaintext_or_any_normalized_form() {
    let big = big();
    let grams = Grams::new(&big.bytes);
    let mut forms = 0;
    for u in &big.urls {
        let c = turnback::url::canonicalize(u).unwrap();
        for form in [
            u.clone(),
            c.to_string(),
            c.expression(),
            c.host().to_string(),
        ] {
            if form.len() >= 8 {
                assert!(
                    !grams.contains(form.as_bytes()),
                    "url form {form:?} is in the file"
                );
                forms += 1;
            }
        }
    }
    for k in &big.keywords {
        let mut all = vec![k.clone()];
        all.extend(turnback::text::phrase_keys(k).unwrap());
        let n = turnback::text::normalize(k);
        all.extend(
            n.variants()
                .iter()
                .map(|v| v.tokens().collect::<Vec<_>>().join(" ")),
        );
        for form in all {
            assert!(
                !grams.contains(form.as_bytes()),
                "keyword form {form:?} is in the file"
            );
            forms += 1;
        }
    }
    assert!(forms > 500_000, "only {forms} forms checked");
    // The test itself can find what it looks for.
    let planted = [big.bytes.clone(), big.keywords[5].as_bytes().to_vec()].concat();
    assert!(Grams::new(&planted).contains(big.keywords[5].as_bytes()));
}

#[test]
fn every_entry_built_is_found_and_nothing_else() {
    let big = big();
    let e = load(&big.bytes).unwrap();
    for u in &big.urls {
        let c = turnback::url::canonicalize(u).unwrap();
        let probe = format!(
            "{}deeper/page.html?x=1",
            c.to_string().trim_end_matches(".html")
        );
        let target = if u.ends_with('/') {
            probe
        } else {
            c.to_string()
        };
        assert_eq!(
            e.check_url(&target).kind(),
            Some(MatchKind::Url),
            "{u} via {target}"
        );
    }
    for k in &big.keywords {
        assert_eq!(
            e.check_query(&format!("find {k} now")).kind(),
            Some(MatchKind::Keyword),
            "{k}"
        );
    }
    for i in 0..10_000 {
        let u = format!(
            "https://www.host{i}-{}.invalid/{}/",
            word(i, OTHER_LETTERS, 6),
            i
        );
        assert!(!e.check_url(&u).is_match(), "{u}");
        let q = format!(
            "{} {} {}",
            word(i, OTHER_LETTERS, 10),
            word(i + 5, OTHER_LETTERS, 4),
            i
        );
        assert!(!e.check_query(&q).is_match(), "{q}");
    }
}

#[test]
fn a_large_list_stays_under_ten_bytes_per_entry() {
    let big = big();
    let entries = big.urls.len() + big.keywords.len();
    let e = load(&big.bytes).unwrap();
    let per_entry = e.stats().bytes as f64 / entries as f64;
    assert!(per_entry < 10.0, "{per_entry:.2} bytes per entry");
}

fn small() -> Vec<u8> {
    let mut b = ListBuilder::new();
    b.add_url("blocked.turnback.test/", ListBuilder::DEFAULT_CATEGORY)
        .unwrap();
    b.add_keyword("zorblax", ListBuilder::DEFAULT_CATEGORY)
        .unwrap();
    b.add_rule(&["flumox", "grindle"], ListBuilder::DEFAULT_CATEGORY)
        .unwrap();
    b.write(&info(5), &key()).unwrap()
}

/// Re-signs `bytes` (whose last 64 bytes are the signature) with the test key.
fn resign(mut bytes: Vec<u8>) -> Vec<u8> {
    let body = bytes.len() - 64;
    let sig = SigningKey::from_bytes(&SEED)
        .sign(&bytes[..body])
        .to_bytes();
    bytes[body..].copy_from_slice(&sig);
    bytes
}

#[test]
fn a_valid_list_round_trips_its_header_and_content() {
    let e = load(&small()).unwrap();
    assert_eq!(e.info(), &info(5));
    assert!(e.check_url("https://blocked.turnback.test/a").is_match());
    assert!(e.check_query("z0rblax").is_match());
    assert_eq!(
        e.check_query("grindle flumox").kind(),
        Some(MatchKind::Combination)
    );
    assert_eq!(e.prevention("fr", "FR").unwrap().lang, "fr");
}

#[test]
fn each_load_error_is_distinct() {
    let good = small();
    let mut bad_magic = good.clone();
    bad_magic[0] = b'X';
    assert_eq!(load(&bad_magic).unwrap_err(), LoadError::BadMagic);

    let mut version = good.clone();
    version[8] = 2;
    assert!(matches!(
        load(&version).unwrap_err(),
        LoadError::UnsupportedVersion { version: 2, .. }
    ));

    for cut in [0, 10, 159, good.len() - 1] {
        assert!(
            matches!(load(&good[..cut]).unwrap_err(), LoadError::Truncated { .. }),
            "cut {cut}"
        );
    }
    let longer = [good.clone(), vec![0; 8]].concat();
    assert!(matches!(
        load(&longer).unwrap_err(),
        LoadError::Truncated { .. }
    ));

    let mut tampered = good.clone();
    let mid = good.len() / 2;
    tampered[mid] ^= 1;
    assert_eq!(load(&tampered).unwrap_err(), LoadError::BadSignature);

    let other = SecretKey::from_seed(&[9; 32]).public();
    assert!(matches!(
        Engine::from_bytes(good.clone(), &other, &policy()).unwrap_err(),
        LoadError::UnknownKey { .. }
    ));
    // Signed by another key but claiming ours: the signature check catches it.
    let mut forged = good.clone();
    let body = forged.len() - 64;
    let sig = SigningKey::from_bytes(&[9; 32])
        .sign(&forged[..body])
        .to_bytes();
    forged[body..].copy_from_slice(&sig);
    assert_eq!(load(&forged).unwrap_err(), LoadError::BadSignature);

    let late = LoadPolicy {
        now: NOW + 3600,
        held_sequence: None,
    };
    assert!(matches!(
        Engine::from_bytes(good.clone(), &key().public(), &late).unwrap_err(),
        LoadError::Expired { .. }
    ));
    let newer_held = LoadPolicy {
        now: NOW,
        held_sequence: Some(6),
    };
    assert_eq!(
        Engine::from_bytes(good.clone(), &key().public(), &newer_held).unwrap_err(),
        LoadError::Older { found: 5, held: 6 }
    );
    let same_held = LoadPolicy {
        now: NOW,
        held_sequence: Some(5),
    };
    assert!(Engine::from_bytes(good, &key().public(), &same_held).is_ok());
}

/// Offset of the section table entry for `kind`.
fn entry_of(bytes: &[u8], kind: u32) -> usize {
    let count = u32::from_le_bytes(bytes[80..84].try_into().unwrap()) as usize;
    (0..count)
        .map(|i| 96 + 24 * i)
        .find(|&e| u32::from_le_bytes(bytes[e..e + 4].try_into().unwrap()) == kind)
        .unwrap()
}

#[test]
fn signed_but_malformed_files_are_refused_without_allocating_their_claims() {
    let good = small();
    let malformed = |bytes: Vec<u8>| match load(&resign(bytes)) {
        Err(LoadError::Malformed { section, reason }) => format!("{section}: {reason}"),
        other => panic!("expected malformed, got {other:?}"),
    };
    // A table claiming 2^60 entries.
    let mut b = good.clone();
    let e = entry_of(&b, 3);
    let off = u64::from_le_bytes(b[e + 8..e + 16].try_into().unwrap()) as usize;
    b[off + 8..off + 16].copy_from_slice(&(1u64 << 60).to_le_bytes());
    assert!(malformed(b).starts_with("url table"));
    // A section running past the end.
    let mut b = good.clone();
    let e = entry_of(&b, 9);
    b[e + 16..e + 24].copy_from_slice(&u64::MAX.to_le_bytes());
    assert!(malformed(b).starts_with("section table"));
    // A section appearing twice.
    let mut b = good.clone();
    let (e2, e3) = (entry_of(&b, 2), entry_of(&b, 3));
    b[e3..e3 + 4].copy_from_slice(&2u32.to_le_bytes());
    assert!(malformed(b).starts_with("section table"), "{e2}");
    // An unknown section kind.
    let mut b = good.clone();
    let e = entry_of(&b, 7);
    b[e..e + 4].copy_from_slice(&99u32.to_le_bytes());
    assert!(malformed(b).starts_with("section table"));
    // A filter whose segments reach past its fingerprints.
    let mut b = good.clone();
    let e = entry_of(&b, 4);
    let off = u64::from_le_bytes(b[e + 8..e + 16].try_into().unwrap()) as usize;
    b[off + 24..off + 28].copy_from_slice(&(1u32 << 30).to_le_bytes());
    assert!(malformed(b).starts_with("phrase filter"));
    // Values the writer never produces, under a valid signature
    // (issue 17): a filter seed outside xorf's seed sequence, which would
    // make every lookup miss; a rule naming a term group past the count; a
    // term naming a group past the count.
    let section = |b: &Vec<u8>, kind: u32| {
        let e = entry_of(b, kind);
        u64::from_le_bytes(b[e + 8..e + 16].try_into().unwrap()) as usize
    };
    for (kind, name) in [(2, "url filter"), (4, "phrase filter")] {
        let mut b = good.clone();
        let off = section(&b, kind);
        let seed = u64::from_le_bytes(b[off + 8..off + 16].try_into().unwrap());
        b[off + 8..off + 16].copy_from_slice(&(seed ^ 1).to_le_bytes());
        assert_eq!(
            malformed(b),
            format!("{name}: filter seed is not one the filter could have been built with")
        );
    }
    let mut b = good.clone();
    let off = section(&b, 8);
    let groups = u32::from_le_bytes(b[off + 4..off + 8].try_into().unwrap());
    b[off + 8 + 4..off + 8 + 8].copy_from_slice(&groups.to_le_bytes());
    assert_eq!(
        malformed(b),
        "rules: a rule names a term group out of range"
    );
    let mut b = good.clone();
    let off = section(&b, 7);
    b[off..off + 4].copy_from_slice(&groups.to_le_bytes());
    assert_eq!(
        malformed(b),
        "term groups: a term names a group out of range"
    );
    // A category count beyond the section.
    let mut b = good.clone();
    let e = entry_of(&b, 1);
    let off = u64::from_le_bytes(b[e + 8..e + 16].try_into().unwrap()) as usize;
    b[off..off + 4].copy_from_slice(&200u32.to_le_bytes());
    assert!(malformed(b).starts_with("categories"));
    // Metadata that is not JSON.
    let mut b = good.clone();
    let e = entry_of(&b, 9);
    let off = u64::from_le_bytes(b[e + 8..e + 16].try_into().unwrap()) as usize;
    b[off] = b'!';
    assert!(matches!(load(&resign(b)), Err(LoadError::Metadata(_))));
}

/// A refused metadata section keeps the metadata's error (boxed) as the
/// load error's source, for callers that walk the chain.
#[test]
fn a_metadata_refusal_keeps_the_metadata_error_as_its_source() {
    use std::error::Error;
    let missing = || MetaError::MissingField("resources[0].url".into());
    let err = Engine::from_bytes_with(small(), &key().public(), &policy(), |_| Err(missing()))
        .unwrap_err();
    assert_eq!(err, LoadError::Metadata(Box::new(missing())));
    let source = err
        .source()
        .and_then(|s| s.downcast_ref::<Box<MetaError>>());
    assert_eq!(source.map(|b| &**b), Some(&missing()));
}

#[test]
fn a_host_metadata_reader_reads_the_signed_json_and_is_validated() {
    let good = small();
    let native = load(&good).unwrap();
    let with = |bytes: Vec<u8>, read: &mut dyn FnMut(&str) -> Result<Metadata, MetaError>| {
        Engine::from_bytes_with(bytes, &key().public(), &policy(), read)
    };
    // The reader gets the section's JSON, and what it reads is used.
    let mut seen = String::new();
    let e = with(good.clone(), &mut |json| {
        seen = json.to_string();
        Metadata::from_json(json)
    })
    .unwrap();
    assert_eq!(seen, native.metadata().to_json());
    assert_eq!(e.metadata(), native.metadata());
    // Whatever it returns is validated as `from_bytes` validates.
    let mut no_english = native.metadata().clone();
    no_english.messages.remove("en");
    let err = with(good.clone(), &mut |_| Ok(no_english.clone())).unwrap_err();
    assert_eq!(
        err.to_string(),
        "malformed list: metadata: no message in english (\"en\"), the fallback language"
    );
    // Its error refuses the list.
    let err = with(good.clone(), &mut |_| {
        Err(MetaError::MissingField("resources[0].url".into()))
    })
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "malformed list: metadata: resources[0].url is missing"
    );
    // It never sees a list whose signature does not verify.
    let mut tampered = good;
    tampered[200] ^= 1;
    let mut called = false;
    let err = with(tampered, &mut |json| {
        called = true;
        Metadata::from_json(json)
    })
    .unwrap_err();
    assert_eq!(err, LoadError::BadSignature);
    assert!(!called);
}

#[test]
fn flipping_any_single_byte_is_refused() {
    let good = small();
    assert!(load(&good).is_ok());
    for i in 0..good.len() {
        for bit in [0x01, 0x80] {
            let mut b = good.clone();
            b[i] ^= bit;
            assert!(
                load(&b).is_err(),
                "flipping bit {bit:#x} of byte {i} was accepted"
            );
        }
    }
}

#[test]
fn list_ids_are_checked_when_writing() {
    let mut i = info(1);
    i.id = "Has Spaces".into();
    assert!(ListBuilder::new().write(&i, &key()).is_err());
    let pk: PublicKey = key().public();
    assert_eq!(PublicKey::from_text(&pk.to_text()).unwrap(), pk);
}
