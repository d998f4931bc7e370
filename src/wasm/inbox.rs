//! The buffer checked strings are read into, by one call to
//! src/wasm/read.js per check.

use std::cell::RefCell;

use js_sys::{JsString, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::js_error;
use crate::{text, url, Engine, Verdict};

/// A check over lists in order (src/prepared.rs): the first that matches,
/// with its verdict.
pub(super) type Check = fn(&[Engine], &str) -> Option<(usize, Verdict)>;

// src/wasm/read.js reads a checked string into the engine's buffer
// (`Inbox`): one call from Wasm per check instead of a type check,
// `encodeInto` and a read of its result object. wasm-bindgen copies it next
// to the glue (www/pkg/snippets/), which imports it; it ships, so its own
// comments are kept short. Up to LOOP_MAX UTF-16 units it copies ASCII by a
// plain loop rather than `encodeInto` (docs/benchmarks.md, "One call reads
// the string, one frozen miss"): a browser's encodeInto costs a fixed
// 300-450 ns a call (Chromium converts the string each time) and the loop
// wins up to about 300 units in Chromium and Firefox; Node's is a native
// fast call that wins from about 20, so there LOOP_MAX is 0. At the first
// non-ASCII unit encodeInto does the whole string again (cheaper than
// slicing).
#[wasm_bindgen(module = "/src/wasm/read.js")]
extern "C" {
    /// Writes as many whole characters of `text` as fit into `dest` as
    /// UTF-8, exactly as `TextEncoder.encodeInto` does (lone surrogates
    /// become U+FFFD); the bytes written, or -1 when `text` is not a
    /// string. Never throws.
    #[wasm_bindgen(js_name = readString)]
    fn read_string(text: &JsValue, dest: &Uint8Array) -> i32;
}

/// Bytes of a checked string that are read: what both the URL and the text
/// pipelines look at, so reading only this much changes no verdict.
const INBOX_BYTES: usize = url::MAX_INPUT_BYTES;
const _: () = assert!(url::MAX_INPUT_BYTES == text::MAX_INPUT_BYTES);

/// Where checked strings are encoded: a buffer in Wasm memory and a JS view
/// of it, made again only when the memory has grown (which detaches views).
pub(super) struct Inbox {
    buf: RefCell<Box<[u8]>>,
    /// The view, and the memory size in pages when it was made.
    view: RefCell<Option<(Uint8Array, usize)>>,
}

impl Inbox {
    pub(super) fn new() -> Inbox {
        Inbox {
            buf: RefCell::new(vec![0; INBOX_BYTES].into_boxed_slice()),
            view: RefCell::new(None),
        }
    }

    /// Calls `f` with the first [`INBOX_BYTES`] bytes of `s` as UTF-8, cut
    /// at a character boundary (as the engine would cut it). Lone
    /// surrogates become U+FFFD, as in every other JS-to-Rust string.
    /// Anything but a string is refused, naming `method` and `param`.
    pub(super) fn with_str<R>(
        &self,
        method: &str,
        param: &str,
        s: &JsString,
        f: impl FnOnce(&str) -> R,
    ) -> Result<R, JsError> {
        let mut buf = self.buf.borrow_mut();
        let pages = core::arch::wasm32::memory_size::<0>();
        let mut view = self.view.borrow_mut();
        let fresh = view.as_ref().is_some_and(|(_, p)| *p == pages);
        if !fresh {
            let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
            // Wasm addresses are 32-bit, so pointer and length fit a u32.
            let at = buf.as_mut_ptr() as usize as u32;
            let len = buf.len() as u32;
            let v = Uint8Array::new_with_byte_offset_and_length(&memory.buffer(), at, len);
            *view = Some((v, pages));
        }
        let written = match view.as_ref() {
            Some((v, _)) => read_string(s, v),
            None => 0,
        };
        // The binding takes any JS value: a non-string is refused here, as
        // an error returned, so no exception ever unwinds through a borrow.
        let Ok(written) = usize::try_from(written) else {
            return Err(js_error(format!(
                "{method}: {param} must be a string, got {}",
                s.js_typeof().as_string().unwrap_or_default()
            )));
        };
        let bytes = buf.get(..written).unwrap_or_default();
        // readString writes UTF-8; the fallback only avoids a panic path.
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => std::str::from_utf8(bytes.get(..e.valid_up_to()).unwrap_or_default())
                .unwrap_or_default(),
        };
        Ok(f(text))
    }

    /// `check` of `lists` on the string `s`, read as [`with_str`]
    /// reads it: the one copy of the string path that every check of
    /// `TurnbackEngine` and `TurnbackLists` shares.
    ///
    /// [`with_str`]: Self::with_str
    #[inline(never)]
    pub(super) fn check(
        &self,
        method: &str,
        param: &str,
        s: &JsString,
        lists: &[Engine],
        check: Check,
    ) -> Result<Option<(usize, Verdict)>, JsError> {
        self.with_str(method, param, s, |t| check(lists, t))
    }
}
