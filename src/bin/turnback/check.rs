//! `turnback check`: check URLs, search texts and navigations against a list.

use std::path::PathBuf;

use serde::Serialize;
use turnback::{Engine, Verdict};

use crate::{dryrun, exit, verify};

const AFTER_HELP: &str = "\
Examples:
  turnback check --list list.tbl --pub keys/turnback.pub \\
      --url http://blocked.turnback.test/a --query 'bl0cked demo term'
  turnback check --list list.tbl --pub keys/turnback.pub \\
      --navigation 'https://www.bing.com/search?q=zorblax' --json

  turnback check --list list.tbl --pub keys/turnback.pub --from benign-queries.txt --kind query
  some-crawl | turnback check --list list.tbl --pub keys/turnback.pub --from - --kind url

Prints one verdict per input, in the order given: tab-separated
`input-kind  match|no-match  entry-kind  category  entry-id  input`, or one
JSON object per line with --json.

--from FILE (`-` for standard input) checks every non-blank line of FILE as
an input of --kind (default query): a dry run over a corpus, for instance a
benign one before every release. Only the lines that match are printed,
then `matched N of M` on stderr.

Exit status: 0 at least one input matched, 1 none did, 2 error (grep's convention).";

/// Check URLs, search texts and navigations against a list.
#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The list file.
    #[arg(long, value_name = "LIST")]
    list: PathBuf,
    /// The publisher's public key; the list is verified before use.
    /// Repeat it (or list several keys in the file) for a key set.
    #[arg(long = "pub", value_name = "KEY", required = true)]
    key: Vec<PathBuf>,
    /// A URL to check against URL entries.
    #[arg(long = "url", value_name = "URL")]
    check_urls: Vec<String>,
    /// A search text to check against keywords and rules.
    #[arg(long = "query", value_name = "TEXT")]
    queries: Vec<String>,
    /// A URL about to be opened: URL entries, then its search text.
    #[arg(long = "navigation", value_name = "URL")]
    navigations: Vec<String>,
    /// Print one JSON object per line.
    #[arg(long)]
    json: bool,
    /// Check every line of FILE (`-`: standard input); prints the matches
    /// and a summary.
    #[arg(long, value_name = "FILE")]
    from: Option<PathBuf>,
    /// What the lines of --from are.
    #[arg(long, value_enum, default_value = "query", requires = "from")]
    kind: Kind,
}

#[derive(Serialize)]
struct Line<'a> {
    input: &'a str,
    value: &'a str,
    matched: bool,
    kind: Option<&'a str>,
    category: Option<&'a str>,
    entry: Option<String>,
}

/// Which input kind each position of the command line holds, so verdicts
/// come out in the order the inputs were given.
pub fn input_order(m: &clap::ArgMatches) -> Vec<(usize, Kind)> {
    let mut order: Vec<(usize, Kind)> = [
        ("check_urls", Kind::Url),
        ("queries", Kind::Query),
        ("navigations", Kind::Navigation),
    ]
    .into_iter()
    .flat_map(|(id, kind)| {
        m.indices_of(id)
            .into_iter()
            .flatten()
            .map(move |i| (i, kind))
    })
    .collect();
    order.sort_unstable_by_key(|(i, _)| *i);
    order
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Url,
    Query,
    Navigation,
}

pub fn run(args: Args, order: Vec<(usize, Kind)>) -> u8 {
    let engine = match verify::load(&args.list, &args.key) {
        Ok(e) => e,
        Err(msg) => {
            eprintln!("error: {msg}");
            return exit::ERROR;
        }
    };
    if order.is_empty() && args.from.is_none() {
        eprintln!("error: nothing to check: give --url, --query, --navigation or --from");
        return exit::ERROR;
    }
    let (mut urls, mut queries, mut navigations) = (
        args.check_urls.iter(),
        args.queries.iter(),
        args.navigations.iter(),
    );
    let mut any = false;
    for (_, kind) in order {
        let next = match kind {
            Kind::Url => urls.next().map(|x| ("url", x, engine.check_url(x))),
            Kind::Query => queries.next().map(|x| ("query", x, engine.check_query(x))),
            Kind::Navigation => navigations
                .next()
                .map(|x| ("navigation", x, engine.check_navigation(x))),
        };
        let Some((name, value, v)) = next else {
            continue;
        };
        any |= v.is_match();
        print(&engine, name, value, &v, args.json);
    }
    if let Some(from) = &args.from {
        match dryrun::run(&engine, from, args.kind, args.json) {
            Ok(matched) => any |= matched > 0,
            Err(e) => {
                eprintln!("error: {e}");
                return exit::ERROR;
            }
        }
    }
    if any {
        exit::OK
    } else {
        exit::NOT_FOUND
    }
}

/// Checks `value` as an input of `kind`: the name `check` prints for
/// the kind, and the verdict.
pub fn check_one(engine: &Engine, kind: Kind, value: &str) -> (&'static str, Verdict) {
    match kind {
        Kind::Url => ("url", engine.check_url(value)),
        Kind::Query => ("query", engine.check_query(value)),
        Kind::Navigation => ("navigation", engine.check_navigation(value)),
    }
}

/// Prints one verdict line.
pub fn print(engine: &Engine, input: &str, value: &str, v: &Verdict, json: bool) {
    let line = Line {
        input,
        value,
        matched: v.is_match(),
        kind: v.kind().map(|k| k.as_str()),
        category: v.category().and_then(|c| engine.category_name(c)),
        entry: v.entry().map(|e| e.to_string()),
    };
    if json {
        match serde_json::to_string(&line) {
            Ok(s) => println!("{s}"),
            Err(e) => eprintln!("error: {e}"),
        }
    } else {
        let verdict = if line.matched { "match" } else { "no-match" };
        let dash = |s: Option<&str>| s.unwrap_or("-").to_string();
        let entry = line.entry.clone().unwrap_or_else(|| "-".to_string());
        println!(
            "{input}\t{verdict}\t{}\t{}\t{entry}\t{value}",
            dash(line.kind),
            dash(line.category)
        );
    }
}
