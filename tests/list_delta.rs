//! Delta files (docs/list-format.md, "Delta files"): a delta rebuilds the new
//! list byte for byte, shares what did not change, and every way a delta can
//! be refused has its own error. Every entry is synthetic.

use proptest::prelude::*;
use turnback::list::{
    apply_delta, delta_info, make_delta, DeltaError, ListInfo, LoadError, LoadPolicy, SecretKey,
    DELTA_HEADER_LEN, MAX_DELTA_OUTPUT,
};
use turnback::{Engine, ListBuilder};

const NOW: i64 = 1_900_000_000;

fn key() -> SecretKey {
    SecretKey::from_seed(&[42; 32])
}

fn info(id: &str, key: &SecretKey, sequence: u64) -> ListInfo {
    ListInfo {
        id: id.into(),
        key_id: key.public().id(),
        sequence,
        created: NOW - 10,
        expires: NOW + 3600,
    }
}

/// A list of `urls` and `keywords` (indexes into synthetic names).
fn list_with(id: &str, key: &SecretKey, sequence: u64, urls: &[u32], keywords: &[u32]) -> Vec<u8> {
    let mut b = ListBuilder::new();
    let c = ListBuilder::DEFAULT_CATEGORY;
    for u in urls {
        b.add_url(&format!("h{u}.delta.test/p/"), c).unwrap();
    }
    for k in keywords {
        b.add_keyword(&format!("vexlor {}", word(*k)), c).unwrap();
    }
    b.write(&info(id, key, sequence), key).unwrap()
}

/// A made-up word per number: letters only, none repeated in a row.
fn word(mut n: u32) -> String {
    let letters = b"bdfgjkmpqvwxz";
    let mut w = String::from("q");
    loop {
        w.push(letters[(n % 13) as usize] as char);
        w.push('o');
        n /= 13;
        if n == 0 {
            return w;
        }
    }
}

fn list(sequence: u64, urls: &[u32], keywords: &[u32]) -> Vec<u8> {
    list_with("delta-test", &key(), sequence, urls, keywords)
}

fn urls(n: u32) -> Vec<u32> {
    (0..n).collect()
}

#[test]
fn a_delta_rebuilds_the_new_file_and_shares_unchanged_sections() {
    let many = urls(3000);
    let cases: &[(&str, Vec<u8>, Vec<u8>, f64)] = &[
        // Only keywords changed: the URL filter and table are copied.
        (
            "keywords changed",
            list(1, &many, &[1, 2]),
            list(2, &many, &[1, 2, 3]),
            0.2,
        ),
        // Nothing changed but the sequence: header, table and signature.
        (
            "sequence only",
            list(1, &many, &[1]),
            list(2, &many, &[1]),
            0.05,
        ),
        // Everything changed: about the size of the file.
        (
            "everything changed",
            list(1, &urls(50), &[1]),
            list(2, &(5000..5050).collect::<Vec<_>>(), &[9]),
            1.1,
        ),
    ];
    for (name, old, new, max_ratio) in cases {
        let d = make_delta(old, new).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = apply_delta(old, &d).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(got == *new, "{name}: rebuilt file differs from the new one");
        let ratio = d.len() as f64 / new.len() as f64;
        assert!(
            ratio <= *max_ratio,
            "{name}: delta {} bytes for {} (ratio {ratio:.3}, want <= {max_ratio})",
            d.len(),
            new.len()
        );
        // The rebuilt bytes verify as the list, held sequence the old one's.
        let policy = LoadPolicy {
            now: NOW,
            held_sequence: Some(1),
        };
        let e = Engine::from_bytes(got, &key().public(), &policy)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(e.info().sequence, 2, "{name}");
        let i = delta_info(&d).unwrap();
        assert_eq!(
            (
                i.list_id.as_str(),
                i.from_sequence,
                i.to_sequence,
                i.new_len
            ),
            ("delta-test", 1, 2, new.len() as u64),
            "{name}"
        );
    }
    // A section much like the old one of its kind is patched, not resent.
    let old = list(1, &many, &[1]);
    let new = list(2, &[many.as_slice(), &[9999]].concat(), &[1]);
    let d = make_delta(&old, &new).unwrap();
    assert_eq!(apply_delta(&old, &d).unwrap(), new);
    assert!(d.len() < new.len(), "{} >= {}", d.len(), new.len());
}

