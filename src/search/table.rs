//! The site table: its line format, its parsed form and host lookup.
//! The format is documented in the module doc of [`crate::search`] and at
//! the top of `sites.txt`.

use std::collections::BTreeSet;

use super::decode::{query_value, segment_text, split_ascii};
use super::SearchError;

/// Most rule lines one table may hold; publisher tables come from list
/// metadata and must not grow the engine without bound.
pub const MAX_RULES: usize = 4096;

/// Most labels a host pattern may have (before a `.*`).
const MAX_HOST_LABELS: usize = 8;

/// Most labels of a host suffix that can hit a key: a wildcard pattern's
/// labels plus a two-label TLD.
const MAX_LOOKUP_LABELS: usize = MAX_HOST_LABELS + 2;

/// Most segments a path pattern may have; search pages sit near the root.
const MAX_PATH_SEGMENTS: usize = 8;

/// Most parameter names one rule may list.
const MAX_PARAMS: usize = 16;

/// Longest site name.
const MAX_SITE_NAME: usize = 64;

/// The site field that marks a rule as the plain parameter fallback: its
/// text carries no site name.
const NO_SITE: &str = "-";

/// Second-level labels under which country domains register names
/// (`google.co.uk`, `google.com.br`), so `name.*` covers them too.
const COUNTRY_SECOND_LEVEL: [&str; 4] = ["co", "com", "net", "org"];

/// Host keys to their rules, sorted by key: a binary search is a few
/// comparisons of short strings per lookup, and the Wasm module carries no
/// hash table or B-tree code for it (docs/benchmarks.md, "Wasm size"). The
/// table is built once; inserting into a sorted vector costs nothing there.
#[derive(Debug, Clone, Default)]
struct HostMap(Vec<(Box<str>, Vec<Rule>)>);

impl HostMap {
    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| (**k).cmp(key))
    }

    fn get(&self, key: &str) -> Option<&[Rule]> {
        let i = self.find(key).ok()?;
        self.0.get(i).map(|(_, rules)| rules.as_slice())
    }

    /// The rules of `key`, an empty slot made for it when new.
    fn slot(&mut self, key: Box<str>) -> &mut Vec<Rule> {
        let i = match self.find(&key) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (key, Vec::new()));
                i
            }
        };
        &mut self.0[i].1
    }

    fn values(&self) -> impl Iterator<Item = &Vec<Rule>> {
        self.0.iter().map(|(_, rules)| rules)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(Box<str>),
    Any,
    Capture,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    Capture,
    Params(Box<[Box<str>]>),
}

/// One line of the table, minus its hosts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rule {
    site: Option<Box<str>>,
    segments: Box<[Segment]>,
    /// The pattern ends in `/**`: any further segments are allowed.
    rest: bool,
    source: Source,
}

impl Rule {
    pub(crate) fn site(&self) -> Option<&str> {
        self.site.as_deref()
    }

    /// The search text this rule finds in `path` and `query`, if its path
    /// pattern matches and the text is not empty.
    pub(crate) fn apply(&self, path: &PathSegments<'_>, query: Option<&str>) -> Option<String> {
        match &self.source {
            Source::Capture => self.match_path(path)?.and_then(segment_text),
            Source::Params(names) => {
                let query = query?;
                self.match_path(path)?;
                query_value(query, names)
            }
        }
    }

    /// `None` when the path does not match; otherwise the captured segment,
    /// if the pattern has one.
    fn match_path<'p>(&self, path: &PathSegments<'p>) -> Option<Option<&'p str>> {
        let segs = path.get();
        let fits = if self.rest {
            segs.len() >= self.segments.len()
        } else {
            segs.len() == self.segments.len()
        };
        if !fits {
            return None;
        }
        let mut captured = None;
        for (pattern, &seg) in self.segments.iter().zip(segs) {
            match pattern {
                Segment::Literal(lit) if !seg.eq_ignore_ascii_case(lit) => return None,
                Segment::Capture => captured = Some(seg),
                Segment::Literal(_) | Segment::Any => {}
            }
        }
        Some(captured)
    }
}

/// A URL path split into segments once per extraction, as every rule
/// looks at it. Holds one segment more than a pattern can have, so a
/// longer path still fails patterns without `**`.
pub(crate) struct PathSegments<'a> {
    segs: [&'a str; MAX_PATH_SEGMENTS + 1],
    len: usize,
}

