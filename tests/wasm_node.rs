//! The JavaScript bindings under Node (see tests/wasm_common/).
#![cfg(target_arch = "wasm32")]

mod wasm_common;
