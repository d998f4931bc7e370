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
