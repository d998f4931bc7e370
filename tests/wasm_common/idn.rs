//! Host names converted by the platform's URL parser (src/wasm/idn.rs).

#[path = "../data/idn_hosts.rs"]
mod idn_hosts;

use super::*;

/// Host names with non-ASCII characters are converted by the platform's URL
/// parser in the module (which loading an engine sets up), and must come
/// out as the idna crate makes them natively: the same table as
/// tests/url_canon.rs.
#[wasm_bindgen_test]
fn idn_hosts_are_converted_as_natively() {
    let e = engine();
    let mut failures = Vec::new();
    for (input, want) in idn_hosts::IDN_HOSTS {
        let got = turnback::url::canonicalize(input).map(|u| u.to_string());
        if got.as_deref().map_err(Clone::clone) != *want {
            failures.push(format!("{input:?}: got {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Through the bindings too: a listed host written with full-width
    // letters and an ideographic full stop.
    let v = verdict(e.check_url(&js("http://\u{ff42}locked.turnback.test\u{3002}/a")));
    assert_eq!(kind(&v), Some("url"));
}
