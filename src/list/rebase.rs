//! A release built on the previous one: it keeps the previous file's URL
//! filter and table byte for byte and puts the URL changes into a stash, so
//! that a delta update carries only what changed (docs/list-format.md, "URL
//! stashes"; docs/publishing.md, "Delta updates"). When the stashes grow
//! past a share of the base, or past [`MAX_STASHES`], the release starts a
//! new base or folds the stashes into one.

use std::collections::HashMap;

use super::builder::{ListBuilder, PlainUrl};
use super::format::{self, ListInfo, Section, MAX_STASHES};
use super::keys::{KeyId, SecretKey};
use super::{filter, stash, ListError};
use crate::engine::Engine;
use crate::hash::PrefixHash;

/// How a release is laid out on its base.
#[derive(Debug, Clone, Copy)]
pub struct OnBase<'a> {
    /// The previous release (verified by the caller).
    pub base: &'a Engine,
    /// Start a new base when the URL changes since the base exceed this
    /// share of its URL entries (0.10: a tenth).
    pub rebase_at: f64,
    /// Start a new base whatever the changes.
    pub force_rebase: bool,
}

/// What [`ListBuilder::write_on`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layering {
    /// A new base: the file holds no stash (the reason says why).
    Rebased(RebaseReason),
    /// The base's URL sections and stashes kept, one stash added with this
    /// release's URL changes.
    Stashed {
        /// Stashes in the file.
        stashes: usize,
        /// URL entries this release added and removed.
        added: usize,
        removed: usize,
    },
    /// The stashes folded into one holding every change since the base
    /// (more than [`MAX_STASHES`] otherwise).
    Folded {
        /// URL entries added and removed since the base.
        added: usize,
        removed: usize,
    },
    /// No URL change: the base's URL sections and stashes kept as they are.
    UrlsUnchanged {
        /// Stashes in the file.
        stashes: usize,
    },
}

/// Why a release started a new base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RebaseReason {
    /// Asked for.
    Forced,
    /// The changes since the base passed the share allowed.
    Churn {
        /// URL entries added and removed since the base, and the base's.
        changes: usize,
        base: usize,
    },
}

/// A file's sections, in file order.
type Sections = Vec<(Section, Vec<u8>)>;

/// A URL entry of a release: plaintext (with its filter key) or hash-only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    category: u8,
    plain: Option<(u64, u128)>,
}

impl ListBuilder {
    /// Writes the list as a release on `on.base`: the same list id, a
    /// higher sequence (the signing key may differ: a rotation). Signs it
    /// with `key`, or leaves it unsigned (zero key id and signature, as
    /// [`write_unsigned`](Self::write_unsigned)) when `key` is `None`.
    pub fn write_on(
        &self,
        info: &ListInfo,
        key: Option<&SecretKey>,
        on: &OnBase<'_>,
    ) -> Result<(Vec<u8>, Layering), ListError> {
        let base = on.base;
        let b = base.info();
        if b.id != info.id {
            return Err(ListError::Base(format!(
                "the base is list {:?}, not {:?}",
                b.id, info.id
            )));
        }
        if info.sequence <= b.sequence {
            return Err(ListError::Base(format!(
                "sequence {} is not above the base's {}",
                info.sequence, b.sequence
            )));
        }
        if !format::valid_list_id(&info.id) {
            return Err(ListError::ListId(info.id.clone()));
        }
        let info = ListInfo {
            key_id: key.map_or(KeyId([0; 8]), |k| k.public().id()),
            ..info.clone()
        };
        let me = self.with_categories_first(base.categories())?;
        let (sections, layering) = me.sections_on(&info, on)?;
        Ok((format::assemble(&info, sections, key), layering))
    }

