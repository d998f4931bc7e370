//! What a check computes from its input before any list is read: the
//! canonical URL's expressions with their filter keys and SHA-256
//! prefixes, the normalized text's windows with theirs. Both hashes are
//! seeded per kind, never per list (src/hash.rs), so one preparation
//! serves every list of a [`ListSet`](crate::ListSet); only the probes
//! (each list's filter has its own seed inside) run once per list.
//!
//! [`Engine`]'s checks are these functions over a one-list slice, so a
//! set and a single engine share one code path.

use std::ops::ControlFlow;

use crate::engine::PhraseHits;
use crate::hash::{FilterKey, HashKind, PrefixHash};
use crate::search::SiteTable;
use crate::{text, url, Engine, Verdict};

/// A URL cut to what canonicalization accepts. Padding a listed URL past
/// that bound (a long query, say) must not make it unlisted; the cut only
/// loses the far end of the path or query, which no entry can name.
fn lookup_bounded(input: &str) -> &str {
    if input.len() <= url::MAX_INPUT_BYTES {
        return input;
    }
    let mut end = url::MAX_INPUT_BYTES;
    while !input.is_char_boundary(end) {
        end -= 1;
    }
    input.get(..end).unwrap_or("")
}

/// A URL's expressions in spec order, with the filter key of each whose
/// length some list holds, and the SHA-256 prefixes computed so far.
pub(crate) struct PreparedUrl<'u> {
    exprs: [&'u str; url::MAX_EXPRESSIONS],
    n: usize,
    keys: [FilterKey; url::MAX_EXPRESSIONS],
    /// Bit `i`: `keys[i]` was computed.
    keyed: u32,
    /// SHA-256 prefixes, computed the first time a list asks (bit `i` of
    /// `hashed`): no `Option`s to clear for every check.
    prefixes: [PrefixHash; url::MAX_EXPRESSIONS],
    hashed: u32,
}

impl<'u> PreparedUrl<'u> {
    /// Every expression's filter key is computed when some list in `lists`
    /// holds URL keys of its length.
    pub(crate) fn new(u: &'u url::CanonicalUrl, lists: &[Engine]) -> PreparedUrl<'u> {
        let mut p = PreparedUrl {
            exprs: [""; url::MAX_EXPRESSIONS],
            n: 0,
            keys: [FilterKey(0); url::MAX_EXPRESSIONS],
            keyed: 0,
            prefixes: [PrefixHash(0); url::MAX_EXPRESSIONS],
            hashed: 0,
        };
        url::for_each_expression(u, |expr| {
            let i = p.n;
            let Some(slot) = p.exprs.get_mut(i) else {
                return ControlFlow::Break(());
            };
            *slot = expr;
            if lists.iter().any(|e| e.wants_url_length(expr.len())) {
                if let Some(k) = p.keys.get_mut(i) {
                    *k = FilterKey::of(HashKind::Url, expr.as_bytes());
                    p.keyed |= 1 << i;
                }
            }
            p.n += 1;
            ControlFlow::Continue(())
        });
        p
    }

    /// Number of expressions.
    pub(crate) fn len(&self) -> usize {
        self.n
    }

    /// Expression `i`'s length and filter key, when it was computed.
    pub(crate) fn key(&self, i: usize) -> Option<(usize, FilterKey)> {
        if self.keyed & (1 << i) == 0 {
            return None;
        }
        Some((self.exprs.get(i)?.len(), *self.keys.get(i)?))
    }

    /// Expression `i`'s SHA-256 prefix, computed once whichever list asks.
    pub(crate) fn prefix(&mut self, i: usize) -> PrefixHash {
        let expr = self.exprs.get(i).copied().unwrap_or("");
        let Some(slot) = self.prefixes.get_mut(i) else {
            return PrefixHash::of(HashKind::Url, expr.as_bytes());
        };
        if self.hashed & (1 << i) == 0 {
            *slot = PrefixHash::of(HashKind::Url, expr.as_bytes());
            self.hashed |= 1 << i;
        }
        *slot
    }
}

/// Windows hashed before their filter probes are issued together.
pub(crate) const PROBE_BATCH: usize = 32;

/// One list reading a text: whether combination rules apply (not to text
/// that only the parameter fallback found).
#[derive(Clone, Copy)]
pub(crate) struct Reader<'e> {
    pub(crate) engine: &'e Engine,
    pub(crate) with_rules: bool,
}

