//! The list file: header, section table, sections, signature. The byte
//! layout is specified in docs/list-format.md; this file is its reference
//! implementation. Nothing here allocates in proportion to a count read from
//! the file: every count is checked against the real length first.

use std::ops::Range;

use super::bytes::{pad8, u32_at, u64_at};
use super::filter::FilterLayout;
use super::keys::{KeyId, PublicKey, SecretKey};
use super::meta::MetaError;
use super::rules::RulesLayout;
use super::stash::StashLayout;
use super::table::TableLayout;

/// The first 8 bytes of every list file.
pub const MAGIC: [u8; 8] = *b"TBCKLIST";
/// The format version this reader and writer speak.
pub const FORMAT_VERSION: u16 = 1;
/// The hash scheme (docs/list-format.md, "Hash scheme 1").
pub const HASH_SCHEME: u16 = 1;
/// Longest list id, in bytes.
pub const MAX_LIST_ID: usize = 32;
const HEADER_LEN: usize = 96;
const SECTION_ENTRY: usize = 24;
pub(crate) const SIGNATURE_LEN: usize = 64;
/// Where the header holds the signing key's id.
pub(crate) const KEY_ID_AT: Range<usize> = 48..56;
const MAX_SECTIONS: usize = 64;
const MAX_CATEGORY_NAME: usize = 64;

/// Section kinds, in the order a writer emits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    Categories = 1,
    UrlFilter = 2,
    UrlTable = 3,
    PhraseFilter = 4,
    KeywordTable = 5,
    TermTable = 6,
    TermGroups = 7,
    Rules = 8,
    Metadata = 9,
    /// Optional, with the next: URL entries known only by their SHA-256
    /// (docs/list-format.md, "URL hash filter and table").
    UrlHashFilter = 10,
    UrlHashTable = 11,
    /// Optional: the filters over the URL entries the stashes add, by xxh3
    /// key and by SHA-256 prefix (docs/list-format.md, "URL stashes").
    StashFilter = 12,
    StashHashFilter = 13,
    /// Repeatable, in release order: one release's URL changes.
    Stash = 14,
}

/// Kinds 1–9 are required; the URL hash filter and table are optional and
/// come together.
const REQUIRED: usize = 9;

/// Kinds that appear at most once (all but stashes).
const SINGLE: usize = 13;
/// Most stashes a file holds; a builder starts a new base before that.
pub const MAX_STASHES: usize = 32;

const SECTIONS: [Section; 14] = [
    Section::Categories,
    Section::UrlFilter,
    Section::UrlTable,
    Section::PhraseFilter,
    Section::KeywordTable,
    Section::TermTable,
    Section::TermGroups,
    Section::Rules,
    Section::Metadata,
    Section::UrlHashFilter,
    Section::UrlHashTable,
    Section::StashFilter,
    Section::StashHashFilter,
    Section::Stash,
];

impl Section {
    fn name(self) -> &'static str {
        match self {
            Section::Categories => "categories",
            Section::UrlFilter => "url filter",
            Section::UrlTable => "url table",
            Section::PhraseFilter => "phrase filter",
            Section::KeywordTable => "keyword table",
            Section::TermTable => "term table",
            Section::TermGroups => "term groups",
            Section::Rules => "rules",
            Section::Metadata => "metadata",
            Section::UrlHashFilter => "url hash filter",
            Section::UrlHashTable => "url hash table",
            Section::StashFilter => "stash filter",
            Section::StashHashFilter => "stash hash filter",
            Section::Stash => "stash",
        }
    }
}

/// The header fields of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListInfo {
    /// The publisher's name for the list, `[a-z0-9._-]`, 1–32 bytes.
    pub id: String,
    /// Id of the key that signed it.
    pub key_id: KeyId,
    /// Grows with every release; readers refuse to go back.
    pub sequence: u64,
    /// Unix seconds.
    pub created: i64,
    /// Unix seconds; readers refuse the list from then on.
    pub expires: i64,
}

/// Whether a list id is usable.
pub fn valid_list_id(id: &str) -> bool {
    (1..=MAX_LIST_ID).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

/// What a reader requires beyond a valid signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadPolicy {
    /// The current time, Unix seconds.
    pub now: i64,
    /// Sequence of the list already held, if any: older lists are refused.
    pub held_sequence: Option<u64>,
}

