//! The metadata read with `JSON.parse` (src/wasm/meta_json.rs): as the Rust
//! engine reads it, and refused where and as it refuses it.

use super::*;

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
