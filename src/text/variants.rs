//! Readings of an ambiguous text. Where normalization cannot know what the
//! writer meant, it keeps each reading as a whole-text variant:
//!
//! - leetspeak or not: a text with a word mixing letters and digits
//!   (`bl0cked`, `13yo`) or a symbol inside a word (`@bc`) is read both with
//!   digits and symbols as letters, and raw. In the raw reading symbols
//!   separate words and a mixed word splits where digits meet letters
//!   (`13yo` → `13 yo`), so it meets a text that spelled it with a space;
//! - `1` as `i` or as `l`, when some mixed word contains a `1`;
//! - stretched letters: runs of three or more of one letter collapsed to
//!   one (`bloooocked` → `blocked`) or to two (`weeeed` → `weed`).
//!
//! A choice applies to the whole text, not word by word, which keeps the
//! count at most 3 readings × 2 = 6, within `MAX_VARIANTS`. A text without
//! any of these ambiguities, the usual case, has exactly one variant.

use super::leet::{digit_letter, is_mixed, map_symbols};
use super::tokens::{segment, segment_ascii, AsciiScan};
use super::{Normalized, TokenSeq, MAX_VARIANTS};

/// Every reading of `folded` (the output of folding; ASCII may still be
/// in upper case), primary first: leetspeak with `1` as `i`, then with `1`
/// as `l`, then raw; each with runs collapsed to one letter, then to two.
pub(crate) fn variants(folded: &str) -> Normalized {
    let with_symbols = map_symbols(folded);
    let leet = segment(with_symbols.as_deref().unwrap_or(folded));
    let a = ambiguity(&leet);
    if with_symbols.is_none() && !a.mixed && !a.stretch {
        // The usual case: nothing to read two ways.
        return Normalized::one(leet);
    }
    let raw = match (&with_symbols, a.mixed) {
        (Some(_), _) => Some(split_mixed(&segment(folded))),
        (None, true) => Some(split_mixed(&leet)),
        (None, false) => None,
    };
    readings(leet, &a, raw)
}

/// [`variants`] of ASCII text, which folding would only lowercase. One
/// pass segments it and finds out whether it has more than one reading.
pub(crate) fn variants_ascii(text: &str) -> Normalized {
    let (seq, scan) = segment_ascii(text);
    let AsciiScan {
        symbols,
        mixed,
        mixed_one,
        stretch,
    } = scan;
    if symbols {
        if let Some(mapped) = map_symbols(text) {
            let leet = segment(&mapped);
            let a = ambiguity(&leet);
            return readings(leet, &a, Some(split_mixed(&seq)));
        }
    }
    if !mixed && !stretch {
        return Normalized::one(seq);
    }
    let raw = mixed.then(|| split_mixed(&seq));
    let a = Ambiguity {
        mixed,
        mixed_one,
        stretch,
    };
    readings(seq, &a, raw)
}

/// The variants of a text given its leetspeak reading, what is ambiguous
/// in it, and its raw reading if that differs.
fn readings(leet: TokenSeq, a: &Ambiguity, raw: Option<TokenSeq>) -> Normalized {
    let mut readings = Vec::with_capacity(3);
    if a.mixed {
        readings.push(leet_digits(&leet, 'i'));
        if a.mixed_one {
            readings.push(leet_digits(&leet, 'l'));
        }
    } else {
        readings.push(leet);
    }
    readings.extend(raw);

    let mut out: Vec<TokenSeq> = Vec::with_capacity(readings.len() * 2);
    for r in readings {
        if has_stretch(&r) {
            push_new(&mut out, collapse(&r, 1));
            push_new(&mut out, collapse(&r, 2));
        } else {
            push_new(&mut out, r);
        }
    }
    out.truncate(MAX_VARIANTS);
    Normalized::many(out)
}

fn push_new(out: &mut Vec<TokenSeq>, seq: TokenSeq) {
    if !out.contains(&seq) {
        out.push(seq);
    }
}

/// Rebuilds `seq`, passing each token through `f`, which writes one or
/// more tokens into the new sequence.
/// Stops at MAX_TOKENS tokens (`TokenSeq` takes no more).
fn map_tokens(seq: &TokenSeq, mut f: impl FnMut(&str, &mut TokenSeq)) -> TokenSeq {
    let mut out = TokenSeq::with_capacity(seq.joined().len());
    for t in seq.tokens() {
        if out.is_full() {
            break;
        }
        f(t, &mut out);
        out.end_token();
    }
    out
}

/// Digits of mixed tokens read as letters.
fn leet_digits(seq: &TokenSeq, one: char) -> TokenSeq {
    map_tokens(seq, |t, out| {
        if !is_mixed(t) {
            out.push_str(t);
            return;
        }
        for c in t.chars() {
            let letter = u8::try_from(c).ok().and_then(|b| digit_letter(b, one));
            out.push_char(letter.unwrap_or(c));
        }
    })
}

/// Mixed tokens split where ASCII digits meet other characters.
fn split_mixed(seq: &TokenSeq) -> TokenSeq {
    map_tokens(seq, |t, out| {
        if !is_mixed(t) {
            out.push_str(t);
            return;
        }
        let mut prev_digit = None;
        for c in t.chars() {
            let digit = c.is_ascii_digit();
            if prev_digit.is_some_and(|p| p != digit) {
                out.end_token();
            }
            out.push_char(c);
            prev_digit = Some(digit);
        }
    })
}