/// Why a list file was refused. Nothing from a refused file is used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// Shorter than its header, or than the length its header gives.
    #[error("list file is truncated ({len} bytes{})", expected.map(|e| format!(", header says {e}")).unwrap_or_default())]
    Truncated { len: usize, expected: Option<u64> },
    /// The file does not start with the list format's magic bytes.
    #[error("not a turnback list file (bad magic)")]
    BadMagic,
    /// A format version or hash scheme this reader does not know.
    #[error("unsupported list format version {version} / hash scheme {scheme} (this reader knows {FORMAT_VERSION} / {HASH_SCHEME})")]
    UnsupportedVersion { version: u16, scheme: u16 },
    /// Signed by another publisher key than the pinned one.
    #[error("list is signed by key {found}, not by the pinned key {expected}")]
    UnknownKey { found: KeyId, expected: KeyId },
    /// The Ed25519 signature does not match the file's bytes.
    #[error("list signature does not verify")]
    BadSignature,
    /// The list's expiry time is not after the policy's `now`.
    #[error("list expired at {} (now {})", utc(*expires), utc(*now))]
    Expired { expires: i64, now: i64 },
    /// A lower sequence than the list already held (a rollback).
    #[error("list sequence {found} is older than the loaded list's {held}")]
    Older { found: u64, held: u64 },
    /// A section of the file that is out of bounds or inconsistent.
    #[error("malformed list: {section}: {reason}")]
    Malformed {
        section: &'static str,
        reason: &'static str,
    },
    /// The metadata section does not read or validate. Boxed: a
    /// `MetaError` inline makes every `Result` that can hold a `LoadError`
    /// larger, and the Wasm module 149 bytes larger gzipped. So the source
    /// is the `Box<MetaError>` (downcast to that), whose own source is the
    /// `MetaError`'s.
    #[error("malformed list: metadata: {0}")]
    Metadata(#[source] Box<MetaError>),
}

/// A metadata error becomes a [`LoadError`] here alone.
impl From<MetaError> for LoadError {
    fn from(e: MetaError) -> LoadError {
        LoadError::Metadata(Box::new(e))
    }
}

/// Unix seconds as `YYYY-MM-DDTHH:MM:SSZ` (proleptic Gregorian, UTC).
pub fn utc(secs: i64) -> String {
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Days to civil date: H. Hinnant, "chrono-compatible low-level date algorithms".
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn malformed(section: &'static str, reason: &'static str) -> LoadError {
    LoadError::Malformed { section, reason }
}

/// Assembles a list file from its sections; signs it when a key is given
/// (an unsigned file has a zero signature and loads only as trusted bytes).
pub(crate) fn assemble(
    info: &ListInfo,
    sections: Vec<(Section, Vec<u8>)>,
    key: Option<&SecretKey>,
) -> Vec<u8> {
    let table_end = HEADER_LEN + SECTION_ENTRY * sections.len();
    let mut offsets = Vec::with_capacity(sections.len());
    let mut at = table_end;
    for (_, body) in &sections {
        offsets.push(at);
        at += body.len().div_ceil(8) * 8;
    }
    let total = at + SIGNATURE_LEN;
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&HASH_SCHEME.to_le_bytes());
    out.extend_from_slice(&(HEADER_LEN as u32).to_le_bytes());
    let mut id = [0u8; MAX_LIST_ID];
    let n = info.id.len().min(MAX_LIST_ID);
    id[..n].copy_from_slice(&info.id.as_bytes()[..n]);
    out.extend_from_slice(&id);
    out.extend_from_slice(&info.key_id.0);
    out.extend_from_slice(&info.sequence.to_le_bytes());
    out.extend_from_slice(&info.created.to_le_bytes());
    out.extend_from_slice(&info.expires.to_le_bytes());
    out.extend_from_slice(&(sections.len() as u32).to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&(total as u64).to_le_bytes());
    for ((kind, body), off) in sections.iter().zip(&offsets) {
        out.extend_from_slice(&(*kind as u32).to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&(*off as u64).to_le_bytes());
        out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    }
    for (_, body) in &sections {
        out.extend_from_slice(body);
        pad8(&mut out);
    }
    let signature = key.map_or([0u8; SIGNATURE_LEN], |k| k.sign(&out));
    out.extend_from_slice(&signature);
    out
}

