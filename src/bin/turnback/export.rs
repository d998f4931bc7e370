//! `turnback export`: a list's URL entries as hashes, in the format
//! `turnback build --url-hashes` reads, so partners exchange lists both ways.

use std::fmt::Write as _;
use std::path::PathBuf;

use turnback::list::{FORMAT_VERSION, HASH_SCHEME, HASH_SOURCE_HEADER};

use crate::{exit, files, verify};

const AFTER_HELP: &str = "\
Writes one line per URL entry: the first 8 bytes of the SHA-256 of its Safe
Browsing expression (16 hex digits: all a list stores), a TAB and its
category, after a header line naming the hash scheme. Entries built from
plaintext and entries imported by hash alike; never plaintext (the list has
none). The list is verified first, as a device would.

Example:
  turnback export --list list.tbl --pub keys/turnback.pub --urls-out url-hashes.txt
  turnback build --url-hashes url-hashes.txt …     (on the partner's side)

Exit status: 0 written (the count on stdout), 2 error.";

/// Write a list's URL entries as SHA-256 prefixes.
#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The list file.
    #[arg(long, value_name = "LIST")]
    list: PathBuf,
    /// The publisher's public key (repeatable, or a file of several: a key
    /// set); the list is verified before use.
    #[arg(long = "pub", value_name = "KEY", required = true)]
    key: Vec<PathBuf>,
    /// Where to write the URL hashes.
    #[arg(long = "urls-out", value_name = "FILE")]
    urls_out: PathBuf,
}

pub fn run(args: Args) -> u8 {
    exit::report(export(&args))
}

fn export(args: &Args) -> Result<String, String> {
    let engine = verify::load(&args.list, &args.key)?;
    let mut out = format!(
        "{HASH_SOURCE_HEADER}{HASH_SCHEME} (list format {FORMAT_VERSION}): SHA-256 prefixes of Safe Browsing URL expressions, from list {}\n",
        engine.info().id
    );
    let mut n = 0usize;
    for (prefix, category) in engine.url_prefixes() {
        let name = engine.category_name(category).unwrap_or("default");
        let _ = writeln!(out, "{:016x}\t{name}", prefix.0);
        n += 1;
    }
    files::write_atomic(&args.urls_out, out.as_bytes())?;
    Ok(format!(
        "wrote {}: {n} url entries as SHA-256 prefixes",
        args.urls_out.display()
    ))
}
