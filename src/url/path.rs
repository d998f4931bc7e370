//! Path canonicalization: `.` and `..` resolved, `//` runs collapsed.

use super::escape::escape_into;

/// Appends the canonical, percent-escaped form of `decoded` (a fully
/// unescaped path, `/` or empty at the start) to `out`. The result starts
/// with `/`.
///
/// A `..` drops the segment before it but never climbs above the root, and
/// a path ending in `.` or `..` names a directory, as browsers resolve them:
/// `/a/b/..` is `/a/`, `/blah/..` is `/`.
pub(super) fn write_path(decoded: &[u8], out: &mut String) {
    let root = out.len();
    out.push('/');
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
                out.push('/');
                ends_in_directory = false;
            }
        }
    }
    if !ends_in_directory && !decoded.ends_with(b"/") && out.len() > root + 1 {
        out.pop();
    }
}

/// Removes the last segment from `out[root..]`, which ends with `/`.
/// Each byte is popped at most once, so many `..` stay linear overall.
fn pop_segment(out: &mut String, root: usize) {
    let Some(dir) = out.get(root..out.len().saturating_sub(1)) else {
        return;
    };
    if let Some(slash) = dir.rfind('/') {
        out.truncate(root + slash + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(p: &str) -> String {
        let mut out = String::from("host");
        write_path(p.as_bytes(), &mut out);
        out.split_off(4)
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
    }
}