/// A list file checked and mapped: where each structure lies in its bytes.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub(crate) info: ListInfo,
    pub(crate) categories: Vec<String>,
    pub(crate) url_filter: FilterLayout,
    pub(crate) urls: TableLayout,
    pub(crate) phrase_filter: FilterLayout,
    pub(crate) keywords: TableLayout,
    pub(crate) terms: TableLayout,
    pub(crate) term_groups: Range<usize>,
    pub(crate) rules: RulesLayout,
    pub(crate) metadata: Range<usize>,
    /// URL entries probed by SHA-256 prefix; `None` (the section is absent)
    /// keeps the URL check exactly as it is without them.
    pub(crate) url_hashes: Option<(FilterLayout, TableLayout)>,
    /// The URL changes of releases built on this file's base, oldest
    /// first, with the filters over what they add (none: no stash).
    pub(crate) stashes: Stashes,
    /// Every section's range, for [`section_sizes`](Self::section_sizes)
    /// (the CLI's: not kept in the Wasm build).
    #[cfg(not(target_arch = "wasm32"))]
    ranges: Ranges,
}

/// A file's stashes and the filters over their additions. Their additions
/// are probed by xxh3 key (built from plaintext) or by SHA-256 prefix
/// (known only by hash), as the base's are.
#[derive(Debug, Clone, Default)]
pub(crate) struct Stashes {
    pub(crate) filter: Option<FilterLayout>,
    pub(crate) hash_filter: Option<FilterLayout>,
    /// Oldest first.
    pub(crate) list: Vec<StashLayout>,
}

/// Where each section lies: `0..0` for an absent single one (no section
/// starts at 0), and the stashes in file order.
#[derive(Debug, Clone, Default)]
struct Ranges {
    single: [Range<usize>; SINGLE],
    stashes: Vec<Range<usize>>,
}

