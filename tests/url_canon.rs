//! Table-driven tests of URL canonicalization and expressions: every
//! canonicalization example published in the Safe Browsing "URLs and
//! Hashing" spec, its expression examples, and the IP, IDN and failure
//! cases the spec describes in prose. Hosts are the spec's own neutral
//! examples or synthetic names under reserved TLDs.

#[path = "data/idn_hosts.rs"]
mod idn_hosts;
#[path = "support/table.rs"]
mod table;

use std::ops::ControlFlow;

use sha2::{Digest, Sha256};
use turnback::url::{
    canonicalize, expressions, for_each_expression, CanonicalUrl, UrlError, MAX_EXPRESSIONS,
    MAX_HOST_BYTES, MAX_INPUT_BYTES,
};

fn canon(input: &str) -> CanonicalUrl {
    match canonicalize(input) {
        Ok(u) => u,
        Err(e) => panic!("canonicalize({input:?}) failed: {e}"),
    }
}

/// The canonical form of `input` as text, or why it has none.
fn canonical(input: &str) -> Result<String, UrlError> {
    canonicalize(input).map(|u| u.to_string())
}

fn check_table(cases: &[(&str, &str)]) {
    let want = |w: &str| Ok(w.to_string());
    table::check(
        "canonicalize",
        cases.iter().map(|&(input, w)| (input, want(w))),
        |input| canonical(input),
    );
}

/// Every example of developers.google.com/safe-browsing/v4/urls-hashing
/// #canonicalization, in the published order.
#[test]
fn published_canonicalization_examples() {
    check_table(&[
        ("http://host/%25%32%35", "http://host/%25"),
        ("http://host/%25%32%35%25%32%35", "http://host/%25%25"),
        ("http://host/%2525252525252525", "http://host/%25"),
        ("http://host/asdf%25%32%35asd", "http://host/asdf%25asd"),
        ("http://host/%%%25%32%35asd%%", "http://host/%25%25%25asd%25%25"),
        ("http://www.google.com/", "http://www.google.com/"),
        (
            "http://%31%36%38%2e%31%38%38%2e%39%39%2e%32%36/%2E%73%65%63%75%72%65/%77%77%77%2E%65%62%61%79%2E%63%6F%6D/",
            "http://168.188.99.26/.secure/www.ebay.com/",
        ),
        (
            "http://195.127.0.11/uploads/%20%20%20%20/.verify/.eBaysecure=updateuserdataxplimnbqmn-xplmvalidateinfoswqpcmlx=hgplmcx/",
            "http://195.127.0.11/uploads/%20%20%20%20/.verify/.eBaysecure=updateuserdataxplimnbqmn-xplmvalidateinfoswqpcmlx=hgplmcx/",
        ),
        (
            "http://host%23.com/%257Ea%2521b%2540c%2523d%2524e%25f%255E00%252611%252A22%252833%252944_55%252B",
            "http://host%23.com/~a!b@c%23d$e%25f^00&11*22(33)44_55+",
        ),
        ("http://3279880203/blah", "http://195.127.0.11/blah"),
        ("http://www.google.com/blah/..", "http://www.google.com/"),
        ("www.google.com/", "http://www.google.com/"),
        ("www.google.com", "http://www.google.com/"),
        ("http://www.evil.com/blah#frag", "http://www.evil.com/blah"),
        ("http://www.GOOgle.com/", "http://www.google.com/"),
        ("http://www.google.com.../", "http://www.google.com/"),
        ("http://www.google.com/foo\tbar\rbaz\n2", "http://www.google.com/foobarbaz2"),
        ("http://www.google.com/q?", "http://www.google.com/q?"),
        ("http://www.google.com/q?r?", "http://www.google.com/q?r?"),
        ("http://www.google.com/q?r?s", "http://www.google.com/q?r?s"),
        ("http://evil.com/foo#bar#baz", "http://evil.com/foo"),
        ("http://evil.com/foo;", "http://evil.com/foo;"),
        ("http://evil.com/foo?bar;", "http://evil.com/foo?bar;"),
        // The spec writes the raw bytes 0x01 0x80; a Rust &str cannot hold a
        // lone 0x80, so it is given as `%80`, which unescaping turns into the
        // same byte before the host is processed.
        ("http://\x01%80.com/", "http://%01%80.com/"),
        ("http://notrailingslash.com", "http://notrailingslash.com/"),
        ("http://www.gotaport.com:1234/", "http://www.gotaport.com/"),
        ("  http://www.google.com/  ", "http://www.google.com/"),
        ("http:// leadingspace.com/", "http://%20leadingspace.com/"),
        ("http://%20leadingspace.com/", "http://%20leadingspace.com/"),
        ("%20leadingspace.com/", "http://%20leadingspace.com/"),
        ("https://www.securesite.com/", "https://www.securesite.com/"),
        ("http://host.com/ab%23cd", "http://host.com/ab%23cd"),
        ("http://host.com//twoslashes?more//slashes", "http://host.com/twoslashes?more//slashes"),
    ]);
}