/// `d` with `f` applied to it.
fn edit(d: &[u8], f: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut d = d.to_vec();
    f(&mut d);
    d
}

/// `d`'s header with `ops` after it and the declared length set to `len`.
fn with_ops(d: &[u8], len: u64, ops: &[u8]) -> Vec<u8> {
    let mut out = d[..DELTA_HEADER_LEN].to_vec();
    out[136..144].copy_from_slice(&len.to_le_bytes());
    out.extend_from_slice(ops);
    out
}

/// LEB128, as the delta's ops write numbers.
fn varint(mut v: u64) -> Vec<u8> {
    let mut out = Vec::new();
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
    out
}

#[test]
fn every_refusal_has_its_own_error() {
    let old = list(1, &urls(20), &[1]);
    let new = list(2, &urls(21), &[1, 2]);
    let d = make_delta(&old, &new).unwrap();
    let other_key = SecretKey::from_seed(&[7; 32]);
    let other_id = list_with("other-list", &key(), 1, &urls(20), &[1]);
    let other_signer = list_with("delta-test", &other_key, 1, &urls(20), &[1]);
    let same_seq_other_bytes = list(1, &urls(20), &[5]);
    let n = old.len() as u64;
    type Check = fn(&DeltaError) -> bool;
    let cases: Vec<(&str, Vec<u8>, Vec<u8>, Check)> = vec![
        ("short delta", old.clone(), d[..100].to_vec(), |e| {
            matches!(e, DeltaError::Truncated { at: 100 })
        }),
        ("op cut off", old.clone(), d[..d.len() - 3].to_vec(), |e| {
            matches!(e, DeltaError::Truncated { .. })
        }),
        ("bad magic", old.clone(), edit(&d, |d| d[0] ^= 1), |e| {
            *e == DeltaError::BadMagic
        }),
        ("version 2", old.clone(), edit(&d, |d| d[8] = 2), |e| {
            *e == DeltaError::UnsupportedVersion(2)
        }),
        ("reserved", old.clone(), edit(&d, |d| d[12] = 1), |e| {
            matches!(e, DeltaError::BadHeader(_))
        }),
        ("bad id", old.clone(), edit(&d, |d| d[16] = b'A'), |e| {
            matches!(e, DeltaError::BadHeader(_))
        }),
        ("other list", other_id, d.clone(), |e| {
            matches!(e, DeltaError::ListMismatch { .. })
        }),
        ("other key", other_signer, d.clone(), |e| {
            matches!(e, DeltaError::KeyMismatch { .. })
        }),
        ("other sequence", new.clone(), d.clone(), |e| {
            *e == DeltaError::SequenceMismatch { delta: 1, base: 2 }
        }),
        ("other bytes", same_seq_other_bytes, d.clone(), |e| {
            *e == DeltaError::WrongBase
        }),
        (
            "not newer",
            old.clone(),
            edit(&d, |d| d[64..72].copy_from_slice(&1u64.to_le_bytes())),
            |e| *e == DeltaError::NotNewer { from: 1, to: 1 },
        ),
        (
            "absurd length",
            old.clone(),
            with_ops(&d, MAX_DELTA_OUTPUT + 1, &[]),
            |e| *e == DeltaError::BadLength(MAX_DELTA_OUTPUT + 1),
        ),
        ("tiny length", old.clone(), with_ops(&d, 10, &[]), |e| {
            *e == DeltaError::BadLength(10)
        }),
        ("unknown op", old.clone(), with_ops(&d, 200, &[9]), |e| {
            *e == DeltaError::UnknownOp {
                op: 9,
                at: DELTA_HEADER_LEN,
            }
        }),
        (
            "long varint",
            old.clone(),
            with_ops(
                &d,
                200,
                &[
                    3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
                ],
            ),
            |e| matches!(e, DeltaError::BadVarint { .. }),
        ),
        (
            "copy past the base",
            old.clone(),
            with_ops(&d, 200, &[&[1][..], &varint(n), &[1]].concat()),
            |e| matches!(e, DeltaError::CopyOutOfBounds { .. }),
        ),
        (
            "writes too much",
            old.clone(),
            with_ops(&d, 200, &[3, 0x80 | 73, 1]),
            |e| {
                *e == DeltaError::Overflow {
                    at: DELTA_HEADER_LEN,
                    len: 200,
                }
            },
        ),
        (
            "writes too little",
            old.clone(),
            with_ops(&d, 200, &[3, 100]),
            |e| {
                *e == DeltaError::ShortOutput {
                    got: 100,
                    want: 200,
                }
            },
        ),
        (
            "other target",
            old.clone(),
            edit(&d, |d| d[64..72].copy_from_slice(&3u64.to_le_bytes())),
            |e| *e == DeltaError::ResultMismatch { got: 2, want: 3 },
        ),
        ("base no list", vec![0; 300], d.clone(), |e| {
            matches!(e, DeltaError::List(LoadError::BadMagic))
        }),
    ];
    for (name, base, delta, want) in &cases {
        match apply_delta(base, delta) {
            Ok(_) => panic!("{name}: applied, want an error"),
            Err(e) => {
                assert!(want(&e), "{name}: got {e:?}");
                let msg = e.to_string();
                assert!(msg.starts_with(|c: char| c.is_lowercase()), "{name}: {msg}");
            }
        }
    }
    // make_delta refuses what apply_delta would.
    let mk: Vec<(&str, Vec<u8>, Vec<u8>, Check)> = vec![
        ("backwards", new.clone(), old.clone(), |e| {
            *e == DeltaError::NotNewer { from: 2, to: 1 }
        }),
        ("same", old.clone(), old.clone(), |e| {
            *e == DeltaError::NotNewer { from: 1, to: 1 }
        }),
        (
            "other list",
            old.clone(),
            list_with("other-list", &key(), 2, &[], &[]),
            |e| matches!(e, DeltaError::ListMismatch { .. }),
        ),
        (
            "other key",
            old.clone(),
            list_with("delta-test", &other_key, 2, &[], &[]),
            |e| matches!(e, DeltaError::KeyMismatch { .. }),
        ),
        ("new no list", old.clone(), b"TBCKLIST".to_vec(), |e| {
            matches!(e, DeltaError::List(LoadError::Truncated { .. }))
        }),
    ];
    for (name, a, b, want) in &mk {
        match make_delta(a, b) {
            Ok(_) => panic!("{name}: made a delta, want an error"),
            Err(e) => assert!(want(&e), "{name}: got {e:?}"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn apply_of_make_is_the_new_file(
        base_urls in proptest::collection::btree_set(0u32..400, 0..60),
        added in proptest::collection::btree_set(400u32..500, 0..5),
        removed in 0usize..4,
        base_kw in proptest::collection::btree_set(0u32..200, 0..20),
        new_kw in proptest::collection::btree_set(0u32..200, 0..20),
        jump in 1u64..1000,
    ) {
        let old_urls: Vec<u32> = base_urls.iter().copied().collect();
        let mut new_urls: Vec<u32> = old_urls.iter().copied().skip(removed).collect();
        new_urls.extend(added);
        let old_kw: Vec<u32> = base_kw.into_iter().collect();
        let new_kw: Vec<u32> = new_kw.into_iter().collect();
        let old = list(5, &old_urls, &old_kw);
        let new = list(5 + jump, &new_urls, &new_kw);
        let d = make_delta(&old, &new).unwrap();
        prop_assert!(apply_delta(&old, &d).unwrap() == new);
    }

    #[test]
    fn random_and_mutated_deltas_never_panic(
        noise in proptest::collection::vec(any::<u8>(), 0..400),
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8),
        cut in any::<usize>(),
    ) {
        let old = list(1, &urls(10), &[1]);
        let new = list(2, &urls(12), &[2]);
        let d = make_delta(&old, &new).unwrap();
        let _ = apply_delta(&old, &noise);
        let mut header_then_noise = d[..DELTA_HEADER_LEN].to_vec();
        header_then_noise.extend_from_slice(&noise);
        let _ = apply_delta(&old, &header_then_noise);
        let mut m = d.clone();
        for (at, x) in flips {
            let i = at % m.len();
            m[i] ^= x;
        }
        if let Ok(out) = apply_delta(&old, &m) {
            // Whatever a mutated delta rebuilds must still be checked by
            // the signature; an unmutated op stream gives the new file.
            prop_assert_eq!(out.len() as u64, delta_info(&m).unwrap().new_len);
        }
        let _ = apply_delta(&old, &d[..cut % d.len()]);
        let _ = apply_delta(&noise, &d);
        // The differ, on files damaged anywhere (structure checked first).
        let mut damaged = new.clone();
        for (at, x) in flips_again(&m, &d) {
            let i = at % damaged.len();
            damaged[i] ^= x;
        }
        let _ = make_delta(&old, &damaged);
        let _ = make_delta(&damaged, &new);
    }
}

/// Where `m` differs from `d`: the same flips, for another file.
fn flips_again(m: &[u8], d: &[u8]) -> Vec<(usize, u8)> {
    m.iter()
        .zip(d)
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, (a, b))| (i, a ^ b))
        .collect()
}

