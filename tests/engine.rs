//! Engine behaviour through the public API: verdict kinds, categories,
//! entry ids, navigation checks and list statistics.

#[path = "support/table.rs"]
mod table;

use turnback::{ListBuilder, ListError, MatchKind};

fn demo() -> turnback::Engine {
    let mut b = ListBuilder::new();
    let media = b.category("demo-media").unwrap();
    b.add_url("blocked.turnback.test/", ListBuilder::DEFAULT_CATEGORY)
        .unwrap();
    b.add_url("www.turnback.test/blocked/", ListBuilder::DEFAULT_CATEGORY)
        .unwrap();
    b.add_url("https://media.turnback.test/gallery/", media)
        .unwrap();
    b.add_keyword("blocked demo term", ListBuilder::DEFAULT_CATEGORY)
        .unwrap();
    b.add_keyword("zorblax", media).unwrap();
    b.add_rule(&["flumox", "grindle"], media).unwrap();
    b.build().unwrap()
}

#[test]
fn url_entries_match_by_host_suffix_and_path_prefix() {
    let e = demo();
    let hits = [
        "http://blocked.turnback.test/",
        "https://blocked.turnback.test/a/b/c.html?x=1",
        "https://sub.blocked.turnback.test/",
        "http://www.turnback.test/blocked/",
        "http://www.turnback.test/blocked/deeper/page.html",
    ];
    let misses = [
        "http://turnback.test/",
        "http://www.turnback.test/",
        "http://www.turnback.test/blockedx/",
        "http://www.turnback.test/other/blocked/",
        "http://notblocked.turnback.test/",
        "not a url at all",
        "",
    ];
    table::check(
        "check_url",
        hits.map(|u| (u, Some(MatchKind::Url)))
            .into_iter()
            .chain(misses.map(|u| (u, None))),
        |u| e.check_url(u).kind(),
    );
}

#[test]
fn verdict_carries_category_and_an_opaque_entry_id() {
    let e = demo();
    let v = e.check_url("https://media.turnback.test/gallery/1.jpg");
    assert_eq!(
        v.category().and_then(|c| e.category_name(c)),
        Some("demo-media")
    );
    let id = v.entry().unwrap().to_string();
    assert!(id.starts_with("url-"), "{id}");
    assert!(
        !id.contains("media"),
        "an entry id must not reveal the entry: {id}"
    );
    let v = e.check_url("https://blocked.turnback.test/");
    assert_eq!(
        v.category().and_then(|c| e.category_name(c)),
        Some("default")
    );
    // The same entry gives the same id; different entries give different ids.
    assert_eq!(
        e.check_url("http://blocked.turnback.test/a").entry(),
        v.entry()
    );
    assert_ne!(
        e.check_url("http://www.turnback.test/blocked/").entry(),
        v.entry()
    );
}

#[test]
fn keywords_and_rules() {
    let e = demo();
    assert_eq!(
        e.check_query("blocked demo term").kind(),
        Some(MatchKind::Keyword)
    );
    assert_eq!(
        e.check_query("something zorblax something").kind(),
        Some(MatchKind::Keyword)
    );
    let v = e.check_query("grindle with flumox");
    assert_eq!(v.kind(), Some(MatchKind::Combination));
    assert!(v.entry().unwrap().to_string().starts_with("combination-"));
    assert!(!e.check_query("grindle alone").is_match());
    assert!(!e.check_query("flumox alone").is_match());
    assert!(!e.check_query("blocked demo").is_match());
    assert!(!e.check_query("").is_match());
}

#[test]
fn navigation_checks_url_then_search_text() {
    let e = demo();
    assert_eq!(
        e.check_navigation("https://blocked.turnback.test/x").kind(),
        Some(MatchKind::Url)
    );
    let v = e.check_navigation("https://www.bing.com/search?q=blocked+demo+term");
    assert_eq!(v.kind(), Some(MatchKind::Keyword));
    assert_eq!(
        e.check_navigation("https://www.bing.com/search?q=flumox+grindle")
            .kind(),
        Some(MatchKind::Combination)
    );
    assert!(!e
        .check_navigation("https://www.bing.com/search?q=harmless+words")
        .is_match());
    assert!(!e
        .check_navigation("mailto:someone@turnback.test")
        .is_match());
}

