//! `turnback check --from FILE`: a dry run over a corpus, one input per
//! line, to see what a list would stop before it ships (over-blocking on a
//! benign corpus). The corpus is streamed, never held whole.

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use turnback::Engine;

use crate::check::{self, Kind};

/// Checks every non-blank line of `from` (`-`: stdin) as a `kind` input,
/// printing the matches, then `matched N of M` on stderr. Returns N.
pub fn run(engine: &Engine, from: &Path, kind: Kind, json: bool) -> Result<usize, String> {
    let name = from.display().to_string();
    let reader: Box<dyn BufRead> = if from == Path::new("-") {
        Box::new(io::stdin().lock())
    } else {
        let file = File::open(from).map_err(|e| format!("{name}: {e}"))?;
        Box::new(BufReader::new(file))
    };
    let (mut matched, mut total) = (0usize, 0usize);
    let mut buf = Vec::new();
    let mut reader = reader;
    for line_no in 1.. {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| format!("{name}: {e}"))?;
        if n == 0 {
            break;
        }
        let text =
            std::str::from_utf8(&buf).map_err(|_| format!("{name}:{line_no}: not valid UTF-8"))?;
        let value = text.trim_end_matches(['\n', '\r']);
        if value.trim().is_empty() {
            continue;
        }
        total += 1;
        let (input, v) = check::check_one(engine, kind, value);
        if v.is_match() {
            matched += 1;
            check::print(engine, input, value, &v, json);
        }
    }
    eprintln!("matched {matched} of {total}");
    Ok(matched)
}
