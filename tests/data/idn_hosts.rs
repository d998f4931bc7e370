//! Internationalized host names and their canonical URLs: one table for
//! the native build (the idna crate, tests/url_canon.rs) and the Wasm
//! module (the platform's URL parser, tests/wasm_common), so the two are
//! held to the same answers. Only code points whose UTS 46 mapping has not
//! changed for years, so the Unicode version of a parser cannot change an
//! answer (U+1E9E, capital sharp s, is left out: it maps to `ß` since UTS 46
//! for Unicode 15.1, which the idna crate follows, but to `ss` in Node 20).

use turnback::url::UrlError;

/// Input URL, then its canonical form or why it is refused.
pub const IDN_HOSTS: &[(&str, Result<&str, UrlError>)] = &[
    ("http://b\u{fc}cher.test/", Ok("http://xn--bcher-kva.test/")),
    ("http://B\u{dc}CHER.test/", Ok("http://xn--bcher-kva.test/")),
    ("http://b%C3%BCcher.test/", Ok("http://xn--bcher-kva.test/")),
    // Ideographic and trailing full stops are dots.
    (
        "http://www\u{3002}b\u{fc}cher.test/",
        Ok("http://www.xn--bcher-kva.test/"),
    ),
    (
        "http://b\u{fc}cher.test\u{3002}/",
        Ok("http://xn--bcher-kva.test/"),
    ),
    // Full-width forms map to ASCII, digits to an IPv4 address.
    (
        "http://\u{ff54}\u{ff45}\u{ff53}\u{ff54}\u{e9}.example/",
        Ok("http://xn--test-epa.example/"),
    ),
    (
        "http://\u{ff11}\u{ff12}\u{ff17}.0.0.1/",
        Ok("http://127.0.0.1/"),
    ),
    // Nontransitional: sharp s and final sigma are kept, not mapped.
    ("http://stra\u{df}e.test/", Ok("http://xn--strae-oqa.test/")),
    (
        "http://\u{3c3}\u{3bf}\u{3c6}\u{3bf}\u{3c2}.test/",
        Ok("http://xn--0xaajbq.test/"),
    ),
    (
        "http://\u{130}stanbul.test/",
        Ok("http://xn--istanbul-o0e.test/"),
    ),
    ("http://\u{2126}.test/", Ok("http://xn--bya.test/")),
    // Soft hyphen is mapped to nothing; a decomposed accent is composed.
    ("http://a\u{ad}b\u{e9}.test/", Ok("http://xn--ab-cja.test/")),
    ("http://a\u{301}.test/", Ok("http://xn--1ca.test/")),
    ("http://\u{ad}/", Err(UrlError::NoHost)),
    // Scripts: right-to-left, Devanagari (with a joiner after a virama,
    // which CheckJoiners allows), Japanese, an emoji.
    ("http://\u{5d0}\u{5d1}.test/", Ok("http://xn--4dbc.test/")),
    (
        "http://\u{627}\u{644}\u{639}\u{631}\u{628}\u{64a}\u{629}.test/",
        Ok("http://xn--mgbcd4a2b0d2b.test/"),
    ),
    (
        "http://\u{939}\u{93f}\u{928}\u{94d}\u{926}\u{940}.test/",
        Ok("http://xn--j2bd4cyah0f.test/"),
    ),
    (
        "http://\u{915}\u{94d}\u{200d}\u{937}.test/",
        Ok("http://xn--11b2ezcw70k.test/"),
    ),
    (
        "http://\u{4f8b}\u{3048}.test/",
        Ok("http://xn--r8jz45g.test/"),
    ),
    ("http://\u{1f600}.test/", Ok("http://xn--e28h.test/")),
    // Hyphens anywhere (the URL Standard does not check them).
    ("http://-\u{e9}.test/", Ok("http://xn----bga.test/")),
    ("http://ab--\u{e9}.test/", Ok("http://xn--ab---epa.test/")),
    // Punycode labels beside Unicode ones are kept; broken ones refused.
    (
        "http://caf\u{e9}.xn--bcher-kva.test/",
        Ok("http://xn--caf-dma.xn--bcher-kva.test/"),
    ),
    ("http://xn--zz\u{e9}.test/", Err(UrlError::InvalidHost)),
    // Refused by UTS 46: a joiner out of context, a label that breaks the
    // bidi rule, a leading combining mark, a disallowed code point.
    ("http://a\u{200d}\u{e9}.test/", Err(UrlError::InvalidHost)),
    ("http://\u{5d0}a.test/", Err(UrlError::InvalidHost)),
    ("http://\u{301}a\u{e9}.test/", Err(UrlError::InvalidHost)),
    ("http://\u{2488}a\u{e9}.test/", Err(UrlError::InvalidHost)),
    // Forbidden domain code points, as written or once mapped.
    ("http://a%5E\u{e9}.test/", Err(UrlError::InvalidHost)),
    ("http://a%20\u{e9}.test/", Err(UrlError::InvalidHost)),
    ("http://a%7C\u{e9}.test/", Err(UrlError::InvalidHost)),
    ("http://a\u{ff0f}b\u{e9}.test/", Err(UrlError::InvalidHost)),
    ("http://a\u{ff05}\u{e9}.test/", Err(UrlError::InvalidHost)),
];
