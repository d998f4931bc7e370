//! Character-level folding: everything that makes two strings that look or
//! read the same become the same characters, before words are cut out.
//!
//! Order matters: look-alikes are mapped once before NFKC (while Greek
//! lunate sigma and capitals still look like what they imitate), NFKC turns
//! compatibility forms (fullwidth, mathematical, circled letters, ligatures)
//! into plain ones, full case folding follows, then each character is
//! decomposed so its marks can be dropped, and look-alikes are mapped again
//! on the bare letters that remain (`ё` → `е` → `e`).

use caseless::Caseless;
use unicode_normalization::char::{compose, decompose_canonical};
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

use super::{confusables, ignorable};

/// `text` cut after `max_chars` characters, so every input costs bounded
/// work however long it is.
pub(crate) fn truncate(text: &str, max_chars: usize) -> &str {
    if text.len() <= max_chars {
        return text;
    }
    match text.char_indices().nth(max_chars) {
        Some((i, _)) => text.get(..i).unwrap_or(text),
        None => text,
    }
}

/// Appends the folded form of `text` to `out`.
pub(crate) fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        // Nothing below changes ASCII except case.
        out.push_str(text);
        out.make_ascii_lowercase();
        return;
    }
    let folded = text
        .chars()
        .map(look_alike)
        .nfkc()
        .map(look_alike)
        .default_case_fold();
    for c in folded {
        if c.is_ascii() {
            out.push(c);
        } else if is_hangul_syllable(c) {
            // Its canonical decomposition is conjoining jamo, not marks:
            // decomposing would only force a recomposition step.
            out.push(c);
        } else {
            decompose_canonical(c, |d| keep(d, out));
        }
    }
}

fn look_alike(c: char) -> char {
    confusables::latin(c).unwrap_or(c)
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
    match c.general_category() {
        GeneralCategory::Format => return,
        GeneralCategory::NonspacingMark | GeneralCategory::EnclosingMark => {
            // Accents, zalgo stacks and keycaps go. The kana voicing marks
            // stay: they tell different Japanese syllables apart (か/が).
            if !(is_kana_voicing(c) && out.chars().next_back().is_some_and(is_kana)) {
                return;
            }
        }
        GeneralCategory::SpacingMark => {}
        _ => {
            out.push(look_alike(c));
            return;
        }
    }
    // A mark that stays: put it back onto its base where Unicode has a
    // precomposed character, so the output is stable under NFKC.
    if let Some(composed) = out.chars().next_back().and_then(|prev| compose(prev, c)) {
        out.pop();
        out.push(composed);
    } else {
        out.push(c);
    }
}

fn is_hangul_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

fn is_kana_voicing(c: char) -> bool {
    matches!(c, '\u{3099}' | '\u{309A}')
}

fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{309D}'..='\u{309F}' | '\u{30A1}'..='\u{30FA}' | '\u{30FD}'..='\u{30FF}')
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
    fn truncates_on_char_boundaries() {
        assert_eq!(truncate("abc", 5), "abc");
        assert_eq!(truncate("abcdef", 3), "abc");
        assert_eq!(truncate("ééé", 2), "éé");
        assert_eq!(truncate("éé", 2), "éé");
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
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "{input:?}");
        }
    }
}
