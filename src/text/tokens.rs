//! Cutting folded text into words.
//!
//! Word boundaries follow UAX #29, which keeps `a.b.c`, `don't` and `a_b`
//! together as one word; the punctuation inside a word is then dropped
//! (`abc`, `dont`, `ab`). Scripts written without spaces between words
//! (Han, kana, Thai, Lao, Khmer, Myanmar, ...) have no boundaries to find,
//! so each of their characters (with any spacing vowel sign after it) is a
//! token of its own: a run of consecutive tokens is then any substring, and
//! a phrase matches wherever it occurs.

use icu_properties::props::GeneralCategory;
use unicode_segmentation::UnicodeSegmentation;

use super::fold::{compose, general_category};
use super::{TokenSeq, MAX_TOKENS};

/// Splits `text` (already folded, except that ASCII letters may still be
/// in upper case) into at most [`MAX_TOKENS`] tokens.
pub(crate) fn segment(text: &str) -> TokenSeq {
    if text.is_ascii() {
        segment_ascii(text).0
    } else {
        let mut seq = TokenSeq::with_capacity(text.len());
        segment_unicode(text, &mut seq);
        seq
    }
}

/// What [`segment_ascii`] noticed on the way, so the usual text needs no
/// second pass to learn it has a single reading.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct AsciiScan {
    /// Some `@`, `$` or `!` (leetspeak candidates) before the cut.
    pub(crate) symbols: bool,
    /// Some token mixes letters and digits,
    pub(crate) mixed: bool,
    /// and one such token has a `1`.
    pub(crate) mixed_one: bool,
    /// Some token has a run of three or more of one letter.
    pub(crate) stretch: bool,
}

/// UAX #29 restricted to ASCII, which is all most queries are: the generic
/// segmenter costs more than the rest of normalization for them.
/// A character either belongs to the current word or ends it:
/// - letters and digits belong (WB5, WB8-WB10);
/// - `_` belongs and is dropped (WB13a/b: it joins what surrounds it);
/// - `:` `.` `'` between two letters, and `.` `'` `,` `;` between two
///   digits, belong and are dropped (WB6/WB7, WB11/WB12);
/// - anything else ends the word.
///
/// Letters are lowercased on the way, so the text needs no folding first.
/// One pass over the bytes, driven by a class table; the characters that
/// may join a word (`_ : . ' , ;`) or read as letters (`@ $ !`) take a
/// slower branch. Stops after [`MAX_TOKENS`] tokens.
pub(crate) fn segment_ascii(text: &str) -> (TokenSeq, AsciiScan) {
    let b = text.as_bytes();
    // Written by index, which is faster than pushing, then cut to size.
    let mut out = vec![0u8; b.len()];
    let mut bounds: Vec<u32> = Vec::with_capacity((b.len() / 2 + 2).min(MAX_TOKENS + 1));
    bounds.push(0);
    let mut scan = AsciiScan::default();
    // Bytes written to `out`, the start of the token being built there,
    // and the tokens closed so far.
    let (mut w, mut start, mut tokens) = (0usize, 0usize, 0usize);
    // Classes of the token's bytes, its last byte, and whether a byte of it
    // equals the one before (only then can it have a stretched letter).
    let (mut class, mut last, mut pair) = (0u8, 0u8, false);
    for (i, &c) in b.iter().enumerate() {
        let k = CLASS[usize::from(c)];
        if k & WORD != 0 {
            // `ALPHA << 3` is 0x20, the ASCII lowercase bit.
            let c = c | ((k & ALPHA) << 3);
            if let Some(slot) = out.get_mut(w) {
                *slot = c;
            }
            w += 1;
            class |= k;
            pair |= c == last;
            last = c;
            continue;
        }
        if k & SPECIAL != 0 && joins(b, i, &mut scan) {
            continue;
        }
        if w == start {
            continue;
        }
        tokens += 1;
        // Inputs are capped at MAX_INPUT_BYTES, far below u32::MAX.
        bounds.push(u32::try_from(w).unwrap_or(u32::MAX));
        note(class, pair, out.get(start..w), &mut scan);
        (start, class, last, pair) = (w, 0, 0, false);
        if tokens == MAX_TOKENS {
            break;
        }
    }
    if w > start && tokens < MAX_TOKENS {
        bounds.push(u32::try_from(w).unwrap_or(u32::MAX));
        note(class, pair, out.get(start..w), &mut scan);
    }
    out.truncate(w);
    // Only ASCII was written, so this cannot fail.
    let joined = String::from_utf8(out).unwrap_or_default();
    (TokenSeq { joined, bounds }, scan)
}

