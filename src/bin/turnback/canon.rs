//! `turnback canon`: print the canonical form of URLs.

use turnback::url::canonicalize;

use crate::{exit, inputs};

/// Print the Safe Browsing canonical form of each URL.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  turnback canon 'http://www.Turnback.test/a/./b/../c'\n  printf 'a.test\\nmailto:x\\n' | turnback canon\n\nExit status: 0 all valid, 2 any invalid (each named on stderr)."
)]
pub struct Args {
    /// URLs; one per line from stdin when none is given.
    urls: Vec<String>,
}

pub fn run(args: Args) -> u8 {
    let mut code = exit::OK;
    let read = inputs::for_each(&args.urls, |u| match canonicalize(u) {
        Ok(c) => println!("{c}"),
        Err(e) => {
            eprintln!("error: {u:?}: {e}");
            code = exit::ERROR;
        }
    });
    if let Err(e) = read {
        eprintln!("error: reading stdin: {e}");
        code = exit::ERROR;
    }
    code
}
