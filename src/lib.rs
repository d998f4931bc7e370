//! Turnback decides, on the user's device, whether a URL or a search term
//! matches a hashed prevention list, so a shell (browser extension, search
//! widget, CLI) can show a warning with confidential help links instead.
//!
//! The core is plain Rust and knows nothing about browsers. The list never
//! holds plaintext: URL expressions and normalized phrases are stored as
//! truncated SHA-256 hashes behind a fast first-stage filter.
//!
//! ```
//! use turnback::{ListBuilder, MatchKind};
//!
//! let mut list = ListBuilder::new();
//! list.add_url("blocked.turnback.test/", ListBuilder::DEFAULT_CATEGORY).unwrap();
//! list.add_keyword("blocked demo term", ListBuilder::DEFAULT_CATEGORY).unwrap();
//! let engine = list.build().unwrap();
//!
//! assert_eq!(engine.check_url("https://Blocked.Turnback.test/a/b?c").kind(), Some(MatchKind::Url));
//! assert_eq!(engine.check_query("BL0CKED demo-term").kind(), Some(MatchKind::Keyword));
//! assert!(!engine.check_query("blocked demolition").is_match());
//! let nav = engine.check_navigation("https://www.bing.com/search?q=blocked+demo+term");
//! assert_eq!(nav.kind(), Some(MatchKind::Keyword));
//! ```
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod engine;
pub mod hash;
pub mod list;
pub mod search;
pub mod text;
pub mod url;
/// The JavaScript bindings (`TurnbackEngine`), built only for wasm32.
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use engine::{Engine, EntryId, ListStats, MatchKind, Verdict};
pub use list::{Category, ListBuilder, ListError};
