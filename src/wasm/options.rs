//! `load`'s options, read from a JS object and checked as JS numbers.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

use super::js_error;
use super::js_values::{js_number, kind_of, thrown_message, MAX_SAFE_INTEGER};

/// `load`'s options, read property by property; a missing, `undefined` or
/// `null` option takes its default. Returns `now` and `heldSequence`.
pub(super) fn load_options(options: &JsValue) -> Result<(Option<f64>, Option<f64>), JsError> {
    if options.is_undefined() || options.is_null() {
        return Ok((None, None));
    }
    if !options.is_object() {
        return Err(js_error(format!(
            "invalid options: options must be an object, got {}",
            kind_of(options)
        )));
    }
    let number = |name: &str| -> Result<Option<f64>, JsError> {
        let v = Reflect::get(options, &JsValue::from_str(name)).map_err(|e| {
            js_error(format!(
                "invalid options: options.{name} cannot be read: {}",
                thrown_message(&e)
            ))
        })?;
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        v.as_f64().map(Some).ok_or_else(|| {
            js_error(format!(
                "invalid options: options.{name} must be a number, got {}",
                kind_of(&v)
            ))
        })
    };
    Ok((number("now")?, number("heldSequence")?))
}

/// A whole number of seconds from a JS number (fractions are dropped).
pub(super) fn seconds(now: f64) -> Result<i64, JsError> {
    if !now.is_finite() || now.abs() > MAX_SAFE_INTEGER as f64 {
        return Err(js_error(format!(
            "options.now must be a finite number of seconds, got {}",
            js_number(now)
        )));
    }
    Ok(now.floor() as i64)
}

pub(super) fn sequence(held: f64) -> Result<u64, JsError> {
    if !(0.0..=MAX_SAFE_INTEGER as f64).contains(&held) || held.fract() != 0.0 {
        return Err(js_error(format!(
            "options.heldSequence must be a whole number from 0 to 2^53 - 1, got {}",
            js_number(held)
        )));
    }
    Ok(held as u64)
}
