//! The phone numbers of help services. A shell shows the number as written
//! and dials its digits (after a leading `+`), so anything else in the
//! field — opening hours, letters, a second number — would be shown but
//! silently folded into the dialled number. The grammar (docs/list-format.md):
//!
//! ```text
//! phone = [ "+" ] ( digit | "(" ) { digit | " " | "-" | "(" | ")" } digit
//! ```
//!
//! with 3 to 15 digits in all (E.164 numbers have at most 15) and
//! parentheses in unnested pairs around at least one digit. Written with
//! plain character checks: a regex engine would not fit the Wasm budget.

/// The most digits a phone number can have (ITU-T E.164).
pub const MAX_DIGITS: usize = 15;
/// The fewest digits a phone number can have (short numbers such as 116 …).
pub const MIN_DIGITS: usize = 3;

/// Why a phone number is refused. No variant carries the character at
/// fault: the message quotes the whole number, and formatting characters
/// would only add to the Wasm module.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// A character outside the grammar's.
    #[error("only digits, spaces, \"(\", \")\", \"-\" and a leading \"+\" are allowed")]
    Character,
    /// A `+` anywhere but at the start.
    #[error("\"+\" may only come first")]
    PlusNotFirst,
    /// An unpaired, nested or empty pair of parentheses.
    #[error("parentheses must pair up, unnested, around digits")]
    Parentheses,
    /// Fewer than [`MIN_DIGITS`] or more than [`MAX_DIGITS`] digits.
    #[error("needs {MIN_DIGITS} to {MAX_DIGITS} digits")]
    DigitCount,
    /// Starts or ends with a character a dialable number does not.
    #[error("must start with \"+\", a digit or \"(\" and end with a digit")]
    Ends,
}

/// Checks `phone` against the grammar above. Reads bytes, not characters
/// (every allowed character is ASCII): a smaller loop in the Wasm module.
pub fn check_phone(phone: &str) -> Result<(), PhoneError> {
    let rest = phone.strip_prefix('+').unwrap_or(phone).as_bytes();
    let mut digits = 0;
    // The digit count when the open parenthesis was seen.
    let mut open: Option<usize> = None;
    for &b in rest {
        match b {
            b'0'..=b'9' => digits += 1,
            b' ' | b'-' => {}
            b'(' if open.is_none() => open = Some(digits),
            b')' if open.is_some_and(|at| at < digits) => open = None,
            b'(' | b')' => return Err(PhoneError::Parentheses),
            b'+' => return Err(PhoneError::PlusNotFirst),
            _ => return Err(PhoneError::Character),
        }
    }
    if open.is_some() {
        return Err(PhoneError::Parentheses);
    }
    if !(MIN_DIGITS..=MAX_DIGITS).contains(&digits) {
        return Err(PhoneError::DigitCount);
    }
    let starts = matches!(rest.first(), Some(b'0'..=b'9' | b'('));
    if !starts || !matches!(rest.last(), Some(b'0'..=b'9')) {
        return Err(PhoneError::Ends);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_follow_the_grammar() {
        let cases: &[(&str, Result<(), PhoneError>)] = &[
            ("0808 1000 900", Ok(())),
            ("1800-01-1800", Ok(())),
            ("1-888-773-8368", Ok(())),
            ("+44 1372 847 161", Ok(())),
            ("+00 (0) 123-456 789", Ok(())),
            ("(02) 9999 0000", Ok(())),
            ("116", Ok(())),
            ("+123456789012345", Ok(())),
            (
                "0808 1000 900 (Mon–Thu 9am–9pm)",
                Err(PhoneError::Character),
            ),
            ("0808.1000.900", Err(PhoneError::Character)),
            ("0808/1000 900", Err(PhoneError::Character)),
            ("1-888-PREVENT", Err(PhoneError::Character)),
            ("0808 1000 900\u{202e}", Err(PhoneError::Character)),
            ("٠٨٠٨ ١٠٠٠", Err(PhoneError::Character)),
            ("0800 0000 000 (Mon–Thu)", Err(PhoneError::Character)),
            ("0800 0000 000 – 24h", Err(PhoneError::Character)),
            ("0808\t1000", Err(PhoneError::Character)),
            ("0808\u{a0}1000", Err(PhoneError::Character)),
            ("00 +44 20", Err(PhoneError::PlusNotFirst)),
            ("++44 20 1234", Err(PhoneError::PlusNotFirst)),
            ("+44 (0 20 1234", Err(PhoneError::Parentheses)),
            ("+44 0) 20 1234", Err(PhoneError::Parentheses)),
            ("+44 ((0)) 20", Err(PhoneError::Parentheses)),
            ("+44 () 20 1234", Err(PhoneError::Parentheses)),
            ("", Err(PhoneError::DigitCount)),
            ("12", Err(PhoneError::DigitCount)),
            ("+1234567890123456", Err(PhoneError::DigitCount)),
            ("+ 44 20 1234", Err(PhoneError::Ends)),
            (" 0808 1000 900", Err(PhoneError::Ends)),
            ("0808 1000 900 ", Err(PhoneError::Ends)),
            ("0808-1000-900-", Err(PhoneError::Ends)),
            ("-0808 1000 900", Err(PhoneError::Ends)),
            ("020 1234 (5)", Err(PhoneError::Ends)),
        ];
        for (phone, want) in cases {
            assert_eq!(&check_phone(phone), want, "{phone:?}");
        }
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let cases = [
            (
                PhoneError::Character,
                r#"only digits, spaces, "(", ")", "-" and a leading "+" are allowed"#,
            ),
            (PhoneError::PlusNotFirst, r#""+" may only come first"#),
            (
                PhoneError::Parentheses,
                "parentheses must pair up, unnested, around digits",
            ),
            (PhoneError::DigitCount, "needs 3 to 15 digits"),
            (
                PhoneError::Ends,
                r#"must start with "+", a digit or "(" and end with a digit"#,
            ),
        ];
        for (error, want) in cases {
            assert_eq!(error.to_string(), want);
        }
    }
}
