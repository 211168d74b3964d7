//! `GET /leads/{id}/referrals`: the buyers a lead brought (老带新), for the reward and the
//! thank-you. Whoever sees the referrer sees whom they brought, newest first; a referred
//! buyer's phone is masked unless the reader may see that lead's contact.

use diesel::prelude::*;
use uuid::Uuid;

use super::{phone_as_seen, visible_lead};
use crate::auth::model::display_names;
use crate::auth::Actor;
use crate::db::Conn;
use crate::error::ApiResult;
use crate::leads::dto::ReferralView;
use crate::leads::model::Lead;
use crate::schema::leads;

/// How many referrals one answer lists: a buyer who brought more is a campaign, not a list.
const MOST_REFERRALS: i64 = 200;

/// The referrer's referrals (the owner and managers of the referrer; 404 otherwise).
pub fn referrals(conn: &mut Conn, actor: &Actor, lead_id: Uuid) -> ApiResult<Vec<ReferralView>> {
    let referrer = visible_lead(conn, actor, lead_id)?;
    let referred: Vec<Lead> = leads::table
        .filter(leads::referrer_lead_id.eq(referrer.id))
        .filter(leads::deleted_at.is_null())
        .order((leads::created_at.desc(), leads::id.desc()))
        .limit(MOST_REFERRALS)
        .select(Lead::as_select())
        .load(conn)?;
    let names = display_names(conn, referred.iter().map(|l| l.owner_id))?;
    Ok(referred
        .into_iter()
        .map(|lead| {
            let (phone, _) = phone_as_seen(actor, lead.owner_id, lead.phone);
            ReferralView {
                lead_id: lead.id.0,
                name: lead.name,
                phone,
                status: lead.status,
                owner_display_name: names.get(&lead.owner_id).cloned().unwrap_or_default(),
                visit_count: lead.visit_count,
                referred_at: lead.created_at.and_utc(),
            }
        })
        .collect())
}
