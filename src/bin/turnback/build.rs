//! `turnback build`: hash plaintext sources into a signed list file.

use std::path::{Path, PathBuf};
use std::time::Duration;

use turnback::list::{
    KeyId, Layering, ListInfo, Metadata, OnBase, RebaseReason, SecretKey, SourceKind, MAX_STASHES,
};
use turnback::{Engine, ListBuilder};

use crate::files::Kind;
use crate::problems::Severity;
use crate::{exit, files, hashes, ingest, keyset, release, secret, sources};

const AFTER_HELP: &str = "\
Sources (each option repeatable, each optional; at least one source):
  --urls      URLs or Safe Browsing expressions: `host.test/`, `https://host.test/a/`
  --keywords  phrases of one or more words
  --rules     2 to 4 terms joined by ` & `: `term one & term two`
  --url-hashes      SHA-256 of Safe Browsing expressions (hex, all 32 bytes or
                    a prefix of at least 8), as partners and `turnback hash
                    --urls` share them; repeatable
  --keyword-hashes  keyword phrases as `turnback hash --keywords` writes them;
                    repeatable
  A hash file whose `# turnback hash scheme N` header or tokens name another
  hash scheme is refused.
  --meta      JSON replacing any of: categories, messages, resources, sites
With --format lines (the default) a source is UTF-8 text, one entry per
line; `#` starts a comment line; an optional <TAB>category column names a
category declared in the metadata (the first category when none is named).
With --format csv or tsv, --column names the entry's column and optionally
the category's, by header name (the header row is then required and
skipped) or by 1-based number (a first row of column names is skipped).

Examples:
  turnback build --urls urls.txt --keywords keywords.txt --key keys/turnback.key --out list.tbl
  turnback build --urls ours.txt --urls partner.txt --meta meta.json \\
      --key keys/turnback.key --out list.tbl --id ngo-main --expires 14d --strict
  turnback build --urls cases.csv --format csv --column url,category \\
      --key keys/turnback.key --out list.tbl --skip-invalid --rejects rejected.txt
  turnback build --urls urls.txt --keywords keywords.txt --key keys/turnback.key \\
      --base published/list.tbl --out list.tbl
  turnback build --urls urls.txt --keywords keywords.txt --unsigned --out list.unsigned
  (then, on the machine that holds the key:)
  turnback sign --list list.unsigned --key keys/turnback.key --out list.tbl

With --base (the previous release of the same list) the new list keeps the
base's URL filter and table byte for byte and holds the URL changes in a
stash, so a delta update (`turnback publish`) stays a small part of the
file. It starts a new base by itself when the changes since the base pass
--rebase-at percent of its URL entries; more than 32 stashes are folded
into one.

An encrypted secret key's passphrase is asked on the terminal, or read from
the variable --passphrase-env names. --expires under one day is warned
about (an error with --strict).

Errors (lines that cannot be used) and warnings (lines that look like
another format, hosts without a dot, keywords of one or two letters or only
very common words) name file:line and the text, one line per kind of problem
(every one with --verbose). No list is written when there is an error (or,
with --strict, a warning), unless --skip-invalid: then the bad lines go to
--rejects and the list is built from the rest. --max-errors N stops reading
after N errors. Exit status: 0 written, 2 error.";

