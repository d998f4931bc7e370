//! Tests of the JavaScript API (`turnback::wasm::TurnbackEngine`), shared by
//! tests/wasm_node.rs (Node) and tests/wasm_browser.rs (headless Chromium).
//! Values are read back the way JS sees them: plain objects and `Error`s.

#[path = "../data/idn_hosts.rs"]
mod idn_hosts;

use serde::Deserialize;
use turnback::list::{ListInfo, SecretKey};
use turnback::wasm::TurnbackEngine;
use turnback::ListBuilder;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const SEED: [u8; 32] = [42; 32];
const OTHER_SEED: [u8; 32] = [7; 32];
/// A fixed "now" (2030), before the test list's expiry.
const NOW: f64 = 1_900_000_000.0;
const SEQUENCE: u64 = 5;

fn key() -> SecretKey {
    SecretKey::from_seed(&SEED)
}

fn public_text() -> String {
    key().public().to_text()
}

/// A signed list with the demo's synthetic entries.
fn list_bytes() -> Vec<u8> {
    let mut b = ListBuilder::new();
    let other = b.category("other-demo").unwrap();
    b.add_url("blocked.turnback.test/", ListBuilder::DEFAULT_CATEGORY)
        .unwrap();
    b.add_url("www.turnback.test/blocked/", other).unwrap();
    b.add_keyword("blocked demo term", ListBuilder::DEFAULT_CATEGORY)
        .unwrap();
    b.add_keyword("zorblax", other).unwrap();
    b.add_rule(&["flumox", "grindle"], ListBuilder::DEFAULT_CATEGORY)
        .unwrap();
    let info = ListInfo {
        id: "wasm-test".into(),
        key_id: key().public().id(),
        sequence: SEQUENCE,
        created: NOW as i64 - 10,
        expires: NOW as i64 + 3600,
    };
    b.write(&info, &key()).unwrap()
}

fn options(now: Option<f64>, held: Option<f64>) -> JsValue {
    let o = js_sys::Object::new();
    if let Some(n) = now {
        js_sys::Reflect::set(&o, &"now".into(), &n.into()).unwrap();
    }
    if let Some(h) = held {
        js_sys::Reflect::set(&o, &"heldSequence".into(), &h.into()).unwrap();
    }
    o.into()
}

fn engine() -> TurnbackEngine {
    TurnbackEngine::load(list_bytes(), &public_text(), options(Some(NOW), None))
        .map_err(message)
        .unwrap()
}

/// The message of a thrown value, which must be a JS `Error`.
fn message(e: wasm_bindgen::JsError) -> String {
    let v = JsValue::from(e);
    let err: js_sys::Error = v.dyn_into().expect("thrown value is an Error");
    String::from(err.message())
}

fn load_error(bytes: &[u8], key: &str, opts: JsValue) -> String {
    match TurnbackEngine::load(bytes.to_vec(), key, opts) {
        Ok(_) => panic!("list loaded"),
        Err(e) => message(e),
    }
}

/// A JS string, as the checks take.
fn js(s: &str) -> js_sys::JsString {
    s.into()
}

fn has(o: &JsValue, key: &str) -> bool {
    js_sys::Reflect::has(o, &key.into()).unwrap()
}

#[derive(Debug, Deserialize, PartialEq)]
struct Verdict {
    matched: bool,
    kind: Option<String>,
    category: Option<String>,
    entry: Option<String>,
    via: Option<String>,
}

fn verdict(v: Result<JsValue, wasm_bindgen::JsError>) -> Verdict {
    let v = v.map_err(message).unwrap();
    if !v.is_object() {
        panic!("verdict is not an object");
    }
    serde_wasm_bindgen::from_value(v).unwrap()
}

fn kind(v: &Verdict) -> Option<&str> {
    v.kind.as_deref()
}

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

/// The verdict of the Rust engine on the same list, as JS sees verdicts.
fn native_verdict(v: turnback::Verdict, e: &turnback::Engine) -> Verdict {
    Verdict {
        matched: v.is_match(),
        kind: v.kind().map(|k| k.as_str().to_string()),
        category: v
            .category()
            .and_then(|c| e.category_name(c))
            .map(str::to_string),
        entry: v.entry().map(|x| x.to_string()),
        via: v.via_fallback().then(|| "fallback".to_string()),
    }
}

