//! `turnback publish`, `delta`, `apply` and `verify --index`: the static
//! directory devices refresh from, and the checks a publisher runs on it.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::fixture::{read, s, tampered, turnback, write, Fixture, Run};

/// Three releases of the demo list: 1, then a keyword more, then a URL more.
fn releases(f: &Fixture) -> Vec<PathBuf> {
    let more_keywords = f.file("more-keywords.txt", "vexlor qobo\n");
    let more_urls = f.file("more-urls.txt", "extra.delta.test/\n");
    vec![
        f.build().args(&["--sequence", "1"]).out("l1.tbl").list(),
        f.build()
            .more_keywords(&more_keywords)
            .args(&["--sequence", "2"])
            .out("l2.tbl")
            .list(),
        f.build()
            .more_keywords(&more_keywords)
            .more_urls(&more_urls)
            .args(&["--sequence", "3"])
            .out("l3.tbl")
            .list(),
    ]
}

fn publish(f: &Fixture, list: &Path, dir: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<&OsStr> = vec![
        OsStr::new("publish"),
        OsStr::new("--list"),
        list.as_os_str(),
        OsStr::new("--key"),
        f.key.as_os_str(),
        OsStr::new("--out"),
        dir.as_os_str(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    turnback(args)
}

fn apply(f: &Fixture, list: &Path, delta: &Path, out: &Path) -> Run {
    turnback([
        OsStr::new("apply"),
        OsStr::new("--list"),
        list.as_os_str(),
        OsStr::new("--delta"),
        delta.as_os_str(),
        OsStr::new("--pub"),
        f.public.as_os_str(),
        OsStr::new("--out"),
        out.as_os_str(),
    ])
}

fn verify_index(index: &Path, public: &Path) -> Run {
    turnback([
        OsStr::new("verify"),
        OsStr::new("--index"),
        index.as_os_str(),
        OsStr::new("--pub"),
        public.as_os_str(),
    ])
}

/// Every file of `dir` and its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                read(&e.path()),
            )
        })
        .collect()
}

fn names(dir: &Path) -> Vec<String> {
    snapshot(dir).into_keys().collect()
}