/// Build a signed, hashed list file from plaintext sources.
#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// URL entries (repeatable).
    #[arg(long, value_name = "FILE")]
    urls: Vec<PathBuf>,
    /// Keyword phrases (repeatable).
    #[arg(long, value_name = "FILE")]
    keywords: Vec<PathBuf>,
    /// Combination rules (repeatable).
    #[arg(long, value_name = "FILE")]
    rules: Vec<PathBuf>,
    /// How the plaintext sources are laid out.
    #[arg(long, value_enum, default_value = "lines")]
    format: sources::Format,
    /// CSV/TSV columns: the entry's and optionally the category's, each a
    /// header name or a 1-based number [default: 1].
    #[arg(long, value_name = "ENTRY[,CATEGORY]")]
    column: Option<sources::Columns>,
    /// URL entries known only by SHA-256 (hex, one per line); repeatable.
    #[arg(long = "url-hashes", value_name = "FILE")]
    url_hashes: Vec<PathBuf>,
    /// Keyword phrases known only by hash (`turnback hash --keywords`); repeatable.
    #[arg(long = "keyword-hashes", value_name = "FILE")]
    keyword_hashes: Vec<PathBuf>,
    /// Metadata replacing the defaults (messages, help resources, categories, sites).
    #[arg(long, value_name = "FILE")]
    meta: Option<PathBuf>,
    /// The publisher's secret key (from `turnback keygen`).
    #[arg(long, value_name = "SECRET", required_unless_present = "unsigned")]
    key: Option<PathBuf>,
    /// Write the list unsigned, to be signed offline by `turnback sign`.
    #[arg(long, conflicts_with = "key")]
    unsigned: bool,
    #[command(flatten)]
    passphrase: secret::Passphrase,
    /// Where to write the list.
    #[arg(long, value_name = "LIST")]
    out: PathBuf,
    /// The list's id: [a-z0-9._-], 1-32 bytes.
    #[arg(long, default_value = "turnback")]
    id: String,
    /// Sequence number; must grow with every release [default: now, in Unix seconds].
    #[arg(long, value_name = "N")]
    sequence: Option<u64>,
    /// How long devices may use the list, e.g. 30d, 12h.
    #[arg(long, value_name = "DURATION", default_value = "30d", value_parser = humantime::parse_duration)]
    expires: Duration,
    /// Treat warnings (such as duplicates) as errors.
    #[arg(long)]
    strict: bool,
    /// List every problem, not one line per kind of problem.
    #[arg(long)]
    verbose: bool,
    /// Stop reading after N errors.
    #[arg(long, value_name = "N")]
    max_errors: Option<usize>,
    /// Leave out bad lines (written to --rejects) and build from the rest.
    #[arg(long, requires = "rejects")]
    skip_invalid: bool,
    /// Where --skip-invalid writes the lines it left out.
    #[arg(long, value_name = "FILE", requires = "skip_invalid")]
    rejects: Option<PathBuf>,
    /// The previous release of this list: its URL filter and table are
    /// kept byte for byte and the URL changes go into a stash, so that
    /// delta updates stay small (docs/publishing.md).
    #[arg(long, value_name = "LIST")]
    base: Option<PathBuf>,
    /// Public key(s) that verify --base (repeatable) [default: --key's].
    #[arg(long = "base-pub", value_name = "KEY", requires = "base")]
    base_pub: Vec<PathBuf>,
    /// With --base: start a new base once the URL changes since it pass
    /// this share of its URL entries [default: 10].
    #[arg(long, value_name = "PERCENT", requires = "base")]
    rebase_at: Option<f64>,
    /// With --base: start a new base now (devices then download it whole).
    #[arg(long, requires = "base")]
    rebase: bool,
}

/// The share of a base's URL entries that may change before a release
/// starts a new base: each delta carries the stash filter, which grows with
/// the changes, while a new base costs every device a full download.
const REBASE_AT_PERCENT: f64 = 10.0;

pub fn run(args: Args) -> u8 {
    exit::report(build(&args))
}

