//! Reception rules, split by resource: the day's rotation (轮排), and the visit register
//! (来访登记) with the verdict (判客) of each visit.

mod rotation;
mod verdict;
mod visit_edit;
mod visit_list;
mod visits;

pub use rotation::{check_in, check_out, find, skip};
pub use visit_edit::update_visit;
pub use visit_list::{find_visit, list_visits};
pub use visits::{assign, register, DeskRules};

use crate::auth::{Actor, Role};
use crate::error::{ApiError, ApiResult};

/// 403 `visit.forbidden` for channel agents (they report buyers, the desk registers them)
/// and finance (a visit's verdict would tell them whose buyer a phone is).
fn require_desk_role(actor: &Actor) -> ApiResult<()> {
    if matches!(actor.role, Role::ChannelAgent | Role::Finance) {
        return Err(ApiError::forbidden("visit.forbidden", "Channel agents file reports; the desk registers visits."));
    }
    Ok(())
}
