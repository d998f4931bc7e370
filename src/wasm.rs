//! The JavaScript bindings of the engine (wasm32 only), built by `make wasm`
//! into `www/pkg/turnback.js` + `turnback_bg.wasm` + `turnback.d.ts`.
//!
//! Every export carries a doc comment: wasm-bindgen copies it into the
//! `.d.ts`. Returned objects are plain JS objects described by the
//! TypeScript interfaces below. Every error is a JS `Error` whose message is
//! the library's (lowercase) message, made by [`js_error`] alone. Nothing
//! here logs or keeps what it is asked to check.

use std::cell::RefCell;
use std::fmt::Display;

use js_sys::{JsString, Uint8Array};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::list::{LoadPolicy, PublicKey};
use crate::{text, url, Engine, MatchKind};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Options of `TurnbackEngine.load`. */
export interface LoadOptions {
  /** The current time, Unix seconds (default `Date.now() / 1000`). */
  now?: number;
  /** Sequence of the list already held: an older list is refused. */
  heldSequence?: number;
}

/** The answer to one check. Only `matched` is present when nothing matched. */
export interface Verdict {
  matched: boolean;
  /** Kind of the entry that matched. */
  kind?: "url" | "keyword" | "combination";
  /** The list's name for the entry's category. */
  category?: string;
  /** Opaque id of the entry, e.g. `keyword-3`; it never reveals plaintext. */
  entry?: string;
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

/// Largest integer a JS number holds exactly (2^53 − 1).
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// The one place a failure becomes a JS `Error`.
fn js_error(e: impl Display) -> JsError {
    JsError::new(&e.to_string())
}

/// A signed list, verified and loaded, ready to check URLs and search text.
#[wasm_bindgen]
pub struct TurnbackEngine {
    engine: Engine,
    inbox: Inbox,
    verdicts: VerdictMaker,
}

// The per-check path avoids wasm-bindgen's general conversions, which cost
// more than a check itself (docs/benchmarks.md, "Wasm engine"): a checked
// string is encoded straight into a buffer the engine keeps, and a verdict
// is a plain object filled with property names made once at load.
#[wasm_bindgen]
extern "C" {
    /// The platform's `TextEncoder` (every browser, Node, workers).
    #[wasm_bindgen(js_name = TextEncoder)]
    type Utf8Encoder;
    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> Utf8Encoder;
    /// Encodes as many whole characters of `text` as fit into `dest`.
    #[wasm_bindgen(method, js_class = "TextEncoder", js_name = encodeInto)]
    fn encode_into(this: &Utf8Encoder, text: &JsString, dest: &Uint8Array) -> EncodeResult;

    /// What `encodeInto` returns: `{ read, written }`.
    type EncodeResult;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeResult) -> u32;

    /// A plain `{}`.
    #[wasm_bindgen(js_name = Object)]
    type PlainObject;
    #[wasm_bindgen(constructor, js_class = "Object")]
    fn new() -> PlainObject;
    #[wasm_bindgen(method, structural, indexing_setter)]
    fn set(this: &PlainObject, key: &JsValue, value: &JsValue);
}

/// Bytes of a checked string that are read: what both the URL and the text
/// pipelines look at, so reading only this much changes no verdict.
const INBOX_BYTES: usize = url::MAX_INPUT_BYTES;
const _: () = assert!(url::MAX_INPUT_BYTES == text::MAX_INPUT_BYTES);

/// Where checked strings are encoded: a buffer in Wasm memory and a JS view
/// of it, made again only when the memory has grown (which detaches views).
struct Inbox {
    encoder: Utf8Encoder,
    buf: RefCell<Box<[u8]>>,
    /// The view, and the memory size in pages when it was made.
    view: RefCell<Option<(Uint8Array, usize)>>,
}

impl Inbox {
    fn new() -> Inbox {
        Inbox {
            encoder: Utf8Encoder::new(),
            buf: RefCell::new(vec![0; INBOX_BYTES].into_boxed_slice()),
            view: RefCell::new(None),
        }
    }

