//! URL stashes: one release's URL changes on top of a base list, so that a
//! new release keeps the big URL filter and table of the previous file byte
//! for byte and a delta update carries only what changed (layout and lookup
//! order in docs/list-format.md, "URL stashes").
//!
//! A stash holds two prefix tables (the layout of the URL table): the
//! SHA-256 prefixes its release removed, and those it added with their
//! categories. They are searched only for a URL expression that some filter
//! already marked as a candidate.

use std::ops::Range;

use super::bytes::u64_at;
#[cfg(not(target_arch = "wasm32"))]
use super::table;
use super::table::TableLayout;
use crate::hash::PrefixHash;

/// Bytes before the tables: the sequence and the removed table's length.
const HEADER: usize = 16;

/// Appends a stash block: `sequence`, the `removed` prefixes and the
/// `added` ones with their categories (the first of equal prefixes wins).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn write(
    sequence: u64,
    removed: Vec<PrefixHash>,
    added: Vec<(PrefixHash, u8)>,
    out: &mut Vec<u8>,
) {
    let mut removed_block = Vec::new();
    table::write(
        removed.into_iter().map(|p| (p, 0)).collect(),
        &mut removed_block,
    );
    out.extend_from_slice(&sequence.to_le_bytes());
    out.extend_from_slice(&(removed_block.len() as u64).to_le_bytes());
    out.extend_from_slice(&removed_block);
    table::write(added, out);
}

/// A validated stash block: its two tables in the list bytes.
#[derive(Debug, Clone, Default)]
pub(crate) struct StashLayout {
    /// The release that made these changes.
    pub(crate) sequence: u64,
    removed: TableLayout,
    added: TableLayout,
}

/// What a stash says about one prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    /// Listed by this release: its slot among the stash's additions, and
    /// its category.
    Added(u32, u8),
    /// No longer listed since this release.
    Removed,
}

impl StashLayout {
    /// Checks the block at `at` and its two tables before anything is read
    /// from them.
    pub(crate) fn parse(file: &[u8], at: Range<usize>) -> Result<StashLayout, &'static str> {
        let block = file.get(at.clone()).ok_or("stash outside the file")?;
        let sequence = u64_at(block, 0).ok_or("stash header truncated")?;
        let split = u64_at(block, 8)
            .and_then(|n| usize::try_from(n).ok())
            .and_then(|n| n.checked_add(at.start + HEADER))
            .filter(|&n| n <= at.end)
            .ok_or("stash removed table runs past the stash")?;
        Ok(StashLayout {
            sequence,
            removed: TableLayout::parse(file, at.start + HEADER..split)?,
            added: TableLayout::parse(file, split..at.end)?,
        })
    }

    /// Entries this stash adds.
    pub(crate) fn added_len(&self) -> usize {
        self.added.len()
    }

    /// Entries this stash removes.
    pub(crate) fn removed_len(&self) -> usize {
        self.removed.len()
    }

    /// What this stash says about `p`: an addition wins over a removal of
    /// the same prefix (a changed category is both).
    pub(crate) fn change(&self, file: &[u8], p: PrefixHash) -> Option<Change> {
        match self.added.find(file, p) {
            Some((slot, c)) => Some(Change::Added(slot, c)),
            None => self.removed.find(file, p).map(|_| Change::Removed),
        }
    }

    /// The prefixes this stash removes, in order.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn removed<'f>(&self, file: &'f [u8]) -> impl Iterator<Item = PrefixHash> + 'f {
        self.removed.entries(file).map(|(p, _)| p)
    }

    /// The prefixes this stash adds with their categories, in order.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn added<'f>(&self, file: &'f [u8]) -> impl Iterator<Item = (PrefixHash, u8)> + 'f {
        self.added.entries(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(sequence: u64, removed: &[u64], added: &[(u64, u8)]) -> Vec<u8> {
        let mut out = Vec::new();
        write(
            sequence,
            removed.iter().map(|&p| PrefixHash(p)).collect(),
            added.iter().map(|&(p, c)| (PrefixHash(p), c)).collect(),
            &mut out,
        );
        out
    }

    // Prefixes spread over the buckets (the table keys on the top bits).
    const fn p(i: u64) -> u64 {
        i.wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }

    #[test]
    fn every_prefix_reads_back_as_written() {
        let b = block(
            7,
            &[p(30), p(10), p(20), p(10)],
            &[(p(5), 1), (p(25), 2), (p(20), 3), (p(5), 9)],
        );
        let s = StashLayout::parse(&b, 0..b.len()).unwrap();
        assert_eq!(s.sequence, 7);
        assert_eq!(
            (s.removed_len(), s.added_len()),
            (3, 3),
            "duplicates merged"
        );
        let added = |q| match s.change(&b, PrefixHash(q)) {
            Some(Change::Added(_, c)) => Some(c),
            _ => None,
        };
        let cases: &[(u64, Option<Change>, Option<u8>)] = &[
            (p(5), None, Some(1)),
            (p(20), None, Some(3)),
            (p(25), None, Some(2)),
            (p(10), Some(Change::Removed), None),
            (p(30), Some(Change::Removed), None),
        ];
        for &(q, removed, category) in cases {
            assert_eq!(added(q), category, "prefix {q:#x}: category");
            if removed.is_some() {
                assert_eq!(s.change(&b, PrefixHash(q)), removed, "prefix {q:#x}");
            }
        }
        for q in [0, p(15), u64::MAX] {
            assert_eq!(
                s.change(&b, PrefixHash(q)),
                None,
                "prefix {q:#x} is in neither"
            );
        }
        let removed: Vec<u64> = s.removed(&b).map(|p| p.0).collect();
        let mut want = vec![p(10), p(20), p(30)];
        want.sort_unstable();
        assert_eq!(removed, want);
        assert_eq!(s.added(&b).count(), 3);
    }

    #[test]
    fn an_empty_stash_finds_nothing() {
        let b = block(1, &[], &[]);
        let s = StashLayout::parse(&b, 0..b.len()).unwrap();
        assert_eq!(s.change(&b, PrefixHash(0)), None);
    }

    #[test]
    fn broken_blocks_are_refused_before_use() {
        let good = block(3, &[p(1), p(2)], &[(p(3), 0)]);
        let with = |at: usize, v: u64| {
            let mut b = good.clone();
            b[at..at + 8].copy_from_slice(&v.to_le_bytes());
            b
        };
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            (
                "short header",
                good[..12].to_vec(),
                "stash removed table runs past the stash",
            ),
            ("no header", good[..4].to_vec(), "stash header truncated"),
            (
                "removed table past the end",
                with(8, u64::MAX),
                "stash removed table runs past the stash",
            ),
            (
                "removed table cut short",
                with(8, 16),
                "table length does not match its entry count",
            ),
            (
                "trailing bytes",
                [&good[..], &[0; 8]].concat(),
                "table length does not match its entry count",
            ),
        ];
        for (what, b, want) in cases {
            let got = StashLayout::parse(&b, 0..b.len()).map(|_| ());
            assert_eq!(got, Err(want), "{what}");
        }
    }
}
