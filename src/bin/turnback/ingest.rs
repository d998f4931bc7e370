//! Feeding source files into a [`ListBuilder`]: each record is linted,
//! given its category and added; every problem is kept with its
//! `file:line` and text, for the grouped report and `--rejects`.

use std::io::IsTerminal;
use std::path::PathBuf;

use turnback::list::SourceKind;
use turnback::{Category, ListBuilder, ListError};

use crate::files;
use crate::files::Kind;
use crate::lint;
use crate::problems::{Problem, Problems, Severity};
use crate::sources::{self, Columns, FileError, Format, Record};

/// How strictly sources are taken.
pub struct Options {
    pub format: Format,
    pub columns: Columns,
    /// Warnings are errors.
    pub strict: bool,
    /// Stop reading after this many errors.
    pub max_errors: Option<usize>,
    /// The categories the metadata declares, for the unknown-category hint.
    pub categories: Vec<String>,
}

/// What feeding the sources did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Entries added per kind: urls, keyword phrases, rules.
    pub added: [usize; 3],
    pub duplicates: usize,
    pub problems: Problems,
    /// Reading stopped at `--max-errors`.
    pub stopped: bool,
}

/// Inputs larger than this get a progress bar on a terminal.
const PROGRESS_BYTES: u64 = 4 << 20;

/// Adds every source, in order. Only an unreadable file is an `Err`;
/// problems with lines are in the outcome.
pub fn feed(
    builder: &mut ListBuilder,
    sources: &[(SourceKind, &PathBuf)],
    o: &Options,
) -> Result<Outcome, String> {
    let mut out = Outcome::default();
    let mut errors = 0usize;
    for (kind, path) in sources {
        let (file, len) = files::open(path, Kind::Source)?;
        let name = path.display().to_string();
        let mut records = sources::read(o.format, &o.columns, file, &name);
        let bar = progress(len, &name);
        while let Some(next) = records.next() {
            if let Some(b) = &bar {
                b.set_position(records.bytes_read());
            }
            let problem = match next.map_err(|FileError(e)| e)? {
                Ok(r) => add(builder, *kind, &name, &r, o, &mut out),
                Err(e) => Some(Problem {
                    severity: Severity::Error,
                    kind: "unreadable row",
                    file: name.clone(),
                    line: e.line,
                    message: e.message,
                    raw: e.raw,
                }),
            };
            if let Some(p) = problem {
                errors += usize::from(p.severity == Severity::Error);
                out.problems.list.push(p);
                if o.max_errors.is_some_and(|m| errors > m) {
                    out.stopped = true;
                    break;
                }
            }
        }
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        if out.stopped {
            break;
        }
    }
    Ok(out)
}

/// Adds one record; returns its problem, if it has one.
fn add(
    b: &mut ListBuilder,
    kind: SourceKind,
    file: &str,
    r: &Record,
    o: &Options,
    out: &mut Outcome,
) -> Option<Problem> {
    let warn = if o.strict {
        Severity::Error
    } else {
        Severity::Warning
    };
    let problem = |severity, kind, message| Problem {
        severity,
        kind,
        file: file.to_string(),
        line: r.line,
        message,
        raw: r.raw.clone(),
    };
    let lint = lint::check(kind, &r.entry, o.format != Format::Lines);
    if let (Some(l), true) = (&lint, o.strict) {
        return Some(problem(Severity::Error, l.kind, l.message.clone()));
    }
    let added = category(b, r).and_then(|c| match kind {
        SourceKind::Urls => b.add_url(&r.entry, c),
        SourceKind::Keywords => b.add_keyword(&r.entry, c),
        SourceKind::Rules => {
            let terms: Vec<&str> = r.entry.split(" & ").map(str::trim).collect();
            b.add_rule(&terms, c)
        }
    });
    match added {
        Ok(true) => {
            out.added[kind_index(kind)] += 1;
            lint.map(|l| problem(warn, l.kind, l.message))
        }
        Ok(false) => {
            out.duplicates += 1;
            Some(problem(
                warn,
                "duplicate",
                format!("duplicate entry, merged: {:?}", r.entry),
            ))
        }
        Err(e) => Some(problem(
            Severity::Error,
            error_kind(&e),
            error_message(&e, r, o),
        )),
    }
}

fn category(b: &mut ListBuilder, r: &Record) -> Result<Category, ListError> {
    match &r.category {
        Some(c) => b.category(c),
        None => Ok(ListBuilder::DEFAULT_CATEGORY),
    }
}

fn kind_index(kind: SourceKind) -> usize {
    match kind {
        SourceKind::Urls => 0,
        SourceKind::Keywords => 1,
        SourceKind::Rules => 2,
    }
}

fn error_kind(e: &ListError) -> &'static str {
    match e {
        ListError::Url(_) => "invalid url entry",
        ListError::Phrase(_) => "invalid phrase",
        ListError::RuleTerms(_) | ListError::RuleRepeatsTerm => "invalid rule",
        ListError::UndeclaredCategory(_) | ListError::UnknownCategory(_) => "unknown category",
        ListError::EmptyCategoryName => "empty category",
        _ => "invalid entry",
    }
}

fn error_message(e: &ListError, r: &Record, o: &Options) -> String {
    match e {
        ListError::UndeclaredCategory(name) => {
            let mut all = o.categories.clone();
            all.push(name.clone());
            let json = serde_json::to_string(&all).unwrap_or_default();
            format!("{e}; declare categories with --meta FILE holding {{\"categories\": {json}}}")
        }
        _ => format!("{e}: {:?}", r.entry),
    }
}

fn progress(bytes: u64, name: &str) -> Option<indicatif::ProgressBar> {
    if bytes < PROGRESS_BYTES || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(bytes).with_message(name.to_string());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {percent}%") {
        bar.set_style(style);
    }
    Some(bar)
}
