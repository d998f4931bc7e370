//! The files the CLI reads: only regular files (a named pipe would block
//! the run until a writer came), each kind no larger than it may be, and
//! refused before anything is read, with the path and the reason named.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::Command;

use crate::fixture::{s, turnback, turnback_in_memory, Fixture};

/// A named pipe at `path` (by coreutils' mkfifo, as a user would make one).
fn fifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status();
    assert!(
        matches!(made, Ok(st) if st.success()),
        "mkfifo {path:?}: {made:?}"
    );
}

/// `build` signed with `key` into `out`, with the sources in `more`.
fn build_args<'a>(key: &'a str, out: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "build",
        "--id",
        "demo",
        "--sequence",
        "1",
        "--key",
        key,
        "--out",
        out,
    ];
    args.extend_from_slice(more);
    args
}

#[test]
fn a_named_pipe_is_refused_at_once_in_every_role() {
    let f = Fixture::new("files-fifo");
    let list = f.build().out("l.tbl").list();
    let pipe = f.path("pipe");
    fifo(&pipe);
    let out = f.path("out.tbl");
    let (key, to) = (s(&f.key), s(&out));
    let cases: Vec<(&str, Vec<&str>)> = vec![
        (
            "--list",
            vec!["verify", "--list", s(&pipe), "--pub", s(&f.public)],
        ),
        (
            "--pub",
            vec!["verify", "--list", s(&list), "--pub", s(&pipe)],
        ),
        (
            "--key",
            vec![
                "publish",
                "--list",
                s(&list),
                "--key",
                s(&pipe),
                "--out",
                s(&f.dir),
            ],
        ),
        (
            "a source file",
            build_args(key, to, &["--keywords", s(&pipe)]),
        ),
        (
            "--meta",
            build_args(key, to, &["--keywords", s(&f.keywords), "--meta", s(&pipe)]),
        ),
        (
            "--delta",
            vec![
                "apply",
                "--list",
                s(&list),
                "--delta",
                s(&pipe),
                "--pub",
                s(&f.public),
                "--out",
                s(&out),
            ],
        ),
    ];
    for (role, args) in cases {
        // A run that blocked on the pipe would be killed by the fixture's
        // deadline and fail here.
        let err = turnback(&args).refused();
        assert!(
            err.contains(&format!(
                "{}: is a named pipe (FIFO), not a regular file",
                s(&pipe)
            )),
            "{role}: got\n{err}"
        );
    }
    assert!(!out.exists(), "nothing written");
}

#[test]
fn a_directory_is_named_as_one() {
    let f = Fixture::new("files-dir");
    let err = f.verify(&f.dir, &f.public).refused();
    assert!(
        err.contains(&format!(
            "{}: is a directory, not a regular file; give a list file",
            s(&f.dir)
        )),
        "{err}"
    );
}

#[test]
fn an_oversized_file_is_refused_before_it_is_read() {
    let f = Fixture::new("files-large");
    // 2 GiB without the disk space or the time to write it: a sparse file.
    let huge = f.path("huge.tbl");
    let file = fs::File::create(&huge).expect("create");
    file.set_len(2 << 30).expect("set_len");
    drop(file);
    let err = f.verify(&huge, &f.public).refused();
    // The size in the message is the file's own: known from its metadata,
    // not from reading it (a read would stop at the limit).
    assert!(
        err.contains(&format!(
            "{}: 2147483648 bytes is more than a list file may hold (1073741824 bytes)",
            s(&huge)
        )),
        "{err}"
    );
    let big_key = f.file("big.pub", vec![b'#'; 17 << 10]);
    let list = f.build().out("l.tbl").list();
    let err = f.verify(&list, &big_key).refused();
    assert!(
        err.contains(&format!(
            "{}: 17408 bytes is more than a key file may hold (16384 bytes)",
            s(&big_key)
        )),
        "{err}"
    );
}

#[test]
fn a_large_source_file_is_read_line_by_line_in_bounded_memory() {
    let f = Fixture::new("files-stream");
    let big = f.path("big.txt");
    let mut w = std::io::BufWriter::new(fs::File::create(&big).expect("create"));
    let chunk = "# a comment line of a large source file, skipped\n".repeat(1 << 12);
    let mut written = 0usize;
    while written < SOURCE_BYTES {
        w.write_all(chunk.as_bytes()).expect("write");
        written += chunk.len();
    }
    w.write_all(b"zorblax\nquibbleflux video\n").expect("write");
    w.flush().expect("flush");
    drop(w);
    let out = f.path("big.tbl");
    let args = build_args(s(&f.key), s(&out), &["--keywords", s(&big)]);
    // Less address space than the file's size: reading it whole fails.
    turnback_in_memory(LIMIT_KIB, args).code(0);
    let summary = f.verify(&out, &f.public);
    summary.code(0);
    assert!(
        summary.stdout().contains("2 keyword keys"),
        "{}",
        summary.stdout()
    );
    // The limit is real: the same run with a file read whole would not fit.
    let whole = turnback_in_memory(LIMIT_KIB, ["hash", "--keywords", s(&big)]);
    assert_ne!(
        whole.code_value(),
        Some(0),
        "hash reads its file whole and must not fit"
    );
}

/// The large source: more than the address space the build may use.
const SOURCE_BYTES: usize = 256 << 20;
const LIMIT_KIB: u64 = 160 << 10;
