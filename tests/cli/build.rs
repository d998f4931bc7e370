//! `turnback build`: the summary and the file it writes, and every way it
//! refuses its input without writing anything.

use std::fs;
use std::time::{Duration, SystemTime};

use crate::fixture::{read, s, Fixture, PLAINTEXT};

#[test]
fn prints_a_summary_and_writes_the_list() {
    let f = Fixture::new("build-summary");
    let build = f.build().out("demo.tbl").args(&["--id", "demo-list.v1_x"]);
    let out = build.run();
    out.code(0);
    let list = build.out_path();
    assert_eq!(out.stderr(), "");
    let text = out.stdout();
    assert!(
        text.starts_with(&format!("wrote {}: list demo-list.v1_x", s(list))),
        "{text}"
    );
    assert!(
        text.contains("3 url entries, 3 keyword phrases (3 keyword keys), 1 combination rules"),
        "{text}"
    );
    let bytes = read(list);
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
fn without_rules_or_meta_uses_the_default_category() {
    let f = Fixture::new("build-defaults");
    let urls = f.file("u.txt", "blocked.turnback.test/\n");
    let build = f.build().urls(&urls).no_rules().no_meta();
    let out = build.run();
    out.code(0);
    assert!(
        out.stdout()
            .contains("1 url entries, 3 keyword phrases (3 keyword keys), 0 combination rules"),
        "{}",
        out.stdout()
    );
    let o = f.inspect(build.out_path(), None);
    o.code(0);
    assert!(
        o.stdout().contains("categories  default\n"),
        "{}",
        o.stdout()
    );
}

/// Which source file a bad line goes into.
#[derive(Clone, Copy)]
enum Source {
    Urls,
    Keywords,
    Rules,
}

#[test]
fn rejects_a_bad_source_line_naming_file_and_line() {
    // (case, source, contents, the bad line, what stderr must say about it)
    let cases: &[(&str, Source, &[u8], usize, &str)] = &[
        ("url", Source::Urls, b"# c\nok.turnback.test/\nmailto:x@y.test\n", 3, "invalid url entry"),
        ("phrase-with-no-words", Source::Keywords, b"zorblax\n!!! ... ???\n", 2, "invalid phrase"),
        ("rule-with-one-term", Source::Rules, b"flumox & grindle\nflumox\n", 2, "2 to 4 terms, got 1"),
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
        let build = f.build().no_rules();
        let build = match source {
            Source::Urls => build.urls(&bad),
            Source::Keywords => build.keywords(&bad),
            Source::Rules => build.rules(&bad),
        };
        let err = build.refused(&[
            &format!("{}:{line}: ", s(&bad)),
            reason,
            "1 problem(s) in the input; no list written",
        ]);
        // Only the bad line is reported.
        for other in (1..line).map(|n| format!("{}:{n}:", s(&bad))) {
            assert!(!err.contains(&other), "{case}: {err}");
        }
    }
}

#[test]
fn rejects_a_category_the_metadata_does_not_declare() {
    let f = Fixture::new("build-category");
    // Without --meta only `default` exists, so the demo URLs' category fails.
    let err = f.build().no_rules().no_meta().refused(&[
        &format!("{}:4: unknown category \"demo-media\"", s(&f.urls)),
        "not declared in the metadata",
    ]);
    assert!(err.contains("1 problem(s)"), "{err}");
    // With the metadata declaring it, a category not in it still fails.
    let kw = f.file("k.txt", "zorblax\tdemo-media\nflumox\tother-media\n");
    let err = f
        .build()
        .no_rules()
        .keywords(&kw)
        .refused(&[&format!("{}:2: unknown category \"other-media\"", s(&kw))]);
    assert!(err.contains("1 problem(s)"), "{err}");
}

#[test]
fn rejects_a_non_utf8_source_naming_the_line() {
    // Undecodable text stops the read: the line is named, nothing is counted.
    let f = Fixture::new("build-utf8");
    let kw = f.file("k.txt", b"zorblax\nflumox\ngrin\xffdle\n".as_slice());
    f.build()
        .no_rules()
        .keywords(&kw)
        .refused(&[&format!("{}:3: not valid UTF-8", s(&kw))]);
}

#[test]
fn rejects_a_missing_source() {
    let f = Fixture::new("build-missing");
    let missing = f.path("no-such-keywords.txt");
    f.build()
        .no_rules()
        .keywords(&missing)
        .refused(&[s(&missing)]);
}

#[test]
fn rejects_bad_metadata_json() {
    let f = Fixture::new("build-meta");
    for (name, json, reason) in [
        (
            "m.json",
            "{ \"categories\": [\"default\" ",
            "invalid metadata json",
        ),
        ("m2.json", "{ \"colour\": \"blue\" }", "unknown field"),
    ] {
        let meta = f.file(name, json);
        f.build()
            .no_rules()
            .meta(&meta)
            .refused(&[s(&meta), reason]);
    }
}

/// A `--meta` file with one help service whose phone and name are given.
fn meta_with_service(phone: &str, name: &str) -> String {
    format!(
        r#"{{ "categories": ["default", "demo-media"], "resources": [{{ "id": "help-x", "name": "{name}", "url": "https://help.example/", "phone": "{phone}", "countries": ["*"], "languages": ["en"], "description": "d" }}] }}"#
    )
}

#[test]
fn rejects_a_phone_that_is_not_dialable_as_shown_naming_file_and_field() {
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
        let err = f.build().no_rules().meta(&meta).refused(&[s(&meta), want]);
        assert!(err.starts_with(&format!("error: {}: ", s(&meta))), "{err}");
    }
    // Spaces, parentheses and hyphens are fine.
    let meta = f.file(
        "ok.json",
        meta_with_service("+00 (0) 123-456 789", "Help X"),
    );
    f.build().no_rules().meta(&meta).out("ok.tbl").list();
}

