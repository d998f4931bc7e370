//! `TurnbackLists`: several loaded lists checked as one ([`ListSet`]), in
//! a configured order; the first list that matches decides, and its
//! verdict names it. Checked strings take the engine's fast path (one
//! [`Inbox`] read, verdicts from property names made once per list).

use js_sys::{Array, JsString};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::inbox::Inbox;
use super::js_values::PlainObject;
use super::verdict::{frozen_miss, VerdictMaker};
use super::{info_object, js_error, prevention_object, TurnbackEngine};
use crate::{Engine, ListSet, Verdict};

/// Loaded lists checked as one, in order: the first list that matches
/// decides, and its verdict carries the list's id as `list`.
#[wasm_bindgen]
pub struct TurnbackLists {
    set: ListSet,
    /// Each list's verdict maker and its id as a JS string, in the set's
    /// order.
    makers: Vec<(VerdictMaker, JsValue)>,
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
        let maker = (verdicts, JsValue::from_str(id));
        match self.set.position(id) {
            Some(i) => {
                self.set.replace(id, engine).map_err(js_error)?;
                self.makers.remove(i);
                let at = at.map_or(i, |a| (a as usize).min(self.set.len() - 1));
                self.set.move_to(id, at).map_err(js_error)?;
                self.makers.insert(at, maker);
            }
            None => {
                let at = at.map_or(self.set.len(), |a| (a as usize).min(self.set.len()));
                self.set.insert(id, engine, at).map_err(js_error)?;
                self.makers.insert(at, maker);
            }
        }
        Ok(())
    }

    /// Takes the list under `id` out of the set; false when there is none.
    pub fn remove(&mut self, id: &str) -> bool {
        let Some(i) = self.set.position(id) else {
            return false;
        };
        self.makers.remove(i);
        self.set.remove(id).is_ok()
    }

    /// The lists' ids, in order.
    #[wasm_bindgen(unchecked_return_type = "string[]")]
    pub fn ids(&self) -> Array {
        self.makers.iter().map(|(_, id)| id.clone()).collect()
    }

    /// Puts the lists in the order of `ids`, which must name every list of
    /// the set once. Throws an `Error` otherwise, leaving the order as it
    /// was.
    #[wasm_bindgen(js_name = setOrder)]
    pub fn set_order(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] ids: &Array,
    ) -> Result<(), JsError> {
        let ids: Vec<String> = ids
            .iter()
            .map(|v| v.as_string().unwrap_or_default())
            .collect();
        let before: Vec<String> = self.set.ids().map(str::to_owned).collect();
        self.set.set_order(&ids).map_err(js_error)?;
        let mut old: Vec<Option<(VerdictMaker, JsValue)>> =
            self.makers.drain(..).map(Some).collect();
        for id in &ids {
            let taken = before
                .iter()
                .position(|b| b == id)
                .and_then(|i| old.get_mut(i))
                .and_then(Option::take);
            self.makers.extend(taken);
        }
        Ok(())
    }

    /// Checks a URL against every list's URL entries, as
    /// `TurnbackEngine.checkUrl` does; a match names the first list that
    /// matched. Throws an `Error` when `url` is not a string.
    #[wasm_bindgen(js_name = checkUrl, unchecked_return_type = "ListVerdict")]
    pub fn check_url(&self, url: &JsString) -> Result<JsValue, JsError> {
        let hit = self.inbox.with_str("checkUrl", "url", url, |u| {
            self.set.check_url(u).map(|m| (m.position, m.verdict))
        })?;
        Ok(self.make(hit))
    }

    /// Checks search text against every list's keyword phrases and
    /// combination rules, as `TurnbackEngine.checkQuery` does; a match
    /// names the first list that matched. Throws an `Error` when `text` is
    /// not a string.
    #[wasm_bindgen(js_name = checkQuery, unchecked_return_type = "ListVerdict")]
    pub fn check_query(&self, text: &JsString) -> Result<JsValue, JsError> {
        let hit = self.inbox.with_str("checkQuery", "text", text, |t| {
            self.set.check_query(t).map(|m| (m.position, m.verdict))
        })?;
        Ok(self.make(hit))
    }

    /// Checks a page about to be opened, each list as
    /// `TurnbackEngine.checkNavigation` does (its URL entries, then the
    /// search text); a match names the first list in order that matched.
    /// Throws an `Error` when `url` is not a string.
    #[wasm_bindgen(js_name = checkNavigation, unchecked_return_type = "ListVerdict")]
    pub fn check_navigation(&self, url: &JsString) -> Result<JsValue, JsError> {
        let hit = self.inbox.with_str("checkNavigation", "url", url, |u| {
            self.set
                .check_navigation(u)
                .map(|m| (m.position, m.verdict))
        })?;
        Ok(self.make(hit))
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
    fn engine(&self, id: &str) -> Result<&Engine, JsError> {
        self.set
            .get(id)
            .ok_or_else(|| js_error(crate::ListSetError::UnknownId(id.to_owned())))
    }

    /// The deciding list's verdict object with `list` set last, or the
    /// set's one frozen miss.
    fn make(&self, hit: Option<(usize, Verdict)>) -> JsValue {
        let Some(((maker, id), v)) = hit.and_then(|(i, v)| Some((self.makers.get(i)?, v))) else {
            return self.miss.clone();
        };
        let o = maker.make(v);
        o.unchecked_ref::<PlainObject>().set(&self.list, id);
        o
    }
}
