//! List metadata: what a shell shows on a match, and what a publisher adds
//! to the search-site table. Carried as JSON in the signed metadata section;
//! the defaults (data/meta/) are compiled in and an NGO may replace any part.
//!
//! ```json
//! { "categories": ["default", "…"],
//!   "messages": { "en": { "dir": "ltr", "review": "source", "title_search": "…", … } },
//!   "resources": [ { "id": "…", "name": "…", "url": "https://…", "countries": ["GB"], … } ],
//!   "sites": "site-table lines, in the format of src/search/sites.txt" }
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::phone::{check_phone, PhoneError};

const DEFAULT_MESSAGES: &str = include_str!("../../data/meta/messages.json");
const DEFAULT_RESOURCES: &str = include_str!("../../data/meta/resources.json");

/// Why metadata cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MetaError {
    /// Not JSON, or JSON not of the metadata's shape: serde_json's
    /// message, or in the Wasm build the platform's `JSON.parse` message.
    /// Kept as text: the Wasm build has no Rust error behind it, and
    /// holding serde_json's error would cost this enum `Clone` and
    /// `PartialEq` and add serde_json's formatting to the Wasm module.
    #[error("invalid metadata json: {0}")]
    Json(String),
    /// A value of the wrong JSON type, from a reader that walks parsed JSON
    /// itself (the Wasm bindings use the browser's `JSON.parse`).
    #[error("{field} must be {expected}, got {found}")]
    FieldType {
        field: String,
        expected: &'static str,
        found: &'static str,
    },
    /// A required field absent, from such a reader.
    #[error("{0} is missing")]
    MissingField(String),
    /// A message text that is empty or only whitespace.
    #[error("message for language {lang:?} has an empty {field}")]
    EmptyField { lang: String, field: &'static str },
    /// A message key that is not a lowercase ISO 639 code.
    #[error("message language {0:?} is not a language code")]
    BadLanguage(String),
    /// A `dir` other than `ltr` or `rtl`.
    #[error("message direction for {0:?} must be \"ltr\" or \"rtl\"")]
    BadDirection(String),
    /// A `review` other than the three statuses.
    #[error("message review status for {0:?} must be \"source\", \"reviewed\" or \"unreviewed\"")]
    BadReview(String),
    /// A help service whose URL is not https.
    #[error("resource {0:?}: url must start with https://")]
    InsecureUrl(String),
    /// A help service's country that is neither an ISO 3166 code nor `*`.
    #[error("resource {0:?}: country {1:?} is not an ISO 3166 code or \"*\"")]
    BadCountry(String, String),
    /// Two help services with one id.
    #[error("resource id {0:?} appears twice")]
    DuplicateResource(String),
    /// No `en` message to fall back to.
    #[error("no message in english (\"en\"), the fallback language")]
    NoEnglish,
    /// The publisher's site table additions do not parse.
    #[error("site table: {0}")]
    Sites(#[from] crate::search::SearchError),
    /// A help service's phone number that cannot be dialled as written.
    #[error("resources[{index}].phone ({id:?}): {phone:?} is not a phone number: {reason}")]
    BadPhone {
        index: usize,
        id: String,
        phone: String,
        #[source]
        reason: PhoneError,
    },
    /// A bidi embedding, override or isolate: it can make text show other
    /// than it reads (a phone number shown reversed, a name spoofed).
    #[error("{field}: bidi control U+{code:04X} is not allowed")]
    BidiControl { field: String, code: u32 },
}

/// serde_json's error becomes [`MetaError::Json`] here alone.
impl From<serde_json::Error> for MetaError {
    fn from(e: serde_json::Error) -> MetaError {
        MetaError::Json(e.to_string())
    }
}

/// The prevention message in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// `ltr` or `rtl`.
    pub dir: String,
    /// `source` (the original), `reviewed` (checked by a native speaker) or
    /// `unreviewed`.
    pub review: String,
    /// Heading when a search was stopped.
    pub title_search: String,
    /// Heading when a page was blocked.
    pub title_page: String,
    /// Why: the material is illegal and harms children.
    pub body: String,
    /// That confidential, anonymous help exists.
    pub help_text: String,
    /// Heading over the help services.
    pub help_heading: String,
    /// The one button: go back.
    pub primary: String,
    /// Shown when no help service is known for the user's country.
    pub no_resources: String,
    /// Label of a service's phone number.
    pub phone_label: String,
    /// Label of a service's chat link.
    pub chat_label: String,
    /// Label of a service's website link.
    pub website_label: String,
}

