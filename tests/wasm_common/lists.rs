//! `TurnbackLists` (src/wasm/lists.rs): several engines checked as one,
//! the first in order deciding, its verdict naming it.

use super::*;
use turnback::wasm::TurnbackLists;

/// A second signed list: another URL, a keyword the test list also holds,
/// and one of its own.
fn second_bytes() -> Vec<u8> {
    let mut b = ListBuilder::new();
    let own = b.category("second-own").unwrap();
    b.add_url("second.turnback.test/", own).unwrap();
    b.add_keyword("zorblax", own).unwrap();
    b.add_keyword("quenbit", own).unwrap();
    let info = ListInfo {
        id: "wasm-second".into(),
        key_id: key().public().id(),
        sequence: 9,
        created: NOW as i64 - 10,
        expires: NOW as i64 + 3600,
    };
    b.write(&info, &key()).unwrap()
}

fn second() -> TurnbackEngine {
    TurnbackEngine::load(second_bytes(), &public_text(), options(Some(NOW), None))
        .map_err(message)
        .unwrap()
}

/// `first` = the test list, `second` after it.
fn lists() -> TurnbackLists {
    let mut l = TurnbackLists::new();
    l.put("first", engine(), None).map_err(message).unwrap();
    l.put("second", second(), None).map_err(message).unwrap();
    l
}

fn ids(l: &TurnbackLists) -> Vec<String> {
    l.ids().iter().map(|v| v.as_string().unwrap()).collect()
}

/// (list, kind, category) of a check's result; `None` for a miss.
/// (list, kind, category) of a match.
type Decided = Option<(String, String, String)>;

fn decided(v: Result<JsValue, wasm_bindgen::JsError>) -> Decided {
    let v = v.map_err(message).unwrap();
    let list = js_sys::Reflect::get(&v, &"list".into())
        .unwrap()
        .as_string();
    let v = verdict(Ok(v));
    match (v.matched, list) {
        (false, None) => None,
        (true, Some(list)) => Some((list, v.kind.unwrap(), v.category.unwrap())),
        (m, l) => panic!("matched {m} with list {l:?}"),
    }
}

fn hit(list: &str, kind: &str, category: &str) -> Decided {
    Some((list.into(), kind.into(), category.into()))
}

#[wasm_bindgen_test]
fn the_first_list_in_order_decides_and_is_named() {
    let l = lists();
    type Check = fn(&TurnbackLists, &js_sys::JsString) -> Result<JsValue, wasm_bindgen::JsError>;
    let (url, query, nav): (Check, Check, Check) = (
        TurnbackLists::check_url,
        TurnbackLists::check_query,
        TurnbackLists::check_navigation,
    );
    let cases: Vec<(&str, Check, &str, Decided)> = vec![
        (
            "url",
            url,
            "https://blocked.turnback.test/x",
            hit("first", "url", "default"),
        ),
        (
            "url",
            url,
            "https://second.turnback.test/",
            hit("second", "url", "second-own"),
        ),
        ("url", url, "https://open.turnback.test/", None),
        (
            "query",
            query,
            "z0rblax",
            hit("first", "keyword", "other-demo"),
        ),
        (
            "query",
            query,
            "quenbit",
            hit("second", "keyword", "second-own"),
        ),
        (
            "query",
            query,
            "flumox grindle",
            hit("first", "combination", "default"),
        ),
        ("query", query, "weather", None),
        (
            "nav",
            nav,
            "https://www.bing.com/search?q=quenbit",
            hit("second", "keyword", "second-own"),
        ),
        (
            "nav",
            nav,
            "https://second.turnback.test/?q=zorblax",
            hit("first", "keyword", "other-demo"),
        ),
        ("nav", nav, "https://www.bing.com/search?q=weather", None),
    ];
    for (what, check, input, want) in cases {
        assert_eq!(decided(check(&l, &js(input))), want, "{what}({input})");
    }
    // The verdict is the deciding engine's, plus `list` last.
    let v = l
        .check_navigation(&js("https://second.turnback.test/?q=zorblax"))
        .map_err(message)
        .unwrap();
    let keys: Vec<String> = js_sys::Object::keys(v.unchecked_ref::<js_sys::Object>())
        .iter()
        .map(|k| k.as_string().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["matched", "kind", "category", "entry", "via", "list"]
    );
    let alone = verdict(engine().check_navigation(&js("https://second.turnback.test/?q=zorblax")));
    assert_eq!(verdict(Ok(v)), alone);
}

