//! The published list of every error `code` the API answers with: its status and the
//! message a front end can show, in English and Chinese (zh-CN). Served at
//! `GET /api/v1/error-codes`, mirrored in the spec's description, and checked against
//! the codes the source raises by a test. One table per part of the product, so that each
//! stays short; `REGISTRY` is their union, sorted.

use std::sync::LazyLock;

/// One error code of the registry.
#[derive(Debug, Clone, Copy, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorCode {
    /// The stable machine-readable code, e.g. `lead.duplicate_phone`.
    pub code: &'static str,
    /// The HTTP status it is answered with.
    pub status: u16,
    /// The message in English.
    pub en: &'static str,
    /// The message in Chinese (zh-CN).
    pub zh: &'static str,
}

/// Writes a part of the registry as a table: code, status, English, Chinese — one entry per row.
macro_rules! registry {
    ($($code:literal $status:literal $en:literal $zh:literal;)*) => {
        &[$(ErrorCode { code: $code, status: $status, en: $en, zh: $zh }),*]
    };
}

mod aftersales;
mod analytics;
mod front_of_house;
mod integrations;
mod leads;
mod platform;
mod sales;

/// Every code, sorted by `code`: the parts' tables together.
pub static REGISTRY: LazyLock<Vec<ErrorCode>> = LazyLock::new(|| {
    let mut all: Vec<ErrorCode> = [
        platform::CODES,
        leads::CODES,
        sales::CODES,
        front_of_house::CODES,
        integrations::CODES,
        analytics::CODES,
        aftersales::CODES,
    ]
    .concat();
    all.sort_by_key(|entry| entry.code);
    all
});

/// The registry entry of a code.
pub fn lookup(code: &str) -> Option<&'static ErrorCode> {
    REGISTRY.binary_search_by(|entry| entry.code.cmp(code)).ok().map(|i| &REGISTRY[i])
}
