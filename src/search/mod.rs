//! Extraction of the search text from a navigation URL, driven by a site
//! table that is data, not code.
//!
//! The built-in table is `src/search/sites.txt`; list publishers can add
//! their own rules with [`SiteTable::parse`] and [`SiteTable::extend`].
//!
//! # Table format
//!
//! One rule per line; `#` starts a comment; blank lines are ignored. A rule
//! has three or four fields separated by whitespace:
//!
//! ```text
//! site  hosts  path  [parameters]
//! ```
//!
//! - `site`: the name reported in [`SearchText::site`] (lowercase letters,
//!   digits, `-`, `.`), or `-` for text reported without a site name.
//! - `hosts`: comma-separated host patterns. `example.com` matches that host
//!   and every subdomain; `example.*` matches `example` under any TLD,
//!   including two-label country TLDs (`co.uk`, `com.br`), and their
//!   subdomains; `*` matches any host.
//! - `path`: `/`-separated segments, compared ignoring ASCII case; `*` is any
//!   one segment, a final `**` any number of further segments (zero
//!   included), and `{}` one segment that holds the search text. A trailing
//!   `/` is ignored on both the pattern and the URL.
//! - `parameters`: comma-separated query parameter names, earlier names
//!   preferred; required unless the path has `{}`, forbidden if it has.
//!
//! ```text
//! google  google.*     /search          q
//! tumblr  tumblr.com   /tagged/{}/**
//! -       *            /**              q,query
//! ```
//!
//! # Precedence
//!
//! 1. Rules of host patterns matching the host, the most specific (longest
//!    host suffix) first, each pattern's rules in order (a publisher's rules
//!    before built-in ones). The first rule that yields text wins.
//! 2. If no host pattern matched at all, the `*` rules, in order. A host the
//!    table names is authoritative: its other pages (`/maps?q=`,
//!    `/url?q=`) are not searches, so they are not guessed at.
//!
//! The built-in `*` rules first recognize generic search pages: slugs
//! (`/search/some-words/`, `/tags/…`, `/tag/…`, `/s/…`, site
//! `generic-path`) and search parameters on search paths (site
//! `generic-search`). These are strong signals of a search, so the engine
//! applies combination rules to them. Last comes the plain parameter
//! fallback (`q`, `query`, `search`, …) with no site name: its text is
//! matched against keyword phrases only.
//!
//! # Decoding
//!
//! Query values: `+` is a space, then percent-decoding (repeated, at most
//! [`MAX_DECODE_ROUNDS`] times, to undo double encoding); invalid UTF-8 is
//! replaced. Path captures: percent-decoding likewise, and `-`, `+`, `_`
//! join words. Whitespace is trimmed and collapsed; empty text is no text.
//! A repeated parameter yields its first non-empty value.
//!
//! # Bounds
//!
//! The whole query string and the whole captured path segment are read, in
//! time linear in their length (the URL canonicalizer already rejects
//! inputs over [`crate::url::MAX_INPUT_BYTES`]): padding a site would
//! ignore, such as junk parameters before `q=` or thousands of `+` before
//! the words, must not hide the search text. Only the returned text is
//! bounded, by [`MAX_TEXT_BYTES`], after whitespace is collapsed.

mod compact;
mod decode;
mod table;

pub use decode::{MAX_DECODE_ROUNDS, MAX_TEXT_BYTES};
pub use table::{SiteTable, MAX_RULES};

use std::sync::OnceLock;

use crate::url::CanonicalUrl;
use table::{PathSegments, Rule};

/// The built-in table, in the format above, as written in `sites.txt`.
const BUILTIN_SOURCE: &str = include_str!("sites.txt");

/// The built-in table as the binaries carry it: comments dropped and column
/// padding squeezed at compile time (8.4 KB of text becomes 3 KB; 1.2 KB
/// less in the gzipped Wasm module). Lines keep their numbers.
const BUILTIN: &str = {
    const LEN: usize = compact::compact_len(BUILTIN_SOURCE.as_bytes());
    const BYTES: [u8; LEN] = compact::compact(BUILTIN_SOURCE.as_bytes());
    match std::str::from_utf8(&BYTES) {
        Ok(text) => text,
        // Cannot happen (only ASCII bytes are dropped); a test checks the
        // table parses to the same rules as its source.
        Err(_) => "",
    }
};

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
    /// A rule line that does not parse; `reason` says what is wrong with
    /// it in the table's own terms (no other error lies behind it).
    #[error("site table line {line}: {reason}")]
    BadLine { line: usize, reason: String },
    /// More rule lines than the table holds.
    #[error("site table has more than {max} rules")]
    TooManyRules { max: usize },
}

impl SiteTable {
    /// The built-in table, parsed once.
    pub fn builtin() -> &'static SiteTable {
        static TABLE: OnceLock<SiteTable> = OnceLock::new();
        // The built-in data is tested to parse; should that ever fail, no
        // extraction beats a crash in the user's browser.
        TABLE.get_or_init(|| SiteTable::parse(BUILTIN).unwrap_or_default())
    }

    /// Search text of `url`, if any (see the module doc for precedence).
    pub fn extract(&self, url: &CanonicalUrl) -> Option<SearchText> {
        self.extract_from(url).map(|(text, _)| text)
    }

    /// Search text of `url` and whether a `*` rule found it: the host is
    /// not one the table names (generic search pages and the parameter
    /// fallback), so nothing says the URL is a search site's.
    pub(crate) fn extract_from(&self, url: &CanonicalUrl) -> Option<(SearchText, bool)> {
        let (path, query) = (PathSegments::new(url.path()), url.query());
        let apply = |rules: &[Rule]| {
            rules.iter().find_map(|r| {
                r.apply(&path, query).map(|text| SearchText {
                    text,
                    site: r.site().map(str::to_string),
                })
            })
        };
        if !url.is_ip() {
            let (known, found) = self.find_for_host(url.host(), apply);
            if known {
                return found.map(|text| (text, false));
            }
        }
        apply(self.any_host()).map(|text| (text, true))
    }
}

/// Search text of `url` by the built-in table.
pub fn extract(url: &CanonicalUrl) -> Option<SearchText> {
    SiteTable::builtin().extract(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_parses() {
        let parsed = SiteTable::parse(BUILTIN);
        assert!(parsed.is_ok(), "{parsed:?}");
        assert!(SiteTable::builtin().len() >= 30);
    }
}
