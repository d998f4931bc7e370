//! `TurnbackLists`: several loaded lists checked as one ([`ListSet`]), in
//! a configured order; the first list that matches decides, and its
//! verdict names it. Checks take the engine's string path
//! ([`Inbox::check`], one copy for both classes) and make verdicts from
//! property names made once per list.

use js_sys::{Array, JsString};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::inbox::{Check, Inbox};
use super::js_values::PlainObject;
use super::verdict::{frozen_miss, VerdictMaker};
use super::{info_object, js_error, prevention_object, TurnbackEngine};
use crate::{prepared, Engine, ListSet, ListSetError};

/// Loaded lists checked as one, in order: the first list that matches
/// decides, and its verdict carries the list's id as `list`.
#[wasm_bindgen]
pub struct TurnbackLists {
    set: ListSet,
    /// Each list's id (also as a JS string) and verdict maker, in no
    /// particular order: a verdict finds its list's by id, so reordering
    /// the set touches only the set.
    makers: Vec<(String, JsValue, VerdictMaker)>,
    inbox: Inbox,
    /// The property name `list`.
    list: JsValue,
    /// The one frozen `{ matched: false }` every miss returns.
    miss: JsValue,
}

impl Default for TurnbackLists {
    fn default() -> TurnbackLists {
        TurnbackLists::new()
    }
}

#[wasm_bindgen]
impl TurnbackLists {
    /// An empty set: nothing matches until a list is put in it.
    #[wasm_bindgen(constructor)]
    pub fn new() -> TurnbackLists {
        TurnbackLists {
            set: ListSet::new(),
            makers: Vec::new(),
            inbox: Inbox::new(),
            list: JsValue::from_str("list"),
            miss: frozen_miss(&JsValue::from_str("matched")),
        }
    }

    /// Puts a loaded engine in the set under `id`. The engine is consumed:
    /// the `TurnbackEngine` object passed is unusable afterwards (its
    /// methods throw). A list already under `id` is replaced (a refreshed
    /// release), keeping its place unless `at` is given; a new id goes at
    /// the end unless `at` is given. `at` is a position from 0, clamped
    /// to the end.
    pub fn put(
        &mut self,
        id: &str,
        engine: TurnbackEngine,
        at: Option<u32>,
    ) -> Result<(), JsError> {
        let TurnbackEngine {
            engine, verdicts, ..
        } = engine;
        let len = self.set.len();
        let done = match self.set.position(id) {
            Some(_) => self.set.replace(id, engine).map(drop),
            None => self
                .set
                .insert(id, engine, at.map_or(len, |a| len.min(a as usize))),
        };
        done.map_err(js_error)?;
        self.forget(id);
        self.makers
            .push((id.to_owned(), JsValue::from_str(id), verdicts));
        match at {
            Some(at) => self.move_to(id, at),
            None => Ok(()),
        }
    }

    /// Moves the list under `id` to position `at` (from 0, clamped to the
    /// end), the others keeping their order. Throws an `Error` when the
    /// set has no list `id`.
    #[wasm_bindgen(js_name = moveTo)]
    pub fn move_to(&mut self, id: &str, at: u32) -> Result<(), JsError> {
        let last = self.set.len().saturating_sub(1);
        self.set
            .move_to(id, last.min(at as usize))
            .map_err(js_error)
    }

    /// Takes the list under `id` out of the set; false when there is none.
    pub fn remove(&mut self, id: &str) -> bool {
        self.forget(id);
        self.set.remove(id).is_ok()
    }

    /// The lists' ids, in order.
    #[wasm_bindgen(unchecked_return_type = "string[]")]
    pub fn ids(&self) -> Array {
        self.set.ids().map(JsValue::from_str).collect()
    }

    /// Checks a URL against every list's URL entries, as
    /// `TurnbackEngine.checkUrl` does; a match names the first list that
    /// matched. Throws an `Error` when `url` is not a string.
    #[wasm_bindgen(js_name = checkUrl, unchecked_return_type = "ListVerdict")]
    pub fn check_url(&self, url: &JsString) -> Result<JsValue, JsError> {
        self.check("checkUrl", "url", url, prepared::check_url)
    }

    /// Checks search text against every list's keyword phrases and
    /// combination rules, as `TurnbackEngine.checkQuery` does; a match
    /// names the first list that matched. Throws an `Error` when `text` is
    /// not a string.
    #[wasm_bindgen(js_name = checkQuery, unchecked_return_type = "ListVerdict")]
    pub fn check_query(&self, text: &JsString) -> Result<JsValue, JsError> {
        self.check("checkQuery", "text", text, prepared::check_query)
    }

    /// Checks a page about to be opened, each list as
    /// `TurnbackEngine.checkNavigation` does (its URL entries, then the
    /// search text); a match names the first list in order that matched.
    /// Throws an `Error` when `url` is not a string.
    #[wasm_bindgen(js_name = checkNavigation, unchecked_return_type = "ListVerdict")]
    pub fn check_navigation(&self, url: &JsString) -> Result<JsValue, JsError> {
        self.check("checkNavigation", "url", url, prepared::check_navigation)
    }

    /// `TurnbackEngine.prevention` of the list under `id`: what to show when
    /// it matched. Throws an `Error` when the set has no list `id`.
    #[wasm_bindgen(unchecked_return_type = "Prevention")]
    pub fn prevention(&self, id: &str, lang: &str, country: &str) -> Result<JsValue, JsError> {
        prevention_object(self.engine(id)?, lang, country)
    }

    /// `TurnbackEngine.info` of the list under `id`. Throws an `Error` when
    /// the set has no list `id`.
    #[wasm_bindgen(unchecked_return_type = "ListInfo")]
    pub fn info(&self, id: &str) -> Result<JsValue, JsError> {
        Ok(info_object(self.engine(id)?))
    }
}

impl TurnbackLists {
    /// Drops the verdict maker of `id`: one copy of its drop code.
    #[inline(never)]
    fn forget(&mut self, id: &str) {
        self.makers.retain(|(i, ..)| i != id);
    }

    fn engine(&self, id: &str) -> Result<&Engine, JsError> {
        self.set
            .get(id)
            .ok_or_else(|| js_error(ListSetError::UnknownId(id.to_owned())))
    }

    /// The deciding list's verdict object with `list` set last, or the
    /// set's one frozen miss.
    fn check(
        &self,
        method: &str,
        param: &str,
        s: &JsString,
        check: Check,
    ) -> Result<JsValue, JsError> {
        let hit = self
            .inbox
            .check(method, param, s, self.set.engines(), check)?;
        let made = hit.and_then(|(i, v)| {
            let id = self.set.id_at(i)?;
            let (_, id, maker) = self.makers.iter().find(|(m, ..)| m == id)?;
            Some((id, maker.make(v)))
        });
        let Some((id, o)) = made else {
            return Ok(self.miss.clone());
        };
        o.unchecked_ref::<PlainObject>().set(&self.list, id);
        Ok(o)
    }
}
