//! Reading and writing the files the CLI works with; every error names the
//! file. Writes go to a temporary file renamed into place, so a failed or
//! interrupted run never leaves a half-written list or key behind.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use turnback::list::{LoadPolicy, SecretKey};

pub fn read(path: &Path) -> Result<Vec<u8>, String> {
    fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The file as UTF-8 text; the error names the first bad line.
pub fn read_text(path: &Path) -> Result<String, String> {
    let bytes = read(path)?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = 1 + e
            .as_bytes()
            .iter()
            .take(valid)
            .filter(|&&b| b == b'\n')
            .count();
        format!("{}:{line}: not valid UTF-8", path.display())
    })
}

pub fn secret_key(path: &Path) -> Result<SecretKey, String> {
    SecretKey::from_text(&read_text(path)?).map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes `bytes` to `path` through a temporary file in the same folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let name = |e: std::io::Error| format!("{}: {e}", path.display());
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    let result = fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|_| f.sync_all()))
        .and_then(|_| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(name)
}

/// Creates `path` with `bytes`; fails if it exists. `secret` files are
/// readable by their owner only.
pub fn create_new(path: &Path, bytes: &[u8], secret: bool) -> Result<(), String> {
    let mut o = fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = secret;
    let mut f = o.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => {
            format!("{}: already exists; refusing to overwrite", path.display())
        }
        _ => format!("{}: {e}", path.display()),
    })?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Loads a list as it stands today (an expired list is refused).
pub fn policy_now() -> LoadPolicy {
    LoadPolicy {
        now: now(),
        held_sequence: None,
    }
}

/// Loads a list whatever its dates: for an old release that is only a base
/// or a source of bytes, never one put in force.
pub const ANY_TIME: LoadPolicy = LoadPolicy {
    now: i64::MIN,
    held_sequence: None,
};

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// RFC 3339 form of Unix seconds.
pub fn date(secs: i64) -> String {
    turnback::list::utc(secs)
}
