//! Look-alike letters from other scripts, mapped to the Latin letter they
//! imitate, so `аbс` typed with Cyrillic letters reads as `abc`.
//!
//! Source: the Unicode confusables data of UTS #39 "Unicode Security
//! Mechanisms" (<https://www.unicode.org/Public/security/latest/confusables.txt>),
//! restricted to single letters whose prototype is one lowercase ASCII
//! letter, plus the "small capital" and enclosed-letter sets that fancy-text
//! generators use and NFKC leaves alone. Mathematical, fullwidth, circled and
//! parenthesized letters are not listed: NFKC already turns them into ASCII.
//!
//! Both cases are listed where they look like different Latin letters
//! (Greek `Ν` looks like `N`, its lowercase `ν` like `v`): the table is
//! consulted before case folding as well as after, so a capital is read as
//! the letter it resembles rather than as the letter its lowercase resembles.
//!
//! The price is that genuine Cyrillic or Greek words are read as Latin
//! strings. List phrases go through the same mapping, so a phrase written in
//! those scripts still matches itself; it may also match a Latin word that
//! looks the same, which is the point of the table.

/// Sorted by code point, for binary search.
const TABLE: &[(char, u8)] = &[
    ('\u{0131}', b'i'), // ı LATIN SMALL LETTER DOTLESS I
    ('\u{0237}', b'j'), // ȷ LATIN SMALL LETTER DOTLESS J
    ('\u{0251}', b'a'), // ɑ LATIN SMALL LETTER ALPHA
    ('\u{0261}', b'g'), // ɡ LATIN SMALL LETTER SCRIPT G
    ('\u{0262}', b'g'), // ɢ LATIN LETTER SMALL CAPITAL G
    ('\u{0269}', b'i'), // ɩ LATIN SMALL LETTER IOTA
    ('\u{026A}', b'i'), // ɪ LATIN LETTER SMALL CAPITAL I
    ('\u{0274}', b'n'), // ɴ LATIN LETTER SMALL CAPITAL N
    ('\u{0280}', b'r'), // ʀ LATIN LETTER SMALL CAPITAL R
    ('\u{028F}', b'y'), // ʏ LATIN LETTER SMALL CAPITAL Y
    ('\u{0299}', b'b'), // ʙ LATIN LETTER SMALL CAPITAL B
    ('\u{029C}', b'h'), // ʜ LATIN LETTER SMALL CAPITAL H
    ('\u{029F}', b'l'), // ʟ LATIN LETTER SMALL CAPITAL L
    ('\u{0391}', b'a'), // Α GREEK CAPITAL LETTER ALPHA
    ('\u{0392}', b'b'), // Β GREEK CAPITAL LETTER BETA
    ('\u{0395}', b'e'), // Ε GREEK CAPITAL LETTER EPSILON
    ('\u{0396}', b'z'), // Ζ GREEK CAPITAL LETTER ZETA
    ('\u{0397}', b'h'), // Η GREEK CAPITAL LETTER ETA
    ('\u{0399}', b'i'), // Ι GREEK CAPITAL LETTER IOTA
    ('\u{039A}', b'k'), // Κ GREEK CAPITAL LETTER KAPPA
    ('\u{039C}', b'm'), // Μ GREEK CAPITAL LETTER MU
    ('\u{039D}', b'n'), // Ν GREEK CAPITAL LETTER NU
    ('\u{039F}', b'o'), // Ο GREEK CAPITAL LETTER OMICRON
    ('\u{03A1}', b'p'), // Ρ GREEK CAPITAL LETTER RHO
    ('\u{03A4}', b't'), // Τ GREEK CAPITAL LETTER TAU
    ('\u{03A5}', b'y'), // Υ GREEK CAPITAL LETTER UPSILON
    ('\u{03A7}', b'x'), // Χ GREEK CAPITAL LETTER CHI
    ('\u{03B1}', b'a'), // α GREEK SMALL LETTER ALPHA
    ('\u{03B2}', b'b'), // β GREEK SMALL LETTER BETA
    ('\u{03B3}', b'y'), // γ GREEK SMALL LETTER GAMMA
    ('\u{03B5}', b'e'), // ε GREEK SMALL LETTER EPSILON
    ('\u{03B7}', b'n'), // η GREEK SMALL LETTER ETA
    ('\u{03B9}', b'i'), // ι GREEK SMALL LETTER IOTA
    ('\u{03BA}', b'k'), // κ GREEK SMALL LETTER KAPPA
    ('\u{03BC}', b'u'), // μ GREEK SMALL LETTER MU (also the micro sign, via NFKC)
    ('\u{03BD}', b'v'), // ν GREEK SMALL LETTER NU
    ('\u{03BF}', b'o'), // ο GREEK SMALL LETTER OMICRON
    ('\u{03C1}', b'p'), // ρ GREEK SMALL LETTER RHO
    ('\u{03C3}', b'o'), // σ GREEK SMALL LETTER SIGMA (final ς folds to it)
    ('\u{03C4}', b't'), // τ GREEK SMALL LETTER TAU
    ('\u{03C5}', b'u'), // υ GREEK SMALL LETTER UPSILON
    ('\u{03C7}', b'x'), // χ GREEK SMALL LETTER CHI
    ('\u{03C9}', b'w'), // ω GREEK SMALL LETTER OMEGA
    ('\u{03F2}', b'c'), // ϲ GREEK LUNATE SIGMA SYMBOL (before NFKC makes it σ)
    ('\u{03F3}', b'j'), // ϳ GREEK LETTER YOT
    ('\u{03F9}', b'c'), // Ϲ GREEK CAPITAL LUNATE SIGMA SYMBOL
    ('\u{0405}', b's'), // Ѕ CYRILLIC CAPITAL LETTER DZE
    ('\u{0406}', b'i'), // І CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I
    ('\u{0407}', b'i'), // Ї CYRILLIC CAPITAL LETTER YI
    ('\u{0408}', b'j'), // Ј CYRILLIC CAPITAL LETTER JE
    ('\u{0410}', b'a'), // А CYRILLIC CAPITAL LETTER A
    ('\u{0412}', b'b'), // В CYRILLIC CAPITAL LETTER VE
    ('\u{0415}', b'e'), // Е CYRILLIC CAPITAL LETTER IE
    ('\u{041A}', b'k'), // К CYRILLIC CAPITAL LETTER KA
    ('\u{041C}', b'm'), // М CYRILLIC CAPITAL LETTER EM
    ('\u{041D}', b'h'), // Н CYRILLIC CAPITAL LETTER EN
    ('\u{041E}', b'o'), // О CYRILLIC CAPITAL LETTER O
    ('\u{0420}', b'p'), // Р CYRILLIC CAPITAL LETTER ER
    ('\u{0421}', b'c'), // С CYRILLIC CAPITAL LETTER ES
    ('\u{0422}', b't'), // Т CYRILLIC CAPITAL LETTER TE
    ('\u{0423}', b'y'), // У CYRILLIC CAPITAL LETTER U
    ('\u{0425}', b'x'), // Х CYRILLIC CAPITAL LETTER HA
    ('\u{0430}', b'a'), // а CYRILLIC SMALL LETTER A
    ('\u{0432}', b'b'), // в CYRILLIC SMALL LETTER VE
    ('\u{0435}', b'e'), // е CYRILLIC SMALL LETTER IE
    ('\u{043A}', b'k'), // к CYRILLIC SMALL LETTER KA
    ('\u{043C}', b'm'), // м CYRILLIC SMALL LETTER EM
    ('\u{043D}', b'h'), // н CYRILLIC SMALL LETTER EN
    ('\u{043E}', b'o'), // о CYRILLIC SMALL LETTER O
    ('\u{0440}', b'p'), // р CYRILLIC SMALL LETTER ER
    ('\u{0441}', b'c'), // с CYRILLIC SMALL LETTER ES
    ('\u{0442}', b't'), // т CYRILLIC SMALL LETTER TE
    ('\u{0443}', b'y'), // у CYRILLIC SMALL LETTER U
    ('\u{0445}', b'x'), // х CYRILLIC SMALL LETTER HA
    ('\u{0451}', b'e'), // ё CYRILLIC SMALL LETTER IO
    ('\u{0455}', b's'), // ѕ CYRILLIC SMALL LETTER DZE
    ('\u{0456}', b'i'), // і CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I
    ('\u{0457}', b'i'), // ї CYRILLIC SMALL LETTER YI
    ('\u{0458}', b'j'), // ј CYRILLIC SMALL LETTER JE
    ('\u{04AE}', b'y'), // Ү CYRILLIC CAPITAL LETTER STRAIGHT U
    ('\u{04AF}', b'y'), // ү CYRILLIC SMALL LETTER STRAIGHT U
    ('\u{04BA}', b'h'), // Һ CYRILLIC CAPITAL LETTER SHHA
    ('\u{04BB}', b'h'), // һ CYRILLIC SMALL LETTER SHHA
    ('\u{04C0}', b'l'), // Ӏ CYRILLIC LETTER PALOCHKA
    ('\u{04CF}', b'l'), // ӏ CYRILLIC SMALL LETTER PALOCHKA
    ('\u{0500}', b'd'), // Ԁ CYRILLIC CAPITAL LETTER KOMI DE
    ('\u{0501}', b'd'), // ԁ CYRILLIC SMALL LETTER KOMI DE
    ('\u{051A}', b'q'), // Ԛ CYRILLIC CAPITAL LETTER QA
    ('\u{051B}', b'q'), // ԛ CYRILLIC SMALL LETTER QA
    ('\u{051C}', b'w'), // Ԝ CYRILLIC CAPITAL LETTER WE
    ('\u{051D}', b'w'), // ԝ CYRILLIC SMALL LETTER WE
    ('\u{0566}', b'q'), // զ ARMENIAN SMALL LETTER ZA
    ('\u{0570}', b'h'), // հ ARMENIAN SMALL LETTER HO
    ('\u{0578}', b'n'), // ո ARMENIAN SMALL LETTER VO
    ('\u{057D}', b'u'), // ս ARMENIAN SMALL LETTER SEH
    ('\u{0581}', b'g'), // ց ARMENIAN SMALL LETTER CO
    ('\u{0585}', b'o'), // օ ARMENIAN SMALL LETTER OH
    ('\u{13A0}', b'd'), // Ꭰ CHEROKEE LETTER A
    ('\u{13A2}', b't'), // Ꭲ CHEROKEE LETTER I
    ('\u{13A9}', b'y'), // Ꭹ CHEROKEE LETTER GI
    ('\u{13AA}', b'a'), // Ꭺ CHEROKEE LETTER GO
    ('\u{13AB}', b'j'), // Ꭻ CHEROKEE LETTER GU
    ('\u{13AC}', b'e'), // Ꭼ CHEROKEE LETTER GV
    ('\u{13B3}', b'w'), // Ꮃ CHEROKEE LETTER LA
    ('\u{13B7}', b'm'), // Ꮇ CHEROKEE LETTER LU
    ('\u{13BB}', b'h'), // Ꮋ CHEROKEE LETTER MI
    ('\u{13C0}', b'g'), // Ꮐ CHEROKEE LETTER NAH
    ('\u{13C3}', b'z'), // Ꮓ CHEROKEE LETTER NO
    ('\u{13D9}', b'v'), // Ꮩ CHEROKEE LETTER DO
    ('\u{13DA}', b's'), // Ꮪ CHEROKEE LETTER DU
    ('\u{13DE}', b'l'), // Ꮮ CHEROKEE LETTER TLE
    ('\u{13DF}', b'c'), // Ꮯ CHEROKEE LETTER TLI
    ('\u{13E2}', b'p'), // Ꮲ CHEROKEE LETTER TLV
    ('\u{13E6}', b'k'), // Ꮶ CHEROKEE LETTER TSO
    ('\u{13F4}', b'b'), // Ᏼ CHEROKEE LETTER YV
    ('\u{1D00}', b'a'), // ᴀ LATIN LETTER SMALL CAPITAL A
    ('\u{1D04}', b'c'), // ᴄ LATIN LETTER SMALL CAPITAL C
    ('\u{1D05}', b'd'), // ᴅ LATIN LETTER SMALL CAPITAL D
    ('\u{1D07}', b'e'), // ᴇ LATIN LETTER SMALL CAPITAL E
    ('\u{1D0A}', b'j'), // ᴊ LATIN LETTER SMALL CAPITAL J
    ('\u{1D0B}', b'k'), // ᴋ LATIN LETTER SMALL CAPITAL K
    ('\u{1D0D}', b'm'), // ᴍ LATIN LETTER SMALL CAPITAL M
    ('\u{1D0F}', b'o'), // ᴏ LATIN LETTER SMALL CAPITAL O
    ('\u{1D18}', b'p'), // ᴘ LATIN LETTER SMALL CAPITAL P
    ('\u{1D1B}', b't'), // ᴛ LATIN LETTER SMALL CAPITAL T
    ('\u{1D1C}', b'u'), // ᴜ LATIN LETTER SMALL CAPITAL U
    ('\u{1D20}', b'v'), // ᴠ LATIN LETTER SMALL CAPITAL V
    ('\u{1D21}', b'w'), // ᴡ LATIN LETTER SMALL CAPITAL W
    ('\u{1D22}', b'z'), // ᴢ LATIN LETTER SMALL CAPITAL Z
    ('\u{A730}', b'f'), // ꜰ LATIN LETTER SMALL CAPITAL F
    ('\u{A731}', b's'), // ꜱ LATIN LETTER SMALL CAPITAL S
];