#[test]
fn rejects_bidi_controls_in_metadata_naming_file_and_field() {
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
        f.build().no_rules().meta(&meta).refused(&[s(&meta), want]);
    }
    let meta = f.file(
        "message.json",
        r#"{ "categories": ["default", "demo-media"], "messages": { "en": { "dir": "ltr", "review": "source", "title_search": "t", "title_page": "t", "body": "b\u202a", "help_text": "h", "help_heading": "h", "primary": "p", "no_resources": "n", "phone_label": "p", "chat_label": "c", "website_label": "w" } } }"#,
    );
    f.build()
        .no_rules()
        .meta(&meta)
        .refused(&[s(&meta), "messages.en.body: bidi control U+202A"]);
}

#[test]
fn rejects_a_bad_key_file() {
    let f = Fixture::new("build-key");
    let key = f.file("bad.key", "turnback-secret-key-v1 not-hex\n");
    let demo = || f.build().no_rules().no_meta();
    demo()
        .key(&key)
        .refused(&[s(&key), "key is not 32 bytes of hex"]);
    // A public key is not a secret key.
    demo()
        .key(&f.public)
        .refused(&["not a turnback secret key"]);
}

#[test]
fn validates_the_list_id() {
    let f = Fixture::new("build-id");
    for bad in ["Demo", "", "has space", &"a".repeat(33)] {
        let err = f
            .build()
            .no_rules()
            .args(&["--id", bad])
            .refused(&["list id", "[a-z0-9._-], 1-32 bytes"]);
        assert!(err.contains(&format!("{bad:?}")), "{err}");
    }
    let longest = "a".repeat(32);
    let list = f.build().out("id.tbl").args(&["--id", &longest]).list();
    let o = f.verify(&list, &f.public);
    o.code(0);
    assert!(
        o.stdout().contains(&format!("list {longest} ")),
        "{}",
        o.stdout()
    );
}

