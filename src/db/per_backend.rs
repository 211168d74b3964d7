//! The statements diesel's multi-backend connection cannot express, written once each.
//!
//! `AnyConnection` runs a query built against the shared schema on either backend, but
//! `ON CONFLICT`, `FOR UPDATE` and multi-row `VALUES` need the concrete connection. Each
//! macro here matches on the backend so that model files never do: they say what they
//! want (`insert_or_ignore!`, `insert_batch!`, `lock_rows!`) and a new model copies that.
//! The keyset filter sits here too, as it is written the same way for every sorted list.

/// `INSERT … ON CONFLICT DO NOTHING` on either backend; evaluates to the number of rows
/// inserted (0 when the key already existed). Only a uniqueness conflict is ignored:
/// unlike SQLite's `INSERT OR IGNORE`, a NOT NULL or CHECK violation still fails.
macro_rules! insert_or_ignore {
    ($conn:expr, $table:expr, $values:expr) => {
        match $conn {
            $crate::db::AnyConnection::Pg(pg) => {
                diesel::RunQueryDsl::execute(diesel::insert_into($table).values($values).on_conflict_do_nothing(), pg)
            }
            $crate::db::AnyConnection::Sqlite(sqlite) => diesel::RunQueryDsl::execute(
                diesel::insert_into($table).values($values).on_conflict_do_nothing(),
                sqlite,
            ),
        }
    };
}

/// Runs a write for a slice of rows: one statement for the whole batch on PostgreSQL (a
/// round trip saved per row), one per row on SQLite, which runs in-process and whose
/// diesel backend has no multi-row `VALUES` with defaults. `|conn, values| statement`
/// names the connection and the rows (the slice or one row) the statement binds;
/// evaluates to `QueryResult<()>`; an empty slice sends nothing.
macro_rules! insert_batch {
    ($conn:expr, $rows:expr, |$c:ident, $values:ident| $statement:expr) => {
        match $conn {
            $crate::db::AnyConnection::Pg($c) => {
                let $values = $rows;
                if $values.is_empty() {
                    diesel::QueryResult::Ok(())
                } else {
                    $statement.map(|_| ())
                }
            }
            $crate::db::AnyConnection::Sqlite($c) => $rows.iter().try_for_each(|$values| $statement.map(|_| ())),
        }
    };
}

/// Locks the rows `query` selects until the transaction ends: `FOR UPDATE` on PostgreSQL;
/// on SQLite the transaction's `BEGIN IMMEDIATE` already holds the database's write lock.
/// Lock before reading what a write depends on, and lock a lead before its other rows, so
/// two writers never wait on each other in opposite order.
macro_rules! lock_rows {
    ($conn:expr, $query:expr) => {
        match $conn {
            $crate::db::AnyConnection::Pg(pg) => {
                diesel::RunQueryDsl::execute(diesel::QueryDsl::for_update($query), pg).map(|_| ())
            }
            _ => diesel::QueryResult::Ok(()),
        }
    };
}

/// Locks the rows `query` selects as [`lock_rows!`] does, but `FOR NO KEY UPDATE` on
/// PostgreSQL: writers of these rows wait, while inserts elsewhere that reference them
/// (a foreign-key check takes `KEY SHARE`) do not. For a parent row held as a mutex over
/// its children (the project row over the front desk): `FOR UPDATE` would make every insert
/// referencing the project wait, and deadlock with a writer that locked a lead first.
macro_rules! lock_rows_not_keys {
    ($conn:expr, $query:expr) => {
        match $conn {
            $crate::db::AnyConnection::Pg(pg) => {
                diesel::RunQueryDsl::execute(diesel::QueryDsl::for_no_key_update($query), pg).map(|_| ())
            }
            _ => diesel::QueryResult::Ok(()),
        }
    };
}

/// Loads the rows `query` selects and locks them until the transaction ends, skipping rows
/// another transaction holds: `FOR UPDATE SKIP LOCKED` on PostgreSQL, so several workers
/// (replicas) each claim different work without waiting on one another; on SQLite the
/// transaction's `BEGIN IMMEDIATE` already makes claimers take turns. Evaluates to
/// `QueryResult<Vec<_>>`.
macro_rules! claim_rows {
    ($conn:expr, $query:expr) => {
        match $conn {
            $crate::db::AnyConnection::Pg(pg) => {
                diesel::RunQueryDsl::load(diesel::QueryDsl::skip_locked(diesel::QueryDsl::for_update($query)), pg)
            }
            $crate::db::AnyConnection::Sqlite(sqlite) => diesel::RunQueryDsl::load($query, sqlite),
        }
    };
}

/// The keyset filter of a sorted list: the rows strictly after (`>`, ascending sorts) or
/// before (`<`, descending sorts) the cursor's sort key, compared column by column, the
/// last column being the tie-breaking id. `keyset!(> (units::building, b), (units::id, id))`
/// is `building > b OR (building = b AND id > id)`; the index on the same columns serves it.
macro_rules! keyset {
    ($op:tt ($column:expr, $value:expr)) => {
        $crate::db::keyset!(@cmp $op $column, $value)
    };
    ($op:tt ($column:expr, $value:expr), $(($rest:expr, $rest_value:expr)),+) => {{
        let value = $value;
        $crate::db::keyset!(@cmp $op $column, value.clone())
            .or($column.eq(value).and($crate::db::keyset!($op $(($rest, $rest_value)),+)))
    }};
    (@cmp > $column:expr, $value:expr) => {
        $column.gt($value)
    };
    (@cmp < $column:expr, $value:expr) => {
        $column.lt($value)
    };
}

pub(crate) use {claim_rows, insert_batch, insert_or_ignore, keyset, lock_rows, lock_rows_not_keys};
