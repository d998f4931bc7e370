//! Host-suffix/path-prefix expressions, in the spec's order.
//!
//! Every expression is `host-suffix + path-prefix [+ ?query]`, and in the
//! canonical string `scheme://host/path?query` a host suffix is a tail of
//! the host and a path prefix a head of the path. So each expression is one
//! slice `full[host_suffix_start..path_prefix_end]`: nothing is copied or
//! allocated, whatever the number of expressions.

use std::ops::ControlFlow;

use super::{
    CanonicalUrl, HOST_SUFFIX_COMPONENTS, MAX_EXPRESSIONS, MAX_HOST_SUFFIXES, MAX_PATH_PREFIXES,
};

/// Calls `f` with each Safe Browsing expression of `url` (`host/path`), in
/// spec order, without allocating; stops when `f` breaks.
///
/// Hosts: the exact host, then (unless it is an IP address) the suffixes
/// made of its last 5, 4, 3 and 2 components that are shorter than it.
/// Paths, for each host: the exact path with the query (when there is one,
/// even empty), the exact path, then the directory prefixes `/`, `/1/`,
/// `/1/2/`, `/1/2/3/` that differ from the exact path. So
/// `http://a.b.c/1/2.html?param=1` gives `a.b.c/1/2.html?param=1`,
/// `a.b.c/1/2.html`, `a.b.c/`, `a.b.c/1/`, then the same four for `b.c`.
pub fn for_each_expression<'u, F>(url: &'u CanonicalUrl, mut f: F)
where
    F: FnMut(&'u str) -> ControlFlow<()>,
{
    let _ = visit(url, &mut f);
}

/// All expressions of `url`, for display and tests.
pub fn expressions(url: &CanonicalUrl) -> Vec<String> {
    let mut out = Vec::with_capacity(MAX_EXPRESSIONS);
    for_each_expression(url, |e| {
        out.push(e.to_owned());
        ControlFlow::Continue(())
    });
    out
}

fn visit<'u, F>(url: &'u CanonicalUrl, f: &mut F) -> ControlFlow<()>
where
    F: FnMut(&'u str) -> ControlFlow<()>,
{
    let full = url.full.as_str();
    let mut host_starts = [0usize; 1 + MAX_HOST_SUFFIXES];
    let hosts = host_starts_into(url, &mut host_starts);
    let mut prefix_ends = [0usize; MAX_PATH_PREFIXES];
    let prefixes = path_prefix_ends_into(url, &mut prefix_ends);
    let path_end = url.path_end();

    for &start in hosts {
        let mut emit = |end: usize| match full.get(start..end) {
            Some(expression) => f(expression),
            None => ControlFlow::Continue(()),
        };
        if url.query_start.is_some() {
            emit(full.len())?;
        }
        emit(path_end)?;
        for &end in prefixes {
            emit(end)?;
        }
    }
    ControlFlow::Continue(())
}

/// Start of the exact host, then of each suffix, longest first.
fn host_starts_into<'a>(
    url: &CanonicalUrl,
    starts: &'a mut [usize; 1 + MAX_HOST_SUFFIXES],
) -> &'a [usize] {
    starts[0] = url.host_start;
    if url.is_ip {
        return &starts[..1];
    }
    // Dots from the right: the k-th one starts the suffix of k components.
    // Suffixes of 2 to 5 components are looked up when shorter than the
    // host, that is when the host has at least k dots.
    let mut dots = [0usize; HOST_SUFFIX_COMPONENTS];
    let mut found = 0;
    for (i, b) in url.host().bytes().enumerate().rev() {
        if b == b'.' {
            if let Some(slot) = dots.get_mut(found) {
                *slot = url.host_start + i;
            }
            found += 1;
            if found == dots.len() {
                break;
            }
        }
    }
    let suffixes = found.saturating_sub(1).min(MAX_HOST_SUFFIXES);
    for (slot, dot) in starts[1..=suffixes]
        .iter_mut()
        .zip(dots[1..=suffixes].iter().rev())
    {
        *slot = dot + 1;
    }
    &starts[..=suffixes]
}

/// End (just after the `/`) of each directory prefix shorter than the path.
fn path_prefix_ends_into<'a>(
    url: &CanonicalUrl,
    ends: &'a mut [usize; MAX_PATH_PREFIXES],
) -> &'a [usize] {
    let path_end = url.path_end();
    let mut count = 0;
    for (i, b) in url.path().bytes().enumerate() {
        let end = url.path_start + i + 1;
        if b != b'/' || end >= path_end {
            continue;
        }
        match ends.get_mut(count) {
            Some(slot) => *slot = end,
            None => break,
        }
        count += 1;
    }
    &ends[..count]
}
