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
//!
//! A publisher signs a list file once; every device loads it with the
//! publisher's pinned public key, which refuses altered, foreign, expired
//! or rolled-back files before any entry is used:
//!
//! ```
//! use turnback::list::{ListInfo, LoadPolicy, SecretKey};
//! use turnback::{Engine, ListBuilder};
//!
//! let key = SecretKey::from_seed(&[1; 32]); // use `turnback keygen` for real keys
//! let mut list = ListBuilder::new();
//! list.add_keyword("zorblax", ListBuilder::DEFAULT_CATEGORY).unwrap();
//! let info = ListInfo { id: "example".into(), key_id: key.public().id(), sequence: 7,
//!                       created: 1_800_000_000, expires: 1_900_000_000 };
//! let file: Vec<u8> = list.write(&info, &key).unwrap();
//!
//! let policy = LoadPolicy { now: 1_850_000_000, held_sequence: Some(6) };
//! let engine = Engine::from_bytes(file.clone(), &key.public(), &policy).unwrap();
//! assert!(engine.check_query("ｚｏｒｂｌａｘ").is_match());
//! assert_eq!(engine.prevention("de-AT", "AT").unwrap().lang, "de");
//!
//! let mut tampered = file;
//! tampered[200] ^= 1;
//! assert!(Engine::from_bytes(tampered, &key.public(), &policy).is_err());
//! ```
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod engine;
pub mod hash;
pub mod list;
mod list_set;
mod prepared;
pub mod search;
pub mod text;
pub mod url;
/// The JavaScript bindings (`TurnbackEngine`), built only for wasm32.
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use engine::{CategoryCounts, Engine, EntryId, ListStats, MatchKind, Verdict};
pub use list::{Category, ListBuilder, ListError};
pub use list_set::{ListSet, ListSetError, SetMatch};
