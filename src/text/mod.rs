//! Evasion-resistant normalization of search text and list phrases.
//! OWNER: text helper — replace this stub.

/// Most alternative token sequences one text can normalize to.
pub const MAX_VARIANTS: usize = 8;
/// Most tokens in one list phrase, and in one query window.
pub const MAX_PHRASE_TOKENS: usize = 16;
/// Most bytes of one normalized phrase (tokens joined without separator).
pub const MAX_PHRASE_BYTES: usize = 96;

/// Why a list phrase cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("phrase has no words after normalization")]
    Empty,
    #[error("phrase has {0} words, at most {MAX_PHRASE_TOKENS} allowed")]
    TooManyWords(usize),
    #[error("phrase is {0} bytes after normalization, at most {MAX_PHRASE_BYTES} allowed")]
    TooLong(usize),
}

/// Normalized tokens stored back to back, so any run of consecutive tokens
/// is one contiguous slice (the "joined" form that phrases hash as).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TokenSeq {
    joined: String,
    bounds: Vec<u32>,
}

impl TokenSeq {
    pub fn len(&self) -> usize {
        self.bounds.len().saturating_sub(1)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Tokens `start..end` joined without separator.
    pub fn window(&self, start: usize, end: usize) -> &str {
        &self.joined[self.bounds[start] as usize..self.bounds[end] as usize]
    }
    pub fn token(&self, i: usize) -> &str {
        self.window(i, i + 1)
    }
    pub fn tokens(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.token(i))
    }
}

/// The result of normalizing a text: one or more alternative token sequences.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalized {
    variants: Vec<TokenSeq>,
}

impl Normalized {
    pub fn variants(&self) -> &[TokenSeq] {
        &self.variants
    }
    /// The first variant, used for display (`turnback normalize`).
    pub fn primary(&self) -> Option<&TokenSeq> {
        self.variants.first()
    }
    /// Calls `f` with every window of consecutive tokens (at most
    /// MAX_PHRASE_TOKENS tokens and MAX_PHRASE_BYTES bytes) of every variant.
    pub fn for_each_window<F: FnMut(&str)>(&self, mut f: F) {
        for v in &self.variants {
            for s in 0..v.len() {
                for e in s + 1..=v.len().min(s + MAX_PHRASE_TOKENS) {
                    let w = v.window(s, e);
                    if w.len() > MAX_PHRASE_BYTES {
                        break;
                    }
                    f(w);
                }
            }
        }
    }
}

/// STUB: ASCII lowercase, split on non-alphanumerics.
pub fn normalize(text: &str) -> Normalized {
    let mut seq = TokenSeq {
        joined: String::new(),
        bounds: vec![0],
    };
    for t in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        seq.joined.push_str(&t.to_lowercase());
        seq.bounds.push(seq.joined.len() as u32);
    }
    Normalized {
        variants: vec![seq],
    }
}

/// The keys a list phrase is stored under: the joined form of each variant.
pub fn phrase_keys(phrase: &str) -> Result<Vec<String>, TextError> {
    let n = normalize(phrase);
    let mut keys = Vec::new();
    for v in n.variants() {
        if v.is_empty() {
            return Err(TextError::Empty);
        }
        if v.len() > MAX_PHRASE_TOKENS {
            return Err(TextError::TooManyWords(v.len()));
        }
        let k = v.window(0, v.len());
        if k.len() > MAX_PHRASE_BYTES {
            return Err(TextError::TooLong(k.len()));
        }
        if !keys.iter().any(|x: &String| x == k) {
            keys.push(k.to_string());
        }
    }
    if keys.is_empty() {
        return Err(TextError::Empty);
    }
    Ok(keys)
}
