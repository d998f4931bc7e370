//! Lists: how entries are hashed, stored and looked up.
//!
//! [`ListBuilder`] hashes plaintext entries into the list file format
//! (docs/list-format.md); an [`Engine`](crate::Engine) reads that format in
//! place, whether it was built in memory or loaded from a signed file.

mod builder;
mod bytes;
mod filter;
mod format;
mod hash_source;
mod keys;
mod meta;
mod phone;
mod rules;
mod source;
mod table;

pub use builder::ListBuilder;
pub(crate) use format::{term_group, Layout};
pub use format::{
    utc, valid_list_id, ListInfo, LoadError, LoadPolicy, FORMAT_VERSION, HASH_SCHEME, MAX_LIST_ID,
};
pub use hash_source::{
    url_hash_hex, HashLineError, HashSourceKind, PhraseHash, HASH_SOURCE_HEADER,
};
pub use keys::{KeyError, KeyId, PublicKey, SecretKey};
#[cfg(target_arch = "wasm32")]
pub(crate) use meta::bidi_control;
pub use meta::{Message, MetaError, Metadata, Prevention, Resource};
pub use phone::PhoneError;
pub use source::{Diagnostic, SourceKind, SourceReport};

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
    #[error("unknown category {0:?} (not declared in the metadata)")]
    UndeclaredCategory(String),
    #[error("metadata: {0}")]
    Metadata(#[from] MetaError),
    #[error("category name is empty")]
    EmptyCategoryName,
    #[error("too many entries (at most {max})", max = table::MAX_ENTRIES)]
    TooManyEntries,
    #[error("first-stage filter could not be built: {0}")]
    Filter(&'static str),
    #[error("list id {0:?} is not [a-z0-9._-], 1-32 bytes")]
    ListId(String),
    #[error("built list does not load: {0}")]
    Load(LoadError),
}
