//! Property tests of `turnback::text`.

use std::collections::BTreeSet;

use proptest::prelude::*;
use turnback::text::{
    normalize, phrase_keys, Normalized, MAX_INPUT_BYTES, MAX_INPUT_CHARS, MAX_PHRASE_BYTES,
    MAX_PHRASE_TOKENS, MAX_TOKENS, MAX_VARIANTS,
};

/// Characters the normalizer treats specially, mixed with plain ones.
const POOL: &[char] = &[
    'a',
    'b',
    'c',
    'o',
    'l',
    'i',
    'e',
    'A',
    'B',
    'Z',
    '0',
    '1',
    '2',
    '3',
    '4',
    '7',
    '9',
    ' ',
    ' ',
    '\t',
    '\n',
    '.',
    '-',
    '_',
    '\'',
    ',',
    ':',
    '/',
    '@',
    '$',
    '!',
    '|',
    '?',
    '\u{0301}',
    '\u{0337}',
    '\u{20E3}',
    '\u{3099}',
    '\u{200B}',
    '\u{200D}',
    '\u{00AD}',
    '\u{202E}',
    '\u{FEFF}',
    '\u{FE0F}',
    '\u{E0041}',
    'а',
    'е',
    'о',
    'Ν',
    'ν',
    'ς',
    'σ',
    'ϲ',
    'ß',
    'ẞ',
    'İ',
    'ı',
    'ａ',
    'Ａ',
    '１',
    '𝐚',
    '𝟎',
    'ⓐ',
    '⒜',
    '🅰',
    '🇦',
    'ᴀ',
    'ﬁ',
    '²',
    '½',
    '测',
    '试',
    'カ',
    'ｶ',
    'ﾞ',
    'が',
    'ท',
    'ั',
    '่',
    'ก',
    'ລ',
    'ក',
    'ា',
    'က',
    'ि',
    'क',
    '한',
    'ᄀ',
    'ᅡ',
    '😀',
    '\u{3000}',
    '。',
    '٣',
    'Ꭺ',
    'ꭰ',
    'ǅ',
    '\u{0345}',
    'ﷺ',
];

fn pool_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(POOL), 0..max).prop_map(|v| v.into_iter().collect())
}

fn words(n: &Normalized) -> Vec<Vec<String>> {
    n.variants()
        .iter()
        .map(|v| v.tokens().map(str::to_string).collect())
        .collect()
}

fn primary_text(n: &Normalized) -> String {
    n.primary()
        .map(|p| p.tokens().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// Every window of every variant, by brute force.
fn all_windows(n: &Normalized) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for v in n.variants() {
        for s in 0..v.len() {
            for e in s + 1..=v.len().min(s + MAX_PHRASE_TOKENS) {
                let w = v.window(s, e);
                if w.len() > MAX_PHRASE_BYTES {
                    break;
                }
                out.insert(w.to_string());
            }
        }
    }
    out
}

fn reported_windows(n: &Normalized) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    n.for_each_window(|w| {
        out.insert(w.to_string());
    });
    out
}

