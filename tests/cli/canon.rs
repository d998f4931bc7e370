//! `turnback canon`: one canonical URL per argument or stdin line; exit 2
//! when any input is not a URL, which is named on stderr.

use crate::fixture::{turnback, turnback_stdin};

#[test]
fn prints_one_canonical_url_per_argument() {
    let out = turnback([
        "canon",
        "HTTP://www.Turnback.test/a/./b/../c",
        "b\u{fc}cher.test",
        "http://0x7f.1/x?q",
    ]);
    out.code(0);
    assert_eq!(
        out.stdout(),
        "http://www.turnback.test/a/c\nhttp://xn--bcher-kva.test/\nhttp://127.0.0.1/x?q\n"
    );
    assert_eq!(out.stderr(), "");
}

#[test]
fn reads_stdin_when_given_no_argument() {
    let out = turnback_stdin(
        ["canon"],
        "a.turnback.test\r\n\nhttp://[2001:0db8::1]:80/p\n",
    );
    out.code(0);
    assert_eq!(
        out.stdout(),
        "http://a.turnback.test/\nhttp://[2001:db8::1]/p\n"
    );
}

#[test]
fn names_invalid_inputs_and_still_prints_valid_ones() {
    let out = turnback([
        "canon",
        "a.turnback.test",
        "mailto:x@y.test",
        "http:///x",
        "b.turnback.test/p",
    ]);
    out.code(2);
    assert_eq!(
        out.stdout(),
        "http://a.turnback.test/\nhttp://b.turnback.test/p\n"
    );
    let err = out.stderr();
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(err.lines().all(|l| l.starts_with("error: ")), "{err}");
    assert!(
        err.contains("mailto:x@y.test") && err.contains("//host"),
        "{err}"
    );
    assert!(
        err.contains("http:///x") && err.contains("no host"),
        "{err}"
    );
}

#[test]
fn from_stdin_exits_2_on_an_invalid_line() {
    let out = turnback_stdin(["canon"], "/blah\nc.turnback.test\n");
    out.code(2);
    assert_eq!(out.stdout(), "http://c.turnback.test/\n");
    assert!(
        out.stderr().contains("error: \"/blah\""),
        "{}",
        out.stderr()
    );
}