/// Further cases from google/safebrowsing's urls_test.go whose expected
/// output agrees with the published spec (the Go client drops queries and
/// keeps lowercase escapes, so those cases are adapted, never contradicted).
#[test]
fn go_client_examples_that_agree_with_the_spec() {
    check_table(&[
        ("http://google.com./foo.html", "http://google.com/foo.html"),
        (
            "http://google.com.:8080/foo.html",
            "http://google.com/foo.html",
        ),
        ("http://google...com/foo.html", "http://google.com/foo.html"),
        ("http://..google.com/foo.html", "http://google.com/foo.html"),
        (
            "http://192.168.0.1:80/index.html",
            "http://192.168.0.1/index.html",
        ),
        ("http://0x12.0x43.0x44.0x01", "http://18.67.68.1/"),
        (
            "http://a.com/foo/.././bar/./../foo.html",
            "http://a.com/foo.html",
        ),
        ("http://a.com//a//b///c////", "http://a.com/a/b/c/"),
        ("ftp://ftp.myfiles.com/", "ftp://ftp.myfiles.com/"),
        ("http://some%1bhost.com/%1b", "http://some%1Bhost.com/%1B"),
        ("http://W!eird<>Ho$^.com/", "http://w!eird<>ho$^.com/"),
        (
            "http://i.have.way.too.many.dots.com/",
            "http://i.have.way.too.many.dots.com/",
        ),
        ("http://www.\u{fc}mlat.com/", "http://www.xn--mlat-zra.com/"),
        (
            "http://[2001:470:1:18::114]/",
            "http://[2001:470:1:18::114]/",
        ),
        (
            "www.google.com:8080/foo.html",
            "http://www.google.com/foo.html",
        ),
        ("www.google.com:80", "http://www.google.com/"),
        (
            "http://www.google.com/q?r?s%3F",
            "http://www.google.com/q?r?s%3F",
        ),
    ]);
}

#[test]
fn the_query_is_kept_as_given() {
    check_table(&[
        (
            "http://a.turnback.test/p?q=%41%26b&c=d",
            "http://a.turnback.test/p?q=%41%26b&c=d",
        ),
        (
            "http://a.turnback.test/p?q=a%2fb/../c",
            "http://a.turnback.test/p?q=a%2fb/../c",
        ),
        // Only what a URL cannot carry raw is escaped, as a browser sends it.
        (
            "http://a.turnback.test/p?q=a b\u{fc}",
            "http://a.turnback.test/p?q=a%20b%C3%BC",
        ),
        ("http://a.turnback.test?x", "http://a.turnback.test/?x"),
        ("http://a.turnback.test/p?", "http://a.turnback.test/p?"),
        // A `?` that only unescaping reveals starts the query, as when the
        // spec unescapes the whole URL and then parses it.
        (
            "http://a.turnback.test/p%3Fx/y?z",
            "http://a.turnback.test/p?x/y?z",
        ),
        ("http://a.turnback.test/p%3F", "http://a.turnback.test/p?"),
    ]);
    let u = canon("http://a.turnback.test/p?q=1&r=%41");
    assert_eq!(u.query(), Some("q=1&r=%41"));
    assert_eq!(canon("http://a.turnback.test/p").query(), None);
    assert_eq!(canon("http://a.turnback.test/p?").query(), Some(""));
}

