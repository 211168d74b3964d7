//! Schemas for string fields whose rules JSON Schema can state, so the spec says them and
//! [`super::schema_rules`] enforces them before the domain parser runs. A DTO keeps its
//! `String` and names the rule with `#[schema(value_type = …)]`.
//!
//! Each pattern here is equivalent to the parser it stands in front of (a unit test holds
//! each pair together): the parser still gives the value its meaning and its message.

use std::borrow::Cow;
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

/// Separators people type inside a phone number: space, dash, brackets, ideographic space.
const SEP: &str = r"[ ()\u3000-]*";

/// A mainland mobile number as typed (`+86 138-0013-8000`, `0086…`, `86…`): exactly what
/// `leads::phone::Phone::parse` accepts (a test there holds the two together). The schema
/// rules leave this pattern to the parser, which refuses with its own code,
/// `lead.invalid_phone`, that clients branch on.
pub fn mobile_phone_pattern() -> &'static str {
    static PATTERN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PATTERN.get_or_init(|| {
        let digit = |d: &str| format!("{SEP}{d}");
        let plus = format!("\\+{}{}", digit("8"), digit("6"));
        let prefix = format!("({plus}|0{}{}{}|8{})?", digit("0"), digit("8"), digit("6"), digit("6"));
        format!("^{SEP}{prefix}{}{}({SEP}[0-9]){{9}}{SEP}$", digit("1"), digit("[3-9]"))
    })
}

/// A work phone: 5 to 20 digits, optionally after `+`; the empty string clears it.
pub const STAFF_PHONE_PATTERN: &str = r"^(\+?[0-9]{5,20})?$";

/// A label: 1–32 characters with at least one that is not white space (it is trimmed).
pub const LABEL_PATTERN: &str = r"^[^\u0000-\u0008\u000B-\u001F\u007F-\u009F]*[^\u0000-\u0020\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\u0000-\u0008\u000B-\u001F\u007F-\u009F]*$";

fn string(min: Option<usize>, max: Option<usize>, pattern: Option<String>, description: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .min_length(min)
        .max_length(max)
        .pattern(pattern)
        .description(Some(description))
        .into()
}

macro_rules! schema_type {
    ($(#[$doc:meta])* $name:ident => $schema:expr) => {
        $(#[$doc])*
        pub struct $name;

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                $schema
            }
        }

        impl ToSchema for $name {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }
        }
    };
}

schema_type!(
    /// A mainland mobile number as people type it.
    MobilePhone => string(None, None, Some(mobile_phone_pattern().to_owned()),
        "Mainland mobile number, 11 digits from `1[3-9]`; `+86`/`0086`/`86`, spaces, dashes and brackets are accepted and dropped.")
);

schema_type!(
    /// A staff member's work phone.
    StaffPhone => string(None, Some(21), Some(STAFF_PHONE_PATTERN.to_owned()),
        "5 to 20 digits, optionally after `+`; the empty string clears it.")
);

schema_type!(
    /// A free label (tag, layout, concern).
    Label => string(Some(1), Some(crate::labels::MAX_LABEL_CHARS), Some(LABEL_PATTERN.to_owned()),
        "1 to 32 characters, not all white space; trimmed.")
);

/// A resident ID number's shape: 17 digits with a possible birth month and day, then a
/// digit or `X`; white space around it is trimmed. Exactly what `leads::id_number` checks
/// before the check digit, which JSON Schema cannot compute.
pub const RESIDENT_ID_PATTERN: &str = r"^\s*[0-9]{10}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]\s*$";

schema_type!(
    /// A resident ID number (居民身份证号).
    ResidentId => string(None, None, Some(RESIDENT_ID_PATTERN.to_owned()),
        "18 characters: 17 digits (a possible birth date at 7–14) and a check digit (0–9 or X, ISO 7064 MOD 11-2, checked by the server: `lead.invalid_id_number`).")
);

schema_type!(
    /// An IANA time zone name, e.g. `Asia/Shanghai`.
    TimeZoneName => ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .description(Some("An IANA time zone name, e.g. `Asia/Shanghai`."))
        .enum_values(Some(chrono_tz::TZ_VARIANTS.iter().map(|zone| zone.name())))
        .into()
);

/// A JSON array body of `$item` with `min..=max` items, as its own schema: utoipa cannot
/// bound an array given inline in `request_body`. `items` is `$item`'s schema by reference,
/// or `{}` for rows the handler reads itself (imports, where CSV rows arrive the same way).
#[macro_export]
macro_rules! bounded_list {
    ($(#[$doc:meta])* $name:ident of rows, $min:expr, $max:expr) => {
        $(#[$doc])*
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                let row = utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::SchemaType::Type(utoipa::openapi::schema::Type::Object));
                utoipa::openapi::schema::ArrayBuilder::new().items(row).min_items(Some($min)).max_items(Some($max)).into()
            }
        }

        impl utoipa::ToSchema for $name {}
    };
    ($(#[$doc:meta])* $name:ident of $item:ty, $min:expr, $max:expr) => {
        $(#[$doc])*
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                let item = utoipa::openapi::Ref::from_schema_name(<$item as utoipa::ToSchema>::name());
                utoipa::openapi::schema::ArrayBuilder::new()
                    .items(item)
                    .min_items(Some($min))
                    .max_items(Some($max))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {
            fn schemas(
                schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>,
            ) {
                schemas.push((<$item as utoipa::ToSchema>::name().into(), <$item as utoipa::PartialSchema>::schema()));
                <$item as utoipa::ToSchema>::schemas(schemas);
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn the_resident_id_pattern_is_the_id_number_parser_but_the_check_digit() {
        let pattern = Regex::new(RESIDENT_ID_PATTERN).expect("a regex");
        for valid in ["11010519491231002X", " 11010519491231002x ", "110105194912310021"] {
            assert!(pattern.is_match(valid), "{valid}");
        }
        for shape in ["1101051949123100", "110105194913310021", "110105194912320021", "11010519491231002Y", "ú"] {
            assert!(!pattern.is_match(shape), "{shape}");
            assert!(crate::leads::id_number::IdNumber::parse(shape).is_err(), "{shape}");
        }
    }

    #[test]
    fn the_staff_phone_and_label_patterns() {
        let staff = Regex::new(STAFF_PHONE_PATTERN).expect("compiles");
        assert!(staff.is_match("") && staff.is_match("+861012345") && staff.is_match("12345"));
        assert!(!staff.is_match("1234") && !staff.is_match("12a45") && !staff.is_match(&"1".repeat(21)));
        let label = Regex::new(LABEL_PATTERN).expect("compiles");
        assert!(label.is_match("首付") && label.is_match(" 改善 "));
        for blank in [" ", "\u{3000}", "\t\n", "\u{a0}"] {
            assert!(!label.is_match(blank), "{blank:?}");
            assert!(blank.trim().is_empty(), "the service trims {blank:?} to nothing too");
        }
    }
}
