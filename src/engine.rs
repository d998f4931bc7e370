//! Joins a list with URL canonicalization and text normalization into the
//! three checks every shell needs.

use std::fmt;

use crate::hash::{FilterKey, PrefixHash};
#[cfg(not(target_arch = "wasm32"))]
use crate::list::Section;
use crate::list::{
    term_group, Category, Change, Layout, ListInfo, LoadError, LoadPolicy, MetaError, Metadata,
    Prevention, PublicKey,
};
use crate::prepared::{self, PreparedUrl};
use crate::search::SiteTable;

/// What kind of list entry matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchKind {
    /// A URL expression (host suffix + path prefix).
    Url,
    /// A keyword phrase.
    Keyword,
    /// A combination rule: all of its terms occur in the text.
    Combination,
}

impl MatchKind {
    /// `url`, `keyword` or `combination`.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Url => "url",
            MatchKind::Keyword => "keyword",
            MatchKind::Combination => "combination",
        }
    }
}

/// Opaque identity of the entry that matched, stable for one list version.
/// It never reveals the entry's plaintext (there is none to reveal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntryId {
    kind: MatchKind,
    index: u32,
}

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.kind.as_str(), self.index)
    }
}

/// The answer to one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Verdict {
    hit: Option<Hit>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hit {
    entry: EntryId,
    category: Category,
    /// Found in search text that only the site table's `*` rules read.
    fallback: bool,
}

impl Verdict {
    const NONE: Verdict = Verdict { hit: None };

    fn hit(kind: MatchKind, index: u32, category: Category) -> Verdict {
        Verdict {
            hit: Some(Hit {
                entry: EntryId { kind, index },
                category,
                fallback: false,
            }),
        }
    }

    /// The same verdict, marked as found through the site table's `*`
    /// rules (see [`Verdict::via_fallback`]).
    pub(crate) fn marked_fallback(self) -> Verdict {
        Verdict {
            hit: self.hit.map(|h| Hit {
                fallback: true,
                ..h
            }),
        }
    }

    /// True when an entry matched.
    pub fn is_match(&self) -> bool {
        self.hit.is_some()
    }
    /// Kind of the matching entry.
    pub fn kind(&self) -> Option<MatchKind> {
        self.hit.map(|h| h.entry.kind)
    }
    /// Category of the matching entry.
    pub fn category(&self) -> Option<Category> {
        self.hit.map(|h| h.category)
    }
    /// Opaque id of the matching entry.
    pub fn entry(&self) -> Option<EntryId> {
        self.hit.map(|h| h.entry)
    }
    /// True when [`Engine::check_navigation`] matched only search text
    /// that the site table's rules for any host (`*`) found: the URL's host
    /// is no known search site, its text was read by the generic search
    /// paths or the plain parameter fallback. A page can put such text on
    /// any URL it frames, so the extension does not act on these hits in
    /// cross-site frames.
    pub fn via_fallback(&self) -> bool {
        self.hit.is_some_and(|h| h.fallback)
    }
}

/// What the phrase probes of one text found.
#[derive(Default)]
pub(crate) struct PhraseHits {
    /// Lowest keyword slot matched, with its category.
    pub(crate) keyword: Option<(u32, u8)>,
    /// Term groups matched.
    groups: Vec<u32>,
}

/// A one-list check's verdict.
fn alone(hit: Option<(usize, Verdict)>) -> Verdict {
    hit.map_or(Verdict::NONE, |(_, v)| v)
}

/// Size figures of a loaded list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListStats {
    /// URL expressions stored.
    pub url_entries: usize,
    /// Keyword keys stored (a phrase has one per normalization variant).
    pub keyword_entries: usize,
    /// Combination term keys stored.
    pub term_entries: usize,
    /// Combination rules.
    pub rules: usize,
    /// Bytes held: the list file, read in place.
    pub bytes: usize,
}

/// A base list's URL sections, byte for byte.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) struct BaseUrlSections<'a> {
    pub(crate) filter: &'a [u8],
    pub(crate) table: &'a [u8],
    /// The URL hash filter and table, when the base has them.
    pub(crate) hashed: Option<(&'a [u8], &'a [u8])>,
}

/// Entries of one category of a loaded list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CategoryCounts {
    /// URL expressions stored.
    pub url_entries: usize,
    /// Keyword keys stored.
    pub keyword_entries: usize,
    /// Combination rules.
    pub rules: usize,
}