#[wasm_bindgen_test]
fn checks_read_strings_as_the_engine_does() {
    let e = engine();
    let policy = turnback::list::LoadPolicy {
        now: NOW as i64,
        held_sequence: None,
    };
    let native = turnback::Engine::from_bytes(list_bytes(), &key().public(), &policy).unwrap();
    // Around the 64 KiB that are read: padding past it, and a multi-byte
    // character across it, must cut where the engine cuts.
    let pad = |unit: &str, n: usize| unit.repeat(n);
    let inputs = [
        "https://blocked.turnback.test/a/b".to_string(),
        format!("https://blocked.turnback.test/?q={}", pad("a", 100_000)),
        format!(
            "https://www.turnback.test/blocked/{}",
            pad("\u{e9}", 40_000)
        ),
        format!("{}https://blocked.turnback.test/", pad(" ", 65_530)),
        "blocked demo term".to_string(),
        format!("blocked demo term {}", pad("\u{6f22}", 30_000)),
        format!("{} blocked demo term", pad("x", 65_517)),
        format!("{} blocked demo term", pad("x", 65_519)),
        format!("{}\u{e9} blocked demo term", pad("x", 65_535)),
        "ｂｌｏｃｋｅｄ ｄｅｍｏ ｔｅｒｍ".to_string(),
        "https://www.bing.com/search?q=grindle+flumox".to_string(),
        "https://forum.turnback.example/find?q=zorblax".to_string(),
        "https://forum.turnback.example/search?q=grindle+flumox".to_string(),
    ];
    for s in &inputs {
        let head: String = s.chars().take(40).collect();
        let js_s = js(s);
        assert_eq!(
            verdict(e.check_url(&js_s)),
            native_verdict(native.check_url(s), &native),
            "url {head}… ({} bytes)",
            s.len()
        );
        assert_eq!(
            verdict(e.check_query(&js_s)),
            native_verdict(native.check_query(s), &native),
            "query {head}… ({} bytes)",
            s.len()
        );
        assert_eq!(
            verdict(e.check_navigation(&js_s)),
            native_verdict(native.check_navigation(s), &native),
            "navigation {head}… ({} bytes)",
            s.len()
        );
    }
    // A lone surrogate reads as U+FFFD, as in any JS string passed to Rust.
    let units: Vec<u16> = "zorblax\u{fffd}".encode_utf16().collect();
    let mut lone = units.clone();
    *lone.last_mut().unwrap() = 0xd800;
    let lone = js_sys::JsString::from_char_code(&lone);
    assert_eq!(
        verdict(e.check_query(&lone)),
        native_verdict(native.check_query("zorblax\u{fffd}"), &native)
    );
}