#[test]
fn accessors_split_the_canonical_url() {
    let u = canon("HTTPS://WWW.Turnback.test:443/A/b.html?Q=1");
    assert_eq!(u.scheme(), "https");
    assert_eq!(u.host(), "www.turnback.test");
    assert_eq!(u.path(), "/A/b.html");
    assert_eq!(u.query(), Some("Q=1"));
    assert!(!u.is_ip());
    assert_eq!(u.expression(), "www.turnback.test/A/b.html?Q=1");
    assert_eq!(u.to_string(), "https://www.turnback.test/A/b.html?Q=1");

    let bare = canon("blocked.turnback.test/");
    assert_eq!(bare.scheme(), "http");
    assert_eq!(bare.expression(), "blocked.turnback.test/");
    assert_eq!(
        canon("www.turnback.test/blocked/").expression(),
        "www.turnback.test/blocked/"
    );
    assert_eq!(canon("www.turnback.test").path(), "/");
}

#[test]
fn paths_resolve_dots_and_slashes() {
    check_table(&[
        ("http://a.test/a/b/..", "http://a.test/a/"),
        ("http://a.test/a/b/.", "http://a.test/a/b/"),
        ("http://a.test/../../x", "http://a.test/x"),
        ("http://a.test/a/%2e%2E/b", "http://a.test/b"),
        ("http://a.test/a%2fb", "http://a.test/a/b"),
        ("http://a.test/%0a%09", "http://a.test/%0A%09"),
        ("http://a.test/\u{e9}", "http://a.test/%C3%A9"),
        ("http://a.test/x y", "http://a.test/x%20y"),
        ("http://a.test/x #frag", "http://a.test/x"),
    ]);
}

#[test]
fn userinfo_and_port_are_dropped() {
    check_table(&[
        (
            "http://user:pass@a.turnback.test:8080/x",
            "http://a.turnback.test/x",
        ),
        ("http://user@a.turnback.test/", "http://a.turnback.test/"),
        ("http://a@b@a.turnback.test/", "http://a.turnback.test/"),
        ("http://a.turnback.test:/", "http://a.turnback.test/"),
        ("https://[2001:db8::1]:8443/x", "https://[2001:db8::1]/x"),
        ("a.turnback.test:8080?q", "http://a.turnback.test/?q"),
    ]);
}

#[test]
fn ipv4_forms_become_dotted_quads() {
    check_table(&[
        ("http://3279880203/blah", "http://195.127.0.11/blah"),
        ("http://0x7f.1/", "http://127.0.0.1/"),
        ("http://017700000001/", "http://127.0.0.1/"),
        ("http://0x7F000001/", "http://127.0.0.1/"),
        ("http://127.1/", "http://127.0.0.1/"),
        ("http://1.2/", "http://1.0.0.2/"),
        ("http://1.2.3/", "http://1.2.0.3/"),
        ("http://12.0x12.01234/", "http://12.18.2.156/"),
        ("http://012.034.01.055/", "http://10.28.1.45/"),
        ("http://167838211/", "http://10.1.2.3/"),
        ("http://4294967295/", "http://255.255.255.255/"),
        ("http://1.2.3.4./", "http://1.2.3.4/"),
        // Not an address, so an ordinary (if unresolvable) host name.
        ("http://4294967296/", "http://4294967296/"),
        ("http://1.2.3.4.5/", "http://1.2.3.4.5/"),
        ("http://1.2.3.256/", "http://1.2.3.256/"),
        ("http://08.1.2.3/", "http://08.1.2.3/"),
    ]);
    assert!(canon("http://0x7f.1/").is_ip());
    assert!(!canon("http://1.2.3.4.5/").is_ip());
}

