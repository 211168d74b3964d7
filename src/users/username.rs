//! Login names, parsed once: 3–64 characters of a–z, 0–9, `.`, `_`, `-`, stored
//! lower-case so that "Wang.Li" and "wang.li" are the same account on both backends.

/// A valid, normalised login name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    /// Normalises and checks a login name.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let name = raw.trim().to_ascii_lowercase();
        if !(3..=64).contains(&name.len()) {
            return Err("must be 3 to 64 characters");
        }
        if !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')) {
            return Err("may contain only letters a–z, digits, '.', '_' and '-'");
        }
        Ok(Self(name))
    }

    /// The stored form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// For `#[validate(custom(function = ...))]` on request bodies.
pub fn validate(raw: &str) -> Result<(), validator::ValidationError> {
    Username::parse(raw).map(|_| ()).map_err(|message| {
        let mut error = validator::ValidationError::new("username");
        error.message = Some(message.into());
        error
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_normalised_or_refused() {
        assert_eq!(Username::parse(" Wang.Li ").expect("valid").as_str(), "wang.li");
        for bad in ["ab", "王丽", "has space", "semi;colon", &"x".repeat(65)] {
            assert!(Username::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
