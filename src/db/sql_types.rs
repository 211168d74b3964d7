//! The one custom SQL type: ids are UUIDs, stored natively on PostgreSQL and as
//! canonical hyphenated text on SQLite. The multi-backend connection supports only a
//! portable subset of types, so this file teaches it (and each inner backend) this one.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::pg::Pg;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::{HasSqlType, SqlType};
use diesel::sqlite::Sqlite;
use std::io::Write;

use super::MultiBackend;

/// SQL type of every id column. PostgreSQL: `uuid` (OID 2950); SQLite: `TEXT`.
#[derive(Debug, Clone, Copy, Default, SqlType, diesel::query_builder::QueryId)]
#[diesel(postgres_type(oid = 2950, array_oid = 2951))]
#[diesel(sqlite_type(name = "Text"))]
pub struct Uuid;

impl HasSqlType<Uuid> for MultiBackend {
    fn metadata(lookup: &mut Self::MetadataLookup) -> Self::TypeMetadata {
        MultiBackend::lookup_sql_type::<Uuid>(lookup)
    }
}

/// An id as diesel sees it. Models hold `Id`; the API layer speaks plain `uuid::Uuid`
/// (`Id::from(uuid)`, `uuid::Uuid::from(id)`). A newtype is needed because diesel's
/// expression traits cannot be implemented for the foreign `uuid::Uuid`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, AsExpression, FromSqlRow)]
#[diesel(sql_type = Uuid)]
pub struct Id(pub uuid::Uuid);

impl Id {
    /// A new time-ordered (v7) id: sorting by id sorts by creation.
    pub fn new() -> Self {
        Self(uuid::Uuid::now_v7())
    }
}

impl Default for Id {
    fn default() -> Self {
        Self::new()
    }
}

impl From<uuid::Uuid> for Id {
    fn from(value: uuid::Uuid) -> Self {
        Self(value)
    }
}

impl From<Id> for uuid::Uuid {
    fn from(value: Id) -> Self {
        value.0
    }
}

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl ToSql<Uuid, Pg> for Id {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        out.write_all(self.0.as_bytes())?;
        Ok(IsNull::No)
    }
}

impl FromSql<Uuid, Pg> for Id {
    fn from_sql(bytes: <Pg as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        Ok(Id(uuid::Uuid::from_slice(bytes.as_bytes())?))
    }
}

impl ToSql<Uuid, Sqlite> for Id {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
        out.set_value(self.0.hyphenated().to_string());
        Ok(IsNull::No)
    }
}

impl FromSql<Uuid, Sqlite> for Id {
    fn from_sql(bytes: <Sqlite as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        let text = <String as FromSql<diesel::sql_types::Text, Sqlite>>::from_sql(bytes)?;
        Ok(Id(uuid::Uuid::parse_str(&text)?))
    }
}

impl ToSql<Uuid, MultiBackend> for Id {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
        out.set_value((Uuid, self));
        Ok(IsNull::No)
    }
}

impl FromSql<Uuid, MultiBackend> for Id {
    fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        bytes.from_sql::<Self, Uuid>()
    }
}

