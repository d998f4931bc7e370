//! The publish index (docs/list-format.md, "The index"): its exact text, a
//! round trip, and every way an index is refused.

use turnback::list::{
    valid_index_name, Index, IndexDelta, IndexError, IndexFile, SecretKey, MAX_INDEX_LEN,
};

fn key() -> SecretKey {
    SecretKey::from_seed(&[42; 32])
}

fn file(name: &str, size: u64, b: u8) -> IndexFile {
    IndexFile {
        name: name.into(),
        size,
        sha256: [b; 32],
    }
}

fn index() -> Index {
    Index {
        list_id: "demo-list".into(),
        key_id: key().public().id(),
        sequence: 12,
        created: 1_900_000_000,
        min_interval: 3600,
        full: file("demo-list-12.tbl", 5000, 0xab),
        deltas: vec![
            IndexDelta {
                from: 10,
                file: file("demo-list-10-12.tbd", 300, 1),
            },
            IndexDelta {
                from: 11,
                file: file("demo-list-11-12.tbd", 200, 2),
            },
        ],
    }
}

fn text() -> String {
    String::from_utf8(index().to_signed_bytes(&key())).unwrap()
}

#[test]
fn writes_the_documented_lines_and_reads_them_back() {
    let t = text();
    let lines: Vec<&str> = t.lines().collect();
    let want = [
        "turnback-index 1".to_string(),
        "list demo-list".to_string(),
        format!("key {}", key().public().id()),
        "sequence 12".to_string(),
        "created 1900000000".to_string(),
        "min-interval 3600".to_string(),
        format!("full demo-list-12.tbl 5000 {}", "ab".repeat(32)),
        format!("delta 10 demo-list-10-12.tbd 300 {}", "01".repeat(32)),
        format!("delta 11 demo-list-11-12.tbd 200 {}", "02".repeat(32)),
    ];
    assert_eq!(lines[..9], want);
    assert!(lines[9].starts_with("signature ") && lines[9].len() == 10 + 128);
    assert!(t.ends_with('\n') && lines.len() == 10);

    let got = Index::read(t.as_bytes(), &key().public(), Some(12)).unwrap();
    assert_eq!(got, index());
    assert_eq!(got.delta_from(11).map(|d| d.file.size), Some(200));
    assert_eq!(got.delta_from(9), None);
    assert_eq!(Index::read_unverified(t.as_bytes()).unwrap(), index());
    // No delta lines is valid, and a negative creation time reads back.
    let mut bare = index();
    bare.deltas.clear();
    bare.created = -5;
    let b = bare.to_signed_bytes(&key());
    assert_eq!(Index::read(&b, &key().public(), None).unwrap(), bare);
}

/// The index text with `from` replaced by `to` and signed again, so only
/// the line itself is wrong.
fn resigned(from: &str, to: &str) -> Vec<u8> {
    let t = text();
    let body = &t[..t.find("signature ").unwrap()];
    let body = body.replacen(from, to, 1);
    assert_ne!(
        body,
        &t[..t.find("signature ").unwrap()],
        "{from:?} not in the index"
    );
    let sk = ed25519_dalek::SigningKey::from_bytes(&[42; 32]);
    use ed25519_dalek::Signer;
    let sig = sk.sign(body.as_bytes());
    format!("{body}signature {}\n", hex::encode(sig.to_bytes())).into_bytes()
}

