//! Search text extraction: every site of the built-in table, decoding, the
//! generic patterns, the fallback, and table parsing and extension.

#[path = "support/table.rs"]
mod table;

use std::collections::BTreeSet;

use proptest::prelude::*;
use turnback::search::{extract, SearchError, SearchText, SiteTable, MAX_TEXT_BYTES};
use turnback::url::canonicalize;

/// One case per line (tests/data/search_cases.txt): the site, the URL,
/// the text.
const CASES: &str = include_str!("data/search_cases.txt");

/// The cases of [`CASES`]: (url, expected text, expected site; `None` =
/// parameter fallback).
fn cases() -> Vec<(&'static str, &'static str, Option<&'static str>)> {
    CASES
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (site, rest) = l.split_once(' ').unwrap_or_else(|| panic!("{l:?}"));
            let (url, text) = rest
                .trim_start()
                .split_once(' ')
                .unwrap_or_else(|| panic!("{l:?}"));
            let site = Some(site).filter(|s| *s != "-");
            (url, text.trim(), site)
        })
        .collect()
}

/// Decoding details, all on Google.
const DECODING: &[(&str, &str)] = &[
    ("q=caf%C3%A9", "café"),
    ("q=caf%c3%a9+au%20lait", "café au lait"),
    ("q=some%2520words", "some words"),
    ("q=some%252520words", "some words"),
    ("q=++some+++words%09%0A", "some words"),
    ("q=&q=+&q=zorblax&q=other", "zorblax"),
    ("q=c%2B%2B", "c++"),
    ("q=a%FFb", "a\u{FFFD}b"),
    ("amp;q=zorblax", "zorblax"),
    ("q=%E3%81%82", "\u{3042}"),
];

const NO_SEARCH: &[&str] = &[
    "https://www.google.com/maps",
    "https://www.google.com/maps?q=zorblax",
    "https://www.google.com/url?q=https://www.turnback.test/",
    "https://www.google.com/",
    "https://www.google.co.uk/search",
    "https://www.google.com/search?q=",
    "https://www.google.com/search?q=+%20+",
    "https://www.google.com/search?tbm=isch",
    "https://www.youtube.com/watch?v=x",
    "https://www.youtube.com/",
    "https://www.bing.com/",
    "https://duckduckgo.com/",
    "https://www.reddit.com/r/somesub/",
    "https://www.tumblr.com/search/",
    "https://www.turnback.test/",
    "https://www.turnback.test/page?id=3&v=x",
    "https://videos.turnback.test/search/",
    "https://videos.turnback.test/tags/",
];

fn got(url: &str) -> Option<SearchText> {
    let u = canonicalize(url).unwrap_or_else(|e| panic!("{url}: {e}"));
    extract(&u)
}

#[test]
fn every_case_extracts_text_and_site() {
    let cases = cases();
    assert_eq!(
        cases.len(),
        125,
        "cases read from tests/data/search_cases.txt"
    );
    table::check(
        "extract",
        cases.into_iter().map(|(url, text, site)| {
            let want = SearchText {
                text: text.to_string(),
                site: site.map(str::to_string),
            };
            (url, Some(want))
        }),
        |url| got(url),
    );
}

#[test]
fn every_builtin_site_has_a_case() {
    let tested: BTreeSet<&str> = cases().iter().filter_map(|c| c.2).collect();
    let names = SiteTable::builtin().site_names();
    assert!(names.len() >= 30, "only {} sites: {names:?}", names.len());
    let missing: Vec<&&str> = names.iter().filter(|n| !tested.contains(**n)).collect();
    assert!(missing.is_empty(), "sites without a test case: {missing:?}");
    let unknown: Vec<&&str> = tested.iter().filter(|n| !names.contains(n)).collect();
    assert!(
        unknown.is_empty(),
        "cases name sites not in the table: {unknown:?}"
    );
}

#[test]
fn decoding() {
    table::check(
        "text of google.com/search?",
        DECODING
            .iter()
            .map(|&(query, text)| (query, Some(text.to_string()))),
        |query| got(&format!("https://www.google.com/search?{query}")).map(|s| s.text),
    );
}

#[test]
fn long_text_is_never_cut() {
    // MAX_TEXT_BYTES is the URL bound: text that fits in a URL is whole.
    const { assert!(MAX_TEXT_BYTES >= turnback::url::MAX_INPUT_BYTES) };
    let url = format!(
        "https://www.google.com/search?q={}zorblax",
        "ab+".repeat(20_000)
    );
    let text = got(&url).map(|s| s.text).unwrap_or_default();
    assert_eq!(text.len(), 20_000 * 3 + "zorblax".len());
    assert!(text.starts_with("ab ab") && text.ends_with(" zorblax"));
}

#[test]
fn padding_does_not_hide_the_text() {
    let google = |query: String| got(&format!("https://www.google.com/search?{query}"));
    let cases = [
        format!("junk={}&q=some+words", "x".repeat(5000)),
        format!("{}q=some+words", "a=b&".repeat(3000)),
        format!("q=&{}q=some+words", "q=&".repeat(3000)),
        format!("q={}some+words", "+".repeat(2000)),
        format!("q={}some+words", "%20".repeat(2000)),
        format!("q={}some+words{}", "%20".repeat(9000), "+".repeat(9000)),
    ];
    for query in cases {
        assert_eq!(
            google(query.clone()).map(|s| s.text).as_deref(),
            Some("some words"),
            "{}",
            query.get(..40).unwrap_or(&query)
        );
    }
    // Characters other than whitespace are the normalizer's to drop; the
    // text keeps them, and still ends with the words.
    let dots = google(format!("q={}+some+words", ".".repeat(30_000)));
    assert!(dots.is_some_and(|s| s.text.len() == 30_011 && s.text.ends_with(". some words")));
    let slug = got(&format!(
        "https://www.turnback.test/search/{}some-words/",
        "-%20".repeat(5000)
    ));
    assert_eq!(slug.map(|s| s.text).as_deref(), Some("some words"));
}

