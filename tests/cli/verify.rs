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

/// `verify --list list` with every `--pub` of `keys` and `extra` arguments.
fn verify_with(list: &Path, keys: &[&Path], extra: &[&str]) -> crate::fixture::Run {
    let mut args = vec!["verify", "--list", s(list)];
    for k in keys {
        args.extend(["--pub", s(k)]);
    }
    args.extend_from_slice(extra);
    crate::fixture::turnback(args)
}

#[test]
fn accepts_a_list_signed_by_any_key_of_a_key_set() {
    let f = Fixture::new("verify-key-set");
    let (next_key, next_pub) = f.other_key();
    let next = f.build().key(&next_key).out("next.tbl").list();
    let current = f.list();
    // Repeated --pub, and one file holding both keys (with a comment).
    let both = f.file(
        "both.pub",
        format!(
            "# current\n{}# next\n{}",
            String::from_utf8(read(&f.public)).unwrap_or_default(),
            String::from_utf8(read(&next_pub)).unwrap_or_default()
        ),
    );
    for list in [&current, &next] {
        verify_with(list, &[&f.public, &next_pub], &[]).code(0);
        verify_with(list, &[&both], &[]).code(0);
        let c = f.check(list).public(&both).query("zorblax").run();
        c.code(0);
    }
    f.check(&next)
        .also_public(&next_pub)
        .query("zorblax")
        .run()
        .code(0);
    // Neither key of a set: both ids named.
    let third = f.path("third");
    crate::fixture::keygen(&third).code(0);
    let stranger = f
        .build()
        .key(&third.join("turnback.key"))
        .out("stranger.tbl")
        .list();
    let err = verify_with(&stranger, &[&both], &[]).refused();
    assert!(err.contains("not by any pinned key ("), "{err}");
    // A bad line in a key file is named by file:line.
    let bad = f.file(
        "bad.pub",
        format!(
            "{}not a key\n",
            String::from_utf8(read(&f.public)).unwrap_or_default()
        ),
    );
    let err = verify_with(&current, &[&bad], &[]).refused();
    assert!(
        err.contains(&format!("{}:2: not a turnback public key", s(&bad))),
        "{err}"
    );
    let empty = f.file("empty.pub", "# no key yet\n");
    let err = verify_with(&current, &[&empty], &[]).refused();
    assert!(
        err.contains(&format!("{}: holds no public key", s(&empty))),
        "{err}"
    );
}

#[test]
fn newer_than_requires_the_same_list_id_a_greater_sequence_and_a_pinned_key() {
    let f = Fixture::new("verify-newer-than");
    let build = |name: &str, seq: &str, id: &str| {
        f.build()
            .out(name)
            .args(&["--sequence", seq, "--id", id])
            .list()
    };
    let old = build("old.tbl", "10", "demo");
    let new = build("new.tbl", "11", "demo");
    let same = build("same.tbl", "10", "demo");
    let renamed = build("renamed.tbl", "12", "other");
    let newer = |list: &Path| verify_with(list, &[&f.public], &["--newer-than", s(&old)]);
    let ok = newer(&new);
    ok.code(0);
    assert!(ok.stdout().starts_with("ok: "), "{}", ok.stdout());
    let err = newer(&same).refused();
    assert!(
        err.contains(&format!(
            "{}: sequence 10 is not greater than {}'s 10",
            s(&same),
            s(&old)
        )),
        "{err}"
    );
    let err = verify_with(&old, &[&f.public], &["--newer-than", s(&new)]).refused();
    assert!(err.contains("sequence 10 is not greater than"), "{err}");
    let err = newer(&renamed).refused();
    assert!(err.contains("list id other differs from"), "{err}");
    // A new key signs the next release: OLD must verify with the key set too.
    let (next_key, next_pub) = f.other_key();
    let rotated = f
        .build()
        .key(&next_key)
        .out("rotated.tbl")
        .args(&["--sequence", "13", "--id", "demo"])
        .list();
    let err = verify_with(&rotated, &[&next_pub], &["--newer-than", s(&old)]).refused();
    assert!(
        err.contains(s(&old)) && err.contains("not by the pinned key"),
        "{err}"
    );
    verify_with(
        &rotated,
        &[&f.public, &next_pub],
        &["--newer-than", s(&old)],
    )
    .code(0);
    // A damaged OLD is an error, not a pass.
    let bad = f.file("bad-old.tbl", tampered(read(&old)));
    let err = verify_with(&new, &[&f.public], &["--newer-than", s(&bad)]).refused();
    assert!(err.contains(s(&bad)) && err.contains("signature"), "{err}");
}

#[test]
fn json_says_what_newer_than_checked() {
    let f = Fixture::new("verify-newer-than-json");
    let build = |name: &str, seq: &str| f.build().out(name).args(&["--sequence", seq]).list();
    let (old, new) = (build("old.tbl", "10"), build("new.tbl", "11"));
    let json = |extra: &[&str]| {
        let out = verify_with(&new, &[&f.public], extra);
        out.code(0);
        serde_json::from_str::<serde_json::Value>(&out.stdout())
            .unwrap_or_else(|e| panic!("{e}: {}", out.stdout()))
    };
    let v = json(&["--json", "--newer-than", s(&old)]);
    assert_eq!(v["sequence"], 11);
    assert_eq!(
        v["newer_than"],
        serde_json::json!({ "list": s(&old), "sequence": 10 })
    );
    assert!(json(&["--json"]).get("newer_than").is_none());
    // A refused --newer-than prints no JSON (refused: nothing on stdout).
    let err = verify_with(&old, &[&f.public], &["--json", "--newer-than", s(&new)]).refused();
    assert!(err.contains("is not greater than"), "{err}");
}
