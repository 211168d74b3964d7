//! Where a lead's status may go when a flow moves it, as one pure table. Contacts move it
//! forward through `contacted` and `visited` (follow-ups' `effects.rs`); the sale's own flows
//! — subscription, reservation, signing and their undoing — move it through
//! [`leads::model::move_status`](super::model::move_status), the one writer of the status
//! outside an edit, which asks [`after`].

use crate::words::{LeadStatus, LostReason};

/// What happened to the lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusCause {
    /// A deposit was paid (认筹).
    Subscription,
    /// The deposit was refunded; `visited` says whether the buyer ever came to the office.
    SubscriptionRefunded { visited: bool },
    /// A unit was taken (认购).
    Reservation,
    /// A reservation was cancelled; `subscribed` says whether a deposit is still active,
    /// `holds_another` whether the lead still holds another unit (reserved or signed).
    ReservationCancelled { subscribed: bool, holds_another: bool },
    /// The contract was signed (签约).
    Signing,
    /// A signed deal was cancelled (退房). A buyer who still holds a signed unit stays
    /// signed, one who still holds a reserved unit is reserved; otherwise the buyer is
    /// `lost` for `lost_reason`, or `visited` when the office keeps them as a prospect.
    DealCancelled { holds_signed: bool, holds_reserved: bool, keep_prospect: bool, lost_reason: LostReason },
}

impl StatusCause {
    /// The reason a lead this cause makes `lost` is lost for.
    pub fn lost_reason(self) -> Option<LostReason> {
        match self {
            StatusCause::DealCancelled { lost_reason, .. } => Some(lost_reason),
            _ => None,
        }
    }
}

/// The status a lead in `from` moves to when `cause` happens, or `None` when it keeps its
/// status: a later stage is never undone by an earlier flow (a signed buyer who pays a
/// deposit or takes a second unit stays signed), and an undoing moves the lead back only
/// from the stage it undoes.
pub fn after(from: LeadStatus, cause: StatusCause) -> Option<LeadStatus> {
    use LeadStatus::*;
    let to = match cause {
        StatusCause::Subscription if matches!(from, Reserved | Signed) => return None,
        StatusCause::Subscription => Subscribed,
        StatusCause::SubscriptionRefunded { visited } if from == Subscribed => {
            if visited {
                Visited
            } else {
                Contacted
            }
        }
        StatusCause::SubscriptionRefunded { .. } => return None,
        StatusCause::Reservation if from == Signed => return None,
        StatusCause::Reservation => Reserved,
        StatusCause::ReservationCancelled { holds_another: true, .. } => return None,
        StatusCause::ReservationCancelled { subscribed, .. } if from == Reserved => {
            if subscribed {
                Subscribed
            } else {
                Visited
            }
        }
        StatusCause::ReservationCancelled { .. } => return None,
        StatusCause::Signing => Signed,
        StatusCause::DealCancelled { .. } if from != Signed => return None,
        StatusCause::DealCancelled { holds_signed: true, .. } => return None,
        StatusCause::DealCancelled { holds_reserved: true, .. } => Reserved,
        StatusCause::DealCancelled { keep_prospect: true, .. } => Visited,
        StatusCause::DealCancelled { .. } => Lost,
    };
    (to != from).then_some(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::sql_types::TextWords;
    use LeadStatus::*;

    fn every_status() -> Vec<LeadStatus> {
        LeadStatus::words().into_iter().filter_map(LeadStatus::parse).collect()
    }

    #[test]
    fn the_sale_moves_forward_and_a_later_stage_is_never_undone_by_an_earlier_flow() {
        assert_eq!(after(Visited, StatusCause::Subscription), Some(Subscribed));
        assert_eq!(after(Lost, StatusCause::Subscription), Some(Subscribed), "a deposit brings a lost buyer back");
        assert_eq!(after(Subscribed, StatusCause::Reservation), Some(Reserved));
        assert_eq!(after(Reserved, StatusCause::Signing), Some(Signed));
        for kept in [Reserved, Signed] {
            assert_eq!(after(kept, StatusCause::Subscription), None, "{kept}");
        }
        assert_eq!(after(Signed, StatusCause::Reservation), None, "a second unit leaves a signed buyer signed");
        assert_eq!(after(Signed, StatusCause::Signing), None);
    }

    #[test]
    fn an_undoing_moves_back_only_from_the_stage_it_undoes() {
        let cancelled = |subscribed| StatusCause::ReservationCancelled { subscribed, holds_another: false };
        assert_eq!(after(Reserved, cancelled(true)), Some(Subscribed));
        assert_eq!(after(Reserved, cancelled(false)), Some(Visited));
        let one_of_two = StatusCause::ReservationCancelled { subscribed: true, holds_another: true };
        assert_eq!(after(Reserved, one_of_two), None, "a buyer who still holds a unit stays reserved");
        assert_eq!(after(Subscribed, StatusCause::SubscriptionRefunded { visited: true }), Some(Visited));
        assert_eq!(after(Subscribed, StatusCause::SubscriptionRefunded { visited: false }), Some(Contacted));
        for from in every_status() {
            if from != Reserved {
                assert_eq!(after(from, cancelled(true)), None, "{from}");
            }
            if from != Subscribed {
                assert_eq!(after(from, StatusCause::SubscriptionRefunded { visited: true }), None, "{from}");
            }
        }
    }

    #[test]
    fn a_cancelled_deal_undoes_the_signing_unless_another_unit_holds_the_buyer() {
        let cancelled = |holds_signed, holds_reserved, keep_prospect| StatusCause::DealCancelled {
            holds_signed,
            holds_reserved,
            keep_prospect,
            lost_reason: LostReason::Budget,
        };
        assert_eq!(after(Signed, cancelled(false, false, false)), Some(Lost));
        assert_eq!(cancelled(false, false, false).lost_reason(), Some(LostReason::Budget));
        assert_eq!(after(Signed, cancelled(false, false, true)), Some(Visited), "kept as a prospect");
        assert_eq!(after(Signed, cancelled(false, true, false)), Some(Reserved), "a second unit still reserved");
        assert_eq!(after(Signed, cancelled(true, true, false)), None, "a second unit still signed");
        for from in every_status() {
            if from != Signed {
                assert_eq!(after(from, cancelled(false, false, false)), None, "{from}");
            }
        }
        assert_eq!(StatusCause::Signing.lost_reason(), None);
    }

    #[test]
    fn no_flow_moves_a_lead_to_the_status_it_has() {
        let causes = [
            StatusCause::Subscription,
            StatusCause::SubscriptionRefunded { visited: true },
            StatusCause::Reservation,
            StatusCause::ReservationCancelled { subscribed: false, holds_another: false },
            StatusCause::Signing,
            StatusCause::DealCancelled {
                holds_signed: false,
                holds_reserved: false,
                keep_prospect: false,
                lost_reason: LostReason::Other,
            },
        ];
        for from in every_status() {
            for cause in causes {
                assert_ne!(after(from, cause), Some(from), "{from} {cause:?}");
            }
        }
    }
}
