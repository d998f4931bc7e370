//! Prefix table: sorted 64-bit SHA-256 prefixes, bucketed by their top bits
//! so a lookup reads one bucket (8–16 entries, one to two cache lines)
//! instead of binary-searching the whole array.
//!
//! Each slot is a `u64`: the low 56 bits of the prefix shifted up by 8, and
//! an 8-bit payload (the category). The top `bits` (≥ 8) of the prefix are
//! implied by the bucket, so the full 64-bit prefix is still compared.
//! Layout in docs/list-format.md, "Table"; it is read in place.

use std::ops::Range;

use super::bytes::{align8, pad8, u32_at, u64_at};
use crate::hash::PrefixHash;

/// Most entries one table holds (slot indexes are `u32`).
pub const MAX_ENTRIES: usize = u32::MAX as usize - 1;
/// Target number of entries per bucket.
const ENTRIES_PER_BUCKET: usize = 16;
/// Fewest bucket bits; at least 8 so that bucket + 56 stored bits ≥ 64.
const MIN_BUCKET_BITS: u32 = 8;
/// Most bucket bits a reader accepts (keeps `1 << bits` in a 32-bit usize).
const MAX_BUCKET_BITS: u32 = 30;
/// Bytes before the offsets.
const HEADER: usize = 16;

/// Appends the table block for `items` to `out`; the first of equal
/// prefixes wins. Returns how many duplicates were merged.
pub(crate) fn write(mut items: Vec<(PrefixHash, u8)>, out: &mut Vec<u8>) -> usize {
    items.sort_by_key(|(h, _)| *h);
    let before = items.len();
    items.dedup_by_key(|(h, _)| *h);
    let bits = (items.len() / ENTRIES_PER_BUCKET)
        .max(1)
        .next_power_of_two()
        .trailing_zeros()
        .max(MIN_BUCKET_BITS);
    let mut offsets = vec![0u32; (1usize << bits) + 1];
    for (h, _) in &items {
        offsets[(h.0 >> (64 - bits)) as usize + 1] += 1;
    }
    for i in 1..offsets.len() {
        offsets[i] += offsets[i - 1];
    }
    out.extend_from_slice(&bits.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&(items.len() as u64).to_le_bytes());
    offsets
        .iter()
        .for_each(|o| out.extend_from_slice(&o.to_le_bytes()));
    pad8(out);
    for (h, p) in &items {
        out.extend_from_slice(&((h.0 << 8) | u64::from(*p)).to_le_bytes());
    }
    before - items.len()
}

/// A validated table block: where its parts lie in the list bytes, which
/// every lookup reads in place.
#[derive(Debug, Clone, Default)]
pub(crate) struct TableLayout {
    bits: u32,
    offsets: Range<usize>,
    slots: Range<usize>,
}

