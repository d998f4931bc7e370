//! URL canonicalization and host-suffix/path-prefix expressions, following
//! Google Safe Browsing (Update API v4 "URLs and Hashing", v5 for IPv6).
//! OWNER: url helper — replace this stub.

use std::fmt;
use std::ops::ControlFlow;

/// Most expressions one URL can yield (5 hosts × 6 paths).
pub const MAX_EXPRESSIONS: usize = 30;

/// Why an input is not a URL with a host.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    #[error("empty url")]
    Empty,
    #[error("url has no valid host")]
    NoHost,
}

/// A URL in Safe Browsing canonical form: `scheme://host/path[?query]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalUrl {
    scheme: String,
    host: String,
    path: String,
    query: Option<String>,
}

impl CanonicalUrl {
    pub fn scheme(&self) -> &str {
        &self.scheme
    }
    /// Lowercase host, punycode for IDNs, dotted quad or `[v6]` for IPs.
    pub fn host(&self) -> &str {
        &self.host
    }
    /// Always starts with `/`.
    pub fn path(&self) -> &str {
        &self.path
    }
    /// The query without its `?`, kept as given.
    pub fn query(&self) -> Option<&str> {
        self.query.as_deref()
    }
    /// True when the host is an IPv4 or IPv6 address (no host suffixes then).
    pub fn is_ip(&self) -> bool {
        false
    }
    /// The full expression `host/path[?query]`, as a list entry stores it.
    pub fn expression(&self) -> String {
        let mut s = format!("{}{}", self.host, self.path);
        if let Some(q) = &self.query {
            s.push('?');
            s.push_str(q);
        }
        s
    }
}

impl fmt::Display for CanonicalUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme, self.expression())
    }
}

/// Canonicalizes `input`. STUB: handles only simple absolute URLs.
pub fn canonicalize(input: &str) -> Result<CanonicalUrl, UrlError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(UrlError::Empty);
    }
    let s = s.split('#').next().unwrap_or("");
    let (scheme, rest) = match s.find("://") {
        Some(i) => (s[..i].to_ascii_lowercase(), &s[i + 3..]),
        None => ("http".to_string(), s),
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let host = rest[..end].to_ascii_lowercase();
    if host.is_empty() {
        return Err(UrlError::NoHost);
    }
    let rest = &rest[end..];
    let (path, query) = match rest.find('?') {
        Some(i) => (&rest[..i], Some(rest[i + 1..].to_string())),
        None => (rest, None),
    };
    let path = if path.is_empty() {
        "/".to_string()
    } else {
        path.to_string()
    };
    Ok(CanonicalUrl {
        scheme,
        host,
        path,
        query,
    })
}

/// Calls `f` with each Safe Browsing expression of `url` (`host/path`), in
/// spec order, without allocating per expression; stops when `f` breaks.
pub fn for_each_expression<F>(url: &CanonicalUrl, mut f: F)
where
    F: FnMut(&str) -> ControlFlow<()>,
{
    let _ = f(&url.expression());
}

/// All expressions of `url`, for display and tests.
pub fn expressions(url: &CanonicalUrl) -> Vec<String> {
    let mut out = Vec::new();
    for_each_expression(url, |e| {
        out.push(e.to_string());
        ControlFlow::Continue(())
    });
    out
}
