//! The publish index (docs/list-format.md, "The index"): a small signed text
//! file that names a list's latest sequence, its full file and the deltas to
//! it. It is the one published file that changes; the files it names never
//! do, so a CDN may cache them forever.

use ed25519_dalek::Signature;

use super::format::valid_list_id;
use super::keys::{KeyId, PublicKey, SecretKey};

/// The first line of every index.
pub const INDEX_HEADER: &str = "turnback-index 1";
/// The largest index a reader accepts, in bytes.
pub const MAX_INDEX_LEN: usize = 64 * 1024;
/// The most delta lines an index may hold.
pub const MAX_INDEX_DELTAS: usize = 256;
const MAX_NAME: usize = 128;

/// A file the index names: its plain name in the index's directory, its
/// size and SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexFile {
    /// `[A-Za-z0-9._-]`, 1–128 bytes, not starting with `.`.
    pub name: String,
    /// Bytes.
    pub size: u64,
    /// SHA-256 of the file's bytes.
    pub sha256: [u8; 32],
}

/// A delta the index offers: from `from` to the index's sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexDelta {
    /// The sequence the delta applies to.
    pub from: u64,
    /// The delta file.
    pub file: IndexFile,
}

/// A publish index's contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    /// The list id.
    pub list_id: String,
    /// The key that signs the index and the lists.
    pub key_id: KeyId,
    /// The latest published sequence.
    pub sequence: u64,
    /// Unix seconds when the index was written.
    pub created: i64,
    /// The least time a client should wait between two fetches, seconds.
    pub min_interval: u64,
    /// The full list of `sequence`.
    pub full: IndexFile,
    /// Deltas to `sequence`, by ascending `from` (each below `sequence`).
    pub deltas: Vec<IndexDelta>,
}

/// Why an index is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndexError {
    /// Larger than [`MAX_INDEX_LEN`].
    #[error("index is {0} bytes, larger than {MAX_INDEX_LEN}")]
    TooLarge(usize),
    /// Not UTF-8, or a line that does not end in `\n`, or a `\r`.
    #[error("index line {0}: not UTF-8 text with LF line ends")]
    NotText(usize),
    /// The first line is not `turnback-index 1`.
    #[error("index line 1: not a turnback index version 1 (expected `{INDEX_HEADER}`)")]
    UnsupportedVersion,
    /// A line that breaks the format: its number and what is wrong.
    #[error("index line {line}: {reason}")]
    Malformed { line: usize, reason: &'static str },
    /// Signed by another key than the pinned one.
    #[error("index is signed by key {found}, not by the pinned key {expected}")]
    UnknownKey { found: KeyId, expected: KeyId },
    /// The signature does not verify over the index's bytes.
    #[error("index signature does not verify")]
    BadSignature,
    /// A lower sequence than the list already held (a rollback).
    #[error("index sequence {found} is older than the held list's {held}")]
    Older { found: u64, held: u64 },
}

impl Index {
    /// The signed index file.
    pub fn to_signed_bytes(&self, key: &SecretKey) -> Vec<u8> {
        let mut t = format!(
            "{INDEX_HEADER}\nlist {}\nkey {}\nsequence {}\ncreated {}\nmin-interval {}\nfull {}\n",
            self.list_id,
            self.key_id,
            self.sequence,
            self.created,
            self.min_interval,
            file_fields(&self.full),
        );
        for d in &self.deltas {
            t.push_str(&format!("delta {} {}\n", d.from, file_fields(&d.file)));
        }
        let signature = hex::encode(key.sign(t.as_bytes()));
        t.push_str(&format!("signature {signature}\n"));
        t.into_bytes()
    }

