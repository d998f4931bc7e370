//! Guards the hash scheme (docs/list-format.md, "Hash scheme"). Every
//! published list holds hashes of normalized phrases and canonical URL
//! expressions, and a device finds an entry only when it derives the very
//! same bytes from what the user types or visits. So a change to text
//! normalization, URL canonicalization, the hashes or the Unicode data behind
//! them silently stops published lists matching, unless the list says which
//! scheme it was built with and the reader keeps reading the old one.
//!
//! `tests/data/hash-scheme-v<N>.txt`, N the scheme a list built now carries,
//! pins what a list stores for a fixed corpus of synthetic entries: one
//! line per stored string, `kind<TAB>input<TAB>stored<TAB>prefix<TAB>filter
//! key`. The input may write a character as `\u{…}` (and `\\`, `\t`); a
//! line with only `kind<TAB>input` is a new entry whose hashes the bless
//! run fills in: `TURNBACK_BLESS=1 cargo test --test hash_scheme`. Blessing
//! never rewrites the hashes of an entry already pinned under the same
//! scheme: that needs a new scheme (the message of
//! `golden_hashes_are_unchanged` says how).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

use turnback::hash::{FilterKey, HashKind, PrefixHash};
use turnback::list::{ListInfo, SecretKey};
use turnback::text::phrase_keys;
use turnback::url::canonicalize;
use turnback::ListBuilder;

const BLESS: &str = "TURNBACK_BLESS";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Url,
    Phrase,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        match s {
            "url" => Some(Kind::Url),
            "phrase" => Some(Kind::Phrase),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Url => "url",
            Kind::Phrase => "phrase",
        }
    }
}

/// One string a list stores for an entry, with its two hashes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stored {
    text: String,
    prefix: u64,
    filter: u64,
}

/// What a list stores for the entry `input`: the strings
/// `ListBuilder::add_url` and `add_keyword` derive (the URL's expression,
/// the phrase's keys), hashed as `ListBuilder` hashes them.
fn stored(kind: Kind, input: &str) -> Vec<Stored> {
    let (hash_kind, texts) = match kind {
        Kind::Url => match canonicalize(input) {
            Ok(u) => (HashKind::Url, vec![u.expression()]),
            Err(e) => panic!("url entry {input:?} is not valid: {e}"),
        },
        Kind::Phrase => match phrase_keys(input) {
            Ok(keys) => (HashKind::Phrase, keys),
            Err(e) => panic!("phrase entry {input:?} is not valid: {e}"),
        },
    };
    texts
        .into_iter()
        .map(|text| Stored {
            prefix: PrefixHash::of(hash_kind, text.as_bytes()).0,
            filter: FilterKey::of(hash_kind, text.as_bytes()).0,
            text,
        })
        .collect()
}

/// One corpus entry of the golden file and the lines it was read from.
#[derive(Debug)]
struct Entry {
    /// Comment and blank lines before the entry, kept by blessing.
    comments: Vec<String>,
    kind: Kind,
    /// The input as the file writes it (escapes kept).
    written: String,
    input: String,
    /// `None`: a new entry, not yet blessed.
    pinned: Option<Vec<Stored>>,
    line: usize,
}

/// The golden file: its entries, then the comment lines after the last.
struct Golden {
    entries: Vec<Entry>,
    tail: Vec<String>,
}

fn parse(text: &str, file: &str) -> Golden {
    let mut entries: Vec<Entry> = Vec::new();
    let mut comments = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            comments.push(line.to_string());
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let kind = Kind::parse(fields[0])
            .unwrap_or_else(|| panic!("{file}:{n}: unknown kind {:?}", fields[0]));
        let written = fields.get(1).copied().unwrap_or_default();
        let row = match fields[2..] {
            [] => None,
            [text, prefix, filter] => Some(Stored {
                text: unescape(text).unwrap_or_else(|e| panic!("{file}:{n}: {e}")),
                prefix: hex64(prefix).unwrap_or_else(|| panic!("{file}:{n}: bad prefix")),
                filter: hex64(filter).unwrap_or_else(|| panic!("{file}:{n}: bad filter key")),
            }),
            _ => panic!("{file}:{n}: want kind, input[, stored, prefix, filter key]"),
        };
        // Consecutive lines of one input are the strings it is stored as.
        if let Some(last) = entries.last_mut() {
            if comments.is_empty() && last.kind == kind && last.written == written {
                match (&mut last.pinned, row) {
                    (Some(rows), Some(row)) => rows.push(row),
                    _ => panic!("{file}:{n}: a repeated input needs its hashes"),
                }
                continue;
            }
        }
        entries.push(Entry {
            comments: std::mem::take(&mut comments),
            kind,
            written: written.to_string(),
            input: unescape(written).unwrap_or_else(|e| panic!("{file}:{n}: {e}")),
            pinned: row.map(|r| vec![r]),
            line: n,
        });
    }
    Golden {
        entries,
        tail: comments,
    }
}