impl<'a> PathSegments<'a> {
    pub(crate) fn new(path: &'a str) -> Self {
        let mut out = PathSegments {
            segs: [""; MAX_PATH_SEGMENTS + 1],
            len: 0,
        };
        let body = path.strip_prefix('/').unwrap_or(path);
        // `/search/` and `/search` are the same page on every site we know.
        let body = body.strip_suffix('/').unwrap_or(body);
        if body.is_empty() {
            return out;
        }
        for (slot, seg) in out.segs.iter_mut().zip(split_ascii(body, b'/')) {
            *slot = seg;
            out.len += 1;
        }
        out
    }

    fn get(&self) -> &[&'a str] {
        self.segs.get(..self.len).unwrap_or(&[])
    }
}

enum HostPattern {
    Any,
    Exact(Box<str>),
    Wild(Box<str>),
}

/// The table of search sites: which hosts and paths carry search text, and
/// where in the URL it is.
#[derive(Debug, Clone, Default)]
pub struct SiteTable {
    /// Keyed by a host suffix (`search.yahoo.com`).
    exact: HostMap,
    /// Keyed by a host suffix with its TLD removed (`google` for `google.*`).
    wild: HostMap,
    /// Rules for any host, tried only for hosts no other rule names.
    any: Vec<Rule>,
    /// Most labels a host suffix can have and still hit `exact` or `wild`;
    /// longer suffixes are not looked up at all.
    max_labels: usize,
    /// Bit `n` set when some `exact` (`wild`) key is `n` bytes long (63:
    /// 63 or more), to skip hashing suffixes that cannot be keys.
    exact_lens: u64,
    wild_lens: u64,
    rules: usize,
}

impl SiteTable {
    /// Parses a table in the line format documented in [`crate::search`].
    pub fn parse(text: &str) -> Result<SiteTable, SearchError> {
        let mut table = SiteTable::default();
        for (index, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if table.rules == MAX_RULES {
                return Err(SearchError::TooManyRules { max: MAX_RULES });
            }
            let bad = |reason: String| SearchError::BadLine {
                line: index + 1,
                reason,
            };
            let (rule, hosts) = parse_line(line).map_err(bad)?;
            for host in hosts {
                table.insert(host, rule.clone());
            }
            table.rules += 1;
        }
        Ok(table)
    }

    /// Adds the rules of `other`, which come first for the hosts both name
    /// (a list publisher overrides the built-in rules for a host).
    pub fn extend(&mut self, other: SiteTable) {
        fn merge(into: &mut HostMap, from: HostMap) {
            for (key, mut rules) in from.0 {
                let slot = into.slot(key);
                rules.append(slot);
                *slot = rules;
            }
        }
        merge(&mut self.exact, other.exact);
        merge(&mut self.wild, other.wild);
        let mut any = other.any;
        any.append(&mut self.any);
        self.any = any;
        self.max_labels = self.max_labels.max(other.max_labels);
        self.exact_lens |= other.exact_lens;
        self.wild_lens |= other.wild_lens;
        self.rules += other.rules;
    }

    /// Number of rule lines.
    pub fn len(&self) -> usize {
        self.rules
    }

    /// True when the table has no rules.
    pub fn is_empty(&self) -> bool {
        self.rules == 0
    }

    /// The distinct site names the rules report, sorted.
    pub fn site_names(&self) -> Vec<&str> {
        let all = self
            .exact
            .values()
            .chain(self.wild.values())
            .flatten()
            .chain(&self.any);
        let names: BTreeSet<&str> = all.filter_map(Rule::site).collect();
        names.into_iter().collect()
    }

    /// Rules for any host.
    pub(crate) fn any_host(&self) -> &[Rule] {
        &self.any
    }

