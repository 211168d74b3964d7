//! The moves a complaint makes, and who may make each.

use super::ComplaintStatus;

crate::text_enum! {
    /// A move of a complaint (each is `POST /complaints/{id}/{move}`).
    pub enum ComplaintMove {
        /// Tell the buyer it is being looked at (响应): `open → acknowledged`.
        Acknowledge = "acknowledge",
        /// Start the work: `acknowledged → in_progress`.
        Start = "start",
        /// Solved, with a root cause and the resolution: `in_progress → resolved`.
        Resolve = "resolve",
        /// The buyer's satisfaction recorded: `resolved → closed`.
        Close = "close",
        /// Not solved after all: `resolved | closed → in_progress`, with a new resolve deadline.
        Reopen = "reopen",
    }
}

/// Where the move takes a complaint from `from`; `None` when it cannot be made from there.
pub fn after(from: ComplaintStatus, step: ComplaintMove) -> Option<ComplaintStatus> {
    use ComplaintMove as M;
    use ComplaintStatus as S;
    match (from, step) {
        (S::Open, M::Acknowledge) => Some(S::Acknowledged),
        (S::Acknowledged, M::Start) => Some(S::InProgress),
        (S::InProgress, M::Resolve) => Some(S::Resolved),
        (S::Resolved, M::Close) => Some(S::Closed),
        (S::Resolved | S::Closed, M::Reopen) => Some(S::InProgress),
        _ => None,
    }
}

/// What the caller is to the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// A manager of the project (an admin, an integration client of it).
    pub manager: bool,
    /// The buyer's salesperson.
    pub owner: bool,
    /// The person the case is assigned to.
    pub assignee: bool,
}

/// Whether someone of this standing may make the move: the owner and managers acknowledge;
/// managers and the assignee work, resolve and close; any of them reopens.
pub fn may(standing: Standing, step: ComplaintMove) -> bool {
    let Standing { manager, owner, assignee } = standing;
    match step {
        ComplaintMove::Acknowledge => manager || owner || assignee,
        ComplaintMove::Start | ComplaintMove::Resolve | ComplaintMove::Close => manager || assignee,
        ComplaintMove::Reopen => manager || owner || assignee,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_move_goes_one_way_and_reopening_goes_back_to_work() {
        let mut status = ComplaintStatus::Open;
        for step in [ComplaintMove::Acknowledge, ComplaintMove::Start, ComplaintMove::Resolve, ComplaintMove::Close] {
            status = after(status, step).expect("the next step");
        }
        assert_eq!(status, ComplaintStatus::Closed);
        assert_eq!(after(ComplaintStatus::Closed, ComplaintMove::Reopen), Some(ComplaintStatus::InProgress));
        assert_eq!(after(ComplaintStatus::Resolved, ComplaintMove::Reopen), Some(ComplaintStatus::InProgress));
        assert_eq!(after(ComplaintStatus::Open, ComplaintMove::Resolve), None, "no skipping the work");
        assert_eq!(after(ComplaintStatus::InProgress, ComplaintMove::Reopen), None);
        assert_eq!(after(ComplaintStatus::Closed, ComplaintMove::Close), None, "closed once");
    }

    #[test]
    fn the_owner_answers_the_buyer_and_managers_or_the_assignee_do_the_work() {
        let owner = Standing { manager: false, owner: true, assignee: false };
        let assignee = Standing { manager: false, owner: false, assignee: true };
        assert!(may(owner, ComplaintMove::Acknowledge) && may(owner, ComplaintMove::Reopen));
        assert!(!may(owner, ComplaintMove::Resolve) && !may(owner, ComplaintMove::Close));
        assert!(may(assignee, ComplaintMove::Resolve) && may(assignee, ComplaintMove::Close));
    }
}
