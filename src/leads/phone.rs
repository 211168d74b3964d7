//! Mainland mobile numbers, parsed once: `+86 138-0013-8000`, `0086 13800138000` and
//! `138 0013 8000` are all `13800138000`. Anything else is refused.

/// An 11-digit mainland mobile number, `1[3-9]` followed by nine digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    /// Normalises a phone number as people type it.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let compact: String = raw.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '\u{3000}')).collect();
        let digits = compact
            .strip_prefix("+86")
            .or_else(|| compact.strip_prefix("0086"))
            .or_else(|| compact.strip_prefix("86").filter(|rest| rest.len() == 11))
            .unwrap_or(&compact);
        let bytes = digits.as_bytes();
        let valid = bytes.len() == 11
            && bytes.iter().all(u8::is_ascii_digit)
            && bytes[0] == b'1'
            && (b'3'..=b'9').contains(&bytes[1]);
        if valid {
            Ok(Self(digits.to_owned()))
        } else {
            Err("must be an 11-digit mainland mobile number such as 13800138000")
        }
    }

    /// The normalised digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last four digits, what a salesperson types to find a buyer.
    pub fn tail(&self) -> &str {
        &self.0[7..]
    }
}

/// `138****8000`: what everyone but the owner and managers sees.
pub fn mask(phone: &str) -> String {
    if phone.len() == 11 && phone.is_ascii() {
        format!("{}****{}", &phone[..3], &phone[7..])
    } else {
        "*".repeat(phone.chars().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usual_ways_of_writing_a_number_normalise_to_eleven_digits() {
        for raw in ["13800138000", "+86 138 0013 8000", "0086-138-0013-8000", "86 13800138000", " (138) 0013-8000 "] {
            assert_eq!(Phone::parse(raw).map(|p| p.0), Ok("13800138000".to_owned()), "{raw:?}");
        }
    }

    #[test]
    fn anything_else_is_refused() {
        for raw in [
            "",
            "1380013800",
            "138001380000",
            "12800138000",
            "23800138000",
            "1380013800a",
            "+1 415 555 0100",
            "010-12345678",
        ] {
            assert!(Phone::parse(raw).is_err(), "{raw:?} should be refused");
        }
    }

    #[test]
    fn masks_keep_three_and_four_digits() {
        assert_eq!(mask("13800138000"), "138****8000");
        assert_eq!(Phone::parse("13800138000").expect("valid").tail(), "8000");
    }

    #[test]
    fn the_mobile_pattern_accepts_exactly_what_the_phone_parser_does() {
        let pattern = regex::Regex::new(crate::http::schema_types::mobile_phone_pattern()).expect("compiles");
        let cases = [
            "13800138000",
            "+86 138 0013 8000",
            "0086-138-0013-8000",
            "86 13800138000",
            " (138) 0013-8000 ",
            "8613800138000",
            "12800138000",
            "1380013800",
            "138001380001",
            "+8613800138000x",
            "abc",
            "",
            "+86",
            "23800138000",
            "86 1380013800",
            " +86 138 0013 8000",
            "(+86)13800138000",
            "138\u{3000}0013\u{3000}8000",
            "+ 86 13800138000",
        ];
        for raw in cases {
            let parsed = Phone::parse(raw).is_ok();
            assert_eq!(pattern.is_match(raw), parsed, "{raw:?}");
        }
    }
}
