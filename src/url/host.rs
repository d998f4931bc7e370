//! Host canonicalization: unescape, dots, IDNA, lowercase, IP addresses.

use std::io::Write as _;

use super::escape::{escape_into, needs_escape, unescape_fully_into};
use super::idn;
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
/// port already removed) to `out`, using `scratch` as working space only
/// for the rare hosts that need it. Returns whether the host is an IP
/// address.
pub(super) fn write_host(
    raw: &[u8],
    scratch: &mut Vec<u8>,
    out: &mut Vec<u8>,
) -> Result<bool, UrlError> {
    if let Some(inner) = raw.strip_prefix(b"[") {
        let inner = inner.strip_suffix(b"]").ok_or(UrlError::InvalidIpv6)?;
        scratch.clear();
        unescape_fully_into(inner, scratch);
        return match ip::parse_ipv6(scratch).ok_or(UrlError::InvalidIpv6)? {
            Ipv6Host::V4(v4) => Ok(write_ip(out, format_args!("{v4}"))),
            Ipv6Host::V6(v6) => {
                ip::write_ipv6_bracketed(out, &v6);
                Ok(true)
            }
        };
    }

    if let Some(is_ip) = write_if_plain(raw, out) {
        return Ok(is_ip);
    }
    // Work on the host in place at the end of `out`.
    let start = out.len();
    unescape_fully_into(raw, out);
    let mut host = Tail { buf: out, start };
    host.normalize_dots();
    if !host.bytes().is_ascii() {
        to_ascii_if_unicode(&mut host)?;
    }
    host.bytes_mut().make_ascii_lowercase();

    let bytes = host.bytes();
    if bytes.is_empty() {
        return Err(UrlError::NoHost);
    }
    if bytes.iter().any(|b| SPLITTING_BYTES.contains(b)) {
        return Err(UrlError::InvalidHost);
    }
    if bytes.len() > MAX_HOST_BYTES {
        return Err(UrlError::HostTooLong);
    }
    if let Some(v4) = ip::parse_ipv4(bytes) {
        host.clear();
        return Ok(write_ip(out, format_args!("{v4}")));
    }
    if bytes.iter().any(|&b| needs_escape(b)) {
        scratch.clear();
        scratch.extend_from_slice(bytes);
        host.clear();
        escape_into(scratch, out);
    }
    Ok(false)
}

/// Appends `raw` lowercased when it is a plain ASCII name, as most hosts
/// are: letters, digits, `-`, `_` and single inner dots, short enough. Such
/// a host only needs lowercasing and the IPv4 check, done here in one scan.
/// Returns whether it is an IP, or `None` (and appends nothing) when the
/// host needs the general path.
fn write_if_plain(raw: &[u8], out: &mut Vec<u8>) -> Option<bool> {
    if raw.len() > MAX_HOST_BYTES {
        return None;
    }
    let start = out.len();
    let mut after_dot = true;
    for &b in raw {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' => after_dot = false,
            b'.' if !after_dot => after_dot = true,
            _ => break,
        }
        out.push(b.to_ascii_lowercase());
    }
    if after_dot || out.len() - start != raw.len() {
        out.truncate(start);
        return None;
    }
    let Some(v4) = out.get(start..).and_then(ip::parse_ipv4) else {
        return Some(false);
    };
    out.truncate(start);
    Some(write_ip(out, format_args!("{v4}")))
}

/// The bytes of `buf` from `start` on: the host being canonicalized.
struct Tail<'a> {
    buf: &'a mut Vec<u8>,
    start: usize,
}

impl Tail<'_> {
    fn bytes(&self) -> &[u8] {
        self.buf.get(self.start..).unwrap_or_default()
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        self.buf.get_mut(self.start..).unwrap_or_default()
    }

    fn clear(&mut self) {
        self.buf.truncate(self.start);
    }

    fn replace(&mut self, with: &[u8]) {
        self.clear();
        self.buf.extend_from_slice(with);
    }

    /// Strips leading and trailing dots and collapses runs of dots.
    fn normalize_dots(&mut self) {
        let mut kept = self.start;
        // Starting as if after a dot drops the leading ones.
        let mut after_dot = true;
        for i in self.start..self.buf.len() {
            let Some(&b) = self.buf.get(i) else { break };
            if b == b'.' && after_dot {
                continue;
            }
            after_dot = b == b'.';
            if let Some(slot) = self.buf.get_mut(kept) {
                *slot = b;
            }
            kept += 1;
        }
        self.buf.truncate(kept);
        if after_dot && self.buf.len() > self.start {
            self.buf.pop();
        }
    }
}

/// IDNA (the URL Standard's domain to ASCII, see `idn.rs`) for hosts that
/// are valid UTF-8 with non-ASCII characters. Bytes that are not UTF-8
/// (such as a lone `%80`) are left for percent-escaping, as the spec's
/// `http://\x01\x80.com/` example wants.
fn to_ascii_if_unicode(host: &mut Tail<'_>) -> Result<(), UrlError> {
    let Ok(unicode) = std::str::from_utf8(host.bytes()) else {
        return Ok(());
    };
    if unicode.len() > MAX_IDNA_INPUT_BYTES {
        return Err(UrlError::HostTooLong);
    }
    let ascii = idn::to_ascii(unicode)?;
    host.replace(ascii.as_bytes());
    // Mapping can create dots (`。` is a dot).
    host.normalize_dots();
    Ok(())
}

/// Appends an address as text; returns `true`, as the host is an IP.
fn write_ip(out: &mut Vec<u8>, addr: std::fmt::Arguments<'_>) -> bool {
    // Writing into a Vec cannot fail.
    let _ = out.write_fmt(addr);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dots(s: &str) -> String {
        let mut buf = b"kept".to_vec();
        buf.extend_from_slice(s.as_bytes());
        let mut tail = Tail {
            buf: &mut buf,
            start: 4,
        };
        tail.normalize_dots();
        String::from_utf8(buf.split_off(4)).unwrap()
    }

    #[test]
    fn dots_are_trimmed_and_collapsed() {
        assert_eq!(dots("..a...b.c.."), "a.b.c");
        assert_eq!(dots("a.b"), "a.b");
        assert_eq!(dots("..."), "");
        assert_eq!(dots(""), "");
    }
}
