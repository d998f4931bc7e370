//! Delta files: a byte patch from one signed list file to the next release
//! of the same list (docs/list-format.md, "Delta files"). Applying a delta
//! rebuilds the new file exactly, so the result is checked by the list's own
//! signature when it is loaded; a delta carries no signature of its own.
//!
//! The differ is section-aware: every section of the new file that is byte
//! for byte some range of the old file is copied from there, the rest is
//! inserted. Nothing here touches the file system: the client runs the same
//! code through Wasm.

use std::collections::HashMap;
use std::ops::Range;

use super::bytes::{u32_at, u64_at};
use super::format::{Layout, ListInfo, LoadError, MAX_LIST_ID, SIGNATURE_LEN};
use super::keys::KeyId;

/// The first 8 bytes of every delta file.
pub const DELTA_MAGIC: [u8; 8] = *b"TBCKDLTA";
/// The delta format version this reader and writer speak.
pub const DELTA_VERSION: u16 = 1;
/// Length of the delta header; the ops follow it.
pub const DELTA_HEADER_LEN: usize = 144;
/// The longest file a delta may declare (1 GiB): refused before anything
/// is allocated for it.
pub const MAX_DELTA_OUTPUT: u64 = 1 << 30;

const OP_COPY: u8 = 1;
const OP_INSERT: u8 = 2;
const OP_ZERO: u8 = 3;
/// The unit in which a changed section is compared with the old section
/// of its kind: small enough to keep most of a table that gained a few
/// entries, large enough that a copy op (3 to 11 bytes) is worth it.
const BLOCK: usize = 64;

/// Why a delta cannot be made or applied. Nothing of a refused delta is used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeltaError {
    /// The old (base) file, or for `make_delta` the new one, is not a
    /// well-formed list file.
    #[error("not a well-formed list file: {0}")]
    List(#[from] LoadError),
    /// Shorter than the delta header, or an op cut off at the given offset.
    #[error("delta is truncated at byte {at}")]
    Truncated { at: usize },
    /// The file does not start with `TBCKDLTA`.
    #[error("not a turnback delta file (bad magic)")]
    BadMagic,
    /// A delta format version this reader does not know.
    #[error("unsupported delta format version {0} (this reader knows {DELTA_VERSION})")]
    UnsupportedVersion(u16),
    /// A reserved header field or the list id's padding is not zero, or
    /// the list id is not valid.
    #[error("malformed delta header: {0}")]
    BadHeader(&'static str),
    /// The delta is for another list than the base file.
    #[error("delta is for list {delta:?}, the base file is list {base:?}")]
    ListMismatch { delta: String, base: String },
    /// The delta is for lists signed by another key than the base file's.
    #[error("delta is for lists signed by key {delta}, the base file is signed by key {base}")]
    KeyMismatch { delta: KeyId, base: KeyId },
    /// The delta starts from another sequence than the base file's.
    #[error("delta is from sequence {delta}, the base file is sequence {base}")]
    SequenceMismatch { delta: u64, base: u64 },
    /// The base file's signature is not the one the delta was made from:
    /// the same sequence, other bytes.
    #[error("delta was made from another base file (its signature differs)")]
    WrongBase,
    /// The target sequence is not greater than the base's.
    #[error("delta goes from sequence {from} to {to}, not to a newer one")]
    NotNewer { from: u64, to: u64 },
    /// The declared new length is below a list file's minimum or above
    /// [`MAX_DELTA_OUTPUT`].
    #[error("delta declares a new file of {0} bytes (allowed: 160 to {MAX_DELTA_OUTPUT})")]
    BadLength(u64),
    /// An op code other than COPY (1), INSERT (2), ZERO (3).
    #[error("unknown delta op {op} at byte {at}")]
    UnknownOp { op: u8, at: usize },
    /// A varint longer than 10 bytes or over 64 bits.
    #[error("bad varint at byte {at}")]
    BadVarint { at: usize },
    /// A COPY reaching outside the base file.
    #[error("delta op at byte {at} copies outside the base file")]
    CopyOutOfBounds { at: usize },
    /// The ops write more than the declared length.
    #[error("delta op at byte {at} writes past the declared length {len}")]
    Overflow { at: usize, len: u64 },
    /// The ops end before the declared length is written.
    #[error("delta writes {got} bytes, it declares {want}")]
    ShortOutput { got: usize, want: u64 },
    /// The rebuilt file's header does not name the delta's target sequence.
    #[error("rebuilt file is sequence {got}, the delta declares {want}")]
    ResultMismatch { got: u64, want: u64 },
}

/// What a delta's header says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeltaInfo {
    /// The list both files are releases of.
    pub list_id: String,
    /// The key that signed both.
    pub key_id: KeyId,
    /// The base file's sequence.
    pub from_sequence: u64,
    /// The rebuilt file's sequence.
    pub to_sequence: u64,
    /// The rebuilt file's length.
    pub new_len: u64,
}