/// Byte classes for [`segment_ascii`].
const WORD: u8 = 1;
const DIGIT: u8 = 2;
const ALPHA: u8 = 4;
const ONE: u8 = 8;
const SPECIAL: u8 = 16;

const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = if b.is_ascii_digit() {
            WORD | DIGIT | if b == b'1' { ONE } else { 0 }
        } else if b.is_ascii_alphabetic() {
            WORD | ALPHA
        } else if matches!(
            b,
            b'_' | b':' | b'.' | b'\'' | b',' | b';' | b'@' | b'$' | b'!'
        ) {
            SPECIAL
        } else {
            0
        };
        c += 1;
    }
    t
};

/// Does the special byte `b[i]` belong to the word around it? Also notes
/// leetspeak symbols.
fn joins(b: &[u8], i: usize, scan: &mut AsciiScan) -> bool {
    let c = b.get(i).copied().unwrap_or(b' ');
    let before = i.checked_sub(1).and_then(|j| b.get(j)).copied();
    let after = b.get(i + 1).copied();
    let letters = before.is_some_and(|p| p.is_ascii_alphabetic())
        && after.is_some_and(|n| n.is_ascii_alphabetic());
    let digits =
        before.is_some_and(|p| p.is_ascii_digit()) && after.is_some_and(|n| n.is_ascii_digit());
    match c {
        b'_' => true,
        b':' => letters,
        b'.' | b'\'' => letters || digits,
        b',' | b';' => digits,
        _ => {
            scan.symbols = true;
            false
        }
    }
}

/// Notes what a closed token says about readings, given the classes of
/// its bytes and whether two equal bytes follow each other in it.
fn note(class: u8, pair: bool, token: Option<&[u8]>, scan: &mut AsciiScan) {
    let alpha = class & ALPHA != 0;
    scan.mixed |= alpha && class & DIGIT != 0;
    scan.mixed_one |= alpha && class & ONE != 0;
    if pair && alpha && !scan.stretch {
        scan.stretch = token
            .unwrap_or_default()
            .windows(3)
            .any(|w| matches!(*w, [x, y, z] if x == y && y == z && x.is_ascii_lowercase()));
    }
}

/// UAX #29 words, stopping after [`MAX_TOKENS`] tokens.
fn segment_unicode(text: &str, seq: &mut TokenSeq) {
    for word in text.split_word_bounds() {
        if seq.is_full() {
            return;
        }
        // The last token is one spaceless-script character, which takes
        // only marks after it.
        let mut spaceless = false;
        for c in word.chars() {
            if is_mark(c) {
                // Spelling that belongs to the letter before it (a vowel
                // sign); with no letter before it in the word it is noise.
                if !seq.building() {
                    continue;
                }
            } else if is_spaceless(c) {
                seq.end_token();
                spaceless = true;
            } else if c.is_alphanumeric() {
                if spaceless {
                    seq.end_token();
                    spaceless = false;
                }
            } else {
                continue;
            }
            // Dropped punctuation can bring together characters that NFC
            // composes (Hangul jamo, two-part vowel signs); compose them
            // here so normalizing the output again changes nothing.
            match seq
                .last_char()
                .filter(|_| !c.is_ascii())
                .and_then(|p| compose(p, c))
            {
                Some(k) => seq.replace_last_char(k),
                None => seq.push_char(c),
            }
        }
        seq.end_token();
    }
}

/// Marks left by folding: spacing vowel signs of Indic and Southeast Asian
/// scripts. (Nonspacing and enclosing marks are gone by then.)
fn is_mark(c: char) -> bool {
    !c.is_ascii()
        && matches!(
            general_category(c),
            GeneralCategory::SpacingMark
                | GeneralCategory::NonspacingMark
                | GeneralCategory::EnclosingMark
        )
}

