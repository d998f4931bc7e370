//! Several lists checked as one (`ListSet`): the first list in order that
//! matches decides, with the verdict that list alone gives; changes by id;
//! and, for random lists (some of them releases with URL stashes) and
//! inputs, the set answers what checking each list alone in order answers.

#[path = "support/table.rs"]
mod table;

use proptest::prelude::*;
use turnback::hash::{HashKind, PrefixHash};
use turnback::list::{ListInfo, LoadPolicy, Metadata, OnBase, SecretKey};
use turnback::{Engine, ListBuilder, ListSet, ListSetError, MatchKind, Verdict};

fn hotline() -> Engine {
    let mut b = ListBuilder::new();
    let c = ListBuilder::DEFAULT_CATEGORY;
    b.add_url("a.hotline.test/", c).unwrap();
    b.add_url("shared.both.test/", c).unwrap();
    b.add_keyword("vexillum", c).unwrap();
    b.build().unwrap()
}

fn national() -> Engine {
    let mut b = ListBuilder::new();
    let other = b.category("national-other").unwrap();
    b.add_url("shared.both.test/", other).unwrap();
    b.add_url("b.national.test/", other).unwrap();
    b.add_keyword("zorblax", other).unwrap();
    b.build().unwrap()
}

/// A keyword list that adds a search site of its own.
fn charity() -> Engine {
    let meta = Metadata::with_overrides(
        r#"{"sites": "turnback-forum  forum.turnback.example  /find  needle"}"#,
    )
    .unwrap();
    let mut b = ListBuilder::with_metadata(meta).unwrap();
    let c = ListBuilder::DEFAULT_CATEGORY;
    b.add_keyword("zorblax", c).unwrap();
    b.add_keyword("quenbit term", c).unwrap();
    b.add_rule(&["flumox", "grindle"], c).unwrap();
    b.build().unwrap()
}

fn engine(id: &str) -> Engine {
    match id {
        "hotline" => hotline(),
        "national" => national(),
        "charity" => charity(),
        other => panic!("no test list {other}"),
    }
}

fn set_of(ids: &[&str]) -> ListSet {
    let mut s = ListSet::new();
    for id in ids {
        s.insert(id, engine(id), s.len()).unwrap();
    }
    s
}

#[derive(Debug, Clone, Copy)]
enum Check {
    Url,
    Query,
    Navigation,
}

fn single(e: &Engine, check: Check, input: &str) -> Verdict {
    match check {
        Check::Url => e.check_url(input),
        Check::Query => e.check_query(input),
        Check::Navigation => e.check_navigation(input),
    }
}

/// The set's answer: (id, position, kind, via fallback), after checking
/// that the verdict is the one the deciding list gives alone.
fn decided(s: &ListSet, check: Check, input: &str) -> Option<(String, usize, MatchKind, bool)> {
    let m = match check {
        Check::Url => s.check_url(input),
        Check::Query => s.check_query(input),
        Check::Navigation => s.check_navigation(input),
    }?;
    let alone = single(s.get(m.id).unwrap(), check, input);
    assert_eq!(m.verdict, alone, "{check:?}({input:?}): set and list alone");
    assert_eq!(s.position(m.id), Some(m.position));
    Some((
        m.id.to_string(),
        m.position,
        m.verdict.kind().unwrap(),
        m.verdict.via_fallback(),
    ))
}

