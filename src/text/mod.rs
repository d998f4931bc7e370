//! Evasion-resistant normalization of search text and list phrases.
//!
//! List phrases (when a list is built) and user text (when it is checked)
//! go through the same pipeline, so that two spellings a reader would take
//! for the same words end up as the same token sequence:
//!
//! 1. cut to [`MAX_INPUT_BYTES`] bytes (at a character boundary), so any
//!    input costs time linear in at most that many bytes;
//! 2. fold characters (`fold`): look-alike letters from other scripts to
//!    Latin (`confusables`), NFKC, full case folding, accents and other
//!    combining marks removed, invisible characters deleted (`ignorable`).
//!    ASCII input only needs lowercasing and skips all of that;
//! 3. read leetspeak (`leet`) and cut into words (`tokens`): UAX #29 words
//!    with their inner punctuation dropped; one token per character in
//!    scripts written without spaces;
//! 4. keep every reading of what stays ambiguous as a variant (`variants`).
//!
//! Only the first [`MAX_TOKENS`] words are kept. The cap counts output
//! tokens, not input characters, on purpose: search engines drop runs of
//! spaces, invisible characters, marks and punctuation and run the search
//! on the words after them, so a cap on raw characters would let padding
//! push the words out of sight. Characters that fold away cost time (linear,
//! within [`MAX_INPUT_BYTES`]) but never use up the cap.
//!
//! Worked example:
//!
//! ```text
//! "Ｂｌ0ｃｋｅｄ  d.e.m.o—TＥＲＭ"
//!   fold     → "bl0cked  d.e.m.o—term"
//!   tokens   → [bl0cked, demo, term]
//!   variants → [blocked, demo, term]        (digits read as letters)
//!              [bl, 0, cked, demo, term]    (raw digits)
//! ```
//!
//! A phrase is stored under the joined form of each of its variants
//! (`blockeddemoterm`), and a text matches it when some run of consecutive
//! tokens of some variant joins to the same string. So a phrase matches its
//! words spaced, hyphenated, dotted or run together, and letter by letter
//! (`a b c` joins to `abc`); but never part of a word: `abc` is not in
//! `abcd` or `xabc`, because windows only start and end at token bounds.

mod confusables;
mod fold;
mod ignorable;
mod leet;
mod tokens;
mod variants;

/// Most alternative token sequences one text can normalize to. The rules in
/// `variants` produce at most 6.
pub const MAX_VARIANTS: usize = 8;
/// Most tokens in one list phrase, and in one query window. 24 rather than
/// the 16 words a phrase needs: in scripts without spaces every character
/// is a token (a Thai phrase of two long words is 20+ characters), and a
/// phrase spelled out letter by letter (`b l o c k e d`) is a token a letter.
pub const MAX_PHRASE_TOKENS: usize = 24;
/// Most bytes of one normalized phrase (tokens joined without separator):
/// 96 ASCII letters, or 32 characters of a 3-byte script such as Han or Thai.
pub const MAX_PHRASE_BYTES: usize = 96;
/// Bytes of a text that are looked at (cut at a character boundary); the
/// rest is ignored. Every step is linear, so this bounds the work for any
/// input. It is generous on purpose: text past it is never matched, and
/// padding that a search engine strips (spaces, invisible characters,
/// marks, punctuation) must not be able to push words past it. Equal to
/// the URL canonicalizer's bound ([`crate::url::MAX_INPUT_BYTES`]): text
/// taken from a URL is never longer than the URL.
pub const MAX_INPUT_BYTES: usize = 64 * 1024;
/// Most tokens in one variant: a text is read up to its first `MAX_TOKENS`
/// words and the rest is ignored. Only words count, never the characters
/// that fold away between them. Search engines stop at 32 words; 256
/// leaves room for scripts without spaces, where every character is a
/// token, and for words spelled out letter by letter. Windows are linear in
/// the token count, so this bounds the matching work per text.
pub const MAX_TOKENS: usize = 256;
/// Most characters of one list phrase ([`phrase_keys`] rejects longer ones
/// with [`TextError::TooManyChars`]). Search text is not cut by characters:
/// see [`MAX_INPUT_BYTES`] and [`MAX_TOKENS`].
pub const MAX_INPUT_CHARS: usize = 1024;

const _: () = assert!(MAX_PHRASE_TOKENS <= MAX_TOKENS);
// Token offsets are u32. Folding grows text by a small factor (NFKC at
// most 18 characters for one, about 11 times in bytes).
const _: () = assert!(MAX_INPUT_BYTES * 32 < u32::MAX as usize);

/// Why a list phrase cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// Nothing but separators, marks or ignorable characters.
    #[error("phrase has no words after normalization")]
    Empty,
    /// Words are counted up to [`MAX_TOKENS`], where normalizing stops.
    #[error("phrase has {0} words, at most {MAX_PHRASE_TOKENS} allowed")]
    TooManyWords(usize),
    /// Longer than [`MAX_PHRASE_BYTES`] once normalized (joined tokens).
    #[error("phrase is {0} bytes after normalization, at most {MAX_PHRASE_BYTES} allowed")]
    TooLong(usize),
    /// The phrase as given, before normalization, is longer than
    /// [`MAX_INPUT_CHARS`] characters.
    #[error("phrase is {0} characters, at most {MAX_INPUT_CHARS} allowed")]
    TooManyChars(usize),
}