fn hex64(s: &str) -> Option<u64> {
    if s.len() != 16 {
        return None;
    }
    u64::from_str_radix(s, 16).ok()
}

/// Reads `\u{…}`, `\t` and `\\`; every other character stands for itself.
fn unescape(s: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let rest = chars.as_str();
                let hex = rest
                    .strip_prefix('{')
                    .and_then(|r| r.split_once('}'))
                    .map(|(hex, _)| hex)
                    .ok_or_else(|| format!("bad \\u escape in {s:?}"))?;
                let c = u32::from_str_radix(hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!("bad \\u escape in {s:?}"))?;
                out.push(c);
                chars = rest.get(hex.len() + 2..).unwrap_or_default().chars();
            }
            other => return Err(format!("bad escape \\{other:?} in {s:?}")),
        }
    }
    Ok(out)
}

/// Writes a stored string so [`unescape`] reads it back: letters, digits and
/// printable ASCII as they are, anything else (a change could start storing
/// invisible characters) as `\u{…}`.
fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            c if c.is_ascii_graphic() || (!c.is_ascii() && c.is_alphanumeric()) => out.push(c),
            c => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    out
}

fn render(golden: &Golden, rows: &[Vec<Stored>]) -> String {
    let mut out = String::new();
    for (e, rows) in golden.entries.iter().zip(rows) {
        for c in &e.comments {
            out.push_str(c);
            out.push('\n');
        }
        for r in rows {
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{:016x}\t{:016x}",
                e.kind.name(),
                e.written,
                escape(&r.text),
                r.prefix,
                r.filter
            );
        }
    }
    for c in &golden.tail {
        out.push_str(c);
        out.push('\n');
    }
    out
}

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn golden_name(scheme: u16) -> String {
    format!("hash-scheme-v{scheme}.txt")
}

/// `builder`'s entries as a signed list file.
fn list_file(builder: &ListBuilder) -> Vec<u8> {
    let key = SecretKey::from_seed(&[7; 32]);
    let info = ListInfo {
        id: "hash-scheme".to_string(),
        key_id: key.public().id(),
        sequence: 1,
        created: 0,
        expires: i64::MAX,
    };
    builder
        .write(&info, &key)
        .unwrap_or_else(|e| panic!("build: {e}"))
}

/// The hash scheme a list built now carries (header offset 10).
fn current_scheme() -> u16 {
    let mut b = ListBuilder::new();
    b.add_keyword("zorblax", ListBuilder::DEFAULT_CATEGORY)
        .unwrap_or_else(|e| panic!("{e}"));
    let file = list_file(&b);
    u16::from_le_bytes([file[10], file[11]])
}

/// The golden file of the current scheme and its path; when it does not
/// exist yet, the previous scheme's (the corpus to bless into it).
fn load() -> (u16, String, Golden) {
    let scheme = current_scheme();
    for s in [scheme, scheme.saturating_sub(1)] {
        let name = golden_name(s);
        if let Ok(text) = fs::read_to_string(data(&name)) {
            return (s, name.clone(), parse(&text, &format!("tests/data/{name}")));
        }
    }
    panic!(
        "no tests/data/{} (nor one of the scheme before)",
        golden_name(scheme)
    );
}

