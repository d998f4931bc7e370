//! Verdict objects (src/wasm/verdict.rs): what each check returns, and the
//! one frozen miss.

use super::*;

#[wasm_bindgen_test]
fn url_verdicts() {
    let e = engine();
    let v = verdict(e.check_url(&js("https://Blocked.Turnback.test/any/page?x=1")));
    assert!(v.matched);
    assert_eq!(kind(&v), Some("url"));
    assert_eq!(v.category.as_deref(), Some("default"));
    assert!(v.entry.as_deref().unwrap().starts_with("url-"));
    let v = verdict(e.check_url(&js("http://www.turnback.test/blocked/a.html")));
    assert_eq!(
        (kind(&v), v.category.as_deref()),
        (Some("url"), Some("other-demo"))
    );
    for benign in [
        "https://www.turnback.test/open/",
        "not a url",
        "",
        "https://",
    ] {
        let raw = e.check_url(&js(benign)).map_err(message).unwrap();
        assert!(!verdict(Ok(raw.clone())).matched, "{benign}");
        // A miss carries `matched` alone.
        assert!(!has(&raw, "kind") && !has(&raw, "category") && !has(&raw, "entry"));
    }
}

#[wasm_bindgen_test]
fn query_verdicts() {
    let e = engine();
    let v = verdict(e.check_query(&js("ＢＬ0ＣＫＥＤ  d.e.m.o   t\u{200c}e\u{200c}r\u{200c}m")));
    assert_eq!(kind(&v), Some("keyword"));
    assert_eq!(v.category.as_deref(), Some("default"));
    let v = verdict(e.check_query(&js("z0rbl@x")));
    assert_eq!(
        (kind(&v), v.category.as_deref()),
        (Some("keyword"), Some("other-demo"))
    );
    let v = verdict(e.check_query(&js("grindle and flumox")));
    assert_eq!(kind(&v), Some("combination"));
    assert!(v.entry.as_deref().unwrap().starts_with("combination-"));
    for benign in [
        "blocked demolition",
        "zorblaxes",
        "flumox",
        "",
        "\u{0}\u{ffff}",
    ] {
        assert!(!verdict(e.check_query(&js(benign))).matched, "{benign:?}");
    }
}

#[wasm_bindgen_test]
fn navigation_verdicts() {
    let e = engine();
    let v = verdict(e.check_navigation(&js("https://duckduckgo.com/?q=z0rbl%40x&ia=images")));
    assert_eq!(kind(&v), Some("keyword"));
    let v = verdict(e.check_navigation(&js("https://www.bing.com/search?q=grindle+flumox")));
    assert_eq!(kind(&v), Some("combination"));
    let v = verdict(e.check_navigation(&js("https://blocked.turnback.test/")));
    assert_eq!(kind(&v), Some("url"));
    assert_eq!(v.via, None);
    assert!(!verdict(e.check_navigation(&js("https://www.bing.com/search?q=weather"))).matched);
    // Text only the rules for any host read says so; a known site's does not.
    for unknown in [
        "https://forum.turnback.example/find?q=zorblax",
        "https://forum.turnback.example/?q=zorblax",
        "https://forum.turnback.example/search/zorblax/",
    ] {
        let v = verdict(e.check_navigation(&js(unknown)));
        assert_eq!(
            (kind(&v), v.via.as_deref()),
            (Some("keyword"), Some("fallback")),
            "{unknown}"
        );
    }
    let v = verdict(e.check_navigation(&js("https://www.bing.com/search?q=zorblax")));
    assert_eq!((kind(&v), v.via.as_deref()), (Some("keyword"), None));
    // A listed URL stays a URL hit even with listed text in its query.
    let v = verdict(e.check_navigation(&js("https://blocked.turnback.test/?q=zorblax")));
    assert_eq!((kind(&v), v.via.as_deref()), (Some("url"), None));
    // Long input is bounded, not a panic.
    let long = format!("https://www.turnback.test/{}", "a".repeat(100_000));
    assert!(!verdict(e.check_navigation(&js(&long))).matched);
}

