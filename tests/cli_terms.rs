//! `turnback terms`: prints the search text of a URL; exit 0 found, 1 none,
//! 2 invalid URL.

use assert_cmd::Command;

fn terms(url: &str) -> assert_cmd::assert::Assert {
    Command::cargo_bin("turnback")
        .unwrap_or_else(|e| panic!("{e}"))
        .args(["terms", url])
        .assert()
}

#[test]
fn prints_the_search_text() {
    terms("https://www.bing.com/search?q=some+words")
        .success()
        .stdout("some words\n");
    terms("https://www.google.co.uk/search?q=caf%C3%A9%2520au+lait")
        .success()
        .stdout("café au lait\n");
    terms("https://videos.turnback.test/search/blocked-demo-term/")
        .success()
        .stdout("blocked demo term\n");
    // Scheme-less input and a host with a port are still web URLs.
    terms("www.bing.com/search?q=zorblax")
        .success()
        .stdout("zorblax\n");
    terms("http://localhost:8080/?q=zorblax")
        .success()
        .stdout("zorblax\n");
    terms("localhost:8080/search?q=zorblax")
        .success()
        .stdout("zorblax\n");
}

#[test]
fn no_search_text_exits_1_silently() {
    terms("https://www.youtube.com/watch?v=x")
        .code(1)
        .stdout("");
    terms("https://www.google.com/maps").code(1).stdout("");
}

#[test]
fn invalid_url_exits_2_with_error() {
    for url in [
        "mailto:x",
        "",
        "javascript:void(0)",
        "ftp://www.turnback.test/?q=zorblax",
    ] {
        let out = terms(url).code(2).stdout("").get_output().clone();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with("error:"), "{url:?}: {stderr}");
    }
}