#[test]
fn urls_without_search_give_none() {
    table::check("extract", NO_SEARCH.iter().map(|&url| (url, None)), |url| {
        got(url)
    });
}

#[test]
fn bad_lines_are_named() {
    // (table text, the line its error names)
    let cases = [
        ("google google.* /search q\n\n# note\ntoo few\n", 4),
        ("ok * /a q\nBad-Name * /a q", 2),
        ("ok * /a q\nok * a q", 2),
        ("ok * /a q\nok * /{}/b q", 2),
        ("ok * /a q\nok * /a", 2),
        ("ok * /a q\nok *.turnback.test /a q", 2),
        ("ok * /a q\nok * /**/a q", 2),
        ("ok * /a q\nok * /{}/{} ", 2),
        ("ok * /a q\nok * /a q,,p", 2),
        ("ok * /a q\nok * /a q extra", 2),
    ];
    // The line, and whether the message names it too.
    table::check(
        "SiteTable::parse",
        cases.map(|(text, line)| (text, Ok((line, true)))),
        |text| match SiteTable::parse(text) {
            Err(e @ SearchError::BadLine { line, .. }) => {
                Ok((line, e.to_string().contains(&format!("line {line}"))))
            }
            other => Err(format!("{other:?}")),
        },
    );
}

#[test]
fn too_many_rules_is_an_error() {
    let text = "s * /a q\n".repeat(turnback::search::MAX_RULES + 1);
    assert_eq!(
        SiteTable::parse(&text).err(),
        Some(SearchError::TooManyRules {
            max: turnback::search::MAX_RULES
        })
    );
}

#[test]
fn extend_adds_and_overrides() {
    let url = |s: &str| canonicalize(s).unwrap_or_else(|e| panic!("{s}: {e}"));
    let extra = SiteTable::parse(
        "# a list publisher's sites\n\
         zorb-videos  videos.turnback.test  /find  q\n\
         zorb-bing    bing.com              /search  q\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(extra.len(), 2);

    let mut table = SiteTable::builtin().clone();
    let find = url("https://videos.turnback.test/find?q=some+words");
    let bing = url("https://www.bing.com/search?q=some+words");
    let bing_images = url("https://www.bing.com/images/search?q=some+words");
    assert_eq!(table.extract(&find).and_then(|s| s.site), None);
    assert_eq!(
        table.extract(&bing).and_then(|s| s.site).as_deref(),
        Some("bing")
    );

    table.extend(extra);
    let found = table.extract(&find);
    assert_eq!(found.as_ref().map(|s| s.text.as_str()), Some("some words"));
    assert_eq!(found.and_then(|s| s.site).as_deref(), Some("zorb-videos"));
    assert_eq!(
        table.extract(&bing).and_then(|s| s.site).as_deref(),
        Some("zorb-bing")
    );
    // Paths the publisher did not name keep the built-in rules.
    assert_eq!(
        table.extract(&bing_images).and_then(|s| s.site).as_deref(),
        Some("bing")
    );
    // The publisher named the host, so it no longer gets the generic rules.
    let other = url("https://videos.turnback.test/search/some-words/");
    assert_eq!(table.extract(&other), None);
    assert!(table.site_names().contains(&"zorb-videos"));
    // The built-in table itself is untouched.
    assert_eq!(extract(&find).and_then(|s| s.site), None);
}

#[test]
fn empty_table_finds_nothing() {
    let table = SiteTable::parse("# nothing\n\n").unwrap_or_else(|e| panic!("{e}"));
    assert!(table.is_empty());
    let u =
        canonicalize("https://www.google.com/search?q=zorblax").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(table.extract(&u), None);
}

proptest! {
    #[test]
    fn never_panics_and_stays_bounded(
        host in "[a-z0-9.-]{1,30}",
        path in "(/[a-zA-Z0-9%+_.-]{0,12}){0,5}",
        query in "[a-zA-Z0-9%+=&_.-]{0,80}",
    ) {
        let url = format!("https://{host}{path}?{query}");
        if let Ok(u) = canonicalize(&url) {
            if let Some(s) = extract(&u) {
                prop_assert!(!s.text.is_empty() && s.text.len() <= MAX_TEXT_BYTES);
                prop_assert_eq!(s.text.trim(), s.text.as_str());
                prop_assert!(!s.text.contains("  "));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The search text is found after any number of junk parameters of any
    /// size, within the URL bound.
    #[test]
    fn search_text_follows_any_junk(
        junk in prop::collection::vec(("[a-pr-z_]{1,8}", "[a-zA-Z0-9%+=._~-]{0,40}", 0usize..2000), 0..24),
        after in prop::collection::vec("[a-pr-z]{1,8}=[a-z0-9]{0,8}", 0..4),
    ) {
        let mut query = String::new();
        for (key, value, repeat) in &junk {
            query.push_str(&format!("{key}={}&", value.repeat(repeat / 40 + 1)));
        }
        query.push_str("q=some+words");
        for pair in &after {
            query.push('&');
            query.push_str(pair);
        }
        let url = format!("https://www.google.com/search?{query}");
        prop_assume!(url.len() <= turnback::url::MAX_INPUT_BYTES);
        let found = got(&url);
        prop_assert_eq!(found.as_ref().map(|s| s.text.as_str()), Some("some words"));
        let site = found.and_then(|s| s.site);
        prop_assert_eq!(site.as_deref(), Some("google"));
    }
}