/// Blocks of scripts written without spaces between words.
const SPACELESS: &[(char, char)] = &[
    ('\u{0E00}', '\u{0EFF}'),   // Thai, Lao
    ('\u{1000}', '\u{109F}'),   // Myanmar
    ('\u{1780}', '\u{17FF}'),   // Khmer
    ('\u{1980}', '\u{19DF}'),   // New Tai Lue
    ('\u{19E0}', '\u{19FF}'),   // Khmer Symbols
    ('\u{1A20}', '\u{1AAF}'),   // Tai Tham
    ('\u{2E80}', '\u{2FDF}'),   // CJK Radicals, Kangxi Radicals
    ('\u{3005}', '\u{3007}'),   // ideographic iteration mark, closing mark, zero
    ('\u{3021}', '\u{3029}'),   // Hangzhou numerals
    ('\u{3031}', '\u{3035}'),   // kana repeat marks
    ('\u{3038}', '\u{303C}'),   // Hangzhou numerals, ideographic marks
    ('\u{3040}', '\u{30FF}'),   // Hiragana, Katakana
    ('\u{3100}', '\u{312F}'),   // Bopomofo
    ('\u{31A0}', '\u{31FF}'),   // Bopomofo Extended, CJK Strokes, Katakana Phonetic Extensions
    ('\u{3400}', '\u{4DBF}'),   // CJK Extension A
    ('\u{4E00}', '\u{9FFF}'),   // CJK Unified Ideographs
    ('\u{A9E0}', '\u{A9FF}'),   // Myanmar Extended-B
    ('\u{AA60}', '\u{AA7F}'),   // Myanmar Extended-A
    ('\u{F900}', '\u{FAFF}'),   // CJK Compatibility Ideographs
    ('\u{FF66}', '\u{FF9F}'),   // halfwidth Katakana
    ('\u{16FE0}', '\u{16FFF}'), // Ideographic Symbols
    ('\u{1AFF0}', '\u{1B16F}'), // Kana Extended, Kana Supplement
    ('\u{20000}', '\u{3FFFF}'), // CJK Extensions B and later
];

fn is_spaceless(c: char) -> bool {
    c >= '\u{0E00}' && SPACELESS.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tokens(s: &str) -> Vec<String> {
        segment(s).tokens().map(str::to_string).collect()
    }

    /// The reference: the generic UAX #29 segmenter, punctuation dropped,
    /// lowercased as the fast path does.
    fn reference(s: &str) -> Vec<String> {
        let mut out = Vec::new();
        for w in s.split_word_bounds() {
            let t: String = w
                .chars()
                .filter(|c| c.is_alphanumeric())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            if !t.is_empty() {
                out.push(t);
            }
        }
        out
    }

    #[test]
    fn ascii_words() {
        let cases: &[(&str, &[&str])] = &[
            ("a.b.c", &["abc"]),
            ("don't stop", &["dont", "stop"]),
            ("a_b __c", &["ab", "c"]),
            ("a..b", &["a", "b"]),
            ("3.14 1,000 a,b", &["314", "1000", "a", "b"]),
            ("x:y 1:2", &["xy", "1", "2"]),
            ("abc-def/ghi+jkl", &["abc", "def", "ghi", "jkl"]),
            ("a1.b", &["a1", "b"]),
            ("a1b.c", &["a1bc"]),
            ("ab.c1", &["abc1"]),
            ("1.a", &["1", "a"]),
            ("", &[]),
            ("...", &[]),
        ];
        for (input, want) in cases {
            assert_eq!(tokens(input), *want, "{input:?}");
            assert_eq!(reference(input), *want, "reference {input:?}");
        }
    }

    #[test]
    fn spaceless_scripts_one_token_per_character() {
        assert_eq!(tokens("测试词"), ["测", "试", "词"]);
        assert_eq!(tokens("abc测试 def"), ["abc", "测", "试", "def"]);
        assert_eq!(tokens("カタカナ"), ["カ", "タ", "カ", "ナ"]);
        assert_eq!(tokens("ทดสอบ"), ["ท", "ด", "ส", "อ", "บ"]);
        assert_eq!(tokens("한국 사람"), ["한국", "사람"]);
        assert_eq!(tokens("កាក"), ["កា", "ក"]);
        assert_eq!(tokens("किताब"), ["किताब"]);
        assert_eq!(tokens("a \u{093F}b"), ["a", "b"]);
        assert_eq!(tokens("\u{1100}_\u{1161}"), ["\u{AC00}"]);
        assert_eq!(tokens("café.bar"), ["cafébar"]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn ascii_fast_path_agrees_with_uax29(s in "[a-c0-2 .,;:'_@!\\-]{0,24}") {
            prop_assert_eq!(tokens(&s), reference(&s));
        }

        #[test]
        fn ascii_fast_path_agrees_on_any_ascii(s in "[\\x00-\\x7f]{0,24}") {
            prop_assert_eq!(tokens(&s), reference(&s));
        }
    }
}
