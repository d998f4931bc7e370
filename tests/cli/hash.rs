//! `turnback hash`, `build --url-hashes/--keyword-hashes` and `export`: the
//! hash round trip with an independent SHA-256 (Python's hashlib), lists
//! holding hashed and plaintext entries, and refused hash files.

use std::process::Command;

use crate::fixture::{assert_no_plaintext, turnback, Fixture};

const N: usize = 50;

/// The SHA-256 of each line of `exprs`, by Python's hashlib.
fn python_sha256(exprs: &[String]) -> Vec<String> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import hashlib,sys\nfor l in sys.stdin.read().splitlines(): print(hashlib.sha256(l.encode()).hexdigest())",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().map(|mut i| i.write_all(exprs.join("\n").as_bytes()));
            c.wait_with_output()
        })
        .unwrap_or_else(|e| panic!("python3 is needed for the independent SHA-256: {e}"));
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn python_hashes_of_expressions_round_trip_through_build_and_check() {
    let f = Fixture::new("hash-round-trip");
    // Safe Browsing expressions, as a partner holding only hashes has them.
    let exprs: Vec<String> = (0..N)
        .map(|i| match i % 2 {
            0 => format!("host{i}.partner.test/"),
            _ => format!("site{i}.partner.test/dir{i}/"),
        })
        .collect();
    let hashes = python_sha256(&exprs);
    assert_eq!(hashes.len(), N);
    let mut text = String::from("# from a partner\n");
    for (i, h) in hashes.iter().enumerate() {
        // Half as whole digests, half as 8-byte prefixes.
        text += if i % 4 < 2 { h } else { &h[..16] };
        text += "\n";
    }
    let file = f.file("partner.sha256", text);
    let build = f
        .build()
        .urls(&f.empty)
        .no_rules()
        .args(&["--url-hashes", crate::fixture::s(&file)]);
    let out = build.run();
    out.code(0);
    assert!(
        out.stdout()
            .contains("by hash only: 50 url entries, 0 keyword phrases"),
        "{}",
        out.stdout()
    );
    let list = build.out_path().to_path_buf();

    // Every URL and its variants: subdomains, deeper paths, queries, case.
    for (i, e) in exprs.iter().enumerate() {
        let (host, path) = e.split_once('/').unwrap();
        let variants = [
            format!("http://{host}/{path}"),
            format!(
                "HTTPS://WWW.{}/{path}deeper/page.html?q={i}",
                host.to_uppercase()
            ),
            format!("https://a.b.{host}/{path}x#frag"),
        ];
        for v in variants {
            let run = f.check(&list).url(&v).run();
            run.code(0);
        }
    }
    // 10,000 other URLs match nothing.
    let others: Vec<String> = (0..10_000)
        .map(|i| format!("https://www.other{i}.partner.test/dir{}/page?x={i}", i % 7))
        .collect();
    for chunk in others.chunks(2_500) {
        let mut c = f.check(&list);
        for u in chunk {
            c = c.url(u);
        }
        let run = c.run();
        run.code(1);
        assert_eq!(run.verdicts().len(), chunk.len());
    }
}

#[test]
fn hash_urls_prints_what_python_computes_and_build_reads_it() {
    let f = Fixture::new("hash-urls");
    let out = turnback(["hash", "--urls", crate::fixture::s(&f.urls)]);
    out.code(0);
    let text = out.stdout();
    assert_no_plaintext(&text);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "# turnback hash scheme 1 (list format 1): SHA-256 of Safe Browsing URL expressions"
    );
    let want = python_sha256(&[
        "blocked.turnback.test/".into(),
        "www.turnback.test/blocked/".into(),
        "media.turnback.test/gallery/blocked-set/".into(),
    ]);
    assert_eq!(
        lines[1..],
        [
            want[0].clone(),
            want[1].clone(),
            format!("{}\tdemo-media", want[2])
        ]
    );

    let kw = turnback(["hash", "--keywords", crate::fixture::s(&f.keywords)]);
    kw.code(0);
    assert_no_plaintext(&kw.stdout());
    let url_hashes = f.file("u.hashes", text);
    let kw_hashes = f.file("k.hashes", kw.stdout());
    let build = f.build().urls(&f.empty).keywords(&f.empty).args(&[
        "--url-hashes",
        crate::fixture::s(&url_hashes),
        "--keyword-hashes",
        crate::fixture::s(&kw_hashes),
    ]);
    let out = build.run();
    out.code(0);
    assert!(
        out.stdout()
            .contains("by hash only: 3 url entries, 3 keyword phrases"),
        "{}",
        out.stdout()
    );
    let list = build.out_path().to_path_buf();
    let v = f
        .check(&list)
        .url("http://x.blocked.turnback.test/a")
        .url("https://media.turnback.test/gallery/blocked-set/1.jpg")
        .query("BL0CKED demo-term")
        .query("ｚｏｒｂｌａｘ")
        .query("blocked demolition")
        .run()
        .verdicts();
    let got: Vec<(&str, &str)> = v.iter().map(|l| (l[1].as_str(), l[3].as_str())).collect();
    assert_eq!(
        got,
        [
            ("match", "default"),
            ("match", "demo-media"),
            ("match", "default"),
            ("match", "default"),
            ("no-match", "-")
        ]
    );
}

