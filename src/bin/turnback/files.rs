//! Reading and writing the files the CLI works with; every error names the
//! file. Writes go to a temporary file renamed into place, so a failed or
//! interrupted run never leaves a half-written list or key behind.

use std::fs;
use std::io::{Read, Write};
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use turnback::list::{LoadPolicy, SecretKey, MAX_DELTA_OUTPUT, MAX_INDEX_LEN};

/// What a file is read as. Each kind has the most bytes it may hold,
/// checked before anything is read, so a huge or endless file is refused at
/// once instead of filling memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A public or secret key file, or a key set: a few lines.
    Key,
    /// A list file, full or unsigned: as large as a delta may rebuild.
    List,
    /// A delta file (`.tbd`).
    Delta,
    /// A published index (`index.txt`).
    Index,
    /// A `--meta` file or another small JSON input.
    Metadata,
    /// A source file (URLs, keywords, rules, hashes, CSV).
    Source,
}

impl Kind {
    /// The most bytes a file of this kind may hold.
    pub fn max_bytes(self) -> u64 {
        match self {
            Kind::Key => 16 << 10,
            Kind::List | Kind::Delta => MAX_DELTA_OUTPUT,
            Kind::Index => MAX_INDEX_LEN as u64,
            Kind::Metadata => 4 << 20,
            Kind::Source => 4 << 30,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Key => "a key file",
            Kind::List => "a list file",
            Kind::Delta => "a delta file",
            Kind::Index => "an index",
            Kind::Metadata => "a metadata file",
            Kind::Source => "a source file",
        }
    }
}

/// What a path that is not a regular file is, for the error.
fn not_a_file(t: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    if t.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// Opens a file of `kind` for reading: it must be a regular file (a pipe
/// would block until a writer came, a device might never end) no larger
/// than the kind allows. Returns it with its length. Errors name the path.
pub fn open(path: &Path, kind: Kind) -> Result<(fs::File, u64), String> {
    let name = |e: std::io::Error| format!("{}: {e}", path.display());
    // Looked at before it is opened: opening a FIFO for reading blocks.
    let meta = fs::metadata(path).map_err(name)?;
    if !meta.is_file() {
        return Err(format!(
            "{}: is {}, not a regular file; give {}",
            path.display(),
            not_a_file(meta.file_type()),
            kind.name()
        ));
    }
    if meta.len() > kind.max_bytes() {
        return Err(too_large(path, kind, meta.len()));
    }
    Ok((fs::File::open(path).map_err(name)?, meta.len()))
}

fn too_large(path: &Path, kind: Kind, len: u64) -> String {
    format!(
        "{}: {len} bytes is more than {} may hold ({} bytes)",
        path.display(),
        kind.name(),
        kind.max_bytes()
    )
}

/// Reads a whole file of `kind` (see [`open`]).
pub fn read(path: &Path, kind: Kind) -> Result<Vec<u8>, String> {
    let (file, len) = open(path, kind)?;
    let max = kind.max_bytes();
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    // The file may grow between the look and the read: never past the limit.
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if bytes.len() as u64 > max {
        return Err(too_large(path, kind, bytes.len() as u64));
    }
    Ok(bytes)
}

/// The file as UTF-8 text (see [`read`]); the error names the first bad line.
pub fn read_text(path: &Path, kind: Kind) -> Result<String, String> {
    let bytes = read(path, kind)?;
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
    SecretKey::from_text(&read_text(path, Kind::Key)?)
        .map_err(|e| format!("{}: {e}", path.display()))
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
