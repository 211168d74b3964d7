//! Crediting a buyer to a channel: the lead's attribution from now on, and the facts already
//! kept of the buyer from the moment the channel's claim holds — each corrected by the module
//! that keeps it, so every report (today's and any re-run of a past range) counts them for
//! the channel. Signed deals keep the attribution they were signed and commissioned under.

use crate::auth::Actor;
use crate::booking;
use crate::db::Conn;
use crate::error::ApiResult;
use crate::follow_ups;
use crate::leads::model::Lead;
use crate::leads::service::desk::{self, Attribution};

/// Attributes the lead to the channel and credits its status moves, contacts, deposits and
/// reservations from `attribution.credit_from` on to it.
pub fn credit(conn: &mut Conn, actor: &Actor, lead: &Lead, attribution: &Attribution<'_>) -> ApiResult<()> {
    desk::attribute(conn, actor, lead, attribution)?;
    follow_ups::model::reattribute(conn, lead.id, attribution.credit_from, attribution.credit())?;
    booking::model::reattribute(conn, lead.id, attribution.credit_from, attribution.credit())?;
    Ok(())
}
