//! Lists: how entries are hashed, stored and looked up.
//!
//! [`ListBuilder`] hashes plaintext entries into the list file format
//! (docs/list-format.md); an [`Engine`](crate::Engine) reads that format in
//! place, whether it was built in memory or loaded from a signed file.

mod builder;
mod bytes;
mod delta;
mod filter;
mod format;
mod hash_source;
mod index;
mod keys;
mod meta;
mod phone;
#[cfg(not(target_arch = "wasm32"))]
mod rebase;
mod rules;
mod sign;
mod source;
mod stash;
mod table;

pub use builder::ListBuilder;
pub use delta::{
    apply_delta, delta_info, make_delta, DeltaError, DeltaInfo, DELTA_HEADER_LEN, DELTA_MAGIC,
    DELTA_VERSION, MAX_DELTA_OUTPUT,
};
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use format::Section;
pub(crate) use format::{term_group, Layout};
pub use format::{
    utc, valid_list_id, ListInfo, LoadError, LoadPolicy, FORMAT_VERSION, HASH_SCHEME, MAX_LIST_ID,
    MAX_STASHES,
};
pub use hash_source::{
    url_hash_hex, HashLineError, HashSourceKind, PhraseHash, HASH_SOURCE_HEADER,
};
pub use index::{
    valid_index_name, Index, IndexDelta, IndexError, IndexFile, INDEX_HEADER, MAX_INDEX_DELTAS,
    MAX_INDEX_LEN,
};
pub use keys::{KeyError, KeyId, PublicKey, SecretKey};
#[cfg(target_arch = "wasm32")]
pub(crate) use meta::bidi_control;
pub use meta::{Message, MetaError, Metadata, Prevention, Resource};
pub use phone::PhoneError;
#[cfg(not(target_arch = "wasm32"))]
pub use rebase::{Layering, OnBase, RebaseReason};
pub use sign::{is_unsigned, sign_unsigned, signer_key_id, SignError};
pub use source::{Diagnostic, SourceKind, SourceReport};
pub(crate) use stash::Change;

/// A list's category of an entry (up to 256 per list), named by the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Category(pub u8);

/// Why a list cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ListError {
    /// A URL entry that is not a URL with a host.
    #[error("invalid url entry: {0}")]
    Url(#[from] crate::url::UrlError),
    /// A keyword phrase or rule term that normalizes to nothing usable.
    #[error("invalid phrase: {0}")]
    Phrase(#[from] crate::text::TextError),
    /// A combination rule with too few or too many terms (the count given).
    #[error("a combination rule needs {min} to {max} terms, got {0}", min = rules::MIN_TERMS, max = rules::MAX_TERMS)]
    RuleTerms(usize),
    /// Two terms of a rule that normalize to the same phrase.
    #[error("a combination rule names the same term twice")]
    RuleRepeatsTerm,
    /// A 257th category name.
    #[error("too many categories (at most 256)")]
    TooManyCategories,
    /// A category index this builder did not hand out.
    #[error("unknown category {0}")]
    UnknownCategory(u8),
    /// A category name the metadata's `categories` does not declare.
    #[error("unknown category {0:?} (not declared in the metadata)")]
    UndeclaredCategory(String),
    /// The publisher's metadata does not read or validate.
    #[error("metadata: {0}")]
    Metadata(#[from] MetaError),
    /// A category name that is empty or only whitespace.
    #[error("category name is empty")]
    EmptyCategoryName,
    /// More entries in one section than a list file holds.
    #[error("too many entries (at most {max})", max = table::MAX_ENTRIES)]
    TooManyEntries,
    /// The binary fuse filter failed to build (xorf's reason).
    #[error("first-stage filter could not be built: {0}")]
    Filter(&'static str),
    /// A list id outside the allowed characters or length.
    #[error("list id {0:?} is not [a-z0-9._-], 1-32 bytes")]
    ListId(String),
    /// A release cannot be built on the base given (another list, another
    /// key, not an older sequence): what differs.
    #[error("base list: {0}")]
    Base(String),
    /// The bytes just built are refused by the reader (a bug, caught
    /// before a publisher signs and ships them).
    #[error("built list does not load: {0}")]
    Load(#[source] LoadError),
}
