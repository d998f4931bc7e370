//! The JS values the bindings share: plain objects, what a value is and
//! what was thrown (for error messages), and JS numbers.

use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Largest integer a JS number holds exactly (2^53 − 1).
pub(super) const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

#[wasm_bindgen]
extern "C" {
    /// A plain `{}`.
    #[wasm_bindgen(js_name = Object)]
    pub(super) type PlainObject;
    #[wasm_bindgen(constructor, js_class = "Object")]
    pub(super) fn new() -> PlainObject;
    #[wasm_bindgen(method, structural, indexing_setter)]
    pub(super) fn set(this: &PlainObject, key: &JsValue, value: &JsValue);
}

/// A number as JavaScript prints it (`NaN`, `1e+300`): Rust's float
/// formatting would add its tables and code to the module for two messages.
pub(super) fn js_number(n: f64) -> String {
    js_sys::Number::from(n)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default()
}

/// What a value is, in the words of JSON (and JS for the rest), for errors.
pub(super) fn kind_of(v: &JsValue) -> &'static str {
    if v.is_undefined() {
        "undefined"
    } else if v.is_null() {
        "null"
    } else if v.is_string() {
        "string"
    } else if v.as_f64().is_some() {
        "number"
    } else if v.as_bool().is_some() {
        "boolean"
    } else if Array::is_array(v) {
        "array"
    } else if v.is_function() {
        "function"
    } else if v.is_object() {
        "object"
    } else {
        "another type"
    }
}

/// The message of a thrown value (an `Error` from `JSON.parse` or a getter).
pub(super) fn thrown_message(e: &JsValue) -> String {
    match e.dyn_ref::<js_sys::Error>() {
        Some(e) => String::from(e.message()),
        None => "a value that is not an error was thrown".to_string(),
    }
}