/// Stores a closed set of words (roles, statuses, grades…) as text on both backends.
///
/// The type needs `fn as_str(self) -> &'static str` and `fn parse(&str) -> Option<Self>`,
/// and `#[derive(diesel::AsExpression, diesel::FromSqlRow)]` with
/// `#[diesel(sql_type = diesel::sql_types::Text)]`. A stored value outside the set fails
/// loudly on read instead of being guessed at.
#[macro_export]
macro_rules! text_enum_sql {
    ($ty:ty) => {
        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg> for $ty {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>,
            ) -> diesel::serialize::Result {
                std::io::Write::write_all(out, self.as_str().as_bytes())?;
                Ok(diesel::serialize::IsNull::No)
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::sqlite::Sqlite> for $ty {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::sqlite::Sqlite>,
            ) -> diesel::serialize::Result {
                out.set_value(self.as_str());
                Ok(diesel::serialize::IsNull::No)
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::Text, $crate::db::MultiBackend> for $ty {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, $crate::db::MultiBackend>,
            ) -> diesel::serialize::Result {
                out.set_value((diesel::sql_types::Text, self));
                Ok(diesel::serialize::IsNull::No)
            }
        }

        // Read straight from each backend too, for the statements sent on a connection's
        // own (`SELECT … FOR UPDATE`, the lead page). PostgreSQL's bytes are read in place.
        impl diesel::deserialize::FromSql<diesel::sql_types::Text, diesel::pg::Pg> for $ty {
            fn from_sql(bytes: diesel::pg::PgValue<'_>) -> diesel::deserialize::Result<Self> {
                let text = std::str::from_utf8(bytes.as_bytes())?;
                <$ty>::parse(text).ok_or_else(|| format!("unexpected {} value {:?}", stringify!($ty), text).into())
            }
        }

        impl diesel::deserialize::FromSql<diesel::sql_types::Text, diesel::sqlite::Sqlite> for $ty {
            fn from_sql(
                bytes: <diesel::sqlite::Sqlite as diesel::backend::Backend>::RawValue<'_>,
            ) -> diesel::deserialize::Result<Self> {
                use diesel::{deserialize::FromSql, sql_types::Text, sqlite::Sqlite};
                let text = <String as FromSql<Text, Sqlite>>::from_sql(bytes)?;
                <$ty>::parse(&text).ok_or_else(|| format!("unexpected {} value {:?}", stringify!($ty), text).into())
            }
        }

        impl diesel::deserialize::FromSql<diesel::sql_types::Text, $crate::db::MultiBackend> for $ty {
            fn from_sql(
                bytes: <$crate::db::MultiBackend as diesel::backend::Backend>::RawValue<'_>,
            ) -> diesel::deserialize::Result<Self> {
                let text = <String as diesel::deserialize::FromSql<
                    diesel::sql_types::Text,
                    $crate::db::MultiBackend,
                >>::from_sql(bytes)?;
                <$ty>::parse(&text).ok_or_else(|| format!("unexpected {} value {:?}", stringify!($ty), text).into())
            }
        }
    };
}

/// Declares a closed set of words in one place: the Rust enum, its JSON names, its
/// OpenAPI schema (the very words serde reads and writes, each with its doc comment) and
/// its storage as text, all from one list of `Variant = "word"`.
///
/// The schema is written by hand rather than derived: utoipa's derive cannot see a serde
/// rename that arrives through a macro, and published the Rust names instead.
#[macro_export]
macro_rules! text_enum {
    ($(#[doc = $doc:literal])* pub enum $name:ident { $($(#[doc = $vdoc:literal])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[derive(diesel::AsExpression, diesel::FromSqlRow)]
        #[diesel(sql_type = diesel::sql_types::Text)]
        pub enum $name {
            $($(#[doc = $vdoc])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every word of the set, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored and serialized word.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses a stored word.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl $crate::db::sql_types::TextWords for $name {
            fn words() -> Vec<&'static str> {
                vec![$($text),+]
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                $crate::db::sql_types::word_schema(
                    &[$($doc),*],
                    &[$(($text, stringify!($variant), &[$($vdoc),*])),+],
                )
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
        }

        $crate::text_enum_sql!($name);
    };
}

/// What every `text_enum!` type can say about itself, for tests that hold the spec to the wire.
pub trait TextWords {
    /// Every word, in declaration order, exactly as serde writes it.
    fn words() -> Vec<&'static str>;
}

/// The OpenAPI schema of a `text_enum!`: a string with the words as `enum`, the enum's doc
/// as the description followed by one line per word, and `x-enum-varnames` /
/// `x-enum-descriptions` for generators that name constants.
pub fn word_schema(
    doc: &[&str],
    words: &[(&str, &str, &[&str])],
) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::extensions::ExtensionsBuilder;
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    let join = |lines: &[&str]| lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
    let meanings: Vec<String> = words.iter().map(|(_, _, lines)| join(lines)).collect();
    let mut description = join(doc);
    description.push('\n');
    for ((word, _, _), meaning) in words.iter().zip(&meanings) {
        description.push_str(&format!("\n- `{word}`: {meaning}"));
    }
    let extensions = ExtensionsBuilder::new()
        .add("x-enum-varnames", words.iter().map(|(_, variant, _)| *variant).collect::<Vec<_>>())
        .add("x-enum-descriptions", meanings)
        .build();
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .description(Some(description))
        .enum_values(Some(words.iter().map(|(word, _, _)| *word)))
        .extensions(Some(extensions))
        .into()
}
