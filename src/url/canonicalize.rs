//! The canonicalization pipeline, step by step on one worked example:
//!
//! ```text
//! input      "  HTTP://u:p@WWW.Turnback.TEST..:8080//a/%2E/b/%252E%252E/c%3Fx?q=%41 b#top "
//! 1 clean    tab, CR and LF removed anywhere; cut at the first '#'; bytes
//!            <= 0x20 trimmed from both ends
//!            "HTTP://u:p@WWW.Turnback.TEST..:8080//a/%2E/b/%252E%252E/c%3Fx?q=%41 b"
//! 2 split    scheme "http" (lowercased; "http" when absent, as in
//!            "www.google.com/"), authority "u:p@WWW.Turnback.TEST..:8080",
//!            path "//a/%2E/b/%252E%252E/c%3Fx", query "q=%41 b"
//! 3 host     userinfo and port dropped, unescaped, dots trimmed and
//!            collapsed, IDNA, lowercased, IPs normalized, escaped
//!            "www.turnback.test"
//! 4 path     fully unescaped "//a/./b/../c?x"; a '?' that only appears
//!            now starts the query, as in the spec's unescape-then-parse;
//!            "//a/./b/../c" resolved and escaped: "/a/c"
//! 5 query    "x" from the path, then the raw query with only controls,
//!            space and non-ASCII escaped: "x?q=%41%20b"
//! output     "http://www.turnback.test/a/c?x?q=%41%20b"
//! ```
//!
//! Every step is linear in the input, and the input is at most
//! [`MAX_INPUT_BYTES`]; see `escape.rs` for why unescaping "until nothing
//! changes" needs no round limit here.

use std::borrow::Cow;

use super::escape::{escape_into, escape_query_into, unescape_fully_into};
use super::host::write_host;
use super::path::write_path;
use super::{CanonicalUrl, UrlError, MAX_INPUT_BYTES};

/// The scheme of inputs written without one, like `www.google.com/`.
const DEFAULT_SCHEME: &str = "http";

/// Canonicalizes `input` per Safe Browsing; see the module documentation
/// for the steps. Fails, without panicking, on anything with no usable
/// host and on inputs longer than [`MAX_INPUT_BYTES`].
pub fn canonicalize(input: &str) -> Result<CanonicalUrl, UrlError> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(UrlError::TooLong {
            len: input.len(),
            max: MAX_INPUT_BYTES,
        });
    }
    let cleaned = remove_tab_cr_lf_and_fragment(input.as_bytes());
    let url = trim_controls_and_spaces(&cleaned);
    if url.is_empty() {
        return Err(UrlError::Empty);
    }

    let (scheme, rest) = split_scheme(url);
    let rest = match scheme {
        // Only hierarchical URLs have a host: `mailto:`, `javascript:` and
        // `http:host` (no slashes) are refused rather than guessed at.
        Some(_) => rest.strip_prefix(b"//").ok_or(UrlError::BadScheme)?,
        None => rest,
    };
    let authority = scan_authority(rest);
    let host = authority.host(rest)?;
    let rest = rest.get(authority.end..).unwrap_or_default();
    let (path, query) = split_query(rest);
    if host.is_empty() {
        return Err(UrlError::NoHost);
    }

    // Built as bytes, all ASCII by construction. Escaping at most triples a
    // byte, but most URLs grow by a few bytes at most.
    let mut out = Vec::with_capacity(url.len() + 8);
    match scheme {
        Some(s) => out.extend(s.iter().map(u8::to_ascii_lowercase)),
        None => out.extend_from_slice(DEFAULT_SCHEME.as_bytes()),
    }
    out.extend_from_slice(b"://");
    let host_start = out.len();
    // Allocated only for hosts and paths that need rewriting.
    let mut scratch = Vec::new();
    let is_ip = write_host(host, &mut scratch, &mut out)?;

    let path_start = out.len();
    let decoded = if path.contains(&b'%') {
        scratch.clear();
        unescape_fully_into(path, &mut scratch);
        &scratch[..]
    } else {
        path
    };
    let (decoded_path, query_from_path) = split_query(decoded);
    write_path(decoded_path, &mut out);
    let query_start = write_query(query_from_path, query, &mut out);
    // Every byte written is ASCII (everything else is percent-escaped), so
    // the conversion succeeds; the lossy fallback only avoids a panic path.
    let full = String::from_utf8(out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());

    Ok(CanonicalUrl {
        full,
        host_start,
        path_start,
        query_start,
        is_ip,
    })
}

/// Splits at the first `?`: what precedes it, and what follows if present.
fn split_query(s: &[u8]) -> (&[u8], Option<&[u8]>) {
    match s.iter().position(|&b| b == b'?') {
        Some(q) => (s.get(..q).unwrap_or_default(), s.get(q + 1..)),
        None => (s, None),
    }
}

