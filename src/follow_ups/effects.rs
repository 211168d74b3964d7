//! What one contact does to its lead: counters, last contact, status, the next planned
//! contact and the owner's protection. A pure function, so each rule is tested here.

use chrono::{Duration, NaiveDateTime};

use super::cadence::Cadence;
use crate::leads::model::LeadActivity;
use crate::words::{Channel, ContactPurpose, InitiatedBy};
use crate::words::{Grade, LeadStatus};

/// The facts of a contact that matter to its lead.
#[derive(Debug, Clone, Copy)]
pub struct Contact {
    pub channel: Channel,
    pub initiated_by: InitiatedBy,
    pub happened_at: NaiveDateTime,
    pub next_follow_up_at: Option<NaiveDateTime>,
    pub next_purpose: Option<ContactPurpose>,
    pub decision_maker_present: bool,
}

/// The lead's activity after `contact`.
///
/// - visits and show-flat viewings count as such; a call counts only when the buyer made
///   it (a buyer calling back is the signal, not the salesperson dialling);
/// - a new lead becomes contacted, and visited on its first visit or viewing; later
///   statuses (subscribed, signed, lost…) are left to their own flows;
/// - the plan (next date and purpose) comes from the latest contact: one logged late
///   about an earlier day does not overwrite a newer plan. Without a date, the grade's
///   cadence sets it. The first contact always counts as the latest;
/// - the owner's protection runs for `protection` from now, never shortening it.
pub fn after_contact(
    lead: &LeadActivity,
    grade: Option<Grade>,
    contact: &Contact,
    cadence: &Cadence,
    now: NaiveDateTime,
    protection: Duration,
) -> LeadActivity {
    let mut next = lead.clone();
    let count = |yes: bool| i32::from(yes);
    next.visit_count += count(contact.channel == Channel::Visit);
    if contact.channel == Channel::Visit {
        // One logged late about an earlier day can be the first.
        next.first_visit_at = Some(lead.first_visit_at.map_or(contact.happened_at, |t| t.min(contact.happened_at)));
    }
    next.show_flat_visits += count(contact.channel == Channel::ShowFlat);
    next.call_count += count(contact.channel == Channel::Phone && contact.initiated_by == InitiatedBy::Customer);
    next.status = match lead.status {
        LeadStatus::New | LeadStatus::Contacted if contact.channel.is_on_site() => LeadStatus::Visited,
        LeadStatus::New => LeadStatus::Contacted,
        other => other,
    };
    // Registration stamps `last_interaction_at` without a contact (no channel yet): the
    // first real contact replaces that stamp even when it happened before registering.
    let latest = lead.last_contact_channel.is_none() || contact.happened_at >= lead.last_interaction_at;
    if latest {
        next.last_interaction_at = contact.happened_at;
        next.last_contact_channel = Some(contact.channel);
    }
    if latest || lead.next_follow_up_at.is_none() {
        next.next_follow_up_at =
            Some(contact.next_follow_up_at.unwrap_or_else(|| cadence.next_after(grade, contact.happened_at)));
        next.next_purpose = contact.next_purpose;
    }
    next.decision_maker_visited |= contact.decision_maker_present && contact.channel.is_on_site();
    next.protected_until = lead.protected_until.max(now + protection);
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, day).and_then(|d| d.and_hms_opt(hour, 0, 0)).expect("a time")
    }

    fn fresh_lead() -> LeadActivity {
        LeadActivity {
            status: LeadStatus::New,
            visit_count: 0,
            call_count: 0,
            show_flat_visits: 0,
            last_interaction_at: at(20, 9),
            last_contact_channel: None,
            next_follow_up_at: None,
            next_purpose: None,
            protected_until: at(20, 9) + Duration::days(30),
            decision_maker_visited: false,
            first_visit_at: None,
        }
    }

    fn contact(channel: Channel, initiated_by: InitiatedBy, happened_at: NaiveDateTime) -> Contact {
        Contact {
            channel,
            initiated_by,
            happened_at,
            next_follow_up_at: None,
            next_purpose: None,
            decision_maker_present: false,
        }
    }

    fn apply(lead: &LeadActivity, grade: Option<Grade>, c: Contact) -> LeadActivity {
        after_contact(lead, grade, &c, &Cadence::default(), at(23, 12), Duration::days(30))
    }

    #[test]
    fn each_channel_moves_its_own_counter() {
        use Channel::*;
        use InitiatedBy::*;
        let table = [
            (Visit, Salesperson, (1, 0, 0)),
            (ShowFlat, Customer, (0, 0, 1)),
            (Phone, Customer, (0, 1, 0)),
            (Phone, Salesperson, (0, 0, 0)),
            (Wechat, Customer, (0, 0, 0)),
        ];
        for (channel, by, (visits, calls, viewings)) in table {
            let after = apply(&fresh_lead(), None, contact(channel, by, at(23, 10)));
            assert_eq!(
                (after.visit_count, after.call_count, after.show_flat_visits),
                (visits, calls, viewings),
                "{channel} by {by:?}"
            );
        }
    }

    #[test]
    fn the_first_visit_is_the_earliest_one_even_when_logged_late() {
        let called = apply(&fresh_lead(), None, contact(Channel::Phone, InitiatedBy::Customer, at(22, 10)));
        assert_eq!(called.first_visit_at, None);
        let visited = apply(&called, None, contact(Channel::Visit, InitiatedBy::Customer, at(23, 10)));
        assert_eq!(visited.first_visit_at, Some(at(23, 10)));
        let again = apply(&visited, None, contact(Channel::Visit, InitiatedBy::Customer, at(23, 11)));
        assert_eq!(again.first_visit_at, Some(at(23, 10)));
        let earlier = apply(&again, None, contact(Channel::Visit, InitiatedBy::Salesperson, at(21, 9)));
        assert_eq!(earlier.first_visit_at, Some(at(21, 9)), "logged late about an earlier day");
    }

    #[test]
    fn status_moves_forward_only_through_contact_and_visit() {
        let called = apply(&fresh_lead(), None, contact(Channel::Phone, InitiatedBy::Salesperson, at(23, 10)));
        assert_eq!(called.status, LeadStatus::Contacted);
        let visited = apply(&called, None, contact(Channel::Visit, InitiatedBy::Customer, at(23, 11)));
        assert_eq!(visited.status, LeadStatus::Visited);
        let again = apply(&visited, None, contact(Channel::Phone, InitiatedBy::Customer, at(23, 11)));
        assert_eq!(again.status, LeadStatus::Visited);
        let subscribed = LeadActivity { status: LeadStatus::Subscribed, ..fresh_lead() };
        assert_eq!(
            apply(&subscribed, None, contact(Channel::Visit, InitiatedBy::Customer, at(23, 10))).status,
            LeadStatus::Subscribed
        );
    }

    #[test]
    fn the_plan_comes_from_the_latest_contact_or_the_grades_cadence() {
        let by_cadence =
            apply(&fresh_lead(), Some(Grade::A), contact(Channel::Phone, InitiatedBy::Customer, at(23, 10)));
        assert_eq!(by_cadence.next_follow_up_at, Some(at(26, 10)), "A: 3 days");
        assert_eq!(by_cadence.last_interaction_at, at(23, 10));
        assert_eq!(by_cadence.last_contact_channel, Some(Channel::Phone));

        let planned = Contact {
            next_follow_up_at: Some(at(24, 9)),
            next_purpose: Some(ContactPurpose::PushProgress),
            ..contact(Channel::Visit, InitiatedBy::Customer, at(23, 11))
        };
        let after = apply(&by_cadence, None, planned);
        assert_eq!(
            (after.next_follow_up_at, after.next_purpose),
            (Some(at(24, 9)), Some(ContactPurpose::PushProgress))
        );

        let logged_late = apply(&after, None, contact(Channel::Wechat, InitiatedBy::Salesperson, at(22, 10)));
        assert_eq!(logged_late.next_follow_up_at, Some(at(24, 9)), "an older contact keeps the newer plan");
        assert_eq!(logged_late.last_interaction_at, at(23, 11));
        assert_eq!(logged_late.last_contact_channel, Some(Channel::Visit));
    }

    #[test]
    fn the_first_contact_counts_even_if_it_happened_before_registration() {
        let visited_first = apply(&fresh_lead(), None, contact(Channel::Visit, InitiatedBy::Customer, at(20, 7)));
        assert_eq!(visited_first.last_interaction_at, at(20, 7));
        assert_eq!(visited_first.next_follow_up_at, Some(at(20, 7) + Duration::days(14)));
    }

    #[test]
    fn a_decision_maker_counts_only_when_they_came() {
        let on_phone =
            Contact { decision_maker_present: true, ..contact(Channel::Phone, InitiatedBy::Customer, at(23, 10)) };
        assert!(!apply(&fresh_lead(), None, on_phone).decision_maker_visited);
        let on_visit =
            Contact { decision_maker_present: true, ..contact(Channel::Visit, InitiatedBy::Customer, at(23, 10)) };
        let visited = apply(&fresh_lead(), None, on_visit);
        assert!(visited.decision_maker_visited);
        assert!(
            apply(&visited, None, contact(Channel::Visit, InitiatedBy::Customer, at(23, 11))).decision_maker_visited,
            "it stays"
        );
    }

    #[test]
    fn protection_is_renewed_from_now_and_never_shortened() {
        let after = apply(&fresh_lead(), None, contact(Channel::Phone, InitiatedBy::Customer, at(21, 10)));
        assert_eq!(after.protected_until, at(23, 12) + Duration::days(30));
        let long = LeadActivity { protected_until: at(23, 12) + Duration::days(90), ..fresh_lead() };
        assert_eq!(
            apply(&long, None, contact(Channel::Phone, InitiatedBy::Customer, at(21, 10))).protected_until,
            long.protected_until
        );
    }
}
