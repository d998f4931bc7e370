//! `turnback hash`: what a partner runs on its own side to share entries by
//! hash only: the lines `turnback build --url-hashes` / `--keyword-hashes`
//! read.

use std::path::PathBuf;

use turnback::list::{url_hash_hex, PhraseHash, FORMAT_VERSION, HASH_SCHEME, HASH_SOURCE_HEADER};
use turnback::text::phrase_keys;
use turnback::url::canonicalize;

use crate::files::Kind;
use crate::{exit, files};

const AFTER_HELP: &str = "\
Reads a source file as `turnback build` does (one entry per line, `#`
comments, an optional <TAB>category column, kept in the output) and prints a
header line naming the hash scheme, then one line per entry, nothing in
plaintext:
  --urls      the SHA-256 (64 hex digits) of the Safe Browsing expression the
              list holds for the URL: what Safe Browsing and other URL hash
              lists publish
  --keywords  one `turnback-phrase-v<scheme>:<sha-256>:<filter key>:<bytes>`
              token per normalization variant of the phrase

Examples:
  turnback hash --urls urls.txt > url-hashes.txt
  turnback hash --keywords keywords.txt > keyword-hashes.txt
  turnback build --url-hashes url-hashes.txt --keyword-hashes keyword-hashes.txt …

Exit status: 0 every line hashed, 2 any bad line (each named by file:line on
stderr; nothing printed on stdout).";

/// Print the hashes a list would hold for a source file's entries.
#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
#[group(required = true, multiple = false)]
pub struct Args {
    /// URLs or Safe Browsing expressions, one per line.
    #[arg(long, value_name = "FILE")]
    urls: Option<PathBuf>,
    /// Keyword phrases, one per line.
    #[arg(long, value_name = "FILE")]
    keywords: Option<PathBuf>,
}

pub fn run(args: Args) -> u8 {
    let (path, urls) = match (&args.urls, &args.keywords) {
        (Some(p), _) => (p, true),
        (None, Some(p)) => (p, false),
        (None, None) => {
            eprintln!("error: give --urls or --keywords");
            return exit::ERROR;
        }
    };
    match hash_file(path, urls) {
        Ok(out) => {
            print!("{out}");
            exit::OK
        }
        Err(errors) => {
            errors.iter().for_each(|e| eprintln!("error: {e}"));
            exit::ERROR
        }
    }
}

/// The whole output, or every bad line's error.
fn hash_file(path: &std::path::Path, urls: bool) -> Result<String, Vec<String>> {
    let text = files::read_text(path, Kind::Source).map_err(|e| vec![e])?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let what = if urls {
        "SHA-256 of Safe Browsing URL expressions"
    } else {
        "turnback keyword phrase keys"
    };
    let mut out =
        format!("{HASH_SOURCE_HEADER}{HASH_SCHEME} (list format {FORMAT_VERSION}): {what}\n");
    let mut errors = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let (entry, category) = match line.split_once('\t') {
            Some((e, c)) => (e.trim(), Some(c.trim())),
            None => (line.trim(), None),
        };
        let hashed = if urls {
            canonicalize(entry)
                .map(|c| url_hash_hex(&c.expression()))
                .map_err(|e| format!("invalid url entry: {e}"))
        } else {
            phrase_keys(entry)
                .map(|keys| {
                    keys.iter()
                        .map(|k| PhraseHash::token(k))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .map_err(|e| format!("invalid phrase: {e}"))
        };
        match hashed {
            Ok(h) => {
                out += &h;
                if let Some(c) = category {
                    out += "\t";
                    out += c;
                }
                out += "\n";
            }
            Err(e) => errors.push(format!("{}:{}: {e}", path.display(), i + 1)),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
