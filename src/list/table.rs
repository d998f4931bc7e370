//! Prefix table: sorted 64-bit SHA-256 prefixes, bucketed by their top bits
//! so a lookup reads one bucket (about 8 entries, one or two cache lines)
//! instead of binary-searching the whole array.
//!
//! Each slot is a `u64`: the low 56 bits of the prefix shifted up by 8, and
//! an 8-bit payload (the category). The top `bits` (≥ 8) of the prefix are
//! implied by the bucket, so the full 64-bit prefix is still compared.

use crate::hash::PrefixHash;

/// Most entries one table holds (slot indexes are `u32`).
pub const MAX_ENTRIES: usize = u32::MAX as usize - 1;
/// Target number of entries per bucket.
const ENTRIES_PER_BUCKET: usize = 8;
/// Fewest bucket bits; at least 8 so that bucket + 56 stored bits ≥ 64.
const MIN_BUCKET_BITS: u32 = 8;

#[derive(Debug, Clone)]
pub(crate) struct HashTable {
    bits: u32,
    offsets: Vec<u32>,
    slots: Vec<u64>,
}

impl HashTable {
    /// Builds from `(prefix, payload)` pairs; the first of equal prefixes wins.
    pub(crate) fn build(mut items: Vec<(PrefixHash, u8)>) -> (HashTable, usize) {
        items.sort_by_key(|(h, _)| *h);
        let before = items.len();
        items.dedup_by_key(|(h, _)| *h);
        let dups = before - items.len();
        let buckets = (items.len() / ENTRIES_PER_BUCKET)
            .max(1)
            .next_power_of_two();
        let bits = buckets.trailing_zeros().max(MIN_BUCKET_BITS);
        let mut offsets = vec![0u32; (1usize << bits) + 1];
        for (h, _) in &items {
            offsets[(h.0 >> (64 - bits)) as usize + 1] += 1;
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let slots = items
            .iter()
            .map(|(h, p)| (h.0 << 8) | u64::from(*p))
            .collect();
        (
            HashTable {
                bits,
                offsets,
                slots,
            },
            dups,
        )
    }

    /// Slot index and payload of `h`, if present.
    #[inline]
    pub(crate) fn find(&self, h: PrefixHash) -> Option<(u32, u8)> {
        let b = (h.0 >> (64 - self.bits)) as usize;
        let lo = *self.offsets.get(b)? as usize;
        let hi = *self.offsets.get(b + 1)? as usize;
        let want = h.0 << 8 >> 8;
        let bucket = self.slots.get(lo..hi)?;
        let i = bucket.partition_point(|s| s >> 8 < want);
        let s = *bucket.get(i)?;
        (s >> 8 == want).then_some(((lo + i) as u32, s as u8))
    }

    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    pub(crate) fn size_bytes(&self) -> usize {
        self.slots.len() * 8 + self.offsets.len() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_entry_and_nothing_else() {
        let items: Vec<_> = (0..5000u64)
            .map(|i| {
                (
                    PrefixHash(i.wrapping_mul(0x9e37_79b9_7f4a_7c15)),
                    (i % 7) as u8,
                )
            })
            .collect();
        let (t, dups) = HashTable::build(items.clone());
        assert_eq!(dups, 0);
        for (h, p) in &items {
            assert_eq!(t.find(*h).map(|(_, c)| c), Some(*p));
        }
        // Differs only in the top bits, which live in the bucket index.
        let (h0, _) = items[1];
        assert_eq!(t.find(PrefixHash(h0.0 ^ (1 << 63))), None);
        assert_eq!(t.find(PrefixHash(h0.0 ^ 1)), None);
    }

    #[test]
    fn duplicates_merge_first_wins() {
        let (t, dups) = HashTable::build(vec![
            (PrefixHash(5), 1),
            (PrefixHash(5), 2),
            (PrefixHash(9), 3),
        ]);
        assert_eq!((t.len(), dups), (2, 1));
        assert_eq!(t.find(PrefixHash(5)).map(|x| x.1), Some(1));
    }

    #[test]
    fn empty_table_finds_nothing() {
        let (t, _) = HashTable::build(Vec::new());
        assert_eq!(t.find(PrefixHash(0)), None);
    }
}