#[test]
fn unknown_site_text_is_matched_for_keywords_but_not_rules() {
    let e = demo();
    let kw = e.check_navigation("https://forum.turnback.example/find?q=zorblax");
    assert_eq!(kw.kind(), Some(MatchKind::Keyword));
    assert!(!e
        .check_navigation("https://forum.turnback.example/find?q=flumox+grindle")
        .is_match());
}

#[test]
fn hits_in_text_of_unknown_sites_are_marked_fallback() {
    let e = demo();
    // Every `*` rule of the table: the plain parameter fallback, generic
    // search parameters (with combination rules) and generic search paths.
    let fallback = [
        (
            "https://forum.turnback.example/find?q=zorblax",
            MatchKind::Keyword,
        ),
        (
            "https://forum.turnback.example/?q=zorblax",
            MatchKind::Keyword,
        ),
        (
            "https://forum.turnback.example/search?q=flumox+grindle",
            MatchKind::Combination,
        ),
        (
            "https://forum.turnback.example/tag/zorblax/",
            MatchKind::Keyword,
        ),
        ("http://127.0.0.1/?q=zorblax", MatchKind::Keyword),
    ];
    // A known search site, a listed URL (even with listed text on it), a
    // plain query check and a miss are not.
    let not_fallback = [
        (
            "https://www.bing.com/search?q=zorblax",
            Some(MatchKind::Keyword),
        ),
        (
            "https://duckduckgo.com/?q=zorblax",
            Some(MatchKind::Keyword),
        ),
        (
            "https://blocked.turnback.test/?q=zorblax",
            Some(MatchKind::Url),
        ),
        ("https://forum.turnback.example/?q=harmless", None),
    ];
    let cases = fallback
        .map(|(nav, kind)| (nav, (Some(kind), true)))
        .into_iter()
        .chain(not_fallback.map(|(nav, kind)| (nav, (kind, false))));
    // Each case: (kind, via_fallback).
    table::check("check_navigation", cases, |nav| {
        let v = e.check_navigation(nav);
        (v.kind(), v.via_fallback())
    });
    assert!(!e.check_query("zorblax").via_fallback());
    assert!(!e.check_url("https://blocked.turnback.test/").via_fallback());
}

#[test]
fn builder_rejects_bad_entries_with_typed_errors() {
    let mut b = ListBuilder::new();
    assert!(matches!(
        b.add_url("mailto:x@y.test", ListBuilder::DEFAULT_CATEGORY),
        Err(ListError::Url(_))
    ));
    assert!(matches!(
        b.add_keyword("  ,;  ", ListBuilder::DEFAULT_CATEGORY),
        Err(ListError::Phrase(_))
    ));
    assert!(matches!(
        b.add_rule(&["one"], ListBuilder::DEFAULT_CATEGORY),
        Err(ListError::RuleTerms(1))
    ));
    assert!(matches!(
        b.add_rule(&["a", "b", "c", "d", "e"], ListBuilder::DEFAULT_CATEGORY),
        Err(ListError::RuleTerms(5))
    ));
    assert!(matches!(
        b.add_rule(&["same", "Same"], ListBuilder::DEFAULT_CATEGORY),
        Err(ListError::RuleRepeatsTerm)
    ));
    assert!(matches!(
        b.add_keyword("x", turnback::Category(9)),
        Err(ListError::UnknownCategory(9))
    ));
    assert!(matches!(b.category(" "), Err(ListError::EmptyCategoryName)));
    for i in 1..256 {
        b.category(&format!("c{i}")).unwrap();
    }
    assert!(matches!(
        b.category("one too many"),
        Err(ListError::TooManyCategories)
    ));
}

#[test]
fn duplicates_are_merged() {
    let mut b = ListBuilder::new();
    assert!(b
        .add_url("blocked.turnback.test/", ListBuilder::DEFAULT_CATEGORY)
        .unwrap());
    assert!(!b
        .add_url(
            "HTTP://BLOCKED.turnback.test/",
            ListBuilder::DEFAULT_CATEGORY
        )
        .unwrap());
    assert!(b
        .add_keyword("zorblax", ListBuilder::DEFAULT_CATEGORY)
        .unwrap());
    assert!(!b
        .add_keyword("ZORBLAX", ListBuilder::DEFAULT_CATEGORY)
        .unwrap());
    assert!(b
        .add_rule(&["a1", "b1"], ListBuilder::DEFAULT_CATEGORY)
        .unwrap());
    assert!(!b
        .add_rule(&["b1", "a1"], ListBuilder::DEFAULT_CATEGORY)
        .unwrap());
    let s = b.build().unwrap().stats();
    assert_eq!((s.url_entries, s.keyword_entries, s.rules), (1, 1, 1));
}

