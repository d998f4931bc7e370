//! The JavaScript bindings of the engine (wasm32 only), built by `make wasm`
//! into `www/pkg/turnback.js` + `turnback_bg.wasm` + `turnback.d.ts`.
//!
//! Every export carries a doc comment: wasm-bindgen copies it into the
//! `.d.ts`. Returned objects are plain JS objects described by the
//! TypeScript interfaces below. Every error is a JS `Error` whose message is
//! the library's (lowercase) message, made by [`js_error`] alone. Nothing
//! here logs or keeps what it is asked to check.
//!
//! JSON and JS objects are read and made through `js_sys` (the list's
//! metadata with the platform's `JSON.parse`), not serde: serde_json, the
//! derived deserializers and float formatting added 29 KB gzipped
//! to the module (docs/benchmarks.md, "Wasm size").
//!
//! One module per job: [`inbox`] reads the checked strings, [`verdict`]
//! makes the verdict objects, [`meta_json`] reads the metadata,
//! [`options`] reads `load`'s options, [`index_sig`] checks a publish
//! index's signature, [`idn`] converts host names by the
//! platform's URL parser, and [`js_values`] holds the JS values they share.
//! The exports are here, but for [`lists`]' `TurnbackLists` (several lists
//! checked as one).

mod idn;
mod inbox;
mod index_sig;
mod js_values;
mod lists;
mod meta_json;
mod options;
mod verdict;

use std::fmt::Display;

use js_sys::{Array, JsString};
use wasm_bindgen::prelude::*;

use crate::list::{LoadPolicy, PublicKey};
use crate::{prepared, url, Engine, Verdict};
use idn::platform_domain_to_ascii;
use inbox::Inbox;
use js_values::{PlainObject, MAX_SAFE_INTEGER};
use meta_json::metadata_from_json;
use options::{load_options, seconds, sequence};
use verdict::VerdictMaker;

pub use index_sig::verify_index_signature;
pub use lists::TurnbackLists;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Options of `TurnbackEngine.load`. */
export interface LoadOptions {
  /** The current time, Unix seconds (default `Date.now() / 1000`). */
  now?: number;
  /** Sequence of the list already held: an older list is refused. */
  heldSequence?: number;
}

/**
 * The answer to one check. Only `matched` is present when nothing matched:
 * every miss is the same frozen `{ matched: false }` object.
 */
export interface Verdict {
  matched: boolean;
  /** Kind of the entry that matched. */
  kind?: "url" | "keyword" | "combination";
  /** The list's name for the entry's category. */
  category?: string;
  /** Opaque id of the entry, e.g. `keyword-3`; it never reveals plaintext. */
  entry?: string;
  /**
   * `"fallback"` (checkNavigation only) when the hit is in search text that
   * only the site table's rules for any host found: the URL's host is no
   * known search site (generic search paths, the plain parameter fallback).
   * Absent otherwise.
   */
  via?: "fallback";
}

/**
 * The answer of a `TurnbackLists` check: the `Verdict` of the first list in
 * order that matched, with that list's id. A miss is the same frozen
 * `{ matched: false }` object.
 */
export interface ListVerdict extends Verdict {
  /** Id of the list that decided (present on a match). */
  list?: string;
}

/** A loaded list's header and size. Times are Unix seconds. */
export interface ListInfo {
  id: string;
  sequence: number;
  created: number;
  expires: number;
  /** 16 hex digits naming the publisher key that signed the list. */
  keyId: string;
  urlEntries: number;
  keywordEntries: number;
  rules: number;
  /** Bytes of the list file held in memory. */
  bytes: number;
}

/** What to show on a match, in one language. */
export interface Prevention {
  /** The language used: the requested one, or "en" as a fallback. */
  lang: string;
  dir: "ltr" | "rtl";
  /** "source", "reviewed" (by a native speaker) or "unreviewed". */
  review: string;
  titleSearch: string;
  titlePage: string;
  body: string;
  helpText: string;
  helpHeading: string;
  /** The one button: go back. */
  primary: string;
  /** Shown when `resources` is empty. */
  noResources: string;
  phoneLabel: string;
  chatLabel: string;
  websiteLabel: string;
  /** Help services for the country, those speaking the language first. */
  resources: Resource[];
}

/** A confidential help service. */
export interface Resource {
  id: string;
  name: string;
  /** Always https. */
  url: string;
  phone?: string;
  chat: boolean;
  /** ISO 639-1 codes. */
  languages: string[];
  description: string;
}
"#;

// Talc instead of Rust's default dlmalloc: smaller in the module and
// faster (docs/benchmarks.md, "Wasm size"). The module is single-threaded.
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The one place a failure becomes a JS `Error`.
fn js_error(e: impl Display) -> JsError {
    JsError::new(&e.to_string())
}

