//! Properties of canonicalization and expressions over generated inputs:
//! arbitrary Unicode, and URL-shaped strings built from the pieces that
//! make canonicalization interesting (escapes, dots, IPs, brackets, ports).

use std::collections::HashSet;
use std::ops::ControlFlow;

use proptest::prelude::*;
use turnback::url::{
    canonicalize, expressions, for_each_expression, CanonicalUrl, MAX_EXPRESSIONS,
};

/// URL-shaped strings: random sequences of meaningful pieces, so most of
/// them parse and exercise host, path and query handling at once.
fn urlish() -> impl Strategy<Value = String> {
    let scheme = prop_oneof![
        Just(""),
        Just("http://"),
        Just("HTTPS://"),
        Just("ftp://"),
        Just("mailto:"),
        Just("http:"),
        Just("//"),
    ];
    let host_piece = prop_oneof![
        Just("a"),
        Just("B"),
        Just("turnback"),
        Just("test"),
        Just("."),
        Just(".."),
        Just("%2e"),
        Just("%25"),
        Just("%32"),
        Just("%41"),
        Just("%80"),
        Just("%C3%BC"),
        Just("\u{fc}"),
        Just("\u{3002}"),
        Just("0x7f"),
        Just("1"),
        Just("255"),
        Just("017"),
        Just("4294967295"),
        Just("[::1]"),
        Just("[64:ff9b::1.2.3.4]"),
        Just("[::ffff:1.2.3.4]"),
        Just("["),
        Just(":"),
        Just(":8080"),
        Just("@"),
        Just("u:p@"),
        Just(" "),
        Just("%20"),
        Just("#"),
        Just("\t"),
        Just("-"),
        Just("%"),
    ];
    let path_piece = prop_oneof![
        Just("/"),
        Just("//"),
        Just("."),
        Just(".."),
        Just("%2e"),
        Just("%2F"),
        Just("%3F"),
        Just("%23"),
        Just("%25"),
        Just("%252e"),
        Just("x"),
        Just("1.html"),
        Just("?"),
        Just("&"),
        Just("="),
        Just("#"),
        Just(" "),
        Just("\u{e9}"),
        Just("%"),
        Just("\\"),
        Just("\n"),
    ];
    (
        scheme,
        proptest::collection::vec(host_piece, 0..8),
        proptest::collection::vec(path_piece, 0..12),
        "[ -~]{0,6}",
    )
        .prop_map(|(s, h, p, tail)| format!("{s}{}{}{tail}", h.concat(), p.concat()))
}

fn check_idempotent(input: &str) -> Result<(), TestCaseError> {
    if let Ok(first) = canonicalize(input) {
        let text = first.to_string();
        let second = canonicalize(&text);
        // Escaping can grow a URL near the input bound past it; such a
        // canonical form is refused as too long rather than re-read.
        if text.len() > turnback::url::MAX_INPUT_BYTES {
            let too_long = matches!(second, Err(turnback::url::UrlError::TooLong { .. }));
            prop_assert!(too_long, "{:?}", second);
            return Ok(());
        }
        prop_assert_eq!(
            second.as_ref(),
            Ok(&first),
            "input {:?} gave {:?}",
            input,
            text
        );
    }
    Ok(())
}

fn check_expressions(u: &CanonicalUrl) -> Result<(), TestCaseError> {
    let all = expressions(u);
    prop_assert!(!all.is_empty());
    prop_assert!(
        all.len() <= MAX_EXPRESSIONS,
        "{} expressions for {}",
        all.len(),
        u
    );
    let unique: HashSet<&String> = all.iter().collect();
    prop_assert_eq!(unique.len(), all.len(), "duplicates for {}", u);
    // The first expression is the full one, the one a list entry stores.
    prop_assert_eq!(all.first(), Some(&u.expression()));
    // Each is a host suffix followed by a prefix of `/path?query`.
    let full = u.expression();
    let path_and_query = full.get(u.host().len()..).unwrap_or_default();
    for e in &all {
        let slash = e.find('/');
        prop_assert!(slash.is_some(), "{:?} has no path", e);
        let (host, path) = e.split_at(slash.unwrap_or_default());
        prop_assert!(
            u.host().ends_with(host),
            "{:?} is not a suffix of {:?}",
            host,
            u.host()
        );
        prop_assert!(
            path_and_query.starts_with(path),
            "{:?} is not a prefix of {:?}",
            path,
            path_and_query
        );
    }
    // Breaking stops the walk immediately.
    let mut calls = 0;
    for_each_expression(u, |_| {
        calls += 1;
        ControlFlow::Break(())
    });
    prop_assert_eq!(calls, 1);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(800))]

    #[test]
    fn urlish_inputs_are_idempotent_and_bounded(input in urlish()) {
        check_idempotent(&input)?;
        if let Ok(u) = canonicalize(&input) {
            check_expressions(&u)?;
            prop_assert!(u.path().starts_with('/'));
            prop_assert!(u.to_string().is_ascii());
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(input in any::<String>()) {
        check_idempotent(&input)?;
        if let Ok(u) = canonicalize(&input) {
            check_expressions(&u)?;
        }
    }

    #[test]
    fn arbitrary_unicode_after_a_scheme(input in "\\PC{0,40}") {
        let input = format!("http://{input}");
        check_idempotent(&input)?;
        if let Ok(u) = canonicalize(&input) {
            check_expressions(&u)?;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Repetitions of costly pieces (nested escapes, `..`, dots), around and
    /// over the input limit: every call returns, and quickly.
    #[test]
    fn long_inputs_finish(
        pieces in proptest::collection::vec(
            prop::sample::select(vec!["a.", "%25", "%2525", "/..", "/x", "?", ".", "\u{fc}", "%"]),
            1..4,
        ),
        times in 1_000usize..40_000,
    ) {
        let input = format!("http://{}", pieces.concat().repeat(times));
        check_idempotent(&input)?;
        if let Ok(u) = canonicalize(&input) {
            check_expressions(&u)?;
        }
        // No time limit is asserted (speed is for benchmarks), but
        // quadratic work on these inputs would stall this test for minutes.
    }
}