fn check_shape(n: &Normalized) -> Result<(), TestCaseError> {
    prop_assert!((1..=MAX_VARIANTS).contains(&n.variants().len()));
    for v in n.variants() {
        for t in v.tokens() {
            prop_assert!(!t.is_empty());
            prop_assert!(!t.chars().any(char::is_whitespace), "{:?}", t);
            prop_assert!(
                !t.chars()
                    .any(|c| c.is_ascii_uppercase() || c.is_ascii_punctuation()),
                "{:?}",
                t
            );
        }
    }
    // Distinct variants only.
    let w = words(n);
    for (i, a) in w.iter().enumerate() {
        prop_assert!(!w.get(..i).unwrap_or_default().contains(a));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_text_gives_well_formed_output(s in any::<String>()) {
        check_shape(&normalize(&s))?;
    }

    #[test]
    fn tricky_text_gives_well_formed_output(s in pool_string(60)) {
        check_shape(&normalize(&s))?;
    }

    /// The windows skipped as repeats were really reported by an earlier
    /// variant: the reported set is exactly the set of all windows.
    #[test]
    fn window_dedup_loses_nothing(s in pool_string(40)) {
        let n = normalize(&s);
        let reported = reported_windows(&n);
        prop_assert!(reported.iter().all(|w| w.len() <= MAX_PHRASE_BYTES));
        prop_assert_eq!(reported, all_windows(&n));
    }

    /// The primary variant is a fixed point. It has every in-word symbol
    /// and leet digit already read as letters (digits left are whole
    /// numbers or digits leetspeak does not use: 2, 6, 9), letters folded,
    /// runs collapsed, and tokens free of separators, so normalizing it
    /// again, tokens joined by spaces, gives it back. It holds while the
    /// spaced-out primary fits in MAX_INPUT_CHARS (spacing per-character
    /// tokens can double the length, and truncation would cut it).
    #[test]
    fn primary_is_idempotent(s in pool_string(60)) {
        let once = normalize(&s);
        let text = primary_text(&once);
        prop_assume!(text.chars().count() <= MAX_INPUT_CHARS);
        let twice = normalize(&text);
        prop_assert_eq!(primary_text(&twice), text);
    }

    /// The same on arbitrary Unicode text.
    #[test]
    fn primary_is_idempotent_any(s in any::<String>()) {
        let once = normalize(&s);
        let text = primary_text(&once);
        prop_assume!(text.chars().count() <= MAX_INPUT_CHARS);
        prop_assert_eq!(primary_text(&normalize(&text)), text);
    }

    /// A normalized primary used as a list phrase is stored under its own
    /// joined form, so the text it came from matches it.
    #[test]
    fn phrase_keys_of_primary_reproduce_its_key(s in pool_string(24)) {
        let n = normalize(&format!("w {s}"));
        let Some(p) = n.primary() else { return Err(TestCaseError::fail("no variant")) };
        let again = normalize(&primary_text(&n));
        let fits = again.variants().iter().all(|v| {
            !v.is_empty() && v.len() <= MAX_PHRASE_TOKENS && v.window(0, v.len()).len() <= MAX_PHRASE_BYTES
        });
        prop_assume!(fits);
        let keys = phrase_keys(&primary_text(&n)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(keys.iter().any(|k| k == p.window(0, p.len())), "{:?} {:?}", keys, p);
        prop_assert!(reported_windows(&n).contains(p.window(0, p.len())));
    }

    /// A word written with separators, case changes, invisible characters
    /// or fullwidth letters still produces its key as a window.
    #[test]
    fn obfuscated_word_still_matches(
        word in "[a-z]{1,12}".prop_filter("no stretched letters", |w| !w.as_bytes().windows(3).any(|t| t[0] == t[1] && t[1] == t[2])),
        seps in prop::collection::vec(prop::sample::select(&["", " ", "-", ".", "_", "/", "\u{200B}", "\u{00AD}", " . "][..]), 12),
        upper in prop::collection::vec(any::<bool>(), 12),
        wide in prop::collection::vec(any::<bool>(), 12),
        before in "[a-z ]{0,10}",
        after in "[a-z ]{0,10}",
    ) {
        let keys = phrase_keys(&word).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut text = format!("{before} ");
        for (i, c) in word.chars().enumerate() {
            let c = if upper[i] { c.to_ascii_uppercase() } else { c };
            let c = if wide[i] { char::from_u32(u32::from(c) - 0x21 + 0xFF01).unwrap_or(c) } else { c };
            text.push(c);
            text.push_str(seps[i]);
        }
        text.push(' ');
        text.push_str(&after);
        let windows = reported_windows(&normalize(&text));
        prop_assert!(keys.iter().any(|k| windows.contains(k)), "{:?} {:?}", text, keys);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Long inputs are cut, and still well formed.
    #[test]
    fn long_text_is_bounded(s in pool_string(4000), t in prop::collection::vec(any::<char>(), 3000..3500)) {
        for text in [s, t.into_iter().collect::<String>()] {
            let n = normalize(&text);
            check_shape(&n)?;
            for v in n.variants() {
                prop_assert!(v.len() <= MAX_INPUT_CHARS);
            }
        }
    }

    /// Zalgo: a word under a pile of combining marks (within the input cap).
    #[test]
    fn mark_piles_are_removed(marks in prop::collection::vec(0x0300u32..0x036F, 0..500)) {
        let pile: String = marks.iter().filter_map(|&m| char::from_u32(m)).collect();
        let text = format!("a{pile}b{pile}c");
        prop_assert_eq!(primary_text(&normalize(&text)), "abc".to_string());
    }
}

/// Characters search engines drop as padding: whitespace, invisible
/// characters, combining marks and punctuation. Not `@ $ !`, which read as
/// letters before a word, nor `_`, which joins words.
const PAD: &[char] = &[
    ' ',
    ' ',
    '\t',
    '\n',
    '\r',
    '\u{A0}',
    '\u{2003}',
    '\u{3000}',
    '\u{200B}',
    '\u{200C}',
    '\u{200D}',
    '\u{2060}',
    '\u{FEFF}',
    '\u{00AD}',
    '\u{202E}',
    '\u{2066}',
    '\u{E0041}',
    '\u{FE0F}',
    '\u{0301}',
    '\u{0337}',
    '\u{20E3}',
    '.',
    ',',
    ';',
    ':',
    '\'',
    '-',
    '/',
    '?',
    '"',
    '(',
    ')',
    '*',
    '#',
    '&',
    '%',
    '~',
    '…',
    '—',
    '。',
    '、',
    '«',
    '¿',
];

/// Runs of padding characters, cut to at most `max` bytes.
fn padding(pool: &'static [char], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(pool), 1..6000usize), 0..24).prop_map(move |runs| {
        let mut pad = String::new();
        for (c, n) in runs {
            pad.extend(std::iter::repeat_n(c, n));
        }
        let mut end = pad.len().min(max);
        while !pad.is_char_boundary(end) {
            end -= 1;
        }
        pad.truncate(end);
        pad
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Padding before a text, of any length up to 60 KB, changes nothing:
    /// it is never a word, so it does not use up MAX_TOKENS.
    #[test]
    fn leading_padding_changes_nothing(pad in padding(PAD, 60_000), text in pool_string(40)) {
        let padded = format!("{pad}{text}");
        prop_assert!(padded.len() <= MAX_INPUT_BYTES);
        prop_assert_eq!(words(&normalize(&padded)), words(&normalize(&text)));
    }

    /// The same with ASCII padding and text (the one-pass ASCII path).
    #[test]
    fn leading_ascii_padding_changes_nothing(
        pad in padding(&[' ', '.', '-', ',', ':', '\'', '/', '?', '\t'], 60_000),
        text in "[a-zA-Z0-9 .,:'@$!_-]{0,40}",
    ) {
        let padded = format!("{pad}{text}");
        prop_assert_eq!(words(&normalize(&padded)), words(&normalize(&text)));
    }

    /// Only the first MAX_TOKENS words are read, on both paths: the rest
    /// of a text changes nothing.
    #[test]
    fn words_past_the_cap_change_nothing(
        list in prop::collection::vec("[a-z0-9]{1,5}", 200..400),
        sep in prop::sample::select(&[" ", "-", " / ", "\u{3000}", " \u{200B} ", "\u{00AD} "][..]),
    ) {
        let all = list.join(sep);
        let head = list.get(..MAX_TOKENS).unwrap_or(&list).join(sep);
        let n = normalize(&all);
        prop_assert!(n.variants().iter().all(|v| v.len() <= MAX_TOKENS));
        prop_assert_eq!(words(&n), words(&normalize(&head)));
    }
}