/// Runs of 26 symbols standing for A..Z that NFKC does not decompose.
const LETTER_BLOCKS: &[u32] = &[
    0x1F150, // 🅐 NEGATIVE CIRCLED LATIN CAPITAL LETTER A ..
    0x1F170, // 🅰 NEGATIVE SQUARED LATIN CAPITAL LETTER A ..
    0x1F1E6, // 🇦 REGIONAL INDICATOR SYMBOL LETTER A ..
];

/// The Latin letter `c` imitates, if it is a known look-alike.
pub(crate) fn latin(c: char) -> Option<char> {
    if c.is_ascii() {
        return None;
    }
    if let Ok(i) = TABLE.binary_search_by_key(&c, |&(k, _)| k) {
        return TABLE.get(i).map(|&(_, l)| char::from(l));
    }
    let cp = u32::from(c);
    LETTER_BLOCKS
        .iter()
        .find(|&&start| (start..start + 26).contains(&cp))
        .and_then(|&start| char::from_u32(u32::from(b'a') + (cp - start)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_maps_to_lowercase_ascii() {
        assert!(TABLE.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(TABLE
            .iter()
            .all(|&(c, l)| !c.is_ascii() && l.is_ascii_lowercase()));
    }

    #[test]
    fn maps_look_alikes() {
        assert_eq!(latin('а'), Some('a'));
        assert_eq!(latin('Ν'), Some('n'));
        assert_eq!(latin('ν'), Some('v'));
        assert_eq!(latin('\u{1F170}'), Some('a'));
        assert_eq!(latin('\u{1F189}'), Some('z'));
        assert_eq!(latin('\u{1F18A}'), None);
        assert_eq!(latin('\u{1F1FF}'), Some('z'));
        assert_eq!(latin('a'), None);
        assert_eq!(latin('д'), None);
    }
}
