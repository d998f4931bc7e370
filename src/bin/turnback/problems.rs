//! Problems found in build sources, reported grouped: one line per kind of
//! problem (its first occurrence and how many more), or every occurrence
//! with `--verbose`. Each names `file:line` and the offending text.

use std::fmt::Write;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The line is usable (and used) but worth a look.
    Warning,
    /// The line is not used; no list is written unless `--skip-invalid`.
    Error,
}

/// One problem with one source line.
#[derive(Debug, Clone)]
pub struct Problem {
    pub severity: Severity,
    /// What it is, to group by: `duplicate`, `csv header`, `invalid url entry`…
    pub kind: &'static str,
    pub file: String,
    pub line: u64,
    /// What is wrong, offending text included.
    pub message: String,
    /// The source line as written, for `--rejects`.
    pub raw: String,
}

/// Every problem of one build, in the order found.
#[derive(Debug, Default)]
pub struct Problems {
    pub list: Vec<Problem>,
}

impl Problems {
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.list.iter().filter(|p| p.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.list.iter().filter(|p| p.severity == severity).count()
    }

    /// The report for stderr: each kind once with a count, or, when
    /// `verbose`, every problem on its own line.
    pub fn report(&self, verbose: bool) -> String {
        let mut out = String::new();
        let mut groups: Vec<(Severity, &str, &Problem, usize)> = Vec::new();
        for p in &self.list {
            if verbose {
                let _ = writeln!(out, "{}", line(p));
                continue;
            }
            match groups
                .iter_mut()
                .find(|(s, k, _, _)| *s == p.severity && *k == p.kind)
            {
                Some(g) => g.3 += 1,
                None => groups.push((p.severity, p.kind, p, 0)),
            }
        }
        for (_, _, first, more) in groups {
            let _ = match more {
                0 => writeln!(out, "{}", line(first)),
                n => writeln!(
                    out,
                    "{} (and {n} more line(s) like it; --verbose lists them)",
                    line(first)
                ),
            };
        }
        out
    }

    /// The rejected lines, each after a `# file:line: why` comment, so the
    /// file can be fixed and given to `build` again.
    pub fn rejects(&self) -> String {
        let mut out = String::new();
        for p in self.errors() {
            let _ = writeln!(out, "# {}:{}: {}\n{}", p.file, p.line, p.message, p.raw);
        }
        out
    }
}

fn line(p: &Problem) -> String {
    let severity = match p.severity {
        Severity::Warning => "warning",
        Severity::Error => "error",
    };
    format!("{severity}: {}:{}: {}", p.file, p.line, p.message)
}
