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
    let url = match web_url(&args.url).and_then(|s| canonicalize(s).map_err(|e| e.to_string())) {
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

/// Search pages are web pages: an input naming another scheme (`mailto:`,
/// `javascript:`, `ftp://`) is not a navigation `terms` can read, even where
/// the canonicalizer would read it as a scheme-less `host:port`.
fn web_url(input: &str) -> Result<&str, String> {
    let Some((scheme, rest)) = input.trim().split_once(':') else {
        return Ok(input);
    };
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    let port = rest.split(['/', '?', '#']).next().unwrap_or("");
    let is_port = !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit());
    let web = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    if is_scheme && !is_port && !web {
        return Err(format!("not a web url (scheme {scheme:?})"));
    }
    Ok(input)
}