/// Appends `?query` when there is one and returns where the query starts.
/// A `?` revealed by unescaping the path starts the query, as when the spec
/// unescapes the whole URL before parsing it; that part was unescaped, so
/// it is escaped like the path. The query proper is kept as written.
fn write_query(from_path: Option<&[u8]>, raw: Option<&[u8]>, out: &mut Vec<u8>) -> Option<usize> {
    if from_path.is_none() && raw.is_none() {
        return None;
    }
    out.push(b'?');
    let start = out.len();
    if let Some(q) = from_path {
        escape_into(q, out);
        if raw.is_some() {
            out.push(b'?');
        }
    }
    if let Some(q) = raw {
        escape_query_into(q, out);
    }
    Some(start)
}

/// Drops tab, CR and LF wherever they are (browsers do the same with pasted
/// URLs; their escapes such as `%0a` stay), then everything from the first
/// `#`. One scan, and no copy unless there is a tab, CR or LF.
fn remove_tab_cr_lf_and_fragment(s: &[u8]) -> Cow<'_, [u8]> {
    let is_tab_cr_lf = |b: &u8| matches!(b, b'\t' | b'\r' | b'\n');
    match s.iter().position(|b| is_tab_cr_lf(b) || *b == b'#') {
        None => Cow::Borrowed(s),
        Some(i) if s.get(i) == Some(&b'#') => Cow::Borrowed(s.get(..i).unwrap_or_default()),
        Some(_) => {
            let kept = s.iter().copied().filter(|b| !is_tab_cr_lf(b));
            Cow::Owned(kept.take_while(|&b| b != b'#').collect())
        }
    }
}

/// Trims C0 controls and spaces, as the URL standard does; after the
/// fragment is cut, so `/x #frag` has no trailing space left.
fn trim_controls_and_spaces(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|&b| b > b' ').unwrap_or(s.len());
    let end = s.iter().rposition(|&b| b > b' ').map_or(start, |i| i + 1);
    s.get(start..end).unwrap_or_default()
}

/// Splits off `scheme:` when the input starts with one. A `:` followed by
/// digits and then `/`, `?` or the end is a port, not a scheme, so
/// `www.google.com:80/` has no scheme, as in the Safe Browsing clients.
fn split_scheme(s: &[u8]) -> (Option<&[u8]>, &[u8]) {
    if !s.first().is_some_and(u8::is_ascii_alphabetic) {
        return (None, s);
    }
    for (i, &b) in s.iter().enumerate() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'+' | b'-' | b'.' => {}
            b':' => {
                let after = s.get(i + 1..).unwrap_or_default();
                return if looks_like_port(after) {
                    (None, s)
                } else {
                    (s.get(..i), after)
                };
            }
            _ => break,
        }
    }
    (None, s)
}

fn looks_like_port(after_colon: &[u8]) -> bool {
    let digits = after_colon
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    digits > 0 && matches!(after_colon.get(digits), None | Some(b'/' | b'?'))
}

/// Where the authority (`user:pass@host:port`) ends, and where its last
/// `@` and last `:` are: found in one scan, as this runs for every URL.
struct Authority {
    end: usize,
    at: Option<usize>,
    colon: Option<usize>,
}

fn scan_authority(s: &[u8]) -> Authority {
    let (mut at, mut colon) = (None, None);
    for (i, &b) in s.iter().enumerate() {
        match b {
            b'/' | b'?' => return Authority { end: i, at, colon },
            b'@' => at = Some(i),
            b':' => colon = Some(i),
            _ => {}
        }
    }
    Authority {
        end: s.len(),
        at,
        colon,
    }
}

impl Authority {
    /// The host of the authority at the start of `s`: userinfo dropped (the
    /// last `@` ends it, as in browsers), then the port, which may be empty
    /// but must otherwise be digits. `[v6]` keeps its brackets.
    fn host<'a>(&self, s: &'a [u8]) -> Result<&'a [u8], UrlError> {
        let host_start = self.at.map_or(0, |at| at + 1);
        let hostport = s.get(host_start..self.end).unwrap_or_default();
        let (host, port) = if hostport.starts_with(b"[") {
            let close = hostport
                .iter()
                .position(|&b| b == b']')
                .ok_or(UrlError::InvalidIpv6)?;
            match hostport.split_at(close + 1) {
                (host, []) => return Ok(host),
                (host, [b':', port @ ..]) => (host, port),
                _ => return Err(UrlError::InvalidIpv6),
            }
        } else {
            match self.colon.filter(|&c| c >= host_start) {
                Some(c) => (
                    s.get(host_start..c).unwrap_or_default(),
                    s.get(c + 1..self.end).unwrap_or_default(),
                ),
                None => return Ok(hostport),
            }
        };
        if port.iter().all(u8::is_ascii_digit) {
            Ok(host)
        } else {
            Err(UrlError::InvalidPort)
        }
    }
}