/// Makes the delta from `old` to `new`: two well-formed list files (their
/// signatures are not checked here) of the same list id and key, `new` of
/// a greater sequence.
pub fn make_delta(old: &[u8], new: &[u8]) -> Result<Vec<u8>, DeltaError> {
    let (old_info, old_spans) = sections(old)?;
    let (new_info, new_spans) = sections(new)?;
    same_list(&old_info, &new_info.id, new_info.key_id)?;
    if new_info.sequence <= old_info.sequence {
        return Err(DeltaError::NotNewer {
            from: old_info.sequence,
            to: new_info.sequence,
        });
    }
    let mut out = header(&new_info, old_info.sequence, old, new.len());
    let mut ops = Ops::new(&mut out);

    // Each old section by its bytes: a new section equal to any of them is
    // copied, whatever its kind or place.
    let mut by_bytes: HashMap<&[u8], usize> = HashMap::new();
    for (_, r) in &old_spans {
        by_bytes.entry(&old[r.clone()]).or_insert(r.start);
    }
    // Each old section by kind, for a section that changed a little.
    let old_by_kind: HashMap<u32, Range<usize>> = old_spans.iter().cloned().collect();

    let mut at = 0;
    for (kind, r) in &new_spans {
        ops.filler(&new[at..r.start]);
        let body = &new[r.clone()];
        if let Some(&from) = by_bytes.get(body) {
            ops.copy(from, body.len());
        } else {
            match old_by_kind.get(kind) {
                Some(o) => ops.partial(old, o.clone(), body),
                None => ops.insert(body),
            }
        }
        at = r.end;
    }
    ops.filler(&new[at..new.len() - SIGNATURE_LEN]);
    ops.insert(&new[new.len() - SIGNATURE_LEN..]);
    ops.flush();
    Ok(out)
}

/// A list's sections: kind and byte range, in file order.
type Sections = Vec<(u32, Range<usize>)>;

/// The header and every section (kind, byte range) of a list whose
/// structure checks (its signature is not checked here), in file order:
/// `Layout::open` has checked that the table's entries lie in the file, in
/// increasing offset order, aligned and not overlapping.
fn sections(file: &[u8]) -> Result<(ListInfo, Sections), DeltaError> {
    let layout = Layout::open(file, None, None)?;
    let bad = || LoadError::Malformed {
        section: "section table",
        reason: "truncated",
    };
    let count = u32_at(file, 80).ok_or_else(bad)? as usize;
    let mut out = Vec::with_capacity(count.min(64));
    for i in 0..count {
        let e = 96 + i * 24;
        let kind = u32_at(file, e).ok_or_else(bad)?;
        let start = u64_at(file, e + 8).and_then(|o| usize::try_from(o).ok());
        let len = u64_at(file, e + 16).and_then(|n| usize::try_from(n).ok());
        let (start, len) = start.zip(len).ok_or_else(bad)?;
        let end = start
            .checked_add(len)
            .filter(|&e| e <= file.len() - SIGNATURE_LEN)
            .ok_or_else(bad)?;
        out.push((kind, start..end));
    }
    Ok((layout.info, out))
}

/// Reads a delta's header, checking only the delta itself.
pub fn delta_info(delta: &[u8]) -> Result<DeltaInfo, DeltaError> {
    if delta.len() < 8 {
        return Err(DeltaError::Truncated { at: delta.len() });
    }
    if delta.get(..8) != Some(&DELTA_MAGIC[..]) {
        return Err(DeltaError::BadMagic);
    }
    let head = delta
        .get(..DELTA_HEADER_LEN)
        .ok_or(DeltaError::Truncated { at: delta.len() })?;
    let version = u16::from_le_bytes([head[8], head[9]]);
    if version != DELTA_VERSION {
        return Err(DeltaError::UnsupportedVersion(version));
    }
    if head[10..16].iter().any(|&b| b != 0) {
        return Err(DeltaError::BadHeader("reserved bytes are not zero"));
    }
    let id_bytes = &head[16..48];
    let n = id_bytes.iter().position(|&b| b == 0).unwrap_or(MAX_LIST_ID);
    let list_id = std::str::from_utf8(&id_bytes[..n])
        .ok()
        .filter(|id| super::format::valid_list_id(id) && id_bytes[n..].iter().all(|&b| b == 0))
        .ok_or(DeltaError::BadHeader(
            "list id is not [a-z0-9._-], 1-32 bytes",
        ))?;
    let mut key = [0u8; 8];
    key.copy_from_slice(&head[48..56]);
    let u64_field = |o: usize| u64_at(head, o).unwrap_or(0);
    Ok(DeltaInfo {
        list_id: list_id.to_string(),
        key_id: KeyId(key),
        from_sequence: u64_field(56),
        to_sequence: u64_field(64),
        new_len: u64_field(136),
    })
}

