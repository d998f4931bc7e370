//! Key sets. Every `--pub` may be given more than once, and a public key
//! file may hold several keys, one a line (`#` starts a comment): a
//! publisher rotates by pinning the next key beside the current one before
//! signing with it. A list is verified with the pinned key whose id its
//! header names; nothing else about verification changes.

use std::path::{Path, PathBuf};

use turnback::list::{is_unsigned, signer_key_id, LoadPolicy, PublicKey};
use turnback::Engine;

use crate::files;

/// Every key of every file, in the order given; each error names file:line.
pub fn read(paths: &[PathBuf]) -> Result<Vec<PublicKey>, String> {
    let mut keys = Vec::new();
    for path in paths {
        let text = files::read_text(path)?;
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
    let bytes = files::read(list)?;
    let named = |e: String| format!("{}: {e}", list.display());
    if is_unsigned(&bytes) {
        return Err(named(
            "list is unsigned (built with --unsigned); sign it with `turnback sign` first".into(),
        ));
    }
    let signer = signer_key_id(&bytes);
    let key = match set.iter().find(|k| Some(k.id()) == signer) {
        Some(k) => k,
        // One pinned key: the engine's own refusal says which it expected.
        None if set.len() == 1 => &set[0],
        None => {
            let ids: Vec<String> = set.iter().map(|k| k.id().to_string()).collect();
            let found = signer.map(|k| k.to_string()).unwrap_or_default();
            return Err(named(format!(
                "list is signed by key {found}, not by any pinned key ({})",
                ids.join(", ")
            )));
        }
    };
    Engine::from_bytes(bytes, key, policy).map_err(|e| named(e.to_string()))
}
