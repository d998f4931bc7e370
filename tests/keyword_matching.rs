//! End-to-end keyword matching through the public engine API: every
//! obfuscation technique the normalizer handles, alone and combined, must
//! still match; near misses must not. All list words are synthetic.

#[path = "support/table.rs"]
mod table;

use turnback::{Engine, ListBuilder, MatchKind};

const CAT: turnback::Category = ListBuilder::DEFAULT_CATEGORY;

fn engine() -> Engine {
    let mut b = ListBuilder::new();
    for k in [
        "abc",
        "blocked demo term",
        "测试词",
        "ゾルブラクス",
        "คำทดสอบ",
    ] {
        b.add_keyword(k, CAT).unwrap_or_else(|e| panic!("{k}: {e}"));
    }
    b.add_rule(&["zorblax", "quibble"], CAT)
        .expect("two-term rule");
    b.add_rule(&["flimmer", "grondle", "snibbet"], CAT)
        .expect("three-term rule");
    b.build().expect("build")
}

const OBFUSCATED: &[&str] = &[
    // plain and case
    "abc",
    "ABC",
    "aBc",
    // compatibility forms
    "ａｂｃ",
    "ＡＢＣ",
    "𝐚𝐛𝐜",
    "𝒂𝒃𝒄",
    "𝔞𝔟𝔠",
    "ⓐⓑⓒ",
    "🅰🅱🅲",
    "ᴀʙᴄ",
    // diacritics and zalgo
    "ábç",
    "âb̃c̄",
    "a̷̛b̸c̴",
    "a\u{0336}b\u{0336}c\u{0336}",
    // invisible characters inside the word
    "a\u{200B}bc",
    "a\u{00AD}b\u{00AD}c",
    "\u{202E}abc\u{202C}",
    "a\u{200D}b\u{2060}c",
    "a\u{2066}b\u{FEFF}c",
    "a\u{E0020}bc",
    // homoglyphs
    "аbс",
    "αβc",
    "ΑΒϹ",
    // leetspeak
    "4bc",
    "@bc",
    "@BC",
    // letters spelled out
    "a.b.c",
    "a b c",
    "a-b-c",
    "a_b_c",
    "a / b / c",
    "A.B.C.",
    "ａ ｂ ｃ",
    // stretched letters
    "aaabbbccc",
    "abbbbc",
    // digits attached to the word
    "abc2024",
    "2024abc",
    // surrounding words and punctuation
    "what is abc",
    "abc?",
    "(abc)",
    "#abc",
    "find \"abc\" now",
    "x abc y",
    // multi-word phrase
    "blocked demo term",
    "BLOCKED DEMO TERM",
    "blockeddemoterm",
    "blocked-demo-term",
    "blocked_demo_term",
    "blocked.demo.term",
    "blocked+demo+term",
    "blocked/demo/term",
    "blocked, demo, term",
    "blockeddemo term",
    "blocked demoterm",
    "blocked  demo \t term",
    "Blocked\u{3000}Demo\u{3000}Term",
    "blocked 😀 demo 😀 term",
    "search blocked demo term please",
    "BL0CKED demo-term",
    "BL0CKED d3m0 t3rm",
    "bl0ck3d-d3m0-t3rm",
    "b1ocked demo term",
    "blooooocked demo teeeerm",
    "b l o c k e d d e m o t e r m",
    "b.l.o.c.k.e.d d.e.m.o t.e.r.m",
    "ｂｌｏｃｋｅｄ ｄｅｍｏ ｔｅｒｍ",
    "𝓫𝓵𝓸𝓬𝓴𝓮𝓭 𝓭𝓮𝓶𝓸 𝓽𝓮𝓻𝓶",
    "ʙʟᴏᴄᴋᴇᴅ ᴅᴇᴍᴏ ᴛᴇʀᴍ",
    "ⓑⓛⓞⓒⓚⓔⓓ ⓓⓔⓜⓞ ⓣⓔⓡⓜ",
    "blосkеd dеmо tеrm",
    "blo\u{200B}cked de\u{00AD}mo term",
    "BLOCKED\u{200B}DEMO\u{200B}TERM",
    "blöcked démo tërm",
    // techniques combined
    "Ｂ１ｏｃｋｅｄ\u{200B} Ԁеmо—tëřm",
    "𝐛𝐥𝟎𝐜𝐤𝐞𝐝 ᴅᴇᴍᴏ t\u{200B}3rm",
    "á\u{200B}b\u{0327}с",
    "Ａ.Ｂ.Ｃ",
    "@ḃç",
    "4\u{00AD}B\u{0301}C",
    // scripts without spaces: substring of a longer sentence
    "测试词",
    "这是一个测试词的句子",
    "测 试 词",
    "测\u{200B}试词",
    "これはゾルブラクスです",
    "ｿﾞﾙﾌﾞﾗｸｽ",
    "คำทดสอบ",
    "นี่คือคำทดสอบครับ",
];

