//! `turnback verify --index`: a published index checked as a device checks
//! it (signature, pinned key set), and every file it names checked against
//! its size and SHA-256 beside it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};
use turnback::list::{Index, IndexFile};

use crate::files::Kind;
use crate::{files, keyset};

/// Verifies the index at `path` with the key set `keys`; the summary line.
pub fn verify(path: &Path, keys: &[PathBuf]) -> Result<String, String> {
    let set = keyset::read(keys)?;
    let bytes = files::read(path, Kind::Index)?;
    let named = |e: String| format!("{}: {e}", path.display());
    let claimed = Index::read_unverified(&bytes).map_err(|e| named(e.to_string()))?;
    let key =
        keyset::pick(&set, Some(claimed.key_id)).map_err(|e| named(format!("index is {e}")))?;
    let index = Index::read(&bytes, key, None).map_err(|e| named(e.to_string()))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    check_file(dir, &index.full)?;
    for d in &index.deltas {
        check_file(dir, &d.file)?;
    }
    let froms: Vec<String> = index.deltas.iter().map(|d| d.from.to_string()).collect();
    Ok(format!(
        "ok: {} list {} sequence {}, key {}, min-interval {}, full {} ({} bytes), {} delta{}{}",
        path.display(),
        index.list_id,
        index.sequence,
        index.key_id,
        humantime::format_duration(Duration::from_secs(index.min_interval)),
        index.full.name,
        index.full.size,
        index.deltas.len(),
        if index.deltas.len() == 1 { "" } else { "s" },
        if froms.is_empty() {
            String::new()
        } else {
            format!(" (from {})", froms.join(", "))
        }
    ))
}

fn check_file(dir: &Path, f: &IndexFile) -> Result<(), String> {
    let p = dir.join(&f.name);
    let b = files::read(&p, Kind::List)?;
    if b.len() as u64 != f.size {
        return Err(format!(
            "{}: {} bytes, the index says {}",
            p.display(),
            b.len(),
            f.size
        ));
    }
    if <[u8; 32]>::from(Sha256::digest(&b)) != f.sha256 {
        return Err(format!("{}: sha-256 differs from the index's", p.display()));
    }
    Ok(())
}
