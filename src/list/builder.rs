//! Builds an [`Engine`] from plaintext entries, in memory. The plaintext
//! stays in the builder; the engine it returns holds only hashes.

use std::collections::{HashMap, HashSet};

use super::format::{self, ListInfo, Section};
use super::hash_source::PhraseHash;
use super::keys::{KeyId, SecretKey};
use super::rules::{self, Rule, MAX_TERMS, MIN_TERMS};
use super::{filter, table, Category, ListError, Metadata};
use crate::engine::Engine;
use crate::hash::{FilterKey, HashKind, PrefixHash};
use crate::text::phrase_keys;
use crate::url::canonicalize;

/// A URL entry built from plaintext, hashed.
#[derive(Debug, Clone, Copy)]
pub(super) struct PlainUrl {
    pub(super) prefix: PrefixHash,
    pub(super) key: FilterKey,
    /// [`filter::length_bit`] of its expression.
    pub(super) length: u128,
    pub(super) category: u8,
}

/// Collects URL entries, keyword phrases and combination rules.
#[derive(Debug, Clone)]
pub struct ListBuilder {
    categories: Vec<String>,
    urls: Vec<(String, Category)>,
    keywords: Vec<(Vec<String>, Category)>,
    /// Each rule: the keys of each of its terms.
    rules: Vec<(Vec<Vec<String>>, Category)>,
    /// URL entries known only by their SHA-256 prefix.
    url_hashes: Vec<(PrefixHash, Category)>,
    /// Keyword phrases known only by their hashes, one per variant.
    keyword_hashes: Vec<(Vec<PhraseHash>, Category)>,
    /// Keys already added per section, to merge duplicates.
    seen: HashSet<(u8, String)>,
    metadata: Metadata,
    /// Whether the categories were declared by the metadata (then no new
    /// ones may be added).
    declared: bool,
}

impl Default for ListBuilder {
    fn default() -> Self {
        ListBuilder::new()
    }
}

impl ListBuilder {
    /// The category every new builder starts with, named `default`.
    pub const DEFAULT_CATEGORY: Category = Category(0);

    /// An empty builder with the default metadata and one category,
    /// `default`; [`category`](Self::category) adds more.
    pub fn new() -> ListBuilder {
        ListBuilder {
            categories: vec!["default".to_string()],
            urls: Vec::new(),
            keywords: Vec::new(),
            rules: Vec::new(),
            url_hashes: Vec::new(),
            keyword_hashes: Vec::new(),
            seen: HashSet::new(),
            metadata: Metadata::default(),
            declared: false,
        }
    }