#[test]
fn ipv6_forms() {
    check_table(&[
        ("http://[2001:0DB8:0000::1]/", "http://[2001:db8::1]/"),
        ("http://[2001:db8:0:0:0:0:0:1]/x", "http://[2001:db8::1]/x"),
        (
            "http://[FEDC:BA98:7654:3210:FEDC:BA98:7654:3210]:80/index.html",
            "http://[fedc:ba98:7654:3210:fedc:ba98:7654:3210]/index.html",
        ),
        ("http://[::1]/", "http://[::1]/"),
        ("http://[::ffff:1.2.3.4]/", "http://1.2.3.4/"),
        ("http://[::FFFF:0102:0304]/", "http://1.2.3.4/"),
        ("http://[64:ff9b::1.2.3.4]/", "http://1.2.3.4/"),
        ("http://[64:ff9b::102:304]/", "http://1.2.3.4/"),
        (
            "[2001:470:1:18::114]/a/b",
            "http://[2001:470:1:18::114]/a/b",
        ),
    ]);
    assert!(canon("http://[2001:db8::1]/").is_ip());
    assert!(canon("http://[::ffff:1.2.3.4]/").is_ip());
    let bad = [
        "http://[1:2:3]/",
        "http://[::g]/",
        "http://[1::2::3]/",
        "http://[2001:db8::1/",
        "http://[2001:db8::1]x/",
        "http://[fe80::1%25eth0]/",
        "http://[]/",
        "http://[1.2.3.4]/",
    ];
    table::check(
        "canonicalize",
        bad.map(|input| (input, Err(UrlError::InvalidIpv6))),
        |input| canonical(input),
    );
}

/// The shared table (tests/data/idn_hosts.rs), which the Wasm module's
/// platform conversion is held to as well.
#[test]
fn idn_hosts_become_punycode() {
    table::check(
        "canonicalize",
        idn_hosts::IDN_HOSTS
            .iter()
            .map(|(input, want)| (*input, want.clone().map(str::to_string))),
        |input| canonical(input),
    );
}

#[test]
fn failures_name_the_reason() {
    let long = format!("http://a.turnback.test/{}", "a".repeat(MAX_INPUT_BYTES));
    let long_host = format!("http://{}.test/", "a.".repeat(MAX_HOST_BYTES));
    let cases: &[(&str, UrlError)] = &[
        ("", UrlError::Empty),
        ("   ", UrlError::Empty),
        (" \t\r\n ", UrlError::Empty),
        ("#ref", UrlError::Empty),
        ("mailto:bryner@google.com", UrlError::BadScheme),
        ("mailto:x@y.test", UrlError::BadScheme),
        ("javascript:alert(1)", UrlError::BadScheme),
        ("http:www.google.com:8080/foo.html", UrlError::BadScheme),
        ("/blah", UrlError::NoHost),
        ("/asdf", UrlError::NoHost),
        (":", UrlError::NoHost),
        ("/blah#ref", UrlError::NoHost),
        ("?query#ref", UrlError::NoHost),
        ("/blah?query#ref", UrlError::NoHost),
        ("/blah;param", UrlError::NoHost),
        ("http://", UrlError::NoHost),
        ("http://#ref", UrlError::NoHost),
        ("http:///x", UrlError::NoHost),
        ("http:///blah#ref", UrlError::NoHost),
        ("http://?query#ref", UrlError::NoHost),
        ("http:///blah?query#ref", UrlError::NoHost),
        ("http:///blah;param", UrlError::NoHost),
        ("http:///blah;param?query#ref", UrlError::NoHost),
        ("http://.../", UrlError::NoHost),
        ("http://user@/x", UrlError::NoHost),
        ("http://a%2fb.test/", UrlError::InvalidHost),
        ("http://a%40b.test/", UrlError::InvalidHost),
        ("http://a%3a80.test/", UrlError::InvalidHost),
        ("http%3A%2F%2Fwackyurl.com:80/", UrlError::InvalidHost),
        ("http://a\u{ff0f}b.test/", UrlError::InvalidHost),
        // Not a port, so `www.google.com:` reads as a scheme without `//`.
        ("www.google.com:xxyy/foo.html:80", UrlError::BadScheme),
        ("http://a.turnback.test:8o/", UrlError::InvalidPort),
        (&long_host, UrlError::HostTooLong),
    ];
    table::check(
        "canonicalize",
        cases
            .iter()
            .map(|(input, want)| (*input, Err(want.clone()))),
        |input| canonical(input),
    );
    assert_eq!(
        canonicalize(&long),
        Err(UrlError::TooLong {
            len: long.len(),
            max: MAX_INPUT_BYTES
        })
    );
    // At the limit exactly, the input is accepted.
    let at_limit = format!(
        "http://a.turnback.test/{}",
        "a".repeat(MAX_INPUT_BYTES - 23)
    );
    assert_eq!(at_limit.len(), MAX_INPUT_BYTES);
    assert!(canonicalize(&at_limit).is_ok());
}