/// `file` with its section table reordered so the empty term groups (kind
/// 7) come before the term table (kind 6), at the same offset: still a
/// well-formed list (entries in offset order), its kinds out of order.
fn empty_section_first(file: &[u8]) -> Vec<u8> {
    let mut f = file.to_vec();
    let count = u32::from_le_bytes(f[80..84].try_into().unwrap()) as usize;
    let entry = |f: &[u8], kind: u32| {
        (0..count)
            .map(|i| 96 + i * 24)
            .find(|&e| u32::from_le_bytes(f[e..e + 4].try_into().unwrap()) == kind)
            .unwrap()
    };
    let (terms, groups) = (entry(&f, 6), entry(&f, 7));
    assert_eq!(groups, terms + 24, "term groups follow the term table");
    assert_eq!(
        &f[groups + 16..groups + 24],
        &[0; 8],
        "the list has no rules"
    );
    let terms_entry = f[terms..terms + 24].to_vec();
    let mut groups_entry = f[groups..groups + 24].to_vec();
    groups_entry[8..16].copy_from_slice(&terms_entry[8..16]);
    f[terms..terms + 24].copy_from_slice(&groups_entry);
    f[groups..groups + 24].copy_from_slice(&terms_entry);
    f
}

#[test]
fn sections_out_of_kind_order_and_empty_ones_are_handled() {
    let old = list(1, &urls(30), &[1]);
    let new = list(2, &urls(31), &[1, 2]);
    let odd_old = empty_section_first(&old);
    let odd_new = empty_section_first(&new);
    Engine::inspect_unverified(odd_old.clone()).expect("still a well-formed list");
    for (name, a, b) in [
        ("old", &odd_old, &new),
        ("new", &old, &odd_new),
        ("both", &odd_old, &odd_new),
    ] {
        let d = make_delta(a, b).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(apply_delta(a, &d).unwrap() == *b, "{name}: not rebuilt");
    }
}
