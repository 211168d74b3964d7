//! The `login_failures` table: failed sign-ins by username and client address, read by the
//! throttle and forgotten after a success.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{Conn, Id};
use crate::schema::login_failures;

/// Failed logins from a client address since `since`: (username, when) — few by
/// construction, since throttled attempts are not recorded.
pub fn recent_failures_from(
    conn: &mut Conn,
    client_address: &str,
    since: NaiveDateTime,
) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    login_failures::table
        .filter(login_failures::client_address.eq(client_address))
        .filter(login_failures::occurred_at.gt(since))
        .select((login_failures::username, login_failures::occurred_at))
        .load(conn)
}

/// Records a failed login.
pub fn record_failure(conn: &mut Conn, username: &str, client_address: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::insert_into(login_failures::table)
        .values((
            login_failures::id.eq(Id::new()),
            login_failures::username.eq(username),
            login_failures::client_address.eq(client_address),
            login_failures::occurred_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Forgets a username's failures from this address after a successful login there (the
/// address's count of other usernames stays), and everyone's old ones.
pub fn clear_failures(
    conn: &mut Conn,
    username: &str,
    client_address: &str,
    older_than: NaiveDateTime,
) -> QueryResult<()> {
    let this_account_here =
        login_failures::username.eq(username).and(login_failures::client_address.eq(client_address));
    diesel::delete(login_failures::table.filter(this_account_here.or(login_failures::occurred_at.lt(older_than))))
        .execute(conn)
        .map(|_| ())
}
