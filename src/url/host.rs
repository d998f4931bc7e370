//! Host canonicalization: unescape, dots, IDNA, lowercase, IP addresses.

use std::fmt::Write as _;

use idna::AsciiDenyList;

use super::escape::{escape_into, unescape_fully_into};
use super::ip::{self, Ipv6Host};
use super::{UrlError, MAX_HOST_BYTES};

/// Longest unescaped host handed to IDNA. Mapping can shrink a name (some
/// code points map to nothing), so this is looser than [`MAX_HOST_BYTES`],
/// but it keeps the Unicode work bounded whatever the input length.
const MAX_IDNA_INPUT_BYTES: usize = 4 * MAX_HOST_BYTES;

/// Bytes that, once unescaped into a host, would make the canonical URL
/// split differently when parsed again (path, query, userinfo, port, IPv6).
const SPLITTING_BYTES: &[u8] = b"/?@:[]";

/// Appends the canonical form of `raw` (the host as written, userinfo and
/// port already removed) to `out`, using `scratch` as working space.
/// Returns whether the host is an IP address.
pub(super) fn write_host(
    raw: &[u8],
    scratch: &mut Vec<u8>,
    out: &mut String,
) -> Result<bool, UrlError> {
    scratch.clear();
    if let Some(inner) = raw.strip_prefix(b"[") {
        let inner = inner.strip_suffix(b"]").ok_or(UrlError::InvalidIpv6)?;
        unescape_fully_into(inner, scratch);
        return match ip::parse_ipv6(scratch).ok_or(UrlError::InvalidIpv6)? {
            Ipv6Host::V4(v4) => write_display(out, v4),
            Ipv6Host::V6(v6) => {
                out.push('[');
                write_display(out, v6)?;
                out.push(']');
                Ok(true)
            }
        };
    }

    unescape_fully_into(raw, scratch);
    normalize_dots(scratch);
    if !scratch.is_ascii() {
        to_ascii_if_unicode(scratch)?;
    }
    scratch.make_ascii_lowercase();

    if scratch.is_empty() {
        return Err(UrlError::NoHost);
    }
    if scratch.iter().any(|b| SPLITTING_BYTES.contains(b)) {
        return Err(UrlError::InvalidHost);
    }
    if scratch.len() > MAX_HOST_BYTES {
        return Err(UrlError::HostTooLong);
    }
    if let Some(v4) = ip::parse_ipv4(scratch) {
        return write_display(out, v4);
    }
    escape_into(scratch, out);
    Ok(false)
}

/// IDNA (UTS 46, as browsers apply it) for hosts that are valid UTF-8 with
/// non-ASCII characters. Bytes that are not UTF-8 (such as a lone `%80`)
/// are left for percent-escaping, as the spec's `http://\x01\x80.com/`
/// example wants.
fn to_ascii_if_unicode(host: &mut Vec<u8>) -> Result<(), UrlError> {
    if std::str::from_utf8(host).is_err() {
        return Ok(());
    }
    if host.len() > MAX_IDNA_INPUT_BYTES {
        return Err(UrlError::HostTooLong);
    }
    // No ASCII deny list: the spec lets odd ASCII through host names, and
    // the checks after this apply to ASCII and Unicode hosts alike.
    let ascii = idna::domain_to_ascii_cow(host, AsciiDenyList::EMPTY)
        .map_err(|_| UrlError::InvalidHost)?
        .into_owned();
    // A mapped `%` (from `％`) could form a new escape and make the result
    // change when canonicalized again; browsers refuse it too.
    if ascii.contains('%') {
        return Err(UrlError::InvalidHost);
    }
    host.clear();
    host.extend_from_slice(ascii.as_bytes());
    // Mapping can create dots (`。` is a dot).
    normalize_dots(host);
    Ok(())
}

/// Strips leading and trailing dots and collapses runs of dots, in place.
fn normalize_dots(host: &mut Vec<u8>) {
    // Starting as if after a dot drops the leading ones.
    let mut after_dot = true;
    host.retain(|&b| {
        let keep = !(b == b'.' && after_dot);
        if keep {
            after_dot = b == b'.';
        }
        keep
    });
    if host.last() == Some(&b'.') {
        host.pop();
    }
}

/// Writes an address; always an IP, so always `Ok(true)`.
fn write_display(out: &mut String, addr: impl std::fmt::Display) -> Result<bool, UrlError> {
    // Writing into a String cannot fail.
    let _ = write!(out, "{addr}");
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dots(s: &str) -> String {
        let mut v = s.as_bytes().to_vec();
        normalize_dots(&mut v);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn dots_are_trimmed_and_collapsed() {
        assert_eq!(dots("..a...b.c.."), "a.b.c");
        assert_eq!(dots("a.b"), "a.b");
        assert_eq!(dots("..."), "");
        assert_eq!(dots(""), "");
    }
}
