//! Internationalized host names converted by the platform's URL parser,
//! which implements the same standard as the idna crate the native build
//! uses (src/url/idn.rs).

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The platform's WHATWG URL parser (every browser, Node, workers).
    #[wasm_bindgen(js_name = URL)]
    type PlatformUrl;
    #[wasm_bindgen(catch, constructor, js_class = "URL")]
    fn new(url: &str) -> Result<PlatformUrl, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn hostname(this: &PlatformUrl) -> String;
}

/// Last label added to a host handed to the URL parser, so that it never
/// reads the name as an IPv4 address: the core parses addresses itself,
/// the Safe Browsing way.
const PROBE_LABEL: &str = ".x";

/// The URL Standard's domain to ASCII, by the platform: `None` when its
/// parser refuses the name.
pub(super) fn platform_domain_to_ascii(host: &str) -> Option<String> {
    let parsed = PlatformUrl::new(&format!("http://{host}{PROBE_LABEL}/")).ok()?;
    parsed
        .hostname()
        .strip_suffix(PROBE_LABEL)
        .map(str::to_owned)
}
