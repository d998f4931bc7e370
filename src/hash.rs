//! The two hashes every list entry is known by.
//!
//! * [`PrefixHash`]: the first 8 bytes of SHA-256, the only identity a list
//!   stores. URL expressions hash exactly as Safe Browsing does (SHA-256 of
//!   the expression bytes); phrases hash with a domain tag first so a phrase
//!   can never collide with an expression of the same bytes.
//! * [`FilterKey`]: xxh3-64 of the same bytes, seeded per kind. It only feeds
//!   the first-stage filter, which answers "certainly not" for almost every
//!   lookup so SHA-256 runs only for the rare candidates.

use sha2::{Digest, Sha256};

/// What a hashed string is; keeps the hash spaces apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HashKind {
    /// A Safe Browsing expression such as `host.test/path/`.
    Url,
    /// A normalized phrase (keyword or combination term), tokens joined.
    Phrase,
}

impl HashKind {
    const fn filter_seed(self) -> u64 {
        match self {
            HashKind::Url => 0x7475_726e_6261_636b,    // "turnback"
            HashKind::Phrase => 0x7068_7261_7365_3031, // "phrase01"
        }
    }
    const fn sha_tag(self) -> &'static [u8] {
        match self {
            HashKind::Url => b"",
            HashKind::Phrase => b"turnback/phrase\0",
        }
    }
}

/// First 64 bits of SHA-256, big-endian. At least 64 bits is the floor the
/// list format promises (see docs/matching.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PrefixHash(pub u64);

impl PrefixHash {
    /// The prefix of `bytes` as a `kind` of string.
    pub fn of(kind: HashKind, bytes: &[u8]) -> PrefixHash {
        let mut h = Sha256::new();
        h.update(kind.sha_tag());
        h.update(bytes);
        let d = h.finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(&d[..8]);
        PrefixHash(u64::from_be_bytes(first))
    }
}

/// The whole SHA-256 of `bytes` as a `kind` of string, of which
/// [`PrefixHash`] is the first 8 bytes: what partners exchange.
pub fn sha256(kind: HashKind, bytes: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(kind.sha_tag());
    h.update(bytes);
    h.finalize().into()
}

/// Key of the first-stage filter: a fast non-cryptographic hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FilterKey(pub u64);

impl FilterKey {
    /// The filter key of `bytes` as a `kind` of string.
    #[inline]
    pub fn of(kind: HashKind, bytes: &[u8]) -> FilterKey {
        FilterKey(xxhash_rust::xxh3::xxh3_64_with_seed(
            bytes,
            kind.filter_seed(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_prefix_is_plain_sha256_like_safe_browsing() {
        // SHA-256("abc") = ba7816bf 8f01cfea ...
        assert_eq!(
            PrefixHash::of(HashKind::Url, b"abc").0,
            0xba78_16bf_8f01_cfea
        );
    }

    #[test]
    fn the_whole_digest_starts_with_the_prefix() {
        for kind in [HashKind::Url, HashKind::Phrase] {
            let d = sha256(kind, b"zorblax");
            let mut first = [0u8; 8];
            first.copy_from_slice(&d[..8]);
            assert_eq!(
                u64::from_be_bytes(first),
                PrefixHash::of(kind, b"zorblax").0
            );
        }
    }

    #[test]
    fn kinds_do_not_share_hashes() {
        assert_ne!(
            PrefixHash::of(HashKind::Url, b"x"),
            PrefixHash::of(HashKind::Phrase, b"x")
        );
        assert_ne!(
            FilterKey::of(HashKind::Url, b"x"),
            FilterKey::of(HashKind::Phrase, b"x")
        );
    }
}
