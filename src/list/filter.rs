//! The first stage: a binary fuse filter over [`FilterKey`]s (8-bit
//! fingerprints, about 9 bits per key, false-positive rate 1/256 ≈ 0.39%).
//! It is small enough to stay in cache for large lists and answers
//! "certainly not" for almost every lookup, so SHA-256 and the prefix table
//! are only touched for candidates.
//!
//! `xorf` builds it; lookups read the serialized block in place (layout and
//! algorithm in docs/list-format.md, "Filter").

use xorf::BinaryFuse8;

use std::ops::Range;

use super::bytes::{u32_at, u64_at};
use super::ListError;
use crate::hash::FilterKey;

/// Bytes before the fingerprints.
const HEADER: usize = 48;

/// Bit `i` of a length mask stands for keys of `i + 1` bytes; the top bit
/// also stands for every longer key.
pub(crate) fn length_bit(len: usize) -> u128 {
    1u128 << (len.clamp(1, 128) - 1)
}

/// Appends the filter block for `keys` to `out`; `lengths` is the OR of
/// [`length_bit`] over the keys' source lengths.
pub(crate) fn write(mut keys: Vec<u64>, lengths: u128, out: &mut Vec<u8>) -> Result<(), ListError> {
    keys.sort_unstable();
    keys.dedup();
    if keys.is_empty() {
        out.extend_from_slice(&[0u8; HEADER]);
        return Ok(());
    }
    let f = BinaryFuse8::try_from(&keys).map_err(ListError::Filter)?;
    let d = &f.descriptor;
    out.extend_from_slice(&(f.fingerprints.len() as u64).to_le_bytes());
    out.extend_from_slice(&d.seed.to_le_bytes());
    out.extend_from_slice(&d.segment_length.to_le_bytes());
    out.extend_from_slice(&d.segment_length_mask.to_le_bytes());
    out.extend_from_slice(&d.segment_count_length.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&lengths.to_le_bytes());
    out.extend_from_slice(&f.fingerprints);
    Ok(())
}

/// Attempts xorf's `BinaryFuse8` makes before it gives up (`max iter` in
/// xorf 0.13, plus the seed taken before the first).
const SEED_ATTEMPTS: usize = 1_001;

/// Whether `seed` is one xorf 0.13 builds a filter with: the seeds it tries
/// are the splitmix64 sequence from 1, one per attempt (docs/list-format.md,
/// "Filter"). Copied, since xorf keeps it private; checked against filters
/// xorf builds by the tests.
fn built_seed(seed: u64) -> bool {
    let mut state = 1u64;
    (0..SEED_ATTEMPTS).any(|_| {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31) == seed
    })
}

/// A validated filter block: where its parts lie in the list bytes, which
/// every lookup reads in place.
#[derive(Debug, Clone, Default)]
pub(crate) struct FilterLayout {
    seed: u64,
    segment_length: u32,
    mask: u32,
    segment_count_length: u32,
    /// The length mask (see [`length_bit`]) as two halves: a `u128` shift
    /// is a library call in Wasm, and this test runs for every window.
    lengths: [u64; 2],
    fingerprints: Range<usize>,
}