#[test]
fn a_list_of_hashed_and_plaintext_entries_matches_both_and_exports_both() {
    let f = Fixture::new("hash-mixed");
    let partner = f.file("p.txt", "partner.turnback.test/\n");
    let hashed = turnback(["hash", "--urls", crate::fixture::s(&partner)]);
    hashed.code(0);
    let hashes = f.file("p.hashes", hashed.stdout());
    let build = f
        .build()
        .args(&["--url-hashes", crate::fixture::s(&hashes)]);
    build.run().code(0);
    let list = build.out_path().to_path_buf();
    let run = f
        .check(&list)
        .url("http://blocked.turnback.test/")
        .url("http://www.partner.turnback.test/x")
        .query("zorblax")
        .url("http://unlisted.turnback.test/")
        .run();
    let matched: Vec<String> = run.verdicts().iter().map(|l| l[1].clone()).collect();
    assert_eq!(matched, ["match", "match", "match", "no-match"]);

    // Export gives every URL entry's prefix; a build from it matches the same.
    let out = f.path("exported.txt");
    let e = turnback([
        "export",
        "--list",
        crate::fixture::s(&list),
        "--pub",
        crate::fixture::s(&f.public),
        "--urls-out",
        crate::fixture::s(&out),
    ]);
    e.code(0);
    assert!(
        e.stdout().contains("4 url entries as SHA-256 prefixes"),
        "{}",
        e.stdout()
    );
    let text = String::from_utf8_lossy(&crate::fixture::read(&out)).into_owned();
    assert_no_plaintext(&text);
    assert_eq!(text.lines().filter(|l| !l.starts_with('#')).count(), 4);
    assert!(text.contains("\tdemo-media\n"), "{text}");
    let again = f
        .build()
        .urls(&f.empty)
        .out("again.tbl")
        .args(&["--url-hashes", crate::fixture::s(&out)]);
    again.run().code(0);
    let run = f
        .check(again.out_path())
        .url("https://media.turnback.test/gallery/blocked-set/a")
        .url("http://www.partner.turnback.test/x")
        .url("http://www.turnback.test/blocked/deeper")
        .run();
    assert!(
        run.verdicts().iter().all(|l| l[1] == "match"),
        "{}",
        run.stdout()
    );
}

#[test]
fn refuses_hash_files_it_cannot_use_naming_file_and_line() {
    let f = Fixture::new("hash-refused");
    let cases: [(&str, &str, &str); 6] = [
        (
            "--url-hashes",
            "# turnback hash scheme 2 (list format 1)\n",
            ":1: hash scheme 2: this turnback speaks hash scheme 1",
        ),
        (
            "--url-hashes",
            "https://blocked.turnback.test/\n",
            ":1: looks like a URL, not a hash: give plaintext URLs with --urls",
        ),
        (
            "--url-hashes",
            "# short\nabcdef0123\n",
            ":2: not a SHA-256 hash: want 16 to 64 hex digits",
        ),
        (
            "--url-hashes",
            "zz23456789abcdef\n",
            ":1: not a SHA-256 hash",
        ),
        (
            "--keyword-hashes",
            "turnback-phrase-v2:00:00:1\n",
            ":1: hash scheme 2: this turnback speaks hash scheme 1",
        ),
        (
            "--keyword-hashes",
            "0123456789abcdef\n",
            ":1: not a keyword hash: want `turnback-phrase-v1:",
        ),
    ];
    for (i, (flag, text, want)) in cases.iter().enumerate() {
        let file = f.file(&format!("bad{i}.txt"), text);
        let name = crate::fixture::s(&file).to_string();
        f.build()
            .args(&[flag, &name])
            .refused(&[&format!("{name}{want}"), "no list written"]);
    }
}

#[test]
fn hash_refuses_a_bad_line_and_prints_nothing() {
    let f = Fixture::new("hash-bad");
    let bad = f.file("bad.txt", "blocked.turnback.test/\nmailto:x@y.test\n");
    let err = turnback(["hash", "--urls", crate::fixture::s(&bad)]).refused();
    assert!(err.contains("bad.txt:2: invalid url entry"), "{err}");
    let none = turnback(["hash"]);
    none.code(2);
}
