//! cargo-fuzz target: see fuzz/checks.rs, `checks::query`.
#![no_main]

#[path = "../checks.rs"]
#[allow(dead_code)] // each target uses one check
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::query(data));
