//! `turnback keygen`: a new key pair, never over an existing one.

use std::ffi::OsStr;
use std::fs;
use std::path::Path;

use crate::fixture::{
    keygen, keygen_encrypted, read, s, scratch, turnback, turnback_env, Fixture, PASSPHRASE_VAR,
};

#[test]
fn creates_an_owner_only_secret_key_and_a_public_key() {
    let dir = scratch("keygen-creates").join("keys");
    let out = keygen(&dir);
    out.code(0);
    let (secret, public) = (dir.join("turnback.key"), dir.join("turnback.pub"));
    assert!(
        out.stdout().contains(s(&public)) && out.stdout().contains("key id"),
        "{}",
        out.stdout()
    );
    assert_eq!(out.stderr(), "");
    let secret_text = String::from_utf8(read(&secret)).unwrap_or_default();
    let public_text = String::from_utf8(read(&public)).unwrap_or_default();
    assert!(
        secret_text.starts_with("turnback-secret-key-v1 "),
        "{secret_text}"
    );
    assert!(
        public_text.starts_with("turnback-public-key-v1 "),
        "{public_text}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| {
            fs::metadata(p)
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
                .permissions()
                .mode()
                & 0o777
        };
        assert_eq!(mode(&secret), 0o600, "secret key mode");
    }
    // The new pair works: the id printed is the one a signed list carries.
    let f = Fixture::new("keygen-creates-pair-works");
    let list = f.build().no_rules().key(&secret).out("own.tbl").list();
    let v = f.verify(&list, &public);
    v.code(0);
    let id = out
        .stdout()
        .trim_end()
        .trim_end_matches(')')
        .rsplit(' ')
        .next()
        .unwrap_or_default()
        .to_string();
    assert_eq!(id.len(), 16, "{}", out.stdout());
    assert!(v.stdout().contains(&format!("key {id}")), "{}", v.stdout());
}

#[test]
fn refuses_to_overwrite_and_leaves_the_files_as_they_were() {
    let dir = scratch("keygen-refuses");
    keygen(&dir).code(0);
    let (secret, public) = (dir.join("turnback.key"), dir.join("turnback.pub"));
    let (secret_before, public_before) = (read(&secret), read(&public));

    let err = keygen(&dir).refused();
    assert!(
        err.contains(s(&secret)) && err.contains("already exists"),
        "{err}"
    );
    assert_eq!(read(&secret), secret_before);
    assert_eq!(read(&public), public_before);

    // With only the public key left, it still refuses and names that file,
    // and does not create a secret key that would not match it.
    fs::remove_file(&secret).unwrap_or_else(|e| panic!("{e}"));
    let out = keygen(&dir);
    out.code(2);
    assert!(out.stderr().contains(s(&public)), "{}", out.stderr());
    assert!(!secret.exists());
    assert_eq!(read(&public), public_before);
}

#[test]
fn stores_the_secret_key_encrypted_and_builds_with_its_passphrase() {
    let f = Fixture::new("keygen-encrypted");
    let dir = f.path("keys");
    let out = keygen_encrypted(&dir, "seven blue lanterns");
    out.code(0);
    assert_eq!(out.stderr(), "");
    let (secret, public) = (dir.join("turnback.key"), dir.join("turnback.pub"));
    let text = String::from_utf8(read(&secret)).unwrap_or_default();
    assert!(
        text.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----\n")
            && text
                .trim_end()
                .ends_with("-----END ENCRYPTED PRIVATE KEY-----"),
        "{text}"
    );
    assert!(!text.contains("turnback-secret-key-v1"), "{text}");

    let build = |pass: &str, out: &str| {
        let mut args: Vec<std::ffi::OsString> = vec!["build".into()];
        for (flag, p) in [
            ("--urls", &f.urls),
            ("--keywords", &f.keywords),
            ("--meta", &f.meta),
            ("--key", &secret),
            ("--out", &f.path(out)),
        ] {
            args.push(flag.into());
            args.push(p.into());
        }
        args.extend(["--passphrase-env".into(), PASSPHRASE_VAR.into()]);
        turnback_env(args, PASSPHRASE_VAR, pass)
    };
    let err = build("seven blue lantern", "wrong.tbl").refused();
    assert!(
        err.contains(&format!(
            "{}: cannot decrypt the secret key: wrong passphrase, or the file is damaged",
            s(&secret)
        )),
        "{err}"
    );
    assert!(!f.path("wrong.tbl").exists());
    build("seven blue lanterns", "ok.tbl").code(0);
    f.verify(&f.path("ok.tbl"), &public).code(0);
}

#[test]
fn refuses_a_missing_empty_or_short_passphrase_and_writes_nothing() {
    let dir = scratch("keygen-passphrase");
    let err = keygen_encrypted(&dir, "short").refused();
    assert!(err.contains("shorter than 8 characters"), "{err}");
    let err = keygen_encrypted(&dir, "").refused();
    assert!(
        err.contains(&format!(
            "--passphrase-env {PASSPHRASE_VAR}: the variable is empty"
        )),
        "{err}"
    );
    // No terminal to ask on (the test's stdin is not one) and no variable.
    let out = turnback([OsStr::new("keygen"), OsStr::new("--out"), dir.as_os_str()]);
    let err = out.refused();
    assert!(
        err.contains("no terminal to ask for the passphrase; give it with --passphrase-env VAR"),
        "{err}"
    );
    let unset = turnback([
        OsStr::new("keygen"),
        OsStr::new("--out"),
        dir.as_os_str(),
        OsStr::new("--passphrase-env"),
        OsStr::new("TURNBACK_TEST_UNSET_VARIABLE"),
    ]);
    assert!(
        unset
            .refused()
            .contains("TURNBACK_TEST_UNSET_VARIABLE: the variable is not set"),
        "{}",
        unset.stderr()
    );
    assert!(!dir.join("turnback.key").exists() && !dir.join("turnback.pub").exists());
}
