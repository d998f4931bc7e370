//! `turnback terms`: prints the search text of a URL; exit 0 found, 1 none,
//! 2 invalid URL.

use crate::fixture::turnback;

#[test]
fn prints_the_search_text() {
    for (url, text) in [
        ("https://www.bing.com/search?q=some+words", "some words"),
        (
            "https://www.google.co.uk/search?q=caf%C3%A9%2520au+lait",
            "café au lait",
        ),
        (
            "https://videos.turnback.test/search/blocked-demo-term/",
            "blocked demo term",
        ),
        // Scheme-less input and a host with a port are still web URLs.
        ("www.bing.com/search?q=zorblax", "zorblax"),
        ("http://localhost:8080/?q=zorblax", "zorblax"),
        ("localhost:8080/search?q=zorblax", "zorblax"),
    ] {
        let out = turnback(["terms", url]);
        out.code(0);
        assert_eq!(out.stdout(), format!("{text}\n"), "{url}");
    }
}

#[test]
fn no_search_text_exits_1_silently() {
    for url in [
        "https://www.youtube.com/watch?v=x",
        "https://www.google.com/maps",
    ] {
        let out = turnback(["terms", url]);
        out.code(1);
        assert_eq!(out.stdout(), "", "{url}");
    }
}

#[test]
fn invalid_url_exits_2_with_error() {
    for url in [
        "mailto:x",
        "",
        "javascript:void(0)",
        "ftp://www.turnback.test/?q=zorblax",
    ] {
        let out = turnback(["terms", url]);
        out.code(2);
        assert_eq!(out.stdout(), "", "{url:?}");
        let stderr = out.stderr();
        assert!(stderr.starts_with("error:"), "{url:?}: {stderr}");
    }
}