#[wasm_bindgen_test]
fn misses_share_one_frozen_verdict() {
    let e = engine();
    let miss = |v: Result<JsValue, wasm_bindgen::JsError>| v.map_err(message).unwrap();
    let a = miss(e.check_url(&js("https://www.turnback.test/open/")));
    let b = miss(e.check_query(&js("weather")));
    let c = miss(e.check_navigation(&js("https://www.bing.com/search?q=weather")));
    assert!(js_sys::Object::is(&a, &b) && js_sys::Object::is(&b, &c));
    let o: &js_sys::Object = a.unchecked_ref();
    assert!(js_sys::Object::is_frozen(o));
    // A plain object, as every verdict.
    let plain = js_sys::Object::get_prototype_of(&js_sys::Object::new().into());
    assert!(js_sys::Object::is(
        &js_sys::Object::get_prototype_of(&a).into(),
        &plain.into()
    ));
    // A caller cannot change it for the next caller.
    assert!(!js_sys::Reflect::set(&a, &"matched".into(), &JsValue::TRUE).unwrap());
    assert!(!js_sys::Reflect::set(&a, &"kind".into(), &"url".into()).unwrap());
    assert!(!js_sys::Reflect::delete_property(o, &"matched".into()).unwrap());
    let d = miss(e.check_url(&js("not a url")));
    assert!(js_sys::Object::is(&a, &d));
    let keys: Vec<String> = js_sys::Object::keys(o)
        .iter()
        .map(|k| k.as_string().unwrap())
        .collect();
    assert_eq!(keys, ["matched"]);
    let v = verdict(Ok(d));
    assert!(!v.matched && v.kind.is_none() && v.category.is_none() && v.entry.is_none());
    // Each match is a new object of its own.
    let blocked = js("https://blocked.turnback.test/");
    let m1 = miss(e.check_url(&blocked));
    let m2 = miss(e.check_url(&blocked));
    assert!(!js_sys::Object::is(&m1, &m2));
    let m1_object: &js_sys::Object = m1.unchecked_ref();
    assert!(!js_sys::Object::is_frozen(m1_object));
    assert!(verdict(Ok(m1)).matched);
}

/// A list with a URL entry known only by its SHA-256 (the optional URL hash
/// filter and table) loads in the Wasm engine and matches by it, beside a
/// plaintext-built entry.
#[wasm_bindgen_test]
fn hash_only_url_entries_match_in_wasm() {
    use turnback::hash::{HashKind, PrefixHash};
    let mut b = ListBuilder::new();
    let partner = b.category("partner").unwrap();
    b.add_url("blocked.turnback.test/", ListBuilder::DEFAULT_CATEGORY)
        .unwrap();
    let p = PrefixHash::of(HashKind::Url, b"hashed.turnback.test/dir/");
    b.add_url_hash(p, partner).unwrap();
    let info = ListInfo {
        id: "wasm-hashes".into(),
        key_id: key().public().id(),
        sequence: SEQUENCE,
        created: NOW as i64 - 10,
        expires: NOW as i64 + 3600,
    };
    let bytes = b.write(&info, &key()).unwrap();
    let e = TurnbackEngine::load(bytes, &public_text(), options(Some(NOW), None))
        .map_err(message)
        .unwrap();
    let v = verdict(e.check_url(&js("https://a.hashed.turnback.test/dir/x?y=1")));
    assert_eq!(
        (kind(&v), v.category.as_deref()),
        (Some("url"), Some("partner"))
    );
    let v = verdict(e.check_url(&js("https://blocked.turnback.test/x")));
    assert_eq!(v.category.as_deref(), Some("default"));
    assert!(!verdict(e.check_url(&js("https://hashed.turnback.test/other/"))).matched);
}
