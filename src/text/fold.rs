//! Character-level folding: everything that makes two strings that look or
//! read the same become the same characters, before words are cut out.
//!
//! Order matters. Look-alikes are mapped before NFKC, while Greek lunate
//! sigma and capitals still look like what they imitate, and again after
//! it, for capitals NFKC produced. NFKC turns compatibility forms
//! (fullwidth, mathematical, circled letters, ligatures) into plain ones.
//! Each character is then decomposed so its marks and invisible characters
//! can be dropped, before full case folding (which would turn the mark
//! U+0345 into a letter) and again after it (folding `İ` yields `i` plus a
//! mark). Look-alikes are mapped a last time on the bare lowercase letters
//! that remain (`Ё` → `ё` → `е` → `e`).
//!
//! The Unicode data (NFKC, full case folding, general categories) is
//! ICU4X's compiled data, the source idna's natively linked tables come
//! from too (the Wasm module leaves host names to the platform:
//! `url/idn.rs`).

use icu_casemap::{CaseMapper, CaseMapperBorrowed};
use icu_normalizer::properties::CanonicalCompositionBorrowed;
use icu_normalizer::{ComposingNormalizerBorrowed, DecomposingNormalizerBorrowed};
use icu_properties::props::GeneralCategory;
use icu_properties::{CodePointMapData, CodePointMapDataBorrowed};

use super::{confusables, ignorable};

// Built at compile time, in statics: the data behind them is then emitted
// once, not once for every place that would call a constructor.
static NFKC: ComposingNormalizerBorrowed<'static> = ComposingNormalizerBorrowed::new_nfkc();
static NFKD: DecomposingNormalizerBorrowed<'static> = DecomposingNormalizerBorrowed::new_nfkd();
static COMPOSITION: CanonicalCompositionBorrowed<'static> = CanonicalCompositionBorrowed::new();
static CASE: CaseMapperBorrowed<'static> = CaseMapper::new();
static CATEGORY: CodePointMapDataBorrowed<'static, GeneralCategory> =
    CodePointMapData::<GeneralCategory>::new();

/// The Unicode general category of `c`.
pub(crate) fn general_category(c: char) -> GeneralCategory {
    CATEGORY.get(c)
}

/// The canonical composition of two characters (Hangul included), as NFC
/// would combine them, if any.
pub(crate) fn compose(first: char, second: char) -> Option<char> {
    COMPOSITION.compose(first, second)
}

/// The longest prefix of `text` of at most `max_bytes` bytes that ends on
/// a character boundary, so every input costs bounded work however long
/// it is.
pub(crate) fn clip(text: &str, max_bytes: usize) -> &str {
    if text.len() <= max_bytes {
        return text;
    }
    let mut end = max_bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or("")
}

/// Appends the folded form of `text` to `out`.
pub(crate) fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        // Nothing below changes ASCII except case.
        out.push_str(text);
        out.make_ascii_lowercase();
        return;
    }
    // Marks go before case folding as well as after: folding turns some
    // marks into letters (U+0345 becomes ι), and a pile of them must not
    // spell anything.
    let mut bare = String::with_capacity(text.len());
    for c in NFKC
        .normalize_iter(text.chars().map(look_alike))
        .map(look_alike)
    {
        strip_into(c, &mut bare);
    }
    for c in CASE.fold_string(&bare).chars() {
        strip_into(look_alike(c), out);
    }
}

fn look_alike(c: char) -> char {
    confusables::latin(c).unwrap_or(c)
}

/// Pushes `c` with its marks removed, or nothing if it is invisible.
fn strip_into(c: char, out: &mut String) {
    if c.is_ascii() || is_hangul_syllable(c) {
        // A Hangul syllable decomposes into conjoining jamo, not marks:
        // decomposing would only force a recomposition step.
        out.push(c);
    } else {
        // What reaches here is NFKC text, case folded at most, in which no
        // character has a compatibility mapping left: its NFKD is its
        // canonical decomposition (`tests/text_unicode.rs` checks every
        // code point), and the NFKD data is the table NFKC needs anyway.
        for d in NFKD.normalize_iter(std::iter::once(c)) {
            keep(d, out);
        }
    }
}