/// Normalized tokens stored back to back, so any run of consecutive tokens
/// is one contiguous slice (the "joined" form that phrases hash as).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TokenSeq {
    joined: String,
    /// Byte offsets of token starts in `joined`, then its length; empty or
    /// `[0]` when there are no tokens.
    bounds: Vec<u32>,
}

impl TokenSeq {
    pub fn len(&self) -> usize {
        self.bounds.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Tokens `start..end` joined without separator; empty if the range is
    /// not within `0..=len()` or is reversed.
    pub fn window(&self, start: usize, end: usize) -> &str {
        match (self.bounds.get(start), self.bounds.get(end)) {
            (Some(&s), Some(&e)) => self.joined.get(s as usize..e as usize).unwrap_or(""),
            _ => "",
        }
    }

    /// Token `i`; empty if out of range.
    pub fn token(&self, i: usize) -> &str {
        self.window(i, i + 1)
    }

    pub fn tokens(&self) -> impl Iterator<Item = &str> {
        self.bounds.windows(2).map(|w| match *w {
            [s, e] => self.joined.get(s as usize..e as usize).unwrap_or(""),
            _ => "",
        })
    }

    pub(crate) fn with_capacity(bytes: usize) -> TokenSeq {
        let mut bounds = Vec::with_capacity((bytes / 4 + 2).min(MAX_TOKENS + 1));
        bounds.push(0);
        TokenSeq {
            joined: String::with_capacity(bytes),
            bounds,
        }
    }

    pub(crate) fn joined(&self) -> &str {
        &self.joined
    }

    /// Has the sequence [`MAX_TOKENS`] tokens? It then takes no more
    /// characters: nothing is being built, and pushes are ignored.
    pub(crate) fn is_full(&self) -> bool {
        self.bounds.len() > MAX_TOKENS
    }

    /// Appends to the token being built (nothing if full).
    pub(crate) fn push_char(&mut self, c: char) {
        if !self.is_full() {
            self.joined.push(c);
        }
    }

    pub(crate) fn push_str(&mut self, s: &str) {
        if !self.is_full() {
            self.joined.push_str(s);
        }
    }

    /// The last character of the token being built.
    pub(crate) fn last_char(&self) -> Option<char> {
        if self.building() {
            self.joined.chars().next_back()
        } else {
            None
        }
    }

    pub(crate) fn replace_last_char(&mut self, c: char) {
        if self.building() {
            self.joined.pop();
        }
        self.joined.push(c);
    }

    /// Is a token being built (characters pushed since the last bound)?
    pub(crate) fn building(&self) -> bool {
        self.bounds
            .last()
            .is_some_and(|&b| (b as usize) < self.joined.len())
    }

    /// Closes the token being built, if it has any characters.
    pub(crate) fn end_token(&mut self) {
        // Inputs are capped at MAX_INPUT_BYTES, and folding grows text by a
        // small factor: far below u32::MAX bytes.
        let end = u32::try_from(self.joined.len()).unwrap_or(u32::MAX);
        match self.bounds.last() {
            Some(&last) if last == end => {}
            Some(_) => self.bounds.push(end),
            None => {
                self.bounds.push(0);
                if end > 0 {
                    self.bounds.push(end);
                }
            }
        }
    }
}

/// The result of normalizing a text: one or more alternative token
/// sequences. A text with no words has one empty sequence.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    variants: Variants,
}

/// Most texts have exactly one reading, kept without a `Vec` around it.
#[derive(Debug, Clone)]
enum Variants {
    One(TokenSeq),
    Many(Vec<TokenSeq>),
}

impl Default for Variants {
    fn default() -> Self {
        Variants::Many(Vec::new())
    }
}

impl PartialEq for Normalized {
    fn eq(&self, other: &Self) -> bool {
        self.variants() == other.variants()
    }
}

impl Eq for Normalized {}

impl Normalized {
    pub(crate) fn one(seq: TokenSeq) -> Normalized {
        Normalized {
            variants: Variants::One(seq),
        }
    }

    pub(crate) fn many(seqs: Vec<TokenSeq>) -> Normalized {
        Normalized {
            variants: Variants::Many(seqs),
        }
    }

    pub fn variants(&self) -> &[TokenSeq] {
        match &self.variants {
            Variants::One(seq) => std::slice::from_ref(seq),
            Variants::Many(seqs) => seqs,
        }
    }

    /// The first variant, used for display (`turnback normalize`): digits
    /// and symbols read as letters (`1` as `i`), stretched letters collapsed
    /// to one.
    pub fn primary(&self) -> Option<&TokenSeq> {
        self.variants().first()
    }

