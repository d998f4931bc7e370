//! Reading one source file into records: plain lines (`entry<TAB>category`,
//! `#` comments) or CSV/TSV rows with the entry and category in named or
//! numbered columns. Row problems come back per row, so that they are
//! reported and rejected like any bad line.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::rc::Rc;
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

/// Why reading a source file stopped: the file itself cannot be read any
/// further (an I/O error, text that is not UTF-8, a line too long to be an
/// entry), as opposed to one bad row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError(pub String);

/// The longest line (or CSV row) a source file may hold: far longer than
/// any entry, and a bound on what reading one line can take in memory.
pub const MAX_LINE: usize = 1 << 20;

/// The records of a source file read from `reader`, one line (or row) at a
/// time, so memory does not grow with the file. `name` is the file's name
/// for errors. After a [`FileError`] the iterator ends.
pub fn read<'a, R: Read + 'a>(
    format: Format,
    columns: &'a Columns,
    reader: R,
    name: &'a str,
) -> Records<'a> {
    let seen = Rc::new(RefCell::new(Breaks::default()));
    let counted = Counting {
        inner: reader,
        seen: Rc::clone(&seen),
    };
    let rows: Box<dyn Iterator<Item = Result<Result<Record, RowError>, FileError>> + 'a> =
        match format {
            Format::Lines => Box::new(lines(BufReader::new(counted), name)),
            Format::Csv => Box::new(table(counted, Rc::clone(&seen), b',', true, columns, name)),
            Format::Tsv => Box::new(table(
                counted,
                Rc::clone(&seen),
                b'\t',
                false,
                columns,
                name,
            )),
        };
    Records {
        rows,
        seen,
        done: false,
    }
}

/// The records of one source file, in order (see [`read`]).
pub struct Records<'a> {
    rows: Box<dyn Iterator<Item = Result<Result<Record, RowError>, FileError>> + 'a>,
    seen: Rc<RefCell<Breaks>>,
    done: bool,
}

impl Records<'_> {
    /// Bytes read from the file so far (for a progress bar).
    pub fn bytes_read(&self) -> u64 {
        self.seen.borrow().offset
    }
}

impl Iterator for Records<'_> {
    type Item = Result<Result<Record, RowError>, FileError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = self.rows.next();
        self.done = matches!(item, None | Some(Err(_)));
        item
    }
}

/// Plain lines: `entry<TAB>category`, `#` comments and blank lines skipped.
fn lines<'a, R: BufRead + 'a>(
    mut reader: R,
    name: &'a str,
) -> impl Iterator<Item = Result<Result<Record, RowError>, FileError>> + 'a {
    let mut buf = Vec::new();
    let mut number = 0u64;
    std::iter::from_fn(move || loop {
        buf.clear();
        let read = (&mut reader)
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut buf);
        match read {
            Err(e) => return Some(Err(file_error(name, &e))),
            Ok(0) => return None,
            Ok(_) => {}
        }
        number += 1;
        if buf.len() > MAX_LINE {
            return Some(Err(FileError(format!(
                "{name}:{number}: line longer than {MAX_LINE} bytes"
            ))));
        }
        let Ok(text) = std::str::from_utf8(&buf) else {
            return Some(Err(FileError(format!("{name}:{number}: not valid UTF-8"))));
        };
        // Editors on some systems start UTF-8 files with a byte-order mark.
        let text = match number {
            1 => text.strip_prefix('\u{feff}').unwrap_or(text),
            _ => text,
        };
        let line = text.trim_end_matches('\n').trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let (entry, category) = match line.split_once('\t') {
            Some((e, c)) => (e, Some(c.to_string())),
            None => (line, None),
        };
        return Some(Ok(Ok(Record {
            line: number,
            entry: entry.trim().to_string(),
            category,
            raw: line.to_string(),
        })));
    })
}

