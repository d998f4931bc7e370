//! Extraction of the search text from a navigation URL, driven by a site
//! table that is data. OWNER: search helper — replace this stub.

use crate::url::CanonicalUrl;

/// Search text found in a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchText {
    /// The decoded search text.
    pub text: String,
    /// Name of the site-table entry that matched; `None` when the text came
    /// from the generic parameter fallback (used for keyword matching only).
    pub site: Option<String>,
}

/// Why a site table cannot be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    #[error("line {line}: {reason}")]
    BadLine { line: usize, reason: String },
}

/// The table of search sites.
#[derive(Debug, Clone, Default)]
pub struct SiteTable {}

impl SiteTable {
    /// The built-in table.
    pub fn builtin() -> &'static SiteTable {
        static T: SiteTable = SiteTable {};
        &T
    }
    /// Search text of `url`, if any.
    pub fn extract(&self, url: &CanonicalUrl) -> Option<SearchText> {
        let q = url.query()?;
        for pair in q.split('&') {
            if let Some(v) = pair.strip_prefix("q=") {
                return Some(SearchText {
                    text: v.replace('+', " "),
                    site: None,
                });
            }
        }
        None
    }
}

/// Search text of `url` by the built-in table.
pub fn extract(url: &CanonicalUrl) -> Option<SearchText> {
    SiteTable::builtin().extract(url)
}
