//! Table-driven checks of `turnback::text::normalize` and `phrase_keys`,
//! one group per normalization technique. All words are synthetic.

#[path = "support/table.rs"]
mod table;

use turnback::text::{
    normalize, phrase_keys, TextError, MAX_INPUT_BYTES, MAX_INPUT_CHARS, MAX_PHRASE_BYTES,
    MAX_PHRASE_TOKENS, MAX_TOKENS, MAX_VARIANTS,
};

/// Every variant of `text`, each as its tokens joined by single spaces.
fn variants(text: &str) -> Vec<String> {
    normalize(text)
        .variants()
        .iter()
        .map(|v| v.tokens().collect::<Vec<_>>().join(" "))
        .collect()
}

fn primary(text: &str) -> String {
    variants(text).into_iter().next().unwrap_or_default()
}

fn check_primary(cases: &[(&str, &str)]) {
    table::check("primary", cases.iter().copied(), |input| primary(input));
}

fn check_variants(cases: &[(&str, &[&str])]) {
    table::check("variants", cases.iter().copied(), |input| variants(input));
}

#[test]
fn case_and_compatibility_forms() {
    check_primary(&[
        ("ABC", "abc"),
        ("Blocked DEMO Term", "blocked demo term"),
        ("ａｂｃ", "abc"),
        ("ＡＢＣ", "abc"),
        ("𝐚𝐛𝐜", "abc"),
        ("𝒜𝒷𝒸", "abc"),
        ("𝕒𝕓𝕔", "abc"),
        ("ⓐⓑⓒ", "abc"),
        ("ⒶⒷⒸ", "abc"),
        ("🄰🄱🄲", "abc"),
        ("🅰🅱🅲", "abc"),
        ("🅐🅑🅒", "abc"),
        ("⒜⒝⒞", "a b c"),
        ("ﬁne", "fine"),
        ("ᵃᵇᶜ", "abc"),
        ("ᴀʙᴄ", "abc"),
    ]);
}

#[test]
fn full_case_folding() {
    check_primary(&[
        ("Straße", "strasse"),
        ("STRAẞE", "strasse"),
        ("İstanbul", "istanbul"),
        ("ǅemo", "dzemo"),
    ]);
}

#[test]
fn marks_are_removed() {
    check_primary(&[
        ("ábç", "abc"),
        ("Ａ́Ｂ̈Ｃ̧", "abc"),
        ("a\u{0301}bc", "abc"),
        ("a̷̛b̸c̴", "abc"),
        ("z\u{0335}\u{0336}\u{0337}o\u{0338}\u{20DD}rblax", "zorblax"),
        ("1\u{FE0F}\u{20E3}", "1"),
        ("naïve café", "naive cafe"),
    ]);
}

#[test]
fn invisible_characters_join_letters() {
    check_primary(&[
        ("a\u{200B}bc", "abc"),
        ("a\u{200C}b\u{200D}c", "abc"),
        ("ab\u{2060}c", "abc"),
        ("a\u{00AD}bc", "abc"),
        ("a\u{200E}b\u{200F}c", "abc"),
        ("\u{202E}abc\u{202C}", "abc"),
        ("a\u{2066}b\u{2069}c", "abc"),
        ("\u{FEFF}abc", "abc"),
        ("a\u{E0041}b\u{E007F}c", "abc"),
        ("a\u{FE0F}b\u{034F}c", "abc"),
        ("a\u{3164}b\u{115F}c\u{FFA0}", "abc"),
        ("a\u{180E}bc", "abc"),
    ]);
}

