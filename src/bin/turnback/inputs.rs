//! Inputs given as arguments, or one per line on stdin when there are none.

use std::io::{self, BufRead};

/// Calls `f` with each argument, or each stdin line when `args` is empty.
/// Returns an error only when stdin cannot be read.
pub fn for_each(args: &[String], mut f: impl FnMut(&str)) -> io::Result<()> {
    if !args.is_empty() {
        args.iter().for_each(|a| f(a));
        return Ok(());
    }
    for line in io::stdin().lock().lines() {
        let line = line?;
        let line = line.trim_end_matches('\r');
        if !line.trim().is_empty() {
            f(line);
        }
    }
    Ok(())
}