fn sha(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

#[test]
fn publishes_three_releases_and_every_delta_rebuilds_the_full_list() {
    let f = Fixture::new("publish-three");
    let lists = releases(&f);
    let dir = f.path("public");
    let wants: [&[&str]; 3] = [
        &["index.txt", "turnback-1.tbl"],
        &[
            "index.txt",
            "turnback-1-2.tbd",
            "turnback-1.tbl",
            "turnback-2.tbl",
        ],
        &[
            "index.txt",
            "turnback-1-3.tbd",
            "turnback-1.tbl",
            "turnback-2-3.tbd",
            "turnback-2.tbl",
            "turnback-3.tbl",
        ],
    ];
    for (i, (list, want)) in lists.iter().zip(wants).enumerate() {
        let out = publish(&f, list, &dir, &["--min-interval", "30m"]);
        out.code(0);
        let seq = i + 1;
        assert!(
            out.stdout().starts_with(&format!(
                "published {}: list turnback sequence {seq}, full turnback-{seq}.tbl (",
                s(&dir.join("index.txt"))
            )),
            "{}",
            out.stdout()
        );
        assert_eq!(names(&dir), want, "after publishing sequence {seq}");
    }

    // The index, line by line.
    let full = read(&lists[2]);
    let index = String::from_utf8(read(&dir.join("index.txt"))).unwrap();
    let lines: Vec<&str> = index.lines().collect();
    let d13 = read(&dir.join("turnback-1-3.tbd"));
    let d23 = read(&dir.join("turnback-2-3.tbd"));
    let want_prefix = [
        "turnback-index 1".to_string(),
        "list turnback".to_string(),
        format!("key {}", key_id(&f)),
        "sequence 3".to_string(),
    ];
    assert_eq!(lines[..4], want_prefix, "{index}");
    assert!(lines[4].starts_with("created "), "{index}");
    let want_rest = [
        "min-interval 1800".to_string(),
        format!("full turnback-3.tbl {} {}", full.len(), sha(&full)),
        format!("delta 1 turnback-1-3.tbd {} {}", d13.len(), sha(&d13)),
        format!("delta 2 turnback-2-3.tbd {} {}", d23.len(), sha(&d23)),
    ];
    assert_eq!(lines[5..9], want_rest, "{index}");
    assert!(
        lines[9].starts_with("signature ") && lines.len() == 10,
        "{index}"
    );
    assert_eq!(read(&dir.join("turnback-3.tbl")), full);

    // Each delta, applied to its base, gives the full list byte for byte.
    for from in [1, 2] {
        let out = f.path(&format!("rebuilt-{from}.tbl"));
        let base = dir.join(format!("turnback-{from}.tbl"));
        let delta = dir.join(format!("turnback-{from}-3.tbd"));
        let run = apply(&f, &base, &delta, &out);
        run.code(0);
        assert!(
            run.stdout().starts_with(&format!(
                "ok: {} list turnback sequence 3 (from {from}), key ",
                s(&out)
            )),
            "{}",
            run.stdout()
        );
        assert!(
            read(&out) == full,
            "delta from {from} does not rebuild the list"
        );
    }

    let v = verify_index(&dir.join("index.txt"), &f.public);
    v.code(0);
    assert!(
        v.stdout().contains("list turnback sequence 3, key ",)
            && v.stdout()
                .contains(", min-interval 30m, full turnback-3.tbl (")
            && v.stdout().trim_end().ends_with("2 deltas (from 1, 2)"),
        "{}",
        v.stdout()
    );
}

fn key_id(f: &Fixture) -> String {
    let v = f.verify(&f.list(), &f.public);
    v.code(0);
    let out = v.stdout();
    let at = out.find(", key ").unwrap() + 6;
    out[at..at + 16].to_string()
}

#[test]
fn keep_prunes_old_releases_and_their_deltas() {
    let f = Fixture::new("publish-keep");
    let lists = releases(&f);
    let dir = f.path("public");
    for list in &lists {
        publish(&f, list, &dir, &["--keep", "1"]).code(0);
    }
    assert_eq!(
        names(&dir),
        [
            "index.txt",
            "turnback-2-3.tbd",
            "turnback-2.tbl",
            "turnback-3.tbl"
        ]
    );
    // Files that are not the list's own are left alone.
    let mine = f.file("public/README.txt", "served beside the list\n");
    let lists4 = f.build().args(&["--sequence", "4"]).out("l4.tbl").list();
    let out = publish(&f, &lists4, &dir, &["--keep", "0"]);
    out.code(0);
    assert!(
        out.stdout().contains(", 0 deltas, 3 old files removed"),
        "{}",
        out.stdout()
    );
    assert_eq!(names(&dir), ["README.txt", "index.txt", "turnback-4.tbl"]);
    assert!(mine.exists());
}

#[test]
fn an_older_or_equal_release_is_refused_and_the_directory_left_alone() {
    let f = Fixture::new("publish-older");
    let lists = releases(&f);
    let dir = f.path("public");
    publish(&f, &lists[0], &dir, &[]).code(0);
    publish(&f, &lists[1], &dir, &[]).code(0);
    let before = snapshot(&dir);
    for (name, list) in [("equal", &lists[1]), ("older", &lists[0])] {
        let err = publish(&f, list, &dir, &[]).refused();
        assert!(
            err.contains(&format!(
                "{}: sequence {} is not above the published index's 2; nothing changed",
                s(list),
                if name == "equal" { 2 } else { 1 }
            )),
            "{name}: {err}"
        );
        assert!(snapshot(&dir) == before, "{name}: the directory changed");
    }
    // A list of another id, or not signed by the key, is refused too.
    let other_id = f
        .build()
        .args(&["--sequence", "9", "--id", "other-list"])
        .out("other.tbl")
        .list();
    let err = publish(&f, &other_id, &dir, &[]).refused();
    assert!(
        err.contains("publishes list turnback, not other-list"),
        "{err}"
    );
    let broken = f.file("broken.tbl", tampered(read(&lists[2])));
    let err = publish(&f, &broken, &dir, &[]).refused();
    assert!(err.contains("signature does not verify"), "{err}");
    assert!(snapshot(&dir) == before, "the directory changed");
}

#[test]
fn a_tampered_index_or_file_is_refused() {
    let f = Fixture::new("publish-tamper");
    let lists = releases(&f);
    let dir = f.path("public");
    publish(&f, &lists[0], &dir, &[]).code(0);
    publish(&f, &lists[1], &dir, &[]).code(0);
    let index = dir.join("index.txt");
    let good = String::from_utf8(read(&index)).unwrap();
    verify_index(&index, &f.public).code(0);

    let (_, other_pub) = f.other_key();
    let err = verify_index(&index, &other_pub).refused();
    assert!(err.contains("not by the pinned key"), "{err}");

    let cases = [
        (
            "sequence raised",
            good.replace("sequence 2\n", "sequence 5\n"),
            "index signature does not verify",
        ),
        (
            "a line dropped",
            good.replace("min-interval 3600\n", ""),
            "index line 6: unexpected line",
        ),
        (
            "a path in a name",
            good.replace("full turnback-2.tbl", "full ../turnback-2.tbl"),
            "index line 7: file name is not a plain name",
        ),
        (
            "not version 1",
            good.replace("turnback-index 1", "turnback-index 2"),
            "index line 1: not a turnback index version 1",
        ),
    ];
    for (name, text, want) in cases {
        let p = f.file("tampered-index.txt", text);
        let err = verify_index(&p, &f.public).refused();
        assert!(err.contains(want), "{name}: {err}");
        // publish refuses to build on it as well, and changes nothing.
        write(&index, read(&p));
        let before = snapshot(&dir);
        let err = publish(&f, &lists[2], &dir, &[]).refused();
        assert!(
            err.contains(s(&index)) && err.contains(want),
            "{name}: {err}"
        );
        assert!(snapshot(&dir) == before, "{name}: the directory changed");
    }
    write(&index, &good);

    // A named file whose bytes changed.
    let delta = dir.join("turnback-1-2.tbd");
    write(&delta, tampered(read(&delta)));
    let err = verify_index(&index, &f.public).refused();
    assert!(
        err.contains(&format!("{}: sha-256 differs from the index's", s(&delta))),
        "{err}"
    );
}

#[test]
fn apply_refuses_a_delta_for_another_base_or_a_corrupt_one_and_writes_nothing() {
    let f = Fixture::new("apply-refuses");
    let lists = releases(&f);
    let d12 = f.path("d12.tbd");
    let made = turnback([
        OsStr::new("delta"),
        OsStr::new("--from"),
        lists[0].as_os_str(),
        OsStr::new("--to"),
        lists[1].as_os_str(),
        OsStr::new("--out"),
        d12.as_os_str(),
    ]);
    made.code(0);
    assert!(
        made.stdout()
            .starts_with(&format!("wrote {}: delta from sequence 1 to 2: ", s(&d12)))
            && made.stdout().contains("% of "),
        "{}",
        made.stdout()
    );
    let out = f.path("rebuilt.tbl");
    apply(&f, &lists[0], &d12, &out).code(0);
    assert!(read(&out) == read(&lists[1]));
    fs::remove_file(&out).unwrap();

    // Sequence 1 again, other bytes: the same sequence, another base.
    let extra = f.file("extra-keywords.txt", "vexlor qubo\n");
    let other_one = f
        .build()
        .more_keywords(&extra)
        .args(&["--sequence", "1"])
        .out("other-1.tbl")
        .list();
    let corrupt = f.file("corrupt.tbd", {
        let mut b = read(&d12);
        let n = b.len();
        b[n - 10] ^= 0x40; // inside the new file's signature
        b
    });
    let truncated = f.file("truncated.tbd", &read(&d12)[..200]);
    let cases = [
        (
            "another base, same sequence",
            &other_one,
            &d12,
            "delta was made from another base file",
        ),
        (
            "another sequence",
            &lists[2],
            &d12,
            "delta is from sequence 1, the base file is sequence 3",
        ),
        (
            "corrupt",
            &lists[0],
            &corrupt,
            "list signature does not verify",
        ),
        ("truncated", &lists[0], &truncated, "delta is truncated"),
    ];
    for (name, base, delta, want) in cases {
        let err = apply(&f, base, delta, &out).refused();
        assert!(
            err.contains(want) && err.contains(s(delta)),
            "{name}: {err}"
        );
        assert!(!out.exists(), "{name}: output written");
    }
    // An existing output is left as it was.
    write(&out, b"left alone\n");
    apply(&f, &lists[2], &d12, &out).refused();
    assert_eq!(read(&out), b"left alone\n");
}

#[test]
fn delta_needs_two_releases_of_the_same_list() {
    let f = Fixture::new("delta-refuses");
    let lists = releases(&f);
    let other_id = f
        .build()
        .args(&["--sequence", "9", "--id", "other-list"])
        .out("other.tbl")
        .list();
    let junk = f.file("junk.tbl", vec![7u8; 400]);
    let out = f.path("d.tbd");
    let cases: [(&Path, &Path, &str); 4] = [
        (
            &lists[1],
            &lists[0],
            "goes from sequence 2 to 1, not to a newer one",
        ),
        (
            &lists[0],
            &lists[0],
            "goes from sequence 1 to 1, not to a newer one",
        ),
        (
            &lists[0],
            &other_id,
            "delta is for list \"other-list\", the base file is list \"turnback\"",
        ),
        (&lists[0], &junk, "bad magic"),
    ];
    for (from, to, want) in cases {
        let err = turnback([
            OsStr::new("delta"),
            OsStr::new("--from"),
            from.as_os_str(),
            OsStr::new("--to"),
            to.as_os_str(),
            OsStr::new("--out"),
            out.as_os_str(),
        ])
        .refused();
        assert!(err.contains(want), "{} -> {}: {err}", s(from), s(to));
        assert!(!out.exists());
    }
}

#[test]
fn after_a_key_rotation_no_delta_is_made_from_the_old_keys_releases() {
    let f = Fixture::new("publish-rotation");
    let lists = releases(&f);
    let dir = f.path("public");
    publish(&f, &lists[0], &dir, &[]).code(0);
    let (new_key, new_pub) = f.other_key();
    let rotated = f
        .build()
        .key(&new_key)
        .args(&["--sequence", "2"])
        .out("rotated.tbl")
        .list();
    let out = turnback([
        OsStr::new("publish"),
        OsStr::new("--list"),
        rotated.as_os_str(),
        OsStr::new("--key"),
        new_key.as_os_str(),
        OsStr::new("--out"),
        dir.as_os_str(),
    ]);
    out.code(0);
    assert!(out.stdout().contains(", 0 deltas, "), "{}", out.stdout());
    assert!(
        out.stderr().starts_with(&format!(
            "warning: {}: no delta from it: ",
            s(&dir.join("turnback-1.tbl"))
        )),
        "{}",
        out.stderr()
    );
    verify_index(&dir.join("index.txt"), &new_pub).code(0);
    let err = verify_index(&dir.join("index.txt"), &f.public).refused();
    assert!(err.contains("not by the pinned key"), "{err}");
    // Rollback protection spans the rotation: sequence 1 again is refused.
    let err = publish(&f, &lists[0], &dir, &[]).refused();
    assert!(
        err.contains("is not above the published index's 2"),
        "{err}"
    );
}
