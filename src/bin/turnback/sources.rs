//! Reading one source file into records: plain lines (`entry<TAB>category`,
//! `#` comments) or CSV/TSV rows with the entry and category in named or
//! numbered columns. Row problems come back per row, so that they are
//! reported and rejected like any bad line.

use std::str::FromStr;

use crate::lint;

/// How source files are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One entry per line, an optional `<TAB>category`.
    Lines,
    /// Comma-separated values, quoted per RFC 4180.
    Csv,
    /// Tab-separated values, no quoting.
    Tsv,
}

/// `--column ENTRY[,CATEGORY]`: each a header name or a 1-based number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    entry: Column,
    category: Option<Column>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    Number(usize),
    Name(String),
}

impl Default for Columns {
    fn default() -> Self {
        Columns {
            entry: Column::Number(1),
            category: None,
        }
    }
}

impl FromStr for Columns {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let column = |c: &str| -> Result<Column, String> {
            let c = c.trim();
            match c.parse::<usize>() {
                Ok(0) => Err("columns are numbered from 1".to_string()),
                Ok(n) => Ok(Column::Number(n)),
                Err(_) if c.is_empty() => Err("empty column name".to_string()),
                Err(_) => Ok(Column::Name(c.to_string())),
            }
        };
        let mut parts = s.split(',');
        let entry = column(parts.next().unwrap_or(""))?;
        let category = parts.next().map(column).transpose()?;
        if parts.next().is_some() {
            return Err("give ENTRY or ENTRY,CATEGORY".to_string());
        }
        Ok(Columns { entry, category })
    }
}

/// One entry as read, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// 1-based line where the row starts.
    pub line: u64,
    pub entry: String,
    pub category: Option<String>,
    /// The line as written (a CSV row re-quoted), for `--rejects`.
    pub raw: String,
}

/// A row that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub raw: String,
    pub message: String,
}

/// Every record of `text`, in order.
pub fn read(format: Format, columns: &Columns, text: &str) -> Vec<Result<Record, RowError>> {
    // Editors on some systems start UTF-8 files with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match format {
        Format::Lines => lines(text),
        Format::Csv => table(text, b',', true, columns),
        Format::Tsv => table(text, b'\t', false, columns),
    }
}

fn lines(text: &str) -> Vec<Result<Record, RowError>> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let (entry, category) = match line.split_once('\t') {
            Some((e, c)) => (e, Some(c.to_string())),
            None => (line, None),
        };
        out.push(Ok(Record {
            line: i as u64 + 1,
            entry: entry.trim().to_string(),
            category,
            raw: line.to_string(),
        }));
    }
    out
}

fn table(
    text: &str,
    delimiter: u8,
    quoting: bool,
    columns: &Columns,
) -> Vec<Result<Record, RowError>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .quoting(quoting)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let mut at: Option<(usize, Option<usize>)> = None;
    let mut lines = LineOf::new(text);
    for result in reader.records() {
        let row = match result {
            Ok(row) => row,
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.at(p.byte()));
                out.push(Err(RowError {
                    line,
                    raw: String::new(),
                    message: format!("unreadable row: {e}"),
                }));
                continue;
            }
        };
        let line = row.position().map_or(0, |p| lines.at(p.byte()));
        let raw = requote(&row, delimiter, quoting);
        if row.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let (entry_at, category_at) = match at {
            Some(a) => a,
            None => {
                // The first row fixes where the columns are.
                match header(&row, columns) {
                    Ok(Some(a)) => {
                        at = Some(a);
                        continue;
                    }
                    Ok(None) => {
                        let a = (
                            number(&columns.entry),
                            columns.category.as_ref().map(number),
                        );
                        at = Some(a);
                        a
                    }
                    Err(message) => {
                        return vec![Err(RowError { line, raw, message })];
                    }
                }
            }
        };
        let Some(entry) = row.get(entry_at) else {
            out.push(Err(RowError {
                line,
                raw,
                message: format!("row has {} field(s), no column {}", row.len(), entry_at + 1),
            }));
            continue;
        };
        let category = category_at
            .and_then(|c| row.get(c))
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string);
        out.push(Ok(Record {
            line,
            entry: entry.trim().to_string(),
            category,
            raw,
        }));
    }
    out
}

/// Line numbers from byte offsets, counted as rows come (offsets only
/// grow). The csv crate's own line count is off by one after a CRLF.
struct LineOf<'t> {
    text: &'t [u8],
    at: usize,
    line: u64,
}