/// Rebuilds the new file from the base file `old` and `delta`, checking
/// everything the delta says before it trusts it. The result's signature
/// is not checked here: load it as a list (with the base's sequence as the
/// held one), which does.
pub fn apply_delta(old: &[u8], delta: &[u8]) -> Result<Vec<u8>, DeltaError> {
    let info = delta_info(delta)?;
    let (base, _) = sections(old)?;
    same_list(&base, &info.list_id, info.key_id)?;
    if info.from_sequence != base.sequence {
        return Err(DeltaError::SequenceMismatch {
            delta: info.from_sequence,
            base: base.sequence,
        });
    }
    if delta.get(72..136) != old.get(old.len() - SIGNATURE_LEN..) {
        return Err(DeltaError::WrongBase);
    }
    if info.to_sequence <= info.from_sequence {
        return Err(DeltaError::NotNewer {
            from: info.from_sequence,
            to: info.to_sequence,
        });
    }
    let min = (96 + SIGNATURE_LEN) as u64;
    if !(min..=MAX_DELTA_OUTPUT).contains(&info.new_len) {
        return Err(DeltaError::BadLength(info.new_len));
    }
    let want = info.new_len as usize;
    // Grown as the ops write, never past `want`: a delta that lies about
    // its length costs at most what its ops really produce.
    let mut out = Vec::with_capacity(want.min(old.len().saturating_add(delta.len())));
    let mut at = DELTA_HEADER_LEN;
    while at < delta.len() {
        let op_at = at;
        let op = delta[at];
        at += 1;
        let room = |out: &Vec<u8>, n: u64| {
            usize::try_from(n)
                .ok()
                .filter(|&n| n <= want - out.len())
                .ok_or(DeltaError::Overflow {
                    at: op_at,
                    len: info.new_len,
                })
        };
        match op {
            OP_COPY => {
                let from = varint(delta, &mut at)?;
                let n = room(&out, varint(delta, &mut at)?)?;
                let src = usize::try_from(from)
                    .ok()
                    .and_then(|f| old.get(f..f.checked_add(n)?))
                    .ok_or(DeltaError::CopyOutOfBounds { at: op_at })?;
                out.extend_from_slice(src);
            }
            OP_INSERT => {
                let n = room(&out, varint(delta, &mut at)?)?;
                let src = at
                    .checked_add(n)
                    .and_then(|end| delta.get(at..end))
                    .ok_or(DeltaError::Truncated { at: delta.len() })?;
                out.extend_from_slice(src);
                at += n;
            }
            OP_ZERO => {
                let n = room(&out, varint(delta, &mut at)?)?;
                out.resize(out.len() + n, 0);
            }
            op => return Err(DeltaError::UnknownOp { op, at: op_at }),
        }
    }
    if out.len() != want {
        return Err(DeltaError::ShortOutput {
            got: out.len(),
            want: info.new_len,
        });
    }
    let got = u64_at(&out, 56).unwrap_or(0);
    if got != info.to_sequence {
        return Err(DeltaError::ResultMismatch {
            got,
            want: info.to_sequence,
        });
    }
    Ok(out)
}

fn same_list(base: &ListInfo, id: &str, key: KeyId) -> Result<(), DeltaError> {
    if base.id != id {
        return Err(DeltaError::ListMismatch {
            delta: id.to_string(),
            base: base.id.clone(),
        });
    }
    if base.key_id != key {
        return Err(DeltaError::KeyMismatch {
            delta: key,
            base: base.key_id,
        });
    }
    Ok(())
}

