//! Characters that render as nothing. Someone hiding a word from a filter
//! slips them between its letters (`a\u{200B}bc`), so they are deleted
//! outright and the letters around them join up again.
//!
//! The table is Unicode's Default_Ignorable_Code_Point property
//! (DerivedCoreProperties.txt, Unicode 16.0). Format characters (general
//! category Cf) outside it are removed too, by the caller.

/// Inclusive ranges, sorted.
const DEFAULT_IGNORABLE: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),   // SOFT HYPHEN
    (0x034F, 0x034F),   // COMBINING GRAPHEME JOINER
    (0x061C, 0x061C),   // ARABIC LETTER MARK
    (0x115F, 0x1160),   // HANGUL CHOSEONG/JUNGSEONG FILLER
    (0x17B4, 0x17B5),   // KHMER VOWEL INHERENT AQ/AA
    (0x180B, 0x180F),   // MONGOLIAN FREE VARIATION SELECTORS, VOWEL SEPARATOR
    (0x200B, 0x200F),   // ZERO WIDTH SPACE/NON-JOINER/JOINER, LRM, RLM
    (0x202A, 0x202E),   // bidi embeddings and overrides
    (0x2060, 0x206F),   // WORD JOINER, invisible operators, bidi isolates
    (0x3164, 0x3164),   // HANGUL FILLER
    (0xFE00, 0xFE0F),   // VARIATION SELECTORS 1-16
    (0xFEFF, 0xFEFF),   // ZERO WIDTH NO-BREAK SPACE (BOM)
    (0xFFA0, 0xFFA0),   // HALFWIDTH HANGUL FILLER
    (0xFFF0, 0xFFF8),   // unassigned specials
    (0x1BCA0, 0x1BCA3), // SHORTHAND FORMAT CONTROLS
    (0x1D173, 0x1D17A), // MUSICAL SYMBOL BEGIN/END formatting
    (0xE0000, 0xE0FFF), // TAG characters, VARIATION SELECTORS 17-256
];

pub(crate) fn is_default_ignorable(c: char) -> bool {
    let cp = u32::from(c);
    if cp < 0xAD {
        return false;
    }
    DEFAULT_IGNORABLE
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_sorted_and_disjoint() {
        assert!(DEFAULT_IGNORABLE.iter().all(|&(lo, hi)| lo <= hi));
        assert!(DEFAULT_IGNORABLE.windows(2).all(|w| w[0].1 < w[1].0));
    }

    #[test]
    fn finds_members() {
        for c in [
            '\u{AD}',
            '\u{200B}',
            '\u{200D}',
            '\u{2060}',
            '\u{FEFF}',
            '\u{E0041}',
            '\u{FE0F}',
            '\u{3164}',
        ] {
            assert!(is_default_ignorable(c), "{:04X}", u32::from(c));
        }
        for c in ['a', ' ', '\u{AC}', '\u{AE}', '\u{2010}', '\u{E1000}'] {
            assert!(!is_default_ignorable(c), "{:04X}", u32::from(c));
        }
    }
}
