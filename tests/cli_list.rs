//! The publisher commands from the outside: `keygen`, `build`, `verify`,
//! `inspect` and `check`, run as the real binary, with their exit status,
//! stdout and stderr. Every source entry here is synthetic: made-up words
//! and hosts under reserved TLDs.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use assert_cmd::Command;

const URLS: &str = "\
# synthetic URL entries
blocked.turnback.test/
www.turnback.test/blocked/
https://media.turnback.test/gallery/blocked-set/\tdemo-media
";

const KEYWORDS: &str = "\
# synthetic keyword phrases
blocked demo term
zorblax
quibbleflux video
";

const RULES: &str = "\
# synthetic combination rules
flumox & grindle
";

const META: &str = r#"{ "categories": ["default", "demo-media"] }"#;

/// Plaintext fragments of the sources above that must never show up in
/// what `inspect` prints or in the list file itself.
const PLAINTEXT: &[&str] = &[
    "blocked.turnback.test",
    "www.turnback.test/blocked",
    "media.turnback.test",
    "blocked-set",
    "blocked demo term",
    "zorblax",
    "quibbleflux",
    "flumox",
    "grindle",
];

/// The list sections, by the names `inspect` gives them.
const SECTIONS: &[&str] = &[
    "categories",
    "url filter",
    "url table",
    "phrase filter",
    "keyword table",
    "term table",
    "term groups",
    "rules",
    "metadata",
];

const SUBCOMMANDS: &[&str] = &[
    "keygen",
    "build",
    "verify",
    "inspect",
    "check",
    "canon",
    "expressions",
    "terms",
    "normalize",
];

fn turnback() -> Command {
    match Command::cargo_bin("turnback") {
        Ok(c) => c,
        Err(e) => panic!("turnback binary not built: {e}"),
    }
}

fn run(args: &[&str]) -> Output {
    match turnback().args(args).output() {
        Ok(o) => o,
        Err(e) => panic!("cannot run turnback {args:?}: {e}"),
    }
}

fn stdout_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts the exit status, showing both streams when it differs.
fn assert_code(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout_of(out),
        stderr_of(out)
    );
}

fn demo(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/demo")
        .join(name)
}

fn s(p: &Path) -> &str {
    match p.to_str() {
        Some(s) => s,
        None => panic!("non-UTF-8 temp path {}", p.display()),
    }
}