    /// Calls `f` with the rules of each host pattern matching `host`, most
    /// specific (longest host suffix) first, until `f` returns a value.
    /// Also says whether any pattern matched at all.
    pub(crate) fn find_for_host<T>(
        &self,
        host: &str,
        mut f: impl FnMut(&[Rule]) -> Option<T>,
    ) -> (bool, Option<T>) {
        // Positions of the last dots, right to left, only as many as a key
        // or a two-label TLD can use: most hosts miss every key.
        let wanted = self.max_labels.clamp(2, MAX_LOOKUP_LABELS);
        let mut dots = [0usize; MAX_LOOKUP_LABELS];
        let mut found = 0;
        let mut capped = false;
        let mut head = host.as_bytes();
        while let Some(i) = head.iter().rposition(|&b| b == b'.') {
            let Some(slot) = dots.get_mut(found).filter(|_| found < wanted) else {
                capped = true;
                break;
            };
            *slot = i;
            found += 1;
            head = head.get(..i).unwrap_or(&[]);
        }
        let dots = dots.get(..found).unwrap_or(&[]);
        let dot_tld = dots.first().and_then(|&d| host.get(d..));
        let dot_cc_tld = match dots {
            [last, second, ..] => host
                .get(second + 1..*last)
                .filter(|label| COUNTRY_SECOND_LEVEL.contains(label))
                .and_then(|_| host.get(*second..)),
            _ => None,
        };
        let labels = if capped { found } else { found + 1 };
        let mut known = false;
        for k in (1..=labels.min(self.max_labels)).rev() {
            let start = dots.get(k - 1).map_or(0, |&d| d + 1);
            let suffix = host.get(start..).unwrap_or("");
            let exact = Some(suffix).filter(|k| has_len(self.exact_lens, k));
            let wild_keys = [dot_cc_tld, dot_tld].into_iter().flatten().filter_map(|t| {
                suffix
                    .strip_suffix(t)
                    .filter(|base| !base.is_empty() && has_len(self.wild_lens, base))
            });
            let hits = exact
                .and_then(|k| self.exact.get(k))
                .into_iter()
                .chain(wild_keys.filter_map(|k| self.wild.get(k)));
            for rules in hits {
                known = true;
                if let Some(found) = f(rules) {
                    return (true, Some(found));
                }
            }
        }
        (known, None)
    }

    fn insert(&mut self, host: HostPattern, rule: Rule) {
        let (map, key, labels) = match host {
            HostPattern::Any => {
                self.any.push(rule);
                return;
            }
            HostPattern::Exact(key) => {
                let labels = key.split('.').count();
                self.exact_lens |= len_bit(&key);
                (&mut self.exact, key, labels)
            }
            // Room for a TLD of up to two labels (`co.uk`).
            HostPattern::Wild(key) => {
                let labels = key.split('.').count() + 2;
                self.wild_lens |= len_bit(&key);
                (&mut self.wild, key, labels)
            }
        };
        self.max_labels = self.max_labels.max(labels);
        map.slot(key).push(rule);
    }
}

fn len_bit(key: &str) -> u64 {
    1 << key.len().min(63)
}

fn has_len(lens: u64, key: &str) -> bool {
    lens & len_bit(key) != 0
}

fn parse_line(line: &str) -> Result<(Rule, Vec<HostPattern>), String> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    let (site, hosts, path, params) = match fields.as_slice() {
        [site, hosts, path] => (*site, *hosts, *path, None),
        [site, hosts, path, params] => (*site, *hosts, *path, Some(*params)),
        _ => {
            return Err(format!(
                "expected 3 or 4 fields (site hosts path [parameters]), found {}",
                fields.len()
            ))
        }
    };
    let site = parse_site(site)?;
    let hosts = hosts
        .split(',')
        .map(parse_host)
        .collect::<Result<Vec<_>, _>>()?;
    let (segments, rest) = parse_path(path)?;
    let captures = segments.contains(&Segment::Capture);
    let source = match (captures, params) {
        (true, None) => Source::Capture,
        (false, Some(params)) => Source::Params(parse_params(params)?),
        (true, Some(_)) => {
            return Err(
                "a rule takes its text from a `{}` path capture or from parameters, not both"
                    .into(),
            )
        }
        (false, None) => return Err("a rule needs parameters or a `{}` path capture".into()),
    };
    Ok((
        Rule {
            site,
            segments,
            rest,
            source,
        },
        hosts,
    ))
}

fn parse_site(site: &str) -> Result<Option<Box<str>>, String> {
    if site == NO_SITE {
        return Ok(None);
    }
    let valid = site.len() <= MAX_SITE_NAME
        && site.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && site
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
    if valid {
        Ok(Some(site.into()))
    } else {
        Err(format!(
            "bad site name {site:?} (lowercase letters, digits, `-`, `.`; or `-` for none)"
        ))
    }
}

fn parse_host(host: &str) -> Result<HostPattern, String> {
    if host == "*" {
        return Ok(HostPattern::Any);
    }
    let lower = host.to_ascii_lowercase();
    let (base, wild) = match lower.strip_suffix(".*") {
        Some(base) => (base, true),
        None => (lower.as_str(), false),
    };
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    let labels = base.split('.').count();
    if !base.split('.').all(label_ok) || labels > MAX_HOST_LABELS {
        return Err(format!(
            "bad host pattern {host:?} (expected `*`, `example.com` or `example.*`, at most {MAX_HOST_LABELS} labels)"
        ));
    }
    Ok(if wild {
        HostPattern::Wild(base.into())
    } else {
        HostPattern::Exact(base.into())
    })
}

