//! `build --unsigned` then `turnback sign`: offline signing, and every
//! reader refusing a list until it is signed.

use crate::fixture::{keygen_encrypted, read, s, write, Fixture};

#[test]
fn an_unsigned_list_is_refused_until_signed_then_works_as_a_signed_build() {
    let f = Fixture::new("sign-offline");
    let build = f.build().unsigned().out("l.unsigned");
    let out = build.run();
    out.code(0);
    assert!(
        out.stdout()
            .contains("(unsigned: sign it with `turnback sign`)"),
        "{}",
        out.stdout()
    );
    let unsigned = f.path("l.unsigned");
    for run in [
        f.verify(&unsigned, &f.public),
        f.check(&unsigned).query("zorblax").run(),
    ] {
        let err = run.refused();
        assert!(
            err.contains(&format!(
                "{}: list is unsigned (built with --unsigned); sign it with `turnback sign` first",
                s(&unsigned)
            )),
            "{err}"
        );
    }

    let shown = f.inspect(&unsigned, None);
    shown.code(0);
    assert!(
        shown
            .stdout()
            .contains("signature   none: unsigned (sign it with `turnback sign`)\n"),
        "{}",
        shown.stdout()
    );
    let shown = crate::fixture::turnback(["inspect", "--list", s(&unsigned), "--json"]);
    shown.code(0);
    let v: serde_json::Value =
        serde_json::from_str(&shown.stdout()).unwrap_or_else(|e| panic!("{e}: {}", shown.stdout()));
    assert_eq!(v["signature"], "unsigned");

    let signed = f.path("l.tbl");
    let out = f.sign(&unsigned, &f.key, &signed, "");
    out.code(0);
    assert!(
        out.stdout()
            .starts_with(&format!("signed {}: list turnback sequence ", s(&signed))),
        "{}",
        out.stdout()
    );
    f.verify(&signed, &f.public).code(0);
    let v = f.check(&signed).query("zorblax").run();
    v.code(0);
    assert_eq!(v.verdicts()[0][1], "match");
    // Signing leaves the unsigned file as it was.
    assert!(f
        .verify(&unsigned, &f.public)
        .refused()
        .contains("unsigned"));
}

#[test]
fn signs_with_an_encrypted_key_and_refuses_a_wrong_passphrase() {
    let f = Fixture::new("sign-encrypted");
    let dir = f.path("keys");
    keygen_encrypted(&dir, "offline signing words").code(0);
    let (key, public) = (dir.join("turnback.key"), dir.join("turnback.pub"));
    f.build().unsigned().out("l.unsigned").run().code(0);
    let (unsigned, signed) = (f.path("l.unsigned"), f.path("signed.tbl"));

    let err = f.sign(&unsigned, &key, &signed, "not the words").refused();
    assert!(
        err.contains(&format!(
            "{}: cannot decrypt the secret key: wrong passphrase",
            s(&key)
        )),
        "{err}"
    );
    assert!(!signed.exists());

    f.sign(&unsigned, &key, &signed, "offline signing words")
        .code(0);
    f.verify(&signed, &public).code(0);
    let err = f.verify(&signed, &f.public).refused();
    assert!(err.contains("not by the pinned key"), "{err}");
}

#[test]
fn refuses_a_signed_list_and_what_is_no_list_and_leaves_out_alone() {
    let f = Fixture::new("sign-refuses");
    let list = f.list();
    let out = f.path("out.tbl");
    let sentinel = b"left alone\n";
    write(&out, sentinel);
    let err = f.sign(&list, &f.key, &out, "").refused();
    assert!(
        err.contains(&format!("{}: list is already signed (key ", s(&list)))
            && err.contains("only a list built with --unsigned can be signed"),
        "{err}"
    );
    let junk = f.file("junk.tbl", vec![7u8; 400]);
    let err = f.sign(&junk, &f.key, &out, "").refused();
    assert!(err.contains("bad magic") && err.contains(s(&junk)), "{err}");
    assert_eq!(read(&out), sentinel);
}

#[test]
fn build_needs_a_key_or_unsigned_but_not_both() {
    let f = Fixture::new("sign-build-flags");
    let both = f.build().args(&["--unsigned"]).out("both.tbl").run();
    both.code(2);
    assert!(both.stderr().contains("--unsigned"), "{}", both.stderr());
    assert!(!f.path("both.tbl").exists());
    let none = crate::fixture::turnback([
        "build",
        "--urls",
        s(&f.urls),
        "--keywords",
        s(&f.keywords),
        "--out",
        s(&f.path("none.tbl")),
    ]);
    none.code(2);
    assert!(none.stderr().contains("--key"), "{}", none.stderr());
    assert!(!f.path("none.tbl").exists());
}
