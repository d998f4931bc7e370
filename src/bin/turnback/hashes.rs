//! `turnback build --url-hashes` / `--keyword-hashes`: adding hash-only
//! sources to a build, kept out of build.rs so that file only calls in.

use std::path::PathBuf;

use turnback::list::HashSourceKind;
use turnback::ListBuilder;

use crate::files;
use crate::files::Kind;

/// What the hash sources added, and how many of their lines failed.
#[derive(Debug, Default)]
pub struct Added {
    pub urls: usize,
    pub keywords: usize,
    pub failed: usize,
}

impl Added {
    /// The build summary's extra line; empty when no hash source was given.
    pub fn summary(&self) -> String {
        if self.urls + self.keywords == 0 {
            return String::new();
        }
        format!(
            "\n  by hash only: {} url entries, {} keyword phrases",
            self.urls, self.keywords
        )
    }
}

/// Adds every hash source, printing each problem as the plaintext sources'
/// are printed (warnings are errors with `strict`).
pub fn add_all(
    b: &mut ListBuilder,
    url_hashes: &[PathBuf],
    keyword_hashes: &[PathBuf],
    strict: bool,
) -> Result<Added, String> {
    let mut added = Added::default();
    let sources = url_hashes
        .iter()
        .map(|p| (HashSourceKind::UrlHashes, p))
        .chain(
            keyword_hashes
                .iter()
                .map(|p| (HashSourceKind::KeywordHashes, p)),
        );
    for (kind, path) in sources {
        let text = files::read_text(path, Kind::Source)?;
        let report = b.add_hash_source(kind, &path.display().to_string(), &text);
        for w in &report.warnings {
            eprintln!("{}: {w}", if strict { "error" } else { "warning" });
        }
        for e in &report.errors {
            eprintln!("error: {e}");
        }
        added.failed += report.errors.len() + if strict { report.warnings.len() } else { 0 };
        match kind {
            HashSourceKind::UrlHashes => added.urls += report.added,
            HashSourceKind::KeywordHashes => added.keywords += report.added,
        }
    }
    Ok(added)
}