    /// Reads and verifies an index with the pinned `key`, refusing one
    /// older than `held` (the sequence the reader holds, if any).
    pub fn read(bytes: &[u8], key: &PublicKey, held: Option<u64>) -> Result<Index, IndexError> {
        let (index, signed, signature) = parse(bytes)?;
        if index.key_id != key.id() {
            return Err(IndexError::UnknownKey {
                found: index.key_id,
                expected: key.id(),
            });
        }
        key.0
            .verify_strict(signed, &signature)
            .map_err(|_| IndexError::BadSignature)?;
        if let Some(held) = held.filter(|&h| index.sequence < h) {
            return Err(IndexError::Older {
                found: index.sequence,
                held,
            });
        }
        Ok(index)
    }

    /// Checks only the index's signature, strictly, with `key`: for a reader
    /// that parses the lines itself (the clients' JavaScript, which keeps
    /// this parser out of the Wasm module). The signed bytes and the
    /// signature are split off exactly as [`Index::read`] does; it checks
    /// neither the other lines nor the key id.
    pub fn verify_signature(bytes: &[u8], key: &PublicKey) -> Result<(), IndexError> {
        let (signed, signature) = split_signature(bytes)?;
        key.0
            .verify_strict(signed, &signature)
            .map_err(|_| IndexError::BadSignature)
    }

    /// Reads an index's lines without checking its signature: to find
    /// which key it names, or to show it. Never act on an index read so.
    pub fn read_unverified(bytes: &[u8]) -> Result<Index, IndexError> {
        parse(bytes).map(|(i, _, _)| i)
    }

    /// The delta from `sequence`, if the index offers one.
    pub fn delta_from(&self, sequence: u64) -> Option<&IndexDelta> {
        self.deltas.iter().find(|d| d.from == sequence)
    }
}

fn file_fields(f: &IndexFile) -> String {
    format!("{} {} {}", f.name, f.size, hex::encode(f.sha256))
}

/// Whether `name` may be named by an index: a plain file name.
pub fn valid_index_name(name: &str) -> bool {
    (1..=MAX_NAME).contains(&name.len())
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

/// The index, the bytes its signature covers, and the signature.
fn parse(bytes: &[u8]) -> Result<(Index, &[u8], Signature), IndexError> {
    if bytes.len() > MAX_INDEX_LEN {
        return Err(IndexError::TooLarge(bytes.len()));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        IndexError::NotText(
            1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count(),
        )
    })?;
    let mut lines: Vec<&str> = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let (line, tail) = rest
            .split_once('\n')
            .ok_or(IndexError::NotText(lines.len() + 1))?;
        if line.contains('\r') {
            return Err(IndexError::NotText(lines.len() + 1));
        }
        lines.push(line);
        rest = tail;
    }
    if lines.first() != Some(&INDEX_HEADER) {
        return Err(IndexError::UnsupportedVersion);
    }
    let bad = |line: usize, reason| IndexError::Malformed { line, reason };
    // Fixed lines 2-7, then deltas, then the signature, last.
    let field = |n: usize, name: &str| -> Result<&str, IndexError> {
        let line = lines.get(n - 1).ok_or(bad(n, "missing line"))?;
        match line.split_once(' ') {
            Some((k, v)) if k == name && !v.is_empty() => Ok(v),
            _ => Err(IndexError::Malformed {
                line: n,
                reason: "unexpected line (the lines are turnback-index, list, key, sequence, created, min-interval, full, delta…, signature)",
            }),
        }
    };
    let list_id = field(2, "list")?;
    if !valid_list_id(list_id) {
        return Err(bad(2, "list id is not [a-z0-9._-], 1-32 bytes"));
    }
    let mut key = [0u8; 8];
    lower_hex(field(3, "key")?, &mut key).ok_or(bad(3, "key id is not 16 lowercase hex digits"))?;
    let sequence = number(field(4, "sequence")?).ok_or(bad(4, "not a number"))?;
    let created = signed_number(field(5, "created")?).ok_or(bad(5, "not a number"))?;
    let min_interval = number(field(6, "min-interval")?).ok_or(bad(6, "not a number"))?;
    let full = file(field(7, "full")?, 7)?;
    let last = lines.len();
    if last < 8 {
        return Err(bad(last + 1, "missing signature line"));
    }
    let mut deltas: Vec<IndexDelta> = Vec::new();
    for n in 8..last {
        let v = field(n, "delta")?;
        let (from, f) = v
            .split_once(' ')
            .ok_or(bad(n, "expected `delta FROM NAME SIZE SHA256`"))?;
        let from = number(from).ok_or(bad(n, "delta's from-sequence is not a number"))?;
        if from >= sequence {
            return Err(bad(n, "delta's from-sequence is not below the sequence"));
        }
        if deltas.last().is_some_and(|d| d.from >= from) {
            return Err(bad(n, "deltas are not in ascending from-sequence order"));
        }
        if deltas.len() == MAX_INDEX_DELTAS {
            return Err(bad(n, "too many deltas"));
        }
        deltas.push(IndexDelta {
            from,
            file: file(f, n)?,
        });
    }
    field(last, "signature")?;
    let (signed, signature) = split_signature(bytes)?;
    let index = Index {
        list_id: list_id.to_string(),
        key_id: KeyId(key),
        sequence,
        created,
        min_interval,
        full,
        deltas,
    };
    Ok((index, signed, signature))
}

