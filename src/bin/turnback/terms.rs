//! `turnback terms`: print the search text a navigation URL carries.

use turnback::search::extract;
use turnback::url::canonicalize;

use crate::exit;

/// Print the search text extracted from a navigation URL.
#[derive(clap::Args)]
#[command(
    after_help = "Example:\n  turnback terms 'https://duckduckgo.com/?q=some+words&ia=web'\n\nExit status: 0 text found, 1 none, 2 invalid URL."
)]
pub struct Args {
    /// The URL of a search or results page.
    url: String,
}

pub fn run(args: Args) -> u8 {
    let url = match canonicalize(&args.url) {
        Ok(u) => u,
        Err(e) => {
            eprintln!("error: {:?}: {e}", args.url);
            return exit::ERROR;
        }
    };
    match extract(&url) {
        Some(s) if !s.text.trim().is_empty() => {
            println!("{}", s.text);
            exit::OK
        }
        _ => exit::NOT_FOUND,
    }
}