    /// Calls `f` with the first [`INBOX_BYTES`] bytes of `s` as UTF-8, cut
    /// at a character boundary (as the engine would cut it). Lone
    /// surrogates become U+FFFD, as in every other JS-to-Rust string.
    /// Anything but a string is refused, naming `method` and `param`.
    fn with_str<R>(
        &self,
        method: &str,
        param: &str,
        s: &JsString,
        f: impl FnOnce(&str) -> R,
    ) -> Result<R, JsError> {
        // Checked here, as the binding takes any JS value; nothing below
        // can throw, so no exception ever unwinds through a borrow.
        if !s.is_string() {
            return Err(js_error(format!(
                "{method}: {param} must be a string, got {}",
                s.js_typeof().as_string().unwrap_or_default()
            )));
        }
        let mut buf = self.buf.borrow_mut();
        let pages = core::arch::wasm32::memory_size::<0>();
        let mut view = self.view.borrow_mut();
        let fresh = view.as_ref().is_some_and(|(_, p)| *p == pages);
        if !fresh {
            let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
            // Wasm addresses are 32-bit, so pointer and length fit a u32.
            let at = buf.as_mut_ptr() as usize as u32;
            let len = buf.len() as u32;
            let v = Uint8Array::new_with_byte_offset_and_length(&memory.buffer(), at, len);
            *view = Some((v, pages));
        }
        let written = match view.as_ref() {
            Some((v, _)) => self.encoder.encode_into(s, v).written() as usize,
            None => 0,
        };
        let bytes = buf.get(..written).unwrap_or_default();
        // encodeInto writes UTF-8; the fallback only avoids a panic path.
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => std::str::from_utf8(bytes.get(..e.valid_up_to()).unwrap_or_default())
                .unwrap_or_default(),
        };
        Ok(f(text))
    }
}

/// Builds verdict objects from JS strings made once per engine.
struct VerdictMaker {
    matched: JsValue,
    kind: JsValue,
    category: JsValue,
    entry: JsValue,
    /// `url`, `keyword`, `combination`.
    kinds: [JsValue; 3],
    /// The list's category names, by index.
    categories: Vec<JsValue>,
}

impl VerdictMaker {
    fn new(engine: &Engine) -> VerdictMaker {
        let kinds = [MatchKind::Url, MatchKind::Keyword, MatchKind::Combination];
        VerdictMaker {
            matched: JsValue::from_str("matched"),
            kind: JsValue::from_str("kind"),
            category: JsValue::from_str("category"),
            entry: JsValue::from_str("entry"),
            kinds: kinds.map(|k| JsValue::from_str(k.as_str())),
            categories: engine
                .categories()
                .iter()
                .map(|c| JsValue::from_str(c))
                .collect(),
        }
    }

    /// `{ matched: false }`, or `{ matched: true, kind, category?, entry }`,
    /// in that property order.
    fn make(&self, v: crate::Verdict) -> JsValue {
        let o = PlainObject::new();
        let Some(kind) = v.kind() else {
            o.set(&self.matched, &JsValue::FALSE);
            return o.into();
        };
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
        o.into()
    }
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct LoadOptions {
    now: Option<f64>,
    held_sequence: Option<f64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ListInfoJs<'a> {
    id: &'a str,
    sequence: f64,
    created: f64,
    expires: f64,
    key_id: String,
    url_entries: f64,
    keyword_entries: f64,
    rules: f64,
    bytes: f64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PreventionJs<'a> {
    lang: &'a str,
    dir: &'a str,
    review: &'a str,
    title_search: &'a str,
    title_page: &'a str,
    body: &'a str,
    help_text: &'a str,
    help_heading: &'a str,
    primary: &'a str,
    no_resources: &'a str,
    phone_label: &'a str,
    chat_label: &'a str,
    website_label: &'a str,
    resources: Vec<ResourceJs<'a>>,
}

#[derive(Serialize)]
struct ResourceJs<'a> {
    id: &'a str,
    name: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<&'a str>,
    chat: bool,
    languages: &'a [String],
    description: &'a str,
}

fn to_js(value: &impl Serialize) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::new())
        .map_err(js_error)
}

/// A whole number of seconds from a JS number (fractions are dropped).
fn seconds(now: f64) -> Result<i64, JsError> {
    if !now.is_finite() || now.abs() > MAX_SAFE_INTEGER as f64 {
        return Err(js_error(format!(
            "options.now must be a finite number of seconds, got {now}"
        )));
    }
    Ok(now.floor() as i64)
}

fn sequence(held: f64) -> Result<u64, JsError> {
    if !(0.0..=MAX_SAFE_INTEGER as f64).contains(&held) || held.fract() != 0.0 {
        return Err(js_error(format!(
            "options.heldSequence must be a whole number from 0 to 2^53 - 1, got {held}"
        )));
    }
    Ok(held as u64)
}

/// A header number as a JS number; `load` has checked it is exact.
fn exact(n: i64) -> f64 {
    n as f64
}