#[wasm_bindgen_test]
fn misses_share_one_frozen_object_even_when_empty() {
    let empty = TurnbackLists::new();
    let l = lists();
    for set in [&empty, &l] {
        let a = set
            .check_url(&js("https://open.turnback.test/"))
            .map_err(message)
            .unwrap();
        let b = set.check_query(&js("weather")).map_err(message).unwrap();
        let c = set
            .check_navigation(&js("not a url"))
            .map_err(message)
            .unwrap();
        assert!(js_sys::Object::is(&a, &b) && js_sys::Object::is(&b, &c));
        assert!(js_sys::Object::is_frozen(
            a.unchecked_ref::<js_sys::Object>()
        ));
        let keys: Vec<String> = js_sys::Object::keys(a.unchecked_ref::<js_sys::Object>())
            .iter()
            .map(|k| k.as_string().unwrap())
            .collect();
        assert_eq!(keys, ["matched"]);
    }
    assert!(decided(empty.check_query(&js("zorblax"))).is_none());
    assert!(ids(&empty).is_empty());
}

#[wasm_bindgen_test]
fn put_replace_remove_and_reorder_by_id() {
    // Each case: changes to [first, second], the order after them and who
    // decides "zorblax".
    type Change = fn(&mut TurnbackLists);
    let cases: Vec<(&str, Change, Vec<&str>, Option<&str>)> = vec![
        ("nothing", |_| {}, vec!["first", "second"], Some("first")),
        (
            "put at 0",
            |l| l.put("third", second(), Some(0)).map_err(message).unwrap(),
            vec!["third", "first", "second"],
            Some("third"),
        ),
        (
            "put past the end",
            |l| l.put("third", second(), Some(9)).map_err(message).unwrap(),
            vec!["first", "second", "third"],
            Some("first"),
        ),
        (
            "replace keeps the place",
            |l| l.put("first", second(), None).map_err(message).unwrap(),
            vec!["first", "second"],
            Some("first"),
        ),
        (
            "replace and move",
            |l| l.put("second", second(), Some(0)).map_err(message).unwrap(),
            vec!["second", "first"],
            Some("second"),
        ),
        (
            "remove",
            |l| assert!(l.remove("first")),
            vec!["second"],
            Some("second"),
        ),
        (
            "remove an unknown id",
            |l| assert!(!l.remove("nope")),
            vec!["first", "second"],
            Some("first"),
        ),
        (
            "remove all",
            |l| assert!(l.remove("first") && l.remove("second")),
            vec![],
            None,
        ),
        (
            "move to 0",
            |l| l.move_to("second", 0).map_err(message).unwrap(),
            vec!["second", "first"],
            Some("second"),
        ),
        (
            "move past the end",
            |l| l.move_to("first", 7).map_err(message).unwrap(),
            vec!["second", "first"],
            Some("second"),
        ),
    ];
    for (what, change, want_order, want) in cases {
        let mut l = lists();
        change(&mut l);
        assert_eq!(ids(&l), want_order, "{what}: order");
        let got = decided(l.check_query(&js("zorblax"))).map(|d| d.0);
        assert_eq!(got.as_deref(), want, "{what}: zorblax");
    }
    // The category names follow the replaced list.
    let mut l = lists();
    l.put("first", second(), None).map_err(message).unwrap();
    assert_eq!(
        decided(l.check_query(&js("zorblax"))),
        hit("first", "keyword", "second-own")
    );
}

#[wasm_bindgen_test]
fn unknown_ids_throw() {
    let mut l = lists();
    let unknown = "the set holds no list with id \"nope\"";
    assert_eq!(l.move_to("nope", 0).map_err(message).unwrap_err(), unknown);
    assert_eq!(ids(&l), ["first", "second"], "order kept");
    assert_eq!(l.info("nope").map_err(message).unwrap_err(), unknown);
    assert_eq!(
        l.prevention("nope", "en", "").map_err(message).unwrap_err(),
        unknown
    );
    assert_eq!(
        l.check_query(&JsValue::from_f64(1.0).unchecked_into())
            .map_err(message)
            .unwrap_err(),
        "checkQuery: text must be a string, got number"
    );
}

#[wasm_bindgen_test]
fn info_and_prevention_of_a_list_in_the_set() {
    let l = lists();
    let cases = [
        ("first", "wasm-test", SEQUENCE as f64),
        ("second", "wasm-second", 9.0),
    ];
    for (id, want_id, want_sequence) in cases {
        let info = l.info(id).map_err(message).unwrap();
        let id_got = js_sys::Reflect::get(&info, &"id".into())
            .unwrap()
            .as_string();
        let sequence = js_sys::Reflect::get(&info, &"sequence".into())
            .unwrap()
            .as_f64();
        assert_eq!(
            (id_got.as_deref(), sequence),
            (Some(want_id), Some(want_sequence)),
            "{id}"
        );
        let p: Prevention = serde_wasm_bindgen::from_value(
            l.prevention(id, "de-AT", "AT").map_err(message).unwrap(),
        )
        .unwrap();
        assert_eq!(p, prevention(&engine(), "de-AT", "AT"), "{id}");
    }
}
