//! Releases built on the previous one (docs/list-format.md, "URL stashes"):
//! they keep the base's URL sections byte for byte, and every check gives
//! what a list built afresh from the same entries gives.

use std::collections::BTreeSet;

use ed25519_dalek::{Signer, SigningKey};
use proptest::prelude::*;
use turnback::hash::{HashKind, PrefixHash};
use turnback::list::{Layering, ListInfo, LoadError, LoadPolicy, OnBase, RebaseReason, SecretKey};
use turnback::{Engine, ListBuilder};

const SEED: [u8; 32] = [42; 32];
const NOW: i64 = 1_900_000_000;

fn key() -> SecretKey {
    SecretKey::from_seed(&SEED)
}

fn info(sequence: u64) -> ListInfo {
    ListInfo {
        id: "stash-test".into(),
        key_id: key().public().id(),
        sequence,
        created: NOW - 10,
        expires: NOW + 3600,
    }
}

fn load(bytes: &[u8]) -> Result<Engine, LoadError> {
    let policy = LoadPolicy {
        now: NOW,
        held_sequence: None,
    };
    Engine::from_bytes(bytes.to_vec(), &key().public(), &policy)
}

/// A release's URL entries: `(n, category, by hash)`, entry `n` being the
/// host `h<n>.stash.test/p/`; by hash, the list gets only its SHA-256.
type Entries = BTreeSet<(u16, &'static str, bool)>;

fn url(n: u16) -> String {
    format!("h{n}.stash.test/p/")
}

fn builder(entries: &Entries) -> ListBuilder {
    let mut b = ListBuilder::new();
    for &(n, cat, by_hash) in entries {
        let c = b.category(cat).unwrap();
        if by_hash {
            let p = PrefixHash::of(HashKind::Url, url(n).as_bytes());
            b.add_url_hash(p, c).unwrap();
        } else {
            b.add_url(&url(n), c).unwrap();
        }
    }
    b
}

fn fresh(entries: &Entries, sequence: u64) -> Vec<u8> {
    builder(entries).write(&info(sequence), &key()).unwrap()
}

fn on(base: &Engine, entries: &Entries, sequence: u64, rebase_at: f64) -> (Vec<u8>, Layering) {
    let on = OnBase {
        base,
        rebase_at,
        force_rebase: false,
    };
    builder(entries)
        .write_on(&info(sequence), Some(&key()), &on)
        .unwrap()
}

/// The category name each probed URL matches in `e` (`None`: no match).
fn verdicts(e: &Engine, probes: impl Iterator<Item = u16>) -> Vec<(u16, Option<String>)> {
    probes
        .map(|n| {
            let v = e.check_url(&format!("http://{}x.html", url(n)));
            (
                n,
                v.category()
                    .and_then(|c| e.category_name(c))
                    .map(str::to_string),
            )
        })
        .collect()
}

fn prefixes(e: &Engine) -> BTreeSet<(u64, String)> {
    e.url_prefixes()
        .map(|(p, c)| (p.0, e.category_name(c).unwrap_or("?").to_string()))
        .collect()
}

/// The layered and the fresh list of the same entries agree on every
/// probe, on what they export and on their count.
fn assert_same(layered: &Engine, entries: &Entries, sequence: u64, what: &str) {
    let plain = load(&fresh(entries, sequence)).unwrap();
    let probes = || 0..64u16;
    assert_eq!(
        verdicts(layered, probes()),
        verdicts(&plain, probes()),
        "{what}: verdicts"
    );
    assert_eq!(
        prefixes(layered),
        prefixes(&plain),
        "{what}: exported prefixes"
    );
    assert_eq!(
        layered.stats().url_entries,
        plain.stats().url_entries,
        "{what}: url entry count"
    );
}

fn entries(list: &[(u16, &'static str, bool)]) -> Entries {
    list.iter().copied().collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_release_on_its_base_keeps_the_base_url_sections_and_checks_the_same() {
    let base_set: Entries = (0..40).map(|n| (n, "default", n % 7 == 0)).collect();
    let base_bytes = fresh(&base_set, 1);
    let base = load(&base_bytes).unwrap();
    // Cases: each is a change from the base set, built on the base.
    let cases: Vec<(&str, Entries)> = vec![
        (
            "one added",
            base_set
                .iter()
                .copied()
                .chain([(50, "default", false)])
                .collect(),
        ),
        (
            "one removed",
            base_set.iter().copied().filter(|e| e.0 != 3).collect(),
        ),
        (
            "a hash-only one added",
            base_set
                .iter()
                .copied()
                .chain([(51, "default", true)])
                .collect(),
        ),
        (
            "a hash-only one removed",
            base_set.iter().copied().filter(|e| e.0 != 14).collect(),
        ),
        (
            "a category changed",
            base_set
                .iter()
                .map(|&(n, c, h)| (n, if n == 5 { "other" } else { c }, h))
                .collect(),
        ),
        ("no url change", base_set.clone()),
    ];
    for (what, set) in cases {
        let (bytes, layering) = on(&base, &set, 2, 0.5);
        let e = load(&bytes).unwrap_or_else(|err| panic!("{what}: {err}"));
        assert_same(&e, &set, 2, what);
        let want_stash = set != base_set;
        match layering {
            Layering::Stashed { stashes: 1, .. } => assert!(want_stash, "{what}: {layering:?}"),
            Layering::UrlsUnchanged { stashes: 0 } => assert!(!want_stash, "{what}: {layering:?}"),
            other => panic!("{what}: got {other:?}"),
        }
        for (name, size) in base.section_sizes() {
            if name.starts_with("url") {
                let at = base_section(&base_bytes, &base, name);
                assert!(
                    contains(&bytes, at),
                    "{what}: the base's {name} ({size} bytes) is kept"
                );
            }
        }
    }
}

/// The bytes of `base`'s section `name` (found through its size: the
/// sections of these small lists have distinct sizes or equal bytes).
fn base_section<'a>(file: &'a [u8], base: &Engine, name: &str) -> &'a [u8] {
    let sizes = base.section_sizes();
    let n = sizes.len();
    let mut at = 96 + 24 * n;
    for (s, size) in sizes {
        if s == name {
            return &file[at..at + size];
        }
        at += size.div_ceil(8) * 8;
    }
    panic!("no section {name}");
}

#[test]
fn releases_chain_fold_and_rebase() {
    let mut set: Entries = (0..30).map(|n| (n, "default", n % 5 == 0)).collect();
    let mut held = load(&fresh(&set, 1)).unwrap();
    let mut seen = Vec::new();
    for seq in 2..=40u64 {
        // Each release removes one entry and adds another (some by hash),
        // and now and then re-adds one removed before.
        let gone = (seq % 30) as u16;
        set.retain(|e| e.0 != gone);
        set.insert((
            100 + seq as u16,
            if seq % 3 == 0 { "other" } else { "default" },
            seq % 4 == 0,
        ));
        if seq % 6 == 0 {
            set.insert((gone.wrapping_sub(1) % 30, "default", false));
        }
        let (bytes, layering) = on(&held, &set, seq, 10.0);
        held = load(&bytes).unwrap();
        assert_same(&held, &set, seq, &format!("release {seq}"));
        seen.push(layering);
    }
    let stashed = |l: &Layering| matches!(l, Layering::Stashed { .. });
    assert!(
        seen[..32].iter().all(stashed),
        "the first 32 releases add a stash each: {seen:?}"
    );
    assert!(
        matches!(seen[32], Layering::Folded { .. }),
        "the 33rd release would hold 33 stashes: folded, got {:?}",
        seen[32]
    );
    assert!(stashed(&seen[33]), "then stashes again: {:?}", seen[33]);

    // A small share allowed: the next release starts a new base.
    set.insert((999, "default", false));
    let (bytes, layering) = on(&held, &set, 41, 0.01);
    assert!(
        matches!(layering, Layering::Rebased(RebaseReason::Churn { .. })),
        "{layering:?}"
    );
    let rebased = load(&bytes).unwrap();
    assert_same(&rebased, &set, 41, "rebased");
    assert!(
        !rebased
            .section_sizes()
            .iter()
            .any(|(s, _)| s.starts_with("stash")),
        "no stash left"
    );
    let forced = OnBase {
        base: &rebased,
        rebase_at: 1.0,
        force_rebase: true,
    };
    let (_, layering) = builder(&set)
        .write_on(&info(42), Some(&key()), &forced)
        .unwrap();
    assert_eq!(layering, Layering::Rebased(RebaseReason::Forced));
}

#[test]
fn a_release_on_a_base_of_another_list_or_a_later_sequence_is_refused() {
    let set = entries(&[(1, "default", false)]);
    let base = load(&fresh(&set, 5)).unwrap();
    let renamed = ListInfo {
        id: "another".into(),
        ..info(6)
    };
    let b = builder(&set);
    let on = OnBase {
        base: &base,
        rebase_at: 0.1,
        force_rebase: false,
    };
    let cases: Vec<(&str, Result<_, _>, &str)> = vec![
        (
            "another list id",
            b.write_on(&renamed, Some(&key()), &on),
            "the base is list \"stash-test\", not \"another\"",
        ),
        (
            "the same sequence",
            b.write_on(&info(5), Some(&key()), &on),
            "sequence 5 is not above the base's 5",
        ),
        (
            "an older sequence",
            b.write_on(&info(4), Some(&key()), &on),
            "sequence 4 is not above the base's 5",
        ),
    ];
    for (what, got, want) in cases {
        let err = got.map(|_| ()).expect_err(what).to_string();
        assert!(err.contains(want), "{what}: got {err:?}, want {want:?}");
    }
}

/// Re-signs `bytes` after `edit`, so the reader's checks after the
/// signature are what refuses them.
fn resigned(mut bytes: Vec<u8>, edit: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    edit(&mut bytes);
    let n = bytes.len() - 64;
    let sig = SigningKey::from_bytes(&SEED).sign(&bytes[..n]);
    bytes[n..].copy_from_slice(&sig.to_bytes());
    bytes
}

/// Offset of section entry `i` of the section table of `bytes`.
fn entry(bytes: &[u8], kind: u32) -> usize {
    let count = u32::from_le_bytes(bytes[80..84].try_into().unwrap()) as usize;
    (0..count)
        .map(|i| 96 + 24 * i)
        .find(|&e| u32::from_le_bytes(bytes[e..e + 4].try_into().unwrap()) == kind)
        .unwrap_or_else(|| panic!("no section of kind {kind}"))
}

fn section_at(bytes: &[u8], kind: u32) -> usize {
    let e = entry(bytes, kind);
    u64::from_le_bytes(bytes[e + 8..e + 16].try_into().unwrap()) as usize
}

#[test]
fn broken_stashes_are_refused_as_malformed() {
    let set = entries(&[
        (1, "default", false),
        (2, "default", false),
        (3, "default", false),
    ]);
    let base = load(&fresh(&set, 1)).unwrap();
    let next = entries(&[
        (1, "default", false),
        (4, "default", false),
        (5, "default", false),
    ]);
    let (good, _) = on(&base, &next, 2, 10.0);
    load(&good).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "stash sequence above the list's",
            resigned(good.clone(), |b| {
                let at = section_at(b, 14);
                b[at..at + 8].copy_from_slice(&3u64.to_le_bytes());
            }),
            "malformed list: stash: stash sequences must increase and not pass the list's",
        ),
        (
            "stash sequence zero",
            resigned(good.clone(), |b| {
                let at = section_at(b, 14);
                b[at..at + 8].copy_from_slice(&0u64.to_le_bytes());
            }),
            "malformed list: stash: stash sequences must increase and not pass the list's",
        ),
        (
            "a removed table running past its stash",
            resigned(good.clone(), |b| {
                let at = section_at(b, 14) + 8;
                b[at..at + 8].copy_from_slice(&(1u64 << 40).to_le_bytes());
            }),
            "malformed list: stash: stash removed table runs past the stash",
        ),
        (
            "a stash filter without stashes",
            resigned(good.clone(), |b| {
                let e = entry(b, 14);
                // The stash becomes a second stash filter: kind 13 is new here.
                b[e..e + 4].copy_from_slice(&13u32.to_le_bytes());
            }),
            "malformed list: section table: a stash filter without stashes",
        ),
        (
            "an unknown kind",
            resigned(good.clone(), |b| {
                let e = entry(b, 14);
                b[e..e + 4].copy_from_slice(&15u32.to_le_bytes());
            }),
            "malformed list: section table: unknown section kind",
        ),
    ];
    for (what, bytes, want) in cases {
        let got = load(&bytes).map(|_| ()).expect_err(what).to_string();
        assert!(got.starts_with(want), "{what}: got {got:?}, want {want:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any run of releases, each built on the one before, checks exactly
    /// as a list built afresh from the same entries.
    #[test]
    fn any_run_of_releases_checks_as_a_fresh_list(
        steps in proptest::collection::vec(
            proptest::collection::btree_set((0u16..48, prop_oneof![Just("default"), Just("other")], any::<bool>()), 0..24),
            2..6,
        )
    ) {
        let mut held: Option<Engine> = None;
        for (i, raw) in steps.iter().enumerate() {
            // One entry per number: the first wins, as a source would.
            let mut seen = BTreeSet::new();
            let set: Entries = raw.iter().copied().filter(|e| seen.insert(e.0)).collect();
            let seq = i as u64 + 1;
            let bytes = match &held {
                None => fresh(&set, seq),
                Some(base) => on(base, &set, seq, 100.0).0,
            };
            let e = load(&bytes).unwrap();
            let plain = load(&fresh(&set, seq)).unwrap();
            prop_assert_eq!(verdicts(&e, 0..48), verdicts(&plain, 0..48), "release {}", seq);
            prop_assert_eq!(prefixes(&e), prefixes(&plain));
            prop_assert_eq!(e.stats().url_entries, plain.stats().url_entries);
            held = Some(e);
        }
    }
}