/// Rebuilds the next release of a list from the list file held and a delta
/// (`turnback publish`'s `.tbd` files, docs/list-format.md "Delta files"):
/// exactly the bytes of the new full file, which `TurnbackEngine.load` then
/// verifies as any list (pass the held list's sequence as `heldSequence`).
/// Throws an `Error` when the delta is not for this file or does not apply,
/// e.g. "delta is for another release of the list than the base file";
/// a client then downloads the full list.
#[wasm_bindgen(js_name = applyDelta)]
pub fn apply_delta(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] list: &[u8],
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] delta: &[u8],
) -> Result<Vec<u8>, JsError> {
    crate::list::apply_delta(list, delta).map_err(js_error)
}

// The per-check path avoids wasm-bindgen's general conversions, which cost
// more than a check itself (docs/benchmarks.md, "Wasm engine"): a checked
// string is written straight into a buffer the engine keeps by one call to
// src/wasm/read.js, and a verdict is a plain object filled with property
// names made once at load (a miss: one frozen object made at load).
/// A signed list, verified and loaded, ready to check URLs and search text.
#[wasm_bindgen]
pub struct TurnbackEngine {
    engine: Engine,
    inbox: Inbox,
    verdicts: VerdictMaker,
}

impl TurnbackEngine {
    /// The engine as the one list the shared checks take.
    fn one(&self) -> &[Engine] {
        std::slice::from_ref(&self.engine)
    }
}

/// A one-list check's verdict.
fn alone(hit: Option<(usize, Verdict)>) -> Verdict {
    hit.map_or_else(Verdict::default, |(_, v)| v)
}

/// Refuses a list header number that a JS number would round: `info`
/// returns them as numbers.
fn check_exact<N: Into<i128> + Display + Copy>(what: &str, n: N) -> Result<(), JsError> {
    if n.into().unsigned_abs() > u128::from(MAX_SAFE_INTEGER) {
        return Err(js_error(format!(
            "list {what} {n} does not fit a javascript number (at most 2^53 - 1)"
        )));
    }
    Ok(())
}

/// Sets a property of a plain object: the property names are the
/// TypeScript interfaces' above. Not inlined: `prevention` and `info` set
/// some twenty properties each, once per match, where one call each costs
/// nothing and the inlined copies cost about 1 KB gzipped.
#[inline(never)]
fn set(o: &PlainObject, name: &str, value: &JsValue) {
    o.set(&JsValue::from_str(name), value);
}

#[inline(never)]
fn set_str(o: &PlainObject, name: &str, value: &str) {
    set(o, name, &JsValue::from_str(value));
}

#[wasm_bindgen]
impl TurnbackEngine {
    /// Verifies and loads a list file. `publicKey` is the pinned publisher
    /// key: `"turnback-public-key-v1 <hex>"` or 64 hex digits.
    /// `options.now`: Unix seconds (default `Date.now() / 1000`);
    /// `options.heldSequence`: sequence of the list already held, older
    /// lists are refused. Throws an `Error` when the list is refused, e.g.
    /// "list signature does not verify", "list expired at …",
    /// "list sequence 1 is older than the loaded list's 2".
    pub fn load(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: Vec<u8>,
        #[wasm_bindgen(js_name = publicKey)] public_key: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "LoadOptions")] options: JsValue,
    ) -> Result<TurnbackEngine, JsError> {
        // Internationalized host names are converted by the platform's URL
        // parser, which implements the same standard as the idna crate the
        // native build uses (src/url/idn.rs). Set here, not in a start
        // function, since nothing can be checked before an engine loads.
        url::set_domain_to_ascii(platform_domain_to_ascii);
        let (now, held) = load_options(&options)?;
        let now = seconds(now.unwrap_or_else(|| js_sys::Date::now() / 1000.0))?;
        let held_sequence = held.map(sequence).transpose()?;
        let key = PublicKey::from_text(public_key).map_err(js_error)?;
        let policy = LoadPolicy { now, held_sequence };
        let engine = Engine::from_bytes_with_bidi_checked(bytes, &key, &policy, metadata_from_json)
            .map_err(js_error)?;
        let info = engine.info();
        check_exact("sequence", info.sequence)?;
        check_exact("creation time", info.created)?;
        check_exact("expiry time", info.expires)?;
        let verdicts = VerdictMaker::new(&engine);
        Ok(TurnbackEngine {
            engine,
            inbox: Inbox::new(),
            verdicts,
        })
    }

    /// Checks a URL (typed, linked or opened) against the list's URL
    /// entries. Text that is not a URL with a host never matches.
    /// A miss returns one shared, frozen `{ matched: false }`; a match, a
    /// new object. Throws an `Error` when `url` is not a string.
    #[wasm_bindgen(js_name = checkUrl, unchecked_return_type = "Verdict")]
    pub fn check_url(&self, url: &JsString) -> Result<JsValue, JsError> {
        let hit = self
            .inbox
            .check("checkUrl", "url", url, self.one(), prepared::check_url)?;
        Ok(self.verdicts.make(alone(hit)))
    }

