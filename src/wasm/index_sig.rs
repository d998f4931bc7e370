//! The publish index's signature for the clients, which parse the index's
//! lines in JavaScript (www/src/update/index-file.js): a Rust parser with
//! its JS objects cost 5.7 KB gzipped, this check alone about 1 KB
//! (docs/benchmarks.md, "Wasm size").

use wasm_bindgen::prelude::*;

use super::js_error;
use crate::list::{Index, IndexError, PublicKey};

/// Checks an index's signature strictly with the pinned key; throws if not.
// (docs/list-format.md, "The index": over every byte before the last line,
// `signature <128 hex digits>`; the caller parses the other lines and
// checks the key id.) Short, since wasm-bindgen copies it into the glue.
// Static messages: IndexError's formatted ones cost 300 bytes gzipped, and
// the JS parser has refused every malformed index before it gets here.
#[wasm_bindgen(js_name = verifyIndexSignature)]
pub fn verify_index_signature(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] index: &[u8],
    #[wasm_bindgen(js_name = publicKey)] public_key: &str,
) -> Result<(), JsError> {
    let key = PublicKey::from_text(public_key).map_err(js_error)?;
    Index::verify_signature(index, &key).map_err(|e| {
        JsError::new(match e {
            IndexError::Malformed { reason, .. } => reason,
            IndexError::TooLarge(_) => "index is larger than 65536 bytes",
            IndexError::NotText(_) => "index does not end in a line feed",
            _ => "index signature does not verify",
        })
    })
}
