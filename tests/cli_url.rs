//! `turnback canon` and `turnback expressions` from the outside: output,
//! stdin handling, exit status and error messages.

use assert_cmd::Command;

fn turnback() -> Command {
    match Command::cargo_bin("turnback") {
        Ok(c) => c,
        Err(e) => panic!("turnback binary not built: {e}"),
    }
}

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn canon_prints_one_canonical_url_per_argument() {
    let out = turnback()
        .args([
            "canon",
            "HTTP://www.Turnback.test/a/./b/../c",
            "b\u{fc}cher.test",
            "http://0x7f.1/x?q",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr_of(&out));
    assert_eq!(
        stdout_of(&out),
        "http://www.turnback.test/a/c\nhttp://xn--bcher-kva.test/\nhttp://127.0.0.1/x?q\n"
    );
    assert_eq!(stderr_of(&out), "");
}

#[test]
fn canon_reads_stdin_when_given_no_argument() {
    let out = turnback()
        .arg("canon")
        .write_stdin("a.turnback.test\r\n\nhttp://[2001:0db8::1]:80/p\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr_of(&out));
    assert_eq!(
        stdout_of(&out),
        "http://a.turnback.test/\nhttp://[2001:db8::1]/p\n"
    );
}

#[test]
fn canon_names_invalid_inputs_and_still_prints_valid_ones() {
    let out = turnback()
        .args([
            "canon",
            "a.turnback.test",
            "mailto:x@y.test",
            "http:///x",
            "b.turnback.test/p",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stdout_of(&out),
        "http://a.turnback.test/\nhttp://b.turnback.test/p\n"
    );
    let err = stderr_of(&out);
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
fn canon_from_stdin_exits_2_on_an_invalid_line() {
    let out = turnback()
        .arg("canon")
        .write_stdin("/blah\nc.turnback.test\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout_of(&out), "http://c.turnback.test/\n");
    assert!(
        stderr_of(&out).contains("error: \"/blah\""),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn expressions_prints_them_in_spec_order() {
    let out = turnback()
        .args(["expressions", "http://a.b.c/1/2.html?param=1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr_of(&out));
    assert_eq!(
        stdout_of(&out),
        "a.b.c/1/2.html?param=1\na.b.c/1/2.html\na.b.c/\na.b.c/1/\n\
         b.c/1/2.html?param=1\nb.c/1/2.html\nb.c/\nb.c/1/\n"
    );
}

#[test]
fn expressions_of_an_ip_have_no_host_suffixes() {
    let out = turnback()
        .args(["expressions", "http://1.2.3.4/1/"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout_of(&out), "1.2.3.4/1/\n1.2.3.4/\n");
}

#[test]
fn expressions_rejects_an_invalid_url() {
    let out = turnback().args(["expressions", "   "]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout_of(&out), "");
    assert!(
        stderr_of(&out).starts_with("error: "),
        "{}",
        stderr_of(&out)
    );
    assert!(stderr_of(&out).contains("empty url"), "{}", stderr_of(&out));
}
