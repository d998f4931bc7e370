//! The list's metadata read with the platform's `JSON.parse` instead of
//! serde_json (see the module doc of the bindings for why).

use std::collections::BTreeMap;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::js_values::{kind_of, thrown_message};
use crate::list::{Message, MetaError, Metadata, Resource};

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
pub(super) fn metadata_from_json(json: &str) -> Result<Metadata, MetaError> {
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
