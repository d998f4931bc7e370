//! `turnback build --base`: a release built on the previous one keeps its
//! URL sections and adds a stash; every way it refuses a base.

use crate::fixture::{read, s, tampered, write, Fixture};

const NEXT_URLS: &str = "\
# one entry gone, one added
blocked.turnback.test/
https://media.turnback.test/gallery/blocked-set/\tdemo-media
added.turnback.test/new/
";

#[test]
fn a_release_on_its_base_adds_a_stash_and_checks_the_new_entries() {
    let f = Fixture::new("base-release");
    let base = f.build().out("l1.tbl").args(&["--sequence", "10"]).list();
    let next_urls = f.file("next-urls.txt", NEXT_URLS);
    let build = f.build().urls(&next_urls).out("l2.tbl").args(&[
        "--sequence",
        "11",
        "--base",
        s(&base),
        "--rebase-at",
        "100",
    ]);
    let out = build.run();
    out.code(0);
    let text = out.stdout();
    assert!(
        text.contains("built on the base: 1 url entries added, 1 removed (stash 1 of at most 32)"),
        "{text}"
    );
    let next = build.out_path();
    f.verify(next, &f.public).code(0);
    let inspected = f.inspect(next, Some(&f.public)).code(0).stdout();
    assert!(inspected.contains("stash"), "{inspected}");
    #[rustfmt::skip]
    let cases = [
        ("http://added.turnback.test/new/page.html", "match"),
        ("http://www.turnback.test/blocked/page.html", "no-match"),
        ("http://blocked.turnback.test/x", "match"),
    ];
    for (url, want) in cases {
        let out = f.check(next).url(url).run();
        let v = out.verdicts();
        assert_eq!(v[0][1], want, "{url}: got {:?}", v[0]);
    }
}

#[test]
fn rebase_and_the_share_allowed() {
    let f = Fixture::new("base-rebase");
    let base = f.build().out("l1.tbl").args(&["--sequence", "10"]).list();
    let next_urls = f.file("next-urls.txt", NEXT_URLS);
    let forced = f
        .build()
        .urls(&next_urls)
        .out("l2.tbl")
        .args(&["--sequence", "11", "--base", s(&base), "--rebase"])
        .run();
    forced.code(0);
    assert!(
        forced.stdout().contains("a new base (--rebase)"),
        "{}",
        forced.stdout()
    );
    let churn = f
        .build()
        .urls(&next_urls)
        .out("l3.tbl")
        .args(&["--sequence", "11", "--base", s(&base), "--rebase-at", "1"])
        .run();
    churn.code(0);
    assert!(
        churn.stdout().contains("a new base: 2 url changes since the base, more than --rebase-at allows of its 3 entries"),
        "{}",
        churn.stdout()
    );
}

#[test]
fn refuses_a_base_it_cannot_build_on() {
    let f = Fixture::new("base-refused");
    let base = f.build().out("l1.tbl").args(&["--sequence", "10"]).list();
    let bad = f.path("tampered.tbl");
    write(&bad, tampered(read(&base)));
    let (_, other_pub) = f.other_key();
    let base_s = s(&base).to_string();
    #[rustfmt::skip]
    let cases: Vec<(&str, Vec<&str>, Vec<&str>)> = vec![
        ("another list id", vec!["--sequence", "11", "--id", "other", "--base", &base_s],
            vec![&base_s, "base list: the base is list \"turnback\", not \"other\""]),
        ("the same sequence", vec!["--sequence", "10", "--base", &base_s],
            vec!["base list: sequence 10 is not above the base's 10"]),
        ("a tampered base", vec!["--sequence", "11", "--base", s(&bad)],
            vec![s(&bad), "signature"]),
        ("a base that another key signed", vec!["--sequence", "11", "--base", &base_s, "--base-pub", s(&other_pub)],
            vec![&base_s, "not by the pinned key"]),
        ("a share out of range", vec!["--sequence", "11", "--base", &base_s, "--rebase-at", "150"],
            vec!["--rebase-at 150: a share between 0 and 100"]),
    ];
    for (what, args, needles) in cases {
        let err = f.build().args(&args).refused(&needles);
        assert!(!err.is_empty(), "{what}");
    }
    let unsigned = f
        .build()
        .unsigned()
        .args(&["--sequence", "11", "--base", &base_s])
        .refused(&["--base with --unsigned needs --base-pub"]);
    assert!(!unsigned.is_empty());
    f.build()
        .unsigned()
        .out("u.tbl")
        .args(&[
            "--sequence",
            "11",
            "--base",
            &base_s,
            "--base-pub",
            s(&f.public),
        ])
        .run()
        .code(0);
}