#[test]
fn memory_stays_under_ten_bytes_per_entry() {
    let mut b = ListBuilder::new();
    for i in 0..200_000 {
        b.add_url(
            &format!("host{i}.turnback.test/"),
            ListBuilder::DEFAULT_CATEGORY,
        )
        .unwrap();
    }
    let e = b.build().unwrap();
    let s = e.stats();
    assert_eq!(s.url_entries, 200_000);
    assert!(
        s.bytes < 200_000 * 10,
        "{} bytes for 200000 entries",
        s.bytes
    );
    assert!(e.check_url("http://host199999.turnback.test/x").is_match());
    assert!(!e.check_url("http://host200000.turnback.test/x").is_match());
}

#[test]
fn padding_a_listed_url_past_the_input_bound_does_not_unlist_it() {
    let e = demo();
    let long_query = format!("http://blocked.turnback.test/?{}", "a".repeat(100_000));
    assert_eq!(e.check_url(&long_query).kind(), Some(MatchKind::Url));
    let long_path = format!("http://www.turnback.test/blocked/{}", "ü/".repeat(40_000));
    assert_eq!(e.check_url(&long_path).kind(), Some(MatchKind::Url));
    assert_eq!(e.check_navigation(&long_query).kind(), Some(MatchKind::Url));
    let benign = format!("http://www.turnback.test/{}", "b".repeat(100_000));
    assert!(!e.check_url(&benign).is_match());
}

#[test]
fn prevention_content_comes_from_the_list_metadata() {
    let e = demo();
    let p = e.prevention("ar", "EG").unwrap();
    assert_eq!((p.lang, p.message.dir.as_str()), ("ar", "rtl"));
    let p = e.prevention("de-DE", "DE").unwrap();
    assert_eq!(p.lang, "de");
    assert!(p
        .resources
        .iter()
        .all(|r| r.countries.iter().any(|c| c == "DE")));
    assert_eq!(e.prevention("zz", "").unwrap().lang, "en");
}

#[test]
fn a_list_can_add_search_sites() {
    let meta = turnback::list::Metadata::with_overrides(
        r#"{"sites": "turnback-forum  forum.turnback.example  /find  needle"}"#,
    )
    .unwrap();
    let mut b = ListBuilder::with_metadata(meta).unwrap();
    b.add_keyword("zorblax", ListBuilder::DEFAULT_CATEGORY)
        .unwrap();
    b.add_rule(&["flumox", "grindle"], ListBuilder::DEFAULT_CATEGORY)
        .unwrap();
    let e = b.build().unwrap();
    let nav = "https://forum.turnback.example/find?needle=zorblax";
    assert_eq!(e.check_navigation(nav).kind(), Some(MatchKind::Keyword));
    // A named site counts as a search, so combination rules apply too.
    let nav = "https://forum.turnback.example/find?needle=flumox+grindle";
    assert_eq!(e.check_navigation(nav).kind(), Some(MatchKind::Combination));
    // Without the list's addition the parameter is unknown.
    assert!(!demo()
        .check_navigation("https://forum.turnback.example/find?needle=zorblax")
        .is_match());
}

#[test]
fn categories_are_limited_to_those_the_metadata_declares() {
    let meta =
        turnback::list::Metadata::with_overrides(r#"{"categories": ["first", "second"]}"#).unwrap();
    let mut b = ListBuilder::with_metadata(meta).unwrap();
    assert_eq!(b.category("second").unwrap(), turnback::Category(1));
    assert!(matches!(
        b.category("third"),
        Err(ListError::UndeclaredCategory(_))
    ));
    b.add_keyword("zorblax", ListBuilder::DEFAULT_CATEGORY)
        .unwrap();
    let e = b.build().unwrap();
    let v = e.check_query("zorblax");
    assert_eq!(v.category().and_then(|c| e.category_name(c)), Some("first"));
}
