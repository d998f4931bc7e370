//! Hash-only sources: entries a publisher imports from a partner who shares
//! their hashes, never their plaintext (`turnback build --url-hashes`,
//! `--keyword-hashes`), and the lines `turnback hash` writes for them.
//!
//! ```text
//! # turnback hash scheme 1
//! 3fa1c0ffee…(64 hex digits, or at least 16)<TAB>category
//! turnback-phrase-v1:<sha-256 hex>:<filter key hex>:<bytes> …<TAB>category
//! ```
//!
//! A URL line is the SHA-256 of one Safe Browsing expression, as Safe
//! Browsing and other URL hash lists publish them. A keyword line holds one
//! token per normalization variant of the phrase; each carries the phrase
//! key's SHA-256, its first-stage filter key and its length in bytes (see
//! docs/list-format.md, "Hash-only entries"), so imported phrases feed the
//! phrase filter like any other.

use super::format::HASH_SCHEME;
use super::source::{each_entry, SourceReport};
use super::{ListBuilder, ListError};
use crate::hash::{sha256, FilterKey, HashKind, PrefixHash};

/// The comment line that starts what `turnback hash` writes, followed by
/// the scheme number; a file whose header names another scheme is refused.
pub const HASH_SOURCE_HEADER: &str = "# turnback hash scheme ";

/// What a keyword hash token starts with, followed by the scheme number.
const PHRASE_TOKEN: &str = "turnback-phrase-v";

/// Fewest hex digits of a hash: an 8-byte prefix, all the list stores.
const MIN_HEX: usize = 16;
/// Most hex digits of a hash: the whole SHA-256.
const MAX_HEX: usize = 64;

/// Which kind of hashes a hash source holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashSourceKind {
    /// SHA-256 of Safe Browsing URL expressions.
    UrlHashes,
    /// Keyword phrases as `turnback hash --keywords` writes them.
    KeywordHashes,
}

/// Why a line of a hash source is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HashLineError {
    /// Another hash scheme: its hashes would silently never match.
    #[error("hash scheme {found}: this turnback speaks hash scheme {HASH_SCHEME}; have the partner run `turnback hash` of scheme {HASH_SCHEME}")]
    Scheme { found: String },
    /// Plaintext where a hash belongs (a URL given to `--url-hashes`).
    #[error("looks like a URL, not a hash: give plaintext URLs with --urls")]
    LooksLikeUrl,
    /// Not hexadecimal, or of a length no SHA-256 prefix has.
    #[error("not a SHA-256 hash: want {MIN_HEX} to {MAX_HEX} hex digits (a prefix of at least 8 bytes, or all 32), an even number")]
    NotHex,
    /// A keyword hash token not in the `turnback-phrase-v1:…` form.
    #[error("not a keyword hash: want `{PHRASE_TOKEN}{HASH_SCHEME}:<sha-256>:<filter key>:<bytes>` tokens, as `turnback hash --keywords` writes them")]
    NotPhraseToken,
    /// The category column names no category of the list.
    #[error(transparent)]
    Category(#[from] ListError),
}

/// A phrase key known by its hashes alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PhraseHash {
    /// First 8 bytes of the tagged SHA-256 (the keyword table's key).
    pub prefix: PrefixHash,
    /// The first-stage filter key.
    pub key: FilterKey,
    /// The key's length in bytes (for the filter's length mask).
    pub len: usize,
}

impl PhraseHash {
    /// The token of one normalized phrase key: the whole SHA-256, the filter
    /// key and the length.
    pub fn token(key: &str) -> String {
        let sha = hex::encode(sha256(HashKind::Phrase, key.as_bytes()));
        let filter = FilterKey::of(HashKind::Phrase, key.as_bytes()).0;
        format!(
            "{PHRASE_TOKEN}{HASH_SCHEME}:{sha}:{filter:016x}:{}",
            key.len()
        )
    }

    fn parse(token: &str) -> Result<PhraseHash, HashLineError> {
        let rest = token
            .strip_prefix(PHRASE_TOKEN)
            .ok_or(HashLineError::NotPhraseToken)?;
        let mut parts = rest.split(':');
        let scheme = parts.next().unwrap_or_default();
        if scheme != HASH_SCHEME.to_string() {
            return Err(HashLineError::Scheme {
                found: scheme.to_string(),
            });
        }
        let (Some(sha), Some(filter), Some(len), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(HashLineError::NotPhraseToken);
        };
        let key = (filter.len() == 16)
            .then(|| u64::from_str_radix(filter, 16).ok())
            .flatten()
            .ok_or(HashLineError::NotPhraseToken)?;
        let len = len
            .parse::<usize>()
            .ok()
            .filter(|&n| n > 0)
            .ok_or(HashLineError::NotPhraseToken)?;
        Ok(PhraseHash {
            prefix: prefix_of_hex(sha)?,
            key: FilterKey(key),
            len,
        })
    }
}

/// The line `turnback hash --urls` writes for one expression: its whole
/// SHA-256 in lowercase hex, exactly as Safe Browsing hashes it.
pub fn url_hash_hex(expression: &str) -> String {
    hex::encode(sha256(HashKind::Url, expression.as_bytes()))
}

/// The 8-byte prefix of a hex SHA-256 (or of a prefix of one).
fn prefix_of_hex(hex: &str) -> Result<PrefixHash, HashLineError> {
    let ok = (MIN_HEX..=MAX_HEX).contains(&hex.len())
        && hex.len() % 2 == 0
        && hex.bytes().all(|b| b.is_ascii_hexdigit());
    if !ok {
        return Err(HashLineError::NotHex);
    }
    let first = hex.get(..MIN_HEX).ok_or(HashLineError::NotHex)?;
    u64::from_str_radix(first, 16)
        .map(PrefixHash)
        .map_err(|_| HashLineError::NotHex)
}

impl ListBuilder {
    /// Adds every entry of a hash source's text, reporting bad lines by
    /// `file:line` as [`add_source`](Self::add_source) does. A header naming
    /// another hash scheme is an error on its line.
    pub fn add_hash_source(
        &mut self,
        kind: HashSourceKind,
        file: &str,
        text: &str,
    ) -> SourceReport {
        let header = |line: &str| {
            let scheme = line.strip_prefix(HASH_SOURCE_HEADER)?;
            let found = scheme.split(|c: char| !c.is_ascii_digit()).next();
            Some(match found == Some(&HASH_SCHEME.to_string()) {
                true => Ok(()),
                false => Err(HashLineError::Scheme {
                    found: found.unwrap_or_default().to_string(),
                }),
            })
        };
        each_entry(file, text, header, |line| self.add_hash_line(kind, line))
    }

    fn add_hash_line(&mut self, kind: HashSourceKind, line: &str) -> Result<bool, HashLineError> {
        let (entry, category) = match line.split_once('\t') {
            Some((e, c)) => (e, self.category(c)?),
            None => (line, ListBuilder::DEFAULT_CATEGORY),
        };
        let entry = entry.trim();
        match kind {
            HashSourceKind::UrlHashes => {
                if entry.contains(['.', '/', ':']) {
                    return Err(HashLineError::LooksLikeUrl);
                }
                Ok(self.add_url_hash(prefix_of_hex(entry)?, category)?)
            }
            HashSourceKind::KeywordHashes => {
                let keys = entry
                    .split_whitespace()
                    .map(PhraseHash::parse)
                    .collect::<Result<Vec<_>, _>>()?;
                if keys.is_empty() {
                    return Err(HashLineError::NotPhraseToken);
                }
                Ok(self.add_keyword_hash(keys, category)?)
            }
        }
    }
}