/// Checks URLs and search text against one list. It holds the list file's
/// bytes and reads every lookup structure in place from them.
pub struct Engine {
    file: Box<[u8]>,
    l: Layout,
    meta: Metadata,
    /// The built-in site table extended by the list, when it adds sites.
    sites: Option<SiteTable>,
}

impl fmt::Debug for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Engine")
            .field("info", &self.l.info)
            .field("stats", &self.stats())
            .finish()
    }
}

impl Engine {
    /// Loads a list file: checks magic, version, length, the signature
    /// against the pinned `key`, expiry and sequence (in that order, see
    /// docs/list-format.md), then maps the sections without copying them.
    pub fn from_bytes(
        file: Vec<u8>,
        key: &PublicKey,
        policy: &LoadPolicy,
    ) -> Result<Engine, LoadError> {
        Engine::from_bytes_with(file, key, policy, Metadata::parse_json)
    }

    /// Loads a list file as [`from_bytes`](Self::from_bytes) does, but
    /// reads the metadata section's JSON (signed, UTF-8) with
    /// `read_metadata`, for a host with a JSON parser of its own (the Wasm
    /// bindings use the browser's). Whatever it returns is checked with
    /// [`Metadata::validate`], as `from_bytes` checks its own reading.
    pub fn from_bytes_with(
        file: Vec<u8>,
        key: &PublicKey,
        policy: &LoadPolicy,
        read_metadata: impl FnOnce(&str) -> Result<Metadata, MetaError>,
    ) -> Result<Engine, LoadError> {
        let l = Layout::open(&file, Some(key), Some(policy))?;
        Engine::assemble(file, l, read_metadata, Metadata::validate)
    }

    /// [`from_bytes_with`](Self::from_bytes_with) for a reader that refuses
    /// bidi controls in every string as it reads them (the Wasm bindings'):
    /// the rest of [`Metadata::validate`] is checked here.
    #[cfg(target_arch = "wasm32")]
    pub(crate) fn from_bytes_with_bidi_checked(
        file: Vec<u8>,
        key: &PublicKey,
        policy: &LoadPolicy,
        read_metadata: impl FnOnce(&str) -> Result<Metadata, MetaError>,
    ) -> Result<Engine, LoadError> {
        let l = Layout::open(&file, Some(key), Some(policy))?;
        Engine::assemble(
            file,
            l,
            read_metadata,
            Metadata::validate_except_bidi_controls,
        )
    }

    /// Bytes built by this process's [`ListBuilder`](crate::ListBuilder).
    pub(crate) fn from_trusted_bytes(file: Vec<u8>) -> Result<Engine, LoadError> {
        let l = Layout::open(&file, None, None)?;
        Engine::assemble(file, l, Metadata::parse_json, Metadata::validate)
    }

    /// Reads the structure of a list file without checking its signature,
    /// for inspection only: never match against a list loaded this way.
    pub fn inspect_unverified(file: Vec<u8>) -> Result<Engine, LoadError> {
        Engine::from_trusted_bytes(file)
    }

    fn assemble(
        file: Vec<u8>,
        l: Layout,
        read_metadata: impl FnOnce(&str) -> Result<Metadata, MetaError>,
        validate: fn(&Metadata) -> Result<(), MetaError>,
    ) -> Result<Engine, LoadError> {
        let json = file
            .get(l.metadata.clone())
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("");
        let mut meta = read_metadata(json).and_then(|m| validate(&m).map(|()| m))?;
        meta.categories = l.categories.clone();
        let sites = match meta.sites.trim() {
            "" => None,
            extra => {
                let extra = SiteTable::parse(extra).map_err(MetaError::from)?;
                let mut t = SiteTable::builtin().clone();
                t.extend(extra);
                Some(t)
            }
        };
        Ok(Engine {
            file: file.into_boxed_slice(),
            l,
            meta,
            sites,
        })
    }

    /// The list's header: id, key id, sequence, created and expiry times.
    pub fn info(&self) -> &ListInfo {
        &self.l.info
    }

    /// The list's metadata: messages, help resources, site additions.
    pub fn metadata(&self) -> &Metadata {
        &self.meta
    }