struct Ambiguity {
    /// Some token mixes letters and digits,
    mixed: bool,
    /// and one such token has a `1`.
    mixed_one: bool,
    /// Some token has a run of three or more of one letter.
    stretch: bool,
}

/// One pass over the tokens, bytewise for ASCII ones.
fn ambiguity(seq: &TokenSeq) -> Ambiguity {
    let mut a = Ambiguity {
        mixed: false,
        mixed_one: false,
        stretch: false,
    };
    for t in seq.tokens() {
        if !t.is_ascii() {
            a.mixed |= is_mixed(t);
            a.mixed_one |= t.contains('1') && is_mixed(t);
            a.stretch |= has_stretch_in(t);
            continue;
        }
        let (mut digit, mut one, mut alpha, mut run, mut prev) = (false, false, false, 0, 0u8);
        for &b in t.as_bytes() {
            digit |= b.is_ascii_digit();
            one |= b == b'1';
            alpha |= b.is_ascii_alphabetic();
            run = if b == prev { run + 1 } else { 1 };
            prev = b;
            a.stretch |= run >= 3 && b.is_ascii_alphabetic();
        }
        a.mixed |= digit && alpha;
        a.mixed_one |= one && alpha;
    }
    a
}

/// Does some token repeat one letter three or more times in a row?
fn has_stretch(seq: &TokenSeq) -> bool {
    seq.tokens().any(has_stretch_in)
}

fn has_stretch_in(t: &str) -> bool {
    {
        let mut run = 0;
        let mut prev = None;
        for c in t.chars() {
            run = if Some(c) == prev { run + 1 } else { 1 };
            prev = Some(c);
            if run >= 3 && c.is_alphabetic() {
                return true;
            }
        }
        false
    }
}

/// Runs of three or more of one letter cut down to `keep` letters; runs of
/// two are spelling (`weed`, `ll`) and stay.
fn collapse(seq: &TokenSeq, keep: usize) -> TokenSeq {
    map_tokens(seq, |t, out| {
        let mut chars = t.chars().peekable();
        while let Some(c) = chars.next() {
            let mut run = 1;
            while chars.peek() == Some(&c) {
                chars.next();
                run += 1;
            }
            let n = if run >= 3 && c.is_alphabetic() {
                keep
            } else {
                run
            };
            for _ in 0..n {
                out.push_char(c);
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::MAX_TOKENS;
    use proptest::prelude::*;

    fn show(folded: &str) -> Vec<String> {
        variants(folded)
            .variants()
            .iter()
            .map(|v| v.tokens().collect::<Vec<_>>().join(" "))
            .collect()
    }

    #[test]
    fn readings() {
        let cases: &[(&str, &[&str])] = &[
            ("blocked demo", &["blocked demo"]),
            ("", &[""]),
            ("bl0cked", &["blocked", "bl 0 cked"]),
            ("13yo", &["ieyo", "leyo", "13 yo"]),
            ("13 yo", &["13 yo"]),
            ("@bc", &["abc", "bc"]),
            ("bloooocked", &["blocked", "bloocked"]),
            ("weed", &["weed"]),
            ("bl000cked", &["blocked", "bloocked", "bl 000 cked"]),
            ("2024 abc", &["2024 abc"]),
        ];
        for (input, want) in cases {
            assert_eq!(show(input), *want, "{input:?}");
        }
    }

    #[test]
    fn at_most_max_variants() {
        let v = variants("$1lll 1a 0b");
        let v = v.variants();
        assert!(v.len() <= MAX_VARIANTS && v.len() == 6, "{}", v.len());
    }

    #[test]
    fn readings_stop_at_max_tokens() {
        // Mixed tokens split in the raw reading; it stays within the cap.
        let text = "a1a1a1a1 ".repeat(MAX_TOKENS);
        let n = variants_ascii(&text);
        assert!(n.variants().len() > 1);
        for v in n.variants() {
            assert_eq!(v.len(), MAX_TOKENS);
            assert_eq!(v.joined().len(), v.tokens().map(str::len).sum::<usize>());
        }
        let one = variants_ascii(&"a1b2".repeat(MAX_TOKENS * 2));
        assert!(one.variants().iter().all(|v| v.len() <= MAX_TOKENS));
        let cjk = variants(&"测".repeat(MAX_TOKENS + 9));
        assert_eq!(cjk.primary().map(TokenSeq::len), Some(MAX_TOKENS));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// The one-pass ASCII path gives what folding (lowercasing) and the
        /// general path give.
        #[test]
        fn ascii_path_agrees(s in "[aAbBlLoO0134 .,;:'_@$!\\-]{0,30}") {
            prop_assert_eq!(variants_ascii(&s), variants(&s.to_ascii_lowercase()));
        }

        #[test]
        fn ascii_path_agrees_on_any_ascii(s in "[\\x00-\\x7f]{0,40}") {
            prop_assert_eq!(variants_ascii(&s), variants(&s.to_ascii_lowercase()));
        }

    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn ascii_path_agrees_at_the_cap(words in prop::collection::vec("[ab1@]{1,3}", 250..270)) {
            let s = words.join(" ");
            prop_assert_eq!(variants_ascii(&s), variants(&s.to_ascii_lowercase()));
        }
    }
}