    fn sections_on(
        &self,
        info: &ListInfo,
        on: &OnBase<'_>,
    ) -> Result<(Sections, Layering), ListError> {
        let base = on.base;
        let mut new: HashMap<PrefixHash, Entry> = HashMap::new();
        for &(p, c) in self.url_hash_entries() {
            new.insert(
                p,
                Entry {
                    category: c.0,
                    plain: None,
                },
            );
        }
        // Built from plaintext wins over the same prefix known by hash.
        for PlainUrl {
            prefix,
            key,
            length,
            category,
        } in self.url_entries()
        {
            new.insert(
                prefix,
                Entry {
                    category,
                    plain: Some((key.0, length)),
                },
            );
        }
        let in_base: HashMap<PrefixHash, u8> = base.base_url_prefixes().collect();
        let listed: HashMap<PrefixHash, u8> = base.url_prefixes().map(|(p, c)| (p, c.0)).collect();
        let (added, removed) = changes(&listed, &new);
        let (added_since, removed_since) = changes(&in_base, &new);
        let since = added_since.len() + removed_since.len();
        let reason = if on.force_rebase {
            Some(RebaseReason::Forced)
        } else if since as f64 > on.rebase_at * in_base.len() as f64 {
            Some(RebaseReason::Churn {
                changes: since,
                base: in_base.len(),
            })
        } else {
            None
        };
        if let Some(reason) = reason {
            return Ok((self.sections()?, Layering::Rebased(reason)));
        }
        let old_stashes = base.stash_sections();
        let (stashes, layering) = if added.is_empty() && removed.is_empty() {
            let n = old_stashes.len();
            (
                old_stashes.into_iter().map(<[u8]>::to_vec).collect(),
                Layering::UrlsUnchanged { stashes: n },
            )
        } else if old_stashes.len() < MAX_STASHES {
            let (a, r) = (added.len(), removed.len());
            let mut all: Vec<Vec<u8>> = old_stashes.into_iter().map(<[u8]>::to_vec).collect();
            all.push(stash_block(info.sequence, removed, &added, &new));
            let n = all.len();
            (
                all,
                Layering::Stashed {
                    stashes: n,
                    added: a,
                    removed: r,
                },
            )
        } else {
            let (a, r) = (added_since.len(), removed_since.len());
            let one = stash_block(info.sequence, removed_since, &added_since, &new);
            (
                vec![one],
                Layering::Folded {
                    added: a,
                    removed: r,
                },
            )
        };
        // The stash filters cover what is listed now and not in the base.
        let (mut keys, mut lengths, mut hashed) = (Vec::new(), 0u128, Vec::new());
        for (p, e) in &new {
            if in_base.get(p) == Some(&e.category) {
                continue;
            }
            match e.plain {
                Some((k, len)) => {
                    keys.push(k);
                    lengths |= len;
                }
                None => hashed.push(p.0),
            }
        }
        let mut sections = vec![(
            Section::Categories,
            format::write_categories(self.category_names()),
        )];
        let kept = base.base_url_sections();
        sections.push((Section::UrlFilter, kept.filter.to_vec()));
        sections.push((Section::UrlTable, kept.table.to_vec()));
        sections.extend(self.phrase_sections()?);
        sections.push((Section::Metadata, self.metadata_section()));
        if let Some((f, t)) = kept.hashed {
            sections.push((Section::UrlHashFilter, f.to_vec()));
            sections.push((Section::UrlHashTable, t.to_vec()));
        }
        if !stashes.is_empty() && !keys.is_empty() {
            let mut f = Vec::new();
            filter::write(keys, lengths, &mut f)?;
            sections.push((Section::StashFilter, f));
        }
        if !stashes.is_empty() && !hashed.is_empty() {
            let mut f = Vec::new();
            // Keyed by the prefix itself, as the URL hash filter.
            filter::write(hashed, u128::MAX, &mut f)?;
            sections.push((Section::StashHashFilter, f));
        }
        sections.extend(stashes.into_iter().map(|s| (Section::Stash, s)));
        Ok((sections, layering))
    }
}

/// What turns `from` into `to`: the prefixes to add (new, or with another
/// category) and to remove (gone, or with another category).
fn changes(
    from: &HashMap<PrefixHash, u8>,
    to: &HashMap<PrefixHash, Entry>,
) -> (Vec<PrefixHash>, Vec<PrefixHash>) {
    let added = to
        .iter()
        .filter(|(p, e)| from.get(p) != Some(&e.category))
        .map(|(p, _)| *p)
        .collect();
    let removed = from
        .iter()
        .filter(|(p, c)| to.get(p).map(|e| e.category) != Some(**c))
        .map(|(p, _)| *p)
        .collect();
    (added, removed)
}

fn stash_block(
    sequence: u64,
    removed: Vec<PrefixHash>,
    added: &[PrefixHash],
    new: &HashMap<PrefixHash, Entry>,
) -> Vec<u8> {
    let added = added
        .iter()
        .filter_map(|p| new.get(p).map(|e| (*p, e.category)))
        .collect();
    let mut out = Vec::new();
    stash::write(sequence, removed, added, &mut out);
    out
}
