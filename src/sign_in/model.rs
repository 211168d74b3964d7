//! The `login_failures` table: failed sign-ins by username and client address, read by the
//! throttle and forgotten after a success; WeChat bindings and their bind tickets.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{Conn, Id};
use crate::schema::{login_failures, wechat_bind_tickets, wechat_bindings};

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

/// A user's WeChat binding in one mini-program (`wechat_bindings`).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = wechat_bindings)]
pub struct WeChatBinding {
    pub user_id: Id,
    pub app_id: String,
    pub openid: String,
    pub unionid: Option<String>,
    pub bound_at: NaiveDateTime,
}

impl WeChatBinding {
    /// The user bound to `openid` in the app, if any.
    pub fn user_of(conn: &mut Conn, app_id: &str, openid: &str) -> QueryResult<Option<Id>> {
        wechat_bindings::table
            .filter(wechat_bindings::app_id.eq(app_id))
            .filter(wechat_bindings::openid.eq(openid))
            .select(wechat_bindings::user_id)
            .first(conn)
            .optional()
    }

    /// Binds, replacing the user's earlier binding (换绑): whether it was bound, and the
    /// binding it replaced. `false` when the openid is bound to another user — the unique
    /// key decides between two binds of it at once.
    pub fn bind(&self, conn: &mut Conn) -> QueryResult<(bool, Option<WeChatBinding>)> {
        let earlier = WeChatBinding::remove(conn, self.user_id)?;
        let bound = crate::db::insert_or_ignore!(conn, wechat_bindings::table, self)? == 1;
        Ok((bound, earlier))
    }

    /// Removes the user's binding: the one removed, if any.
    pub fn remove(conn: &mut Conn, user_id: Id) -> QueryResult<Option<WeChatBinding>> {
        let earlier = wechat_bindings::table.find(user_id).select(WeChatBinding::as_select()).first(conn).optional()?;
        if earlier.is_some() {
            diesel::delete(wechat_bindings::table.find(user_id)).execute(conn)?;
        }
        Ok(earlier)
    }
}

/// A single-use ticket that binds an unbound openid once its user proves who they are
/// (`wechat_bind_tickets`).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = wechat_bind_tickets)]
pub struct BindTicket {
    pub ticket_hash: String,
    pub app_id: String,
    pub openid: String,
    pub unionid: Option<String>,
    pub issued_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

impl BindTicket {
    /// Stores the ticket and forgets those that expired a day ago or more.
    pub fn insert(&self, conn: &mut Conn) -> QueryResult<()> {
        let stale = self.issued_at - chrono::Duration::days(1);
        diesel::delete(wechat_bind_tickets::table.filter(wechat_bind_tickets::expires_at.lt(stale))).execute(conn)?;
        diesel::insert_into(wechat_bind_tickets::table).values(self).execute(conn).map(|_| ())
    }

    /// Uses the ticket with this hash: it, when it was unused and unexpired. The
    /// conditional UPDATE is the single use: of two binds with one ticket, one wins.
    pub fn use_once(conn: &mut Conn, ticket_hash: &str, now: NaiveDateTime) -> QueryResult<Option<BindTicket>> {
        let usable = wechat_bind_tickets::table
            .filter(wechat_bind_tickets::ticket_hash.eq(ticket_hash))
            .filter(wechat_bind_tickets::used_at.is_null())
            .filter(wechat_bind_tickets::expires_at.gt(now));
        if diesel::update(usable).set(wechat_bind_tickets::used_at.eq(now)).execute(conn)? == 0 {
            return Ok(None);
        }
        wechat_bind_tickets::table.find(ticket_hash).select(BindTicket::as_select()).first(conn).optional()
    }
}