#[test]
fn homoglyphs_map_to_latin() {
    check_primary(&[
        ("аbс", "abc"),         // Cyrillic a, es
        ("АВС", "abc"),         // Cyrillic capitals
        ("ԁеmо", "demo"),       // Cyrillic komi de, ie, o
        ("tеrм", "term"),       // Cyrillic ie, em
        ("αβc", "abc"),         // Greek
        ("ΑΒϹ", "abc"),         // Greek capitals, lunate sigma
        ("zοrblαx", "zorblax"), // Greek omicron, alpha
        ("quіbblе", "quibble"), // Cyrillic i, ie
        ("ɑbc", "abc"),         // Latin alpha
        ("dıg", "dig"),         // dotless i
        ("ѕіɡn", "sign"),       // Cyrillic dze, i; script g
        ("ԛuіbble", "quibble"), // Cyrillic qa
        ("ԝеb", "web"),         // Cyrillic we
        ("ёж", "eж"),           // only look-alikes change
        ("кнорх", "khopx"),
    ]);
}

#[test]
fn leetspeak_inside_words() {
    check_primary(&[
        ("4bc", "abc"),
        ("bl0cked", "blocked"),
        ("l33t", "leet"),
        ("d3m0 t3rm", "demo term"),
        ("z0rbl4x", "zorblax"),
        ("@bc", "abc"),
        ("$ign", "sign"),
        ("d!g", "dig"),
        ("p@55", "pass"),
        ("hello!", "hello"),
        ("hello! abc", "hello abc"),
        ("$100", "100"),
        ("13", "13"),
        ("2024 abc", "2024 abc"),
        ("3.14", "314"),
    ]);
}

#[test]
fn ambiguities_produce_variants() {
    check_variants(&[
        ("blocked demo term", &["blocked demo term"]),
        ("bl0cked", &["blocked", "bl 0 cked"]),
        ("qu1bble", &["quibble", "qulbble", "qu 1 bble"]),
        ("13yo", &["ieyo", "leyo", "13 yo"]),
        ("13 yo", &["13 yo"]),
        ("@bc", &["abc", "bc"]),
        ("hello!", &["hello"]),
        ("bloooocked", &["blocked", "bloocked"]),
        ("weeeeed", &["wed", "weed"]),
        ("weed", &["weed"]),
        ("aaa", &["a", "aa"]),
        ("1000", &["1000"]),
        ("bl000cked", &["blocked", "bloocked", "bl 000 cked"]),
        ("ab 2024", &["ab 2024"]),
    ]);
    // The choice is global: one `1` and one stretch give at most 2 × 3.
    let many = variants("qu1bble 13yo zooorblax @bc 2b 3c 1d");
    assert!(many.len() <= MAX_VARIANTS, "{many:?}");
    assert_eq!(many.len(), 6, "{many:?}");
}

#[test]
fn separators_and_inner_punctuation() {
    check_primary(&[
        ("a.b.c", "abc"),
        ("a b c", "a b c"),
        ("a-b-c", "a b c"),
        ("a_b_c", "abc"),
        ("a/b+c", "a b c"),
        ("don't", "dont"),
        ("blocked-demo_term", "blocked demoterm"),
        ("blocked...demo", "blocked demo"),
        ("«blocked» (demo) [term]", "blocked demo term"),
        ("  \t\nabc\r\n ", "abc"),
        ("a·b·c", "abc"),
    ]);
}

#[test]
fn scripts_without_spaces_split_per_character() {
    check_primary(&[
        ("测试词", "测 试 词"),
        ("这是测试词。", "这 是 测 试 词"),
        ("テスト", "テ ス ト"),
        ("ｶﾞｲﾄﾞ", "ガ イ ド"),
        ("ひらがな", "ひ ら が な"),
        ("ทดสอบ", "ท ด ส อ บ"),
        ("abc测试", "abc 测 试"),
        ("한국 사람", "한국 사람"),
    ]);
}

#[test]
fn empty_and_symbol_only_text() {
    for input in [
        "",
        "   ",
        "!!!",
        "-- // ++",
        "\u{200B}\u{FEFF}",
        "🙂🙂",
        "。、",
    ] {
        let n = normalize(input);
        assert_eq!(n.variants().len(), 1, "{input:?}");
        assert!(n.primary().is_some_and(|p| p.is_empty()), "{input:?}");
        let mut windows = 0;
        n.for_each_window(|_| windows += 1);
        assert_eq!(windows, 0, "{input:?}");
    }
}

