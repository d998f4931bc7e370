//! Verdicts as plain JS objects, from property names made once per engine.

use js_sys::Object;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::js_values::PlainObject;
use crate::{Engine, MatchKind};

/// Builds verdict objects from JS strings made once per engine.
pub(super) struct VerdictMaker {
    /// The one frozen `{ matched: false }` every miss returns.
    no_match: JsValue,
    matched: JsValue,
    kind: JsValue,
    category: JsValue,
    entry: JsValue,
    via: JsValue,
    /// `via`'s one value.
    fallback: JsValue,
    /// `url`, `keyword`, `combination`.
    kinds: [JsValue; 3],
    /// The list's category names, by index.
    categories: Vec<JsValue>,
}

/// A frozen `{ matched: false }`, `matched` being the property name.
pub(super) fn frozen_miss(matched: &JsValue) -> JsValue {
    let no_match = PlainObject::new();
    no_match.set(matched, &JsValue::FALSE);
    Object::<JsValue>::freeze(no_match.unchecked_ref()).into()
}

impl VerdictMaker {
    pub(super) fn new(engine: &Engine) -> VerdictMaker {
        let kinds = [MatchKind::Url, MatchKind::Keyword, MatchKind::Combination];
        let matched = JsValue::from_str("matched");
        VerdictMaker {
            no_match: frozen_miss(&matched),
            matched,
            kind: JsValue::from_str("kind"),
            category: JsValue::from_str("category"),
            entry: JsValue::from_str("entry"),
            via: JsValue::from_str("via"),
            fallback: JsValue::from_str("fallback"),
            kinds: kinds.map(|k| JsValue::from_str(k.as_str())),
            categories: engine
                .categories()
                .iter()
                .map(|c| JsValue::from_str(c))
                .collect(),
        }
    }

    /// The shared frozen `{ matched: false }`, or a new
    /// `{ matched: true, kind, category?, entry, via? }`, in that property
    /// order.
    pub(super) fn make(&self, v: crate::Verdict) -> JsValue {
        let Some(kind) = v.kind() else {
            return self.no_match.clone();
        };
        let o = PlainObject::new();
        o.set(&self.matched, &JsValue::TRUE);
        let k = match kind {
            MatchKind::Url => &self.kinds[0],
            MatchKind::Keyword => &self.kinds[1],
            MatchKind::Combination => &self.kinds[2],
        };
        o.set(&self.kind, k);
        if let Some(c) = v
            .category()
            .and_then(|c| self.categories.get(usize::from(c.0)))
        {
            o.set(&self.category, c);
        }
        if let Some(e) = v.entry() {
            o.set(&self.entry, &JsValue::from_str(&e.to_string()));
        }
        if v.via_fallback() {
            o.set(&self.via, &self.fallback);
        }
        o.into()
    }
}