/// The first of `readers` whose entries match `text` (normalized once,
/// each window hashed once), with its verdict.
pub(crate) fn check_text(readers: &[Reader<'_>], text: &str) -> Option<(usize, Verdict)> {
    if readers.is_empty() {
        return None;
    }
    let normalized = text::normalize(text);
    let max = readers
        .iter()
        .map(|r| r.engine.phrase_max_length())
        .max()
        .unwrap_or(0);
    // One list (every Engine check) needs no allocation here.
    let mut one = [PhraseHits::default()];
    let mut many = Vec::new();
    let hits: &mut [PhraseHits] = if readers.len() <= 1 {
        &mut one
    } else {
        many.resize_with(readers.len(), PhraseHits::default);
        &mut many
    };
    let mut batch = [(FilterKey(0), ""); PROBE_BATCH];
    let mut n = 0;
    normalized.for_each_window_within(max, |w| {
        if !readers
            .iter()
            .any(|r| r.engine.wants_phrase_length(w.len()))
        {
            return;
        }
        if let Some(slot) = batch.get_mut(n) {
            *slot = (FilterKey::of(HashKind::Phrase, w.as_bytes()), w);
            n += 1;
        }
        if n == PROBE_BATCH {
            probe(readers, &batch, hits);
            n = 0;
        }
    });
    probe(readers, batch.get(..n).unwrap_or_default(), hits);
    readers
        .iter()
        .zip(hits.iter())
        .enumerate()
        .find_map(|(i, (r, h))| Some((i, r.engine.phrase_verdict(h)?)))
}

/// Probes every reader's filter for a batch of windows, then confirms each
/// candidate (its SHA-256 computed once) in the tables of the readers
/// whose filter marked it. A reader after one that already found a keyword
/// cannot decide, so it stops probing.
fn probe(readers: &[Reader<'_>], batch: &[(FilterKey, &str)], hits: &mut [PhraseHits]) {
    let decided = hits
        .iter()
        .position(|h| h.keyword.is_some())
        .map_or(readers.len(), |i| i + 1);
    // Candidates are rare (the filter's false positives and hits): their
    // prefixes are kept by bit, without an array of `Option`s to clear.
    let mut prefixes = [PrefixHash(0); PROBE_BATCH];
    let mut hashed = 0u64;
    for (r, h) in readers.iter().zip(hits.iter_mut()).take(decided) {
        let mut maybe = r.engine.phrase_candidates(batch, readers.len() > 1);
        while maybe != 0 {
            let i = maybe.trailing_zeros() as usize;
            maybe &= maybe - 1;
            let (Some((_, w)), Some(p)) = (batch.get(i), prefixes.get_mut(i)) else {
                continue;
            };
            if hashed & (1 << i) == 0 {
                *p = PrefixHash::of(HashKind::Phrase, w.as_bytes());
                hashed |= 1 << i;
            }
            r.engine.confirm_phrase(*p, r.with_rules, h);
        }
    }
}

/// The first of `lists` whose URL entries match `input`, with its verdict.
pub(crate) fn check_url(lists: &[Engine], input: &str) -> Option<(usize, Verdict)> {
    let u = url::canonicalize(lookup_bounded(input)).ok()?;
    first_url_match(lists, &mut PreparedUrl::new(&u, lists))
}

fn first_url_match(lists: &[Engine], p: &mut PreparedUrl<'_>) -> Option<(usize, Verdict)> {
    lists
        .iter()
        .enumerate()
        .map(|(i, e)| (i, e.url_verdict(p)))
        .find(|(_, v)| v.is_match())
}

/// The first of `lists` whose entries match `text`, with its verdict.
pub(crate) fn check_query(lists: &[Engine], text: &str) -> Option<(usize, Verdict)> {
    match lists {
        // The one-list case without a reader list to allocate.
        [engine] => check_text(
            &[Reader {
                engine,
                with_rules: true,
            }],
            text,
        ),
        _ => {
            let readers: Vec<Reader<'_>> = lists
                .iter()
                .map(|engine| Reader {
                    engine,
                    with_rules: true,
                })
                .collect();
            check_text(&readers, text)
        }
    }
}

/// Search text a site table found in a URL: the text, whether
/// combination rules apply (a known site's rule found it) and whether only
/// the `*` rules found it ([`Verdict::via_fallback`]).
type Found = Option<(String, bool, bool)>;

fn extract(table: &SiteTable, u: &url::CanonicalUrl) -> Found {
    table
        .extract_from(u)
        .map(|(s, fallback)| (s.text, s.site.is_some(), fallback))
}

/// The verdict of text found by [`extract`], marked when only the `*`
/// rules found it.
fn marked(v: Verdict, fallback: bool) -> Verdict {
    if fallback {
        v.marked_fallback()
    } else {
        v
    }
}

/// The first of `lists` that matches a page about to be opened, each list
/// deciding as [`Engine::check_navigation`] does: its URL entries, then
/// the search text its site table extracts. The URL is canonicalized and
/// hashed once; the text is extracted and normalized once for every list
/// that adds no sites (the built-in table), and once for each list with
/// sites of its own.
pub(crate) fn check_navigation(lists: &[Engine], input: &str) -> Option<(usize, Verdict)> {
    let u = url::canonicalize(lookup_bounded(input)).ok()?;
    let by_url = first_url_match(lists, &mut PreparedUrl::new(&u, lists));
    // Only lists before the first URL match can still decide.
    let before = match lists.get(..by_url.map_or(lists.len(), |(i, _)| i)) {
        None | Some([]) => return by_url,
        Some(before) => before,
    };
    if let [engine] = before {
        // One list (every Engine check): no text to share.
        let table = engine.site_table().unwrap_or_else(|| SiteTable::builtin());
        let by_text = extract(table, &u).and_then(|(text, with_rules, fallback)| {
            let (_, v) = check_text(&[Reader { engine, with_rules }], &text)?;
            Some((0, marked(v, fallback)))
        });
        return by_text.or(by_url);
    }
    // The lists that add no sites read the built-in table's text together;
    // a list with sites of its own reads its own, in order, until a list
    // before it has decided.
    let mut by_text = None;
    if let Some((text, with_rules, fallback)) = extract(SiteTable::builtin(), &u) {
        let (positions, readers): (Vec<usize>, Vec<Reader<'_>>) = before
            .iter()
            .enumerate()
            .filter(|(_, e)| e.site_table().is_none())
            .map(|(i, engine)| (i, Reader { engine, with_rules }))
            .unzip();
        by_text = check_text(&readers, &text)
            .and_then(|(k, v)| Some((*positions.get(k)?, marked(v, fallback))));
    }
    for (i, engine) in before.iter().enumerate() {
        if by_text.is_some_and(|(decided, _)| decided < i) {
            break;
        }
        let Some((text, with_rules, fallback)) = engine.site_table().and_then(|t| extract(t, &u))
        else {
            continue;
        };
        if let Some((_, v)) = check_text(&[Reader { engine, with_rules }], &text) {
            by_text = Some((i, marked(v, fallback)));
            break;
        }
    }
    by_text.or(by_url)
}