impl<'t> LineOf<'t> {
    fn new(text: &'t str) -> Self {
        LineOf {
            text: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The line of the first byte at or after `byte` that starts a row.
    fn at(&mut self, byte: u64) -> u64 {
        let mut to = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while self
            .text
            .get(to)
            .is_some_and(|b| matches!(b, b'\r' | b'\n'))
        {
            to += 1;
        }
        if to > self.at {
            self.line += self.text[self.at..to]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.at = to;
        }
        self.line
    }
}

/// Where the columns are when `row` is a header row; `None` when it is
/// data. Named columns need a header; numbered ones take a first row of
/// column names (as [`lint::is_header_word`] knows them) as the header.
fn header(
    row: &csv::StringRecord,
    columns: &Columns,
) -> Result<Option<(usize, Option<usize>)>, String> {
    let find = |c: &Column| -> Result<usize, String> {
        match c {
            Column::Number(n) => Ok(n - 1),
            Column::Name(name) => row
                .iter()
                .position(|f| f.trim().eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    format!(
                        "no header row naming column {name:?} (the first row is {:?})",
                        row.iter().collect::<Vec<_>>().join(",")
                    )
                }),
        }
    };
    let named = matches!(columns.entry, Column::Name(_))
        || matches!(columns.category, Some(Column::Name(_)));
    if named {
        let entry = find(&columns.entry)?;
        let category = columns.category.as_ref().map(find).transpose()?;
        return Ok(Some((entry, category)));
    }
    let first = row.get(number(&columns.entry)).unwrap_or("");
    Ok(lint::is_header_word(first).then(|| {
        (
            number(&columns.entry),
            columns.category.as_ref().map(number),
        )
    }))
}

fn number(c: &Column) -> usize {
    match c {
        Column::Number(n) => n - 1,
        Column::Name(_) => 0,
    }
}

/// The row as one line of its own format, so a rejected row can be fixed
/// and read again.
fn requote(row: &csv::StringRecord, delimiter: u8, quoting: bool) -> String {
    if !quoting {
        return row.iter().collect::<Vec<_>>().join("\t");
    }
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let bytes = w
        .write_record(row)
        .ok()
        .and_then(|_| w.into_inner().ok())
        .unwrap_or_default();
    String::from_utf8_lossy(&bytes).trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(format: Format, columns: &str, text: &str) -> Vec<(u64, String, Option<String>)> {
        let columns: Columns = columns.parse().unwrap_or_else(|e| panic!("{e}"));
        read(format, &columns, text)
            .into_iter()
            .map(|r| {
                r.map(|r| (r.line, r.entry, r.category))
                    .unwrap_or_else(|e| panic!("{}", e.message))
            })
            .collect()
    }

    #[test]
    fn csv_header_is_found_by_name_and_skipped_and_quotes_are_read() {
        let text = "id,url,category\nc0,https://a.turnback.test/x,demo\n\"c1\",\"https://b.turnback.test/a,b\",\n";
        assert_eq!(
            entries(Format::Csv, "url,category", text),
            vec![
                (
                    2,
                    "https://a.turnback.test/x".to_string(),
                    Some("demo".to_string())
                ),
                (3, "https://b.turnback.test/a,b".to_string(), None),
            ]
        );
    }

    #[test]
    fn rows_are_numbered_by_line_after_crlf_and_quoted_newlines() {
        let text = "url\r\na.test/\r\n\"b.test/\nx\"\r\n\r\nc.test/\r\n";
        let lines: Vec<u64> = entries(Format::Csv, "url", text)
            .iter()
            .map(|e| e.0)
            .collect();
        assert_eq!(lines, vec![2, 3, 6]);
    }

    #[test]
    fn numbered_columns_skip_a_header_row_of_column_names_only() {
        assert_eq!(
            entries(Format::Tsv, "2", "id\turl\n1\ta.turnback.test/\n").len(),
            1
        );
        assert_eq!(
            entries(Format::Csv, "1", "a.turnback.test/\nb.turnback.test/\n").len(),
            2
        );
    }

    #[test]
    fn a_missing_named_column_or_field_is_an_error() {
        let c: Columns = "url".parse().unwrap_or_else(|e| panic!("{e}"));
        let r = read(Format::Csv, &c, "id,link\n1,a.test/\n");
        assert_eq!(r.len(), 1);
        assert!(r[0].as_ref().is_err_and(
            |e| e.line == 1 && e.message.starts_with("no header row naming column \"url\"")
        ));
        let c: Columns = "3".parse().unwrap_or_else(|e| panic!("{e}"));
        assert!(read(Format::Csv, &c, "1,a.test/\n")[0].is_err());
        assert!("0".parse::<Columns>().is_err());
        assert!("a,b,c".parse::<Columns>().is_err());
    }
}
