//! `turnback verify`: a one-line summary of a valid list, and a distinct
//! refusal for each way a list can be wrong.

use std::path::Path;
use std::time::Duration;

use crate::fixture::{read, s, tampered, Fixture, KEYWORDS};

#[test]
fn prints_a_one_line_summary_for_a_valid_list() {
    let f = Fixture::new("verify-ok");
    let list = f
        .build()
        .out("ok.tbl")
        .args(&["--sequence", "42", "--id", "demo"])
        .list();
    let out = f.verify(&list, &f.public);
    out.code(0);
    assert_eq!(out.stderr(), "");
    let text = out.stdout();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with(&format!("ok: {} list demo sequence 42, key ", s(&list))),
        "{text}"
    );
    assert!(
        text.trim_end()
            .ends_with("; 3 url entries, 3 keyword keys, 1 combination rules"),
        "{text}"
    );
}

/// Runs verify and asserts a refusal naming the list and `reason`.
fn assert_verify_fails(f: &Fixture, list: &Path, public: &Path, reason: &str) {
    let err = f.verify(list, public).refused();
    assert!(err.contains(s(list)), "{err}");
    assert!(err.contains(reason), "wanted {reason:?} in:\n{err}");
}

#[test]
fn rejects_a_list_signed_by_another_key() {
    let f = Fixture::new("verify-key");
    let list = f.list();
    let (other_key, other_pub) = f.other_key();
    assert_verify_fails(&f, &list, &other_pub, "not by the pinned key");
    // And a list signed by the other key fails against the demo key.
    let theirs = f
        .build()
        .urls(&f.empty)
        .no_rules()
        .no_meta()
        .key(&other_key)
        .out("theirs.tbl")
        .list();
    assert_verify_fails(&f, &theirs, &f.public, "signed by key");
}

#[test]
fn rejects_a_tampered_list() {
    let f = Fixture::new("verify-tampered");
    let list = f.list();
    let bad = f.file("tampered.tbl", tampered(read(&list)));
    assert_verify_fails(&f, &bad, &f.public, "signature");
    // A flipped bit in the signature itself, too.
    let mut bytes = read(&list);
    let last = bytes.len() - 1;
    bytes[last] ^= 0x80;
    let bad = f.file("tampered-sig.tbl", &bytes);
    assert_verify_fails(&f, &bad, &f.public, "signature");
}

#[test]
fn rejects_a_truncated_list() {
    let f = Fixture::new("verify-truncated");
    let bytes = read(&f.list());
    let cut = f.file("cut.tbl", &bytes[..bytes.len() - 100]);
    assert_verify_fails(&f, &cut, &f.public, "truncated");
    let stub = f.file("stub.tbl", &bytes[..50]);
    assert_verify_fails(&f, &stub, &f.public, "truncated");
    let empty = f.file("empty.tbl", b"");
    assert_verify_fails(&f, &empty, &f.public, "truncated");
}

#[test]
fn rejects_a_file_that_is_not_a_list() {
    let f = Fixture::new("verify-magic");
    let mut bytes = b"NOTALIST".to_vec();
    bytes.resize(400, 0);
    let junk = f.file("junk.tbl", &bytes);
    assert_verify_fails(&f, &junk, &f.public, "bad magic");
    // A source file is not a list either.
    let big = f.file("words.tbl", KEYWORDS.repeat(10));
    assert_verify_fails(&f, &big, &f.public, "bad magic");
}

#[test]
fn rejects_an_expired_list() {
    let f = Fixture::new("verify-expired");
    let list = f.build().out("short.tbl").args(&["--expires", "1s"]).list();
    // Expiry is in whole seconds: 1.1 s later `now` has passed it.
    std::thread::sleep(Duration::from_millis(1100));
    assert_verify_fails(&f, &list, &f.public, "expired");
    let out = f.check(&list).query("zorblax").run();
    out.code(2);
    assert!(out.stderr().contains("expired"), "{}", out.stderr());
}

#[test]
fn rejects_a_missing_list_or_key() {
    let f = Fixture::new("verify-missing");
    let missing = f.path("no-such-list.tbl");
    assert_verify_fails(&f, &missing, &f.public, s(&missing));
    let list = f.list();
    let no_key = f.path("no-such.pub");
    let out = f.verify(&list, &no_key);
    out.code(2);
    assert!(out.stderr().contains(s(&no_key)), "{}", out.stderr());
    // A secret key is not a public key.
    let out = f.verify(&list, &f.key);
    out.code(2);
    assert!(
        out.stderr().contains("not a turnback public key"),
        "{}",
        out.stderr()
    );
}
