//! One count of each kind, the same in `build`, `verify` and `inspect`
//! (their text and `--json`), with `inspect` also counting per category.

use std::ffi::OsStr;

use serde_json::Value;

use crate::fixture::{assert_no_plaintext, s, turnback, Fixture};

const COUNTS: &str = "2 url entries, 3 keyword keys, 1 combination rules";

/// A list whose keyword phrases (2) and keyword keys (3) differ: a digit
/// that may be a letter gives `zorbl4x` a second key.
fn list(f: &Fixture) -> std::path::PathBuf {
    let urls = f.file(
        "u.txt",
        "blocked.turnback.test/\nmedia.turnback.test/\tdemo-media\n",
    );
    let kw = f.file("k.txt", "zorbl4x\nflumox\tdemo-media\n");
    let build = f.build().urls(&urls).keywords(&kw).out("counts.tbl");
    let out = build.run();
    out.code(0);
    assert!(
        out.stdout()
            .contains("2 url entries, 2 keyword phrases (3 keyword keys), 1 combination rules\n"),
        "{}",
        out.stdout()
    );
    build.out_path().to_path_buf()
}

fn json(args: &[&OsStr]) -> Value {
    let out = turnback(args);
    out.code(0);
    assert_eq!(out.stdout().lines().count(), 1, "{}", out.stdout());
    serde_json::from_str(&out.stdout()).unwrap_or_else(|e| panic!("{e}: {}", out.stdout()))
}

#[test]
fn build_verify_and_inspect_count_alike() {
    let f = Fixture::new("counts");
    let list = list(&f);
    let v = f.verify(&list, &f.public);
    v.code(0);
    assert!(
        v.stdout().trim_end().ends_with(&format!("; {COUNTS}")),
        "{}",
        v.stdout()
    );
    let i = f.inspect(&list, None);
    i.code(0);
    let text = i.stdout();
    assert!(
        text.contains(&format!("entries     {COUNTS} (2 combination term keys)\n")),
        "{text}"
    );
    assert!(
        text.contains("  default        1 url entries, 2 keyword keys, 1 combination rules\n  demo-media     1 url entries, 1 keyword keys, 0 combination rules\n"),
        "{text}"
    );
}

#[test]
fn verify_and_inspect_print_json() {
    let f = Fixture::new("counts-json");
    let list = list(&f);
    let (l, p) = (list.as_os_str(), f.public.as_os_str());
    let v = json(&[
        "verify".as_ref(),
        "--list".as_ref(),
        l,
        "--pub".as_ref(),
        p,
        "--json".as_ref(),
    ]);
    assert_eq!(v["list"], s(&list));
    assert_eq!(v["id"], "turnback");
    assert_eq!(v["signature"], "verified");
    assert_eq!(
        (
            &v["url_entries"],
            &v["keyword_keys"],
            &v["combination_rules"],
            &v["combination_term_keys"]
        ),
        (
            &Value::from(2),
            &Value::from(3),
            &Value::from(1),
            &Value::from(2)
        )
    );
    assert!(
        v["expires"].as_str().is_some_and(|d| d.ends_with('Z')),
        "{v}"
    );

    let i = json(&["inspect".as_ref(), "--list".as_ref(), l, "--json".as_ref()]);
    assert_eq!(i["signature"], "unchecked");
    for key in [
        "id",
        "sequence",
        "key_id",
        "url_entries",
        "keyword_keys",
        "combination_rules",
        "bytes",
    ] {
        assert_eq!(i[key], v[key], "{key}");
    }
    let categories: Vec<(String, u64, u64, u64)> = i["categories"]
        .as_array()
        .unwrap_or_else(|| panic!("{i}"))
        .iter()
        .map(|c| {
            let n = |k: &str| c[k].as_u64().unwrap_or_else(|| panic!("{c}"));
            (
                c["name"].as_str().unwrap_or("").to_string(),
                n("url_entries"),
                n("keyword_keys"),
                n("combination_rules"),
            )
        })
        .collect();
    assert_eq!(
        categories,
        vec![
            ("default".to_string(), 1, 2, 1),
            ("demo-media".to_string(), 1, 1, 0)
        ]
    );
    assert_eq!(i["languages"].as_array().map(Vec::len), Some(15));
    assert!(
        i["sections"].as_array().is_some_and(|s| s.len() == 9),
        "{i}"
    );
    assert_no_plaintext(&i.to_string());
    let i = json(&[
        "inspect".as_ref(),
        "--list".as_ref(),
        l,
        "--pub".as_ref(),
        p,
        "--json".as_ref(),
    ]);
    assert_eq!(i["signature"], "verified");
}