/// A confidential help service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    /// Stable id, unique in the list.
    pub id: String,
    /// The service's name.
    pub name: String,
    /// Its website (https).
    pub url: String,
    /// Its phone number, as dialled in its countries.
    #[serde(default)]
    pub phone: Option<String>,
    /// Whether it offers live chat.
    #[serde(default)]
    pub chat: bool,
    /// ISO 3166-1 alpha-2 codes; `*` for a service open to every country.
    pub countries: Vec<String>,
    /// ISO 639-1 codes.
    pub languages: Vec<String>,
    /// One line: who it is for and how it helps.
    pub description: String,
    /// Where the data was checked.
    #[serde(default)]
    pub source: Option<String>,
}

/// Everything in the metadata section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// Category names; entries may only use these. The first is the
    /// category of entries that name none. A list file carries them in its
    /// categories section, not in the metadata JSON.
    #[serde(default = "default_categories", skip_serializing)]
    pub categories: Vec<String>,
    /// The prevention message per language code; `en` is required.
    pub messages: BTreeMap<String, Message>,
    /// Confidential help services.
    pub resources: Vec<Resource>,
    /// Extra search-site table lines, tried before the built-in ones.
    #[serde(default)]
    pub sites: String,
}

fn default_categories() -> Vec<String> {
    vec!["default".to_string()]
}

/// What a shell shows for one match: the message in the chosen language and
/// the help services for the user's country.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prevention<'a> {
    /// The language actually used (falls back to `en`).
    pub lang: &'a str,
    /// The message in that language.
    pub message: &'a Message,
    /// Services for the country, those speaking the language first; the
    /// services open to every country when none is for it.
    pub resources: Vec<&'a Resource>,
}

impl Default for Metadata {
    fn default() -> Metadata {
        // The defaults are checked by tests; should they ever fail to parse
        // the list still works, with empty help content.
        Metadata {
            categories: default_categories(),
            messages: serde_json::from_str(DEFAULT_MESSAGES).unwrap_or_default(),
            resources: serde_json::from_str(DEFAULT_RESOURCES).unwrap_or_default(),
            sites: String::new(),
        }
    }
}

/// A publisher's metadata file: every key optional, present keys replace
/// the defaults.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Overrides {
    categories: Option<Vec<String>>,
    messages: Option<BTreeMap<String, Message>>,
    resources: Option<Vec<Resource>>,
    sites: Option<String>,
}

impl Metadata {
    /// The defaults with a publisher's JSON file laid over them, checked.
    pub fn with_overrides(json: &str) -> Result<Metadata, MetaError> {
        let o: Overrides = serde_json::from_str(json)?;
        let d = Metadata::default();
        let m = Metadata {
            categories: o.categories.unwrap_or(d.categories),
            messages: o.messages.unwrap_or(d.messages),
            resources: o.resources.unwrap_or(d.resources),
            sites: o.sites.unwrap_or(d.sites),
        };
        m.validate()?;
        Ok(m)
    }

    /// Parses the metadata section of a list.
    pub fn from_json(json: &str) -> Result<Metadata, MetaError> {
        let m = Metadata::parse_json(json)?;
        m.validate()?;
        Ok(m)
    }

    /// Reads the metadata section's JSON without [`validate`](Self::validate).
    pub(crate) fn parse_json(json: &str) -> Result<Metadata, MetaError> {
        Ok(serde_json::from_str(json)?)
    }

