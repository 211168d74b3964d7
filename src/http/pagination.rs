//! Keyset pagination: `?limit=` (default 20, at most 100) and an opaque `?cursor=`;
//! answers `{ "items": [...], "next_cursor": "…" | null }`.
//!
//! A cursor is the sort key of the last item sent, base64url-encoded JSON, so the next
//! page is `WHERE (key) > (cursor)` on an index: constant cost however deep the client
//! scrolls, and stable while rows are added.

use base64::Engine;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::error::{ApiError, FieldError};

/// Page size when the client does not ask.
pub const DEFAULT_LIMIT: i64 = 20;
/// Largest page a client may ask for.
pub const MAX_LIMIT: i64 = 100;

/// The paging part of a list query.
#[derive(Debug, Clone, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Items per page, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page; omit for the first page.
    #[param(max_length = 512)]
    pub cursor: Option<String>,
}

impl PageQuery {
    /// The page size to use.
    pub fn limit(&self) -> i64 {
        self.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT)
    }

    /// The decoded cursor, or 422 naming `cursor` when it was not one of ours.
    pub fn decode<K: DeserializeOwned>(&self) -> Result<Option<K>, ApiError> {
        let Some(raw) = self.cursor.as_deref().filter(|c| !c.is_empty()) else {
            return Ok(None);
        };
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(raw)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .map(Some)
            .ok_or_else(|| ApiError::validation(vec![FieldError::new("cursor", "is not a cursor this API gave out")]))
    }
}

/// One page of a list.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Page<T> {
    /// The items of this page, in order.
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Builds a page from up to `limit + 1` rows fetched: the extra row only tells that
    /// another page exists, and `key` gives the cursor of the last row kept.
    pub fn from_rows<R, K: Serialize>(
        mut rows: Vec<R>,
        limit: i64,
        key: impl Fn(&R) -> K,
        view: impl FnMut(R) -> T,
    ) -> Self {
        let has_more = rows.len() as i64 > limit;
        rows.truncate(limit.max(0) as usize);
        let next_cursor = if has_more { rows.last().map(|last| encode_cursor(&key(last))) } else { None };
        Self { items: rows.into_iter().map(view).collect(), next_cursor }
    }
}

/// Encodes a sort key as an opaque cursor.
pub fn encode_cursor<K: Serialize>(key: &K) -> String {
    let json = serde_json::to_vec(key).unwrap_or_default();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_keeps_limit_rows_and_points_past_the_last() {
        let page = Page::from_rows(vec![1, 2, 3], 2, |n| *n, |n| n * 10);
        assert_eq!(page.items, vec![10, 20]);
        let query = PageQuery { limit: Some(2), cursor: page.next_cursor };
        assert_eq!(query.decode::<i32>().expect("ours"), Some(2));
    }

    #[test]
    fn the_last_page_has_no_cursor_and_foreign_cursors_are_422() {
        assert!(Page::from_rows(vec![1, 2], 2, |n| *n, |n| n).next_cursor.is_none());
        let query = PageQuery { limit: None, cursor: Some("not-ours!".into()) };
        assert_eq!(query.decode::<i32>().expect_err("foreign").problem().status, 422);
        assert_eq!(query.limit(), DEFAULT_LIMIT);
    }
}
