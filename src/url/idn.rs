//! Internationalized host names to ASCII: the WHATWG URL Standard's
//! "domain to ASCII" (UTS 46 nontransitional processing with CheckBidi and
//! CheckJoiners, no STD3 rules, no DNS length check, and the URL
//! Standard's forbidden domain code points refused), which is what a
//! browser applies to a host before it requests it.
//!
//! ```text
//! "www.Bücher.test"  ->  "www.xn--bcher-kva.test"
//! "a．b。test"       ->  "a.b.test"      (full-width and ideographic dots)
//! "a b.tëst"         ->  refused         (space is a forbidden code point)
//! ```
//!
//! Natively (feature `idna`, on by default) the `idna` crate does it. The
//! Wasm module is built without that feature: its bindings hand the core
//! the platform's own URL parser instead ([`set_domain_to_ascii`]), which
//! implements the same standard, so the module does not carry a second
//! copy of the UTS 46 tables (34.7 KB gzipped with their code,
//! docs/benchmarks.md "Wasm size").
//! The two can differ only where their Unicode versions differ: code points
//! one assigns and the other does not, and the rare mapping UTS 46 changed
//! (U+1E9E, capital sharp s, maps to `ß` since Unicode 15.1, to `ss`
//! before, as in Node 20). A browser requests what its own parser
//! produces, so in a browser that parser is the one that decides.

use super::UrlError;

/// ASCII a host name may not hold once mapped (the URL Standard's
/// forbidden domain code points besides space, controls and DEL, which are
/// refused too): hosts with them are refused, natively and in Wasm alike,
/// as browsers refuse them.
const FORBIDDEN_ASCII: &str = "%#/:<>?@[\\]^|";

/// Domain to ASCII of a host name that holds non-ASCII characters.
#[cfg(feature = "idna")]
pub(super) fn to_ascii(host: &str) -> Result<String, UrlError> {
    const DENY: idna::AsciiDenyList = idna::AsciiDenyList::new(true, FORBIDDEN_ASCII);
    idna::domain_to_ascii_cow(host.as_bytes(), DENY)
        .map(std::borrow::Cow::into_owned)
        .map_err(|_| UrlError::InvalidHost)
}

/// A "domain to ASCII" supplied by the embedder: the host name (valid
/// UTF-8, with non-ASCII characters, no forbidden ASCII) in, its ASCII form
/// out, or `None` when the name is not valid.
#[cfg(not(feature = "idna"))]
pub type DomainToAscii = fn(&str) -> Option<String>;

/// Whether `b` is a forbidden domain code point: a control, space, DEL or
/// one of [`FORBIDDEN_ASCII`].
#[cfg(not(feature = "idna"))]
fn is_forbidden(b: u8) -> bool {
    b <= b' ' || b == 0x7f || FORBIDDEN_ASCII.as_bytes().contains(&b)
}

#[cfg(not(feature = "idna"))]
static DOMAIN_TO_ASCII: std::sync::OnceLock<DomainToAscii> = std::sync::OnceLock::new();

/// Sets the conversion a build without the `idna` feature uses for
/// internationalized host names. The first call wins; until one is made,
/// such hosts are refused with [`UrlError::NoIdna`].
#[cfg(not(feature = "idna"))]
pub fn set_domain_to_ascii(convert: DomainToAscii) {
    let _ = DOMAIN_TO_ASCII.set(convert);
}

/// Domain to ASCII of a host name that holds non-ASCII characters.
#[cfg(not(feature = "idna"))]
pub(super) fn to_ascii(host: &str) -> Result<String, UrlError> {
    let convert = DOMAIN_TO_ASCII.get().ok_or(UrlError::NoIdna)?;
    // Refused here as the idna crate's deny list refuses them, and because
    // a URL parser handed them would split the name or strip them first.
    if host.bytes().any(is_forbidden) {
        return Err(UrlError::InvalidHost);
    }
    let ascii = convert(host).ok_or(UrlError::InvalidHost)?;
    // What comes back must be an ASCII name: anything else is a broken
    // conversion, refused rather than hashed.
    if !ascii.is_ascii() || ascii.bytes().any(is_forbidden) {
        return Err(UrlError::InvalidHost);
    }
    Ok(ascii)
}