fn parse_path(path: &str) -> Result<(Box<[Segment]>, bool), String> {
    let Some(body) = path.strip_prefix('/') else {
        return Err(format!("path pattern {path:?} must start with `/`"));
    };
    let body = body.strip_suffix('/').unwrap_or(body);
    let mut segments = Vec::new();
    let mut rest = false;
    for seg in (!body.is_empty())
        .then(|| body.split('/'))
        .into_iter()
        .flatten()
    {
        if rest {
            return Err(format!(
                "path pattern {path:?}: `**` must be the last segment"
            ));
        }
        match seg {
            "**" => rest = true,
            "*" => segments.push(Segment::Any),
            "{}" if segments.contains(&Segment::Capture) => {
                return Err(format!("path pattern {path:?} has more than one `{{}}`"))
            }
            "{}" => segments.push(Segment::Capture),
            _ if seg.is_empty() || seg.contains(['*', '{', '}', '%']) => {
                return Err(format!("path pattern {path:?}: bad segment {seg:?}"))
            }
            _ => segments.push(Segment::Literal(seg.into())),
        }
    }
    if segments.len() > MAX_PATH_SEGMENTS {
        return Err(format!(
            "path pattern {path:?} has more than {MAX_PATH_SEGMENTS} segments"
        ));
    }
    Ok((segments.into(), rest))
}

fn parse_params(params: &str) -> Result<Box<[Box<str>]>, String> {
    let names: Vec<Box<str>> = params.split(',').map(Box::from).collect();
    if names.iter().any(|n| n.is_empty() || n.contains(['=', '&'])) {
        return Err(format!(
            "bad parameter list {params:?} (names separated by `,`)"
        ));
    }
    if names.len() > MAX_PARAMS {
        return Err(format!("more than {MAX_PARAMS} parameter names"));
    }
    Ok(names.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(line: &str) -> Rule {
        parse_line(line).map(|(r, _)| r).expect("rule parses")
    }

    #[test]
    fn path_patterns() {
        let r = rule("s * /r/*/search q");
        assert_eq!(
            r.match_path(&PathSegments::new("/r/abc/search/")),
            Some(None)
        );
        assert_eq!(r.match_path(&PathSegments::new("/r/abc/search/x")), None);
        assert_eq!(r.match_path(&PathSegments::new("/r/search")), None);
        let r = rule("s * /search/{}/** ");
        assert_eq!(
            r.match_path(&PathSegments::new("/search/some-words/2/")),
            Some(Some("some-words"))
        );
        assert_eq!(
            r.match_path(&PathSegments::new("/search/some-words")),
            Some(Some("some-words"))
        );
        assert_eq!(r.match_path(&PathSegments::new("/search")), None);
        let r = rule("s * / q");
        assert_eq!(r.match_path(&PathSegments::new("/")), Some(None));
        assert_eq!(r.match_path(&PathSegments::new("/x")), None);
        let r = rule("s * /** q");
        assert_eq!(r.match_path(&PathSegments::new("/")), Some(None));
        assert_eq!(r.match_path(&PathSegments::new("/a/b")), Some(None));
    }

    #[test]
    fn host_lookup_is_most_specific_first() {
        let t =
            SiteTable::parse("a google.* /x q\nb images.google.* /x q\nc search.yahoo.com /x q")
                .expect("parses");
        let sites = |host: &str| {
            let mut seen = Vec::new();
            let (known, _) = t.find_for_host(host, |rules| {
                seen.extend(rules.iter().filter_map(Rule::site).map(str::to_string));
                None::<()>
            });
            (known, seen)
        };
        assert_eq!(
            sites("images.google.co.uk"),
            (true, vec!["b".to_string(), "a".to_string()])
        );
        assert_eq!(sites("www.google.com.br"), (true, vec!["a".to_string()]));
        assert_eq!(sites("google.de"), (true, vec!["a".to_string()]));
        assert_eq!(
            sites("a.b.c.d.e.f.g.h.i.uk.search.yahoo.com"),
            (true, vec!["c".to_string()])
        );
        assert_eq!(sites("google"), (false, vec![]));
        assert_eq!(sites("google.turnback.test"), (false, vec![]));
        assert_eq!(sites("yahoo.com"), (false, vec![]));
    }
}
