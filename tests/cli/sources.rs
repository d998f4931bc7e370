//! `turnback build` sources: every one repeatable and optional (at least
//! one), and CSV/TSV input with named or numbered columns.

use crate::fixture::{s, Fixture};

#[test]
fn takes_several_files_of_a_kind_and_builds_from_any_one_kind() {
    let f = Fixture::new("sources-many");
    let partner = f.file("partner-urls.txt", "partner.turnback.test/\n");
    let charity = f.file("charity-keywords.txt", "wibbet grolsh\n");
    let build = f
        .build()
        .more_urls(&partner)
        .more_keywords(&charity)
        .out("many.tbl");
    let out = build.run();
    out.code(0);
    assert!(
        out.stdout()
            .contains("4 url entries, 4 keyword phrases (4 keyword keys), 1 combination rules"),
        "{}",
        out.stdout()
    );
    f.check(build.out_path())
        .url("http://partner.turnback.test/x")
        .url("http://blocked.turnback.test/")
        .query("wibbet grolsh")
        .query("zorblax")
        .run()
        .code(0);

    // A URL-only list needs no --keywords, a keyword-only list no --urls.
    let urls_only = f.build().no_keywords().no_rules().out("urls.tbl");
    let out = urls_only.run();
    out.code(0);
    assert!(
        out.stdout()
            .contains("3 url entries, 0 keyword phrases (0 keyword keys), 0 combination rules"),
        "{}",
        out.stdout()
    );
    let keywords_only = f.build().no_urls().no_rules().no_meta().out("kw.tbl");
    keywords_only.run().code(0);
    let v = f
        .check(keywords_only.out_path())
        .url("http://blocked.turnback.test/")
        .query("zorblax")
        .run();
    v.code(0);
    let verdicts = v.verdicts();
    assert_eq!(
        (verdicts[0][1].as_str(), verdicts[1][1].as_str()),
        ("no-match", "match")
    );
}

#[test]
fn refuses_a_build_without_any_source() {
    let f = Fixture::new("sources-none");
    let err = f.build().no_urls().no_keywords().no_rules().refused(&[]);
    assert_eq!(
        err,
        "error: no source given: give --urls, --keywords, --rules, --url-hashes or --keyword-hashes (each repeatable)\n"
    );
}

#[test]
fn reads_csv_with_a_header_quoting_and_a_category_column() {
    let f = Fixture::new("sources-csv");
    let csv = f.file(
        "cases.csv",
        "id,url,category\r\nc0,https://csv.turnback.test/a/,demo-media\r\n\"c1\",\"https://quoted.turnback.test/x,y/\",\r\n# comment row\r\nc2,csv-two.turnback.test/,default\r\n",
    );
    let build = f
        .build()
        .urls(&csv)
        .no_keywords()
        .no_rules()
        .args(&["--format", "csv", "--column", "url,category"])
        .out("csv.tbl");
    let out = build.run();
    out.code(0);
    assert_eq!(out.stderr(), "");
    assert!(out.stdout().contains("3 url entries, "), "{}", out.stdout());
    let v = f
        .check(build.out_path())
        .url("https://csv.turnback.test/a/b")
        .url("https://quoted.turnback.test/x,y/z")
        .url("http://csv-two.turnback.test/")
        .url("http://c0/")
        .run();
    let got: Vec<(String, String)> = v
        .verdicts()
        .iter()
        .map(|l| (l[1].clone(), l[3].clone()))
        .collect();
    let want: Vec<(String, String)> = [
        ("match", "demo-media"),
        ("match", "default"),
        ("match", "default"),
        ("no-match", "-"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(got, want);
}

#[test]
fn reads_tsv_by_column_number_skipping_a_header_of_column_names() {
    let f = Fixture::new("sources-tsv");
    let tsv = f.file(
        "kw.tsv",
        "id\tkeyword\n1\twibbet grolsh\n2\t\"quoted\" zorblax\n",
    );
    let build = f
        .build()
        .no_urls()
        .keywords(&tsv)
        .no_rules()
        .args(&["--format", "tsv", "--column", "2"])
        .out("tsv.tbl");
    let out = build.run();
    out.code(0);
    assert_eq!(out.stderr(), "");
    assert!(
        out.stdout().contains("2 keyword phrases"),
        "{}",
        out.stdout()
    );
    f.check(build.out_path())
        .query("a wibbet grolsh here")
        .run()
        .code(0);
    f.check(build.out_path()).query("keyword").run().code(1);
}

#[test]
fn refuses_a_csv_without_the_named_column_and_a_column_without_a_table_format() {
    let f = Fixture::new("sources-csv-bad");
    let csv = f.file("cases.csv", "id,link\nc0,https://csv.turnback.test/\n");
    let build = f
        .build()
        .urls(&csv)
        .args(&["--format", "csv", "--column", "url"]);
    build.refused(&[&format!(
        "error: {}:1: no header row naming column \"url\" (the first row is \"id,link\")",
        s(&csv)
    )]);
    let err = f.build().args(&["--column", "url"]).refused(&[]);
    assert_eq!(err, "error: --column needs --format csv or --format tsv\n");
}
