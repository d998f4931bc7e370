//! The JavaScript bindings in headless Chromium (see tests/wasm_common/).
//! Needs `CHROMEDRIVER=/usr/bin/chromedriver`; `make test` sets it.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod wasm_common;