type Want = Option<(&'static str, usize, MatchKind, bool)>;

fn owned(w: Want) -> Option<(String, usize, MatchKind, bool)> {
    w.map(|(id, p, k, f)| (id.to_string(), p, k, f))
}

#[test]
fn the_first_list_in_order_that_matches_decides() {
    let s = set_of(&["hotline", "national", "charity"]);
    use Check::*;
    use MatchKind::{Combination as C, Keyword as K, Url as U};
    let cases: Vec<((Check, &str), Want)> = vec![
        // Listed by two lists: the first decides.
        (
            (Url, "http://shared.both.test/x.html"),
            Some(("hotline", 0, U, false)),
        ),
        (
            (Url, "https://a.hotline.test/"),
            Some(("hotline", 0, U, false)),
        ),
        (
            (Url, "https://sub.b.national.test/p?q=1"),
            Some(("national", 1, U, false)),
        ),
        ((Url, "http://unlisted.test/"), None),
        ((Url, "not a url"), None),
        ((Query, "ZORBLAX"), Some(("national", 1, K, false))),
        ((Query, "quenbit-term"), Some(("charity", 2, K, false))),
        (
            (Query, "grindle and flumox"),
            Some(("charity", 2, C, false)),
        ),
        ((Query, "vexillum"), Some(("hotline", 0, K, false))),
        ((Query, "harmless words"), None),
        ((Query, ""), None),
        (
            (Navigation, "https://www.bing.com/search?q=zorblax"),
            Some(("national", 1, K, false)),
        ),
        (
            (Navigation, "https://www.bing.com/search?q=flumox+grindle"),
            Some(("charity", 2, C, false)),
        ),
        // Only the charity's own site table reads this parameter.
        (
            (
                Navigation,
                "https://forum.turnback.example/find?needle=zorblax",
            ),
            Some(("charity", 2, K, false)),
        ),
        (
            (
                Navigation,
                "https://forum.turnback.example/find?needle=flumox+grindle",
            ),
            Some(("charity", 2, C, false)),
        ),
        // An earlier list's hit in the text wins over a later list's URL.
        (
            (Navigation, "http://b.national.test/?q=vexillum"),
            Some(("hotline", 0, K, true)),
        ),
        (
            (Navigation, "http://b.national.test/?q=zorblax"),
            Some(("national", 1, U, false)),
        ),
        // Fallback text: keywords only, marked.
        (
            (Navigation, "https://forum.turnback.example/?q=zorblax"),
            Some(("national", 1, K, true)),
        ),
        ((Navigation, "https://www.bing.com/search?q=harmless"), None),
        ((Navigation, "http://unlisted.test/"), None),
    ];
    table::check(
        "set check",
        cases.into_iter().map(|(i, w)| (i, owned(w))),
        |&(check, input)| decided(&s, check, input),
    );
}

#[test]
fn an_empty_set_matches_nothing() {
    let s = ListSet::new();
    assert!(s.is_empty());
    for input in [
        "http://shared.both.test/",
        "zorblax",
        "https://www.bing.com/search?q=zorblax",
    ] {
        for check in [Check::Url, Check::Query, Check::Navigation] {
            assert_eq!(decided(&s, check, input), None, "{check:?}({input:?})");
        }
    }
}

#[test]
fn lists_are_replaced_removed_and_reordered_by_id() {
    type Change = fn(&mut ListSet) -> Result<(), ListSetError>;
    // Each case: a change to [hotline, national, charity], the order after
    // it, and who decides "zorblax" and shared.both.test.
    let cases: Vec<(&str, Change, Vec<&str>, Want, Want)> = vec![
        (
            "nothing",
            |_| Ok(()),
            vec!["hotline", "national", "charity"],
            Some(("national", 1, MatchKind::Keyword, false)),
            Some(("hotline", 0, MatchKind::Url, false)),
        ),
        (
            "remove hotline",
            |s| s.remove("hotline").map(drop),
            vec!["national", "charity"],
            Some(("national", 0, MatchKind::Keyword, false)),
            Some(("national", 0, MatchKind::Url, false)),
        ),
        (
            "reorder",
            |s| s.set_order(&["charity", "national", "hotline"]),
            vec!["charity", "national", "hotline"],
            Some(("charity", 0, MatchKind::Keyword, false)),
            Some(("national", 1, MatchKind::Url, false)),
        ),
        (
            "move national first",
            |s| s.move_to("national", 0),
            vec!["national", "hotline", "charity"],
            Some(("national", 0, MatchKind::Keyword, false)),
            Some(("national", 0, MatchKind::Url, false)),
        ),
        (
            "replace national by a list without its entries",
            |s| s.replace("national", hotline()).map(drop),
            vec!["hotline", "national", "charity"],
            Some(("charity", 2, MatchKind::Keyword, false)),
            Some(("hotline", 0, MatchKind::Url, false)),
        ),
        (
            "insert in front",
            |s| s.insert("front", charity(), 0),
            vec!["front", "hotline", "national", "charity"],
            Some(("front", 0, MatchKind::Keyword, false)),
            Some(("hotline", 1, MatchKind::Url, false)),
        ),
    ];
    for (what, change, order, zorblax, shared) in cases {
        let mut s = set_of(&["hotline", "national", "charity"]);
        change(&mut s).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(s.ids().collect::<Vec<_>>(), order, "{what}: order");
        assert_eq!(
            decided(&s, Check::Query, "zorblax"),
            owned(zorblax),
            "{what}: zorblax"
        );
        assert_eq!(
            decided(&s, Check::Url, "http://shared.both.test/"),
            owned(shared),
            "{what}: shared url"
        );
    }
}

#[test]
fn refused_changes_leave_the_set_as_it_was() {
    type Change = fn(&mut ListSet) -> Result<(), ListSetError>;
    let cases: Vec<(&str, Change, ListSetError)> = vec![
        (
            "insert an id held",
            |s| s.insert("national", charity(), 0),
            ListSetError::DuplicateId("national".into()),
        ),
        (
            "insert past the end",
            |s| s.insert("new", charity(), 4),
            ListSetError::Position { at: 4, len: 3 },
        ),
        (
            "replace an unknown id",
            |s| s.replace("nope", charity()).map(drop),
            ListSetError::UnknownId("nope".into()),
        ),
        (
            "remove an unknown id",
            |s| s.remove("nope").map(drop),
            ListSetError::UnknownId("nope".into()),
        ),
        (
            "move past the end",
            |s| s.move_to("hotline", 3),
            ListSetError::Position { at: 3, len: 3 },
        ),
        (
            "order missing a list",
            |s| s.set_order(&["charity", "national"]),
            ListSetError::NotAPermutation,
        ),
        (
            "order naming a list twice",
            |s| s.set_order(&["charity", "national", "charity"]),
            ListSetError::NotAPermutation,
        ),
        (
            "order naming an unknown list",
            |s| s.set_order(&["charity", "national", "nope"]),
            ListSetError::UnknownId("nope".into()),
        ),
    ];
    for (what, change, want) in cases {
        let mut s = set_of(&["hotline", "national", "charity"]);
        assert_eq!(change(&mut s), Err(want), "{what}");
        assert_eq!(
            s.ids().collect::<Vec<_>>(),
            ["hotline", "national", "charity"],
            "{what}: order kept"
        );
        assert_eq!(
            decided(&s, Check::Query, "zorblax").map(|d| d.0),
            Some("national".to_string()),
            "{what}: still checks"
        );
    }
}

#[test]
fn errors_read_as_lowercase_sentences() {
    let cases = [
        (
            ListSetError::DuplicateId("x".into()),
            "the set already holds a list with id \"x\"",
        ),
        (
            ListSetError::UnknownId("x".into()),
            "the set holds no list with id \"x\"",
        ),
        (
            ListSetError::Position { at: 4, len: 3 },
            "position 4 is past the end of a set of 3 lists",
        ),
        (
            ListSetError::NotAPermutation,
            "the new order must name every list of the set exactly once",
        ),
    ];
    table::check("to_string", cases, |e| e.to_string());
}

// Random lists: URL entries over a few hosts (some known only by their
// hash), keywords and rules over a few synthetic words, and some lists
// released on a base (their URL changes in a stash).

const WORDS: [&str; 6] = [
    "zorblax", "quenbit", "flumox", "grindle", "vexillum", "plovex",
];
const HOSTS: u8 = 8;
const NOW: i64 = 1_900_000_000;

fn key() -> SecretKey {
    SecretKey::from_seed(&[7; 32])
}

fn info(sequence: u64) -> ListInfo {
    ListInfo {
        id: "set-test".into(),
        key_id: key().public().id(),
        sequence,
        created: NOW - 10,
        expires: NOW + 3600,
    }
}

fn load(bytes: Vec<u8>) -> Engine {
    let policy = LoadPolicy {
        now: NOW,
        held_sequence: None,
    };
    Engine::from_bytes(bytes, &key().public(), &policy).unwrap()
}

fn host_entry(h: u8, deep: bool) -> String {
    if deep {
        format!("h{h}.set.test/p/")
    } else {
        format!("h{h}.set.test/")
    }
}

/// A random list's entries. URL entries: (host, deep path, by hash).
#[derive(Debug, Clone)]
struct Spec {
    urls: Vec<(u8, bool, bool)>,
    /// URL entries of the base it is released on, when it is.
    base_urls: Option<Vec<(u8, bool, bool)>>,
    keywords: Vec<(usize, Option<usize>)>,
    rules: Vec<(usize, usize)>,
    category: bool,
    /// Adds a search site of its own (read by no other list).
    sites: bool,
}

fn builder(spec: &Spec, urls: &[(u8, bool, bool)]) -> ListBuilder {
    let mut b = if spec.sites {
        let meta = Metadata::with_overrides(
            r#"{"categories": ["default", "second"],
                "sites": "turnback-forum  forum.turnback.example  /find  needle"}"#,
        )
        .unwrap();
        ListBuilder::with_metadata(meta).unwrap()
    } else {
        ListBuilder::new()
    };
    let c = if spec.category {
        b.category("second").unwrap()
    } else {
        ListBuilder::DEFAULT_CATEGORY
    };
    for &(h, deep, by_hash) in urls {
        let e = host_entry(h, deep);
        if by_hash {
            b.add_url_hash(PrefixHash::of(HashKind::Url, e.as_bytes()), c)
                .unwrap();
        } else {
            b.add_url(&e, c).unwrap();
        }
    }
    for &(a, second) in &spec.keywords {
        let phrase = match second {
            Some(s) => format!("{} {}", WORDS[a], WORDS[s]),
            None => WORDS[a].to_string(),
        };
        b.add_keyword(&phrase, c).unwrap();
    }
    for &(a, z) in &spec.rules {
        if a != z {
            b.add_rule(&[WORDS[a], WORDS[z]], c).unwrap();
        }
    }
    b
}