#[test]
fn every_refusal_has_its_own_error() {
    let t = text();
    let other = SecretKey::from_seed(&[7; 32]);
    let malformed = |line: usize| move |e: &IndexError| matches!(e, IndexError::Malformed { line: l, .. } if *l == line);
    type Check = Box<dyn Fn(&IndexError) -> bool>;
    let cases: Vec<(&str, Vec<u8>, Option<u64>, Check)> = vec![
        (
            "too large",
            vec![b'a'; MAX_INDEX_LEN + 1],
            None,
            Box::new(|e| *e == IndexError::TooLarge(MAX_INDEX_LEN + 1)),
        ),
        (
            "not utf-8",
            [b"turnback-index 1\nlist \xff\n".as_slice()].concat(),
            None,
            Box::new(|e| *e == IndexError::NotText(2)),
        ),
        (
            "crlf",
            t.replacen("\n", "\r\n", 1).into_bytes(),
            None,
            Box::new(|e| *e == IndexError::NotText(1)),
        ),
        (
            "no final newline",
            t.trim_end().as_bytes().to_vec(),
            None,
            Box::new(|e| *e == IndexError::NotText(10)),
        ),
        (
            "version 2",
            t.replacen("turnback-index 1", "turnback-index 2", 1)
                .into_bytes(),
            None,
            Box::new(|e| *e == IndexError::UnsupportedVersion),
        ),
        (
            "empty",
            Vec::new(),
            None,
            Box::new(|e| *e == IndexError::UnsupportedVersion),
        ),
        (
            "bad list id",
            resigned("list demo-list", "list Demo"),
            None,
            Box::new(malformed(2)),
        ),
        (
            "bad key id",
            resigned("key ", "key zz"),
            None,
            Box::new(malformed(3)),
        ),
        (
            "upper-case key id",
            resigned(
                &format!("key {}", key().public().id()),
                &format!("key {}", key().public().id().to_string().to_uppercase()),
            ),
            None,
            Box::new(malformed(3)),
        ),
        (
            "sequence with a sign",
            resigned("sequence 12", "sequence +12"),
            None,
            Box::new(malformed(4)),
        ),
        (
            "leading zero",
            resigned("created 19", "created 019"),
            None,
            Box::new(malformed(5)),
        ),
        (
            "min-interval missing",
            resigned("min-interval 3600\n", ""),
            None,
            Box::new(malformed(6)),
        ),
        (
            "lines swapped",
            resigned(
                "sequence 12\ncreated 1900000000",
                "created 1900000000\nsequence 12",
            ),
            None,
            Box::new(malformed(4)),
        ),
        (
            "slash in a name",
            resigned("full demo-list-12.tbl", "full sub/demo-list-12.tbl"),
            None,
            Box::new(malformed(7)),
        ),
        (
            "dot-dot name",
            resigned("full demo-list-12.tbl", "full .."),
            None,
            Box::new(malformed(7)),
        ),
        (
            "short sha",
            resigned(&"ab".repeat(32), "abab"),
            None,
            Box::new(malformed(7)),
        ),
        (
            "size not a number",
            resigned("5000", "5k"),
            None,
            Box::new(malformed(7)),
        ),
        (
            "delta not below",
            resigned("delta 10", "delta 12"),
            None,
            Box::new(malformed(8)),
        ),
        (
            "deltas out of order",
            resigned("delta 11", "delta 9"),
            None,
            Box::new(malformed(9)),
        ),
        (
            "unknown line",
            resigned("delta 11", "extra 11"),
            None,
            Box::new(malformed(9)),
        ),
        (
            "no signature",
            t.as_bytes()[..t.find("signature ").unwrap()].to_vec(),
            None,
            Box::new(malformed(9)),
        ),
        (
            "short signature",
            t.replacen("signature ", "signature ab", 1).into_bytes(),
            None,
            Box::new(malformed(10)),
        ),
        (
            "other key",
            other_key_index(&other),
            None,
            Box::new(|e| matches!(e, IndexError::UnknownKey { .. })),
        ),
        (
            "bad signature",
            t.replacen("sequence 12", "sequence 13", 1).into_bytes(),
            None,
            Box::new(|e| *e == IndexError::BadSignature),
        ),
        (
            "signed by another key, naming ours",
            forged(&other),
            None,
            Box::new(|e| *e == IndexError::BadSignature),
        ),
        (
            "older than held",
            t.clone().into_bytes(),
            Some(13),
            Box::new(|e| {
                *e == IndexError::Older {
                    found: 12,
                    held: 13,
                }
            }),
        ),
    ];
    for (name, bytes, held, want) in &cases {
        match Index::read(bytes, &key().public(), *held) {
            Ok(_) => panic!("{name}: read, want an error"),
            Err(e) => {
                assert!(want(&e), "{name}: got {e:?}");
                let msg = e.to_string();
                assert!(msg.starts_with("index "), "{name}: {msg}");
            }
        }
    }
}

/// A valid index of another key.
fn other_key_index(other: &SecretKey) -> Vec<u8> {
    let mut i = index();
    i.key_id = other.public().id();
    i.to_signed_bytes(other)
}

/// Our key id on the key line, another key's signature.
fn forged(other: &SecretKey) -> Vec<u8> {
    index().to_signed_bytes(other)
}

#[test]
fn index_names_are_plain_file_names() {
    let cases = [
        ("demo-list-3.tbl", true),
        ("a", true),
        ("A_b.9", true),
        ("", false),
        (".hidden", false),
        ("..", false),
        ("a/b", false),
        ("a\\b", false),
        ("a b", false),
        ("é.tbl", false),
    ];
    for (name, want) in cases {
        assert_eq!(valid_index_name(name), want, "{name:?}");
    }
    assert!(valid_index_name(&"n".repeat(128)) && !valid_index_name(&"n".repeat(129)));
}
