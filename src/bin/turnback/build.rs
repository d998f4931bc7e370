//! `turnback build`: hash plaintext sources into a signed list file.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use turnback::list::{ListInfo, Metadata, SourceKind, SourceReport};
use turnback::ListBuilder;

use crate::{exit, files, hashes};

const AFTER_HELP: &str = "\
Input files are UTF-8 text, one entry per line; `#` starts a comment line;
an optional <TAB>category column names a category declared in the metadata
(the first category is used when none is named).
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

Examples:
  turnback build --urls urls.txt --keywords keywords.txt --key keys/turnback.key --out list.tbl
  turnback build --urls u.txt --keywords k.txt --rules r.txt --meta meta.json \\
      --key keys/turnback.key --out list.tbl --id ngo-main --expires 14d --strict

Errors name file:line; no list is written when there is any (or, with
--strict, any warning). Exit status: 0 written, 2 error.";

/// Build a signed, hashed list file from plaintext sources.
#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// URL entries.
    #[arg(long, value_name = "FILE")]
    urls: PathBuf,
    /// Keyword phrases.
    #[arg(long, value_name = "FILE")]
    keywords: PathBuf,
    /// Combination rules.
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
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
    #[arg(long, value_name = "SECRET")]
    key: PathBuf,
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
}

/// Inputs larger than this get a progress bar on a terminal.
const PROGRESS_BYTES: usize = 4 << 20;

pub fn run(args: Args) -> u8 {
    match build(&args) {
        Ok(summary) => {
            println!("{summary}");
            exit::OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            exit::ERROR
        }
    }
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
    let key = files::secret_key(&args.key)?;
    let meta = match &args.meta {
        Some(p) => Metadata::with_overrides(&files::read_text(p)?)
            .map_err(|e| format!("{}: {e}", p.display()))?,
        None => Metadata::default(),
    };
    let mut builder = ListBuilder::with_metadata(meta).map_err(|e| e.to_string())?;
    let sources = [
        (SourceKind::Urls, Some(&args.urls)),
        (SourceKind::Keywords, Some(&args.keywords)),
        (SourceKind::Rules, args.rules.as_ref()),
    ];
    let mut failed = 0usize;
    let mut added = [0usize; 3];
    for (i, (kind, path)) in sources.into_iter().enumerate() {
        let Some(path) = path else { continue };
        let text = files::read_text(path)?;
        let report = add_with_progress(&mut builder, kind, path, &text);
        for w in &report.warnings {
            eprintln!("{}: {w}", if args.strict { "error" } else { "warning" });
        }
        for e in &report.errors {
            eprintln!("error: {e}");
        }
        failed += report.errors.len()
            + if args.strict {
                report.warnings.len()
            } else {
                0
            };
        added[i] = report.added;
    }
    let hashed = hashes::add_all(
        &mut builder,
        &args.url_hashes,
        &args.keyword_hashes,
        args.strict,
    )?;
    failed += hashed.failed;
    if failed > 0 {
        return Err(format!("{failed} problem(s) in the input; no list written"));
    }
    let created = files::now();
    let info = ListInfo {
        id: args.id.clone(),
        key_id: key.public().id(),
        sequence: args.sequence.unwrap_or(created.max(0) as u64),
        created,
        expires: created.saturating_add(i64::try_from(args.expires.as_secs()).unwrap_or(i64::MAX)),
    };
    let bytes = builder.write(&info, &key).map_err(|e| e.to_string())?;
    files::write_atomic(&args.out, &bytes)?;
    let entries = (added.iter().sum::<usize>() + hashed.urls + hashed.keywords).max(1);
    Ok(format!(
        "wrote {}: list {} sequence {}, expires {}\n  {} url entries, {} keyword phrases, {} combination rules\n  {} bytes, {:.1} bytes per entry",
        args.out.display(),
        info.id,
        info.sequence,
        files::date(info.expires),
        added[0],
        added[1],
        added[2],
        bytes.len(),
        bytes.len() as f64 / entries as f64,
    ) + &hashed.summary())
}

/// Adds a source, showing progress on a terminal when the input is large.
fn add_with_progress(
    b: &mut ListBuilder,
    kind: SourceKind,
    path: &Path,
    text: &str,
) -> SourceReport {
    let name = path.display().to_string();
    if text.len() < PROGRESS_BYTES || !std::io::stderr().is_terminal() {
        return b.add_source(kind, &name, text);
    }
    let bar = indicatif::ProgressBar::new(text.len() as u64).with_message(name.clone());
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {bytes}/{total_bytes}")
    {
        bar.set_style(style);
    }
    // Feed the source in chunks of whole lines so the bar can move.
    let mut report = SourceReport::default();
    let mut offset_lines = 0;
    for chunk in chunks_of_lines(text, 1 << 20) {
        let mut r = b.add_source(kind, &name, chunk);
        r.errors
            .iter_mut()
            .chain(r.warnings.iter_mut())
            .for_each(|d| d.line += offset_lines);
        offset_lines += chunk.lines().count();
        report.added += r.added;
        report.errors.append(&mut r.errors);
        report.warnings.append(&mut r.warnings);
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    report
}

fn chunks_of_lines(text: &str, size: usize) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let cut = match rest
            .as_bytes()
            .get(size..)
            .and_then(|t| t.iter().position(|&b| b == b'\n'))
        {
            Some(i) => size + i + 1,
            None => rest.len(),
        };
        let (chunk, tail) = rest.split_at(cut);
        rest = tail;
        Some(chunk)
    })
}
