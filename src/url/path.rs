//! Path canonicalization: `.` and `..` resolved, `//` runs collapsed.

use super::escape::{escape_into, needs_escape};

/// Appends the canonical, percent-escaped form of `decoded` (a fully
/// unescaped path, `/` or empty at the start) to `out`. The result starts
/// with `/`.
///
/// A `..` drops the segment before it but never climbs above the root, and
/// a path ending in `.` or `..` names a directory, as browsers resolve them:
/// `/a/b/..` is `/a/`, `/blah/..` is `/`.
pub(super) fn write_path(decoded: &[u8], out: &mut Vec<u8>) {
    if is_canonical(decoded) {
        out.extend_from_slice(decoded);
        return;
    }
    let root = out.len();
    out.push(b'/');
    // `out` ends with `/` after every segment; a file name loses it below.
    let mut ends_in_directory = true;
    for segment in decoded.split(|&b| b == b'/') {
        match segment {
            b"" => {}
            b"." => ends_in_directory = true,
            b".." => {
                pop_segment(out, root);
                ends_in_directory = true;
            }
            name => {
                escape_into(name, out);
                out.push(b'/');
                ends_in_directory = false;
            }
        }
    }
    if !ends_in_directory && !decoded.ends_with(b"/") && out.len() > root + 1 {
        out.pop();
    }
}

/// Whether `path` is already canonical, as most paths are: one scan
/// instead of splitting and escaping segment by segment.
fn is_canonical(path: &[u8]) -> bool {
    let Some((b'/', rest)) = path.split_first() else {
        return false;
    };
    // Length of the current segment, and whether it is all dots so far.
    let mut len = 0usize;
    let mut dots = true;
    for &b in rest {
        if b == b'/' {
            // `//`, `/./` and `/../` need rewriting.
            if dots && len <= 2 {
                return false;
            }
            len = 0;
            dots = true;
        } else if needs_escape(b) {
            return false;
        } else {
            len += 1;
            dots &= b == b'.';
        }
    }
    // A final `.` or `..` names a directory; an empty one is a trailing `/`.
    !(dots && (1..=2).contains(&len))
}

/// Removes the last segment from `out[root..]`, which ends with `/`.
/// Each byte is popped at most once, so many `..` stay linear overall.
fn pop_segment(out: &mut Vec<u8>, root: usize) {
    let Some(dir) = out.get(root..out.len().saturating_sub(1)) else {
        return;
    };
    if let Some(slash) = dir.iter().rposition(|&b| b == b'/') {
        out.truncate(root + slash + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(p: &str) -> String {
        let mut out = b"host".to_vec();
        write_path(p.as_bytes(), &mut out);
        String::from_utf8(out.split_off(4)).unwrap()
    }

    #[test]
    fn resolves_like_the_spec() {
        assert_eq!(canon(""), "/");
        assert_eq!(canon("/"), "/");
        assert_eq!(canon("/foo.html"), "/foo.html");
        assert_eq!(canon("/foo/.././bar/./../foo.html"), "/foo.html");
        assert_eq!(canon("/a/b/"), "/a/b/");
        assert_eq!(canon("/a/b/c"), "/a/b/c");
        assert_eq!(canon("//a//b///c////"), "/a/b/c/");
        assert_eq!(canon("/blah/.."), "/");
        assert_eq!(canon("/a/b/.."), "/a/");
        assert_eq!(canon("/a/b/."), "/a/b/");
        assert_eq!(canon("/../../x"), "/x");
        assert_eq!(canon("/.."), "/");
        assert_eq!(canon("/a/..b/...c"), "/a/..b/...c");
        assert_eq!(canon("/a b/%#"), "/a%20b/%25%23");
        assert_eq!(canon("/a/.b/..c/.../"), "/a/.b/..c/.../");
        assert_eq!(canon("a/b"), "/a/b");
    }

    #[test]
    fn canonical_paths_are_recognized() {
        for p in ["/", "/a", "/a/", "/a/b.html", "/.a/b./...", "/a/.../"] {
            assert!(is_canonical(p.as_bytes()), "{p:?}");
            assert_eq!(canon(p), p);
        }
        for p in [
            "", "a", "//", "/a//b", "/./", "/a/.", "/a/..", "/../a", "/a b", "/%41", "/\u{e9}",
        ] {
            assert!(!is_canonical(p.as_bytes()), "{p:?}");
        }
    }
}