    /// Returns the category named `name`, adding it when new.
    pub fn category(&mut self, name: &str) -> Result<Category, ListError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ListError::EmptyCategoryName);
        }
        if let Some(i) = self.categories.iter().position(|c| c == name) {
            return Ok(Category(i as u8));
        }
        if self.declared {
            return Err(ListError::UndeclaredCategory(name.to_string()));
        }
        if self.categories.len() > usize::from(u8::MAX) {
            return Err(ListError::TooManyCategories);
        }
        self.categories.push(name.to_string());
        Ok(Category((self.categories.len() - 1) as u8))
    }

    fn known(&self, c: Category) -> Result<Category, ListError> {
        if usize::from(c.0) < self.categories.len() {
            Ok(c)
        } else {
            Err(ListError::UnknownCategory(c.0))
        }
    }

    /// False when `key` was already added to `section` (the entry is merged).
    fn first_time(&mut self, section: u8, key: &str) -> bool {
        self.seen.insert((section, key.to_string()))
    }

    /// Adds a URL entry, written as a URL (`https://host.test/a/`) or as a
    /// Safe Browsing expression (`host.test/a/`). It matches every URL that
    /// has this expression among its host-suffix/path-prefix expressions.
    /// Returns `false` when the same expression was already added.
    pub fn add_url(&mut self, entry: &str, category: Category) -> Result<bool, ListError> {
        let category = self.known(category)?;
        let expr = canonicalize(entry)?.expression();
        if !self.first_time(0, &expr) {
            return Ok(false);
        }
        self.urls.push((expr, category));
        Ok(true)
    }

    /// Adds a keyword phrase of one or more words. Returns `false` when a
    /// phrase with the same normalized form was already added.
    pub fn add_keyword(&mut self, phrase: &str, category: Category) -> Result<bool, ListError> {
        let category = self.known(category)?;
        let keys = phrase_keys(phrase)?;
        if !self.first_time(1, keys.first().map_or("", String::as_str)) {
            return Ok(false);
        }
        self.keywords.push((keys, category));
        Ok(true)
    }

    /// Adds a combination rule: it matches a text containing all `terms`
    /// (2 to 4 phrases), anywhere and in any order. Returns `false` when a
    /// rule with the same terms was already added.
    pub fn add_rule(&mut self, terms: &[&str], category: Category) -> Result<bool, ListError> {
        let category = self.known(category)?;
        if !(MIN_TERMS..=MAX_TERMS).contains(&terms.len()) {
            return Err(ListError::RuleTerms(terms.len()));
        }
        let keys = terms
            .iter()
            .map(|t| phrase_keys(t))
            .collect::<Result<Vec<_>, _>>()?;
        for (i, k) in keys.iter().enumerate() {
            if keys[..i].iter().any(|o| o.first() == k.first()) {
                return Err(ListError::RuleRepeatsTerm);
            }
        }
        let mut firsts: Vec<&str> = keys
            .iter()
            .map(|k| k.first().map_or("", String::as_str))
            .collect();
        firsts.sort_unstable();
        let id = firsts.join("\0");
        if !self.first_time(2, &id) {
            return Ok(false);
        }
        self.rules.push((keys, category));
        Ok(true)
    }

    /// Adds a URL entry known only by the SHA-256 of its Safe Browsing
    /// expression (its first 8 bytes, all a list stores). Returns `false`
    /// when the same prefix was already added by hash.
    pub fn add_url_hash(
        &mut self,
        prefix: PrefixHash,
        category: Category,
    ) -> Result<bool, ListError> {
        let category = self.known(category)?;
        if !self.first_time(3, &format!("{:016x}", prefix.0)) {
            return Ok(false);
        }
        self.url_hashes.push((prefix, category));
        Ok(true)
    }

    /// Adds a keyword phrase known only by its keys' hashes (one per
    /// normalization variant, as `turnback hash --keywords` writes them).
    /// Returns `false` when a phrase with the same first key was already
    /// added by hash.
    pub fn add_keyword_hash(
        &mut self,
        keys: Vec<PhraseHash>,
        category: Category,
    ) -> Result<bool, ListError> {
        let category = self.known(category)?;
        let first = keys.first().map_or(0, |k| k.prefix.0);
        if !self.first_time(4, &format!("{first:016x}")) {
            return Ok(false);
        }
        self.keyword_hashes.push((keys, category));
        Ok(true)
    }

    /// A builder whose list carries `metadata` (messages, help resources,
    /// site-table additions). Its categories are the metadata's, and no
    /// others may be used; entries without one get the first.
    pub fn with_metadata(metadata: Metadata) -> Result<ListBuilder, ListError> {
        metadata.validate()?;
        if metadata.categories.is_empty() || metadata.categories.len() > 256 {
            return Err(ListError::TooManyCategories);
        }
        let mut b = ListBuilder::new();
        b.categories = metadata.categories.clone();
        b.metadata = metadata;
        b.declared = true;
        Ok(b)
    }

    /// Hashes everything and builds an engine in memory (unsigned; for
    /// files use [`ListBuilder::write`]).
    pub fn build(&self) -> Result<Engine, ListError> {
        let info = ListInfo {
            id: "in-memory".to_string(),
            key_id: KeyId([0; 8]),
            sequence: 0,
            created: 0,
            expires: i64::MAX,
        };
        let bytes = format::assemble(&info, self.sections()?, None);
        Engine::from_trusted_bytes(bytes).map_err(ListError::Load)
    }

    /// Hashes everything and writes a signed list file. `info.key_id` is
    /// replaced by the id of `key`.
    pub fn write(&self, info: &ListInfo, key: &SecretKey) -> Result<Vec<u8>, ListError> {
        if !format::valid_list_id(&info.id) {
            return Err(ListError::ListId(info.id.clone()));
        }
        let info = ListInfo {
            key_id: key.public().id(),
            ..info.clone()
        };
        Ok(format::assemble(&info, self.sections()?, Some(key)))
    }

    /// Hashes everything and writes an unsigned list file (zero key id,
    /// zero signature), to be signed elsewhere by [`sign_unsigned`](super::sign_unsigned).
    /// No reader accepts it before then.
    pub fn write_unsigned(&self, info: &ListInfo) -> Result<Vec<u8>, ListError> {
        if !format::valid_list_id(&info.id) {
            return Err(ListError::ListId(info.id.clone()));
        }
        let info = ListInfo {
            key_id: KeyId([0; 8]),
            ..info.clone()
        };
        Ok(format::assemble(&info, self.sections()?, None))
    }

    /// Every section's bytes, in file order.
    pub(super) fn sections(&self) -> Result<Vec<(Section, Vec<u8>)>, ListError> {
        let urls = self.url_entries();
        let url_items: Vec<(PrefixHash, u8)> =
            urls.iter().map(|u| (u.prefix, u.category)).collect();
        if url_items.len() > table::MAX_ENTRIES {
            return Err(ListError::TooManyEntries);
        }
        let hashed = self.url_hash_sections(&url_items)?;
        let mut url_filter = Vec::new();
        filter::write(
            urls.iter().map(|u| u.key.0).collect(),
            urls.iter().fold(0, |m, u| m | u.length),
            &mut url_filter,
        )?;
        let mut url_table = Vec::new();
        table::write(url_items, &mut url_table);
        let [phrase_filter, keywords, terms, term_groups, rules] = self.phrase_sections()?;
        let mut sections = vec![
            (
                Section::Categories,
                format::write_categories(&self.categories),
            ),
            (Section::UrlFilter, url_filter),
            (Section::UrlTable, url_table),
            phrase_filter,
            keywords,
            terms,
            term_groups,
            rules,
            (Section::Metadata, self.metadata.to_json().into_bytes()),
        ];
        sections.extend(hashed);
        Ok(sections)
    }

    /// The URL entries built from plaintext, hashed, in the order added.
    pub(super) fn url_entries(&self) -> Vec<PlainUrl> {
        self.urls
            .iter()
            .map(|(expr, cat)| PlainUrl {
                prefix: PrefixHash::of(HashKind::Url, expr.as_bytes()),
                key: FilterKey::of(HashKind::Url, expr.as_bytes()),
                length: filter::length_bit(expr.len()),
                category: cat.0,
            })
            .collect()
    }

    /// The URL entries known only by hash, in the order added.
    #[cfg(not(target_arch = "wasm32"))]
    pub(super) fn url_hash_entries(&self) -> &[(PrefixHash, Category)] {
        &self.url_hashes
    }

    /// The categories, indexed by [`Category`].
    #[cfg(not(target_arch = "wasm32"))]
    pub(super) fn category_names(&self) -> &[String] {
        &self.categories
    }

    /// The same entries with the categories `first` first (their indexes
    /// kept) and this builder's others after them, each entry keeping its
    /// category's name: a release built on a base must keep the base's
    /// category numbers.
    #[cfg(not(target_arch = "wasm32"))]
    pub(super) fn with_categories_first(&self, first: &[String]) -> Result<ListBuilder, ListError> {
        let mut names = first.to_vec();
        for c in &self.categories {
            if !names.contains(c) {
                names.push(c.clone());
            }
        }
        if names.len() > 256 {
            return Err(ListError::TooManyCategories);
        }
        let map: Vec<Category> = self
            .categories
            .iter()
            .map(|c| Category(names.iter().position(|n| n == c).unwrap_or(0) as u8))
            .collect();
        let to = |c: &Category| map.get(usize::from(c.0)).copied().unwrap_or(*c);
        let mut b = self.clone();
        b.categories = names;
        b.urls.iter_mut().for_each(|(_, c)| *c = to(c));
        b.keywords.iter_mut().for_each(|(_, c)| *c = to(c));
        b.rules.iter_mut().for_each(|(_, c)| *c = to(c));
        b.url_hashes.iter_mut().for_each(|(_, c)| *c = to(c));
        b.keyword_hashes.iter_mut().for_each(|(_, c)| *c = to(c));
        b.metadata.categories = b.categories.clone();
        Ok(b)
    }

    /// The metadata section's bytes.
    #[cfg(not(target_arch = "wasm32"))]
    pub(super) fn metadata_section(&self) -> Vec<u8> {
        self.metadata.to_json().into_bytes()
    }

    /// The phrase filter, keyword table, term table, term groups and rules
    /// sections.
    pub(super) fn phrase_sections(&self) -> Result<[(Section, Vec<u8>); 5], ListError> {
        let mut phrase_lengths = 0u128;
        let mut phrase_filter_keys = Vec::new();
        let mut kw_items = Vec::new();
        for (keys, cat) in &self.keywords {
            for k in keys {
                phrase_filter_keys.push(FilterKey::of(HashKind::Phrase, k.as_bytes()).0);
                phrase_lengths |= filter::length_bit(k.len());
                kw_items.push((PrefixHash::of(HashKind::Phrase, k.as_bytes()), cat.0));
            }
        }

        for (keys, cat) in &self.keyword_hashes {
            for k in keys {
                phrase_filter_keys.push(k.key.0);
                phrase_lengths |= filter::length_bit(k.len);
                kw_items.push((k.prefix, cat.0));
            }
        }

        // One group per distinct term (by its first key), shared by rules.
        let mut group_of: HashMap<&str, u32> = HashMap::new();
        let mut term_items: Vec<(PrefixHash, u32)> = Vec::new();
        let mut rules = Vec::with_capacity(self.rules.len());
        for (terms, cat) in &self.rules {
            let mut groups = Vec::with_capacity(terms.len());
            for keys in terms {
                let first = keys.first().map_or("", String::as_str);
                let next = group_of.len() as u32;
                let g = *group_of.entry(first).or_insert_with(|| {
                    for k in keys {
                        phrase_filter_keys.push(FilterKey::of(HashKind::Phrase, k.as_bytes()).0);
                        phrase_lengths |= filter::length_bit(k.len());
                        term_items.push((PrefixHash::of(HashKind::Phrase, k.as_bytes()), next));
                    }
                    next
                });
                groups.push(g);
            }
            rules.push(Rule {
                groups,
                category: *cat,
            });
        }

        let too_many = |n: usize| n > table::MAX_ENTRIES;
        if too_many(kw_items.len()) || too_many(term_items.len()) {
            return Err(ListError::TooManyEntries);
        }
        let mut phrase_filter = Vec::new();
        filter::write(phrase_filter_keys, phrase_lengths, &mut phrase_filter)?;
        let mut keywords = Vec::new();
        table::write(kw_items, &mut keywords);

        // Term slots sort by prefix; record each slot's group in that order,
        // the first group winning when two terms share a key.
        term_items.sort_by_key(|(h, _)| *h);
        term_items.dedup_by_key(|(h, _)| *h);
        let mut terms = Vec::new();
        table::write(
            term_items.iter().map(|(h, _)| (*h, 0)).collect(),
            &mut terms,
        );
        let mut term_groups = Vec::with_capacity(term_items.len() * 4);
        term_items
            .iter()
            .for_each(|(_, g)| term_groups.extend_from_slice(&g.to_le_bytes()));
        let mut rules_block = Vec::new();
        rules::write(&rules, group_of.len(), &mut rules_block);

        Ok([
            (Section::PhraseFilter, phrase_filter),
            (Section::KeywordTable, keywords),
            (Section::TermTable, terms),
            (Section::TermGroups, term_groups),
            (Section::Rules, rules_block),
        ])
    }

    /// The URL hash filter and table, for hash-only URL entries not also
    /// built from plaintext; none at all when there are none, so such a
    /// list is checked exactly as before (docs/list-format.md).
    fn url_hash_sections(
        &self,
        plain: &[(PrefixHash, u8)],
    ) -> Result<Vec<(Section, Vec<u8>)>, ListError> {
        let plain: HashSet<PrefixHash> = plain.iter().map(|(p, _)| *p).collect();
        let items: Vec<(PrefixHash, u8)> = self
            .url_hashes
            .iter()
            .filter(|(p, _)| !plain.contains(p))
            .map(|(p, c)| (*p, c.0))
            .collect();
        if items.is_empty() {
            return Ok(Vec::new());
        }
        if items.len() > table::MAX_ENTRIES {
            return Err(ListError::TooManyEntries);
        }
        let mut filter_block = Vec::new();
        // Keyed by the prefix itself; the lengths are unknown, so all set.
        filter::write(
            items.iter().map(|(p, _)| p.0).collect(),
            u128::MAX,
            &mut filter_block,
        )?;
        let mut table_block = Vec::new();
        table::write(items, &mut table_block);
        Ok(vec![
            (Section::UrlHashFilter, filter_block),
            (Section::UrlHashTable, table_block),
        ])
    }
}