    /// What to show on a match for a user's language (BCP 47 tag, e.g.
    /// `de-AT`) and country (ISO 3166, e.g. `AT`).
    pub fn prevention(&self, lang: &str, country: &str) -> Option<Prevention<'_>> {
        self.meta.prevention(lang, country)
    }

    /// Bytes of each section, in file order, for inspection (`turnback
    /// inspect`; not in the Wasm build).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn section_sizes(&self) -> Vec<(&'static str, usize)> {
        self.l.section_sizes()
    }

    /// Checks a URL against the URL entries. Input that is not a URL with a
    /// host (see [`url::canonicalize`]) never matches.
    pub fn check_url(&self, input: &str) -> Verdict {
        alone(prepared::check_url(std::slice::from_ref(self), input))
    }

    /// Whether a URL expression of `len` bytes can be in the base or the
    /// stashes: a cheap test before its filter key is computed.
    pub(crate) fn wants_url_length(&self, len: usize) -> bool {
        self.l.url_filter.may_have_length(len)
            || self
                .l
                .stashes
                .filter
                .as_ref()
                .is_some_and(|f| f.may_have_length(len))
    }

    /// This list's verdict on a prepared URL.
    // One copy in the Wasm build, not one inlined into each check.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(crate) fn url_verdict(&self, p: &mut PreparedUrl<'_>) -> Verdict {
        // First every expression's filter probes (keys computed when the
        // URL was prepared): independent loads the CPU can overlap instead
        // of one cache miss at a time.
        let filter = &self.l.url_filter;
        let stashed = self.l.stashes.filter.as_ref();
        let (mut base, mut added) = (0u32, 0u32);
        for i in 0..p.len() {
            let Some((_, k)) = p.key(i).filter(|&(len, _)| self.wants_url_length(len)) else {
                continue;
            };
            if filter.may_contain_outlined(&self.file, k) {
                base |= 1 << i;
            }
            if stashed.is_some_and(|f| f.may_contain_outlined(&self.file, k)) {
                added |= 1 << i;
            }
        }
        // Entries known only by their SHA-256 (docs/list-format.md) need
        // every expression's SHA-256; without them, nothing changes here.
        let by_hash = self.l.url_hashes.is_some() || self.l.stashes.hash_filter.is_some();
        if base | added == 0 && !by_hash {
            return Verdict::NONE;
        }
        // Rare: confirm candidates with SHA-256, in expression order.
        for i in 0..p.len() {
            let bit = 1 << i;
            if (base | added) & bit == 0 && !by_hash {
                continue;
            }
            if let Some((slot, c)) = self.find_url(p.prefix(i), base & bit != 0, added & bit != 0) {
                return Verdict::hit(MatchKind::Url, slot, Category(c));
            }
        }
        Verdict::NONE
    }

    /// The URL entry with SHA-256 prefix `p`, if listed: slot and category.
    /// `base` and `added` say whether the URL filter and the stash filter
    /// marked its expression as a candidate. The newest stash that names
    /// `p` decides; else the base's tables (docs/list-format.md, "Lookup").
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn find_url(&self, p: PrefixHash, base: bool, added: bool) -> Option<(u32, u8)> {
        let l = &self.l;
        let hashed = l.url_hashes.as_ref();
        let in_base = base
            .then(|| l.urls.find(&self.file, p))
            .flatten()
            .or_else(|| {
                // Hash-only entries are numbered after the others.
                let (_, t) =
                    hashed.filter(|(f, _)| f.may_contain_outlined(&self.file, FilterKey(p.0)))?;
                let (slot, c) = t.find(&self.file, p)?;
                Some((slot.wrapping_add(l.urls.len() as u32), c))
            });
        let stashes = &l.stashes;
        let added = added
            || stashes
                .hash_filter
                .as_ref()
                .is_some_and(|f| f.may_contain_outlined(&self.file, FilterKey(p.0)));
        if stashes.list.is_empty() || (!added && in_base.is_none()) {
            return in_base;
        }
        // A stash's additions are numbered after the base's and the older
        // stashes' additions.
        let mut next =
            self.base_url_entries() + stashes.list.iter().map(|s| s.added_len()).sum::<usize>();
        for s in stashes.list.iter().rev() {
            next -= s.added_len();
            match s.change(&self.file, p) {
                Some(Change::Added(i, c)) => return Some(((next as u32).wrapping_add(i), c)),
                Some(Change::Removed) => return None,
                None => {}
            }
        }
        in_base
    }

    /// URL entries of the base (without stashes).
    fn base_url_entries(&self) -> usize {
        self.l.urls.len() + self.l.url_hashes.as_ref().map_or(0, |(_, t)| t.len())
    }

    /// Checks search text against keyword phrases and combination rules.
    pub fn check_query(&self, text: &str) -> Verdict {
        alone(prepared::check_query(std::slice::from_ref(self), text))
    }

    /// Longest phrase key this list holds (bytes): longer windows are not
    /// hashed for it.
    pub(crate) fn phrase_max_length(&self) -> usize {
        self.l.phrase_filter.max_length()
    }

    /// Whether a phrase key of `len` bytes can be in this list.
    pub(crate) fn wants_phrase_length(&self, len: usize) -> bool {
        self.l.phrase_filter.may_have_length(len)
    }

    /// Bit `i`: this list's phrase filter may hold window `i` of `batch`.
    /// `by_length`: first test that it holds keys of the window's length
    /// (a batch made for one list holds only such windows).
    pub(crate) fn phrase_candidates(&self, batch: &[(FilterKey, &str)], by_length: bool) -> u64 {
        let filter = &self.l.phrase_filter;
        let mut maybe = 0u64;
        for (i, (k, w)) in batch.iter().enumerate() {
            let wanted = !by_length || filter.may_have_length(w.len());
            maybe |= u64::from(wanted && filter.may_contain(&self.file, *k)) << i;
        }
        maybe
    }

    /// Confirms a candidate window, by its SHA-256 prefix `h`, against the
    /// keyword and (`with_rules`) the term tables.
    pub(crate) fn confirm_phrase(&self, h: PrefixHash, with_rules: bool, hits: &mut PhraseHits) {
        if let Some(hit) = self.l.keywords.find(&self.file, h) {
            // Lowest slot wins, so the verdict does not depend on order.
            if hits.keyword.is_none_or(|k| hit.0 < k.0) {
                hits.keyword = Some(hit);
            }
        }
        if with_rules {
            if let Some((slot, _)) = self.l.terms.find(&self.file, h) {
                if let Some(g) = term_group(&self.file, &self.l.term_groups, slot) {
                    if !hits.groups.contains(&g) {
                        hits.groups.push(g);
                    }
                }
            }
        }
    }

    /// What the phrase probes of one text found, as a verdict: a keyword
    /// first, else the first combination rule satisfied.
    pub(crate) fn phrase_verdict(&self, hits: &PhraseHits) -> Option<Verdict> {
        if let Some((i, c)) = hits.keyword {
            return Some(Verdict::hit(MatchKind::Keyword, i, Category(c)));
        }
        let (r, c) = self.l.rules.first_satisfied(&self.file, &hits.groups)?;
        Some(Verdict::hit(MatchKind::Combination, r, c))
    }

    /// Checks a page about to be opened: its URL against URL entries, then
    /// the search text extracted from it. Text found only by the generic
    /// parameter fallback (an unknown site) is matched against keyword
    /// phrases but not combination rules, whose terms are harmless alone.
    /// A hit in text that only the table's `*` rules found (the host is no
    /// known search site) says so: [`Verdict::via_fallback`].
    pub fn check_navigation(&self, input: &str) -> Verdict {
        alone(prepared::check_navigation(
            std::slice::from_ref(self),
            input,
        ))
    }

    /// The list's own site table (the built-in one extended), when it adds
    /// sites.
    pub(crate) fn site_table(&self) -> Option<&SiteTable> {
        self.sites.as_ref()
    }

    /// Name of a category of this list.
    pub fn category_name(&self, c: Category) -> Option<&str> {
        self.l.categories.get(usize::from(c.0)).map(String::as_str)
    }

    /// The list's category names, indexed by [`Category`].
    pub fn categories(&self) -> &[String] {
        &self.l.categories
    }

    /// Every stored key (64-bit SHA-256 prefix) with its category, per
    /// table: `url`, `keyword` and `term`; the URL entries as the stashes
    /// leave them. Hashes only; for comparing two releases (`turnback
    /// diff`), never for matching.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn stored_keys(&self) -> Vec<(&'static str, u64, Category)> {
        let l = &self.l;
        let urls = self.url_prefixes().map(|(p, c)| ("url", p.0, c));
        let phrases = [("keyword", &l.keywords), ("term", &l.terms)]
            .into_iter()
            .flat_map(|(name, t)| {
                t.entries(&self.file)
                    .map(move |(h, c)| (name, h.0, Category(c)))
            });
        urls.chain(phrases).collect()
    }

    /// Entries per category, indexed like [`Engine::categories`]. Native
    /// only (`turnback inspect`): the Wasm module has no use for it.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn category_counts(&self) -> Vec<CategoryCounts> {
        let l = &self.l;
        let mut counts = vec![CategoryCounts::default(); l.categories.len()];
        let mut tally = |c: u8, f: fn(&mut CategoryCounts) -> &mut usize| {
            if let Some(n) = counts.get_mut(usize::from(c)) {
                *f(n) += 1;
            }
        };
        self.url_prefixes()
            .for_each(|(_, c)| tally(c.0, |n| &mut n.url_entries));
        l.keywords
            .payloads(&self.file)
            .for_each(|c| tally(c, |n| &mut n.keyword_entries));
        l.rules
            .categories(&self.file)
            .for_each(|c| tally(c, |n| &mut n.rules));
        counts
    }

    /// The SHA-256 prefix (8 bytes) and category of every URL entry, those
    /// built from plaintext first, then those known only by their hash,
    /// then what the stashes add (oldest first), without what they remove:
    /// what `turnback export` writes. Never plaintext (the list has none).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn url_prefixes(&self) -> impl Iterator<Item = (PrefixHash, Category)> + '_ {
        let l = &self.l;
        let hashed = l.url_hashes.as_ref().map(|(_, t)| t.entries(&self.file));
        let base = l
            .urls
            .entries(&self.file)
            .chain(hashed.into_iter().flatten());
        // The newest stash naming a prefix decides, as in find_url.
        let mut last: std::collections::HashMap<PrefixHash, (usize, Option<u8>)> =
            Default::default();
        for (i, s) in l.stashes.list.iter().enumerate() {
            s.removed(&self.file).for_each(|p| {
                last.insert(p, (i, None));
            });
            s.added(&self.file).for_each(|(p, c)| {
                last.insert(p, (i, Some(c)));
            });
        }
        let kept = base
            .filter(|(p, _)| !last.contains_key(p))
            .collect::<Vec<_>>();
        let added = l
            .stashes
            .list
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.added(&self.file).map(move |a| (i, a)))
            .filter(|(i, (p, c))| last.get(p) == Some(&(*i, Some(*c))))
            .map(|(_, a)| a)
            .collect::<Vec<_>>();
        kept.into_iter().chain(added).map(|(p, c)| (p, Category(c)))
    }

    /// The URL entries of the base (without stashes): what a release
    /// built on this one compares its entries with.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn base_url_prefixes(&self) -> impl Iterator<Item = (PrefixHash, u8)> + '_ {
        let hashed = self
            .l
            .url_hashes
            .as_ref()
            .map(|(_, t)| t.entries(&self.file));
        self.l
            .urls
            .entries(&self.file)
            .chain(hashed.into_iter().flatten())
    }

    /// The base's URL sections, byte for byte, for a release built on it.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn base_url_sections(&self) -> BaseUrlSections<'_> {
        let bytes = |s: Section| self.file.get(self.l.range(s)).unwrap_or_default();
        BaseUrlSections {
            filter: bytes(Section::UrlFilter),
            table: bytes(Section::UrlTable),
            hashed: self
                .l
                .url_hashes
                .as_ref()
                .map(|_| (bytes(Section::UrlHashFilter), bytes(Section::UrlHashTable))),
        }
    }

    /// Every stash section, byte for byte, oldest first.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn stash_sections(&self) -> Vec<&[u8]> {
        self.l
            .stash_ranges()
            .iter()
            .map(|r| self.file.get(r.clone()).unwrap_or_default())
            .collect()
    }

    /// Entry counts and memory held.
    pub fn stats(&self) -> ListStats {
        let l = &self.l;
        ListStats {
            // What the stashes add less what they remove: a builder
            // removes only listed entries and adds only unlisted ones (or
            // removes and adds one whose category changed).
            url_entries: l.stashes.list.iter().fold(self.base_url_entries(), |n, s| {
                (n + s.added_len()).saturating_sub(s.removed_len())
            }),
            keyword_entries: l.keywords.len(),
            term_entries: l.terms.len(),
            rules: l.rules.len(),
            bytes: self.file.len(),
        }
    }
}