fn read(p: &Path) -> Vec<u8> {
    fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn write(p: &Path, bytes: impl AsRef<[u8]>) {
    fs::write(p, bytes).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
}

/// A fresh folder for one test.
fn scratch(test: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "turnback-cli-list-{}-{}-{test}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// The demo sources and key, written into a scratch folder.
struct Fixture {
    dir: PathBuf,
    urls: PathBuf,
    keywords: PathBuf,
    rules: PathBuf,
    meta: PathBuf,
    empty: PathBuf,
    key: PathBuf,
    public: PathBuf,
}

impl Fixture {
    fn new(test: &str) -> Fixture {
        let dir = scratch(test);
        let f = Fixture {
            urls: dir.join("urls.txt"),
            keywords: dir.join("keywords.txt"),
            rules: dir.join("rules.txt"),
            meta: dir.join("meta.json"),
            empty: dir.join("empty.txt"),
            key: demo("demo.key"),
            public: demo("demo.pub"),
            dir,
        };
        write(&f.urls, URLS);
        write(&f.keywords, KEYWORDS);
        write(&f.rules, RULES);
        write(&f.meta, META);
        write(&f.empty, "");
        f
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Writes a source file into the fixture's folder.
    fn file(&self, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        write(&p, text);
        p
    }

    /// Builds the full demo list into `name` with extra arguments; asserts
    /// success.
    fn build(&self, name: &str, extra: &[&str]) -> PathBuf {
        let out = self.path(name);
        let mut args = vec![
            "build",
            "--urls",
            s(&self.urls),
            "--keywords",
            s(&self.keywords),
            "--rules",
            s(&self.rules),
            "--meta",
            s(&self.meta),
            "--key",
            s(&self.key),
            "--out",
            s(&out),
        ];
        args.extend_from_slice(extra);
        let o = run(&args);
        assert_code(&o, 0);
        out
    }

    fn verify(&self, list: &Path, public: &Path) -> Output {
        run(&["verify", "--list", s(list), "--pub", s(public)])
    }

    fn check(&self, list: &Path, inputs: &[&str]) -> Output {
        let mut args = vec!["check", "--list", s(list), "--pub", s(&self.public)];
        args.extend_from_slice(inputs);
        run(&args)
    }

    /// A second key pair, made with `keygen`.
    fn other_key(&self) -> (PathBuf, PathBuf) {
        let dir = self.path("other-keys");
        assert_code(&run(&["keygen", "--out", s(&dir)]), 0);
        (dir.join("turnback.key"), dir.join("turnback.pub"))
    }
}

/// The `check` verdict lines, split at their tabs.
fn verdicts(out: &Output) -> Vec<Vec<String>> {
    stdout_of(out)
        .lines()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

// ---------------------------------------------------------------- keygen

#[test]
fn keygen_creates_an_owner_only_secret_key_and_a_public_key() {
    let dir = scratch("keygen-creates").join("keys");
    let out = run(&["keygen", "--out", s(&dir)]);
    assert_code(&out, 0);
    let (secret, public) = (dir.join("turnback.key"), dir.join("turnback.pub"));
    assert!(
        stdout_of(&out).contains(s(&public)) && stdout_of(&out).contains("key id"),
        "{}",
        stdout_of(&out)
    );
    assert_eq!(stderr_of(&out), "");
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
    let list = f.path("own.tbl");
    let o = run(&[
        "build",
        "--urls",
        s(&f.urls),
        "--keywords",
        s(&f.keywords),
        "--meta",
        s(&f.meta),
        "--key",
        s(&secret),
        "--out",
        s(&list),
    ]);
    assert_code(&o, 0);
    let v = f.verify(&list, &public);
    assert_code(&v, 0);
    let id = stdout_of(&out)
        .trim_end()
        .trim_end_matches(')')
        .rsplit(' ')
        .next()
        .unwrap_or_default()
        .to_string();
    assert_eq!(id.len(), 16, "{}", stdout_of(&out));
    assert!(
        stdout_of(&v).contains(&format!("key {id}")),
        "{}",
        stdout_of(&v)
    );
}

#[test]
fn keygen_refuses_to_overwrite_and_leaves_the_files_as_they_were() {
    let dir = scratch("keygen-refuses");
    assert_code(&run(&["keygen", "--out", s(&dir)]), 0);
    let (secret, public) = (dir.join("turnback.key"), dir.join("turnback.pub"));
    let (secret_before, public_before) = (read(&secret), read(&public));

    let out = run(&["keygen", "--out", s(&dir)]);
    assert_code(&out, 2);
    assert_eq!(stdout_of(&out), "");
    let err = stderr_of(&out);
    assert!(err.starts_with("error: "), "{err}");
    assert!(
        err.contains(s(&secret)) && err.contains("already exists"),
        "{err}"
    );
    assert_eq!(read(&secret), secret_before);
    assert_eq!(read(&public), public_before);

    // With only the public key left, it still refuses and names that file,
    // and does not create a secret key that would not match it.
    fs::remove_file(&secret).unwrap_or_else(|e| panic!("{e}"));
    let out = run(&["keygen", "--out", s(&dir)]);
    assert_code(&out, 2);
    assert!(stderr_of(&out).contains(s(&public)), "{}", stderr_of(&out));
    assert!(!secret.exists());
    assert_eq!(read(&public), public_before);
}

// ----------------------------------------------------------------- build

#[test]
fn build_prints_a_summary_and_writes_the_list() {
    let f = Fixture::new("build-summary");
    let list = f.path("demo.tbl");
    let out = run(&[
        "build",
        "--urls",
        s(&f.urls),
        "--keywords",
        s(&f.keywords),
        "--rules",
        s(&f.rules),
        "--meta",
        s(&f.meta),
        "--key",
        s(&f.key),
        "--out",
        s(&list),
        "--id",
        "demo-list.v1_x",
    ]);
    assert_code(&out, 0);
    assert_eq!(stderr_of(&out), "");
    let text = stdout_of(&out);
    assert!(
        text.starts_with(&format!("wrote {}: list demo-list.v1_x", s(&list))),
        "{text}"
    );
    assert!(
        text.contains("3 url entries, 3 keyword phrases, 1 combination rules"),
        "{text}"
    );
    let bytes = read(&list);
    assert!(text.contains(&format!("{} bytes, ", bytes.len())), "{text}");
    let per_entry = format!("{:.1} bytes per entry", bytes.len() as f64 / 7.0);
    assert!(text.contains(&per_entry), "{text}\nwanted {per_entry}");
    assert_eq!(&bytes[..8], b"TBCKLIST");
    // The file holds hashes only: no source entry in plaintext.
    for p in PLAINTEXT {
        assert!(
            !bytes.windows(p.len()).any(|w| w == p.as_bytes()),
            "{p:?} in the list file"
        );
    }
    // No temporary file is left behind next to the list.
    let names: Vec<String> = fs::read_dir(&f.dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("tmp"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn build_without_rules_or_meta_uses_the_default_category() {
    let f = Fixture::new("build-defaults");
    let urls = f.file("u.txt", "blocked.turnback.test/\n");
    let list = f.path("l.tbl");
    let out = run(&[
        "build",
        "--urls",
        s(&urls),
        "--keywords",
        s(&f.keywords),
        "--key",
        s(&f.key),
        "--out",
        s(&list),
    ]);
    assert_code(&out, 0);
    assert!(
        stdout_of(&out).contains("1 url entries, 3 keyword phrases, 0 combination rules"),
        "{}",
        stdout_of(&out)
    );
    let o = run(&["inspect", "--list", s(&list)]);
    assert_code(&o, 0);
    assert!(
        stdout_of(&o).contains("categories  default\n"),
        "{}",
        stdout_of(&o)
    );
}

/// Runs `build` with `args` (plus --out) twice: once with no output file,
/// once over an existing one. Both must fail with exit 2, print nothing on
/// stdout, name `needles` on stderr, and write nothing.
fn assert_build_fails(f: &Fixture, args: &[&str], needles: &[&str]) -> String {
    let out_path = f.path("refused.tbl");
    let _ = fs::remove_file(&out_path);
    let mut full = vec!["build"];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--out", s(&out_path)]);

    let out = run(&full);
    assert_code(&out, 2);
    assert_eq!(stdout_of(&out), "");
    let err = stderr_of(&out);
    assert!(err.starts_with("error: "), "{err}");
    for n in needles {
        assert!(err.contains(n), "stderr lacks {n:?}:\n{err}");
    }
    assert!(!out_path.exists(), "a list was written despite: {err}");

    let sentinel = b"an existing list, to be left alone\n";
    write(&out_path, sentinel);
    let again = run(&full);
    assert_code(&again, 2);
    assert_eq!(read(&out_path), sentinel, "existing output was touched");
    err
}

/// Build arguments without --meta: the given sources, the demo key.
fn build_args_no_meta<'a>(f: &'a Fixture, urls: &'a Path, keywords: &'a Path) -> Vec<&'a str> {
    vec![
        "--urls",
        s(urls),
        "--keywords",
        s(keywords),
        "--key",
        s(&f.key),
    ]
}

/// Build arguments: the given sources, the demo metadata and key.
fn build_args<'a>(f: &'a Fixture, urls: &'a Path, keywords: &'a Path) -> Vec<&'a str> {
    let mut args = build_args_no_meta(f, urls, keywords);
    args.extend_from_slice(&["--meta", s(&f.meta)]);
    args
}

/// Which source file a bad line goes into.
#[derive(Clone, Copy)]
enum Source {
    Urls,
    Keywords,
    Rules,
}

#[test]
fn build_rejects_a_bad_source_line_naming_file_and_line() {
    // (case, source, contents, the bad line, what stderr must say about it)
    let cases: &[(&str, Source, &[u8], usize, &str)] = &[
        (
            "url",
            Source::Urls,
            b"# c\nok.turnback.test/\nmailto:x@y.test\n",
            3,
            "invalid url entry",
        ),
        (
            "phrase-with-no-words",
            Source::Keywords,
            b"zorblax\n!!! ... ???\n",
            2,
            "invalid phrase",
        ),
        (
            "rule-with-one-term",
            Source::Rules,
            b"flumox & grindle\nflumox\n",
            2,
            "2 to 4 terms, got 1",
        ),
        (
            "rule-with-five-terms",
            Source::Rules,
            b"flumox & grindle & zorblax & quibble\nflumox & grindle & zorblax & quibble & wibbet\n",
            2,
            "2 to 4 terms, got 5",
        ),
    ];
    for &(case, source, contents, line, reason) in cases {
        let f = Fixture::new(&format!("build-bad-{case}"));
        let bad = f.file("bad.txt", contents);
        let urls = if matches!(source, Source::Urls) {
            &bad
        } else {
            &f.urls
        };
        let keywords = if matches!(source, Source::Keywords) {
            &bad
        } else {
            &f.keywords
        };
        let mut args = build_args(&f, urls, keywords);
        if matches!(source, Source::Rules) {
            args.extend_from_slice(&["--rules", s(&bad)]);
        }
        let err = assert_build_fails(
            &f,
            &args,
            &[
                &format!("{}:{line}: ", s(&bad)),
                reason,
                "1 problem(s) in the input; no list written",
            ],
        );
        // Only the bad line is reported.
        for other in (1..line).map(|n| format!("{}:{n}:", s(&bad))) {
            assert!(!err.contains(&other), "{case}: {err}");
        }
    }
}

#[test]
fn build_rejects_a_category_the_metadata_does_not_declare() {
    let f = Fixture::new("build-category");
    // Without --meta only `default` exists, so the demo URLs' category fails.
    let err = assert_build_fails(
        &f,
        &build_args_no_meta(&f, &f.urls, &f.keywords),
        &[
            &format!("{}:4: unknown category \"demo-media\"", s(&f.urls)),
            "not declared in the metadata",
        ],
    );
    assert!(err.contains("1 problem(s)"), "{err}");
    // With the metadata declaring it, a category not in it still fails.
    let kw = f.file("k.txt", "zorblax\tdemo-media\nflumox\tother-media\n");
    let err = assert_build_fails(
        &f,
        &build_args(&f, &f.urls, &kw),
        &[&format!("{}:2: unknown category \"other-media\"", s(&kw))],
    );
    assert!(err.contains("1 problem(s)"), "{err}");
}

#[test]
fn build_rejects_a_non_utf8_source_naming_the_line() {
    // Undecodable text stops the read: the line is named, nothing is counted.
    let f = Fixture::new("build-utf8");
    let kw = f.file("k.txt", b"zorblax\nflumox\ngrin\xffdle\n".as_slice());
    assert_build_fails(
        &f,
        &build_args(&f, &f.urls, &kw),
        &[&format!("{}:3: not valid UTF-8", s(&kw))],
    );
}

#[test]
fn build_rejects_a_missing_source() {
    let f = Fixture::new("build-missing");
    let missing = f.path("no-such-keywords.txt");
    assert_build_fails(&f, &build_args(&f, &f.urls, &missing), &[s(&missing)]);
}

#[test]
fn build_rejects_bad_metadata_json() {
    let f = Fixture::new("build-meta");
    let meta = f.file("m.json", "{ \"categories\": [\"default\" ");
    let mut args = build_args_no_meta(&f, &f.urls, &f.keywords);
    args.extend_from_slice(&["--meta", s(&meta)]);
    assert_build_fails(&f, &args, &[s(&meta), "invalid metadata json"]);

    let meta = f.file("m2.json", "{ \"colour\": \"blue\" }");
    let mut args = build_args_no_meta(&f, &f.urls, &f.keywords);
    args.extend_from_slice(&["--meta", s(&meta)]);
    assert_build_fails(&f, &args, &[s(&meta), "unknown field"]);
}

/// A `--meta` file with one help service whose phone and name are given.
fn meta_with_service(phone: &str, name: &str) -> String {
    format!(
        r#"{{ "categories": ["default", "demo-media"], "resources": [{{ "id": "help-x", "name": "{name}", "url": "https://help.example/", "phone": "{phone}", "countries": ["*"], "languages": ["en"], "description": "d" }}] }}"#
    )
}

#[test]
fn build_rejects_a_phone_that_is_not_dialable_as_shown_naming_file_and_field() {
    let f = Fixture::new("build-phone");
    for (name, phone, want) in [
        (
            "hours.json",
            "0808 1000 900 (Mon-Thu 9am-9pm)",
            r#"resources[0].phone ("help-x"): "0808 1000 900 (Mon-Thu 9am-9pm)" is not a phone number: only digits, spaces, "(", ")", "-" and a leading "+" are allowed"#,
        ),
        (
            "dots.json",
            "0808.1000.900",
            r#"resources[0].phone ("help-x"): "0808.1000.900" is not a phone number: only digits, spaces"#,
        ),
        (
            "short.json",
            "12",
            r#"resources[0].phone ("help-x"): "12" is not a phone number: needs 3 to 15 digits"#,
        ),
    ] {
        let meta = f.file(name, meta_with_service(phone, "Help X"));
        let mut args = build_args_no_meta(&f, &f.urls, &f.keywords);
        args.extend_from_slice(&["--meta", s(&meta)]);
        let err = assert_build_fails(&f, &args, &[s(&meta), want]);
        assert!(err.starts_with(&format!("error: {}: ", s(&meta))), "{err}");
    }
    // Spaces, parentheses and hyphens are fine.
    let meta = f.file(
        "ok.json",
        meta_with_service("+00 (0) 123-456 789", "Help X"),
    );
    let out = f.path("ok.tbl");
    let mut args = vec!["build"];
    args.extend(build_args_no_meta(&f, &f.urls, &f.keywords));
    args.extend_from_slice(&["--meta", s(&meta), "--out", s(&out)]);
    assert_code(&run(&args), 0);
}

#[test]
fn build_rejects_bidi_controls_in_metadata_naming_file_and_field() {
    let f = Fixture::new("build-bidi");
    // JSON escapes: the file itself stays plain ASCII.
    for (name, phone, service, want) in [
        (
            "phone.json",
            r"\u202e0080 0001",
            "Help X",
            "resources[0].phone: bidi control U+202E",
        ),
        (
            "name.json",
            "0800 0001",
            r"Help \u2066X\u2069",
            "resources[0].name: bidi control U+2066",
        ),
    ] {
        let meta = f.file(name, meta_with_service(phone, service));
        let mut args = build_args_no_meta(&f, &f.urls, &f.keywords);
        args.extend_from_slice(&["--meta", s(&meta)]);
        assert_build_fails(&f, &args, &[s(&meta), want]);
    }
    let meta = f.file(
        "message.json",
        r#"{ "categories": ["default", "demo-media"], "messages": { "en": { "dir": "ltr", "review": "source", "title_search": "t", "title_page": "t", "body": "b\u202a", "help_text": "h", "help_heading": "h", "primary": "p", "no_resources": "n", "phone_label": "p", "chat_label": "c", "website_label": "w" } } }"#,
    );
    let mut args = build_args_no_meta(&f, &f.urls, &f.keywords);
    args.extend_from_slice(&["--meta", s(&meta)]);
    assert_build_fails(
        &f,
        &args,
        &[s(&meta), "messages.en.body: bidi control U+202A"],
    );
}

#[test]
fn build_rejects_a_bad_key_file() {
    let f = Fixture::new("build-key");
    let key = f.file("bad.key", "turnback-secret-key-v1 not-hex\n");
    let args = vec![
        "--urls",
        s(&f.urls),
        "--keywords",
        s(&f.keywords),
        "--key",
        s(&key),
    ];
    assert_build_fails(&f, &args, &[s(&key), "key is not 32 bytes of hex"]);
    // A public key is not a secret key.
    let args = vec![
        "--urls",
        s(&f.urls),
        "--keywords",
        s(&f.keywords),
        "--key",
        s(&f.public),
    ];
    assert_build_fails(&f, &args, &["not a turnback secret key"]);
}

#[test]
fn build_validates_the_list_id() {
    let f = Fixture::new("build-id");
    for bad in ["Demo", "", "has space", &"a".repeat(33)] {
        let mut args = build_args(&f, &f.urls, &f.keywords);
        args.extend_from_slice(&["--id", bad]);
        let err = assert_build_fails(&f, &args, &["list id", "[a-z0-9._-], 1-32 bytes"]);
        assert!(err.contains(&format!("{bad:?}")), "{err}");
    }
    let longest = "a".repeat(32);
    let list = f.build("id.tbl", &["--id", &longest]);
    let o = f.verify(&list, &f.public);
    assert_code(&o, 0);
    assert!(
        stdout_of(&o).contains(&format!("list {longest} ")),
        "{}",
        stdout_of(&o)
    );
}

#[test]
fn build_merges_duplicates_with_a_warning_unless_strict() {
    let f = Fixture::new("build-dups");
    let urls = f.file(
        "u.txt",
        "blocked.turnback.test/\nhttps://BLOCKED.turnback.test/\n",
    );
    let kw = f.file("k.txt", "zorblax\n# zorblax\nZORBLAX\nflumox\n");
    let list = f.path("dups.tbl");
    let mut args = vec!["build"];
    args.extend(build_args(&f, &urls, &kw));
    args.extend_from_slice(&["--out", s(&list)]);

    let out = run(&args);
    assert_code(&out, 0);
    let err = stderr_of(&out);
    assert!(
        err.contains(&format!("warning: {}:2: duplicate entry, merged", s(&urls))),
        "{err}"
    );
    assert!(
        err.contains(&format!("warning: {}:3: duplicate entry, merged", s(&kw))),
        "{err}"
    );
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(
        stdout_of(&out).contains("1 url entries, 2 keyword phrases"),
        "{}",
        stdout_of(&out)
    );
    assert!(list.exists());

    fs::remove_file(&list).unwrap_or_else(|e| panic!("{e}"));
    let mut strict = args.clone();
    strict.push("--strict");
    let out = run(&strict);
    assert_code(&out, 2);
    assert_eq!(stdout_of(&out), "");
    let err = stderr_of(&out);
    assert!(
        err.contains(&format!("error: {}:2: duplicate entry", s(&urls))),
        "{err}"
    );
    assert!(err.contains("2 problem(s)"), "{err}");
    assert!(!err.contains("warning:"), "{err}");
    assert!(!list.exists());
}

#[test]
fn build_expires_and_sequence_show_in_verify_and_inspect() {
    let f = Fixture::new("build-expires");
    let list = f.build("e.tbl", &["--expires", "12h", "--sequence", "7"]);
    let v = f.verify(&list, &f.public);
    assert_code(&v, 0);
    let line = stdout_of(&v);
    assert!(line.contains(" sequence 7,"), "{line}");

    let i = run(&["inspect", "--list", s(&list), "--pub", s(&f.public)]);
    assert_code(&i, 0);
    let text = stdout_of(&i);
    assert!(text.contains("sequence    7\n"), "{text}");
    let field = |name: &str| -> SystemTime {
        let value = text
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_else(|| panic!("no {name} in\n{text}"));
        humantime::parse_rfc3339(value).unwrap_or_else(|e| panic!("{value}: {e}"))
    };
    let (created, expires) = (field("created "), field("expires "));
    assert_eq!(
        expires.duration_since(created).ok(),
        Some(Duration::from_secs(12 * 3600))
    );
    // The same expiry date in verify's summary.
    let date = humantime::format_rfc3339_seconds(expires).to_string();
    assert!(line.contains(&format!("expires {date};")), "{line}");
}

#[test]
fn build_rejects_a_bad_duration_or_sequence_before_doing_anything() {
    let f = Fixture::new("build-args");
    for (arg, option) in [
        ("--expires=soon", "--expires"),
        ("--expires=-1d", "--expires"),
        ("--sequence=-1", "--sequence"),
        ("--sequence=18446744073709551616", "--sequence"),
    ] {
        let out_path = f.path("x.tbl");
        let mut args = vec!["build"];
        args.extend(build_args(&f, &f.urls, &f.keywords));
        args.extend_from_slice(&["--out", s(&out_path), arg]);
        let out = run(&args);
        assert_code(&out, 2);
        let err = stderr_of(&out);
        assert!(
            err.contains("invalid value") && err.contains(option),
            "{arg}: {err}"
        );
        assert!(!out_path.exists());
    }
}

// ---------------------------------------------------------------- verify

#[test]
fn verify_prints_a_one_line_summary_for_a_valid_list() {
    let f = Fixture::new("verify-ok");
    let list = f.build("ok.tbl", &["--sequence", "42", "--id", "demo"]);
    let out = f.verify(&list, &f.public);
    assert_code(&out, 0);
    assert_eq!(stderr_of(&out), "");
    let text = stdout_of(&out);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with(&format!("ok: {} list demo sequence 42, key ", s(&list))),
        "{text}"
    );
    assert!(
        text.trim_end()
            .ends_with("; 3 url, 3 keyword, 1 rule entries"),
        "{text}"
    );
}

/// Runs verify and asserts exit 2 with an `error:` line naming the list and
/// `reason`.
fn assert_verify_fails(f: &Fixture, list: &Path, public: &Path, reason: &str) {
    let out = f.verify(list, public);
    assert_code(&out, 2);
    assert_eq!(stdout_of(&out), "");
    let err = stderr_of(&out);
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains(s(list)), "{err}");
    assert!(err.contains(reason), "wanted {reason:?} in:\n{err}");
}

#[test]
fn verify_rejects_a_list_signed_by_another_key() {
    let f = Fixture::new("verify-key");
    let list = f.build("l.tbl", &[]);
    let (other_key, other_pub) = f.other_key();
    assert_verify_fails(&f, &list, &other_pub, "not by the pinned key");
    // And a list signed by the other key fails against the demo key.
    let theirs = f.path("theirs.tbl");
    let o = run(&[
        "build",
        "--urls",
        s(&f.empty),
        "--keywords",
        s(&f.keywords),
        "--key",
        s(&other_key),
        "--out",
        s(&theirs),
    ]);
    assert_code(&o, 0);
    assert_verify_fails(&f, &theirs, &f.public, "signed by key");
}

#[test]
fn verify_rejects_a_tampered_list() {
    let f = Fixture::new("verify-tampered");
    let list = f.build("l.tbl", &[]);
    let mut bytes = read(&list);
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    let tampered = f.file("tampered.tbl", &bytes);
    assert_verify_fails(&f, &tampered, &f.public, "signature");
    // A flipped bit in the signature itself, too.
    let mut bytes = read(&list);
    let last = bytes.len() - 1;
    bytes[last] ^= 0x80;
    let tampered = f.file("tampered-sig.tbl", &bytes);
    assert_verify_fails(&f, &tampered, &f.public, "signature");
}

#[test]
fn verify_rejects_a_truncated_list() {
    let f = Fixture::new("verify-truncated");
    let list = f.build("l.tbl", &[]);
    let bytes = read(&list);
    let cut = f.file("cut.tbl", &bytes[..bytes.len() - 100]);
    assert_verify_fails(&f, &cut, &f.public, "truncated");
    let stub = f.file("stub.tbl", &bytes[..50]);
    assert_verify_fails(&f, &stub, &f.public, "truncated");
    let empty = f.file("empty.tbl", b"");
    assert_verify_fails(&f, &empty, &f.public, "truncated");
}

#[test]
fn verify_rejects_a_file_that_is_not_a_list() {
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
fn verify_rejects_an_expired_list() {
    let f = Fixture::new("verify-expired");
    let list = f.build("short.tbl", &["--expires", "1s"]);
    // Expiry is in whole seconds: 1.1 s later `now` has passed it.
    std::thread::sleep(Duration::from_millis(1100));
    assert_verify_fails(&f, &list, &f.public, "expired");
    let out = f.check(&list, &["--query", "zorblax"]);
    assert_code(&out, 2);
    assert!(stderr_of(&out).contains("expired"), "{}", stderr_of(&out));
}

#[test]
fn verify_rejects_a_missing_list_or_key() {
    let f = Fixture::new("verify-missing");
    let missing = f.path("no-such-list.tbl");
    assert_verify_fails(&f, &missing, &f.public, s(&missing));
    let list = f.build("l.tbl", &[]);
    let no_key = f.path("no-such.pub");
    let out = f.verify(&list, &no_key);
    assert_code(&out, 2);
    assert!(stderr_of(&out).contains(s(&no_key)), "{}", stderr_of(&out));
    // A secret key is not a public key.
    let out = f.verify(&list, &f.key);
    assert_code(&out, 2);
    assert!(
        stderr_of(&out).contains("not a turnback public key"),
        "{}",
        stderr_of(&out)
    );
}

// --------------------------------------------------------------- inspect

fn assert_no_plaintext(text: &str) {
    for p in PLAINTEXT {
        assert!(!text.contains(p), "{p:?} printed:\n{text}");
    }
}

#[test]
fn inspect_shows_header_counts_sizes_languages_and_resources() {
    let f = Fixture::new("inspect");
    let list = f.build("l.tbl", &["--id", "demo", "--sequence", "9"]);
    let out = run(&["inspect", "--list", s(&list)]);
    assert_code(&out, 0);
    assert_eq!(stderr_of(&out), "");
    let text = stdout_of(&out);
    assert!(text.contains("list        demo\n"), "{text}");
    assert!(text.contains("sequence    9\n"), "{text}");
    assert!(text.contains("key id      "), "{text}");
    assert!(
        text.contains("signature   NOT checked (give --pub to verify)"),
        "{text}"
    );
    assert!(!text.contains("verified"), "{text}");
    assert!(text.contains("entries     3 url, "), "{text}");
    assert!(text.contains(", 1 rules\n"), "{text}");
    assert!(
        text.contains(&format!("size        {} bytes\n", read(&list).len())),
        "{text}"
    );
    for section in SECTIONS {
        assert!(
            text.lines()
                .any(|l| l.trim_start().starts_with(section) && l.ends_with(" bytes")),
            "no size for {section}:\n{text}"
        );
    }
    assert!(text.contains("categories  default, demo-media\n"), "{text}");
    let languages = text
        .lines()
        .find(|l| l.starts_with("languages"))
        .unwrap_or_else(|| panic!("{text}"));
    assert_eq!(languages.matches(" (").count(), 15, "{languages}");
    assert!(languages.contains("ar (rtl"), "{languages}");
    assert!(languages.contains("en (ltr, source)"), "{languages}");
    let resources: usize = text
        .lines()
        .find_map(|l| l.strip_prefix("resources"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("{text}"));
    assert!(resources > 0, "{text}");
    let links = text
        .lines()
        .filter(|l| l.starts_with("  ") && l.contains(" https://"))
        .count();
    assert_eq!(links, resources, "{text}");
    assert!(text.contains("site rules  0 added by the list"), "{text}");
    assert_no_plaintext(&text);
}

#[test]
fn inspect_with_pub_verifies_the_signature() {
    let f = Fixture::new("inspect-pub");
    let list = f.build("l.tbl", &[]);
    let out = run(&["inspect", "--list", s(&list), "--pub", s(&f.public)]);
    assert_code(&out, 0);
    let text = stdout_of(&out);
    assert!(text.contains("signature   verified\n"), "{text}");
    assert!(!text.contains("NOT checked"), "{text}");
    assert_no_plaintext(&text);

    // A tampered list: shown without --pub (saying the signature was not
    // checked), refused with it.
    let mut bytes = read(&list);
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    let tampered = f.file("tampered.tbl", &bytes);
    let out = run(&["inspect", "--list", s(&tampered)]);
    assert_code(&out, 0);
    assert!(
        stdout_of(&out).contains("NOT checked"),
        "{}",
        stdout_of(&out)
    );
    let out = run(&["inspect", "--list", s(&tampered), "--pub", s(&f.public)]);
    assert_code(&out, 2);
    assert_eq!(stdout_of(&out), "");
    assert!(stderr_of(&out).contains("signature"), "{}", stderr_of(&out));
    let (_, other_pub) = f.other_key();
    let out = run(&["inspect", "--list", s(&list), "--pub", s(&other_pub)]);
    assert_code(&out, 2);
}

#[test]
fn inspect_rejects_what_is_not_a_list() {
    let f = Fixture::new("inspect-bad");
    let words = f.file("words.tbl", KEYWORDS.repeat(10));
    let out = run(&["inspect", "--list", s(&words)]);
    assert_code(&out, 2);
    assert_eq!(stdout_of(&out), "");
    assert!(stderr_of(&out).contains("bad magic"), "{}", stderr_of(&out));
    let missing = f.path("missing.tbl");
    let out = run(&["inspect", "--list", s(&missing)]);
    assert_code(&out, 2);
    assert!(stderr_of(&out).contains(s(&missing)), "{}", stderr_of(&out));
}

// ----------------------------------------------------------------- check

#[test]
fn check_prints_one_verdict_per_input_in_order() {
    let f = Fixture::new("check-order");
    let list = f.build("l.tbl", &[]);
    let out = f.check(
        &list,
        &[
            "--url",
            "https://sub.blocked.turnback.test/x",
            "--url",
            "https://fine.turnback.example/",
            "--url",
            "http://www.turnback.test/blocked/deeper/page.html?x=1",
            "--url",
            "https://media.turnback.test/gallery/blocked-set/7.jpg",
            "--url",
            "https://media.turnback.test/gallery/other/",
            "--query",
            "BL0CKED d.e.m.o term",
            "--query",
            "harmless words",
            "--navigation",
            "https://www.bing.com/search?q=zorblax",
            "--navigation",
            "https://www.bing.com/search?q=harmless",
        ],
    );
    assert_code(&out, 0);
    assert_eq!(stderr_of(&out), "");
    let v = verdicts(&out);
    let expect: &[[&str; 6]] = &[
        [
            "url",
            "match",
            "url",
            "default",
            "*",
            "https://sub.blocked.turnback.test/x",
        ],
        [
            "url",
            "no-match",
            "-",
            "-",
            "-",
            "https://fine.turnback.example/",
        ],
        [
            "url",
            "match",
            "url",
            "default",
            "*",
            "http://www.turnback.test/blocked/deeper/page.html?x=1",
        ],
        [
            "url",
            "match",
            "url",
            "demo-media",
            "*",
            "https://media.turnback.test/gallery/blocked-set/7.jpg",
        ],
        [
            "url",
            "no-match",
            "-",
            "-",
            "-",
            "https://media.turnback.test/gallery/other/",
        ],
        [
            "query",
            "match",
            "keyword",
            "default",
            "*",
            "BL0CKED d.e.m.o term",
        ],
        ["query", "no-match", "-", "-", "-", "harmless words"],
        [
            "navigation",
            "match",
            "keyword",
            "default",
            "*",
            "https://www.bing.com/search?q=zorblax",
        ],
        [
            "navigation",
            "no-match",
            "-",
            "-",
            "-",
            "https://www.bing.com/search?q=harmless",
        ],
    ];
    assert_eq!(v.len(), expect.len(), "{}", stdout_of(&out));
    for (got, want) in v.iter().zip(expect) {
        assert_eq!(got.len(), 6, "{got:?}");
        for (g, w) in got.iter().zip(want) {
            if *w == "*" {
                assert!(g.contains('-') && g != "-", "entry id {g:?} in {got:?}");
            } else {
                assert_eq!(g, w, "{got:?}");
            }
        }
    }
    assert_no_plaintext(
        &v.iter()
            .map(|l| l[..5].join("\t"))
            .collect::<Vec<_>>()
            .join("\n"),
    );
}

#[test]
fn check_combination_rule_needs_every_term() {
    let f = Fixture::new("check-rules");
    let list = f.build("l.tbl", &[]);
    let out = f.check(
        &list,
        &[
            "--query",
            "flumox",
            "--query",
            "grindle",
            "--query",
            "grindle and some flumox",
            "--query",
            "FLUMOX GRINDLE",
            "--navigation",
            "https://www.bing.com/search?q=flumox+grindle",
            "--navigation",
            "https://www.bing.com/search?q=flumox+only",
        ],
    );
    assert_code(&out, 0);
    let got: Vec<(String, String)> = verdicts(&out)
        .into_iter()
        .map(|l| (l[1].clone(), l[2].clone()))
        .collect();
    let m = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        got,
        vec![
            m("no-match", "-"),
            m("no-match", "-"),
            m("match", "combination"),
            m("match", "combination"),
            m("match", "combination"),
            m("no-match", "-"),
        ],
        "{}",
        stdout_of(&out)
    );
}

#[test]
fn check_exits_1_when_nothing_matched() {
    let f = Fixture::new("check-none");
    let list = f.build("l.tbl", &[]);
    let out = f.check(
        &list,
        &[
            "--url",
            "https://fine.turnback.example/blocked/",
            "--url",
            "https://notblocked.turnback.test/",
            "--query",
            "blocked demo",
            "--navigation",
            "https://www.bing.com/search?q=quibbleflux",
        ],
    );
    assert_code(&out, 1);
    assert_eq!(stderr_of(&out), "");
    let v = verdicts(&out);
    assert_eq!(v.len(), 4, "{}", stdout_of(&out));
    assert!(v.iter().all(|l| l[1] == "no-match"), "{}", stdout_of(&out));
}

#[test]
fn check_json_gives_one_object_per_line() {
    let f = Fixture::new("check-json");
    let list = f.build("l.tbl", &[]);
    let out = f.check(
        &list,
        &[
            "--json",
            "--url",
            "https://media.turnback.test/gallery/blocked-set/a",
            "--query",
            "nothing here",
            "--query",
            "zorblax",
            "--navigation",
            "https://www.bing.com/search?q=flumox+grindle",
        ],
    );
    assert_code(&out, 0);
    let lines: Vec<serde_json::Value> = stdout_of(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    assert_eq!(lines.len(), 4, "{}", stdout_of(&out));
    for l in &lines {
        let keys: Vec<&str> = l
            .as_object()
            .unwrap_or_else(|| panic!("{l}"))
            .keys()
            .map(String::as_str)
            .collect();
        let mut keys = keys;
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["category", "entry", "input", "kind", "matched", "value"],
            "{l}"
        );
    }
    let url = &lines[0];
    assert_eq!(url["input"], "url");
    assert_eq!(
        url["value"],
        "https://media.turnback.test/gallery/blocked-set/a"
    );
    assert_eq!(url["matched"], true);
    assert_eq!(url["kind"], "url");
    assert_eq!(url["category"], "demo-media");
    assert!(
        url["entry"].as_str().is_some_and(|e| e.starts_with("url-")),
        "{url}"
    );

    let none = &lines[1];
    assert_eq!(none["input"], "query");
    assert_eq!(none["value"], "nothing here");
    assert_eq!(none["matched"], false);
    for k in ["kind", "category", "entry"] {
        assert!(none[k].is_null(), "{none}");
    }

    let kw = &lines[2];
    assert_eq!(kw["matched"], true);
    assert_eq!(kw["kind"], "keyword");
    assert_eq!(kw["category"], "default");
    assert!(
        kw["entry"]
            .as_str()
            .is_some_and(|e| e.starts_with("keyword-")),
        "{kw}"
    );

    let nav = &lines[3];
    assert_eq!(nav["input"], "navigation");
    assert_eq!(nav["kind"], "combination");
    assert_eq!(nav["matched"], true);
}

#[test]
fn check_exits_2_on_errors() {
    let f = Fixture::new("check-errors");
    let list = f.build("l.tbl", &[]);
    let expect_error = |out: Output, needle: &str| {
        assert_code(&out, 2);
        assert_eq!(stdout_of(&out), "");
        let err = stderr_of(&out);
        assert!(err.starts_with("error: ") && err.contains(needle), "{err}");
    };

    expect_error(f.check(&list, &[]), "nothing to check");
    expect_error(f.check(&list, &["--json"]), "nothing to check");

    let bad_key = f.file("bad.pub", "turnback-public-key-v1 00\n");
    expect_error(
        run(&[
            "check",
            "--list",
            s(&list),
            "--pub",
            s(&bad_key),
            "--query",
            "zorblax",
        ]),
        "key is not 32 bytes of hex",
    );

    let (_, other_pub) = f.other_key();
    expect_error(
        run(&[
            "check",
            "--list",
            s(&list),
            "--pub",
            s(&other_pub),
            "--query",
            "zorblax",
        ]),
        "pinned key",
    );

    let mut bytes = read(&list);
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    let tampered = f.file("tampered.tbl", &bytes);
    expect_error(f.check(&tampered, &["--query", "zorblax"]), "signature");

    let missing = f.path("missing.tbl");
    expect_error(f.check(&missing, &["--query", "zorblax"]), s(&missing));
}

// ------------------------------------------------------------------ help

#[test]
fn every_subcommand_help_has_an_example_and_the_exit_status() {
    for cmd in SUBCOMMANDS {
        let out = run(&[cmd, "--help"]);
        assert_code(&out, 0);
        let text = stdout_of(&out);
        assert!(text.contains("Example"), "{cmd} --help:\n{text}");
        assert!(text.contains("Exit status"), "{cmd} --help:\n{text}");
        let out = run(&["help", cmd]);
        assert_code(&out, 0);
        assert!(stdout_of(&out).contains("Exit status"), "help {cmd}");
    }
    let out = run(&["--help"]);
    assert_code(&out, 0);
    for cmd in SUBCOMMANDS {
        assert!(stdout_of(&out).contains(cmd), "{cmd} not in --help");
    }
}

// ------------------------------------------------ order and byte-order marks

/// `check --help` says "Prints one verdict per input, in the order given",
/// across kinds too, not grouped by --url, --query, --navigation.
#[test]
fn check_keeps_the_command_line_order_across_kinds() {
    let f = Fixture::new("check-mixed-order");
    let list = f.build("l.tbl", &[]);
    let out = f.check(
        &list,
        &[
            "--query",
            "zorblax",
            "--url",
            "https://blocked.turnback.test/",
            "--query",
            "harmless words",
        ],
    );
    assert_code(&out, 0);
    let order: Vec<String> = verdicts(&out).into_iter().map(|l| l[5].clone()).collect();
    assert_eq!(
        order,
        [
            "zorblax",
            "https://blocked.turnback.test/",
            "harmless words"
        ]
    );
}

/// A source saved with a UTF-8 byte-order mark: its first line is still a
/// comment, not a keyword entry.
#[test]
fn build_treats_a_bom_prefixed_first_line_comment_as_a_comment() {
    let f = Fixture::new("build-bom");
    let kw = f.file("k.txt", "\u{feff}# wibbet header words\nzorblax\n");
    let list = f.path("l.tbl");
    let mut args = vec!["build"];
    args.extend(build_args(&f, &f.empty, &kw));
    args.extend_from_slice(&["--out", s(&list)]);
    let out = run(&args);
    assert_code(&out, 0);
    assert!(
        stdout_of(&out).contains("1 keyword phrases"),
        "{}",
        stdout_of(&out)
    );
    let out = f.check(&list, &["--query", "wibbet header words"]);
    assert_code(&out, 1);
}
