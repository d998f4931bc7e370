//! Tests of the JavaScript API (`turnback::wasm::TurnbackEngine`), shared by
//! tests/wasm_node.rs (Node) and tests/wasm_browser.rs (headless Chromium).
//! Values are read back the way JS sees them: plain objects and `Error`s.
//!
//! One file per module of src/wasm/: [`exports`] for the exports
//! (src/wasm/mod.rs), [`inbox`], [`verdict`], [`idn`], [`options`] and
//! [`meta_json`] for theirs. This file holds what they share: the test list,
//! its key and the verdicts and messages as JS sees them.

mod exports;
mod idn;
mod inbox;
mod lists;
mod meta_json;
mod options;
mod verdict;

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
