//! What the trail tells the outside. Some actions are changes an integration wants to hear
//! of (a lead registered, a deal signed, money received); each of those is told as an
//! event type of the change feed (`GET /events`) and of webhooks. The type is decided when
//! the event is recorded, in the transaction of the change, and stored beside the action,
//! so the feed is the trail's own order (positions given after commit, by the sealer) with
//! nothing more written on a change's path.

use serde_json::{Map, Value};

use super::AuditAction;

crate::text_enum! {
    /// A kind of change told to integrations (the change feed `GET /events` and webhooks).
    pub enum EventType {
        /// A manager decided a channel's appeal (申诉): upheld or rejected.
        AppealDecided = "appeal.decided",
        /// A care occasion of a buyer who consented to contact: a birthday today (the owner
        /// hears of it the same morning).
        CareReminder = "care.reminder",
        /// A commission's milestone was reached: the channel may be paid.
        CommissionPayable = "commission.payable",
        /// A complaint's deadline (to acknowledge, to resolve) passed unmet; the project's
        /// managers hear of it.
        ComplaintBreached = "complaint.breached",
        /// A complaint was assigned to someone to work on.
        ComplaintAssigned = "complaint.assigned",
        /// A buyer's complaint (客诉) was filed.
        ComplaintFiled = "complaint.filed",
        /// A complaint moved: acknowledged, started, resolved, closed or reopened.
        ComplaintStatusChanged = "complaint.status_changed",
        /// A signed deal was cancelled (退房).
        DealCancelled = "deal.cancelled",
        /// A signed deal moved to another unit (换房).
        DealChanged = "deal.changed",
        /// A reservation was signed: the deal (签约).
        DealSigned = "deal.signed",
        /// A follow-up (跟进) was recorded.
        FollowUpRecorded = "follow_up.recorded",
        /// A lead's planned follow-up day ended without one (resource: the lead).
        FollowUpOverdue = "follow_up.overdue",
        /// A lead (客户) was registered, by hand, import, the desk or an integration.
        LeadCreated = "lead.created",
        /// A lead was deleted.
        LeadDeleted = "lead.deleted",
        /// A lead's grade changed, by the rules or by hand.
        LeadGradeChanged = "lead.grade_changed",
        /// A lead was marked lost (its changes carry every field changed with it).
        LeadLost = "lead.lost",
        /// Nobody contacted a live lead for the overdue days (`ANCHANG_OVERDUE_DAYS`, 30): the
        /// managers' alert.
        LeadNeglected = "lead.neglected",
        /// A lead changed hands: transfer, handover, a claim from the pool, the desk.
        LeadOwnerChanged = "lead.owner_changed",
        /// A lead's profile changed.
        LeadUpdated = "lead.updated",
        /// Money was received on a deal (回款).
        PaymentReceived = "payment.received",
        /// An instalment of a signed deal passed its due date unpaid (resource: the deal).
        PaymentOverdue = "payment.overdue",
        /// A reported buyer arrived (到访确认).
        ReportArrived = "report.arrived",
        /// A report's protection window ran out before the buyer arrived.
        ReportExpired = "report.expired",
        /// A channel filed a report (报备) that stands.
        ReportFiled = "report.filed",
        /// A reservation was cancelled.
        ReservationCancelled = "reservation.cancelled",
        /// A unit was reserved (认购).
        ReservationCreated = "reservation.created",
        /// A subscription (认筹) was paid.
        SubscriptionCreated = "subscription.created",
        /// A subscription was refunded (退筹).
        SubscriptionRefunded = "subscription.refunded",
        /// A buyer was registered at the desk (来访).
        VisitRegistered = "visit.registered",
        /// A webhook endpoint answered 410 or kept failing, and was turned off.
        WebhookEndpointDisabled = "webhook_endpoint.disabled",
    }
}