fn build(args: &Args) -> Result<String, String> {
    if !turnback::list::valid_list_id(&args.id) {
        return Err(format!(
            "--id {:?}: a list id is [a-z0-9._-], 1-32 bytes",
            args.id
        ));
    }
    if args.expires.as_secs() == 0 {
        return Err("--expires: a list must stay valid for at least one second".to_string());
    }
    if let Some(w) = release::expiry_warning(args.expires) {
        if args.strict {
            return Err(w);
        }
        eprintln!("warning: {w}");
    }
    let key = match &args.key {
        Some(path) => Some(secret::read(path, &args.passphrase)?),
        None => None,
    };
    let meta = match &args.meta {
        Some(p) => Metadata::with_overrides(&files::read_text(p, Kind::Metadata)?)
            .map_err(|e| format!("{}: {e}", p.display()))?,
        None => Metadata::default(),
    };
    let sources: Vec<(SourceKind, &PathBuf)> = [
        (SourceKind::Urls, &args.urls),
        (SourceKind::Keywords, &args.keywords),
        (SourceKind::Rules, &args.rules),
    ]
    .into_iter()
    .flat_map(|(kind, paths)| paths.iter().map(move |p| (kind, p)))
    .collect();
    if sources.is_empty() && args.url_hashes.is_empty() && args.keyword_hashes.is_empty() {
        return Err("no source given: give --urls, --keywords, --rules, --url-hashes or --keyword-hashes (each repeatable)".to_string());
    }
    if args.format == sources::Format::Lines && args.column.is_some() {
        return Err("--column needs --format csv or --format tsv".to_string());
    }
    let options = ingest::Options {
        format: args.format,
        columns: args.column.clone().unwrap_or_default(),
        strict: args.strict,
        max_errors: args.max_errors,
        categories: meta.categories.clone(),
    };
    let mut builder = ListBuilder::with_metadata(meta).map_err(|e| e.to_string())?;
    let fed = ingest::feed(&mut builder, &sources, &options)?;
    eprint!("{}", fed.problems.report(args.verbose));
    let errors = fed.problems.count(Severity::Error);
    if fed.stopped {
        return Err(format!(
            "stopped after more than {} error(s) (--max-errors); no list written",
            args.max_errors.unwrap_or(0)
        ));
    }
    let hashed = hashes::add_all(
        &mut builder,
        &args.url_hashes,
        &args.keyword_hashes,
        args.strict,
    )?;
    if hashed.failed > 0 {
        return Err(format!(
            "{} problem(s) in the hash sources; no list written",
            hashed.failed
        ));
    }
    if errors > 0 && !args.skip_invalid {
        return Err(format!("{errors} problem(s) in the input; no list written"));
    }
    if let Some(rejects) = &args.rejects {
        files::write_atomic(rejects, fed.problems.rejects().as_bytes())?;
    }
    let added = fed.added;
    let created = files::now();
    let info = ListInfo {
        id: args.id.clone(),
        key_id: key.as_ref().map_or(KeyId([0; 8]), |k| k.public().id()),
        sequence: args.sequence.unwrap_or(created.max(0) as u64),
        created,
        expires: created.saturating_add(i64::try_from(args.expires.as_secs()).unwrap_or(i64::MAX)),
    };
    let (bytes, layering) = match &args.base {
        Some(path) => {
            let base = read_base(path, args, key.as_ref())?;
            let percent = args.rebase_at.unwrap_or(REBASE_AT_PERCENT);
            if !(0.0..=100.0).contains(&percent) {
                return Err(format!(
                    "--rebase-at {percent}: a share between 0 and 100 (percent)"
                ));
            }
            let on = OnBase {
                base: &base,
                rebase_at: percent / 100.0,
                force_rebase: args.rebase,
            };
            let (bytes, layering) = builder
                .write_on(&info, key.as_ref(), &on)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            (bytes, Some(layering))
        }
        None => (
            match &key {
                Some(key) => builder.write(&info, key),
                None => builder.write_unsigned(&info),
            }
            .map_err(|e| e.to_string())?,
            None,
        ),
    };
    files::write_atomic(&args.out, &bytes)?;
    let written = Engine::inspect_unverified(bytes.clone()).map_err(|e| e.to_string())?;
    let stats = written.stats();
    let entries = (added.iter().sum::<usize>() + hashed.urls + hashed.keywords).max(1);
    let mut notes = Vec::new();
    if fed.duplicates > 0 {
        notes.push(format!("{} duplicate(s) merged", fed.duplicates));
    }
    let warnings = fed.problems.count(Severity::Warning);
    if warnings > 0 {
        notes.push(format!("{warnings} warning(s)"));
    }
    if let Some(r) = &args.rejects {
        notes.push(format!(
            "{errors} line(s) rejected, written to {}",
            r.display()
        ));
    }
    if let Some(l) = layering {
        notes.push(layering_note(l));
    }
    let notes = if notes.is_empty() {
        String::new()
    } else {
        format!("\n  {}", notes.join(", "))
    };
    Ok(format!(
        "wrote {}{}: list {} sequence {}, expires {}\n  {} url entries, {} keyword phrases ({} keyword keys), {} combination rules{notes}\n  {} bytes, {:.1} bytes per entry",
        args.out.display(),
        if key.is_none() {
            " (unsigned: sign it with `turnback sign`)"
        } else {
            ""
        },
        info.id,
        info.sequence,
        files::date(info.expires),
        stats.url_entries,
        added[1],
        stats.keyword_entries,
        stats.rules,
        bytes.len(),
        bytes.len() as f64 / entries as f64,
    ) + &hashed.summary())
}

/// The previous release, verified: with --base-pub's keys, else with the
/// signing key's public half. Its expiry does not matter (it is only a
/// base), its signature does.
fn read_base(path: &Path, args: &Args, key: Option<&SecretKey>) -> Result<Engine, String> {
    let any_time = files::ANY_TIME;
    if !args.base_pub.is_empty() {
        return keyset::load(path, &args.base_pub, &any_time);
    }
    let Some(key) = key else {
        return Err(
            "--base with --unsigned needs --base-pub: the key(s) that verify the base".to_string(),
        );
    };
    let bytes = files::read(path, Kind::List)?;
    Engine::from_bytes(bytes, &key.public(), &any_time)
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// How the list was laid out on its base, for the summary.
fn layering_note(l: Layering) -> String {
    match l {
        Layering::Stashed { stashes, added, removed } => format!(
            "built on the base: {added} url entries added, {removed} removed (stash {stashes} of at most {MAX_STASHES})"
        ),
        Layering::Folded { added, removed } => format!(
            "built on the base: the stashes folded into one ({added} added, {removed} removed since the base)"
        ),
        Layering::UrlsUnchanged { stashes } => {
            format!("built on the base: no url change ({stashes} stash(es) kept)")
        }
        Layering::Rebased(RebaseReason::Forced) => "a new base (--rebase)".to_string(),
        Layering::Rebased(RebaseReason::Churn { changes, base }) => format!(
            "a new base: {changes} url changes since the base, more than --rebase-at allows of its {base} entries"
        ),
    }
}