fn header(new: &ListInfo, from: u64, old: &[u8], new_len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(DELTA_HEADER_LEN + 1024);
    out.extend_from_slice(&DELTA_MAGIC);
    out.extend_from_slice(&DELTA_VERSION.to_le_bytes());
    out.extend_from_slice(&[0; 6]);
    let mut id = [0u8; MAX_LIST_ID];
    let n = new.id.len().min(MAX_LIST_ID);
    id[..n].copy_from_slice(&new.id.as_bytes()[..n]);
    out.extend_from_slice(&id);
    out.extend_from_slice(&new.key_id.0);
    out.extend_from_slice(&from.to_le_bytes());
    out.extend_from_slice(&new.sequence.to_le_bytes());
    out.extend_from_slice(&old[old.len() - SIGNATURE_LEN..]);
    out.extend_from_slice(&(new_len as u64).to_le_bytes());
    out
}

/// Reads an unsigned LEB128 varint at `*at`, moving `*at` past it.
fn varint(b: &[u8], at: &mut usize) -> Result<u64, DeltaError> {
    let start = *at;
    let mut v: u64 = 0;
    for i in 0..10 {
        let byte = *b.get(*at).ok_or(DeltaError::Truncated { at: b.len() })?;
        *at += 1;
        let part = u64::from(byte & 0x7f);
        // The 10th byte may hold only the 64th bit.
        if i == 9 && part > 1 {
            return Err(DeltaError::BadVarint { at: start });
        }
        v |= part << (7 * i);
        if byte & 0x80 == 0 {
            return Ok(v);
        }
    }
    Err(DeltaError::BadVarint { at: start })
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The op writer: adjacent inserts and contiguous copies are merged.
struct Ops<'a> {
    out: &'a mut Vec<u8>,
    pending: Option<Pending>,
    insert: Vec<u8>,
}

enum Pending {
    Copy { from: usize, len: usize },
    Zero(usize),
}

impl<'a> Ops<'a> {
    fn new(out: &'a mut Vec<u8>) -> Ops<'a> {
        Ops {
            out,
            pending: None,
            insert: Vec::new(),
        }
    }

    fn flush(&mut self) {
        if !self.insert.is_empty() {
            self.out.push(OP_INSERT);
            put_varint(self.out, self.insert.len() as u64);
            self.out.append(&mut self.insert);
        }
        match self.pending.take() {
            Some(Pending::Copy { from, len }) => {
                self.out.push(OP_COPY);
                put_varint(self.out, from as u64);
                put_varint(self.out, len as u64);
            }
            Some(Pending::Zero(n)) => {
                self.out.push(OP_ZERO);
                put_varint(self.out, n as u64);
            }
            None => {}
        }
    }

    fn insert(&mut self, b: &[u8]) {
        if b.is_empty() {
            return;
        }
        if self.pending.is_some() {
            self.flush();
        }
        self.insert.extend_from_slice(b);
    }

    fn copy(&mut self, from: usize, len: usize) {
        if len == 0 {
            return;
        }
        if let Some(Pending::Copy { from: f, len: l }) = &mut self.pending {
            if *f + *l == from {
                *l += len;
                return;
            }
        }
        self.flush();
        self.pending = Some(Pending::Copy { from, len });
    }

    /// Bytes between sections (padding, the header and table): zeros as
    /// ZERO, anything else inserted.
    fn filler(&mut self, b: &[u8]) {
        if b.is_empty() {
            return;
        }
        if b.len() > 2 && b.iter().all(|&x| x == 0) {
            if let Some(Pending::Zero(n)) = &mut self.pending {
                *n += b.len();
                return;
            }
            self.flush();
            self.pending = Some(Pending::Zero(b.len()));
        } else {
            self.insert(b);
        }
    }

    /// A new section against the old section of the same kind, block by
    /// block: a block equal to the old one at the same offset (bytes
    /// changed in place) or at the same distance from the end (bytes
    /// inserted or removed before it) is copied, the others inserted. A
    /// table that gained an entry keeps its slots before the entry in place
    /// and those after it at the same distance from the end.
    fn partial(&mut self, old: &[u8], o: Range<usize>, new: &[u8]) {
        let before = &old[o.clone()];
        let mut i = 0;
        while i < new.len() {
            let end = (i + BLOCK).min(new.len());
            let chunk = &new[i..end];
            let from_end = new.len() - i;
            let same_end = before
                .len()
                .checked_sub(from_end)
                .filter(|&j| before.get(j..j + chunk.len()) == Some(chunk));
            if before.get(i..end) == Some(chunk) {
                self.copy(o.start + i, chunk.len());
            } else if let Some(j) = same_end {
                self.copy(o.start + j, chunk.len());
            } else {
                self.insert(chunk);
            }
            i = end;
        }
    }
}