impl FilterLayout {
    /// Checks the block at `at` in `file` so no lookup can read out of bounds.
    pub(crate) fn parse(file: &[u8], at: Range<usize>) -> Result<FilterLayout, &'static str> {
        let block = file.get(at.clone()).ok_or("filter outside the file")?;
        let f = u64_at(block, 0).ok_or("filter header truncated")?;
        let fingerprints = block.get(HEADER..).ok_or("filter header truncated")?;
        if u64::try_from(fingerprints.len()).ok() != Some(f) {
            return Err("filter length does not match its fingerprint count");
        }
        let view = FilterLayout {
            seed: u64_at(block, 8).ok_or("filter header truncated")?,
            segment_length: u32_at(block, 16).ok_or("filter header truncated")?,
            mask: u32_at(block, 20).ok_or("filter header truncated")?,
            segment_count_length: u32_at(block, 24).ok_or("filter header truncated")?,
            lengths: [
                u64_at(block, 32).ok_or("filter header truncated")?,
                u64_at(block, 40).ok_or("filter header truncated")?,
            ],
            fingerprints: at.start + HEADER..at.end,
        };
        if f == 0 {
            return Ok(view);
        }
        let sl = view.segment_length;
        if !sl.is_power_of_two() || view.mask != sl - 1 || view.segment_count_length % sl != 0 {
            return Err("filter segment parameters are inconsistent");
        }
        // h2 < segment_count_length + 2 × segment_length (see the lookup).
        let reach = u64::from(view.segment_count_length) + 2 * u64::from(sl);
        if reach > f {
            return Err("filter segments reach past its fingerprints");
        }
        if !built_seed(view.seed) {
            // Every key would look up the wrong slots: the filter would
            // answer "not in the list" for all of them.
            return Err("filter seed is not one the filter could have been built with");
        }
        Ok(view)
    }

    /// Whether some key has `len` bytes: a cheap test before hashing.
    #[inline]
    pub(crate) fn may_have_length(&self, len: usize) -> bool {
        // Bit `len - 1` of the mask, as `length_bit` places it.
        let bit = len.clamp(1, 128) - 1;
        let half = if bit < 64 {
            self.lengths[0]
        } else {
            self.lengths[1]
        };
        half >> (bit % 64) & 1 != 0
    }

    /// Length of the longest key (`usize::MAX` when some key is over 127).
    pub(crate) fn max_length(&self) -> usize {
        let [lo, hi] = self.lengths;
        let mask = u128::from(lo) | u128::from(hi) << 64;
        match 128 - mask.leading_zeros() as usize {
            128 => usize::MAX,
            n => n,
        }
    }

    /// [`may_contain`](Self::may_contain) for the URL filters: in the Wasm
    /// build one copy shared by their call sites instead of one inlined in
    /// each (a call is little beside the SHA-256 or key hash before it).
    /// The phrase filter's batched probes, run for every window of a
    /// search, keep theirs inlined.
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(crate) fn may_contain_outlined(&self, file: &[u8], key: FilterKey) -> bool {
        self.may_contain(file, key)
    }

    #[inline]
    pub(crate) fn may_contain(&self, file: &[u8], key: FilterKey) -> bool {
        let Some(fingerprints) = file.get(self.fingerprints.clone()) else {
            return false;
        };
        if fingerprints.is_empty() {
            return false;
        }
        let h = mix64(key.0.wrapping_add(self.seed));
        let fp = (h ^ (h >> 32)) as u8;
        let h0 = mul_high(h, self.segment_count_length);
        let h1 = h0.wrapping_add(self.segment_length) ^ ((h >> 18) as u32 & self.mask);
        let h2 = h0.wrapping_add(2 * self.segment_length) ^ (h as u32 & self.mask);
        let at = |i: u32| fingerprints.get(i as usize).copied().unwrap_or(0xff);
        fp ^ at(h0) ^ at(h1) ^ at(h2) == 0
    }
}

/// The high 64 bits of `h × n`, which fit a `u32` as `n` does: what the
/// binary fuse construction computes as `(h as u128 * n as u128) >> 64`,
/// in two 64-bit multiplications. Wasm has no 64×64→128 multiply, so the
/// `u128` form is a call to a library routine on every probe.
#[inline]
fn mul_high(h: u64, n: u32) -> u32 {
    let n = u64::from(n);
    // h × n = hi × n × 2³² + lo × n, and neither sum below overflows:
    // hi × n ≤ (2³² − 1)² and (lo × n) >> 32 < 2³².
    let hi = (h >> 32) * n;
    let lo = (h & 0xffff_ffff) * n;
    ((hi + (lo >> 32)) >> 32) as u32
}