impl TableLayout {
    /// Checks sizes against the block at `at` before anything is read from it.
    pub(crate) fn parse(file: &[u8], at: Range<usize>) -> Result<TableLayout, &'static str> {
        let block = file.get(at.clone()).ok_or("table outside the file")?;
        let bits = u32_at(block, 0).ok_or("table header truncated")?;
        let n = u64_at(block, 8).ok_or("table header truncated")?;
        if !(MIN_BUCKET_BITS..=MAX_BUCKET_BITS).contains(&bits) {
            return Err("table bucket bits out of range");
        }
        let offsets_len = ((1usize << bits) + 1) * 4;
        let slots_at = align8(HEADER + offsets_len).ok_or("table too large")?;
        let n = usize::try_from(n).map_err(|_| "table too large")?;
        let want = n
            .checked_mul(8)
            .and_then(|s| s.checked_add(slots_at))
            .ok_or("table too large")?;
        if want != block.len() {
            return Err("table length does not match its entry count");
        }
        let offsets = block
            .get(HEADER..HEADER + offsets_len)
            .ok_or("table truncated")?;
        let last = u32_at(offsets, offsets_len - 4);
        if u32_at(offsets, 0) != Some(0) || last.map(|l| l as usize) != Some(n) {
            return Err("table offsets do not span its entries");
        }
        Ok(TableLayout {
            bits,
            offsets: at.start + HEADER..at.start + HEADER + offsets_len,
            slots: at.start + slots_at..at.end,
        })
    }

    /// Slot index and payload of `h` in `file`, if present.
    // Runs after a SHA-256, so a call costs little; in the Wasm build one
    // copy for every table instead of one inlined per lookup site.
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(crate) fn find(&self, file: &[u8], h: PrefixHash) -> Option<(u32, u8)> {
        let offsets = file.get(self.offsets.clone())?;
        let slots = file.get(self.slots.clone())?;
        let b = (h.0 >> (64 - self.bits)) as usize;
        let lo = u32_at(offsets, b * 4)? as usize;
        let hi = u32_at(offsets, b * 4 + 4)? as usize;
        let want = h.0 << 8 >> 8;
        // Buckets hold 8–16 slots: a linear scan beats a binary search.
        for i in lo..hi {
            let s = u64_at(slots, i * 8)?;
            if s >> 8 >= want {
                return (s >> 8 == want).then_some((i as u32, s as u8));
            }
        }
        None
    }

    pub(crate) fn len(&self) -> usize {
        self.slots.len() / 8
    }

    /// Every entry's full 64-bit prefix and payload, in slot order: the top
    /// 8 bits from the bucket, the low 56 from the slot. Native tools only.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn entries<'a>(
        &self,
        file: &'a [u8],
    ) -> impl Iterator<Item = (PrefixHash, u8)> + 'a {
        let offsets = file.get(self.offsets.clone()).unwrap_or_default();
        let slots = file.get(self.slots.clone()).unwrap_or_default();
        let bits = self.bits;
        (0..1usize << bits).flat_map(move |b| {
            let lo = u32_at(offsets, b * 4).unwrap_or(0) as usize;
            let hi = u32_at(offsets, b * 4 + 4).unwrap_or(0) as usize;
            let top = ((b as u64) >> (bits - MIN_BUCKET_BITS)) << 56;
            (lo..hi).filter_map(move |i| {
                u64_at(slots, i * 8).map(|s| (PrefixHash(top | s >> 8), s as u8))
            })
        })
    }

    /// Each slot's payload (category), for counting; native tools only.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn payloads<'f>(&self, file: &'f [u8]) -> impl Iterator<Item = u8> + 'f {
        // Slots are little-endian: the payload is each slot's first byte.
        let slots = file.get(self.slots.clone()).unwrap_or(&[]);
        slots.chunks_exact(8).map(|s| s[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(items: Vec<(PrefixHash, u8)>) -> (Vec<u8>, usize) {
        let mut out = Vec::new();
        let dups = write(items, &mut out);
        (out, dups)
    }

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
        let (bytes, dups) = build(items.clone());
        let t = TableLayout::parse(&bytes, 0..bytes.len()).unwrap();
        assert_eq!(dups, 0);
        for (h, p) in &items {
            assert_eq!(t.find(&bytes, *h).map(|(_, c)| c), Some(*p));
        }
        // Differs only in the top bits, which live in the bucket index.
        let (h0, _) = items[1];
        assert_eq!(t.find(&bytes, PrefixHash(h0.0 ^ (1 << 63))), None);
        assert_eq!(t.find(&bytes, PrefixHash(h0.0 ^ 1)), None);
    }

    #[test]
    fn entries_give_back_every_full_prefix_in_order() {
        let mut items: Vec<_> = (0..3000u64)
            .map(|i| {
                (
                    PrefixHash(i.wrapping_mul(0x9e37_79b9_7f4a_7c15)),
                    (i % 5) as u8,
                )
            })
            .collect();
        let (bytes, _) = build(items.clone());
        let t = TableLayout::parse(&bytes, 0..bytes.len()).unwrap();
        items.sort();
        assert_eq!(t.entries(&bytes).collect::<Vec<_>>(), items);
        let (empty, _) = build(Vec::new());
        let t = TableLayout::parse(&empty, 0..empty.len()).unwrap();
        assert_eq!(t.entries(&empty).count(), 0);
    }

    #[test]
    fn duplicates_merge_first_wins() {
        let (bytes, dups) = build(vec![
            (PrefixHash(5), 1),
            (PrefixHash(5), 2),
            (PrefixHash(9), 3),
        ]);
        let t = TableLayout::parse(&bytes, 0..bytes.len()).unwrap();
        assert_eq!((t.len(), dups), (2, 1));
        assert_eq!(t.find(&bytes, PrefixHash(5)).map(|x| x.1), Some(1));
    }

    #[test]
    fn empty_table_finds_nothing() {
        let (bytes, _) = build(Vec::new());
        let t = TableLayout::parse(&bytes, 0..bytes.len()).unwrap();
        assert_eq!(t.find(&bytes, PrefixHash(0)), None);
    }

    #[test]
    fn hostile_sizes_are_rejected_before_use() {
        let (good, _) = build((0..100u64).map(|i| (PrefixHash(i << 40), 0)).collect());
        let parse = |b: &[u8]| TableLayout::parse(b, 0..b.len()).map(|_| ());
        let mut bad = good.clone();
        bad[8..16].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(parse(&bad).is_err());
        let mut bad = good.clone();
        bad[0..4].copy_from_slice(&31u32.to_le_bytes());
        assert!(parse(&bad).is_err());
        let mut bad = good.clone();
        bad[16..20].copy_from_slice(&1u32.to_le_bytes());
        assert!(parse(&bad).is_err());
        assert!(parse(&good[..good.len() - 8]).is_err());
        // Decreasing offsets inside the table cannot make a lookup panic.
        let mut odd = good.clone();
        odd[20..24].copy_from_slice(&90u32.to_le_bytes());
        let t = TableLayout::parse(&odd, 0..odd.len()).unwrap();
        for i in 0..200u64 {
            let _ = t.find(&odd, PrefixHash(i << 40));
        }
    }
}
