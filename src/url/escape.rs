//! Percent-unescaping to a fixpoint, and the spec's percent-escaping.
//!
//! The spec says to unescape "repeatedly until there are no more escapes",
//! which done literally is quadratic (`%252525…` loses one layer per round).
//! [`unescape_fully_into`] reaches the same result in one linear pass: it
//! keeps the output as a stack and, whenever the top three bytes read
//! `%HH`, replaces them by the byte they encode, which may in turn complete
//! an escape with the two bytes below it.
//!
//! Why the results agree: rewriting `%HH` to its byte always terminates (each
//! step shortens the string) and two `%HH` occurrences can never overlap (an
//! `H` is never `%`), so every order of rewriting ends in the same string
//! with no `%HH` left. A round of the literal loop and a step of the stack
//! are both such rewrites, and both stop only when no `%HH` is left. The unit
//! tests below check this against the literal loop.

/// Appends to `dst` the bytes of `src` with every percent-escape undone,
/// including escapes that only appear once inner ones are undone
/// (`%2541` → `%41` → `A`). Linear in `src.len()`.
pub(super) fn unescape_fully_into(src: &[u8], dst: &mut Vec<u8>) {
    // Most hosts and paths have no escapes at all.
    if !src.contains(&b'%') {
        dst.extend_from_slice(src);
        return;
    }
    let base = dst.len();
    for &b in src {
        dst.push(b);
        // Each reduction pops three bytes and pushes one, so the total work
        // over the whole input is linear.
        while dst.len() >= base + 3 {
            let top = dst.len() - 3;
            let decoded = match dst.get(top..) {
                Some(&[b'%', hi, lo]) => hex_value(hi).zip(hex_value(lo)),
                _ => None,
            };
            let Some((hi, lo)) = decoded else { break };
            dst.truncate(top);
            dst.push(hi << 4 | lo);
        }
    }
}

/// Appends `src` to `dst`, percent-escaping what the spec escapes in host
/// and path: bytes <= 0x20, >= 0x7f, `#` and `%`, with uppercase hex.
pub(super) fn escape_into(src: &[u8], dst: &mut Vec<u8>) {
    escape_with(src, dst, needs_escape);
}

/// Whether [`escape_into`] escapes `b`.
pub(super) fn needs_escape(b: u8) -> bool {
    b <= 0x20 || b >= 0x7f || b == b'#' || b == b'%'
}

/// Appends a raw query to `dst`, escaping only bytes a URL cannot carry as
/// they are (controls, space, non-ASCII), as a browser sends them. `%` and
/// every delimiter stay, so `a%26b=1&c` still splits into the same pairs.
pub(super) fn escape_query_into(src: &[u8], dst: &mut Vec<u8>) {
    escape_with(src, dst, |b| b <= 0x20 || b >= 0x7f);
}

fn escape_with(mut src: &[u8], dst: &mut Vec<u8>, needs_escape: impl Fn(u8) -> bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    // Copy the runs between escapes whole: most input has none at all.
    loop {
        let run_len = src
            .iter()
            .position(|&b| needs_escape(b))
            .unwrap_or(src.len());
        let (run, rest) = src.split_at(run_len);
        dst.extend_from_slice(run);
        let Some((&b, rest)) = rest.split_first() else {
            return;
        };
        dst.extend_from_slice(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0x0f)]]);
        src = rest;
    }
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The spec's loop, literally: one left-to-right pass per round.
    fn unescape_by_rounds(mut s: Vec<u8>) -> Vec<u8> {
        loop {
            let mut next = Vec::with_capacity(s.len());
            let mut i = 0;
            while i < s.len() {
                match (
                    s[i],
                    s.get(i + 1).copied().and_then(hex_value),
                    s.get(i + 2).copied().and_then(hex_value),
                ) {
                    (b'%', Some(hi), Some(lo)) => {
                        next.push(hi << 4 | lo);
                        i += 3;
                    }
                    (b, _, _) => {
                        next.push(b);
                        i += 1;
                    }
                }
            }
            if next == s {
                return s;
            }
            s = next;
        }
    }

    fn unescape(s: &[u8]) -> Vec<u8> {
        let mut out = b"kept".to_vec();
        unescape_fully_into(s, &mut out);
        assert_eq!(&out[..4], b"kept", "must only append");
        out.split_off(4)
    }

    #[test]
    fn spec_examples() {
        assert_eq!(unescape(b"%25%32%35"), b"%");
        assert_eq!(unescape(b"%2525252525252525"), b"%");
        assert_eq!(unescape(b"%%%25%32%35asd%%"), b"%%%asd%%");
        assert_eq!(unescape(b"%%34%31"), b"A");
        assert_eq!(unescape(b"%2%541"), b"%2T1");
        assert_eq!(unescape(b"%"), b"%");
        assert_eq!(unescape(b"%4"), b"%4");
        assert_eq!(unescape(b"%zz%C3%bc"), b"%zz\xc3\xbc");
    }

    #[test]
    fn escapes_with_uppercase_hex() {
        let mut s = Vec::new();
        escape_into(b"a b#%\x01\x7f\x80\xff/?~", &mut s);
        assert_eq!(s, b"a%20b%23%25%01%7F%80%FF/?~");
        let mut q = Vec::new();
        escape_query_into(b"a b#%\x1b&=", &mut q);
        assert_eq!(q, b"a%20b#%%1B&=");
    }

    #[test]
    fn deep_nesting_is_linear() {
        // 20 000 layers; the literal loop would take 20 000 passes.
        let mut s = b"%25".to_vec();
        s.extend(std::iter::repeat_n(b"25".iter().copied(), 20_000).flatten());
        assert_eq!(unescape(&s), b"%");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn one_pass_equals_repeated_rounds(
            parts in proptest::collection::vec(
                prop_oneof![Just(b'%'), Just(b'2'), Just(b'5'), Just(b'4'), Just(b'1'), Just(b'a'), Just(b'G'), any::<u8>()],
                0..40,
            )
        ) {
            prop_assert_eq!(unescape(&parts), unescape_by_rounds(parts.clone()));
        }
    }
}
