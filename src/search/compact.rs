//! Compile-time compaction of the built-in site table: every line keeps its
//! place (so errors name the same line numbers), with its comment dropped,
//! leading and trailing blanks trimmed and each run of blanks inside made
//! one space, which is all the line format reads (`split_whitespace`).
//!
//! ```text
//! "generic-search  *   /search      q,query   # fallback\n"
//!   -> "generic-search * /search q,query\n"
//! ```

const fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t' || b == b'\r'
}

/// Compacts `src` into `out` as far as `out` reaches, and returns the length
/// of the whole compacted text (so an empty `out` measures it).
const fn run(src: &[u8], out: &mut [u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    let mut in_comment = false;
    // A blank seen since the last kept byte of this line, not yet written.
    let mut pending_space = false;
    let mut line_has_text = false;
    while i < src.len() {
        let b = src[i];
        i += 1;
        if b == b'\n' {
            if n < out.len() {
                out[n] = b'\n';
            }
            n += 1;
            in_comment = false;
            pending_space = false;
            line_has_text = false;
        } else if in_comment || b == b'#' {
            in_comment = true;
        } else if is_blank(b) {
            pending_space = line_has_text;
        } else {
            if pending_space {
                if n < out.len() {
                    out[n] = b' ';
                }
                n += 1;
                pending_space = false;
            }
            if n < out.len() {
                out[n] = b;
            }
            n += 1;
            line_has_text = true;
        }
    }
    n
}

/// Length of the compacted `src`.
pub(super) const fn compact_len(src: &[u8]) -> usize {
    run(src, &mut [])
}

/// The compacted `src`; `N` must be [`compact_len`] of it.
pub(super) const fn compact<const N: usize>(src: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    run(src, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compacted(src: &str) -> String {
        let mut out = vec![0u8; compact_len(src.as_bytes())];
        run(src.as_bytes(), &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn comments_and_padding_go_lines_stay() {
        assert_eq!(
            compacted("# header\n\n  a\t\tb   c  # note\nd #x\n   \ne"),
            "\n\na b c\nd\n\ne"
        );
        assert_eq!(compacted("é  ü\n"), "é ü\n");
        assert_eq!(compacted(""), "");
    }

    #[test]
    fn the_builtin_table_reads_as_its_source() {
        let source = crate::search::SiteTable::parse(super::super::BUILTIN_SOURCE).unwrap();
        let built = crate::search::SiteTable::parse(super::super::BUILTIN).unwrap();
        assert!(!built.is_empty());
        assert_eq!(built.len(), source.len());
        assert_eq!(built.site_names(), source.site_names());
        assert_eq!(format!("{built:?}"), format!("{source:?}"));
        assert_eq!(
            super::super::BUILTIN.lines().count(),
            super::super::BUILTIN_SOURCE.lines().count()
        );
    }
}
