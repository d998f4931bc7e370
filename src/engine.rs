//! Joins a list with URL canonicalization and text normalization into the
//! three checks every shell needs.

use std::fmt;
use std::ops::ControlFlow;

use crate::hash::{FilterKey, HashKind, PrefixHash};
use crate::list::{Category, Filter, HashTable, RuleSet};
use crate::{search, text, url};

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
}

impl Verdict {
    const NONE: Verdict = Verdict { hit: None };

    fn hit(kind: MatchKind, index: u32, category: Category) -> Verdict {
        Verdict {
            hit: Some(Hit {
                entry: EntryId { kind, index },
                category,
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
}

/// Everything a built list consists of.
pub(crate) struct Tables {
    pub(crate) categories: Vec<String>,
    pub(crate) url_filter: Filter,
    pub(crate) urls: HashTable,
    pub(crate) phrase_filter: Filter,
    pub(crate) keywords: HashTable,
    pub(crate) terms: HashTable,
    /// Term group of each slot of `terms`.
    pub(crate) term_groups: Vec<u32>,
    pub(crate) rules: RuleSet,
}

/// Size figures of a loaded list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListStats {
    pub url_entries: usize,
    pub keyword_entries: usize,
    pub term_entries: usize,
    pub rules: usize,
    /// Bytes held by filters and tables.
    pub bytes: usize,
}

/// Checks URLs and search text against one list.
pub struct Engine {
    t: Tables,
}

impl fmt::Debug for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Engine")
            .field("stats", &self.stats())
            .finish()
    }
}

impl Engine {
    pub(crate) fn new(t: Tables) -> Engine {
        Engine { t }
    }

    /// Checks a URL against the URL entries. Input that is not a URL with a
    /// host (see [`url::canonicalize`]) never matches.
    pub fn check_url(&self, input: &str) -> Verdict {
        match url::canonicalize(input) {
            Ok(u) => self.check_canonical(&u),
            Err(_) => Verdict::NONE,
        }
    }

    fn check_canonical(&self, u: &url::CanonicalUrl) -> Verdict {
        let mut verdict = Verdict::NONE;
        url::for_each_expression(u, |expr| {
            let b = expr.as_bytes();
            if !self
                .t
                .url_filter
                .may_contain(FilterKey::of(HashKind::Url, b))
            {
                return ControlFlow::Continue(());
            }
            match self.t.urls.find(PrefixHash::of(HashKind::Url, b)) {
                Some((i, c)) => {
                    verdict = Verdict::hit(MatchKind::Url, i, Category(c));
                    ControlFlow::Break(())
                }
                None => ControlFlow::Continue(()),
            }
        });
        verdict
    }

    /// Checks search text against keyword phrases and combination rules.
    pub fn check_query(&self, text: &str) -> Verdict {
        self.check_text(text, true)
    }

    fn check_text(&self, text: &str, with_rules: bool) -> Verdict {
        let normalized = text::normalize(text);
        let mut keyword: Option<(u32, u8)> = None;
        let mut groups: Vec<u32> = Vec::new();
        normalized.for_each_window(|w| {
            let b = w.as_bytes();
            if !self
                .t
                .phrase_filter
                .may_contain(FilterKey::of(HashKind::Phrase, b))
            {
                return;
            }
            let h = PrefixHash::of(HashKind::Phrase, b);
            if let Some(hit) = self.t.keywords.find(h) {
                // Lowest slot wins, so the verdict does not depend on order.
                if keyword.is_none_or(|k| hit.0 < k.0) {
                    keyword = Some(hit);
                }
            }
            if with_rules {
                if let Some((slot, _)) = self.t.terms.find(h) {
                    if let Some(&g) = self.t.term_groups.get(slot as usize) {
                        if !groups.contains(&g) {
                            groups.push(g);
                        }
                    }
                }
            }
        });
        if let Some((i, c)) = keyword {
            return Verdict::hit(MatchKind::Keyword, i, Category(c));
        }
        match self.t.rules.first_satisfied(&groups) {
            Some((r, c)) => Verdict::hit(MatchKind::Combination, r, c),
            None => Verdict::NONE,
        }
    }

    /// Checks a page about to be opened: its URL against URL entries, then
    /// the search text extracted from it. Text found only by the generic
    /// parameter fallback (an unknown site) is matched against keyword
    /// phrases but not combination rules, whose terms are harmless alone.
    pub fn check_navigation(&self, input: &str) -> Verdict {
        let Ok(u) = url::canonicalize(input) else {
            return Verdict::NONE;
        };
        let v = self.check_canonical(&u);
        if v.is_match() {
            return v;
        }
        match search::extract(&u) {
            Some(s) => self.check_text(&s.text, s.site.is_some()),
            None => Verdict::NONE,
        }
    }

    /// Name of a category of this list.
    pub fn category_name(&self, c: Category) -> Option<&str> {
        self.t.categories.get(usize::from(c.0)).map(String::as_str)
    }

    /// Entry counts and memory held.
    pub fn stats(&self) -> ListStats {
        let t = &self.t;
        ListStats {
            url_entries: t.urls.len(),
            keyword_entries: t.keywords.len(),
            term_entries: t.terms.len(),
            rules: t.rules.len(),
            bytes: t.url_filter.size_bytes()
                + t.urls.size_bytes()
                + t.phrase_filter.size_bytes()
                + t.keywords.size_bytes()
                + t.terms.size_bytes()
                + t.term_groups.len() * 4,
        }
    }
}
