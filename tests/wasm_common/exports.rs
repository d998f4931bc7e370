//! The exports (src/wasm/mod.rs): `prevention()`, `info()`, and the lists
//! and keys `load` takes or refuses.

use super::*;

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
fn bad_keys_throw_errors() {
    let bytes = list_bytes();
    let m = load_error(&bytes, "not a key", options(Some(NOW), None));
    assert!(m.starts_with("not a turnback public key"), "{m}");
    let m = load_error(&bytes, &"zz".repeat(32), options(Some(NOW), None));
    assert_eq!(m, "key is not 32 bytes of hex");
}

/// The next release of the test list, as a device would get it: the full
/// file, and the delta from the test list. (Built afresh: a release on a
/// base, with stashes, is built natively only; tests/list_stash.rs.)
fn next_release() -> (Vec<u8>, Vec<u8>) {
    let mut b = ListBuilder::new();
    let other = b.category("other-demo").unwrap();
    b.add_url("www.turnback.test/blocked/", other).unwrap();
    b.add_url("added.turnback.test/", ListBuilder::DEFAULT_CATEGORY)
        .unwrap();
    b.add_keyword("blocked demo term", ListBuilder::DEFAULT_CATEGORY)
        .unwrap();
    let info = ListInfo {
        id: "wasm-test".into(),
        key_id: key().public().id(),
        sequence: SEQUENCE + 1,
        created: NOW as i64 - 5,
        expires: NOW as i64 + 3600,
    };
    let new = b.write(&info, &key()).unwrap();
    let delta = turnback::list::make_delta(&list_bytes(), &new).unwrap();
    (new, delta)
}

#[wasm_bindgen_test]
fn apply_delta_rebuilds_the_next_release_which_then_loads() {
    let (new, delta) = next_release();
    let rebuilt = turnback::wasm::apply_delta(&list_bytes(), &delta).unwrap();
    assert_eq!(rebuilt, new, "byte for byte the new release");
    let opts = options(Some(NOW), Some(SEQUENCE as f64));
    let e = TurnbackEngine::load(rebuilt, &public_text(), opts).unwrap();
    let hit = verdict(e.check_url(&js("http://added.turnback.test/x")));
    assert_eq!(kind(&hit), Some("url"), "an entry the release adds matches");
    let gone = verdict(e.check_url(&js("http://blocked.turnback.test/x")));
    assert_eq!(kind(&gone), None, "an entry it removes does not");
}

#[wasm_bindgen_test]
fn apply_delta_refuses_another_base_and_a_cut_delta() {
    let (_, delta) = next_release();
    let mut other_base = list_bytes();
    // Another file of the same release: its signature differs.
    let n = other_base.len();
    other_base[n - 1] ^= 1;
    let cases: Vec<(&str, Vec<u8>, Vec<u8>, &str)> = vec![
        (
            "another base",
            other_base,
            delta.clone(),
            "delta was made from another base file",
        ),
        (
            "a cut delta",
            list_bytes(),
            delta[..delta.len() - 1].to_vec(),
            "delta is truncated",
        ),
        (
            "not a delta",
            list_bytes(),
            b"TBCKLIST and more".to_vec(),
            "not a turnback delta file (bad magic)",
        ),
    ];
    for (what, base, d, want) in cases {
        let got = turnback::wasm::apply_delta(&base, &d)
            .map(|_| ())
            .map_err(message);
        let err = got.expect_err(what);
        assert!(err.contains(want), "{what}: got {err:?}, want {want:?}");
    }
}

/// A signed publish index naming a release of the test list.
fn index_bytes() -> Vec<u8> {
    let file = |name: &str| turnback::list::IndexFile {
        name: name.into(),
        size: 10,
        sha256: [1; 32],
    };
    turnback::list::Index {
        list_id: "wasm-test".into(),
        key_id: key().public().id(),
        sequence: 6,
        created: NOW as i64,
        min_interval: 3600,
        full: file("wasm-test-6.tbl"),
        deltas: vec![turnback::list::IndexDelta {
            from: 5,
            file: file("wasm-test-5-6.tbd"),
        }],
    }
    .to_signed_bytes(&key())
}

#[wasm_bindgen_test]
fn verify_index_signature_takes_the_pinned_key_only() {
    let good = index_bytes();
    let other = SecretKey::from_seed(&OTHER_SEED).public().to_text();
    assert!(turnback::wasm::verify_index_signature(&good, &public_text()).is_ok());
    let mut changed = good.clone();
    changed[30] ^= 1;
    let sig_line = good[..good.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap();
    let cases: Vec<(&str, Vec<u8>, String, &str)> = vec![
        (
            "another key",
            good.clone(),
            other,
            "index signature does not verify",
        ),
        (
            "a byte changed",
            changed,
            public_text(),
            "index signature does not verify",
        ),
        (
            "no signature line",
            good[..=sig_line].to_vec(),
            public_text(),
            "missing signature line",
        ),
        (
            "no final LF",
            good[..good.len() - 1].to_vec(),
            public_text(),
            "index does not end in a line feed",
        ),
        (
            "no key",
            good.clone(),
            "nonsense".into(),
            "not a turnback public key",
        ),
    ];
    for (what, bytes, key, want) in cases {
        let err = turnback::wasm::verify_index_signature(&bytes, &key)
            .map_err(message)
            .expect_err(what);
        assert!(err.contains(want), "{what}: got {err:?}, want {want:?}");
    }
}
