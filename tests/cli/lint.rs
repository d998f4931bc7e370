//! `turnback build` lint: lines that parse but are surely a mistake warn
//! with file:line and the text (errors with --strict); problems come
//! grouped per kind; --max-errors, --skip-invalid --rejects.

use crate::fixture::{read, s, Fixture};
use crate::table;

const MORE: &str = "(and 1 more line(s) like it; --verbose lists them)";

#[test]
fn a_csv_file_given_as_urls_warns_with_the_exact_message() {
    let f = Fixture::new("lint-csv");
    let csv = f.file(
        "cases.csv",
        "id,url\nc0,https://a.turnback.test/x\nc1,https://b.turnback.test/y\n",
    );
    let build = f.build().urls(&csv).no_keywords().no_rules().out("csv.tbl");
    let out = build.run();
    out.code(0);
    let p = s(&csv);
    assert_eq!(
        out.stderr(),
        format!(
            "warning: {p}:1: looks like a CSV header row: \"id,url\" (for CSV input use --format csv --column url)\n\
             warning: {p}:2: has a comma, as CSV rows do: \"c0,https://a.turnback.test/x\" (for CSV input use --format csv --column url) {MORE}\n"
        )
    );
    // --strict refuses it, writing nothing.
    let err = f
        .build()
        .urls(&csv)
        .no_keywords()
        .no_rules()
        .args(&["--strict"])
        .refused(&[]);
    assert!(
        err.ends_with("error: 3 problem(s) in the input; no list written\n"),
        "{err}"
    );
    assert!(
        err.starts_with(&format!(
            "error: {p}:1: looks like a CSV header row: \"id,url\""
        )),
        "{err}"
    );
}

#[test]
fn digests_given_as_urls_warn_with_the_exact_message() {
    let f = Fixture::new("lint-digests");
    let digests: String = (1..=100).map(|i| format!("{i:064x}\n")).collect();
    let file = f.file("partner.sha256", &digests);
    let out = f.build().urls(&file).no_keywords().no_rules().run();
    out.code(0);
    assert_eq!(
        out.stderr(),
        format!(
            "warning: {}:1: is a hex digest, not a URL: \"{:064x}\" (import hashes with --url-hashes) (and 99 more line(s) like it; --verbose lists them)\n",
            s(&file),
            1
        )
    );
    assert_eq!(out.stderr().lines().count(), 1);
    let out = f
        .build()
        .urls(&file)
        .no_keywords()
        .no_rules()
        .args(&["--verbose"])
        .run();
    assert_eq!(out.stderr().lines().count(), 100);
}

#[test]
fn a_one_letter_keyword_warns_with_the_exact_message_and_strict_refuses_it() {
    let f = Fixture::new("lint-short");
    let kw = f.file("k.txt", "zorblax\na\n");
    let build = f.build().keywords(&kw).no_rules().out("short.tbl");
    let out = build.run();
    out.code(0);
    assert_eq!(
        out.stderr(),
        format!(
            "warning: {}:2: one-letter keyword matches far too much: \"a\"\n",
            s(&kw)
        )
    );
    let err = f
        .build()
        .keywords(&kw)
        .no_rules()
        .args(&["--strict"])
        .refused(&[]);
    assert_eq!(
        err,
        format!(
            "error: {}:2: one-letter keyword matches far too much: \"a\"\nerror: 1 problem(s) in the input; no list written\n",
            s(&kw)
        )
    );
}

#[test]
fn warns_about_hosts_and_very_common_words_in_each_language() {
    let f = Fixture::new("lint-kinds");
    let cases: Vec<(&str, &str, String)> = vec![
        (
            "urls",
            "intranet/",
            "host \"intranet\" has no dot: \"intranet/\"".into(),
        ),
        (
            "urls",
            "a b.turnback.test/",
            "host \"a%20b.turnback.test\" has characters no host name has: \"a b.turnback.test/\""
                .into(),
        ),
        (
            "keywords",
            "Of",
            "two-letter keyword matches far too much: \"Of\"".into(),
        ),
        (
            "keywords",
            "of the",
            "only very common words (stop list: en, nl) match far too much: \"of the\"".into(),
        ),
        (
            "keywords",
            "und",
            "only very common words (stop list: de) match far too much: \"und\"".into(),
        ),
        (
            "keywords",
            "ÜBER",
            "only very common words (stop list: de) match far too much: \"ÜBER\"".into(),
        ),
        (
            "keywords",
            "dans",
            "only very common words (stop list: fr) match far too much: \"dans\"".into(),
        ),
        (
            "keywords",
            "что",
            "only very common words (stop list: ru) match far too much: \"что\"".into(),
        ),
        (
            "keywords",
            "için",
            "only very common words (stop list: tr) match far too much: \"için\"".into(),
        ),
        (
            "keywords",
            "jest",
            "only very common words (stop list: pl) match far too much: \"jest\"".into(),
        ),
        (
            "rules",
            "zorblax & a",
            "one-letter keyword matches far too much: \"a\"".into(),
        ),
        ("keywords", "zorblax the", String::new()),
        ("urls", "https://192.0.2.7/x", String::new()),
    ];
    table::check(
        "build warning",
        cases
            .iter()
            .enumerate()
            .map(|(i, (kind, entry, want))| ((i, *kind, *entry), want.clone())),
        |(i, kind, entry)| {
            let file = f.file(&format!("in-{i}.txt"), format!("{entry}\n"));
            let out = f.turnback_build_one(kind, &file).run();
            out.code(0);
            let prefix = format!("warning: {}:1: ", s(&file));
            out.stderr()
                .trim_end()
                .strip_prefix(&prefix)
                .unwrap_or(out.stderr().trim_end())
                .to_string()
        },
    );
}

