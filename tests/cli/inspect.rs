//! `turnback inspect`: header, counts and sizes of a list, never its
//! plaintext; the signature checked only when given a key.

use crate::fixture::{assert_no_plaintext, read, s, tampered, Fixture, KEYWORDS};

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

#[test]
fn shows_header_counts_sizes_languages_and_resources() {
    let f = Fixture::new("inspect");
    let list = f.build().args(&["--id", "demo", "--sequence", "9"]).list();
    let out = f.inspect(&list, None);
    out.code(0);
    assert_eq!(out.stderr(), "");
    let text = out.stdout();
    assert!(text.contains("list        demo\n"), "{text}");
    assert!(text.contains("sequence    9\n"), "{text}");
    assert!(text.contains("key id      "), "{text}");
    assert!(
        text.contains("signature   NOT checked (give --pub to verify)"),
        "{text}"
    );
    assert!(!text.contains("verified"), "{text}");
    assert!(
        text.contains("entries     3 url entries, 3 keyword keys, 1 combination rules (2 combination term keys)\n"),
        "{text}"
    );
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
    assert!(
        text.contains(
            "categories  default, demo-media\n  default        2 url entries, 3 keyword keys, 1 combination rules\n  demo-media     1 url entries, 0 keyword keys, 0 combination rules\n"
        ),
        "{text}"
    );
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
fn with_pub_verifies_the_signature() {
    let f = Fixture::new("inspect-pub");
    let list = f.list();
    let out = f.inspect(&list, Some(&f.public));
    out.code(0);
    let text = out.stdout();
    assert!(text.contains("signature   verified\n"), "{text}");
    assert!(!text.contains("NOT checked"), "{text}");
    assert_no_plaintext(&text);

    // A tampered list: shown without --pub (saying the signature was not
    // checked), refused with it.
    let bad = f.file("tampered.tbl", tampered(read(&list)));
    let out = f.inspect(&bad, None);
    out.code(0);
    assert!(out.stdout().contains("NOT checked"), "{}", out.stdout());
    let out = f.inspect(&bad, Some(&f.public));
    out.code(2);
    assert_eq!(out.stdout(), "");
    assert!(out.stderr().contains("signature"), "{}", out.stderr());
    let (_, other_pub) = f.other_key();
    f.inspect(&list, Some(&other_pub)).code(2);
}

#[test]
fn rejects_what_is_not_a_list() {
    let f = Fixture::new("inspect-bad");
    let words = f.file("words.tbl", KEYWORDS.repeat(10));
    let out = f.inspect(&words, None);
    out.code(2);
    assert_eq!(out.stdout(), "");
    assert!(out.stderr().contains("bad magic"), "{}", out.stderr());
    let missing = f.path("missing.tbl");
    let out = f.inspect(&missing, None);
    out.code(2);
    assert!(out.stderr().contains(s(&missing)), "{}", out.stderr());
}
