//! Several loaded lists checked as one, in a configured order: a URL is
//! canonicalized and hashed once and a text normalized and hashed once for
//! all of them (src/prepared.rs), and the first list in order that matches
//! decides, as if each list were checked alone one after another.

use crate::{prepared, Engine, Verdict};

/// Why a change to a [`ListSet`] is refused; the set is left as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ListSetError {
    /// [`ListSet::insert`] with an id the set already holds.
    #[error("the set already holds a list with id {0:?}")]
    DuplicateId(String),
    /// No list in the set has this id.
    #[error("the set holds no list with id {0:?}")]
    UnknownId(String),
    /// A position past the end of the set.
    #[error("position {at} is past the end of a set of {len} lists")]
    Position {
        /// The position asked for.
        at: usize,
        /// Lists in the set.
        len: usize,
    },
    /// [`ListSet::set_order`] with ids that are not each list's once.
    #[error("the new order must name every list of the set exactly once")]
    NotAPermutation,
}

/// A match in a [`ListSet`]: which list decided, and its verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetMatch<'a> {
    /// Position of the list in the set's order.
    pub position: usize,
    /// The id the list was put in the set with.
    pub id: &'a str,
    /// The list's verdict, as its [`Engine`] alone gives it.
    pub verdict: Verdict,
}

/// Loaded lists in a configured order, each under a caller-given id.
#[derive(Debug, Default)]
pub struct ListSet {
    // Two vectors rather than pairs so that a one-engine slice
    // (`Engine`'s checks) and the set share the checks' code.
    ids: Vec<String>,
    engines: Vec<Engine>,
}

impl ListSet {
    /// An empty set: nothing matches.
    pub fn new() -> ListSet {
        ListSet::default()
    }

    /// Lists in the set.
    pub fn len(&self) -> usize {
        self.engines.len()
    }

    /// True when the set holds no list.
    pub fn is_empty(&self) -> bool {
        self.engines.is_empty()
    }

    /// The ids, in order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.ids.iter().map(String::as_str)
    }

    /// Position of the list with `id`.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.ids.iter().position(|i| i == id)
    }

    /// The list with `id`.
    pub fn get(&self, id: &str) -> Option<&Engine> {
        self.engines.get(self.position(id)?)
    }

    /// Adds a list under a new `id` at position `at` (`len()` appends).
    pub fn insert(&mut self, id: &str, engine: Engine, at: usize) -> Result<(), ListSetError> {
        if self.position(id).is_some() {
            return Err(ListSetError::DuplicateId(id.to_owned()));
        }
        if at > self.len() {
            return Err(ListSetError::Position {
                at,
                len: self.len(),
            });
        }
        self.ids.insert(at, id.to_owned());
        self.engines.insert(at, engine);
        Ok(())
    }

    /// Puts `engine` in place of the list with `id`, at its position (a
    /// refreshed release, say); returns the list it replaces.
    pub fn replace(&mut self, id: &str, engine: Engine) -> Result<Engine, ListSetError> {
        let slot = self
            .position(id)
            .and_then(|i| self.engines.get_mut(i))
            .ok_or_else(|| ListSetError::UnknownId(id.to_owned()))?;
        Ok(std::mem::replace(slot, engine))
    }

    /// Takes the list with `id` out of the set.
    pub fn remove(&mut self, id: &str) -> Result<Engine, ListSetError> {
        let i = self
            .position(id)
            .ok_or_else(|| ListSetError::UnknownId(id.to_owned()))?;
        self.ids.remove(i);
        Ok(self.engines.remove(i))
    }

    /// Moves the list with `id` to position `at`, the others keeping their
    /// order.
    pub fn move_to(&mut self, id: &str, at: usize) -> Result<(), ListSetError> {
        let i = self
            .position(id)
            .ok_or_else(|| ListSetError::UnknownId(id.to_owned()))?;
        if at >= self.len() {
            return Err(ListSetError::Position {
                at,
                len: self.len(),
            });
        }
        let id = self.ids.remove(i);
        let engine = self.engines.remove(i);
        self.ids.insert(at, id);
        self.engines.insert(at, engine);
        Ok(())
    }

    /// Puts the lists in the order of `ids`, which names each list once.
    pub fn set_order<S: AsRef<str>>(&mut self, ids: &[S]) -> Result<(), ListSetError> {
        let mut from: Vec<usize> = Vec::with_capacity(ids.len());
        for id in ids {
            let i = self
                .position(id.as_ref())
                .ok_or_else(|| ListSetError::UnknownId(id.as_ref().to_owned()))?;
            if from.contains(&i) {
                return Err(ListSetError::NotAPermutation);
            }
            from.push(i);
        }
        if from.len() != self.len() {
            return Err(ListSetError::NotAPermutation);
        }
        let mut taken: Vec<Option<(String, Engine)>> = self
            .ids
            .drain(..)
            .zip(self.engines.drain(..))
            .map(Some)
            .collect();
        for i in from {
            if let Some((id, engine)) = taken.get_mut(i).and_then(Option::take) {
                self.ids.push(id);
                self.engines.push(engine);
            }
        }
        Ok(())
    }

    /// The first list whose URL entries match `input` (see
    /// [`Engine::check_url`]).
    pub fn check_url(&self, input: &str) -> Option<SetMatch<'_>> {
        self.named(prepared::check_url(&self.engines, input))
    }

    /// The first list whose keyword phrases or combination rules match
    /// `text` (see [`Engine::check_query`]).
    pub fn check_query(&self, text: &str) -> Option<SetMatch<'_>> {
        self.named(prepared::check_query(&self.engines, text))
    }

    /// The first list that matches a page about to be opened, each list
    /// deciding as [`Engine::check_navigation`] does (its URL entries, then
    /// the search text its site table finds): a list earlier in the order
    /// that matches the search text wins over a later one that lists the
    /// URL.
    pub fn check_navigation(&self, input: &str) -> Option<SetMatch<'_>> {
        self.named(prepared::check_navigation(&self.engines, input))
    }

    /// The lists in order, for the Wasm bindings' shared checks.
    #[cfg(target_arch = "wasm32")]
    pub(crate) fn engines(&self) -> &[Engine] {
        &self.engines
    }

    /// The id of the list at `position`.
    pub fn id_at(&self, position: usize) -> Option<&str> {
        self.ids.get(position).map(String::as_str)
    }

    fn named(&self, hit: Option<(usize, Verdict)>) -> Option<SetMatch<'_>> {
        let (position, verdict) = hit?;
        Some(SetMatch {
            position,
            id: self.ids.get(position)?,
            verdict,
        })
    }
}