    /// The metadata section's JSON (categories excluded: they have their
    /// own section).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string())
    }

    /// Checks what a shell relies on: no bidi controls in any string, an
    /// English fallback, no empty text, https help links, dialable phone
    /// numbers, well-formed codes, a parseable site table.
    pub fn validate(&self) -> Result<(), MetaError> {
        // First, though no message echoes a string unescaped.
        self.check_no_bidi_controls()?;
        self.validate_except_bidi_controls()
    }

    /// [`validate`](Self::validate) but for the bidi controls, for a reader
    /// that refused them in each string as it read it: the Wasm bindings'
    /// (src/wasm/meta_json.rs, `Json::string`), naming the field in the same words.
    /// The walk over every string would only add to the Wasm module.
    pub(crate) fn validate_except_bidi_controls(&self) -> Result<(), MetaError> {
        if !self.messages.contains_key("en") {
            return Err(MetaError::NoEnglish);
        }
        for (lang, m) in &self.messages {
            if !is_code(lang, 2..=3, |c| c.is_ascii_lowercase()) {
                return Err(MetaError::BadLanguage(lang.clone()));
            }
            if m.dir != "ltr" && m.dir != "rtl" {
                return Err(MetaError::BadDirection(lang.clone()));
            }
            if !["source", "reviewed", "unreviewed"].contains(&m.review.as_str()) {
                return Err(MetaError::BadReview(lang.clone()));
            }
            for (field, text) in m.texts() {
                if text.trim().is_empty() {
                    return Err(MetaError::EmptyField {
                        lang: lang.clone(),
                        field,
                    });
                }
            }
        }
        let mut ids = std::collections::BTreeSet::new();
        for (index, r) in self.resources.iter().enumerate() {
            if !ids.insert(r.id.as_str()) {
                return Err(MetaError::DuplicateResource(r.id.clone()));
            }
            if !r.url.starts_with("https://") {
                return Err(MetaError::InsecureUrl(r.id.clone()));
            }
            if let Some(phone) = &r.phone {
                check_phone(phone).map_err(|reason| MetaError::BadPhone {
                    index,
                    id: r.id.clone(),
                    phone: phone.clone(),
                    reason,
                })?;
            }
            for c in &r.countries {
                if c != "*" && !is_code(c, 2..=2, |ch| ch.is_ascii_uppercase()) {
                    return Err(MetaError::BadCountry(r.id.clone(), c.clone()));
                }
            }
        }
        crate::search::SiteTable::parse(&self.sites)?;
        Ok(())
    }

    /// Refuses the bidi controls U+202A–U+202E and U+2066–U+2069 in every
    /// string: categories, message texts, every resource field, the site
    /// table. (Language codes are ASCII letters, checked below. The marks
    /// U+200E, U+200F and U+061C stay allowed: they embed nothing and
    /// right-to-left text may need them.)
    fn check_no_bidi_controls(&self) -> Result<(), MetaError> {
        for (i, c) in self.categories.iter().enumerate() {
            no_bidi_control(c, &|| format!("categories[{i}]"))?;
        }
        for (lang, m) in &self.messages {
            let codes = [("dir", m.dir.as_str()), ("review", m.review.as_str())];
            for (field, text) in codes.into_iter().chain(m.texts()) {
                no_bidi_control(text, &|| format!("messages.{lang}.{field}"))?;
            }
        }
        for (i, r) in self.resources.iter().enumerate() {
            for (field, text) in r.texts() {
                no_bidi_control(text, &|| format!("resources[{i}].{field}"))?;
            }
            for (list, codes) in [("countries", &r.countries), ("languages", &r.languages)] {
                for (j, c) in codes.iter().enumerate() {
                    no_bidi_control(c, &|| format!("resources[{i}].{list}[{j}]"))?;
                }
            }
        }
        no_bidi_control(&self.sites, &|| "sites".to_string())
    }

    /// The message and help services for a user's language and country
    /// (BCP 47 language tags such as `pt-BR` match on their language part).
    pub fn prevention(&self, lang: &str, country: &str) -> Option<Prevention<'_>> {
        let wanted = primary_language(lang);
        let (lang, message) = self
            .messages
            .get_key_value(wanted.as_str())
            .or_else(|| self.messages.get_key_value("en"))?;
        let country = country.to_ascii_uppercase();
        let for_country: Vec<&Resource> = self
            .resources
            .iter()
            .filter(|r| r.countries.contains(&country))
            .collect();
        let candidates = if for_country.is_empty() {
            self.resources
                .iter()
                .filter(|r| r.countries.iter().any(|c| c == "*"))
                .collect()
        } else {
            for_country
        };
        // Those speaking the language first, each group in the publisher's
        // order: a stable partition (a stable sort would link a general
        // sort into the Wasm module for this alone).
        let (mut resources, others): (Vec<&Resource>, Vec<&Resource>) = candidates
            .into_iter()
            .partition(|r| r.languages.contains(&wanted));
        resources.extend(others);
        Some(Prevention {
            lang,
            message,
            resources,
        })
    }
}