/// Host names with non-ASCII characters are converted by the platform's URL
/// parser in the module (which loading an engine sets up), and must come
/// out as the idna crate makes them natively: the same table as
/// tests/url_canon.rs.
#[wasm_bindgen_test]
fn idn_hosts_are_converted_as_natively() {
    let e = engine();
    let mut failures = Vec::new();
    for (input, want) in idn_hosts::IDN_HOSTS {
        let got = turnback::url::canonicalize(input).map(|u| u.to_string());
        if got.as_deref().map_err(Clone::clone) != *want {
            failures.push(format!("{input:?}: got {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Through the bindings too: a listed host written with full-width
    // letters and an ideographic full stop.
    let v = verdict(e.check_url(&js("http://\u{ff42}locked.turnback.test\u{3002}/a")));
    assert_eq!(kind(&v), Some("url"));
}

#[wasm_bindgen_test]
fn checks_work_after_the_memory_grows() {
    let e = engine();
    let url = js("https://blocked.turnback.test/");
    assert!(verdict(e.check_url(&url)).matched);
    // Growing the memory detaches every view of it, the engine's included.
    let pages = core::arch::wasm32::memory_size::<0>();
    let big = vec![1u8; 64 << 20];
    assert!(core::arch::wasm32::memory_size::<0>() > pages);
    drop(big);
    assert!(verdict(e.check_url(&url)).matched);
    assert!(verdict(e.check_query(&js("zorblax"))).matched);
}

#[wasm_bindgen_test]
fn checks_refuse_what_is_not_a_string() {
    let e = engine();
    let refusal =
        |r: Result<JsValue, wasm_bindgen::JsError>| r.map(|_| ()).map_err(message).unwrap_err();
    let number: js_sys::JsString = JsValue::from(12).unchecked_into();
    let symbol: js_sys::JsString = JsValue::from(js_sys::Symbol::for_("zorblax")).unchecked_into();
    let cases = [
        (
            e.check_url(&number),
            "checkUrl: url must be a string, got number",
        ),
        (
            e.check_query(&JsValue::UNDEFINED.unchecked_into()),
            "checkQuery: text must be a string, got undefined",
        ),
        (
            e.check_navigation(&JsValue::NULL.unchecked_into()),
            "checkNavigation: url must be a string, got object",
        ),
        // A String object or a symbol is not a string either.
        (
            e.check_query(&string_object("zorblax").unchecked_into()),
            "checkQuery: text must be a string, got object",
        ),
        (
            e.check_url(&symbol),
            "checkUrl: url must be a string, got symbol",
        ),
    ];
    for (got, want) in cases {
        assert_eq!(refusal(got), want);
    }
    // The engine is still usable and can be freed.
    assert!(verdict(e.check_url(&js("https://blocked.turnback.test/"))).matched);
    drop(e);
}

// The module the engine reads checked strings with, and the platform's
// encoder it must agree with byte for byte.
#[wasm_bindgen(module = "/src/wasm_read.js")]
extern "C" {
    #[wasm_bindgen(js_name = readString)]
    fn read_string(text: &JsValue, dest: &js_sys::Uint8Array) -> i32;
}

#[wasm_bindgen]
extern "C" {
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, text: &JsValue, dest: &js_sys::Uint8Array) -> EncodeResult;
    type EncodeResult;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeResult) -> u32;
}

/// `new String(text)`: an object, not a string.
fn string_object(text: &str) -> JsValue {
    let class: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"String".into())
        .unwrap()
        .unchecked_into();
    js_sys::Reflect::construct(&class, &js_sys::Array::of1(&text.into())).unwrap()
}

/// A JS string of UTF-16 units, lone surrogates included.
fn units(u: &[u16]) -> JsValue {
    js_sys::JsString::from_char_code(u).into()
}

/// Under Node this is `encodeInto` itself; in a browser, ASCII up to 256
/// units goes through the module's own loop (src/wasm_read.js), so the
/// browser run of these tests is the one that checks the loop.
#[wasm_bindgen_test]
fn read_string_writes_what_encode_into_writes() {
    let encoder = TextEncoder::new();
    let ascii = |n: usize| {
        "abcdefghij/".repeat(n / 11 + 1)[..n]
            .encode_utf16()
            .collect::<Vec<u16>>()
    };
    let s = |t: &str| t.encode_utf16().collect::<Vec<u16>>();
    let mut texts: Vec<Vec<u16>> = vec![
        vec![],
        s("a"),
        s("\u{7f}\u{80}"),
        s("\u{e9}"),
        s("a\u{e9}b"),
        s("ab\u{6f22}cd"),
        s("a\u{1f600}b"),
        vec![0x61, 0x62, 0xd800],
        vec![0x61, 0x62, 0xdc00, 0x63],
        vec![0xdc00, 0x61],
        vec![0x61, 0xd800, 0x62, 0xd83d, 0xde00],
        s("\u{0}x\u{ffff}\u{fffd}"),
    ];
    for n in [
        127, 128, 255, 256, 257, 1000, 65_535, 65_536, 65_537, 100_000,
    ] {
        texts.push(ascii(n));
        texts.push([ascii(n), s("\u{e9}")].concat());
        texts.push([ascii(n - 1), vec![0xd83d, 0xde00], ascii(3)].concat());
        texts.push([ascii(n), vec![0xd800]].concat());
    }
    for dest_len in [65_536u32, 0, 1, 2, 3, 5, 255, 256, 257] {
        let mine = js_sys::Uint8Array::new_with_length(dest_len);
        let theirs = js_sys::Uint8Array::new_with_length(dest_len);
        for t in &texts {
            mine.fill(0xaa, 0, dest_len);
            theirs.fill(0xaa, 0, dest_len);
            let text = units(t);
            let got = read_string(&text, &mine);
            let want = encoder.encode_into(&text, &theirs).written();
            let what = format!("{} units into {dest_len} bytes", t.len());
            assert_eq!(got, want as i32, "{what}");
            assert_eq!(mine.to_vec(), theirs.to_vec(), "{what}");
        }
    }
    let dest = js_sys::Uint8Array::new_with_length(16);
    for not_text in [
        JsValue::from(12),
        JsValue::UNDEFINED,
        JsValue::NULL,
        JsValue::TRUE,
        js_sys::Object::new().into(),
        string_object("text"),
        js_sys::Symbol::for_("text").into(),
    ] {
        assert_eq!(read_string(&not_text, &dest), -1, "{not_text:?}");
    }
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

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Prevention {
    lang: String,
    dir: String,
    review: String,
    title_search: String,
    title_page: String,
    body: String,
    help_text: String,
    help_heading: String,
    primary: String,
    no_resources: String,
    phone_label: String,
    chat_label: String,
    website_label: String,
    resources: Vec<Resource>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Resource {
    id: String,
    name: String,
    url: String,
    phone: Option<String>,
    chat: bool,
    languages: Vec<String>,
    description: String,
}

fn prevention(e: &TurnbackEngine, lang: &str, country: &str) -> Prevention {
    let p = e.prevention(lang, country).map_err(message).unwrap();
    serde_wasm_bindgen::from_value(p).unwrap()
}

#[wasm_bindgen_test]
fn prevention_languages_and_countries() {
    let e = engine();
    let en = prevention(&e, "en-GB", "GB");
    assert_eq!((en.lang.as_str(), en.dir.as_str()), ("en", "ltr"));
    assert_eq!(en.review, "source");
    for text in [
        &en.title_search,
        &en.title_page,
        &en.body,
        &en.help_text,
        &en.help_heading,
        &en.primary,
        &en.no_resources,
        &en.phone_label,
        &en.chat_label,
        &en.website_label,
    ] {
        assert!(!text.trim().is_empty());
    }
    let ar = prevention(&e, "ar", "");
    assert_eq!((ar.lang.as_str(), ar.dir.as_str()), ("ar", "rtl"));
    assert_ne!(ar.body, en.body);
    let de = prevention(&e, "de-AT", "DE");
    assert_eq!((de.lang.as_str(), de.dir.as_str()), ("de", "ltr"));
    assert!(!de.resources.is_empty());
    assert!(de.resources[0].languages.iter().any(|l| l == "de"));
    for r in de
        .resources
        .iter()
        .chain(&en.resources)
        .chain(&ar.resources)
    {
        assert!(r.url.starts_with("https://"), "{}", r.id);
        assert!(!r.name.is_empty() && !r.description.is_empty());
        let _ = (&r.phone, r.chat);
    }
    // Unknown language and country: English, services open to all.
    let xx = prevention(&e, "xx", "");
    assert_eq!(xx.lang, "en");
    assert!(!xx.resources.is_empty());
    // Absent phone numbers are absent, not null.
    let raw = e.prevention("en", "").map_err(message).unwrap();
    let resources = js_sys::Reflect::get(&raw, &"resources".into()).unwrap();
    let resources: js_sys::Array = resources.dyn_into().unwrap();
    for r in resources.iter() {
        let phone = js_sys::Reflect::get(&r, &"phone".into()).unwrap();
        assert!(phone.is_undefined() || phone.is_string());
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Info {
    id: String,
    sequence: f64,
    created: f64,
    expires: f64,
    key_id: String,
    url_entries: f64,
    keyword_entries: f64,
    rules: f64,
    bytes: f64,
}

#[wasm_bindgen_test]
fn info_describes_the_list() {
    let e = engine();
    let info: Info = serde_wasm_bindgen::from_value(e.info()).unwrap();
    assert_eq!(info.id, "wasm-test");
    assert_eq!(info.sequence, SEQUENCE as f64);
    assert_eq!(info.created, NOW - 10.0);
    assert_eq!(info.expires, NOW + 3600.0);
    assert_eq!(info.key_id, key().public().id().to_string());
    assert_eq!(info.url_entries, 2.0);
    assert!(info.keyword_entries >= 2.0);
    assert_eq!(info.rules, 1.0);
    assert_eq!(info.bytes, list_bytes().len() as f64);
}

#[wasm_bindgen_test]
fn key_forms_and_default_options() {
    let bare = hex_of_public();
    for opts in [JsValue::UNDEFINED, JsValue::NULL, options(None, None)] {
        // Default now is Date.now(): before the list's expiry in 2030.
        TurnbackEngine::load(list_bytes(), &bare, opts)
            .map_err(message)
            .unwrap();
    }
}

fn hex_of_public() -> String {
    let text = public_text();
    text.split_whitespace().nth(1).unwrap().to_string()
}

#[wasm_bindgen_test]
fn refused_lists_throw_errors() {
    let bytes = list_bytes();
    let now = || options(Some(NOW), None);

    let mut tampered = bytes.clone();
    let mid = tampered.len() / 2;
    tampered[mid] ^= 1;
    let m = load_error(&tampered, &public_text(), now());
    assert!(m.contains("signature"), "{m}");

    let other = SecretKey::from_seed(&OTHER_SEED).public().to_text();
    let m = load_error(&bytes, &other, now());
    assert!(m.contains("not by the pinned key"), "{m}");

    let m = load_error(&bytes, &public_text(), options(Some(NOW + 3600.0), None));
    assert!(m.starts_with("list expired at"), "{m}");

    let m = load_error(
        &bytes,
        &public_text(),
        options(Some(NOW), Some(SEQUENCE as f64 + 1.0)),
    );
    assert_eq!(m, "list sequence 5 is older than the loaded list's 6");
    // The same sequence is fine.
    TurnbackEngine::load(
        bytes.clone(),
        &public_text(),
        options(Some(NOW), Some(SEQUENCE as f64)),
    )
    .map_err(message)
    .unwrap();

    for garbage in [
        &[][..],
        b"TBCKLIST",
        &bytes[..bytes.len() - 1],
        &[0xff; 300],
    ] {
        let m = load_error(garbage, &public_text(), now());
        assert!(
            m.starts_with("list file is truncated") || m.contains("magic"),
            "{m}"
        );
    }
}

#[wasm_bindgen_test]
fn bad_arguments_throw_errors() {
    let bytes = list_bytes();
    let m = load_error(&bytes, "not a key", options(Some(NOW), None));
    assert!(m.starts_with("not a turnback public key"), "{m}");
    let m = load_error(&bytes, &"zz".repeat(32), options(Some(NOW), None));
    assert_eq!(m, "key is not 32 bytes of hex");
    for held in [-1.0, 1.5, 2f64.powi(60), f64::NAN] {
        let m = load_error(&bytes, &public_text(), options(Some(NOW), Some(held)));
        assert!(m.starts_with("options.heldSequence must be"), "{m}");
    }
    for now in [f64::NAN, f64::INFINITY, 1e300] {
        let m = load_error(&bytes, &public_text(), options(Some(now), None));
        assert!(m.starts_with("options.now must be"), "{m}");
    }
    // Numbers in messages are printed as JavaScript prints them.
    let m = load_error(&bytes, &public_text(), options(Some(1e300), None));
    assert_eq!(
        m,
        "options.now must be a finite number of seconds, got 1e+300"
    );
    let m = load_error(&bytes, &public_text(), options(Some(NOW), Some(1.5)));
    assert_eq!(
        m,
        "options.heldSequence must be a whole number from 0 to 2^53 - 1, got 1.5"
    );
    let m = load_error(&bytes, &public_text(), JsValue::from(12));
    assert_eq!(m, "invalid options: options must be an object, got number");
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"now".into(), &"soon".into()).unwrap();
    let m = load_error(&bytes, &public_text(), o.into());
    assert_eq!(
        m,
        "invalid options: options.now must be a number, got string"
    );
    let o = options(Some(NOW), None);
    js_sys::Reflect::set(&o, &"heldSequence".into(), &js_sys::Array::new()).unwrap();
    let m = load_error(&bytes, &public_text(), o);
    assert_eq!(
        m,
        "invalid options: options.heldSequence must be a number, got array"
    );
    // A getter that throws is an error of `load`, not an exception through it.
    let o = js_sys::Object::new();
    let getter = js_sys::Function::new_no_args("throw new Error('no time here')");
    let descriptor = js_sys::Object::new();
    js_sys::Reflect::set(&descriptor, &"get".into(), &getter).unwrap();
    js_sys::Object::define_property(&o, &"now".into(), &descriptor);
    let m = load_error(&bytes, &public_text(), o.into());
    assert_eq!(
        m,
        "invalid options: options.now cannot be read: no time here"
    );
}

/// The metadata section of a list file (the last section), its entry in
/// the section table and its offset.
fn metadata_section(bytes: &[u8]) -> (usize, usize, String) {
    let u64_at = |o: usize| u64::from_le_bytes(bytes[o..o + 8].try_into().unwrap()) as usize;
    let count = u32::from_le_bytes(bytes[80..84].try_into().unwrap()) as usize;
    let entry = (0..count)
        .map(|i| 96 + 24 * i)
        .find(|&e| bytes[e..e + 4] == 9u32.to_le_bytes())
        .unwrap();
    let (off, len) = (u64_at(entry + 8), u64_at(entry + 16));
    assert_eq!(
        off + len.div_ceil(8) * 8 + 64,
        bytes.len(),
        "metadata is last"
    );
    let json = std::str::from_utf8(&bytes[off..off + len]).unwrap();
    (entry, off, json.to_string())
}

/// The test list with `json` as its metadata section, signed again with the
/// test key: what a publisher could sign.
fn with_metadata(json: &str) -> Vec<u8> {
    use ed25519_dalek::Signer;
    let bytes = list_bytes();
    let (entry, off, _) = metadata_section(&bytes);
    let mut b = bytes[..off].to_vec();
    b.extend_from_slice(json.as_bytes());
    b.resize(b.len().div_ceil(8) * 8, 0);
    b[entry + 16..entry + 24].copy_from_slice(&(json.len() as u64).to_le_bytes());
    let total = (b.len() + 64) as u64;
    b[88..96].copy_from_slice(&total.to_le_bytes());
    let signature = ed25519_dalek::SigningKey::from_bytes(&SEED).sign(&b);
    b.extend_from_slice(&signature.to_bytes());
    b
}

/// The test list's metadata with `change` applied, as a signed list.
fn with_changed_metadata(change: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let (_, _, json) = metadata_section(&list_bytes());
    let mut meta: serde_json::Value = serde_json::from_str(&json).unwrap();
    change(&mut meta);
    with_metadata(&meta.to_string())
}

fn native_engine(bytes: &[u8]) -> Result<turnback::Engine, turnback::list::LoadError> {
    let policy = turnback::list::LoadPolicy {
        now: NOW as i64,
        held_sequence: None,
    };
    turnback::Engine::from_bytes(bytes.to_vec(), &key().public(), &policy)
}

/// What the Rust engine shows, as `prevention()` returns it to JS.
fn native_prevention(e: &turnback::Engine, lang: &str, country: &str) -> Prevention {
    let p = e.prevention(lang, country).unwrap();
    let m = p.message;
    Prevention {
        lang: p.lang.to_string(),
        dir: m.dir.clone(),
        review: m.review.clone(),
        title_search: m.title_search.clone(),
        title_page: m.title_page.clone(),
        body: m.body.clone(),
        help_text: m.help_text.clone(),
        help_heading: m.help_heading.clone(),
        primary: m.primary.clone(),
        no_resources: m.no_resources.clone(),
        phone_label: m.phone_label.clone(),
        chat_label: m.chat_label.clone(),
        website_label: m.website_label.clone(),
        resources: p
            .resources
            .iter()
            .map(|r| Resource {
                id: r.id.clone(),
                name: r.name.clone(),
                url: r.url.clone(),
                phone: r.phone.clone(),
                chat: r.chat,
                languages: r.languages.clone(),
                description: r.description.clone(),
            })
            .collect(),
    }
}

/// The module reads the metadata with `JSON.parse`: every message and
/// service must come out as the Rust engine (serde_json) reads them.
fn assert_metadata_read_as_natively(bytes: &[u8]) {
    let native = native_engine(bytes).unwrap();
    let e = TurnbackEngine::load(bytes.to_vec(), &public_text(), options(Some(NOW), None))
        .map_err(message)
        .unwrap();
    let meta = native.metadata();
    let mut countries: Vec<&str> = meta
        .resources
        .iter()
        .flat_map(|r| r.countries.iter().map(String::as_str))
        .collect();
    countries.extend(["", "ZZ", "de"]);
    let mut langs: Vec<&str> = meta.messages.keys().map(String::as_str).collect();
    langs.extend(["xx", "nb-NO", "pt-BR", ""]);
    for lang in &langs {
        for country in &countries {
            assert_eq!(
                prevention(&e, lang, country),
                native_prevention(&native, lang, country),
                "{lang} {country}"
            );
        }
    }
}

#[wasm_bindgen_test]
fn metadata_is_read_as_the_rust_engine_reads_it() {
    assert_metadata_read_as_natively(&list_bytes());
    // Optional fields absent, null or set, unknown fields, JSON escapes.
    let bytes = with_changed_metadata(|m| {
        let r = &mut m["resources"][0];
        let o = r.as_object_mut().unwrap();
        o.remove("chat");
        o.remove("phone");
        o.remove("source");
        o.insert("colour".into(), serde_json::json!({"nested": [1, 2]}));
        m["resources"][1]["phone"] = "+00 000 000".into();
        m["resources"][1]["chat"] = true.into();
        m["resources"][2]["phone"] = serde_json::Value::Null;
        m["messages"]["en"]["body"] = "quote \" tab \t snowman \u{2603} \u{1f600}".into();
        m["extra"] = 1.into();
    });
    assert!(!native_engine(&bytes).unwrap().metadata().resources[0].chat);
    assert_metadata_read_as_natively(&bytes);
}

#[wasm_bindgen_test]
fn metadata_of_the_wrong_shape_is_refused_naming_where() {
    use serde_json::{json, Value};
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            with_metadata("[]"),
            "the metadata must be an object, got array",
        ),
        (
            with_metadata("\"text\""),
            "the metadata must be an object, got string",
        ),
        (
            with_changed_metadata(|m| {
                m.as_object_mut().unwrap().remove("messages");
            }),
            "messages is missing",
        ),
        (
            with_changed_metadata(|m| m["messages"] = json!([])),
            "messages must be an object, got array",
        ),
        (
            with_changed_metadata(|m| m["messages"]["en"]["body"] = json!(5)),
            "messages.en.body must be a string, got number",
        ),
        (
            with_changed_metadata(|m| {
                m["messages"]["de"]
                    .as_object_mut()
                    .unwrap()
                    .remove("primary");
            }),
            "messages.de.primary is missing",
        ),
        (
            with_changed_metadata(|m| m["resources"] = json!({})),
            "resources must be an array, got object",
        ),
        (
            with_changed_metadata(|m| {
                m["resources"][1].as_object_mut().unwrap().remove("url");
            }),
            "resources[1].url is missing",
        ),
        (
            with_changed_metadata(|m| m["resources"][0]["chat"] = json!("yes")),
            "resources[0].chat must be a boolean, got string",
        ),
        (
            with_changed_metadata(|m| m["resources"][0]["phone"] = json!(110)),
            "resources[0].phone must be a string, got number",
        ),
        (
            with_changed_metadata(|m| m["resources"][2]["countries"] = json!("DE")),
            "resources[2].countries must be an array, got string",
        ),
        (
            with_changed_metadata(|m| m["resources"][0]["languages"] = json!(["de", null])),
            "resources[0].languages[1] must be a string, got null",
        ),
        (
            with_changed_metadata(|m| m["sites"] = Value::Null),
            "sites must be a string, got null",
        ),
        (
            with_changed_metadata(|m| m["categories"] = json!([true])),
            "categories[0] must be a string, got boolean",
        ),
    ];
    for (bytes, expected) in cases {
        let m = load_error(&bytes, &public_text(), options(Some(NOW), None));
        assert_eq!(m, format!("malformed list: metadata: {expected}"));
        // The Rust engine refuses the same lists (in serde_json's words).
        let native = native_engine(&bytes).unwrap_err().to_string();
        assert!(native.starts_with("malformed list: metadata: "), "{native}");
    }
}

#[wasm_bindgen_test]
fn metadata_that_is_not_json_is_refused() {
    for json in ["{not json", "", "{\"messages\": {}} x", "{\"a\": 1,}"] {
        let bytes = with_metadata(json);
        let m = load_error(&bytes, &public_text(), options(Some(NOW), None));
        // The rest is the platform's `JSON.parse` message.
        assert!(
            m.starts_with("malformed list: metadata: invalid metadata json: ")
                && m.len() > "malformed list: metadata: invalid metadata json: ".len(),
            "{json:?}: {m}"
        );
        assert!(native_engine(&bytes).is_err(), "{json:?}");
    }
}

#[wasm_bindgen_test]
fn invalid_metadata_is_refused_as_the_rust_engine_refuses_it() {
    use serde_json::json;
    let cases = [
        with_changed_metadata(|m| m["resources"][0]["url"] = json!("http://help.example/")),
        with_changed_metadata(|m| {
            m["messages"].as_object_mut().unwrap().remove("en");
        }),
        with_changed_metadata(|m| m["messages"]["ar"]["dir"] = json!("down")),
        with_changed_metadata(|m| m["messages"]["fr"]["body"] = json!("  ")),
        with_changed_metadata(|m| m["resources"][1]["countries"] = json!(["de"])),
        with_changed_metadata(|m| m["sites"] = json!("bad line")),
    ];
    for bytes in cases {
        let m = load_error(&bytes, &public_text(), options(Some(NOW), None));
        let native = native_engine(&bytes).unwrap_err().to_string();
        assert_eq!(m, native);
        assert!(m.starts_with("malformed list: metadata: "), "{m}");
    }
}

#[wasm_bindgen_test]
fn a_signed_list_with_an_undialable_phone_or_a_bidi_control_is_refused() {
    use serde_json::json;
    let cases = [
        (
            with_changed_metadata(|m| {
                m["resources"][1]["phone"] = json!("0808 1000 900 (Mon-Thu 9am-9pm)")
            }),
            r#"resources[1].phone ("redirection"): "0808 1000 900 (Mon-Thu 9am-9pm)" is not a phone number: only digits, spaces, "(", ")", "-" and a leading "+" are allowed"#,
        ),
        (
            with_changed_metadata(|m| m["resources"][1]["phone"] = json!("0808.1000.900")),
            r#"resources[1].phone ("redirection"): "0808.1000.900" is not a phone number: only digits, spaces, "(", ")", "-" and a leading "+" are allowed"#,
        ),
        (
            with_changed_metadata(|m| m["resources"][1]["phone"] = json!("\u{202e}009 0001 8080")),
            "resources[1].phone: bidi control U+202E is not allowed",
        ),
        (
            with_changed_metadata(|m| m["resources"][0]["name"] = json!("Help \u{2066}X\u{2069}")),
            "resources[0].name: bidi control U+2066 is not allowed",
        ),
        (
            with_changed_metadata(|m| m["messages"]["en"]["body"] = json!("b\u{202a}")),
            "messages.en.body: bidi control U+202A is not allowed",
        ),
    ];
    for (bytes, want) in cases {
        let m = load_error(&bytes, &public_text(), options(Some(NOW), None));
        assert_eq!(m, format!("malformed list: metadata: {want}"));
        // The Rust engine refuses it in the same words.
        assert_eq!(native_engine(&bytes).unwrap_err().to_string(), m);
    }
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
