//! Turning raw query values and path segments into plain search text.
//!
//! Everything here is linear in the length of the URL, which the
//! canonicalizer bounds: extraction runs on every navigation, and a hostile
//! URL must not make it slow. The text returned is bounded too.

use std::borrow::Cow;

use percent_encoding::percent_decode;

/// Search text longer than this is cut (at a character boundary). The
/// whole query string and path segment are always read, however much
/// padding comes first: the cut applies only to the text returned, after
/// whitespace is collapsed. It equals [`crate::text::MAX_INPUT_BYTES`], all
/// that keyword matching reads, and the URL canonicalizer's input bound:
/// decoding never makes text longer than the URL it came from, so padding
/// a site would strip (spaces, `%20`, invisible characters, punctuation)
/// cannot fill it and push the words out. Matching bounds its own work by
/// counting words ([`crate::text::MAX_TOKENS`]), not bytes.
pub const MAX_TEXT_BYTES: usize = crate::text::MAX_INPUT_BYTES;

/// How many times a value is percent-decoded. Two rounds undo the double
/// encoding that redirects and some sites produce (`%2520`); a third covers
/// one more wrapping without letting nested escapes cost unbounded work.
pub const MAX_DECODE_ROUNDS: usize = 3;

/// Form-encoded values also appear HTML-escaped (`&amp;q=`) when a URL was
/// copied out of markup; the key then starts with this.
const HTML_AMP: &str = "amp;";

/// The first non-empty value of the earliest-listed name in `names` within
/// `query`, decoded. Earlier names win over later ones; for one name, the
/// first non-empty occurrence wins. Linear in the length of `query`, which
/// is read to its end: junk parameters before the search text must not
/// hide it.
pub(crate) fn query_value(query: &str, names: &[Box<str>]) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for pair in split_ascii(query, b'&') {
        let (key, raw) = match pair.bytes().position(|b| b == b'=') {
            Some(i) => (pair.get(..i).unwrap_or(""), pair.get(i + 1..).unwrap_or("")),
            None => (pair, ""),
        };
        let key = key.strip_prefix(HTML_AMP).unwrap_or(key);
        let Some(rank) = names.iter().position(|n| **n == *key) else {
            continue;
        };
        if best.as_ref().is_some_and(|(r, _)| *r <= rank) {
            continue;
        }
        if let Some(text) = tidy(decode_query_value(raw), false) {
            if rank == 0 {
                return Some(text);
            }
            best = Some((rank, text));
        }
    }
    best.map(|(_, text)| text)
}

/// Splits `s` at an ASCII byte. Faster than `str::split(char)` for the
/// short parts of a URL, which is what extraction spends its time on.
pub(crate) fn split_ascii(s: &str, sep: u8) -> SplitAscii<'_> {
    SplitAscii { rest: Some(s), sep }
}

pub(crate) struct SplitAscii<'a> {
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> Iterator for SplitAscii<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let s = self.rest?;
        match s.bytes().position(|b| b == self.sep) {
            Some(i) => {
                // `sep` is ASCII, so both sides are on character boundaries.
                self.rest = s.get(i + 1..);
                s.get(..i)
            }
            None => {
                self.rest = None;
                Some(s)
            }
        }
    }
}

/// A captured path segment as text: words in slugs are joined by `-`, `+`
/// or `_`, which become spaces. The whole segment is decoded.
pub(crate) fn segment_text(raw: &str) -> Option<String> {
    tidy(percent_decode_rounds(raw), true)
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, then
/// percent escapes, repeated for double encoding. Borrows when there is
/// nothing to decode, the common case for one-word searches.
fn decode_query_value(raw: &str) -> Cow<'_, str> {
    if !raw.contains('+') {
        return percent_decode_rounds(raw);
    }
    // A `+` revealed by a later round is left alone: `c%2B%2B` must stay
    // `c++`, and the keyword normalizer treats a stray `+` as a separator.
    Cow::Owned(percent_decode_rounds(&raw.replace('+', " ")).into_owned())
}

fn percent_decode_rounds(raw: &str) -> Cow<'_, str> {
    if !has_escape(raw.as_bytes()) {
        return Cow::Borrowed(raw);
    }
    let mut bytes: Vec<u8> = percent_decode(raw.as_bytes()).collect();
    for _ in 1..MAX_DECODE_ROUNDS {
        if !has_escape(&bytes) {
            break;
        }
        bytes = percent_decode(&bytes).collect();
    }
    match String::from_utf8(bytes) {
        Ok(text) => Cow::Owned(text),
        Err(e) => Cow::Owned(String::from_utf8_lossy(e.as_bytes()).into_owned()),
    }
}