impl Message {
    fn texts(&self) -> [(&'static str, &str); 10] {
        [
            ("title_search", &self.title_search),
            ("title_page", &self.title_page),
            ("body", &self.body),
            ("help_text", &self.help_text),
            ("help_heading", &self.help_heading),
            ("primary", &self.primary),
            ("no_resources", &self.no_resources),
            ("phone_label", &self.phone_label),
            ("chat_label", &self.chat_label),
            ("website_label", &self.website_label),
        ]
    }
}

impl Resource {
    /// Its free-text fields, the optional ones when present.
    fn texts(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("id", Some(&self.id)),
            ("name", Some(&self.name)),
            ("url", Some(&self.url)),
            ("phone", self.phone.as_ref()),
            ("description", Some(&self.description)),
            ("source", self.source.as_ref()),
        ]
        .into_iter()
        .filter_map(|(field, text)| Some((field, text?.as_str())))
    }
}

/// The first bidi control in `text`, U+202A–U+202E (embeddings, overrides,
/// pop) or U+2066–U+2069 (isolates), found in the UTF-8 bytes (E2 80 AA–AE,
/// E2 81 A6–A9; in UTF-8 an E2 byte always starts a three-byte character):
/// a smaller loop in the Wasm module than decoding characters.
pub(crate) fn bidi_control(text: &str) -> Option<u32> {
    text.as_bytes().windows(3).find_map(|w| {
        let code = 0x2000 | (u32::from(w[1] & 0x3f) << 6) | u32::from(w[2] & 0x3f);
        (w[0] == 0xe2 && matches!(code, 0x202a..=0x202e | 0x2066..=0x2069)).then_some(code)
    })
}

/// Refuses `text` when it holds a bidi control; `field` names it.
fn no_bidi_control(text: &str, field: &dyn Fn() -> String) -> Result<(), MetaError> {
    match bidi_control(text) {
        Some(code) => Err(MetaError::BidiControl {
            field: field(),
            code,
        }),
        None => Ok(()),
    }
}

fn is_code(s: &str, len: std::ops::RangeInclusive<usize>, ok: impl Fn(char) -> bool) -> bool {
    len.contains(&s.len()) && s.chars().all(ok)
}

/// Primary language subtags that name a language the messages carry under
/// another code: browsers report Norwegian as Bokmål (`nb`) or Nynorsk (`nn`),
/// the messages have the macrolanguage `no`.
const LANGUAGE_ALIASES: &[(&str, &str)] = &[("nb", "no"), ("nn", "no")];