/// The demo sources (data/demo) are what a careful publisher writes:
/// nothing in them warns, not even their CJK phrase of one-letter words.
#[test]
fn the_demo_sources_build_with_strict_and_no_warning() {
    let f = Fixture::new("lint-demo");
    let demo = |n: &str| {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data/demo")
            .join(n)
    };
    let out = f
        .build()
        .urls(&demo("urls.txt"))
        .keywords(&demo("keywords.txt"))
        .rules(&demo("rules.txt"))
        .meta(&demo("meta.json"))
        .args(&["--strict"])
        .run();
    out.code(0);
    assert_eq!(out.stderr(), "");
}

#[test]
fn groups_problems_per_kind_and_says_how_to_declare_categories() {
    let f = Fixture::new("lint-group");
    let lines: String = (0..1000).map(|i| format!("wibbet{i}\tcat-{i}\n")).collect();
    let kw = f.file("k.txt", &lines);
    let err = f.build().keywords(&kw).no_rules().refused(&[]);
    assert_eq!(
        err,
        format!(
            "error: {}:1: unknown category \"cat-0\" (not declared in the metadata); declare categories with --meta FILE holding {{\"categories\": [\"default\",\"demo-media\",\"cat-0\"]}} (and 999 more line(s) like it; --verbose lists them)\nerror: 1000 problem(s) in the input; no list written\n",
            s(&kw)
        )
    );
}

#[test]
fn max_errors_stops_early() {
    let f = Fixture::new("lint-max");
    let kw = f.file("k.txt", "!!!\n???\n...\n;;;\nzorblax\n");
    let err = f
        .build()
        .keywords(&kw)
        .no_rules()
        .args(&["--max-errors", "2", "--verbose"])
        .refused(&[]);
    let p = s(&kw);
    assert_eq!(
        err,
        format!(
            "error: {p}:1: invalid phrase: phrase has no words after normalization: \"!!!\"\n\
             error: {p}:2: invalid phrase: phrase has no words after normalization: \"???\"\n\
             error: {p}:3: invalid phrase: phrase has no words after normalization: \"...\"\n\
             error: stopped after more than 2 error(s) (--max-errors); no list written\n"
        )
    );
}

#[test]
fn skip_invalid_writes_the_rejects_and_builds_from_the_rest() {
    let f = Fixture::new("lint-skip");
    let kw = f.file("k.txt", "zorblax\n!!!\nwibbet\tno-such-category\nflumox\n");
    let rejects = f.path("rejects.txt");
    let build = f
        .build()
        .keywords(&kw)
        .no_rules()
        .args(&["--skip-invalid", "--rejects", s(&rejects)])
        .out("skip.tbl");
    let out = build.run();
    out.code(0);
    assert!(
        out.stdout().contains(&format!("3 url entries, 2 keyword phrases (2 keyword keys), 0 combination rules\n  2 line(s) rejected, written to {}\n", s(&rejects))),
        "{}",
        out.stdout()
    );
    let p = s(&kw);
    assert_eq!(
        String::from_utf8_lossy(&read(&rejects)),
        format!(
            "# {p}:2: invalid phrase: phrase has no words after normalization: \"!!!\"\n!!!\n\
             # {p}:3: unknown category \"no-such-category\" (not declared in the metadata); declare categories with --meta FILE holding {{\"categories\": [\"default\",\"demo-media\",\"no-such-category\"]}}\nwibbet\tno-such-category\n"
        )
    );
    f.check(build.out_path())
        .query("zorblax")
        .query("flumox")
        .run()
        .code(0);
    f.check(build.out_path()).query("wibbet").run().code(1);
    // The rejects file is a source again once fixed: its comments are skipped.
    // --skip-invalid needs --rejects, so nothing is dropped unseen.
    let out = f
        .build()
        .keywords(&kw)
        .no_rules()
        .args(&["--skip-invalid"])
        .out("x.tbl")
        .run();
    out.code(2);
    assert!(out.stderr().contains("--rejects"), "{}", out.stderr());
}
