//! URL canonicalization and host-suffix/path-prefix expressions, following
//! Google Safe Browsing (Update API v4 "URLs and Hashing", v5 for IPv6).
//!
//! ```
//! use turnback::url::{canonicalize, expressions};
//!
//! let u = canonicalize("HTTP://user:pw@Www.Turnback.TEST.:8080/a/./b/../c?x=1#frag").unwrap();
//! assert_eq!(u.to_string(), "http://www.turnback.test/a/c?x=1");
//! assert_eq!(
//!     expressions(&u),
//!     [
//!         "www.turnback.test/a/c?x=1",
//!         "www.turnback.test/a/c",
//!         "www.turnback.test/",
//!         "www.turnback.test/a/",
//!         "turnback.test/a/c?x=1",
//!         "turnback.test/a/c",
//!         "turnback.test/",
//!         "turnback.test/a/",
//!     ]
//! );
//! ```
//!
//! Files, one job each: [`canonicalize`](self::canonicalize()) drives the
//! pipeline (`canonicalize.rs`), `escape.rs` percent-unescapes and -escapes,
//! `host.rs`, `idn.rs` and `ip.rs` canonicalize the host, `path.rs` the path, and
//! `expressions.rs` enumerates the lookup expressions.

mod canonicalize;
mod escape;
mod expressions;
mod host;
mod idn;
mod ip;
mod path;

use std::fmt;

pub use canonicalize::canonicalize;
pub use expressions::{expressions, for_each_expression};
#[cfg(not(feature = "idna"))]
pub use idn::{set_domain_to_ascii, DomainToAscii};

/// Inputs longer than this are rejected with [`UrlError::TooLong`] before any
/// work is done, so every call is bounded in time and memory. Generous,
/// because a rejected URL is never matched: 64 KiB is far above the ~2 KB
/// most sites use, and every step is linear in the input.
pub const MAX_INPUT_BYTES: usize = 64 * 1024;

/// Longest canonical host name (before percent-escaping), as in DNS: a
/// longer name cannot resolve, so it cannot be a place anyone visits.
pub const MAX_HOST_BYTES: usize = 253;

/// Host components a suffix may keep: Safe Browsing looks up at most the
/// last five (`c.d.e.f.g` for `a.b.c.d.e.f.g`), never the last one alone.
pub const HOST_SUFFIX_COMPONENTS: usize = 5;

/// Host suffixes looked up besides the exact host (5, 4, 3 and 2 components).
pub const MAX_HOST_SUFFIXES: usize = HOST_SUFFIX_COMPONENTS - 1;

/// Directory prefixes of the path looked up (`/`, `/1/`, `/1/2/`, `/1/2/3/`).
pub const MAX_PATH_PREFIXES: usize = 4;

/// Most expressions one URL can yield (5 hosts × 6 paths).
pub const MAX_EXPRESSIONS: usize = 30;

// 1 exact host + suffixes, times exact path with and without query + prefixes.
const _: () = assert!(MAX_EXPRESSIONS == (1 + MAX_HOST_SUFFIXES) * (2 + MAX_PATH_PREFIXES));

/// Why an input is not a URL with a host.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    /// Nothing left after trimming whitespace and dropping the fragment.
    #[error("empty url")]
    Empty,
    /// Longer than [`MAX_INPUT_BYTES`].
    #[error("url is {len} bytes, over the limit of {max}")]
    TooLong { len: usize, max: usize },
    /// A scheme not followed by `//`, as in `mailto:` or `javascript:`.
    #[error("url scheme is not followed by //host (like mailto: or javascript:)")]
    BadScheme,
    /// Nothing between `//` and the path, as in `http:///x` or `/x`.
    #[error("url has no host")]
    NoHost,
    /// The host holds characters that would change how the URL splits
    /// (`/ ? @ : [ ]` once unescaped), or IDNA rejects it.
    #[error("invalid host")]
    InvalidHost,
    /// An internationalized host name in a build without the `idna`
    /// feature whose embedder set no conversion (see `set_domain_to_ascii`).
    #[error("internationalized host names need idna, which this build lacks")]
    NoIdna,
    /// Longer than [`MAX_HOST_BYTES`].
    #[error("host is longer than {MAX_HOST_BYTES} bytes")]
    HostTooLong,
    /// A bracketed host that is not an IPv6 address.
    #[error("invalid ipv6 address")]
    InvalidIpv6,
    /// Something other than digits after the host's `:`.
    #[error("invalid port")]
    InvalidPort,
}

/// A URL in Safe Browsing canonical form: `scheme://host/path[?query]`.
///
/// Stored as that one ASCII string with offsets, so every lookup expression
/// (`host-suffix/path-prefix[?query]`) is a slice of it and costs nothing.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CanonicalUrl {
    /// `scheme://host/path[?query]`, ASCII only.
    full: String,
    /// Index of the host, just after `://`.
    host_start: usize,
    /// Index of the path's leading `/`.
    path_start: usize,
    /// Index just after the `?`, when there is a query (possibly empty).
    query_start: Option<usize>,
    is_ip: bool,
}

impl CanonicalUrl {
    /// Lowercase scheme, `http` when the input had none.
    pub fn scheme(&self) -> &str {
        self.slice(0, self.host_start.saturating_sub("://".len()))
    }
    /// Lowercase host, punycode for IDNs, dotted quad or `[v6]` for IPs.
    pub fn host(&self) -> &str {
        self.slice(self.host_start, self.path_start)
    }
    /// Always starts with `/`.
    pub fn path(&self) -> &str {
        self.slice(self.path_start, self.path_end())
    }
    /// The query without its `?`, kept as given except that bytes a URL
    /// cannot carry raw (controls, space, non-ASCII) are percent-escaped.
    /// `Some("")` for a URL ending in a bare `?`.
    pub fn query(&self) -> Option<&str> {
        self.query_start.map(|q| self.slice(q, self.full.len()))
    }
    /// True when the host is an IPv4 or IPv6 address (no host suffixes then).
    pub fn is_ip(&self) -> bool {
        self.is_ip
    }
    /// The full expression `host/path[?query]`, as a list entry stores it.
    pub fn expression(&self) -> String {
        self.slice(self.host_start, self.full.len()).to_owned()
    }

    /// End of the path: the `?` or the end of the string.
    fn path_end(&self) -> usize {
        self.query_start
            .map_or(self.full.len(), |q| q.saturating_sub(1))
    }

    /// `full[from..to]`; the offsets are ours and always valid, but an empty
    /// string beats a panic if that ever stops being true.
    fn slice(&self, from: usize, to: usize) -> &str {
        self.full.get(from..to).unwrap_or("")
    }
}

impl fmt::Display for CanonicalUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.full)
    }
}
