//! Chinese resident ID numbers (居民身份证号): 18 characters, the last a check digit over
//! the first 17 (ISO 7064 MOD 11-2), which may be `X`. Parsed once; stored only encrypted.

/// A valid 18-character resident ID number, upper-case.
#[derive(Clone, PartialEq, Eq)]
pub struct IdNumber(String);

/// Never print an ID number by accident.
impl std::fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&mask(&self.0))
    }
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [u8; 11] = *b"10X98765432";

impl IdNumber {
    /// Checks length, digits, birth date shape and the check digit.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let id = raw.trim().to_ascii_uppercase();
        let bytes = id.as_bytes();
        if bytes.len() != 18 || !bytes[..17].iter().all(u8::is_ascii_digit) {
            return Err("must be 18 characters: 17 digits and a check digit");
        }
        let month = (bytes[10] - b'0') * 10 + (bytes[11] - b'0');
        let day = (bytes[12] - b'0') * 10 + (bytes[13] - b'0');
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return Err("has an impossible birth date");
        }
        let sum: u32 = bytes[..17].iter().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
        if bytes[17] != CHECK[(sum % 11) as usize] {
            return Err("has a wrong check digit");
        }
        Ok(Self(id))
    }

    /// The number itself; handle with care.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// `110105********1234`: the region and the last four, nothing of the birth date.
pub fn mask(id: &str) -> String {
    if id.len() == 18 && id.is_ascii() {
        format!("{}********{}", &id[..6], &id[14..])
    } else {
        "*".repeat(id.chars().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_numbers_parse_including_an_x_check_digit() {
        // Check digits computed independently with the published weights.
        assert!(IdNumber::parse("11010519491231002X").is_ok());
        assert!(IdNumber::parse("11010519491231002x").is_ok(), "lower-case x is accepted");
        assert!(IdNumber::parse("440524188001010014").is_ok());
    }

    #[test]
    fn wrong_lengths_letters_dates_and_check_digits_are_refused() {
        for id in [
            "",
            "11010519491231002",
            "1101051949123100200",
            "11010519491231002Y",
            "11010519491331002X",
            "110105194912310021",
            "A1010519491231002X",
        ] {
            assert!(IdNumber::parse(id).is_err(), "{id:?} should be refused");
        }
    }

    #[test]
    fn masks_hide_the_birth_date_and_debug_never_prints_it() {
        assert_eq!(mask("11010519491231002X"), "110105********002X");
        let id = IdNumber::parse("11010519491231002X").expect("valid");
        assert_eq!(format!("{id:?}"), "110105********002X");
    }
}