/// Pushes one decomposed character unless it is invisible or a mark.
fn keep(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c);
        return;
    }
    if ignorable::is_default_ignorable(c) {
        return;
    }
    let composed = || out.chars().next_back().and_then(|prev| compose(prev, c));
    match general_category(c) {
        GeneralCategory::Format => {}
        GeneralCategory::NonspacingMark | GeneralCategory::EnclosingMark => {
            // Accents, zalgo stacks and keycaps go. Kana voicing marks stay
            // on a kana they voice: they tell syllables apart (か/が).
            if is_kana_voicing(c) {
                if let Some(k) = composed() {
                    out.pop();
                    out.push(k);
                }
            }
        }
        GeneralCategory::SpacingMark => {
            // Spelling in Indic and Southeast Asian scripts. Put it back onto
            // its base where Unicode has a precomposed character, so the
            // output is stable under NFKC.
            match composed() {
                Some(k) => {
                    out.pop();
                    out.push(k);
                }
                None => out.push(c),
            }
        }
        _ => out.push(c),
    }
}

fn is_hangul_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

fn is_kana_voicing(c: char) -> bool {
    matches!(c, '\u{3099}' | '\u{309A}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(s: &str) -> String {
        let mut out = String::new();
        fold_into(s, &mut out);
        out
    }

    #[test]
    fn clips_on_char_boundaries() {
        assert_eq!(clip("abc", 5), "abc");
        assert_eq!(clip("abcdef", 3), "abc");
        assert_eq!(clip("ééé", 4), "éé");
        assert_eq!(clip("ééé", 5), "éé");
        assert_eq!(clip("é", 1), "");
        assert_eq!(clip("a测", 3), "a");
    }

    #[test]
    fn folds() {
        let cases = [
            ("ABC", "abc"),
            ("ａｂｃ", "abc"),
            ("𝐚𝐛𝐜", "abc"),
            ("ⓐⓑⓒ", "abc"),
            ("ﬁ", "fi"),
            ("Straße", "strasse"),
            ("ábç", "abc"),
            ("a\u{0337}\u{031B}b\u{0338}c\u{0334}", "abc"),
            ("a\u{200B}b\u{00AD}c\u{FEFF}", "abc"),
            ("а\u{0432}с", "abc"),
            ("ΑΒΝ", "abn"),
            ("ёї", "ei"),
            ("ｶﾞ", "ガ"),
            ("が", "が"),
            ("한국", "한국"),
            ("İ", "i"),
            ("1\u{FE0F}\u{20E3}", "1"),
            ("a\u{0345}\u{0345}b", "ab"),
            ("が\u{3099}", "が"),
            ("a\u{3099}", "a"),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "{input:?}");
        }
    }

    /// `strip_into` decomposes with the NFKD table. That is the canonical
    /// decomposition for every character that can reach it: what NFKC
    /// outputs, and the case folding of characters without a compatibility
    /// mapping (which is all the first pass leaves). Look-alikes map to
    /// ASCII, which decomposes to itself.
    #[test]
    fn nfkd_is_canonical_where_used() {
        let nfd = DecomposingNormalizerBorrowed::new_nfd();
        let canonical = |c: char| {
            let once = std::iter::once(c);
            nfd.normalize_iter(once.clone())
                .eq(NFKD.normalize_iter(once))
        };
        let mut checked = 0;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let alone = c.to_string();
            if NFKC.normalize(&alone) == alone {
                assert!(canonical(c), "NFKC output U+{:04X}", u32::from(c));
                checked += 1;
            }
            if canonical(c) {
                for f in CASE.fold_string(&alone).chars() {
                    assert!(canonical(f), "folding of U+{:04X}", u32::from(c));
                }
            }
        }
        assert!(checked > 1_000_000, "{checked}");
        assert!(confusables_map_to_ascii());
    }

    fn confusables_map_to_ascii() -> bool {
        (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .all(|c| confusables::latin(c).is_none_or(|l| l.is_ascii()))
    }
}
