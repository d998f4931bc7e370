//! Builds an [`Engine`] from plaintext entries, in memory. The plaintext
//! stays in the builder; the engine it returns holds only hashes.

use std::collections::HashMap;

use super::rules::{Rule, MAX_TERMS, MIN_TERMS};
use super::{Category, Filter, HashTable, ListError, RuleSet};
use crate::engine::{Engine, Tables};
use crate::hash::{FilterKey, HashKind, PrefixHash};
use crate::text::phrase_keys;
use crate::url::canonicalize;

/// Collects URL entries, keyword phrases and combination rules.
#[derive(Debug, Clone)]
pub struct ListBuilder {
    categories: Vec<String>,
    urls: Vec<(String, Category)>,
    keywords: Vec<(Vec<String>, Category)>,
    /// Each rule: the keys of each of its terms.
    rules: Vec<(Vec<Vec<String>>, Category)>,
}

impl Default for ListBuilder {
    fn default() -> Self {
        ListBuilder::new()
    }
}

impl ListBuilder {
    /// The category every new builder starts with, named `default`.
    pub const DEFAULT_CATEGORY: Category = Category(0);

    pub fn new() -> ListBuilder {
        ListBuilder {
            categories: vec!["default".to_string()],
            urls: Vec::new(),
            keywords: Vec::new(),
            rules: Vec::new(),
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

    /// Adds a URL entry, written as a URL (`https://host.test/a/`) or as a
    /// Safe Browsing expression (`host.test/a/`). It matches every URL that
    /// has this expression among its host-suffix/path-prefix expressions.
    pub fn add_url(&mut self, entry: &str, category: Category) -> Result<(), ListError> {
        let category = self.known(category)?;
        let expr = canonicalize(entry)?.expression();
        self.urls.push((expr, category));
        Ok(())
    }

    /// Adds a keyword phrase of one or more words.
    pub fn add_keyword(&mut self, phrase: &str, category: Category) -> Result<(), ListError> {
        let category = self.known(category)?;
        self.keywords.push((phrase_keys(phrase)?, category));
        Ok(())
    }

    /// Adds a combination rule: it matches a text containing all `terms`
    /// (2 to 4 phrases), anywhere and in any order.
    pub fn add_rule(&mut self, terms: &[&str], category: Category) -> Result<(), ListError> {
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
        self.rules.push((keys, category));
        Ok(())
    }

    /// Hashes everything and builds the engine.
    pub fn build(self) -> Result<Engine, ListError> {
        let mut url_keys = Vec::with_capacity(self.urls.len());
        let mut url_items = Vec::with_capacity(self.urls.len());
        for (expr, cat) in &self.urls {
            url_keys.push(FilterKey::of(HashKind::Url, expr.as_bytes()).0);
            url_items.push((PrefixHash::of(HashKind::Url, expr.as_bytes()), cat.0));
        }

        let mut phrase_filter_keys = Vec::new();
        let mut kw_items = Vec::new();
        for (keys, cat) in &self.keywords {
            for k in keys {
                phrase_filter_keys.push(FilterKey::of(HashKind::Phrase, k.as_bytes()).0);
                kw_items.push((PrefixHash::of(HashKind::Phrase, k.as_bytes()), cat.0));
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

        let too_many = |n: usize| n > super::table::MAX_ENTRIES;
        if too_many(url_items.len()) || too_many(kw_items.len()) || too_many(term_items.len()) {
            return Err(ListError::TooManyEntries);
        }
        let (urls, _) = HashTable::build(url_items);
        let (keywords, _) = HashTable::build(kw_items);
        let (terms, _) = HashTable::build(term_items.iter().map(|(h, _)| (*h, 0)).collect());
        let mut term_groups = vec![u32::MAX; terms.len()];
        for (h, g) in &term_items {
            if let Some((slot, _)) = terms.find(*h) {
                let s = &mut term_groups[slot as usize];
                if *s == u32::MAX {
                    *s = *g;
                }
            }
        }

        Ok(Engine::new(Tables {
            categories: self.categories,
            url_filter: Filter::build(url_keys)?,
            urls,
            phrase_filter: Filter::build(phrase_filter_keys)?,
            keywords,
            terms,
            term_groups,
            rules: RuleSet::new(rules, group_of.len()),
        }))
    }
}
