//! `load`'s options (src/wasm/options.rs): the errors of each wrong one.

use super::*;

#[wasm_bindgen_test]
fn bad_options_throw_errors() {
    let bytes = list_bytes();
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
