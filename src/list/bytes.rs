//! Little-endian reads that never panic: a read past the end is `None`.

#[inline]
pub(crate) fn u32_at(b: &[u8], off: usize) -> Option<u32> {
    let s = b.get(off..off.checked_add(4)?)?;
    Some(u32::from_le_bytes(s.try_into().ok()?))
}

#[inline]
pub(crate) fn u64_at(b: &[u8], off: usize) -> Option<u64> {
    let s = b.get(off..off.checked_add(8)?)?;
    Some(u64::from_le_bytes(s.try_into().ok()?))
}

/// Appends zero bytes until `out.len()` is a multiple of 8.
pub(crate) fn pad8(out: &mut Vec<u8>) {
    while out.len() % 8 != 0 {
        out.push(0);
    }
}

/// `n` rounded up to a multiple of 8, or `None` on overflow.
pub(crate) fn align8(n: usize) -> Option<usize> {
    n.checked_add(7).map(|v| v & !7)
}
