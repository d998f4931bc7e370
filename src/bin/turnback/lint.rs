//! Lint warnings for source entries that parse but are almost surely not
//! what the publisher meant: a line of another format (CSV, a digest), a
//! host no one can visit, a keyword that matches nearly every text.

use turnback::list::SourceKind;
use turnback::text::normalize;
use turnback::url::canonicalize;

use crate::stopwords;

/// One warning: its kind (to group by) and its message, offending text
/// included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lint {
    pub kind: &'static str,
    pub message: String,
}

/// Words a CSV header row names its columns with.
const HEADER_WORDS: &[&str] = &[
    "url", "urls", "uri", "link", "address", "host", "domain", "keyword", "keywords", "phrase",
    "term", "terms", "rule", "category", "id",
];

/// The first warning that applies to `entry` (the text before any
/// `<TAB>category`, or a CSV/TSV field when `field`), if any.
pub fn check(kind: SourceKind, entry: &str, field: bool) -> Option<Lint> {
    let format = if field {
        digest(kind, entry)
    } else {
        other_format(kind, entry)
    };
    format.or_else(|| match kind {
        SourceKind::Urls => url(entry),
        SourceKind::Keywords => phrase(entry),
        SourceKind::Rules => entry.split(" & ").find_map(|t| phrase(t.trim())),
    })
}

fn lint(kind: &'static str, message: String) -> Option<Lint> {
    Some(Lint { kind, message })
}

/// Is `word` a header column name? Also used to detect CSV headers.
pub fn is_header_word(word: &str) -> bool {
    HEADER_WORDS.contains(&word.trim().to_ascii_lowercase().as_str())
}

fn other_format(kind: SourceKind, entry: &str) -> Option<Lint> {
    let column = match kind {
        SourceKind::Urls => "url",
        SourceKind::Keywords => "keyword",
        SourceKind::Rules => "rule",
    };
    let csv_hint = format!("(for CSV input use --format csv --column {column})");
    let fields: Vec<&str> = entry.split([',', ';']).collect();
    if fields.len() > 1 && fields.iter().any(|f| is_header_word(f)) {
        return lint(
            "csv header",
            format!("looks like a CSV header row: {entry:?} {csv_hint}"),
        );
    }
    if entry.contains(',') {
        return lint(
            "comma",
            format!("has a comma, as CSV rows do: {entry:?} {csv_hint}"),
        );
    }
    digest(kind, entry)
}

fn digest(kind: SourceKind, entry: &str) -> Option<Lint> {
    let hashes = match kind {
        SourceKind::Urls => "--url-hashes",
        _ => "--keyword-hashes",
    };
    if is_digest(entry) {
        return lint(
            "digest",
            format!(
                "is a hex digest, not a {}: {entry:?} (import hashes with {hashes})",
                if kind == SourceKind::Urls {
                    "URL"
                } else {
                    "phrase"
                }
            ),
        );
    }
    None
}

/// 16 to 64 hex digits: a SHA-256 digest or a prefix of at least 8 bytes.
fn is_digest(s: &str) -> bool {
    let s = s.trim_end_matches('/');
    (16..=64).contains(&s.len()) && s.len() % 2 == 0 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn url(entry: &str) -> Option<Lint> {
    // Entries that do not parse are errors, reported by the builder.
    let c = canonicalize(entry).ok()?;
    let host = c.host();
    if c.is_ip() {
        return None;
    }
    if !host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
    {
        return lint(
            "host characters",
            format!("host {host:?} has characters no host name has: {entry:?}"),
        );
    }
    if !host.trim_end_matches('.').contains('.') {
        return lint(
            "host without a dot",
            format!("host {host:?} has no dot: {entry:?}"),
        );
    }
    None
}

fn phrase(entry: &str) -> Option<Lint> {
    let n = normalize(entry);
    let words: Vec<&str> = n.primary()?.tokens().collect();
    if let [word] = words[..] {
        let letters = word.chars().count();
        if letters <= 2 {
            let n = if letters == 1 { "one" } else { "two" };
            return lint(
                "short keyword",
                format!("{n}-letter keyword matches far too much: {entry:?}"),
            );
        }
    }
    let mut langs: Vec<&str> = Vec::new();
    for w in &words {
        let of = stopwords::languages_of(w);
        if of.is_empty() && (w.chars().count() > 2 || w.chars().any(unspaced)) {
            return None;
        }
        for l in of {
            if !langs.contains(l) {
                langs.push(l);
            }
        }
    }
    if langs.is_empty() {
        return lint(
            "short keyword",
            format!("only one- and two-letter words match far too much: {entry:?}"),
        );
    }
    lint(
        "common words",
        format!(
            "only very common words (stop list: {}) match far too much: {entry:?}",
            langs.join(", ")
        ),
    )
}

/// Letters of scripts written without spaces, which the matcher splits into
/// one-letter words: a run of them is a word, not a set of short ones.
fn unspaced(c: char) -> bool {
    matches!(u32::from(c),
        0x0E00..=0x0EFF // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0x20000..=0x3FFFF) // CJK extensions B and later
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_what_is_meant_and_nothing_else() {
        let k = |kind, e| check(kind, e, false).map(|l| l.kind);
        let digest = "ab".repeat(32);
        let cases: &[(SourceKind, &str, Option<&str>)] = &[
            (SourceKind::Urls, "id,url", Some("csv header")),
            (
                SourceKind::Urls,
                "c0,https://a.turnback.test/",
                Some("comma"),
            ),
            (SourceKind::Urls, &digest, Some("digest")),
            (SourceKind::Urls, "intranet/", Some("host without a dot")),
            (
                SourceKind::Urls,
                "a b.turnback.test/",
                Some("host characters"),
            ),
            (SourceKind::Urls, "blocked.turnback.test/", None),
            (SourceKind::Urls, "https://192.0.2.1/x", None),
            (SourceKind::Keywords, "a", Some("short keyword")),
            (SourceKind::Keywords, "Ab", Some("short keyword")),
            (SourceKind::Keywords, "the", Some("common words")),
            (SourceKind::Keywords, "of the", Some("common words")),
            (SourceKind::Keywords, "zorblax", None),
            (SourceKind::Keywords, "the zorblax", None),
            (SourceKind::Keywords, "测试词", None),
            (SourceKind::Keywords, "词", Some("short keyword")),
            (SourceKind::Rules, "zorblax & a", Some("short keyword")),
            (SourceKind::Rules, "zorblax & flumox", None),
        ];
        for (kind, entry, want) in cases {
            assert_eq!(k(*kind, entry), *want, "{entry:?}");
        }
        // A CSV field may hold a comma; a digest is still one.
        assert_eq!(
            check(SourceKind::Urls, "https://a.turnback.test/x,y", true),
            None
        );
        assert!(check(SourceKind::Urls, &digest, true).is_some());
    }
}
