//! IP address hosts: IPv4 in every form `inet_aton` accepts, bracketed IPv6.

use std::net::{Ipv4Addr, Ipv6Addr};

/// Most dot-separated parts an IPv4 host may have.
const MAX_IPV4_PARTS: usize = 4;

/// The NAT64 well-known prefix `64:ff9b::/96` (RFC 6052), whose last 32
/// bits are an IPv4 address that Safe Browsing v5 looks up as such.
const NAT64_PREFIX: [u16; 6] = [0x64, 0xff9b, 0, 0, 0, 0];

/// Parses a host (lowercase, dots already collapsed and trimmed) the way
/// `inet_aton` and browsers do: one to four parts, each decimal, octal
/// (leading `0`) or hex (`0x`), the last part filling the remaining bytes:
/// `3279880203` is `195.127.0.11`, `0x7f.1` is `127.0.0.1`. `None` for
/// anything else, which is then an ordinary host name.
pub(super) fn parse_ipv4(host: &[u8]) -> Option<Ipv4Addr> {
    // Cheap rejection of ordinary names: every part starts with a digit.
    if !host.first()?.is_ascii_digit() {
        return None;
    }
    let mut parts = [0u32; MAX_IPV4_PARTS];
    let mut count = 0;
    for part in host.split(|&b| b == b'.') {
        let slot = parts.get_mut(count)?;
        *slot = parse_ipv4_part(part)?;
        count += 1;
    }
    let (last, init) = parts.get(..count)?.split_last()?;
    if init.iter().any(|&p| p > 0xff) {
        return None;
    }
    // The last part fills the bytes the others left: 4 bytes alone, 1 byte
    // when all four parts are given.
    let last_bits = 8 * (MAX_IPV4_PARTS + 1 - count) as u32;
    if last_bits < 32 && *last >> last_bits != 0 {
        return None;
    }
    let value = init
        .iter()
        .enumerate()
        .fold(*last, |acc, (i, &p)| acc | p << (24 - 8 * i as u32));
    Some(Ipv4Addr::from(value))
}

/// One IPv4 part as a number up to `u32::MAX`.
fn parse_ipv4_part(part: &[u8]) -> Option<u32> {
    let (digits, radix) = match part {
        [b'0', b'x', rest @ ..] => (rest, 16),
        [b'0', rest @ ..] if !rest.is_empty() => (rest, 8),
        [] => return None,
        _ => (part, 10),
    };
    // `0x` alone is 0, as in browsers.
    digits.iter().try_fold(0u32, |acc, &b| {
        let d = char::from(b).to_digit(radix)?;
        acc.checked_mul(radix)?.checked_add(d)
    })
}

/// What a bracketed host turned out to be.
pub(super) enum Ipv6Host {
    /// IPv4-mapped (`::ffff:a.b.c.d`) or NAT64 (`64:ff9b::a.b.c.d`): looked
    /// up as the IPv4 address.
    V4(Ipv4Addr),
    V6(Ipv6Addr),
}

/// Parses the text between the brackets. Zone ids (`%25eth0`) are refused,
/// as browsers refuse them.
pub(super) fn parse_ipv6(inner: &[u8]) -> Option<Ipv6Host> {
    let addr: Ipv6Addr = std::str::from_utf8(inner).ok()?.parse().ok()?;
    if let Some(v4) = addr.to_ipv4_mapped() {
        return Some(Ipv6Host::V4(v4));
    }
    let seg = addr.segments();
    if seg.starts_with(&NAT64_PREFIX) {
        let [.., a, b, c, d] = addr.octets();
        return Some(Ipv6Host::V4(Ipv4Addr::new(a, b, c, d)));
    }
    Some(Ipv6Host::V6(addr))
}