fn build(spec: &Spec) -> Engine {
    match &spec.base_urls {
        None => load(builder(spec, &spec.urls).write(&info(1), &key()).unwrap()),
        Some(base_urls) => {
            let base = load(builder(spec, base_urls).write(&info(1), &key()).unwrap());
            let on = OnBase {
                base: &base,
                rebase_at: 1e9,
                force_rebase: false,
            };
            let (bytes, _) = builder(spec, &spec.urls)
                .write_on(&info(2), Some(&key()), &on)
                .unwrap();
            load(bytes)
        }
    }
}

fn url_entries() -> impl Strategy<Value = Vec<(u8, bool, bool)>> {
    prop::collection::vec((0..HOSTS, any::<bool>(), prop::bool::weighted(0.3)), 0..5)
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        url_entries(),
        prop::option::weighted(0.4, url_entries()),
        prop::collection::vec((0..WORDS.len(), prop::option::of(0..WORDS.len())), 0..3),
        prop::collection::vec((0..WORDS.len(), 0..WORDS.len()), 0..2),
        any::<bool>(),
        prop::bool::weighted(0.3),
    )
        .prop_map(|(urls, base_urls, keywords, rules, category, sites)| Spec {
            urls,
            base_urls,
            keywords,
            rules,
            category,
            sites,
        })
}

fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(0..WORDS.len(), 1..4)
        .prop_map(|w| w.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" "))
}

/// A check and its input: URLs on the listed hosts, search text, and
/// navigations to a search site, an unknown site and a listed host.
fn input() -> impl Strategy<Value = (u8, String)> {
    prop_oneof![
        (0..HOSTS + 1, any::<bool>()).prop_map(|(h, deep)| {
            let path = if deep { "p/x.html" } else { "q" };
            (0, format!("https://w.h{h}.set.test/{path}"))
        }),
        words().prop_map(|w| (1, w)),
        words().prop_map(|w| (2, format!("https://www.bing.com/search?q={w}"))),
        (0..HOSTS + 1, words()).prop_map(|(h, w)| (2, format!("http://h{h}.set.test/p/?q={w}"))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_set_answers_what_its_lists_alone_answer_in_order(
        specs in prop::collection::vec(spec(), 1..=5),
        inputs in prop::collection::vec(input(), 1..12),
    ) {
        let engines: Vec<Engine> = specs.iter().map(build).collect();
        let mut s = ListSet::new();
        for (i, spec) in specs.iter().enumerate() {
            s.insert(&format!("l{i}"), build(spec), i).unwrap();
        }
        for (check, text) in &inputs {
            let check = [Check::Url, Check::Query, Check::Navigation][usize::from(*check)];
            let want = engines
                .iter()
                .enumerate()
                .map(|(i, e)| (i, single(e, check, text)))
                .find(|(_, v)| v.is_match());
            let got = match check {
                Check::Url => s.check_url(text),
                Check::Query => s.check_query(text),
                Check::Navigation => s.check_navigation(text),
            }
            .map(|m| (m.position, m.verdict));
            prop_assert_eq!(got, want, "{:?}({:?})", check, text);
        }
    }
}
