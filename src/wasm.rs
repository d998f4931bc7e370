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

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Display;

use js_sys::{Array, JsString, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::list::{LoadPolicy, Message, MetaError, Metadata, PublicKey, Resource};
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
// string is written straight into a buffer the engine keeps by one call to
// src/wasm_read.js, and a verdict is a plain object filled with property
// names made once at load (a miss: one frozen object made at load).
#[wasm_bindgen]
extern "C" {
    /// A plain `{}`.
    #[wasm_bindgen(js_name = Object)]
    type PlainObject;
    #[wasm_bindgen(constructor, js_class = "Object")]
    fn new() -> PlainObject;
    #[wasm_bindgen(method, structural, indexing_setter)]
    fn set(this: &PlainObject, key: &JsValue, value: &JsValue);

    /// The platform's WHATWG URL parser (every browser, Node, workers).
    #[wasm_bindgen(js_name = URL)]
    type PlatformUrl;
    #[wasm_bindgen(catch, constructor, js_class = "URL")]
    fn new(url: &str) -> Result<PlatformUrl, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn hostname(this: &PlatformUrl) -> String;
}

/// Last label added to a host handed to the URL parser, so that it never
/// reads the name as an IPv4 address: the core parses addresses itself,
/// the Safe Browsing way.
const PROBE_LABEL: &str = ".x";

/// The URL Standard's domain to ASCII, by the platform: `None` when its
/// parser refuses the name.
fn platform_domain_to_ascii(host: &str) -> Option<String> {
    let parsed = PlatformUrl::new(&format!("http://{host}{PROBE_LABEL}/")).ok()?;
    parsed
        .hostname()
        .strip_suffix(PROBE_LABEL)
        .map(str::to_owned)
}

// src/wasm_read.js reads a checked string into the engine's buffer
// (`Inbox`): one call from Wasm per check instead of a type check,
// `encodeInto` and a read of its result object. wasm-bindgen copies it next
// to the glue (www/pkg/snippets/), which imports it; it ships, so its own
// comments are kept short. Up to LOOP_MAX UTF-16 units it copies ASCII by a
// plain loop rather than `encodeInto` (docs/benchmarks.md, "One call reads
// the string, one frozen miss"): a browser's encodeInto costs a fixed
// 300-450 ns a call (Chromium converts the string each time) and the loop
// wins up to about 300 units in Chromium and Firefox; Node's is a native
// fast call that wins from about 20, so there LOOP_MAX is 0. At the first
// non-ASCII unit encodeInto does the whole string again (cheaper than
// slicing).
#[wasm_bindgen(module = "/src/wasm_read.js")]
extern "C" {
    /// Writes as many whole characters of `text` as fit into `dest` as
    /// UTF-8, exactly as `TextEncoder.encodeInto` does (lone surrogates
    /// become U+FFFD); the bytes written, or -1 when `text` is not a
    /// string. Never throws.
    #[wasm_bindgen(js_name = readString)]
    fn read_string(text: &JsValue, dest: &Uint8Array) -> i32;
}

/// Bytes of a checked string that are read: what both the URL and the text
/// pipelines look at, so reading only this much changes no verdict.
const INBOX_BYTES: usize = url::MAX_INPUT_BYTES;
const _: () = assert!(url::MAX_INPUT_BYTES == text::MAX_INPUT_BYTES);

/// Where checked strings are encoded: a buffer in Wasm memory and a JS view
/// of it, made again only when the memory has grown (which detaches views).
struct Inbox {
    buf: RefCell<Box<[u8]>>,
    /// The view, and the memory size in pages when it was made.
    view: RefCell<Option<(Uint8Array, usize)>>,
}

impl Inbox {
    fn new() -> Inbox {
        Inbox {
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
            Some((v, _)) => read_string(s, v),
            None => 0,
        };
        // The binding takes any JS value: a non-string is refused here, as
        // an error returned, so no exception ever unwinds through a borrow.
        let Ok(written) = usize::try_from(written) else {
            return Err(js_error(format!(
                "{method}: {param} must be a string, got {}",
                s.js_typeof().as_string().unwrap_or_default()
            )));
        };
        let bytes = buf.get(..written).unwrap_or_default();
        // readString writes UTF-8; the fallback only avoids a panic path.
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

impl VerdictMaker {
    fn new(engine: &Engine) -> VerdictMaker {
        let kinds = [MatchKind::Url, MatchKind::Keyword, MatchKind::Combination];
        let matched = JsValue::from_str("matched");
        let no_match = PlainObject::new();
        no_match.set(&matched, &JsValue::FALSE);
        VerdictMaker {
            no_match: Object::<JsValue>::freeze(no_match.unchecked_ref()).into(),
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
    fn make(&self, v: crate::Verdict) -> JsValue {
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

/// A whole number of seconds from a JS number (fractions are dropped).
fn seconds(now: f64) -> Result<i64, JsError> {
    if !now.is_finite() || now.abs() > MAX_SAFE_INTEGER as f64 {
        return Err(js_error(format!(
            "options.now must be a finite number of seconds, got {}",
            js_number(now)
        )));
    }
    Ok(now.floor() as i64)
}

fn sequence(held: f64) -> Result<u64, JsError> {
    if !(0.0..=MAX_SAFE_INTEGER as f64).contains(&held) || held.fract() != 0.0 {
        return Err(js_error(format!(
            "options.heldSequence must be a whole number from 0 to 2^53 - 1, got {}",
            js_number(held)
        )));
    }
    Ok(held as u64)
}

/// A number as JavaScript prints it (`NaN`, `1e+300`): Rust's float
/// formatting would add its tables and code to the module for two messages.
fn js_number(n: f64) -> String {
    js_sys::Number::from(n)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default()
}

fn check_exact<N: Into<i128> + Display + Copy>(what: &str, n: N) -> Result<(), JsError> {
    if n.into().unsigned_abs() > u128::from(MAX_SAFE_INTEGER) {
        return Err(js_error(format!(
            "list {what} {n} does not fit a javascript number (at most 2^53 - 1)"
        )));
    }
    Ok(())
}

/// What a value is, in the words of JSON (and JS for the rest), for errors.
fn kind_of(v: &JsValue) -> &'static str {
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
fn thrown_message(e: &JsValue) -> String {
    match e.dyn_ref::<js_sys::Error>() {
        Some(e) => String::from(e.message()),
        None => "a value that is not an error was thrown".to_string(),
    }
}

/// `load`'s options, read property by property; a missing, `undefined` or
/// `null` option takes its default. Returns `now` and `heldSequence`.
fn load_options(options: &JsValue) -> Result<(Option<f64>, Option<f64>), JsError> {
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

/// A value from `JSON.parse` and where it is, for error messages.
struct Json {
    value: JsValue,
    /// `messages.en.body`, `resources[2].url`; empty for the whole.
    path: String,
}

impl Json {
    /// A property; `undefined` when absent or when this is not an object.
    fn get(&self, name: &str) -> Json {
        let value = if self.value.is_object() {
            Reflect::get(&self.value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
        } else {
            JsValue::UNDEFINED
        };
        let path = if self.path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.path)
        };
        Json { value, path }
    }

    fn is_absent(&self) -> bool {
        self.value.is_undefined()
    }

    fn wrong(&self, expected: &'static str) -> MetaError {
        if self.is_absent() {
            return MetaError::MissingField(self.path.clone());
        }
        let field = if self.path.is_empty() {
            "the metadata".to_string()
        } else {
            self.path.clone()
        };
        MetaError::FieldType {
            field,
            expected,
            found: kind_of(&self.value),
        }
    }

    /// A string without bidi controls: every string of the metadata is
    /// read here, so this is where the Wasm build refuses them, with the
    /// words of the core's own walk (src/list/meta.rs).
    fn string(&self) -> Result<String, MetaError> {
        let s = self
            .value
            .as_string()
            .ok_or_else(|| self.wrong("a string"))?;
        match crate::list::bidi_control(&s) {
            Some(code) => Err(MetaError::BidiControl {
                field: self.path.clone(),
                code,
            }),
            None => Ok(s),
        }
    }

    /// A string, `null` or absent (serde's `Option` with a default).
    fn optional_string(&self) -> Result<Option<String>, MetaError> {
        if self.is_absent() || self.value.is_null() {
            return Ok(None);
        }
        self.string().map(Some)
    }

    fn boolean(&self) -> Result<bool, MetaError> {
        self.value.as_bool().ok_or_else(|| self.wrong("a boolean"))
    }

    /// The properties of an object (not an array), in JSON order.
    fn entries(&self) -> Result<Vec<(String, Json)>, MetaError> {
        if !self.value.is_object() || Array::is_array(&self.value) {
            return Err(self.wrong("an object"));
        }
        let keys = Object::keys::<JsValue>(self.value.unchecked_ref());
        Ok(keys
            .iter()
            .filter_map(|k| k.as_string())
            .map(|k| {
                let v = self.get(&k);
                (k, v)
            })
            .collect())
    }

    fn items(&self) -> Result<Vec<Json>, MetaError> {
        let a: &Array = self.value.dyn_ref().ok_or_else(|| self.wrong("an array"))?;
        Ok(a.iter()
            .enumerate()
            .map(|(i, value)| Json {
                value,
                path: format!("{}[{i}]", self.path),
            })
            .collect())
    }

    fn strings(&self) -> Result<Vec<String>, MetaError> {
        self.items()?.iter().map(Json::string).collect()
    }
}

/// Reads the list's metadata section with the platform's `JSON.parse`, field
/// by field as the core's serde reader does (src/list/meta.rs): the same
/// required fields, types and defaults, unknown fields ignored, and no bidi
/// controls in any string (`Json::string`). The engine validates the rest
/// as it validates its own reading.
fn metadata_from_json(json: &str) -> Result<Metadata, MetaError> {
    let value = js_sys::JSON::parse(json).map_err(|e| MetaError::Json(thrown_message(&e)))?;
    let root = Json {
        value,
        path: String::new(),
    };
    root.entries()?;
    // The list's categories section replaces these; checked as serde would.
    let categories = root.get("categories");
    if !categories.is_absent() {
        categories.strings()?;
    }
    let mut messages = BTreeMap::new();
    for (lang, m) in root.get("messages").entries()? {
        m.entries()?;
        let text = |name: &str| m.get(name).string();
        let message = Message {
            dir: text("dir")?,
            review: text("review")?,
            title_search: text("title_search")?,
            title_page: text("title_page")?,
            body: text("body")?,
            help_text: text("help_text")?,
            help_heading: text("help_heading")?,
            primary: text("primary")?,
            no_resources: text("no_resources")?,
            phone_label: text("phone_label")?,
            chat_label: text("chat_label")?,
            website_label: text("website_label")?,
        };
        messages.insert(lang, message);
    }
    let mut resources = Vec::new();
    for r in root.get("resources").items()? {
        r.entries()?;
        let chat = r.get("chat");
        resources.push(Resource {
            id: r.get("id").string()?,
            name: r.get("name").string()?,
            url: r.get("url").string()?,
            phone: r.get("phone").optional_string()?,
            chat: if chat.is_absent() {
                false
            } else {
                chat.boolean()?
            },
            countries: r.get("countries").strings()?,
            languages: r.get("languages").strings()?,
            description: r.get("description").string()?,
            source: r.get("source").optional_string()?,
        });
    }
    let sites = root.get("sites");
    let sites = if sites.is_absent() {
        String::new()
    } else {
        sites.string()?
    };
    Ok(Metadata {
        categories: Vec::new(),
        messages,
        resources,
        sites,
    })
}

/// Sets a property of a plain object: the property names are the
/// TypeScript interfaces' above.
fn set(o: &PlainObject, name: &str, value: &JsValue) {
    o.set(&JsValue::from_str(name), value);
}

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
        let v = self
            .inbox
            .with_str("checkUrl", "url", url, |u| self.engine.check_url(u))?;
        Ok(self.verdicts.make(v))
    }

    /// Checks search text against the list's keyword phrases and
    /// combination rules, after normalization (case, accents, look-alike
    /// letters, separators). A miss returns one shared, frozen
    /// `{ matched: false }`; a match, a new object. Throws an `Error` when
    /// `text` is not a string.
    #[wasm_bindgen(js_name = checkQuery, unchecked_return_type = "Verdict")]
    pub fn check_query(&self, text: &JsString) -> Result<JsValue, JsError> {
        let v = self
            .inbox
            .with_str("checkQuery", "text", text, |t| self.engine.check_query(t))?;
        Ok(self.verdicts.make(v))
    }

    /// Checks a page about to be opened: its URL against the URL entries,
    /// then the search text it carries (e.g. `?q=` of a search engine).
    /// A miss returns one shared, frozen `{ matched: false }`; a match, a
    /// new object. Throws an `Error` when `url` is not a string.
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

    /// The list's id, sequence, times (Unix seconds), signing key id and
    /// entry counts.
    #[wasm_bindgen(unchecked_return_type = "ListInfo")]
    pub fn info(&self) -> JsValue {
        let info = self.engine.info();
        let stats = self.engine.stats();
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
}
