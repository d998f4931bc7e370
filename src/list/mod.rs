//! Lists: how entries are hashed, stored and looked up.
//!
//! Until the signed list file lands, a list is built in memory with
//! [`ListBuilder`]; the lookup structures are already laid out as the file
//! will carry them (flat arrays usable in place).

mod builder;
mod filter;
mod rules;
mod source;
mod table;

pub use builder::ListBuilder;
pub(crate) use filter::Filter;
pub(crate) use rules::RuleSet;
pub use source::{Diagnostic, SourceKind, SourceReport};
pub(crate) use table::HashTable;

/// A list's category of an entry (up to 256 per list), named by the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Category(pub u8);

/// Why a list cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ListError {
    #[error("invalid url entry: {0}")]
    Url(#[from] crate::url::UrlError),
    #[error("invalid phrase: {0}")]
    Phrase(#[from] crate::text::TextError),
    #[error("a combination rule needs {min} to {max} terms, got {0}", min = rules::MIN_TERMS, max = rules::MAX_TERMS)]
    RuleTerms(usize),
    #[error("a combination rule names the same term twice")]
    RuleRepeatsTerm,
    #[error("too many categories (at most 256)")]
    TooManyCategories,
    #[error("unknown category {0}")]
    UnknownCategory(u8),
    #[error("category name is empty")]
    EmptyCategoryName,
    #[error("too many entries (at most {max})", max = table::MAX_ENTRIES)]
    TooManyEntries,
    #[error("first-stage filter could not be built: {0}")]
    Filter(&'static str),
}