/// MurmurHash3's 64-bit finalizer, as the binary fuse construction uses.
#[inline]
fn mix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::HashKind;
    use xorf::Filter as _;

    fn block(keys: &[u64]) -> Vec<u8> {
        let mut out = Vec::new();
        write(keys.to_vec(), u128::MAX, &mut out).unwrap();
        out
    }

    #[test]
    fn no_false_negatives_about_one_in_256_false_positives_and_agrees_with_xorf() {
        let keys: Vec<u64> = (0..100_000u32)
            .map(|i| FilterKey::of(HashKind::Url, &i.to_le_bytes()).0)
            .collect();
        let bytes = block(&keys);
        let f = FilterLayout::parse(&bytes, 0..bytes.len()).unwrap();
        assert!(keys.iter().all(|&k| f.may_contain(&bytes, FilterKey(k))));
        let reference = BinaryFuse8::try_from(&keys).unwrap();
        let probes = 1_000_000u32;
        let mut fp = 0;
        for i in 100_000..100_000 + probes {
            let k = FilterKey::of(HashKind::Url, &i.to_le_bytes());
            let ours = f.may_contain(&bytes, k);
            assert_eq!(
                ours,
                reference.contains(&k.0),
                "lookup differs from xorf for {i}"
            );
            fp += usize::from(ours);
        }
        let rate = fp as f64 / f64::from(probes);
        assert!((0.002..0.006).contains(&rate), "false-positive rate {rate}");
        // About 9–10 bits per key (binary fuse overhead shrinks as lists grow).
        assert!(bytes.len() < 100_000 * 125 / 100, "{} bytes", bytes.len());
    }

    #[test]
    fn mul_high_is_the_high_half_of_the_128_bit_product() {
        let wide = |h: u64, n: u32| ((u128::from(h) * u128::from(n)) >> 64) as u32;
        let edges = [0, 1, 2, 0xffff_ffff, 1 << 32, u64::MAX - 1, u64::MAX];
        for h in edges {
            for n in [0, 1, 2, 0x1234_5678, u32::MAX - 1, u32::MAX] {
                assert_eq!(mul_high(h, n), wide(h, n), "{h:#x} × {n:#x}");
            }
        }
        let mut h = 0x9e37_79b9_7f4a_7c15u64;
        for i in 0..100_000u32 {
            h = mix64(h);
            let n = (h >> 17) as u32 ^ i;
            assert_eq!(mul_high(h, n), wide(h, n), "{h:#x} × {n:#x}");
        }
    }

    #[test]
    fn length_mask_round_trips() {
        let mut out = Vec::new();
        write(vec![1, 2], length_bit(3) | length_bit(20), &mut out).unwrap();
        let f = FilterLayout::parse(&out, 0..out.len()).unwrap();
        assert!(f.may_have_length(3) && f.may_have_length(20));
        assert!(!f.may_have_length(4) && !f.may_have_length(21));
        assert_eq!(f.max_length(), 20);
        out.clear();
        write(vec![1], length_bit(500), &mut out).unwrap();
        let f = FilterLayout::parse(&out, 0..out.len()).unwrap();
        assert!(f.may_have_length(128) && f.may_have_length(4000));
        assert_eq!(f.max_length(), usize::MAX);
        // Either side of the split between the mask's two halves.
        for len in [63, 64, 65, 66] {
            out.clear();
            write(vec![1], length_bit(len), &mut out).unwrap();
            let f = FilterLayout::parse(&out, 0..out.len()).unwrap();
            for probe in 0..=130 {
                assert_eq!(f.may_have_length(probe), probe == len, "{len} vs {probe}");
            }
            assert_eq!(f.max_length(), len);
        }
    }

    #[test]
    fn empty_filter_contains_nothing() {
        let bytes = block(&[]);
        let f = FilterLayout::parse(&bytes, 0..bytes.len()).unwrap();
        assert!(!f.may_contain(&bytes, FilterKey(0)));
    }

    #[test]
    fn hostile_parameters_are_rejected() {
        let good = block(&(0..1000u64).collect::<Vec<_>>());
        let parse = |b: &[u8]| FilterLayout::parse(b, 0..b.len()).map(|_| ());
        assert!(parse(&good).is_ok());
        let mut bad = good.clone();
        bad[24..28].copy_from_slice(&u32::MAX.to_le_bytes()); // segment count length
        assert!(parse(&bad).is_err());
        let mut bad = good.clone();
        bad[16..20].copy_from_slice(&3u32.to_le_bytes()); // not a power of two
        assert!(parse(&bad).is_err());
        assert!(parse(&good[..good.len() - 1]).is_err());
        assert!(parse(&good[..10]).is_err());
    }
}
