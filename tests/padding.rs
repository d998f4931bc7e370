//! Padding must not hide words. Search engines drop runs of spaces,
//! invisible characters, marks and punctuation, and junk URL parameters,
//! and run the search on the words after them; so must the checks. Every
//! case goes through the public engine API. All list words are synthetic.

use turnback::text::MAX_TOKENS;
use turnback::{Engine, ListBuilder, MatchKind};

const WORDS: &str = "blocked demo term";

fn engine() -> Engine {
    let mut b = ListBuilder::new();
    b.add_keyword(WORDS, ListBuilder::DEFAULT_CATEGORY)
        .unwrap_or_else(|e| panic!("{e}"));
    b.build().unwrap_or_else(|e| panic!("{e}"))
}

/// Padding that a search engine strips, each `n` characters long.
fn pads(n: usize) -> Vec<(&'static str, String)> {
    vec![
        ("spaces", " ".repeat(n)),
        ("tabs and newlines", "\t\n".repeat(n / 2)),
        ("ideographic spaces", "\u{3000}".repeat(n)),
        ("zero-width spaces", "\u{200B}".repeat(n)),
        ("zero-width joiners", "\u{200D}".repeat(n)),
        ("soft hyphens", "\u{00AD}".repeat(n)),
        ("byte order marks", "\u{FEFF}".repeat(n)),
        ("tag characters", "\u{E0041}".repeat(n)),
        ("combining marks", "\u{0301}".repeat(n)),
        (
            "mark piles after a space",
            " \u{0337}\u{0301}".repeat(n / 3),
        ),
        ("dots", ".".repeat(n)),
        ("dashes", "-".repeat(n)),
        ("mixed punctuation", "?.,;:/()\"*#".repeat(n / 11)),
        (
            "mixed invisibles",
            " \u{200B}\u{2060}\u{00AD}.".repeat(n / 5),
        ),
    ]
}

fn assert_keyword(e: &Engine, text: &str, what: &str) {
    assert_eq!(
        e.check_query(text).kind(),
        Some(MatchKind::Keyword),
        "{what} ({} bytes)",
        text.len()
    );
}

#[test]
fn padding_before_the_words_is_skipped() {
    let e = engine();
    for (what, pad) in pads(1100) {
        assert_keyword(&e, &format!("{pad}{WORDS}"), what);
        assert_keyword(&e, &format!("{pad}{WORDS}{pad}"), what);
        // Without the last word there is nothing to find.
        assert!(
            !e.check_query(&format!("{pad}blocked demo")).is_match(),
            "{what}"
        );
    }
}

#[test]
fn padding_between_the_words_is_skipped() {
    let e = engine();
    for (what, pad) in pads(1100) {
        let text = format!("blocked{pad} demo {pad}term");
        assert_keyword(&e, &text, what);
    }
}

#[test]
fn padding_up_to_sixty_kilobytes_is_skipped() {
    let e = engine();
    for (what, pad) in pads(60_000) {
        // Multi-byte padding is cut to stay under the input bound.
        let mut pad = pad;
        let mut end = pad.len().min(60_000);
        while !pad.is_char_boundary(end) {
            end -= 1;
        }
        pad.truncate(end);
        assert_keyword(&e, &format!("{pad}{WORDS}"), what);
    }
}

#[test]
fn words_count_toward_the_cap_and_padding_does_not() {
    let e = engine();
    // The cap is on words: padding between the filler words costs nothing.
    let filler = |n: usize| "zorb \u{200B}\u{200B}. ".repeat(n);
    assert_keyword(&e, &format!("{}{WORDS}", filler(MAX_TOKENS - 3)), "filler");
    // Words past the first MAX_TOKENS are not read.
    let late = format!("{}{WORDS}", filler(MAX_TOKENS));
    assert!(!e.check_query(&late).is_match());
}

/// A Google search URL whose `q` value is `value`.
fn google(value: &str) -> String {
    format!("https://www.google.com/search?q={value}")
}

#[test]
fn padded_search_urls_match() {
    let e = engine();
    let words = "blocked+demo+term";
    let urls = [
        // junk parameters before the search text
        format!(
            "https://www.google.com/search?junk={}&q={words}",
            "x".repeat(5000)
        ),
        format!(
            "https://www.google.com/search?{}q={words}",
            "aq=zorb&oq=&sourceid=chrome&".repeat(400)
        ),
        // whitespace the site collapses
        google(&format!("{}{words}", "+".repeat(2000))),
        google(&format!("{}{words}", "%20".repeat(2000))),
        google(&format!("{}{words}", "%2520".repeat(2000))),
        google(&format!("{}{words}", "%09%0A".repeat(2000))),
        // characters the site ignores
        google(&format!("{}+{words}", ".".repeat(3000))),
        google(&format!("{}{words}", "%E2%80%8B".repeat(5000))),
        google(&format!("{}{words}", "%CC%81".repeat(5000))),
        google(&format!("{}{words}", "%2C%3B%21%3F".repeat(2000))),
        // search slugs
        format!(
            "https://www.turnback.test/search/{}blocked-demo-term/",
            "-".repeat(3000)
        ),
        format!(
            "https://www.turnback.test/search/{}blocked%20demo%20term/",
            "%20".repeat(3000)
        ),
        format!(
            "https://www.tumblr.com/tagged/{}blocked-demo-term",
            "_".repeat(3000)
        ),
    ];
    for url in &urls {
        assert!(url.len() <= turnback::url::MAX_INPUT_BYTES);
        let v = e.check_navigation(url);
        assert_eq!(
            v.kind(),
            Some(MatchKind::Keyword),
            "{}...",
            url.get(..80).unwrap_or(url)
        );
        // The same URL without the last word does not match.
        let near = url.replace("term", "zorb");
        assert!(!e.check_navigation(&near).is_match());
    }
}

#[test]
fn padding_up_to_the_url_limit_is_skipped() {
    let e = engine();
    let tail = "+blocked+demo+term";
    let head = google("").len();
    for unit in ["%20", "+", ".", "%E2%80%8B"] {
        let n = (turnback::url::MAX_INPUT_BYTES - head - tail.len()) / unit.len();
        let url = google(&format!("{}{tail}", unit.repeat(n)));
        assert!(url.len() <= turnback::url::MAX_INPUT_BYTES);
        assert!(url.len() + unit.len() > turnback::url::MAX_INPUT_BYTES);
        assert_eq!(
            e.check_navigation(&url).kind(),
            Some(MatchKind::Keyword),
            "{unit}"
        );
    }
}
