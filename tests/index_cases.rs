//! The shared publish index cases (tests/data/index-cases.json) against the
//! reference reader, Index::read; tests/update/index-file.test.mjs runs the
//! same table against the clients' JavaScript reader, so the two stay in step.

#[path = "support/table.rs"]
mod table;

use ed25519_dalek::{Signer, SigningKey};
use serde_json::Value;
use turnback::list::{Index, IndexError, SecretKey};

const CASES: &str = include_str!("data/index-cases.json");

fn seed(v: &Value) -> [u8; 32] {
    let mut s = [0u8; 32];
    hex::decode_to_slice(v.as_str().unwrap(), &mut s).unwrap();
    s
}

/// The index bytes a case describes (the table's "about" says how).
fn bytes_of(case: &Value, seeds: &Value) -> Vec<u8> {
    let id = |name: &str| {
        SecretKey::from_seed(&seed(&seeds[name]))
            .public()
            .id()
            .to_string()
    };
    let fill = |s: &str| {
        s.replace("{key}", &id("key"))
            .replace("{other}", &id("other"))
            .replace("{sha}", &"ab".repeat(32))
    };
    let mut text = String::new();
    for line in case["lines"].as_array().unwrap() {
        text.push_str(&fill(line.as_str().unwrap()));
        text.push('\n');
    }
    for n in 0..case["deltaLines"].as_u64().unwrap_or(0) {
        text.push_str(&fill(&format!("delta {n} d{n}.tbd 1 {{sha}}\n")));
    }
    let mut bytes: Vec<u8> = if case["latin1"].as_bool() == Some(true) {
        text.chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap())
            .collect()
    } else {
        text.into_bytes()
    };
    let signer = match case.get("sign") {
        None => Some("key"),
        Some(v) => v.as_str(),
    };
    if let Some(signer) = signer {
        let sig = SigningKey::from_bytes(&seed(&seeds[signer])).sign(&bytes);
        let mut hex_sig = hex::encode(sig.to_bytes());
        if case["upperSignature"].as_bool() == Some(true) {
            hex_sig = hex_sig.to_uppercase();
        }
        bytes.extend_from_slice(format!("signature {hex_sig}\n").as_bytes());
    }
    if let Some([from, to]) = case["tamper"].as_array().map(Vec::as_slice) {
        let t = String::from_utf8(bytes).unwrap();
        bytes = t
            .replacen(from.as_str().unwrap(), to.as_str().unwrap(), 1)
            .into_bytes();
    }
    if let Some(line) = case["appendAfterSign"].as_str() {
        bytes.extend_from_slice(fill(line).as_bytes());
        bytes.push(b'\n');
    }
    let chop = case["chop"].as_u64().unwrap_or(0) as usize;
    bytes.truncate(bytes.len() - chop);
    bytes.extend(std::iter::repeat_n(
        b'#',
        case["fill"].as_u64().unwrap_or(0) as usize,
    ));
    bytes
}

/// An outcome in the table's terms.
fn outcome(r: Result<Index, IndexError>) -> Value {
    match r {
        Ok(i) => serde_json::json!({ "ok": {
            "sequence": i.sequence,
            "created": i.created,
            "minInterval": i.min_interval,
            "full": i.full.name,
            "deltas": i.deltas.len(),
        }}),
        Err(e) => {
            let (code, line) = match e {
                IndexError::TooLarge(_) => ("too-large", None),
                IndexError::NotText(l) => ("not-text", Some(l)),
                IndexError::UnsupportedVersion => ("unsupported-version", None),
                IndexError::Malformed { line, .. } => ("malformed", Some(line)),
                IndexError::UnknownKey { .. } => ("unknown-key", None),
                IndexError::BadSignature => ("bad-signature", None),
                IndexError::Older { .. } => ("older", None),
            };
            match line {
                Some(l) => serde_json::json!({ "error": code, "line": l }),
                None => serde_json::json!({ "error": code }),
            }
        }
    }
}

#[test]
fn the_shared_cases_read_as_the_table_says() {
    let doc: Value = serde_json::from_str(CASES).unwrap();
    let seeds = &doc["seeds"];
    let pinned = SecretKey::from_seed(&seed(&seeds["key"])).public();
    let cases: Vec<(String, Value)> = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap().to_string(), c.clone()))
        .collect();
    assert!(cases.len() > 40, "the table lost its cases");
    table::check(
        "Index::read",
        cases.iter().map(|(name, c)| ((name, c), c["want"].clone())),
        |(_, c)| {
            let bytes = bytes_of(c, seeds);
            let read = Index::read(&bytes, &pinned, c["held"].as_u64());
            // The signature-only check (the Wasm export's) agrees on every
            // index that parses: it passes exactly when read does, or fails
            // for the key or the sequence alone.
            if let Ok(i) = Index::read_unverified(&bytes) {
                let sig = Index::verify_signature(&bytes, &pinned);
                match &read {
                    Ok(_) | Err(IndexError::Older { .. }) => {
                        assert_eq!(sig, Ok(()), "{}", i.sequence)
                    }
                    Err(IndexError::BadSignature) => assert_eq!(sig, Err(IndexError::BadSignature)),
                    _ => {}
                }
            }
            outcome(read)
        },
    );
}
