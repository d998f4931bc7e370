//! The one helper of the table-driven tests: a function run over every case
//! of a table, every failing case reported at once with what it got and
//! what was wanted. A test binary includes it with
//! `#[path = "support/table.rs"] mod table;`.

use std::fmt::{Debug, Write};

/// Asserts `f(&input) == want` for every `(input, want)` of `cases`. On
/// failure panics listing each failing case as `what(input)`, then `got`
/// and `want`, so one run shows every case a change broke.
#[track_caller]
pub fn check<I, W, G>(what: &str, cases: impl IntoIterator<Item = (I, W)>, f: impl Fn(&I) -> G)
where
    I: Debug,
    W: Debug,
    G: Debug + PartialEq<W>,
{
    let (mut total, mut failed) = (0, 0);
    let mut report = String::new();
    for (input, want) in cases {
        total += 1;
        let got = f(&input);
        if got != want {
            failed += 1;
            let _ = write!(
                report,
                "\n{what}({input:?})\n    got  {got:?}\n    want {want:?}"
            );
        }
    }
    assert!(total > 0, "{what}: the table has no cases");
    assert!(failed == 0, "{failed} of {total} cases failed:{report}");
}
