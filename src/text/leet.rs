//! Leetspeak: digits and symbols written in place of letters (`bl0cked`,
//! `@bc`). Only characters that sit inside or at the start of a word are
//! read as letters, so plain numbers and punctuation keep their meaning.

/// The letter a symbol stands for.
fn symbol_letter(c: char) -> Option<char> {
    match c {
        '@' => Some('a'),
        '$' => Some('s'),
        '!' => Some('i'),
        _ => None,
    }
}

/// The letter an ASCII digit stands for; `one` is the reading of `1`,
/// which is ambiguous (`i` or `l`) and so decided by the caller.
pub(crate) fn digit_letter(d: u8, one: char) -> Option<char> {
    match d {
        b'0' => Some('o'),
        b'1' => Some(one),
        b'3' => Some('e'),
        b'4' => Some('a'),
        b'5' => Some('s'),
        b'7' => Some('t'),
        b'8' => Some('b'),
        _ => None,
    }
}

/// Does this token mix letters with ASCII digits, the only tokens whose
/// digits may be leetspeak?
pub(crate) fn is_mixed(token: &str) -> bool {
    token.bytes().any(|b| b.is_ascii_digit()) && token.chars().any(char::is_alphabetic)
}

/// `text` with word-initial and word-internal symbols read as letters, or
/// `None` if there are none. A symbol counts when a letter follows it
/// (`@bc`, `d!g`) or when it sits between a letter and a digit (`p@55`);
/// a trailing `hello!` or an amount `$100` is left alone.
pub(crate) fn map_symbols(text: &str) -> Option<String> {
    if !text.bytes().any(|b| matches!(b, b'@' | b'$' | b'!')) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let letter = symbol_letter(c).filter(|_| {
            next.is_some_and(char::is_alphabetic)
                || (next.is_some_and(char::is_alphanumeric)
                    && prev.is_some_and(char::is_alphabetic))
        });
        match letter {
            Some(l) => {
                out.push(l);
                changed = true;
            }
            None => out.push(c),
        }
        prev = Some(c);
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols() {
        let cases = [
            ("@bc", Some("abc")),
            ("$ign", Some("sign")),
            ("d!g", Some("dig")),
            ("p@55", Some("pa55")),
            ("hello!", None),
            ("hello! abc", None),
            ("$100", None),
            ("a @ b", None),
            ("plain", None),
        ];
        for (input, want) in cases {
            assert_eq!(map_symbols(input).as_deref(), want, "{input:?}");
        }
    }

    #[test]
    fn mixed() {
        assert!(is_mixed("bl0cked"));
        assert!(is_mixed("13yo"));
        assert!(!is_mixed("2024"));
        assert!(!is_mixed("abc"));
        assert_eq!(digit_letter(b'1', 'l'), Some('l'));
        assert_eq!(digit_letter(b'2', 'i'), None);
    }
}