#[test]
fn long_input_is_cut_by_words() {
    let text = "abc ".repeat(MAX_INPUT_CHARS);
    let n = normalize(&text);
    let p = n.primary().cloned().unwrap_or_default();
    assert_eq!(p.len(), MAX_TOKENS);
    // Padding is not words: a word after any amount of it is seen.
    let late = format!("{}zorblax", " ".repeat(MAX_INPUT_CHARS));
    assert_eq!(primary(&late), "zorblax");
    let later = format!("{}zorblax", "\u{200B}.".repeat(MAX_INPUT_BYTES / 5));
    assert_eq!(primary(&later), "zorblax");
    // Nothing past MAX_INPUT_BYTES is read; the cut keeps whole characters.
    let beyond = format!("{}zorblax", " ".repeat(MAX_INPUT_BYTES));
    assert!(normalize(&beyond).primary().is_some_and(|p| p.is_empty()));
    let wide = "测".repeat(MAX_INPUT_BYTES / 3 + 1);
    assert_eq!(
        normalize(&wide).primary().map(|p| p.len()),
        Some(MAX_TOKENS)
    );
}

#[test]
fn phrase_keys_are_joined_variants() {
    let cases: &[(&str, &[&str])] = &[
        ("abc", &["abc"]),
        ("Blocked Demo Term", &["blockeddemoterm"]),
        ("blocked-demo term", &["blockeddemoterm"]),
        ("13yo", &["ieyo", "leyo", "13yo"]),
        ("bl0cked", &["blocked", "bl0cked"]),
        ("zooorblax", &["zorblax", "zoorblax"]),
        ("测试词", &["测试词"]),
        ("ａｂｃ", &["abc"]),
    ];
    let want = |keys: &[&str]| Ok(keys.iter().map(|k| k.to_string()).collect());
    table::check(
        "phrase_keys",
        cases.iter().map(|&(phrase, keys)| (phrase, want(keys))),
        |phrase| phrase_keys(phrase),
    );
}

#[test]
fn phrase_keys_errors() {
    assert_eq!(phrase_keys(""), Err(TextError::Empty));
    assert_eq!(phrase_keys("  -- !! "), Err(TextError::Empty));
    assert_eq!(phrase_keys("\u{200B}"), Err(TextError::Empty));
    let many = vec!["w"; MAX_PHRASE_TOKENS + 1].join(" ");
    assert_eq!(
        phrase_keys(&many),
        Err(TextError::TooManyWords(MAX_PHRASE_TOKENS + 1))
    );
    assert!(phrase_keys(&vec!["w"; MAX_PHRASE_TOKENS].join(" ")).is_ok());
    let long = "ab".repeat(MAX_PHRASE_BYTES / 2 + 1);
    assert_eq!(
        phrase_keys(&long),
        Err(TextError::TooLong(MAX_PHRASE_BYTES + 2))
    );
    assert!(phrase_keys(&"ab".repeat(MAX_PHRASE_BYTES / 2)).is_ok());
    let huge = " ".repeat(MAX_INPUT_CHARS) + "abc";
    assert_eq!(
        phrase_keys(&huge),
        Err(TextError::TooManyChars(MAX_INPUT_CHARS + 3))
    );
    // Limits fit a 12-character CJK phrase and a 20-character Thai one.
    assert!(phrase_keys(&"测".repeat(12)).is_ok());
    assert!(phrase_keys(&"ท".repeat(20)).is_ok());
}

#[test]
fn error_messages_are_lowercase() {
    for e in [
        TextError::Empty,
        TextError::TooManyWords(30),
        TextError::TooLong(100),
        TextError::TooManyChars(2000),
    ] {
        let m = e.to_string();
        assert!(m.starts_with(|c: char| c.is_ascii_lowercase()), "{m}");
    }
}