fn hex_rows(rows: &[Stored]) -> String {
    rows.iter()
        .map(|r| format!("{:?} {:016x} {:016x}", r.text, r.prefix, r.filter))
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn golden_hashes_are_unchanged() {
    let scheme = current_scheme();
    let (file_scheme, name, golden) = load();
    let now: Vec<Vec<Stored>> = golden
        .entries
        .iter()
        .map(|e| stored(e.kind, &e.input))
        .collect();
    let changed: Vec<(&Entry, &Vec<Stored>)> = golden
        .entries
        .iter()
        .zip(&now)
        .filter(|(e, now)| e.pinned.as_ref().is_some_and(|p| p != *now))
        .collect();
    let unpinned = golden.entries.iter().filter(|e| e.pinned.is_none()).count();
    let next = file_scheme + 1;

    if std::env::var(BLESS).as_deref() == Ok("1") {
        // Hashes pinned under this very scheme never change: that would
        // hide a scheme change from every device holding an older list.
        if file_scheme == scheme && !changed.is_empty() {
            panic!(
                "{BLESS}: refusing to rewrite the pinned hashes of {} entries of \
                 tests/data/{name} under the same scheme {scheme}; bump HASH_SCHEME \
                 first (run without {BLESS} for the steps)",
                changed.len()
            );
        }
        // Written aside and renamed: the other test reads the file meanwhile.
        let out = data(&golden_name(scheme));
        let aside = out.with_extension("txt.new");
        fs::write(&aside, render(&golden, &now))
            .and_then(|()| fs::rename(&aside, &out))
            .unwrap_or_else(|e| panic!("{}: {e}", out.display()));
        eprintln!("{BLESS}: wrote {}", out.display());
        return;
    }

    let mut report = String::new();
    for (e, now) in &changed {
        let _ = write!(
            report,
            "\n  line {}: {} {:?}\n    pinned {}\n    now    {}",
            e.line,
            e.kind.name(),
            e.input,
            hex_rows(e.pinned.as_deref().unwrap_or_default()),
            hex_rows(now)
        );
    }
    let what = if file_scheme == scheme {
        format!(
            "{} of {} entries of tests/data/{name} now hash differently:{report}",
            changed.len(),
            golden.entries.len()
        )
    } else {
        format!(
            "lists are now built with hash scheme {scheme}, but only tests/data/{name} \
             (scheme {file_scheme}) exists{}{report}",
            if changed.is_empty() {
                ""
            } else {
                "; its hashes changed:"
            }
        )
    };
    assert!(
        file_scheme == scheme && changed.is_empty(),
        "\n{what}\n\n\
         Every published list holds these hashes. A change to text normalization \
         (src/text/), URL canonicalization (src/url/), src/hash.rs or the Unicode \
         data behind them stops those lists matching on every device that gets it. \
         If the change is not meant, revert it. If it is:\n\
         1. bump HASH_SCHEME in src/list/format.rs to {next} and describe scheme {next} \
         in docs/list-format.md (\"Hash scheme\");\n\
         2. keep devices reading lists of scheme {file_scheme} until publishers have \
         rebuilt theirs: the reader refuses any other scheme (src/list/format.rs, \
         `scheme != HASH_SCHEME`), so it must accept both, and the engine must check \
         an old list with the old functions: Engine::check_text (src/engine.rs) \
         normalizes with text::normalize, Engine::check_url and check_navigation \
         canonicalize with url::canonicalize and url::for_each_expression; the old \
         versions of those (src/text/: fold.rs, confusables.rs, leet.rs, variants.rs; \
         src/url/) stay, chosen by the list's scheme, and tests/data/{name} stays \
         as their test;\n\
         3. only then write tests/data/{} from this corpus: \
         {BLESS}=1 cargo test --test hash_scheme\n",
        golden_name(next),
    );
    assert!(
        unpinned == 0,
        "tests/data/{name}: {unpinned} new entries without hashes; pin them with \
         {BLESS}=1 cargo test --test hash_scheme"
    );
}

/// The hashes this test computes are what a list holds: a list of each
/// corpus entry alone has exactly its prefixes in its URL or keyword table.
#[test]
fn golden_hashes_are_what_a_list_stores() {
    let (_, name, golden) = load();
    let count = |k: Kind| golden.entries.iter().filter(|e| e.kind == k).count();
    assert!(
        count(Kind::Url) >= 20 && count(Kind::Phrase) >= 30,
        "tests/data/{name}: a corpus this small pins little"
    );
    for e in &golden.entries {
        let mut b = ListBuilder::new();
        let c = ListBuilder::DEFAULT_CATEGORY;
        let added = match e.kind {
            Kind::Url => b.add_url(&e.input, c),
            Kind::Phrase => b.add_keyword(&e.input, c),
        };
        assert_eq!(added, Ok(true), "line {}", e.line);
        let file = list_file(&b);
        let want: BTreeSet<u64> = stored(e.kind, &e.input).iter().map(|s| s.prefix).collect();
        let (urls, keywords) = (table_prefixes(&file, 3), table_prefixes(&file, 5));
        let (got, other) = match e.kind {
            Kind::Url => (urls, keywords),
            Kind::Phrase => (keywords, urls),
        };
        assert_eq!(got, want, "line {}: {:?}", e.line, e.input);
        assert!(other.is_empty(), "line {}: {other:?}", e.line);
    }
}

/// The full 64-bit prefixes of the table section `kind` of a list file,
/// read as docs/list-format.md specifies.
fn table_prefixes(file: &[u8], kind: u32) -> BTreeSet<u64> {
    let u32_at = |o: usize| u32::from_le_bytes(file[o..o + 4].try_into().unwrap_or([0; 4]));
    let u64_at = |o: usize| u64::from_le_bytes(file[o..o + 8].try_into().unwrap_or([0; 8]));
    let sections = u32_at(80) as usize;
    let start = (0..sections)
        .map(|i| 96 + 24 * i)
        .find(|&e| u32_at(e) == kind)
        .map(|e| u64_at(e + 8) as usize)
        .unwrap_or_else(|| panic!("no section {kind}"));
    let bits = u32_at(start);
    let n = u64_at(start + 8) as usize;
    let offsets = start + 16;
    let buckets = 1usize << bits;
    let slots = (offsets + 4 * (buckets + 1)).next_multiple_of(8);
    let (mut prefixes, mut read) = (BTreeSet::new(), 0);
    for bucket in 0..buckets {
        for i in u32_at(offsets + 4 * bucket)..u32_at(offsets + 4 * (bucket + 1)) {
            let slot = u64_at(slots + 8 * i as usize);
            // The bucket gives the top bits, the slot the low 56.
            prefixes.insert(((bucket as u64) << (64 - bits)) | (slot >> 8));
            read += 1;
        }
    }
    assert_eq!(read, n, "section {kind}: slot count");
    prefixes
}
