//! `turnback diff`: entries added and removed between two releases, per
//! table and category, by hash only.

use sha2::{Digest, Sha256};

use crate::fixture::{assert_no_plaintext, s, turnback, Fixture, URLS};

/// The hex of the first 8 bytes of SHA-256 of a URL expression: what a
/// list stores for it (Safe Browsing's hash prefix).
fn url_key(expression: &str) -> String {
    hex::encode(&Sha256::digest(expression.as_bytes())[..8])
}

fn diff(from: &std::path::Path, to: &std::path::Path, extra: &[&str]) -> crate::fixture::Run {
    let mut args = vec!["diff", "--from", s(from), "--to", s(to)];
    args.extend_from_slice(extra);
    turnback(args)
}

#[test]
fn the_same_list_has_no_difference() {
    let f = Fixture::new("diff-same");
    let list = f.list();
    let out = diff(&list, &list, &["--pub", s(&f.public)]);
    out.code(0);
    let text = out.stdout();
    assert!(text.contains("signatures verified"), "{text}");
    assert!(text.ends_with("total: 0 added, 0 removed\n"), "{text}");
}

#[test]
fn shows_added_removed_and_moved_entries_by_hash_per_category() {
    let f = Fixture::new("diff-changes");
    let old = f.build().out("old.tbl").list();
    // One URL added, one moved from demo-media to default, one keyword gone.
    let urls = URLS.replace("\tdemo-media", "") + "added.turnback.test/\n";
    let new_urls = f.file("new-urls.txt", urls);
    let new_keywords = f.file("new-keywords.txt", "blocked demo term\nquibbleflux video\n");
    let new = f
        .build()
        .urls(&new_urls)
        .keywords(&new_keywords)
        .out("new.tbl")
        .list();
    let out = diff(&old, &new, &[]);
    out.code(1);
    let text = out.stdout();
    assert!(text.contains("signatures NOT checked"), "{text}");
    let moved = url_key("media.turnback.test/gallery/blocked-set/");
    assert!(
        text.contains(&format!(
            "url default: 2 added, 0 removed\n  + {}\n  + {}\n",
            std::cmp::min(url_key("added.turnback.test/"), moved.clone()),
            std::cmp::max(url_key("added.turnback.test/"), moved.clone()),
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "url demo-media: 0 added, 1 removed\n  - {moved}\n"
        )),
        "{text}"
    );
    // A keyword phrase is stored once per normalization variant.
    let keyword_line = text
        .lines()
        .find(|l| l.starts_with("keyword default: "))
        .unwrap_or_default();
    assert!(
        keyword_line.ends_with(" removed") && keyword_line.contains("0 added"),
        "{text}"
    );
    assert!(!text.contains("rules:"), "{text}");
    assert_no_plaintext(&text);
    // Backwards, the same changes the other way round.
    let back = diff(&new, &old, &[]);
    back.code(1);
    assert!(
        back.stdout().contains(&format!(
            "url demo-media: 1 added, 0 removed\n  + {moved}\n"
        )),
        "{}",
        back.stdout()
    );
}

#[test]
fn counts_rules_and_refuses_a_list_signed_by_another_key() {
    let f = Fixture::new("diff-rules-key");
    let old = f.build().no_rules().out("old.tbl").list();
    let new = f.list();
    let out = diff(&old, &new, &["--pub", s(&f.public)]);
    out.code(1);
    assert!(
        out.stdout().contains("rules: 0 before, 1 after\n"),
        "{}",
        out.stdout()
    );
    assert!(
        out.stdout().contains("term default: 2 added, 0 removed"),
        "{}",
        out.stdout()
    );
    let (_, other_pub) = f.other_key();
    let err = diff(&old, &new, &["--pub", s(&other_pub)]).refused();
    assert!(
        err.contains(s(&old)) && err.contains("not by the pinned key"),
        "{err}"
    );
}