impl Layout {
    /// Checks a list file in the documented order and maps its sections.
    /// With `key` and `policy` `None` the bytes are trusted (built in this
    /// process) and only their structure is checked.
    pub(crate) fn open(
        file: &[u8],
        key: Option<&PublicKey>,
        policy: Option<&LoadPolicy>,
    ) -> Result<Layout, LoadError> {
        let len = file.len();
        if len < HEADER_LEN + SIGNATURE_LEN {
            return Err(LoadError::Truncated {
                len,
                expected: None,
            });
        }
        if file.get(..8) != Some(&MAGIC[..]) {
            return Err(LoadError::BadMagic);
        }
        let u16_at = |o: usize| {
            file.get(o..o + 2)
                .map_or(0, |b| u16::from_le_bytes([b[0], b[1]]))
        };
        let (version, scheme) = (u16_at(8), u16_at(10));
        if version != FORMAT_VERSION || scheme != HASH_SCHEME {
            return Err(LoadError::UnsupportedVersion { version, scheme });
        }
        let declared = u64_at(file, 88).unwrap_or(0);
        if u64::try_from(len).ok() != Some(declared) {
            return Err(LoadError::Truncated {
                len,
                expected: Some(declared),
            });
        }
        let header = |r: &'static str| malformed("header", r);
        if u32_at(file, 12) != Some(HEADER_LEN as u32) {
            return Err(header("header length is not 96"));
        }
        let mut key_id = [0u8; 8];
        key_id.copy_from_slice(file.get(48..56).ok_or(header("truncated"))?);
        let key_id = KeyId(key_id);
        let signed = len - SIGNATURE_LEN;
        if let Some(key) = key {
            if key.id() != key_id {
                return Err(LoadError::UnknownKey {
                    found: key_id,
                    expected: key.id(),
                });
            }
            let sig = file.get(signed..).ok_or(LoadError::BadSignature)?;
            let sig =
                ed25519_dalek::Signature::from_slice(sig).map_err(|_| LoadError::BadSignature)?;
            let body = file.get(..signed).ok_or(LoadError::BadSignature)?;
            key.0
                .verify_strict(body, &sig)
                .map_err(|_| LoadError::BadSignature)?;
        }
        let id_bytes = file.get(16..48).ok_or(header("truncated"))?;
        let id_len = id_bytes.iter().position(|&b| b == 0).unwrap_or(MAX_LIST_ID);
        let id =
            std::str::from_utf8(&id_bytes[..id_len]).map_err(|_| header("list id is not UTF-8"))?;
        if !valid_list_id(id) || id_bytes[id_len..].iter().any(|&b| b != 0) {
            return Err(header("list id is not [a-z0-9._-], 1-32 bytes"));
        }
        let info = ListInfo {
            id: id.to_string(),
            key_id,
            sequence: u64_at(file, 56).ok_or(header("truncated"))?,
            created: u64_at(file, 64).ok_or(header("truncated"))? as i64,
            expires: u64_at(file, 72).ok_or(header("truncated"))? as i64,
        };
        if let Some(p) = policy {
            if info.expires <= p.now {
                return Err(LoadError::Expired {
                    expires: info.expires,
                    now: p.now,
                });
            }
            if let Some(held) = p.held_sequence.filter(|&h| info.sequence < h) {
                return Err(LoadError::Older {
                    found: info.sequence,
                    held,
                });
            }
        }
        let ranges = section_ranges(file, signed)?;
        let r = |s: Section| ranges.single[s as usize - 1].clone();
        let bad = |s: Section| move |reason| malformed(s.name(), reason);
        let optional_filter = |s: Section| match r(s).start {
            0 => Ok(None),
            _ => FilterLayout::parse(file, r(s))
                .map(Some)
                .map_err(|reason| malformed(s.name(), reason)),
        };
        let mut stashes = Stashes {
            filter: optional_filter(Section::StashFilter)?,
            hash_filter: optional_filter(Section::StashHashFilter)?,
            list: Vec::with_capacity(ranges.stashes.len()),
        };
        for at in &ranges.stashes {
            let stash = StashLayout::parse(file, at.clone()).map_err(bad(Section::Stash))?;
            let after = stashes.list.last().map_or(0, |s| s.sequence);
            if stash.sequence <= after || stash.sequence > info.sequence {
                return Err(malformed(
                    "stash",
                    "stash sequences must increase and not pass the list's",
                ));
            }
            stashes.list.push(stash);
        }
        let categories = parse_categories(file.get(r(Section::Categories)).unwrap_or(&[]))
            .map_err(bad(Section::Categories))?;
        let layout = Layout {
            info,
            url_filter: FilterLayout::parse(file, r(Section::UrlFilter))
                .map_err(bad(Section::UrlFilter))?,
            urls: TableLayout::parse(file, r(Section::UrlTable)).map_err(bad(Section::UrlTable))?,
            phrase_filter: FilterLayout::parse(file, r(Section::PhraseFilter))
                .map_err(bad(Section::PhraseFilter))?,
            keywords: TableLayout::parse(file, r(Section::KeywordTable))
                .map_err(bad(Section::KeywordTable))?,
            terms: TableLayout::parse(file, r(Section::TermTable))
                .map_err(bad(Section::TermTable))?,
            term_groups: r(Section::TermGroups),
            rules: RulesLayout::parse(file, r(Section::Rules)).map_err(bad(Section::Rules))?,
            metadata: r(Section::Metadata),
            url_hashes: match r(Section::UrlHashFilter).start {
                0 => None,
                _ => Some((
                    FilterLayout::parse(file, r(Section::UrlHashFilter))
                        .map_err(bad(Section::UrlHashFilter))?,
                    TableLayout::parse(file, r(Section::UrlHashTable))
                        .map_err(bad(Section::UrlHashTable))?,
                )),
            },
            categories,
            stashes,
            #[cfg(not(target_arch = "wasm32"))]
            ranges,
        };
        if layout.term_groups.len() != layout.terms.len() * 4 {
            return Err(malformed(
                "term groups",
                "length does not match the term table",
            ));
        }
        let groups = file.get(layout.term_groups.clone()).unwrap_or(&[]);
        if groups
            .chunks_exact(4)
            .any(|c| u32_at(c, 0).is_none_or(|g| g >= layout.rules.groups()))
        {
            return Err(malformed(
                "term groups",
                "a term names a group out of range",
            ));
        }
        if std::str::from_utf8(file.get(layout.metadata.clone()).unwrap_or(&[])).is_err() {
            return Err(malformed("metadata", "not UTF-8"));
        }
        Ok(layout)
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Layout {
    /// Where a single section lies (`0..0` when absent).
    pub(crate) fn range(&self, s: Section) -> Range<usize> {
        self.ranges
            .single
            .get(s as usize - 1)
            .cloned()
            .unwrap_or_default()
    }

    /// Where each stash lies, oldest first.
    pub(crate) fn stash_ranges(&self) -> &[Range<usize>] {
        &self.ranges.stashes
    }

    pub(crate) fn section_sizes(&self) -> Vec<(&'static str, usize)> {
        // Computed here, not at load: the Wasm module never asks for them.
        SECTIONS
            .iter()
            .zip(&self.ranges.single)
            .filter(|(_, r)| r.start != 0)
            .map(|(s, r)| (s.name(), r.len()))
            .chain(self.ranges.stashes.iter().map(|r| ("stash", r.len())))
            .collect()
    }
}

/// Reads and checks the section table: every required kind exactly once,
/// the optional URL hash filter and table both or neither (`0..0` when
/// absent: no section starts at 0), stashes at most [`MAX_STASHES`] and
/// their filters only with them, aligned, in order, inside the signed
/// part, not overlapping.
fn section_ranges(file: &[u8], signed: usize) -> Result<Ranges, LoadError> {
    let table = |r| malformed("section table", r);
    let count = u32_at(file, 80).ok_or(table("truncated"))? as usize;
    if count == 0 || count > MAX_SECTIONS {
        return Err(table("section count out of range"));
    }
    let table_end = HEADER_LEN + count * SECTION_ENTRY;
    if table_end > signed {
        return Err(table("section table runs past the end"));
    }
    // One array, absent entries `0..0`: no second array of options to convert.
    let mut out = Ranges::default();
    let mut prev_end = table_end;
    for i in 0..count {
        let e = HEADER_LEN + i * SECTION_ENTRY;
        let kind = u32_at(file, e).ok_or(table("truncated"))?;
        let off = u64_at(file, e + 8).ok_or(table("truncated"))?;
        let n = u64_at(file, e + 16).ok_or(table("truncated"))?;
        if u32_at(file, e + 4) != Some(0) {
            return Err(table("reserved field is not zero"));
        }
        let slot = SECTIONS
            .iter()
            .position(|s| *s as u32 == kind)
            .ok_or(table("unknown section kind"))?;
        let start = usize::try_from(off).map_err(|_| table("section offset too large"))?;
        let end = usize::try_from(n)
            .ok()
            .and_then(|n| start.checked_add(n))
            .ok_or(table("section length too large"))?;
        if start % 8 != 0 || start < prev_end || end > signed {
            return Err(table("sections overlap, are unaligned or run past the end"));
        }
        prev_end = end;
        if kind == Section::Stash as u32 {
            if out.stashes.len() == MAX_STASHES {
                return Err(table("more than 32 stashes"));
            }
            out.stashes.push(start..end);
            continue;
        }
        let seen = out
            .single
            .get_mut(slot)
            .ok_or(table("unknown section kind"))?;
        if seen.start != 0 {
            return Err(table("a section appears twice"));
        }
        *seen = start..end;
    }
    let s = &out.single;
    if s[..REQUIRED].iter().any(|r| r.start == 0) {
        return Err(table("a required section is missing"));
    }
    if (s[9].start == 0) != (s[10].start == 0) {
        return Err(table("the url hash filter and table come together"));
    }
    if out.stashes.is_empty() && (s[11].start != 0 || s[12].start != 0) {
        return Err(table("a stash filter without stashes"));
    }
    Ok(out)
}

/// Writes the categories section.
pub(crate) fn write_categories(names: &[String]) -> Vec<u8> {
    let mut out = (names.len() as u32).to_le_bytes().to_vec();
    for n in names {
        let b = &n.as_bytes()[..n.len().min(MAX_CATEGORY_NAME)];
        out.push(b.len() as u8);
        out.extend_from_slice(b);
    }
    out
}

fn parse_categories(b: &[u8]) -> Result<Vec<String>, &'static str> {
    let count = u32_at(b, 0).ok_or("truncated")? as usize;
    if !(1..=256).contains(&count) {
        return Err("category count out of range");
    }
    let mut names = Vec::with_capacity(count);
    let mut at = 4;
    for _ in 0..count {
        let n = *b.get(at).ok_or("truncated")? as usize;
        let name = b.get(at + 1..at + 1 + n).ok_or("truncated")?;
        if n == 0 || n > MAX_CATEGORY_NAME {
            return Err("category name length out of range");
        }
        names.push(
            std::str::from_utf8(name)
                .map_err(|_| "category name is not UTF-8")?
                .to_string(),
        );
        at += 1 + n;
    }
    if at != b.len() {
        return Err("trailing bytes");
    }
    Ok(names)
}

/// A term group read in place.
#[inline]
pub(crate) fn term_group(file: &[u8], groups: &Range<usize>, slot: u32) -> Option<u32> {
    u32_at(file.get(groups.clone())?, slot as usize * 4)
}

#[cfg(test)]
mod tests {
    use super::utc;

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc(1_795_928_802), "2026-11-29T05:06:42Z");
        assert_eq!(utc(-1), "1969-12-31T23:59:59Z");
    }
}
