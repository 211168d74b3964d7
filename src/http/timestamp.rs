//! Timestamps in JSON, written the way chrono writes them (RFC 3339 in UTC with a `Z`,
//! the fraction in 0, 3, 6 or 9 digits as needed) but in one piece.
//!
//! chrono's serializer goes through `collect_str`, and serde_json escapes every fragment
//! the formatter hands it: a lead summary's five timestamps cost more than the rest of
//! the summary. Lists use these with `#[serde(serialize_with = …)]`; anything unusual (a
//! leap second, a year outside 0–9999) is left to chrono, so the text never differs.

use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::Serializer;

/// `#[serde(serialize_with = "crate::http::timestamp::rfc3339")]`
pub fn rfc3339<S: Serializer>(at: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    let mut buffer = [0u8; 30];
    match write(at, &mut buffer) {
        Some(text) => serializer.serialize_str(text),
        None => serde::Serialize::serialize(at, serializer),
    }
}

/// [`rfc3339`] for an optional timestamp (`null` when absent).
pub fn rfc3339_opt<S: Serializer>(at: &Option<DateTime<Utc>>, serializer: S) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => rfc3339(at, serializer),
        None => serializer.serialize_none(),
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fff|.ffffff|.fffffffff]Z` into `buffer`, or `None` when chrono
/// would write something else (a leap second, a year it signs or widens).
fn write<'b>(at: &DateTime<Utc>, buffer: &'b mut [u8; 30]) -> Option<&'b str> {
    let (date, time) = (at.date_naive(), at.time());
    let (year, nanos) = (date.year(), time.nanosecond());
    if !(0..=9999).contains(&year) || nanos >= 1_000_000_000 {
        return None;
    }
    let mut out = Digits { buffer: &mut *buffer, len: 0 };
    out.number(year as u32, 4);
    let fields =
        [(b'-', date.month()), (b'-', date.day()), (b'T', time.hour()), (b':', time.minute()), (b':', time.second())];
    for (separator, value) in fields {
        out.byte(separator);
        out.number(value, 2);
    }
    match nanos {
        0 => {}
        n if n % 1_000_000 == 0 => out.fraction(n / 1_000_000, 3),
        n if n % 1_000 == 0 => out.fraction(n / 1_000, 6),
        n => out.fraction(n, 9),
    }
    out.byte(b'Z');
    let len = out.len;
    std::str::from_utf8(&buffer[..len]).ok()
}

/// Appends ASCII to a fixed buffer; 30 bytes hold the longest text, with nanoseconds.
struct Digits<'a> {
    buffer: &'a mut [u8; 30],
    len: usize,
}

impl Digits<'_> {
    fn byte(&mut self, byte: u8) {
        self.buffer[self.len] = byte;
        self.len += 1;
    }

    /// `value` zero-padded to `width` digits.
    fn number(&mut self, value: u32, width: u32) {
        for place in (0..width).rev() {
            self.byte(b'0' + (value / 10u32.pow(place) % 10) as u8);
        }
    }

    fn fraction(&mut self, value: u32, width: u32) {
        self.byte(b'.');
        self.number(value, width);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn ours(at: DateTime<Utc>) -> String {
        rfc3339(&at, serde_json::value::Serializer).map(|v| v.to_string()).unwrap_or_default()
    }

    fn chronos(at: DateTime<Utc>) -> String {
        serde_json::to_value(at).map(|v| v.to_string()).unwrap_or_default()
    }

    #[test]
    fn timestamps_read_exactly_as_chrono_writes_them() {
        let base = Utc.with_ymd_and_hms(2026, 12, 3, 6, 7, 8).single().unwrap_or_default();
        let cases = [
            base,
            base + chrono::Duration::milliseconds(120),
            base + chrono::Duration::microseconds(123_456),
            base + chrono::Duration::microseconds(5),
            base + chrono::Duration::nanoseconds(7),
            Utc.with_ymd_and_hms(1, 1, 1, 0, 0, 0).single().unwrap_or_default(),
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).single().unwrap_or_default(),
            Utc.with_ymd_and_hms(10_000, 1, 1, 0, 0, 0).single().unwrap_or_default(),
            DateTime::<Utc>::MIN_UTC,
            DateTime::<Utc>::MAX_UTC,
        ];
        for at in cases {
            assert_eq!(ours(at), chronos(at), "{at:?}");
        }
        assert_eq!(ours(base + chrono::Duration::microseconds(123_456)), "\"2026-12-03T06:07:08.123456Z\"");
    }

    #[test]
    fn a_leap_second_is_left_to_chrono() {
        let leap = chrono::NaiveDate::from_ymd_opt(2016, 12, 31)
            .and_then(|d| d.and_hms_nano_opt(23, 59, 59, 1_500_000_000))
            .map(|t| t.and_utc());
        if let Some(leap) = leap {
            assert_eq!(ours(leap), chronos(leap));
        }
    }

    #[test]
    fn an_absent_timestamp_is_null() {
        assert_eq!(rfc3339_opt(&None, serde_json::value::Serializer).map(|v| v.is_null()).ok(), Some(true));
    }
}