fn check_exact(what: &str, n: i128) -> Result<(), JsError> {
    if n.unsigned_abs() > u128::from(MAX_SAFE_INTEGER) {
        return Err(js_error(format!(
            "list {what} {n} does not fit a javascript number (at most 2^53 - 1)"
        )));
    }
    Ok(())
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
        let options: LoadOptions = if options.is_undefined() || options.is_null() {
            LoadOptions::default()
        } else {
            serde_wasm_bindgen::from_value(options)
                .map_err(|e| js_error(format!("invalid options: {e}")))?
        };
        let now = seconds(options.now.unwrap_or_else(|| js_sys::Date::now() / 1000.0))?;
        let held_sequence = options.held_sequence.map(sequence).transpose()?;
        let key = PublicKey::from_text(public_key).map_err(js_error)?;
        let policy = LoadPolicy { now, held_sequence };
        let engine = Engine::from_bytes(bytes, &key, &policy).map_err(js_error)?;
        let info = engine.info();
        check_exact("sequence", i128::from(info.sequence))?;
        check_exact("creation time", i128::from(info.created))?;
        check_exact("expiry time", i128::from(info.expires))?;
        let verdicts = VerdictMaker::new(&engine);
        Ok(TurnbackEngine {
            engine,
            inbox: Inbox::new(),
            verdicts,
        })
    }

    /// Checks a URL (typed, linked or opened) against the list's URL
    /// entries. Text that is not a URL with a host never matches.
    #[wasm_bindgen(js_name = checkUrl, unchecked_return_type = "Verdict")]
    pub fn check_url(&self, url: &JsString) -> Result<JsValue, JsError> {
        let v = self
            .inbox
            .with_str("checkUrl", "url", url, |u| self.engine.check_url(u))?;
        Ok(self.verdicts.make(v))
    }

    /// Checks search text against the list's keyword phrases and
    /// combination rules, after normalization (case, accents, look-alike
    /// letters, separators).
    #[wasm_bindgen(js_name = checkQuery, unchecked_return_type = "Verdict")]
    pub fn check_query(&self, text: &JsString) -> Result<JsValue, JsError> {
        let v = self
            .inbox
            .with_str("checkQuery", "text", text, |t| self.engine.check_query(t))?;
        Ok(self.verdicts.make(v))
    }

    /// Checks a page about to be opened: its URL against the URL entries,
    /// then the search text it carries (e.g. `?q=` of a search engine).
    #[wasm_bindgen(js_name = checkNavigation, unchecked_return_type = "Verdict")]
    pub fn check_navigation(&self, url: &JsString) -> Result<JsValue, JsError> {
        let v = self.inbox.with_str("checkNavigation", "url", url, |u| {
            self.engine.check_navigation(u)
        })?;
        Ok(self.verdicts.make(v))
    }

    /// Message and help resources for a BCP 47 language (e.g. `"de-AT"`)
    /// and an ISO 3166 country (e.g. `"AT"`; `""` when unknown). Falls back
    /// to English, and to the services open to every country.
    #[wasm_bindgen(unchecked_return_type = "Prevention")]
    pub fn prevention(&self, lang: &str, country: &str) -> Result<JsValue, JsError> {
        let p = self
            .engine
            .prevention(lang, country)
            .ok_or_else(|| js_error("list has no prevention message"))?;
        let m = p.message;
        to_js(&PreventionJs {
            lang: p.lang,
            dir: &m.dir,
            review: &m.review,
            title_search: &m.title_search,
            title_page: &m.title_page,
            body: &m.body,
            help_text: &m.help_text,
            help_heading: &m.help_heading,
            primary: &m.primary,
            no_resources: &m.no_resources,
            phone_label: &m.phone_label,
            chat_label: &m.chat_label,
            website_label: &m.website_label,
            resources: p
                .resources
                .iter()
                .map(|r| ResourceJs {
                    id: &r.id,
                    name: &r.name,
                    url: &r.url,
                    phone: r.phone.as_deref(),
                    chat: r.chat,
                    languages: &r.languages,
                    description: &r.description,
                })
                .collect(),
        })
    }

    /// The list's id, sequence, times (Unix seconds), signing key id and
    /// entry counts.
    #[wasm_bindgen(unchecked_return_type = "ListInfo")]
    pub fn info(&self) -> Result<JsValue, JsError> {
        let info = self.engine.info();
        let stats = self.engine.stats();
        to_js(&ListInfoJs {
            id: &info.id,
            // Checked by `load` to be at most 2^53 - 1.
            sequence: info.sequence as f64,
            created: exact(info.created),
            expires: exact(info.expires),
            key_id: info.key_id.to_string(),
            url_entries: stats.url_entries as f64,
            keyword_entries: stats.keyword_entries as f64,
            rules: stats.rules as f64,
            bytes: stats.bytes as f64,
        })
    }
}