/// The lower-case primary subtag of a BCP 47 tag ("pt-BR" → "pt",
/// "nb-NO" → "no"), the key messages are chosen by.
fn primary_language(tag: &str) -> String {
    let primary = tag
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match LANGUAGE_ALIASES.iter().find(|(alias, _)| *alias == primary) {
        Some((_, code)) => (*code).to_string(),
        None => primary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_complete() {
        let m = Metadata::default();
        m.validate().unwrap();
        for lang in [
            "en", "de", "fr", "es", "nl", "it", "pt", "pl", "sv", "fi", "no", "da", "tr", "ru",
            "ar",
        ] {
            assert!(m.messages.contains_key(lang), "missing {lang}");
        }
        assert_eq!(m.messages["ar"].dir, "rtl");
        assert!(m.resources.len() >= 5);
        assert!(m.resources.iter().all(|r| r.url.starts_with("https://")));
    }

    #[test]
    fn prevention_picks_language_and_country_with_fallbacks() {
        let m = Metadata::default();
        let p = m.prevention("de-AT", "DE").unwrap();
        assert_eq!(p.lang, "de");
        assert!(p
            .resources
            .iter()
            .all(|r| r.countries.iter().any(|c| c == "DE")));
        assert!(!p.resources.is_empty());
        assert!(p.resources[0].languages.iter().any(|l| l == "de"));
        for tag in ["nb-NO", "nn", "no", "NB_no"] {
            assert_eq!(m.prevention(tag, "NO").unwrap().lang, "no", "{tag}");
        }
        let p = m.prevention("xx", "ZZ").unwrap();
        assert_eq!(p.lang, "en");
        assert!(p
            .resources
            .iter()
            .all(|r| r.countries.iter().any(|c| c == "*")));
    }

    #[test]
    fn prevention_lists_speakers_of_the_language_first_in_publisher_order() {
        let service = |id: &str, lang: &str, country: &str| Resource {
            id: id.into(),
            name: id.into(),
            url: format!("https://{id}.example/"),
            phone: None,
            chat: false,
            countries: vec![country.into()],
            languages: vec![lang.into()],
            description: "d".into(),
            source: None,
        };
        let m = Metadata {
            resources: vec![
                service("a", "en", "*"),
                service("b", "de", "*"),
                service("c", "en", "*"),
                service("d", "de", "*"),
                service("e", "de", "AT"),
                service("f", "fr", "*"),
            ],
            ..Metadata::default()
        };
        let ids = |lang: &str, country: &str| -> Vec<String> {
            let p = m.prevention(lang, country).unwrap();
            p.resources.iter().map(|r| r.id.clone()).collect()
        };
        assert_eq!(ids("de", ""), ["b", "d", "a", "c", "f"]);
        assert_eq!(ids("fr-CH", "CH"), ["f", "a", "b", "c", "d"]);
        assert_eq!(ids("en", "DE"), ["a", "c", "b", "d", "f"]);
        assert_eq!(ids("en", "AT"), ["e"]);
    }

    #[test]
    fn overrides_replace_parts_and_are_checked() {
        let m = Metadata::with_overrides(r#"{"categories": ["a", "b"]}"#).unwrap();
        assert_eq!(m.categories, ["a", "b"]);
        assert_eq!(m.messages, Metadata::default().messages);
        let bad = r#"{"resources": [{"id": "x", "name": "X", "url": "http://x.test/", "countries": ["DE"], "languages": ["de"], "description": "d"}]}"#;
        assert_eq!(
            Metadata::with_overrides(bad),
            Err(MetaError::InsecureUrl("x".into()))
        );
        assert!(matches!(
            Metadata::with_overrides(r#"{"colour": 1}"#),
            Err(MetaError::Json(_))
        ));
        assert!(matches!(
            Metadata::with_overrides(r#"{"messages": {}}"#),
            Err(MetaError::NoEnglish)
        ));
        assert!(matches!(
            Metadata::with_overrides(r#"{"sites": "bad line"}"#),
            Err(MetaError::Sites(_))
        ));
    }

    /// The default metadata with `change` applied, validated.
    fn validate_changed(change: impl FnOnce(&mut Metadata)) -> Result<(), String> {
        let mut m = Metadata::default();
        change(&mut m);
        m.validate().map_err(|e| e.to_string())
    }

    #[test]
    fn phone_numbers_must_be_dialable_as_shown() {
        let uk = |m: &Metadata| m.resources.iter().position(|r| r.id == "stop-it-now-uk");
        let set_phone = |phone: &'static str| {
            move |m: &mut Metadata| {
                let i = uk(m).unwrap();
                m.resources[i].phone = Some(phone.to_string());
            }
        };
        let i = uk(&Metadata::default()).unwrap();
        type Case = (&'static str, Result<(), String>);
        let cases: Vec<Case> = vec![
            ("0808 1000 900", Ok(())),
            ("+44 (0) 1372-847 161", Ok(())),
            (
                "0808 1000 900 (Mon–Thu 9am–9pm)",
                Err(format!(
                    r#"resources[{i}].phone ("stop-it-now-uk"): "0808 1000 900 (Mon–Thu 9am–9pm)" is not a phone number: only digits, spaces, "(", ")", "-" and a leading "+" are allowed"#
                )),
            ),
            (
                "0808 1000 900 / +44 1372 847 161",
                Err(format!(
                    r#"resources[{i}].phone ("stop-it-now-uk"): "0808 1000 900 / +44 1372 847 161" is not a phone number: only digits, spaces, "(", ")", "-" and a leading "+" are allowed"#
                )),
            ),
            (
                "0808+1000",
                Err(format!(
                    r#"resources[{i}].phone ("stop-it-now-uk"): "0808+1000" is not a phone number: "+" may only come first"#
                )),
            ),
            (
                "",
                Err(format!(
                    r#"resources[{i}].phone ("stop-it-now-uk"): "" is not a phone number: needs 3 to 15 digits"#
                )),
            ),
        ];
        for (phone, want) in cases {
            assert_eq!(validate_changed(set_phone(phone)), want, "{phone:?}");
        }
        // No phone at all is fine.
        assert_eq!(validate_changed(|m| m.resources[i].phone = None), Ok(()));
    }

    #[test]
    fn bidi_controls_are_refused_in_every_string() {
        let bidi = |field: &str, code: u32| {
            Err(format!("{field}: bidi control U+{code:04X} is not allowed"))
        };
        type Change = Box<dyn FnOnce(&mut Metadata)>;
        let cases: Vec<(Change, Result<(), String>)> = vec![
            (
                Box::new(|m| m.resources[7].phone = Some("\u{202e}009 0001 8080".into())),
                bidi("resources[7].phone", 0x202e),
            ),
            (
                Box::new(|m| m.resources[0].name.push('\u{202a}')),
                bidi("resources[0].name", 0x202a),
            ),
            (
                Box::new(|m| m.resources[1].description.insert(0, '\u{2066}')),
                bidi("resources[1].description", 0x2066),
            ),
            (
                Box::new(|m| m.resources[2].url.push('\u{2069}')),
                bidi("resources[2].url", 0x2069),
            ),
            (
                Box::new(|m| m.resources[3].id.push('\u{202b}')),
                bidi("resources[3].id", 0x202b),
            ),
            (
                Box::new(|m| m.resources[4].source = Some("https://a.example/\u{202c}".into())),
                bidi("resources[4].source", 0x202c),
            ),
            (
                Box::new(|m| m.resources[5].languages.push("d\u{202d}e".into())),
                bidi("resources[5].languages[1]", 0x202d),
            ),
            (
                Box::new(|m| m.resources[6].countries[0].push('\u{2067}')),
                bidi("resources[6].countries[0]", 0x2067),
            ),
            (
                Box::new(|m| m.messages.get_mut("ar").unwrap().body.push('\u{2068}')),
                bidi("messages.ar.body", 0x2068),
            ),
            (
                Box::new(|m| {
                    m.messages
                        .get_mut("en")
                        .unwrap()
                        .phone_label
                        .push('\u{202e}')
                }),
                bidi("messages.en.phone_label", 0x202e),
            ),
            // Language codes are ASCII letters; Debug escapes the control.
            (
                Box::new(|m| {
                    let en = m.messages["en"].clone();
                    m.messages.insert("e\u{202e}n".into(), en);
                }),
                Err(r#"message language "e\u{202e}n" is not a language code"#.to_string()),
            ),
            (
                Box::new(|m| m.categories.push("demo\u{2066}".into())),
                bidi("categories[1]", 0x2066),
            ),
            (
                Box::new(|m| m.sites = "\u{202e}".into()),
                bidi("sites", 0x202e),
            ),
            // Marks are not controls: right-to-left text may need them.
            (
                Box::new(|m| {
                    m.messages
                        .get_mut("ar")
                        .unwrap()
                        .body
                        .push_str("\u{200f}\u{061c}\u{200e}")
                }),
                Ok(()),
            ),
            // The neighbours of the refused ranges.
            (
                Box::new(|m| {
                    m.resources[0]
                        .name
                        .push_str("\u{2029}\u{202f}\u{2065}\u{206a}")
                }),
                Ok(()),
            ),
        ];
        for (i, (change, want)) in cases.into_iter().enumerate() {
            assert_eq!(validate_changed(change), want, "case {i}");
        }
    }

    #[test]
    fn overrides_with_a_bad_phone_or_a_bidi_control_are_refused() {
        let resource = |phone: &str, name: &str| {
            format!(
                r#"{{"resources": [{{"id": "x", "name": "{name}", "url": "https://x.example/", "phone": "{phone}", "countries": ["DE"], "languages": ["de"], "description": "d"}}]}}"#
            )
        };
        assert_eq!(
            Metadata::with_overrides(&resource("0800 111 (24h)", "X")).map_err(|e| e.to_string()),
            Err(r#"resources[0].phone ("x"): "0800 111 (24h)" is not a phone number: only digits, spaces, "(", ")", "-" and a leading "+" are allowed"#.to_string())
        );
        assert_eq!(
            Metadata::with_overrides(&resource("0800 111", "X\\u202e")),
            Err(MetaError::BidiControl {
                field: "resources[0].name".into(),
                code: 0x202e
            })
        );
        assert!(Metadata::with_overrides(&resource("+49 (0) 800-111", "X")).is_ok());
    }

    /// The site table's and the phone grammar's errors stay reachable as
    /// the source, not only as text in the message.
    #[test]
    fn wrapped_errors_keep_their_source() {
        use std::error::Error;
        let sites = Metadata::with_overrides(r#"{"sites": "bad line"}"#).unwrap_err();
        let source = sites
            .source()
            .and_then(|s| s.downcast_ref::<crate::search::SearchError>());
        assert!(
            matches!(
                source,
                Some(crate::search::SearchError::BadLine { line: 1, .. })
            ),
            "{sites:?}"
        );
        let mut m = Metadata::default();
        m.resources[0].phone = Some("0800.111".into());
        let phone = m.validate().unwrap_err();
        let source = phone.source().and_then(|s| s.downcast_ref::<PhoneError>());
        assert_eq!(source, Some(&PhoneError::Character), "{phone:?}");
    }
}