#[test]
fn merges_duplicates_with_a_warning_unless_strict() {
    let f = Fixture::new("build-dups");
    let urls = f.file(
        "u.txt",
        "blocked.turnback.test/\nhttps://BLOCKED.turnback.test/\n",
    );
    let kw = f.file("k.txt", "zorblax\n# zorblax\nZORBLAX\nflumox\n");
    let build = || {
        f.build()
            .no_rules()
            .urls(&urls)
            .keywords(&kw)
            .out("dups.tbl")
    };
    let list = build().out_path().to_path_buf();

    // Grouped: one line for the kind of problem, its first occurrence
    // (file:line and text) and how many more there are.
    let out = build().run();
    out.code(0);
    assert_eq!(
        out.stderr(),
        format!(
            "warning: {}:2: duplicate entry, merged: \"https://BLOCKED.turnback.test/\" (and 1 more line(s) like it; --verbose lists them)\n",
            s(&urls)
        )
    );
    let text = out.stdout();
    assert!(
        text.contains("1 url entries, 2 keyword phrases (2 keyword keys), 0 combination rules\n  2 duplicate(s) merged, 2 warning(s)\n"),
        "{text}"
    );
    assert!(list.exists());

    // --verbose lists every occurrence.
    let out = build().args(&["--verbose"]).run();
    out.code(0);
    assert_eq!(
        out.stderr(),
        format!(
            "warning: {}:2: duplicate entry, merged: \"https://BLOCKED.turnback.test/\"\nwarning: {}:3: duplicate entry, merged: \"ZORBLAX\"\n",
            s(&urls),
            s(&kw)
        )
    );

    fs::remove_file(&list).unwrap_or_else(|e| panic!("{e}"));
    let err = build().args(&["--strict"]).run().refused();
    assert!(
        err.contains(&format!("error: {}:2: duplicate entry", s(&urls))),
        "{err}"
    );
    assert!(err.contains("2 problem(s)"), "{err}");
    assert!(!err.contains("warning:"), "{err}");
    assert!(!list.exists());
}

#[test]
fn expires_and_sequence_show_in_verify_and_inspect() {
    let f = Fixture::new("build-expires");
    let list = f
        .build()
        .out("e.tbl")
        .args(&["--expires", "12h", "--sequence", "7"])
        .list();
    let v = f.verify(&list, &f.public);
    v.code(0);
    let line = v.stdout();
    assert!(line.contains(" sequence 7,"), "{line}");

    let i = f.inspect(&list, Some(&f.public));
    i.code(0);
    let text = i.stdout();
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
fn rejects_a_bad_duration_or_sequence_before_doing_anything() {
    let f = Fixture::new("build-args");
    for (arg, option) in [
        ("--expires=soon", "--expires"),
        ("--expires=-1d", "--expires"),
        ("--sequence=-1", "--sequence"),
        ("--sequence=18446744073709551616", "--sequence"),
    ] {
        let build = f.build().no_rules().out("x.tbl").args(&[arg]);
        let out = build.run();
        out.code(2);
        let err = out.stderr();
        assert!(
            err.contains("invalid value") && err.contains(option),
            "{arg}: {err}"
        );
        assert!(!build.out_path().exists());
    }
}

/// A source saved with a UTF-8 byte-order mark: its first line is still a
/// comment, not a keyword entry.
#[test]
fn treats_a_bom_prefixed_first_line_comment_as_a_comment() {
    let f = Fixture::new("build-bom");
    let kw = f.file("k.txt", "\u{feff}# wibbet header words\nzorblax\n");
    let build = f.build().no_rules().urls(&f.empty).keywords(&kw);
    let out = build.run();
    out.code(0);
    assert!(
        out.stdout().contains("1 keyword phrases"),
        "{}",
        out.stdout()
    );
    f.check(build.out_path())
        .query("wibbet header words")
        .run()
        .code(1);
}

#[test]
fn warns_when_a_list_expires_in_under_a_day_and_refuses_it_with_strict() {
    let f = Fixture::new("build-expires-soon");
    let out = f.build().out("soon.tbl").args(&["--expires", "6h"]).run();
    out.code(0);
    assert_eq!(
        out.stderr(),
        "warning: --expires 6h: under one day; every device refuses the list once it expires, so a release must replace it within that time\n"
    );
    let err = f
        .build()
        .args(&["--expires", "23h 59m", "--strict"])
        .refused(&["--expires 23h 59m: under one day"]);
    assert!(!err.contains("warning"), "{err}");
    let day = f.build().out("day.tbl").args(&["--expires", "1day"]).run();
    day.code(0);
    assert_eq!(day.stderr(), "");
}