fn has_escape(bytes: &[u8]) -> bool {
    bytes
        .windows(3)
        .any(|w| matches!(w, [b'%', h, l] if h.is_ascii_hexdigit() && l.is_ascii_hexdigit()))
}

/// Trims, collapses runs of whitespace and control characters (and, for
/// slugs, word joiners) into one space, and bounds the length of what is
/// left by [`MAX_TEXT_BYTES`]. `None` when nothing is left.
fn tidy(text: Cow<'_, str>, slug: bool) -> Option<String> {
    if is_tidy_ascii(text.as_bytes(), slug) {
        return Some(text.into_owned());
    }
    let mut out = String::with_capacity(text.len().min(MAX_TEXT_BYTES));
    let mut gap = false;
    for c in text.chars() {
        let sep = c.is_whitespace() || c.is_control() || (slug && matches!(c, '-' | '+' | '_'));
        if sep {
            gap = !out.is_empty();
            continue;
        }
        let extra = c.len_utf8() + usize::from(gap);
        if out.len() + extra > MAX_TEXT_BYTES {
            break;
        }
        if gap {
            out.push(' ');
            gap = false;
        }
        out.push(c);
    }
    (!out.is_empty()).then_some(out)
}

/// True when `tidy` would return `text` unchanged; checked on bytes for
/// ASCII text, the usual case, to skip rebuilding the string.
fn is_tidy_ascii(text: &[u8], slug: bool) -> bool {
    let mut prev_space = true;
    let ok = text.len() <= MAX_TEXT_BYTES
        && text.iter().all(|&b| {
            let word = b.is_ascii_graphic() && !(slug && matches!(b, b'-' | b'+' | b'_'));
            let fine = word || (b == b' ' && !prev_space);
            prev_space = b == b' ';
            fine
        });
    ok && !prev_space
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<Box<str>> {
        list.iter().map(|&n| n.into()).collect()
    }

    #[test]
    fn plus_and_escapes_decode() {
        let q = names(&["q"]);
        assert_eq!(
            query_value("q=some+words", &q).as_deref(),
            Some("some words")
        );
        assert_eq!(
            query_value("q=caf%C3%A9%20au+lait", &q).as_deref(),
            Some("café au lait")
        );
        assert_eq!(
            query_value("q=some%2520words", &q).as_deref(),
            Some("some words")
        );
        assert_eq!(query_value("q=c%2B%2B", &q).as_deref(), Some("c++"));
    }

    #[test]
    fn invalid_utf8_is_lossy() {
        let q = names(&["q"]);
        assert_eq!(query_value("q=a%FFb", &q).as_deref(), Some("a\u{FFFD}b"));
    }

    #[test]
    fn first_non_empty_and_name_order() {
        let n = names(&["query", "q"]);
        assert_eq!(query_value("q=b&query=&query=a", &n).as_deref(), Some("a"));
        assert_eq!(query_value("q=&q=+&q=b&q=c", &n).as_deref(), Some("b"));
        assert_eq!(
            query_value("x=1&amp;q=zorblax", &n).as_deref(),
            Some("zorblax")
        );
        assert_eq!(query_value("q=+%20+", &n), None);
    }

    #[test]
    fn decoding_is_bounded() {
        let wrap = |rounds: usize| {
            let mut v = String::from("%41");
            for _ in 0..rounds {
                v = v.replace('%', "%25");
            }
            v
        };
        let within = wrap(MAX_DECODE_ROUNDS - 1);
        assert_eq!(segment_text(&within).as_deref(), Some("A"));
        let beyond = wrap(MAX_DECODE_ROUNDS + 2);
        assert!(segment_text(&beyond).is_some_and(|t| t.starts_with('%')));
        let long = "a".repeat(MAX_TEXT_BYTES * 2);
        let got = query_value(&format!("q={long}"), &names(&["q"]));
        assert_eq!(got.map(|t| t.len()), Some(MAX_TEXT_BYTES));
    }

    #[test]
    fn split_ascii_matches_str_split() {
        for s in ["", "a", "/", "a/b", "/a//b/", "é/ü"] {
            let ours: Vec<&str> = split_ascii(s, b'/').collect();
            let std: Vec<&str> = s.split('/').collect();
            assert_eq!(ours, std, "{s:?}");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(
            segment_text("some-words_here+too%20x").as_deref(),
            Some("some words here too x")
        );
        assert_eq!(segment_text("--"), None);
    }
}