fn table<'a, R: Read + 'a>(
    reader: R,
    seen: Rc<RefCell<Breaks>>,
    delimiter: u8,
    quoting: bool,
    columns: &'a Columns,
    name: &'a str,
) -> impl Iterator<Item = Result<Result<Record, RowError>, FileError>> + 'a {
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .quoting(quoting)
        .comment(Some(b'#'))
        .from_reader(reader);
    let mut rows = reader.into_records();
    let mut at: Option<(usize, Option<usize>)> = None;
    let mut ended = false;
    std::iter::from_fn(move || loop {
        if ended {
            return None;
        }
        let line_at = |byte: u64| seen.borrow_mut().line_at(byte);
        let row = match rows.next()? {
            Ok(row) => row,
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(p.byte()));
                match e.kind() {
                    csv::ErrorKind::Io(io) => return Some(Err(file_error(name, io))),
                    csv::ErrorKind::Utf8 { .. } => {
                        return Some(Err(FileError(format!("{name}:{line}: not valid UTF-8"))));
                    }
                    _ => {}
                }
                return Some(Ok(Err(RowError {
                    line,
                    raw: String::new(),
                    message: format!("unreadable row: {e}"),
                })));
            }
        };
        let line = row.position().map_or(0, |p| line_at(p.byte()));
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
                        ended = true;
                        return Some(Ok(Err(RowError { line, raw, message })));
                    }
                }
            }
        };
        let Some(entry) = row.get(entry_at) else {
            return Some(Ok(Err(RowError {
                line,
                raw,
                message: format!("row has {} field(s), no column {}", row.len(), entry_at + 1),
            })));
        };
        let category = category_at
            .and_then(|c| row.get(c))
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string);
        return Some(Ok(Ok(Record {
            line,
            entry: entry.trim().to_string(),
            category,
            raw,
        })));
    })
}

/// The reader under a source, noting how far it has read and where its line
/// breaks are, so rows can be numbered by line without the file in memory.
struct Counting<R> {
    inner: R,
    seen: Rc<RefCell<Breaks>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut seen = self.seen.borrow_mut();
        let base = seen.offset;
        for (i, &b) in buf.iter().take(n).enumerate() {
            if matches!(b, b'\r' | b'\n') {
                seen.pending.push_back((base + i as u64, b));
            }
            if b == b'\n' {
                seen.lines += 1;
                seen.line_bytes = 0;
            } else {
                seen.line_bytes += 1;
                // Stopped here, before a reader above (the csv crate's row
                // buffer) takes an endless line into memory.
                if seen.line_bytes > MAX_LINE as u64 {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        LineTooLong(seen.lines + 1),
                    ));
                }
            }
        }
        seen.offset += n as u64;
        Ok(n)
    }
}

/// A line longer than [`MAX_LINE`]: its 1-based number.
#[derive(Debug)]
struct LineTooLong(u64);

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {} is longer than {MAX_LINE} bytes", self.0)
    }
}

impl std::error::Error for LineTooLong {}

/// A read error as the file error it is, naming the line where it has one.
fn file_error(name: &str, e: &std::io::Error) -> FileError {
    match e.get_ref().and_then(|r| r.downcast_ref::<LineTooLong>()) {
        Some(LineTooLong(line)) => {
            FileError(format!("{name}:{line}: line longer than {MAX_LINE} bytes"))
        }
        None => FileError(format!("{name}: {e}")),
    }
}

/// Line numbers from byte offsets, counted as rows come (offsets only
/// grow): the CR and LF bytes read but not yet passed. The csv crate's own
/// line count is off by one after a CRLF. Holds only the breaks the csv
/// reader's buffer is ahead by.
#[derive(Debug, Default)]
struct Breaks {
    offset: u64,
    pending: VecDeque<(u64, u8)>,
    passed: u64,
    /// Line feeds read, and bytes read since the last one.
    lines: u64,
    line_bytes: u64,
}

