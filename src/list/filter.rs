//! The first stage: a binary fuse filter over [`FilterKey`]s (about 9 bits
//! per key, false-positive rate 1/256 ≈ 0.39%). It is small enough to stay
//! in cache for large lists and answers "certainly not" for almost every
//! lookup, so SHA-256 and the prefix table are only touched for candidates.

use xorf::{BinaryFuse8, Filter as _};

use super::ListError;
use crate::hash::FilterKey;

#[derive(Debug, Clone, Default)]
pub(crate) struct Filter {
    inner: Option<BinaryFuse8>,
}

impl Filter {
    pub(crate) fn build(mut keys: Vec<u64>) -> Result<Filter, ListError> {
        keys.sort_unstable();
        keys.dedup();
        if keys.is_empty() {
            return Ok(Filter { inner: None });
        }
        let f = BinaryFuse8::try_from(&keys).map_err(ListError::Filter)?;
        Ok(Filter { inner: Some(f) })
    }

    #[inline]
    pub(crate) fn may_contain(&self, key: FilterKey) -> bool {
        self.inner.as_ref().is_some_and(|f| f.contains(&key.0))
    }

    /// Bytes of fingerprints held.
    pub(crate) fn size_bytes(&self) -> usize {
        self.inner.as_ref().map_or(0, |f| f.fingerprints.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::HashKind;

    #[test]
    fn has_no_false_negatives_and_about_one_in_256_false_positives() {
        let keys: Vec<u64> = (0..100_000u32)
            .map(|i| FilterKey::of(HashKind::Url, &i.to_le_bytes()).0)
            .collect();
        let f = Filter::build(keys.clone()).unwrap_or_else(|e| panic!("{e}"));
        assert!(keys.iter().all(|&k| f.may_contain(FilterKey(k))));
        let probes = 1_000_000u32;
        let fp = (100_000..100_000 + probes)
            .filter(|i| f.may_contain(FilterKey::of(HashKind::Url, &i.to_le_bytes())))
            .count();
        let rate = fp as f64 / f64::from(probes);
        assert!((0.002..0.006).contains(&rate), "false-positive rate {rate}");
        // About 9–10 bits per key (binary fuse overhead shrinks as lists grow).
        assert!(
            f.size_bytes() < 100_000 * 125 / 100,
            "{} bytes",
            f.size_bytes()
        );
    }

    #[test]
    fn empty_filter_contains_nothing() {
        let f = Filter::build(Vec::new()).unwrap_or_else(|e| panic!("{e}"));
        assert!(!f.may_contain(FilterKey(0)));
    }
}