    /// Checks search text against the list's keyword phrases and
    /// combination rules, after normalization (case, accents, look-alike
    /// letters, separators). A miss returns one shared, frozen
    /// `{ matched: false }`; a match, a new object. Throws an `Error` when
    /// `text` is not a string.
    #[wasm_bindgen(js_name = checkQuery, unchecked_return_type = "Verdict")]
    pub fn check_query(&self, text: &JsString) -> Result<JsValue, JsError> {
        let hit = self.inbox.check(
            "checkQuery",
            "text",
            text,
            self.one(),
            prepared::check_query,
        )?;
        Ok(self.verdicts.make(alone(hit)))
    }

    /// Checks a page about to be opened: its URL against the URL entries,
    /// then the search text it carries (e.g. `?q=` of a search engine).
    /// A miss returns one shared, frozen `{ matched: false }`; a match, a
    /// new object. Throws an `Error` when `url` is not a string.
    #[wasm_bindgen(js_name = checkNavigation, unchecked_return_type = "Verdict")]
    pub fn check_navigation(&self, url: &JsString) -> Result<JsValue, JsError> {
        let hit = self.inbox.check(
            "checkNavigation",
            "url",
            url,
            self.one(),
            prepared::check_navigation,
        )?;
        Ok(self.verdicts.make(alone(hit)))
    }

    /// Message and help resources for a BCP 47 language (e.g. `"de-AT"`)
    /// and an ISO 3166 country (e.g. `"AT"`; `""` when unknown). Falls back
    /// to English, and to the services open to every country.
    #[wasm_bindgen(unchecked_return_type = "Prevention")]
    pub fn prevention(&self, lang: &str, country: &str) -> Result<JsValue, JsError> {
        prevention_object(&self.engine, lang, country)
    }

    /// The list's id, sequence, times (Unix seconds), signing key id and
    /// entry counts.
    #[wasm_bindgen(unchecked_return_type = "ListInfo")]
    pub fn info(&self) -> JsValue {
        info_object(&self.engine)
    }
}

/// `prevention`'s object, for an engine alone or in a set.
fn prevention_object(engine: &Engine, lang: &str, country: &str) -> Result<JsValue, JsError> {
    let p = engine
        .prevention(lang, country)
        .ok_or_else(|| js_error("list has no prevention message"))?;
    let m = p.message;
    let o = PlainObject::new();
    set_str(&o, "lang", p.lang);
    set_str(&o, "dir", &m.dir);
    set_str(&o, "review", &m.review);
    set_str(&o, "titleSearch", &m.title_search);
    set_str(&o, "titlePage", &m.title_page);
    set_str(&o, "body", &m.body);
    set_str(&o, "helpText", &m.help_text);
    set_str(&o, "helpHeading", &m.help_heading);
    set_str(&o, "primary", &m.primary);
    set_str(&o, "noResources", &m.no_resources);
    set_str(&o, "phoneLabel", &m.phone_label);
    set_str(&o, "chatLabel", &m.chat_label);
    set_str(&o, "websiteLabel", &m.website_label);
    let resources = Array::new();
    for r in &p.resources {
        let ro = PlainObject::new();
        set_str(&ro, "id", &r.id);
        set_str(&ro, "name", &r.name);
        set_str(&ro, "url", &r.url);
        if let Some(phone) = &r.phone {
            set_str(&ro, "phone", phone);
        }
        set(&ro, "chat", &JsValue::from_bool(r.chat));
        let languages: Array = r.languages.iter().map(|l| JsValue::from_str(l)).collect();
        set(&ro, "languages", &languages);
        set_str(&ro, "description", &r.description);
        resources.push(&ro);
    }
    set(&o, "resources", &resources);
    Ok(o.into())
}

/// `info`'s object, for an engine alone or in a set.
fn info_object(engine: &Engine) -> JsValue {
    let info = engine.info();
    let stats = engine.stats();
    // `load` checked that the header numbers are at most 2^53 - 1.
    let number = |o: &PlainObject, name: &str, n: f64| set(o, name, &JsValue::from_f64(n));
    let o = PlainObject::new();
    set_str(&o, "id", &info.id);
    number(&o, "sequence", info.sequence as f64);
    number(&o, "created", info.created as f64);
    number(&o, "expires", info.expires as f64);
    set_str(&o, "keyId", &info.key_id.to_string());
    number(&o, "urlEntries", stats.url_entries as f64);
    number(&o, "keywordEntries", stats.keyword_entries as f64);
    number(&o, "rules", stats.rules as f64);
    number(&o, "bytes", stats.bytes as f64);
    o.into()
}