/// Writes an IPv6 address as `[…]` in the RFC 5952 form std's `Display`
/// gives a non-mapped address (lowercase hex without leading zeros, the
/// first longest run of two or more zero groups as `::`), without linking
/// std's formatter into the Wasm module (about 1 KB gzipped). Proven the
/// same as std's by a property test.
pub(super) fn write_ipv6_bracketed(out: &mut Vec<u8>, addr: &Ipv6Addr) {
    let seg = addr.segments();
    // The first longest run of zero groups.
    let (mut best, mut run) = ((0usize, 0usize), (0usize, 0usize));
    for (i, &g) in seg.iter().enumerate() {
        if g != 0 {
            run = (0, 0);
            continue;
        }
        if run.1 == 0 {
            run.0 = i;
        }
        run.1 += 1;
        if run.1 > best.1 {
            best = run;
        }
    }
    let groups = |out: &mut Vec<u8>, gs: &[u16]| {
        for (k, &g) in gs.iter().enumerate() {
            if k > 0 {
                out.push(b':');
            }
            let digits = (16 - g.leading_zeros()).div_ceil(4).max(1);
            for d in (0..digits).rev() {
                out.push(b"0123456789abcdef"[usize::from((g >> (4 * d)) & 0xf)]);
            }
        }
    };
    out.push(b'[');
    match best {
        (start, len) if len > 1 => {
            groups(out, &seg[..start]);
            out.extend_from_slice(b"::");
            groups(out, &seg[start + len..]);
        }
        _ => groups(out, &seg),
    }
    out.push(b']');
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn ipv6_written_as_std_displays_it(
            groups in proptest::collection::vec(
                proptest::prop_oneof![3 => proptest::strategy::Just(0u16), 1 => 1u16..16, 1 => proptest::num::u16::ANY],
                8,
            )
        ) {
            let mut seg = [0u16; 8];
            seg.copy_from_slice(&groups);
            let addr = Ipv6Addr::from(seg);
            proptest::prop_assume!(addr.to_ipv4_mapped().is_none());
            let mut out = Vec::new();
            write_ipv6_bracketed(&mut out, &addr);
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), format!("[{addr}]"));
        }
    }

    #[test]
    fn ipv6_written_in_the_edge_cases() {
        for s in [
            "::",
            "::1",
            "1::",
            "1:0:0:2:0:0:0:3",
            "1:0:0:2:0:0:3:4",
            "0:1:0:1:0:1:0:1",
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "1:0:2:0:3:0:4:0",
        ] {
            let addr: Ipv6Addr = s.parse().unwrap();
            let mut out = Vec::new();
            write_ipv6_bracketed(&mut out, &addr);
            assert_eq!(String::from_utf8(out).unwrap(), format!("[{addr}]"), "{s}");
        }
    }

    fn v4(s: &str) -> Option<String> {
        parse_ipv4(s.as_bytes()).map(|a| a.to_string())
    }

    #[test]
    fn ipv4_forms() {
        // From google/safebrowsing's parseIPAddress tests, where they agree
        // with inet_aton.
        assert_eq!(v4("255.0.0.1").as_deref(), Some("255.0.0.1"));
        assert_eq!(v4("12.0x12.01234").as_deref(), Some("12.18.2.156"));
        assert_eq!(v4("012.034.01.055").as_deref(), Some("10.28.1.45"));
        assert_eq!(v4("0x12.0x43.0x44.0x01").as_deref(), Some("18.67.68.1"));
        assert_eq!(v4("167838211").as_deref(), Some("10.1.2.3"));
        assert_eq!(v4("4294967295").as_deref(), Some("255.255.255.255"));
        assert_eq!(v4("0x7f.1").as_deref(), Some("127.0.0.1"));
        assert_eq!(v4("017700000001").as_deref(), Some("127.0.0.1"));
        assert_eq!(v4("0x").as_deref(), Some("0.0.0.0"));
        assert_eq!(v4("1.2").as_deref(), Some("1.0.0.2"));
        assert_eq!(v4("1.2.3").as_deref(), Some("1.2.0.3"));
        assert_eq!(v4("123.123.0.0.1"), None);
        assert_eq!(v4("1.2.3.00x0"), None);
        assert_eq!(v4("4294967296"), None);
        assert_eq!(v4("1.2.3.256"), None);
        assert_eq!(v4("1.16777216"), None);
        assert_eq!(
            v4("276.2.3"),
            None,
            "inet_aton range-checks; the Go client masks"
        );
        assert_eq!(v4("08.1.1.1"), None, "8 is not an octal digit");
        assert_eq!(v4("1.2.3.4a"), None);
        assert_eq!(v4("a.1"), None);
        assert_eq!(v4("99999999999999999999"), None);
    }

    #[test]
    fn ipv6_forms() {
        let show = |s: &str| match parse_ipv6(s.as_bytes()) {
            Some(Ipv6Host::V4(a)) => Some(a.to_string()),
            Some(Ipv6Host::V6(a)) => Some(format!("[{a}]")),
            None => None,
        };
        assert_eq!(show("2001:0DB8:0000::1").as_deref(), Some("[2001:db8::1]"));
        assert_eq!(show("::ffff:1.2.3.4").as_deref(), Some("1.2.3.4"));
        assert_eq!(show("::ffff:0102:0304").as_deref(), Some("1.2.3.4"));
        assert_eq!(show("64:ff9b::1.2.3.4").as_deref(), Some("1.2.3.4"));
        assert_eq!(show("fe80::1%25eth0"), None);
        assert_eq!(show("1:2:3"), None);
    }
}