    /// Calls `f` with every window of consecutive tokens (at most
    /// MAX_PHRASE_TOKENS tokens and MAX_PHRASE_BYTES bytes) of every variant.
    /// Variants mostly differ in one or two tokens, so a window that lies in
    /// the tokens a later variant shares with an earlier one at its start or
    /// at its end was already reported and is skipped.
    pub fn for_each_window<'a, F: FnMut(&'a str)>(&'a self, f: F) {
        self.for_each_window_within(MAX_PHRASE_BYTES, f);
    }

    /// [`for_each_window`](Self::for_each_window) limited to windows of at
    /// most `max_bytes` bytes: a list whose longest phrase is short needs
    /// no longer windows.
    pub fn for_each_window_within<'a, F: FnMut(&'a str)>(&'a self, max_bytes: usize, mut f: F) {
        let max_bytes = max_bytes.min(MAX_PHRASE_BYTES);
        let variants = self.variants();
        for (i, v) in variants.iter().enumerate() {
            let (mut head, mut tail) = (0, 0);
            for u in variants.get(..i).unwrap_or_default() {
                head = head.max(
                    v.tokens()
                        .zip(u.tokens())
                        .take_while(|(a, b)| a == b)
                        .count(),
                );
                tail = tail.max(shared_tail(v, u));
            }
            let tail_start = v.len() - tail.min(v.len());
            for s in 0..v.len() {
                for e in s + 1..=v.len().min(s + MAX_PHRASE_TOKENS) {
                    let w = v.window(s, e);
                    if w.len() > max_bytes {
                        break;
                    }
                    if e <= head || s >= tail_start {
                        continue;
                    }
                    f(w);
                }
            }
        }
    }
}

/// How many tokens `a` and `b` share at their ends.
fn shared_tail(a: &TokenSeq, b: &TokenSeq) -> usize {
    (1..=a.len().min(b.len()))
        .take_while(|&k| a.token(a.len() - k) == b.token(b.len() - k))
        .count()
}

/// Normalizes search text for matching: its first [`MAX_INPUT_BYTES`]
/// bytes, up to [`MAX_TOKENS`] words.
pub fn normalize(text: &str) -> Normalized {
    let text = fold::clip(text, MAX_INPUT_BYTES);
    if text.is_ascii() {
        // Folding ASCII only lowercases it, which segmenting does anyway.
        return variants::variants_ascii(text);
    }
    let mut folded = String::with_capacity(text.len());
    fold::fold_into(text, &mut folded);
    variants::variants(&folded)
}

/// The keys a list phrase is stored under: the joined form of each
/// variant, without repeats.
pub fn phrase_keys(phrase: &str) -> Result<Vec<String>, TextError> {
    let chars = phrase.chars().count();
    if chars > MAX_INPUT_CHARS {
        return Err(TextError::TooManyChars(chars));
    }
    let n = normalize(phrase);
    let mut keys: Vec<String> = Vec::with_capacity(n.variants().len());
    for v in n.variants() {
        if v.is_empty() {
            return Err(TextError::Empty);
        }
        if v.len() > MAX_PHRASE_TOKENS {
            return Err(TextError::TooManyWords(v.len()));
        }
        let k = v.joined();
        if k.len() > MAX_PHRASE_BYTES {
            return Err(TextError::TooLong(k.len()));
        }
        if !keys.iter().any(|x| x == k) {
            keys.push(k.to_string());
        }
    }
    if keys.is_empty() {
        return Err(TextError::Empty);
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn windows(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        normalize(text).for_each_window(|w| out.push(w.to_string()));
        out
    }

    #[test]
    fn token_seq_access_is_total() {
        let n = normalize("ab cd");
        let p = n.primary().cloned().unwrap_or_default();
        assert_eq!(p.len(), 2);
        assert_eq!(p.window(0, 2), "abcd");
        assert_eq!(p.token(1), "cd");
        assert_eq!(p.token(2), "");
        assert_eq!(p.window(2, 1), "");
        assert_eq!(TokenSeq::default().window(0, 0), "");
        assert_eq!(TokenSeq::default().tokens().count(), 0);
    }

    #[test]
    fn windows_of_one_variant() {
        assert_eq!(windows("a b c"), ["a", "ab", "abc", "b", "bc", "c"]);
        assert!(windows("").is_empty());
    }

    #[test]
    fn windows_skip_repeats_from_earlier_variants() {
        // Variants [ia, x], [la, x] and [1, a, x]: "x" is reported once.
        let w = windows("1a x");
        assert_eq!(w.iter().filter(|w| *w == "x").count(), 1, "{w:?}");
        for want in ["ia", "iax", "la", "lax", "1", "1a", "1ax", "a", "ax"] {
            assert!(w.iter().any(|x| x == want), "{want} missing from {w:?}");
        }
    }

    #[test]
    fn windows_respect_limits() {
        let long = "a ".repeat(40);
        assert!(windows(&long).iter().all(|w| w.len() <= MAX_PHRASE_TOKENS));
        let wide = "abcdefghij ".repeat(20);
        assert!(windows(&wide).iter().all(|w| w.len() <= MAX_PHRASE_BYTES));
    }
}
