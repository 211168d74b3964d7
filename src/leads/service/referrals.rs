//! `GET /leads/{id}/referrals`: the buyers a lead brought (老带新), for the reward and the
//! thank-you. Whoever sees the referrer sees whom they brought, newest first, in keyset
//! pages; a referred buyer's phone is masked unless the reader may see that lead's contact.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{phone_as_seen, visible_lead};
use crate::auth::model::display_names;
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::error::ApiResult;
use crate::http::{Page, PageQuery};
use crate::leads::dto::ReferralView;
use crate::leads::model::Lead;
use crate::schema::leads;

/// Where the previous page stopped: newest registration first.
#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    at: NaiveDateTime,
    id: Uuid,
}

/// The referrer's referrals (the owner and managers of the referrer; 404 otherwise).
pub fn referrals(conn: &mut Conn, actor: &Actor, lead_id: Uuid, page: PageQuery) -> ApiResult<Page<ReferralView>> {
    let referrer = visible_lead(conn, actor, lead_id)?;
    let mut query = leads::table
        .filter(leads::referrer_lead_id.eq(referrer.id))
        .filter(leads::deleted_at.is_null())
        .order((leads::created_at.desc(), leads::id.desc()))
        .select(Lead::as_select())
        .into_boxed();
    if let Some(Cursor { at, id }) = page.decode()? {
        query = query.filter(db::keyset!(< (leads::created_at, at), (leads::id, Id(id))));
    }
    let limit = page.limit();
    let referred: Vec<Lead> = query.limit(limit + 1).load(conn)?;
    let names = display_names(conn, referred.iter().map(|l| l.owner_id))?;
    Ok(Page::from_rows(
        referred,
        limit,
        |lead| Cursor { at: lead.created_at, id: lead.id.0 },
        |lead| {
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
        },
    ))
}
