//! What `verify` and `inspect` say about a list, in words and as JSON, from
//! one place so that both (and `build`) count entries the same way.

use std::path::Path;

use serde_json::{json, Value};
use turnback::Engine;

use crate::files;

/// `N url entries, N keyword keys, N combination rules`: the counts every
/// command prints, read from the list itself.
pub fn counts(e: &Engine) -> String {
    let s = e.stats();
    format!(
        "{} url entries, {} keyword keys, {} combination rules",
        s.url_entries, s.keyword_entries, s.rules
    )
}

/// The header and counts: `verify --json`.
pub fn header_json(e: &Engine, list: &Path, signature: &str) -> Value {
    let (i, s) = (e.info(), e.stats());
    json!({
        "list": list.display().to_string(),
        "id": i.id,
        "sequence": i.sequence,
        "key_id": i.key_id.to_string(),
        "signature": signature,
        "created": files::date(i.created),
        "expires": files::date(i.expires),
        "url_entries": s.url_entries,
        "keyword_keys": s.keyword_entries,
        "combination_rules": s.rules,
        "combination_term_keys": s.term_entries,
        "bytes": s.bytes,
    })
}

/// Everything `inspect` shows: `inspect --json`.
pub fn inspect_json(e: &Engine, list: &Path, signature: &str) -> Value {
    let mut v = header_json(e, list, signature);
    let m = e.metadata();
    let extra = json!({
        "sections": e.section_sizes().iter().map(|(name, bytes)| json!({ "name": name, "bytes": bytes })).collect::<Vec<_>>(),
        "categories": per_category(e).iter().map(|(name, c)| json!({
            "name": name,
            "url_entries": c.url_entries,
            "keyword_keys": c.keyword_entries,
            "combination_rules": c.rules,
        })).collect::<Vec<_>>(),
        "languages": m.messages.iter().map(|(lang, msg)| json!({ "lang": lang, "dir": msg.dir, "review": msg.review })).collect::<Vec<_>>(),
        "resources": m.resources.iter().map(|r| json!({ "id": r.id, "url": r.url, "countries": r.countries })).collect::<Vec<_>>(),
        "site_rules": site_rules(e),
    });
    if let (Some(o), Value::Object(x)) = (v.as_object_mut(), extra) {
        o.extend(x);
    }
    v
}

/// Each category's name and counts.
pub fn per_category(e: &Engine) -> Vec<(&str, turnback::CategoryCounts)> {
    e.categories()
        .iter()
        .map(String::as_str)
        .zip(e.category_counts())
        .collect()
}

/// Site-table lines the list adds.
pub fn site_rules(e: &Engine) -> usize {
    e.metadata()
        .sites
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .count()
}
