//! The phone of a channel report, as the project takes it: the whole number, or only its
//! first 3 and last 4 digits (`139****6001`), which is all an agent may know of a buyer
//! the project has not yet confirmed as theirs.

use crate::leads::phone::{self, Phone};
use crate::projects::ReportPhoneMode;

/// A reported phone, parsed for the project's mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportedPhone {
    /// The whole number (full mode only).
    pub full: Option<String>,
    /// `139****6001`, in either mode.
    pub mask: String,
}

const REFUSED_FULL: &str = "must be an 11-digit mainland mobile number such as 13800138000";
const REFUSED_MASKED: &str = "must be the first 3 and last 4 digits around four asterisks, such as 139****6001";

impl ReportedPhone {
    /// Parses what the agent typed. In masked mode a whole number is accepted and only its
    /// mask is kept: the server never stores more than the project asked for.
    pub fn parse(raw: &str, mode: ReportPhoneMode) -> Result<Self, &'static str> {
        match mode {
            ReportPhoneMode::Full => {
                let phone = Phone::parse(raw).map_err(|_| REFUSED_FULL)?;
                Ok(Self { mask: phone::mask(phone.as_str()), full: Some(phone.as_str().to_owned()) })
            }
            ReportPhoneMode::Masked => {
                if let Ok(phone) = Phone::parse(raw) {
                    return Ok(Self { mask: phone::mask(phone.as_str()), full: None });
                }
                let compact: String = raw.chars().filter(|c| !matches!(c, ' ' | '-' | '\u{3000}')).collect();
                let compact = compact.replace('＊', "*");
                if is_mask(&compact) {
                    Ok(Self { mask: compact, full: None })
                } else {
                    Err(REFUSED_MASKED)
                }
            }
        }
    }

    /// What makes two reports the same customer: the whole number, or the mask.
    pub fn key(&self) -> &str {
        self.full.as_deref().unwrap_or(&self.mask)
    }

    /// The mode this phone was reported in.
    pub fn mode(&self) -> ReportPhoneMode {
        if self.full.is_some() {
            ReportPhoneMode::Full
        } else {
            ReportPhoneMode::Masked
        }
    }

    /// A SQL `LIKE` pattern matching every whole number with this mask's digits:
    /// `139____6001` (each `_` one digit; stored phones are 11 digits).
    pub fn like_pattern(&self) -> String {
        format!("{}____{}", &self.mask[..3], &self.mask[7..])
    }
}

/// `1[3-9]d****dddd`.
fn is_mask(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 11
        && bytes[0] == b'1'
        && (b'3'..=b'9').contains(&bytes[1])
        && bytes[2].is_ascii_digit()
        && bytes[3..7].iter().all(|b| *b == b'*')
        && bytes[7..].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_mode_keeps_the_number_and_masked_mode_only_the_mask() {
        let full = ReportedPhone::parse("139 1234 6001", ReportPhoneMode::Full).expect("a phone");
        assert_eq!(
            (full.full.as_deref(), full.mask.as_str(), full.key()),
            (Some("13912346001"), "139****6001", "13912346001")
        );
        let masked = ReportedPhone::parse("13912346001", ReportPhoneMode::Masked).expect("a phone");
        assert_eq!((masked.full.as_deref(), masked.key()), (None, "139****6001"), "a whole number is cut to its mask");
        let typed = ReportedPhone::parse("139 ＊＊＊＊ 6001", ReportPhoneMode::Masked).expect("a mask");
        assert_eq!(typed.key(), "139****6001");
        assert_eq!(typed.like_pattern(), "139____6001");
    }

    #[test]
    fn anything_else_is_refused() {
        for raw in ["139****600", "129****6001", "139***16001", "1391****6001", "abc", ""] {
            assert!(ReportedPhone::parse(raw, ReportPhoneMode::Masked).is_err(), "{raw:?}");
        }
        assert!(ReportedPhone::parse("139****6001", ReportPhoneMode::Full).is_err(), "full mode needs the number");
    }
}
