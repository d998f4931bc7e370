//! `turnback expressions`: print the host-suffix/path-prefix expressions.

use turnback::url::{canonicalize, expressions};

use crate::exit;

/// Print the Safe Browsing expressions a URL is looked up by, one per line.
#[derive(clap::Args)]
#[command(
    after_help = "Example:\n  turnback expressions 'http://a.b.turnback.test/1/2.html?param=1'\n\nExit status: 0 valid, 2 invalid URL."
)]
pub struct Args {
    /// The URL.
    url: String,
}

pub fn run(args: Args) -> u8 {
    match canonicalize(&args.url) {
        Ok(c) => {
            expressions(&c).iter().for_each(|e| println!("{e}"));
            exit::OK
        }
        Err(e) => {
            eprintln!("error: {:?}: {e}", args.url);
            exit::ERROR
        }
    }
}