const BENIGN: &[&str] = &[
    // the word inside longer words
    "abcd",
    "xabc",
    "abcabc",
    "abcs",
    "tabc",
    "zabcz",
    "abcdef",
    "ａｂｃｄ",
    "𝐚𝐛𝐜𝐝",
    "ábcd",
    "xa\u{200B}bc",
    "abc\u{200B}d",
    "аbсd",
    "a.b.c.d",
    "a.bcd",
    "4bcd",
    "@bcd",
    // other words with similar letters
    "ab",
    "bc",
    "acb",
    "cab",
    "abacus",
    "cabbage",
    "aabbcc",
    "abbc",
    "abcc",
    "абв",
    "ab-cd",
    "4b",
    "@b",
    "ab!",
    "a b d",
    "c b a",
    // partial, extended or reordered phrases
    "blocked demo",
    "demo term",
    "blocked term",
    "term demo blocked",
    "demo blocked term",
    "demoterm blocked",
    "termdemoblocked",
    "blocked demolition",
    "blocked demo terms",
    "unblocked demo term",
    "blocked demo termite",
    "blocked x demo term",
    "blocked demo or term",
    "locked demo term",
    "blocked memo term",
    "blocked demo germ",
    "b l o c k e d  d e m o",
    "bl0cked dem0",
    // numbers, empty, punctuation only
    "",
    "   ",
    "!!!",
    "...",
    "@$!",
    "2024",
    "13",
    "123 456",
    "😀😀",
    // other scripts: pieces and neighbours of the phrases
    "测试",
    "试词",
    "测验词",
    "词试测",
    "ゾルブラク",
    "ゾルブラス",
    "คำทด",
    "ทดสอบ",
    // combination terms alone
    "zorblax",
    "quibble",
    "zorblax zorblax",
    "zorblaxes quibble",
    "flimmer grondle",
    "grondle snibbet",
    "flimmer snibbet",
    // ordinary text
    "hello world",
    "the quick brown fox",
];

/// The kind of match `q` gives against `e`, `None` for no match.
fn kind(e: &Engine, q: &str) -> Option<MatchKind> {
    e.check_query(q).kind()
}

#[test]
fn obfuscated_forms_match() {
    let e = engine();
    assert!(OBFUSCATED.len() >= 60, "{}", OBFUSCATED.len());
    table::check("matches", OBFUSCATED.iter().map(|q| (q, true)), |q| {
        e.check_query(q).is_match()
    });
}

#[test]
fn near_misses_do_not_match() {
    let e = engine();
    assert!(BENIGN.len() >= 60, "{}", BENIGN.len());
    table::check("matches", BENIGN.iter().map(|q| (q, false)), |q| {
        e.check_query(q).is_match()
    });
}

#[test]
fn keyword_hits_report_keyword_kind() {
    let e = engine();
    let hits = ["abc", "bl0cked demo term", "这是一个测试词的句子"];
    table::check("kind", hits.map(|q| (q, Some(MatchKind::Keyword))), |q| {
        kind(&e, q)
    });
}

#[test]
fn two_term_rule_needs_both_in_any_order() {
    let e = engine();
    let hits = [
        "zorblax quibble",
        "quibble zorblax",
        "some zorblax and a quibble here",
        "quibble, then later zorblax",
        "Z0RBLAX quіbble",
        "ｚｏｒｂｌａｘ-QUIBBLE",
        "zooorblax qu1bble",
    ];
    let misses = [
        "zorblax",
        "quibble",
        "zorblax zorblax",
        "zorblax quibbler",
        "zorblaxs quibble",
        "quibble zorblix",
    ];
    table::check(
        "kind",
        hits.map(|q| (q, Some(MatchKind::Combination)))
            .into_iter()
            .chain(misses.map(|q| (q, None))),
        |q| kind(&e, q),
    );
}

#[test]
fn three_term_rule_needs_all_three() {
    let e = engine();
    let hits = [
        "flimmer grondle snibbet",
        "snibbet flimmer grondle",
        "a snibbet, a grondle and a flimmer",
    ];
    let misses = [
        "flimmer grondle",
        "snibbet grondle grondle",
        "flimmer snibbet",
        "flimmer grondle snibbets",
    ];
    table::check(
        "kind",
        hits.map(|q| (q, Some(MatchKind::Combination)))
            .into_iter()
            .chain(misses.map(|q| (q, None))),
        |q| kind(&e, q),
    );
}

#[test]
fn obfuscated_list_entries_meet_plain_queries() {
    // The list side goes through the same normalization.
    let mut b = ListBuilder::new();
    b.add_keyword("Ｂｌ0ｃｋｅｄ  D.E.M.O", CAT)
        .expect("keyword");
    b.add_keyword("13yo", CAT).expect("keyword");
    let e = b.build().expect("build");
    let hits = [
        "blocked demo",
        "blockeddemo",
        "13yo",
        "13 yo",
        "13-yo",
        "l3yo",
    ];
    let misses = ["blocked", "demo", "13", "yo", "113yo", "13yoo"];
    table::check(
        "matches",
        hits.map(|q| (q, true))
            .into_iter()
            .chain(misses.map(|q| (q, false))),
        |q| e.check_query(q).is_match(),
    );
}