impl Breaks {
    /// The line of the first byte at or after `byte` that starts a row.
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut to = byte;
        while let Some(&(at, b)) = self.pending.front() {
            if at > to {
                break;
            }
            if at == to {
                // A break at the row's start belongs before it.
                to += 1;
            }
            self.passed += u64::from(b == b'\n');
            self.pending.pop_front();
        }
        self.passed + 1
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
        read(format, &columns, text.as_bytes(), "t")
            .map(|r| match r {
                Ok(Ok(r)) => (r.line, r.entry, r.category),
                Ok(Err(e)) => panic!("{}", e.message),
                Err(FileError(e)) => panic!("{e}"),
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
        let r: Vec<_> = read(Format::Csv, &c, "id,link\n1,a.test/\n".as_bytes(), "t").collect();
        assert_eq!(r.len(), 1);
        assert!(matches!(&r[0], Ok(Err(e))
            if e.line == 1 && e.message.starts_with("no header row naming column \"url\"")));
        let c: Columns = "3".parse().unwrap_or_else(|e| panic!("{e}"));
        let r: Vec<_> = read(Format::Csv, &c, "1,a.test/\n".as_bytes(), "t").collect();
        assert!(matches!(r[0], Ok(Err(_))));
        assert!("0".parse::<Columns>().is_err());
        assert!("a,b,c".parse::<Columns>().is_err());
    }

    /// What reading gave: (line, entry), or a row's or the file's error.
    type Items = Vec<Result<(u64, String), String>>;

    /// Every item of reading `bytes`.
    fn outcome(format: Format, bytes: &[u8]) -> Items {
        let c = Columns::default();
        read(format, &c, bytes, "src.txt")
            .map(|r| match r {
                Ok(Ok(r)) => Ok((r.line, r.entry)),
                Ok(Err(e)) => Err(format!("row {}: {}", e.line, e.message)),
                Err(FileError(e)) => Err(e),
            })
            .collect()
    }

    #[test]
    fn a_file_that_cannot_be_read_on_stops_with_its_line_named() {
        let long = format!("a.test/\n{}\nb.test/\n", "x".repeat(MAX_LINE + 1));
        let cases: Vec<(&str, Format, Vec<u8>, Items)> = vec![
            (
                "byte-order mark and CRLF",
                Format::Lines,
                b"\xef\xbb\xbfa.test/\r\n# c\r\nb.test/\r\n".to_vec(),
                vec![Ok((1, "a.test/".into())), Ok((3, "b.test/".into()))],
            ),
            (
                "not UTF-8 on line 2: what came before stands, nothing after",
                Format::Lines,
                b"a.test/\nb\xff.test/\nc.test/\n".to_vec(),
                vec![
                    Ok((1, "a.test/".into())),
                    Err("src.txt:2: not valid UTF-8".into()),
                ],
            ),
            (
                "a line longer than MAX_LINE",
                Format::Lines,
                long.clone().into_bytes(),
                vec![
                    Ok((1, "a.test/".into())),
                    Err(format!("src.txt:2: line longer than {MAX_LINE} bytes")),
                ],
            ),
            (
                "CSV with a byte-order mark",
                Format::Csv,
                b"\xef\xbb\xbfa.test/\nb.test/\n".to_vec(),
                vec![Ok((1, "a.test/".into())), Ok((2, "b.test/".into()))],
            ),
            (
                "CSV not UTF-8 on line 3",
                Format::Csv,
                b"a.test/\nb.test/\nc\xff.test/\nd.test/\n".to_vec(),
                vec![
                    Ok((1, "a.test/".into())),
                    Ok((2, "b.test/".into())),
                    Err("src.txt:3: not valid UTF-8".into()),
                ],
            ),
            (
                "a CSV line longer than MAX_LINE",
                Format::Csv,
                long.into_bytes(),
                vec![
                    Ok((1, "a.test/".into())),
                    Err(format!("src.txt:2: line longer than {MAX_LINE} bytes")),
                ],
            ),
        ];
        for (name, format, bytes, want) in cases {
            assert_eq!(outcome(format, &bytes), want, "{name}");
        }
    }
}
