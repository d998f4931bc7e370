//! Key sets. Every `--pub` may be given more than once, and a public key
//! file may hold several keys, one a line (`#` starts a comment): a
//! publisher rotates by pinning the next key beside the current one before
//! signing with it. A list is verified with the pinned key whose id its
//! header names; nothing else about verification changes.

use std::path::{Path, PathBuf};

use turnback::list::{is_unsigned, signer_key_id, KeyId, LoadPolicy, PublicKey};
use turnback::Engine;

use crate::files;
use crate::files::Kind;

/// Every key of every file, in the order given; each error names file:line.
pub fn read(paths: &[PathBuf]) -> Result<Vec<PublicKey>, String> {
    let mut keys = Vec::new();
    for path in paths {
        let text = files::read_text(path, Kind::Key)?;
        let before = keys.len();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let key = PublicKey::from_text(line)
                .map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?;
            keys.push(key);
        }
        if keys.len() == before {
            return Err(format!("{}: holds no public key", path.display()));
        }
    }
    Ok(keys)
}

/// Loads and fully verifies a list against a key set under `policy`.
pub fn load(list: &Path, keys: &[PathBuf], policy: &LoadPolicy) -> Result<Engine, String> {
    let set = read(keys)?;
    load_bytes(files::read(list, Kind::List)?, list, &set, policy)
}

/// [`load`] for bytes already read (or rebuilt) from `list`, and a key set
/// already read.
pub fn load_bytes(
    bytes: Vec<u8>,
    list: &Path,
    set: &[PublicKey],
    policy: &LoadPolicy,
) -> Result<Engine, String> {
    let named = |e: String| format!("{}: {e}", list.display());
    if is_unsigned(&bytes) {
        return Err(named(
            "list is unsigned (built with --unsigned); sign it with `turnback sign` first".into(),
        ));
    }
    let key = pick(set, signer_key_id(&bytes)).map_err(|e| named(format!("list is {e}")))?;
    Engine::from_bytes(bytes, key, policy).map_err(|e| named(e.to_string()))
}

/// The key of `set` whose id is `signer`; with one pinned key, that key
/// (the reader's own refusal then says which it expected).
pub fn pick(set: &[PublicKey], signer: Option<KeyId>) -> Result<&PublicKey, String> {
    match set.iter().find(|k| Some(k.id()) == signer) {
        Some(k) => Ok(k),
        None if set.len() == 1 => Ok(&set[0]),
        None => {
            let ids: Vec<String> = set.iter().map(|k| k.id().to_string()).collect();
            let found = signer.map(|k| k.to_string()).unwrap_or_default();
            Err(format!(
                "signed by key {found}, not by any pinned key ({})",
                ids.join(", ")
            ))
        }
    }
}