#[test]
fn error_messages_are_lowercase() {
    for e in [
        UrlError::Empty,
        UrlError::TooLong { len: 1, max: 0 },
        UrlError::BadScheme,
        UrlError::NoHost,
        UrlError::InvalidHost,
        UrlError::HostTooLong,
        UrlError::InvalidIpv6,
        UrlError::InvalidPort,
    ] {
        let msg = e.to_string();
        assert!(msg.starts_with(|c: char| c.is_ascii_lowercase()), "{msg:?}");
    }
}

fn check_expressions(cases: &[(&str, &[&str])]) {
    table::check("expressions", cases.iter().copied(), |input| {
        expressions(&canon(input))
    });
}

/// The spec's suffix/prefix examples, exactly and in order.
#[test]
fn published_expression_examples() {
    check_expressions(&[
        (
            "http://a.b.c/1/2.html?param=1",
            &[
                "a.b.c/1/2.html?param=1",
                "a.b.c/1/2.html",
                "a.b.c/",
                "a.b.c/1/",
                "b.c/1/2.html?param=1",
                "b.c/1/2.html",
                "b.c/",
                "b.c/1/",
            ],
        ),
        (
            "http://a.b.c.d.e.f.g/1.html",
            &[
                "a.b.c.d.e.f.g/1.html",
                "a.b.c.d.e.f.g/",
                "c.d.e.f.g/1.html",
                "c.d.e.f.g/",
                "d.e.f.g/1.html",
                "d.e.f.g/",
                "e.f.g/1.html",
                "e.f.g/",
                "f.g/1.html",
                "f.g/",
            ],
        ),
        ("http://1.2.3.4/1/", &["1.2.3.4/1/", "1.2.3.4/"]),
    ]);
}