impl AuditAction {
    /// The event type an event of this action is told as, given its changes; `None` for
    /// what stays inside (sign-ins, settings, reveals, the trail's own bookkeeping).
    pub fn event_type(self, changes: &Map<String, Value>) -> Option<EventType> {
        Some(match self {
            AuditAction::AppealDecide => EventType::AppealDecided,
            AuditAction::CommissionPayable => EventType::CommissionPayable,
            AuditAction::ComplaintAssign => EventType::ComplaintAssigned,
            AuditAction::ComplaintBreach => EventType::ComplaintBreached,
            AuditAction::ComplaintFile => EventType::ComplaintFiled,
            AuditAction::ComplaintAcknowledge
            | AuditAction::ComplaintStart
            | AuditAction::ComplaintResolve
            | AuditAction::ComplaintClose
            | AuditAction::ComplaintReopen => EventType::ComplaintStatusChanged,
            AuditAction::DealCancel => EventType::DealCancelled,
            AuditAction::DealChangeUnit => EventType::DealChanged,
            AuditAction::DealSign => EventType::DealSigned,
            AuditAction::DealPayment => EventType::PaymentReceived,
            AuditAction::DealPaymentOverdue => EventType::PaymentOverdue,
            AuditAction::FollowUpCreate => EventType::FollowUpRecorded,
            AuditAction::LeadCreate => EventType::LeadCreated,
            AuditAction::LeadCareRemind => EventType::CareReminder,
            AuditAction::LeadDelete => EventType::LeadDeleted,
            AuditAction::LeadFollowUpOverdue => EventType::FollowUpOverdue,
            // Recorded only when the grade in force moved, by the rules or an override (whose
            // own events stay inside: told twice, a receiver would see two changes).
            AuditAction::LeadGradeChange => EventType::LeadGradeChanged,
            AuditAction::LeadUpdate if becomes_lost(changes) => EventType::LeadLost,
            AuditAction::LeadUpdate => EventType::LeadUpdated,
            AuditAction::LeadNeglect => EventType::LeadNeglected,
            AuditAction::LeadAssign
            | AuditAction::LeadClaim
            | AuditAction::LeadHandover
            | AuditAction::LeadTransfer => EventType::LeadOwnerChanged,
            AuditAction::ReportArrive => EventType::ReportArrived,
            AuditAction::ReportExpire => EventType::ReportExpired,
            AuditAction::ReportFile => EventType::ReportFiled,
            AuditAction::ReservationCancel => EventType::ReservationCancelled,
            AuditAction::ReservationCreate => EventType::ReservationCreated,
            AuditAction::SubscriptionCreate => EventType::SubscriptionCreated,
            AuditAction::SubscriptionRefund => EventType::SubscriptionRefunded,
            AuditAction::VisitRegister => EventType::VisitRegistered,
            AuditAction::WebhookEndpointDisable => EventType::WebhookEndpointDisabled,
            _ => return None,
        })
    }
}

/// Whether the changes move a lead's status to `lost`.
fn becomes_lost(changes: &Map<String, Value>) -> bool {
    changes.get("status").and_then(|status| status.get("new")).and_then(Value::as_str) == Some("lost")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn changes(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn a_lead_update_that_loses_the_buyer_is_told_as_lost() {
        let lost = changes(json!({"status": {"old": "visited", "new": "lost"}, "lost_reason": {"new": "price"}}));
        let renamed = changes(json!({"name": {"old": "王", "new": "王先生"}}));
        assert_eq!(AuditAction::LeadUpdate.event_type(&lost), Some(EventType::LeadLost));
        assert_eq!(AuditAction::LeadUpdate.event_type(&renamed), Some(EventType::LeadUpdated));
    }

    #[test]
    fn what_stays_inside_is_not_told() {
        for quiet in
            [AuditAction::AuthLogin, AuditAction::LeadReveal, AuditAction::AuditExport, AuditAction::UserCreate]
        {
            assert_eq!(quiet.event_type(&Map::new()), None, "{quiet}");
        }
    }

    #[test]
    fn every_event_type_is_told_by_some_action() {
        let told: Vec<EventType> = AuditAction::ALL
            .iter()
            .filter_map(|a| a.event_type(&changes(json!({"status": {"new": "lost"}}))))
            .chain(AuditAction::ALL.iter().filter_map(|a| a.event_type(&Map::new())))
            .collect();
        for kind in EventType::ALL {
            assert!(told.contains(kind), "{kind} is told by no action");
        }
    }
}
