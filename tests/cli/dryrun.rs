//! `turnback check --from FILE --kind K`: every line of a corpus (a file or
//! standard input) checked; the matches printed, then `matched N of M`.

use crate::fixture::{s, Fixture};

#[test]
fn checks_every_line_of_a_file_and_prints_matches_and_a_summary() {
    let f = Fixture::new("dryrun-file");
    let list = f.list();
    // 1,000 benign queries, two of which the demo list stops.
    let mut corpus: String = (0..998)
        .map(|i| format!("harmless query number {i}\r\n"))
        .collect();
    corpus.insert_str(0, "a zorblax here\n\n   \n");
    corpus += "flumox then grindle\n";
    let file = f.file("benign.txt", &corpus);
    let out = f.check(&list).from(&file, "query").run();
    out.code(0);
    assert_eq!(out.stderr(), "matched 2 of 1000\n");
    let v = out.verdicts();
    let got: Vec<(&str, &str, &str, &str)> = v
        .iter()
        .map(|l| (l[0].as_str(), l[1].as_str(), l[2].as_str(), l[5].as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("query", "match", "keyword", "a zorblax here"),
            ("query", "match", "combination", "flumox then grindle"),
        ]
    );
}

#[test]
fn reads_standard_input_with_dash_for_each_kind() {
    let f = Fixture::new("dryrun-stdin");
    let list = f.list();
    for (kind, corpus, summary, exit) in [
        (
            "url",
            "https://fine.turnback.example/\nhttp://blocked.turnback.test/a\n",
            "matched 1 of 2\n",
            0,
        ),
        (
            "navigation",
            "https://www.bing.com/search?q=zorblax\n",
            "matched 1 of 1\n",
            0,
        ),
        (
            "query",
            "nothing to see\nstill nothing\n",
            "matched 0 of 2\n",
            1,
        ),
        ("query", "", "matched 0 of 0\n", 1),
    ] {
        let out = f.check(&list).from("-".as_ref(), kind).run_stdin(corpus);
        out.code(exit);
        assert_eq!(out.stderr(), summary, "{kind}: {corpus:?}");
        assert!(
            out.verdicts()
                .iter()
                .all(|l| l[0] == kind && l[1] == "match"),
            "{}",
            out.stdout()
        );
    }
    // --json: one object per match.
    let out = f
        .check(&list)
        .json()
        .from("-".as_ref(), "query")
        .run_stdin("zorblax\nharmless\n");
    out.code(0);
    let v: serde_json::Value =
        serde_json::from_str(out.stdout().trim()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (v["input"].as_str(), v["matched"].as_bool()),
        (Some("query"), Some(true))
    );
}

#[test]
fn refuses_a_missing_or_non_utf8_corpus_and_a_kind_without_from() {
    let f = Fixture::new("dryrun-bad");
    let list = f.list();
    let missing = f.path("missing.txt");
    let err = f.check(&list).from(&missing, "query").run().refused();
    assert!(err.contains(s(&missing)), "{err}");
    let bad = f.file("bad.txt", b"fine\nbad\xff\n".as_slice());
    let out = f.check(&list).from(&bad, "url").run();
    out.code(2);
    assert_eq!(
        out.stderr(),
        format!("error: {}:2: not valid UTF-8\n", s(&bad))
    );
    let out = f.check(&list).query("zorblax").arg_kind_only("url").run();
    out.code(2);
    assert!(out.stderr().contains("--from"), "{}", out.stderr());
}