/// The spec publishes the SHA-256 of each expression of its examples;
/// matching them proves the expressions byte for byte, in order.
#[test]
fn published_expression_hashes() {
    let hashes: &[(&str, &[&str])] = &[
        (
            "http://a.b.c/1/2.html?param=1",
            &[
                "1cd5cf5ed8e6df424bdbb400f7b2a3fcb215c4c3f7fa2965a11446cde3c162f3",
                "8b19a5a51125f023af4a26e2aef4caae352623d05ffdc859433be84823ec4053",
                "f9c142c4c0c9e669e0924b45f5b1b8dd1fdf85d182b674a4ec415b1f58ac2667",
                "59e650c465d9cbded1f95322e19fb1481f9500342a240c4a18a7a5ef4b103e1c",
                "9b7d85bbdfa3c8ba1796a96ea91094730350c8b12a9552028123b1cc1918cc56",
                "1803dee47cc6adec025aefd26ff5b44408f14d6e250defe7d0ae2444f0f8e106",
                "b225cf5dcf266f3ff0b32319a72cf23fca7c53c98cb4af1a7bbfe413415407f1",
                "ac5f446d55d0807d211e05fd5482534b0dc99d7b9f255174f9dba30b9ebc01ac",
            ],
        ),
        (
            "http://1.2.3.4/1/",
            &[
                "5c9f354119e8d3f82e1bc01545ec7a656da70453e6bfc053ac8b257bdd4d8ef6",
                "3f008b863ca6e954c31859665454f9cbcb10760acb7ebc536d6da1ccac94618d",
            ],
        ),
    ];
    table::check("sha256 of expressions", hashes.iter().copied(), |input| {
        expressions(&canon(input))
            .iter()
            .map(|e| {
                Sha256::digest(e.as_bytes())
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
    });
}

#[test]
fn more_expression_cases() {
    check_expressions(&[
        // google/safebrowsing's urls_test.go, in spec order.
        (
            "http://a.b.c/1/2/3/4/5/",
            &[
                "a.b.c/1/2/3/4/5/",
                "a.b.c/",
                "a.b.c/1/",
                "a.b.c/1/2/",
                "a.b.c/1/2/3/",
                "b.c/1/2/3/4/5/",
                "b.c/",
                "b.c/1/",
                "b.c/1/2/",
                "b.c/1/2/3/",
            ],
        ),
        (
            "http://a.b.c.d.e/1.html",
            &[
                "a.b.c.d.e/1.html",
                "a.b.c.d.e/",
                "b.c.d.e/1.html",
                "b.c.d.e/",
                "c.d.e/1.html",
                "c.d.e/",
                "d.e/1.html",
                "d.e/",
            ],
        ),
        (
            "http://[2001:470:1:18::114]/a/b",
            &[
                "[2001:470:1:18::114]/a/b",
                "[2001:470:1:18::114]/",
                "[2001:470:1:18::114]/a/",
            ],
        ),
        ("http://a.b/", &["a.b/"]),
        ("http://b/", &["b/"]),
        ("http://b/x?", &["b/x?", "b/x", "b/"]),
        ("http://a.b/?", &["a.b/?", "a.b/"]),
        ("http://a.b/1/", &["a.b/1/", "a.b/"]),
        (
            "http://a.b/1/2/3/",
            &["a.b/1/2/3/", "a.b/", "a.b/1/", "a.b/1/2/"],
        ),
        (
            "http://1.2.3.4/a/b",
            &["1.2.3.4/a/b", "1.2.3.4/", "1.2.3.4/a/"],
        ),
    ]);
}

#[test]
fn expressions_are_capped_at_thirty() {
    let u = canon("http://a.b.c.d.e.f.g.h.i.j.test/1/2/3/4/5/6/7/8.html?q=1");
    let all = expressions(&u);
    assert_eq!(all.len(), MAX_EXPRESSIONS);
    assert_eq!(
        all.first().map(String::as_str),
        Some("a.b.c.d.e.f.g.h.i.j.test/1/2/3/4/5/6/7/8.html?q=1")
    );
    assert_eq!(
        all.get(5).map(String::as_str),
        Some("a.b.c.d.e.f.g.h.i.j.test/1/2/3/")
    );
    assert_eq!(all.last().map(String::as_str), Some("j.test/1/2/3/"));
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), all.len());
}

#[test]
fn for_each_expression_stops_on_break() {
    let u = canon("http://a.b.c/1/2.html?param=1");
    let mut seen = Vec::new();
    for_each_expression(&u, |e| {
        seen.push(e.to_owned());
        if seen.len() == 3 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    assert_eq!(seen, ["a.b.c/1/2.html?param=1", "a.b.c/1/2.html", "a.b.c/"]);
}
