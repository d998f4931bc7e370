//! `turnback check`: one verdict per input, in the order given, as text or
//! JSON lines; exit 0 when something matched, 1 when nothing did, 2 on
//! errors.

use crate::fixture::{assert_no_plaintext, read, s, tampered, Fixture, Run};

/// Checks every row's input (its first and last column) against the demo
/// list and asserts the verdict lines equal the rows; `*` stands for an
/// entry id.
fn assert_verdicts(f: &Fixture, rows: &[[&str; 6]]) -> Run {
    let list = f.list();
    let out = rows
        .iter()
        .fold(f.check(&list), |c, row| c.input(row[0], row[5]))
        .run();
    out.code(0);
    assert_eq!(out.stderr(), "");
    let v = out.verdicts();
    assert_eq!(v.len(), rows.len(), "{}", out.stdout());
    for (got, want) in v.iter().zip(rows) {
        assert_eq!(got.len(), 6, "{got:?}");
        for (g, w) in got.iter().zip(want) {
            if *w == "*" {
                assert!(g.contains('-') && g != "-", "entry id {g:?} in {got:?}");
            } else {
                assert_eq!(g, w, "{got:?}");
            }
        }
    }
    out
}

#[test]
fn prints_one_verdict_per_input_in_order() {
    let f = Fixture::new("check-order");
    #[rustfmt::skip]
    let out = assert_verdicts(&f, &[
        ["url", "match", "url", "default", "*", "https://sub.blocked.turnback.test/x"],
        ["url", "no-match", "-", "-", "-", "https://fine.turnback.example/"],
        ["url", "match", "url", "default", "*", "http://www.turnback.test/blocked/deeper/page.html?x=1"],
        ["url", "match", "url", "demo-media", "*", "https://media.turnback.test/gallery/blocked-set/7.jpg"],
        ["url", "no-match", "-", "-", "-", "https://media.turnback.test/gallery/other/"],
        ["query", "match", "keyword", "default", "*", "BL0CKED d.e.m.o term"],
        ["query", "no-match", "-", "-", "-", "harmless words"],
        ["navigation", "match", "keyword", "default", "*", "https://www.bing.com/search?q=zorblax"],
        ["navigation", "no-match", "-", "-", "-", "https://www.bing.com/search?q=harmless"],
    ]);
    assert_no_plaintext(
        &out.verdicts()
            .iter()
            .map(|l| l[..5].join("\t"))
            .collect::<Vec<_>>()
            .join("\n"),
    );
}

/// `check --help` says "Prints one verdict per input, in the order given",
/// across kinds too, not grouped by --url, --query, --navigation.
#[test]
fn keeps_the_command_line_order_across_kinds() {
    let f = Fixture::new("check-mixed-order");
    #[rustfmt::skip]
    assert_verdicts(&f, &[
        ["query", "match", "keyword", "default", "*", "zorblax"],
        ["url", "match", "url", "default", "*", "https://blocked.turnback.test/"],
        ["query", "no-match", "-", "-", "-", "harmless words"],
    ]);
}

#[test]
fn combination_rule_needs_every_term() {
    let f = Fixture::new("check-rules");
    #[rustfmt::skip]
    assert_verdicts(&f, &[
        ["query", "no-match", "-", "-", "-", "flumox"],
        ["query", "no-match", "-", "-", "-", "grindle"],
        ["query", "match", "combination", "default", "*", "grindle and some flumox"],
        ["query", "match", "combination", "default", "*", "FLUMOX GRINDLE"],
        ["navigation", "match", "combination", "default", "*", "https://www.bing.com/search?q=flumox+grindle"],
        ["navigation", "no-match", "-", "-", "-", "https://www.bing.com/search?q=flumox+only"],
    ]);
}

#[test]
fn exits_1_when_nothing_matched() {
    let f = Fixture::new("check-none");
    let out = f
        .check(&f.list())
        .url("https://fine.turnback.example/blocked/")
        .url("https://notblocked.turnback.test/")
        .query("blocked demo")
        .navigation("https://www.bing.com/search?q=quibbleflux")
        .run();
    out.code(1);
    assert_eq!(out.stderr(), "");
    let v = out.verdicts();
    assert_eq!(v.len(), 4, "{}", out.stdout());
    assert!(v.iter().all(|l| l[1] == "no-match"), "{}", out.stdout());
}

#[test]
fn json_gives_one_object_per_line() {
    let f = Fixture::new("check-json");
    let out = f
        .check(&f.list())
        .json()
        .url("https://media.turnback.test/gallery/blocked-set/a")
        .query("nothing here")
        .query("zorblax")
        .navigation("https://www.bing.com/search?q=flumox+grindle")
        .run();
    out.code(0);
    let lines: Vec<serde_json::Value> = out
        .stdout()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    assert_eq!(lines.len(), 4, "{}", out.stdout());
    for l in &lines {
        let mut keys: Vec<&str> = l
            .as_object()
            .unwrap_or_else(|| panic!("{l}"))
            .keys()
            .map(String::as_str)
            .collect();
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
fn exits_2_on_errors() {
    let f = Fixture::new("check-errors");
    let list = f.list();
    let expect_error = |out: Run, needle: &str| {
        let err = out.refused();
        assert!(err.contains(needle), "{err}");
    };

    expect_error(f.check(&list).run(), "nothing to check");
    expect_error(f.check(&list).json().run(), "nothing to check");

    let bad_key = f.file("bad.pub", "turnback-public-key-v1 00\n");
    expect_error(
        f.check(&list).public(&bad_key).query("zorblax").run(),
        "key is not 32 bytes of hex",
    );

    let (_, other_pub) = f.other_key();
    expect_error(
        f.check(&list).public(&other_pub).query("zorblax").run(),
        "pinned key",
    );

    let bad = f.file("tampered.tbl", tampered(read(&list)));
    expect_error(f.check(&bad).query("zorblax").run(), "signature");

    let missing = f.path("missing.tbl");
    expect_error(f.check(&missing).query("zorblax").run(), s(&missing));
}
