//! Plaintext list sources, as publishers keep them: UTF-8 text, one entry
//! per line, `#` starts a comment line, blank lines are skipped, and an
//! optional `<TAB>category` column names the entry's category.
//!
//! ```text
//! # urls.txt
//! blocked.turnback.test/
//! https://www.turnback.test/blocked/<TAB>demo-urls
//! # rules.txt: terms joined by " & "
//! zorblax & quibble
//! ```

use std::fmt;

use super::{ListBuilder, ListError};

/// Which section a source file feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// URLs or Safe Browsing expressions.
    Urls,
    /// Keyword phrases.
    Keywords,
    /// Combination rules: 2–4 terms joined by ` & `.
    Rules,
}

/// A problem with one line of a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file's name as given by the caller.
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// What adding one source file did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceReport {
    /// Entries added.
    pub added: usize,
    /// Lines that were not usable; nothing from them was added.
    pub errors: Vec<Diagnostic>,
    /// Usable lines worth a look, such as duplicates (merged).
    pub warnings: Vec<Diagnostic>,
}

impl ListBuilder {
    /// Adds every entry of a source file's text. Bad lines are reported with
    /// `file:line` and skipped; the caller decides whether errors (or, in a
    /// strict build, warnings) are fatal.
    pub fn add_source(&mut self, kind: SourceKind, file: &str, text: &str) -> SourceReport {
        each_entry(
            file,
            text,
            |_| None::<Result<(), ListError>>,
            |line| self.add_line(kind, line),
        )
    }

    fn add_line(&mut self, kind: SourceKind, line: &str) -> Result<bool, ListError> {
        let (entry, category) = match line.split_once('\t') {
            Some((e, c)) => (e, self.category(c)?),
            None => (line, ListBuilder::DEFAULT_CATEGORY),
        };
        let entry = entry.trim();
        match kind {
            SourceKind::Urls => self.add_url(entry, category),
            SourceKind::Keywords => self.add_keyword(entry, category),
            SourceKind::Rules => {
                let terms: Vec<&str> = entry.split(" & ").map(str::trim).collect();
                self.add_rule(&terms, category)
            }
        }
    }
}

/// Runs `add` on each entry line of a source file's text and reports each
/// outcome by `file:line`. Every line goes to `header` first (it may take a
/// line that would otherwise be a comment); then a byte-order mark, a CR
/// before the LF, blank lines and `#` comment lines are skipped. `add`
/// answers whether the entry was new (false: a duplicate, merged).
pub(super) fn each_entry<E: fmt::Display>(
    file: &str,
    text: &str,
    mut header: impl FnMut(&str) -> Option<Result<(), E>>,
    mut add: impl FnMut(&str) -> Result<bool, E>,
) -> SourceReport {
    let mut report = SourceReport::default();
    // Editors on some systems start UTF-8 files with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (i, raw) in text.lines().enumerate() {
        let diag = |message: String| Diagnostic {
            file: file.to_string(),
            line: i + 1,
            message,
        };
        let line = raw.trim_end_matches('\r');
        let outcome = match header(line) {
            Some(taken) => taken.map(|()| None),
            None if line.trim().is_empty() || line.trim_start().starts_with('#') => continue,
            None => add(line).map(Some),
        };
        match outcome {
            Ok(None) => {}
            Ok(Some(true)) => report.added += 1,
            Ok(Some(false)) => report
                .warnings
                .push(diag("duplicate entry, merged".to_string())),
            Err(e) => report.errors.push(diag(e.to_string())),
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_does_not_hide_a_comment() {
        let mut b = ListBuilder::new();
        let r = b.add_source(
            SourceKind::Keywords,
            "kw.txt",
            "\u{feff}# header words\nzorblax\n",
        );
        assert_eq!((r.added, r.errors.len()), (1, 0));
        let e = b.build().unwrap_or_else(|e| panic!("{e}"));
        assert!(!e.check_query("header words").is_match());
    }

    #[test]
    fn reports_each_bad_line_by_file_and_line() {
        let mut b = ListBuilder::new();
        let text = "# comment\nzorblax\n\n   \nzorblax\n!!!\nquibble\tother\n";
        let r = b.add_source(SourceKind::Keywords, "kw.txt", text);
        assert_eq!(r.added, 2);
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(
            r.warnings[0].to_string(),
            "kw.txt:5: duplicate entry, merged"
        );
        assert_eq!(r.errors.len(), 1);
        assert!(
            r.errors[0]
                .to_string()
                .starts_with("kw.txt:6: invalid phrase"),
            "{}",
            r.errors[0]
        );
    }

    #[test]
    fn rules_need_two_to_four_terms() {
        let mut b = ListBuilder::new();
        let r = b.add_source(
            SourceKind::Rules,
            "r.txt",
            "zorblax & quibble\nzorblax\na & b & c & d & e\n",
        );
        assert_eq!(r.added, 1);
        let lines: Vec<usize> = r.errors.iter().map(|d| d.line).collect();
        assert_eq!(lines, vec![2, 3]);
    }

    #[test]
    fn bad_url_is_an_error_and_category_column_is_read() {
        let mut b = ListBuilder::new();
        let r = b.add_source(
            SourceKind::Urls,
            "u.txt",
            "mailto:x@y.test\nblocked.turnback.test/\tdemo\n",
        );
        assert_eq!((r.added, r.errors.len()), (1, 1));
        assert!(r.errors[0].message.starts_with("invalid url entry"));
        let e = b.build().unwrap_or_else(|e| panic!("{e}"));
        let v = e.check_url("http://blocked.turnback.test/x");
        assert_eq!(v.category().and_then(|c| e.category_name(c)), Some("demo"));
    }
}