/// The bytes an index's signature covers and the signature: its last line
/// must be `signature <128 lowercase hex digits>` ending in LF.
fn split_signature(bytes: &[u8]) -> Result<(&[u8], Signature), IndexError> {
    if bytes.len() > MAX_INDEX_LEN {
        return Err(IndexError::TooLarge(bytes.len()));
    }
    let line_no = |at: usize| 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
    let body = bytes
        .strip_suffix(b"\n")
        .ok_or_else(|| IndexError::NotText(line_no(bytes.len())))?;
    let start = body.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = line_no(start);
    let hex_digits = body[start..]
        .strip_prefix(b"signature ")
        .ok_or(IndexError::Malformed {
            line,
            reason: "missing signature line",
        })?;
    let mut sig = [0u8; 64];
    std::str::from_utf8(hex_digits)
        .ok()
        .and_then(|h| lower_hex(h, &mut sig))
        .ok_or(IndexError::Malformed {
            line,
            reason: "signature is not 128 lowercase hex digits",
        })?;
    Ok((&bytes[..start], Signature::from_bytes(&sig)))
}

/// A decimal u64 in its shortest form (no sign, no leading zeros).
fn number(s: &str) -> Option<u64> {
    let canonical =
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    canonical.then(|| s.parse().ok()).flatten()
}

/// A decimal i64 in its shortest form, `-` for a negative one.
fn signed_number(s: &str) -> Option<i64> {
    match s.strip_prefix('-') {
        Some(n) if n != "0" => number(n).and_then(|v| 0i64.checked_sub_unsigned(v)),
        Some(_) => None,
        None => number(s).and_then(|v| i64::try_from(v).ok()),
    }
}

/// Lowercase hex of exactly `out.len()` bytes.
fn lower_hex(s: &str, out: &mut [u8]) -> Option<()> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    hex::decode_to_slice(s, out).ok()
}

fn file(v: &str, line: usize) -> Result<IndexFile, IndexError> {
    let bad = |reason| IndexError::Malformed { line, reason };
    let parts: Vec<&str> = v.split(' ').collect();
    let [name, size, sha] = parts[..] else {
        return Err(bad("expected NAME SIZE SHA256"));
    };
    if !valid_index_name(name) {
        return Err(bad(
            "file name is not a plain name ([A-Za-z0-9._-], 1-128 bytes, no leading dot)",
        ));
    }
    let size = number(size).ok_or(bad("file size is not a number"))?;
    let mut sha256 = [0u8; 32];
    lower_hex(sha, &mut sha256).ok_or(bad("sha-256 is not 64 lowercase hex digits"))?;
    Ok(IndexFile {
        name: name.to_string(),
        size,
        sha256,
    })
}
