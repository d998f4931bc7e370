//! Entries known only by their SHA-256: a list holding them beside
//! plaintext-built entries matches both, and a list without them is laid out
//! exactly as before (nine sections, no URL hash filter or table).

use turnback::hash::{HashKind, PrefixHash};
use turnback::list::{ListInfo, LoadPolicy, PhraseHash, SecretKey};
use turnback::text::phrase_keys;
use turnback::{Engine, ListBuilder, MatchKind};

fn prefix(expr: &str) -> PrefixHash {
    PrefixHash::of(HashKind::Url, expr.as_bytes())
}

fn signed(b: &ListBuilder) -> Vec<u8> {
    let key = SecretKey::from_seed(&[3; 32]);
    let info = ListInfo {
        id: "hashes".into(),
        key_id: key.public().id(),
        sequence: 1,
        created: 0,
        expires: 4_102_444_800,
    };
    b.write(&info, &key).unwrap()
}

fn load(file: Vec<u8>) -> Engine {
    let key = SecretKey::from_seed(&[3; 32]).public();
    let policy = LoadPolicy {
        now: 1,
        held_sequence: None,
    };
    Engine::from_bytes(file, &key, &policy).unwrap()
}

fn section_kinds(file: &[u8]) -> Vec<u32> {
    let n = u32::from_le_bytes(file[80..84].try_into().unwrap()) as usize;
    (0..n)
        .map(|i| u32::from_le_bytes(file[96 + 24 * i..100 + 24 * i].try_into().unwrap()))
        .collect()
}

#[test]
fn hashed_and_plaintext_entries_both_match() {
    let mut b = ListBuilder::new();
    let cat = b.category("partner").unwrap();
    b.add_url("plain.turnback.test/", ListBuilder::DEFAULT_CATEGORY)
        .unwrap();
    assert!(b
        .add_url_hash(prefix("hashed.turnback.test/dir/"), cat)
        .unwrap());
    assert!(!b
        .add_url_hash(prefix("hashed.turnback.test/dir/"), cat)
        .unwrap());
    b.add_keyword("zorblax", ListBuilder::DEFAULT_CATEGORY)
        .unwrap();
    let keys: Vec<PhraseHash> = phrase_keys("quibbleflux video")
        .unwrap()
        .iter()
        .map(|k| PhraseHash {
            prefix: PrefixHash::of(HashKind::Phrase, k.as_bytes()),
            key: turnback::hash::FilterKey::of(HashKind::Phrase, k.as_bytes()),
            len: k.len(),
        })
        .collect();
    assert!(b.add_keyword_hash(keys, cat).unwrap());
    let file = signed(&b);
    assert_eq!(
        section_kinds(&file),
        vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    );
    let e = load(file);
    let name = |v: turnback::Verdict| {
        v.category()
            .and_then(|c| e.category_name(c))
            .map(str::to_string)
    };

    let plain = e.check_url("https://www.plain.turnback.test/x?y=1");
    assert_eq!(
        (plain.kind(), name(plain)),
        (Some(MatchKind::Url), Some("default".into()))
    );
    let hashed = e.check_url("http://a.hashed.turnback.test/dir/sub/page.html");
    assert_eq!(
        (hashed.kind(), name(hashed)),
        (Some(MatchKind::Url), Some("partner".into()))
    );
    assert_eq!(hashed.entry().map(|i| i.to_string()), Some("url-1".into()));
    assert!(!e.check_url("http://hashed.turnback.test/other/").is_match());
    assert!(!e.check_url("http://hashed.turnback.test/").is_match());
    assert!(e
        .check_navigation("https://hashed.turnback.test/dir/")
        .is_match());

    assert!(e.check_query("ZORBLAX").is_match());
    let kw = e.check_query("some QU1BBLEFLUX video here");
    assert_eq!(
        (kw.kind(), name(kw)),
        (Some(MatchKind::Keyword), Some("partner".into()))
    );
    assert!(!e.check_query("quibbleflux").is_match());
    assert_eq!(e.stats().url_entries, 2);
    let prefixes: Vec<u64> = e.url_prefixes().map(|(p, _)| p.0).collect();
    assert_eq!(
        prefixes,
        vec![
            prefix("plain.turnback.test/").0,
            prefix("hashed.turnback.test/dir/").0
        ]
    );
}

#[test]
fn a_list_without_hash_only_entries_keeps_the_old_layout() {
    let mut b = ListBuilder::new();
    b.add_url("plain.turnback.test/", ListBuilder::DEFAULT_CATEGORY)
        .unwrap();
    // A hash-only entry that a plaintext entry already holds adds nothing.
    b.add_url_hash(
        prefix("plain.turnback.test/"),
        ListBuilder::DEFAULT_CATEGORY,
    )
    .unwrap();
    let file = signed(&b);
    assert_eq!(section_kinds(&file), (1..=9).collect::<Vec<_>>());
    assert_eq!(u16::from_le_bytes([file[8], file[9]]), 1, "format version");
    let e = load(file);
    assert!(e.check_url("http://plain.turnback.test/a").is_match());
    assert!(e
        .section_sizes()
        .iter()
        .all(|(n, _)| !n.starts_with("url hash")));
}

#[test]
fn a_url_hash_filter_without_its_table_is_malformed() {
    let mut b = ListBuilder::new();
    b.add_url_hash(
        prefix("hashed.turnback.test/"),
        ListBuilder::DEFAULT_CATEGORY,
    )
    .unwrap();
    let mut file = signed(&b);
    // Rename the table (the last entry) to the stash filter, a kind that
    // may stand without it.
    let last = 96 + 24 * 10;
    file[last..last + 4].copy_from_slice(&12u32.to_le_bytes());
    let err = Engine::inspect_unverified(file).map(|_| ()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "malformed list: section table: the url hash filter and table come together"
    );
    let mut file = signed(&b);
    file[last..last + 4].copy_from_slice(&10u32.to_le_bytes());
    let err = Engine::inspect_unverified(file).map(|_| ()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "malformed list: section table: a section appears twice"
    );
}
