//! Reading checked strings (src/wasm/inbox.rs, src/wasm/read.js): as the
//! engine reads them, after the memory grows, and nothing but strings.

use super::*;

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
#[wasm_bindgen(module = "/src/wasm/read.js")]
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
/// units goes through the module's own loop (src/wasm/read.js), so the
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
