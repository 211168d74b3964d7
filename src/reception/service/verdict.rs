//! The verdict (判客) and who receives the visitor: pure rules, decided from what the
//! database holds, never from what the desk says. Tested here, one case per rule.

use crate::reception::Verdict;

/// What the database holds about a visitor's phone in the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    /// A live lead (lost leads count) has the phone: `Some(true)` while its owner's
    /// protection runs.
    pub lead_protected: Option<bool>,
    /// A valid (unexpired) channel report matches the phone.
    pub valid_report: bool,
}

/// The verdict: a protected lead first, then a valid report, then a lapsed lead.
pub fn judge(facts: Facts) -> Verdict {
    match (facts.lead_protected, facts.valid_report) {
        (Some(true), _) => Verdict::Returning,
        (_, true) => Verdict::Reported,
        (Some(false), false) => Verdict::Pool,
        (None, false) => Verdict::New,
    }
}

/// Why, in words the desk can read out.
pub fn reason(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::New => "No lead of the project has this phone and no valid report names it: a new buyer.",
        Verdict::Returning => "A lead of the project holds this phone under protection: a return visit for its owner.",
        Verdict::Pool => {
            "A lead of the project has this phone but its protection lapsed: it goes through the rotation."
        }
        Verdict::Reported => "A valid channel report names this phone: the buyer is the channel's.",
    }
}

/// Who receives a visitor, before the queue is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receiver {
    /// The lead's owner (a return visit): no turn is taken.
    Owner,
    /// The salesperson registering their own walk-in keeps it (a new buyer only).
    Registrant,
    /// The next on duty in the rotation (nobody on duty: the visit waits for a manager).
    Rotation,
    /// Nobody yet: a manager assigns the visit.
    Waiting,
}

/// Who receives the visitor: the owner of a protected lead; else, for a buyer new to the
/// project, a salesperson who registers the visit themself; else the rotation when it is
/// on; else a manager decides. A lapsed lead or a channel's buyer is never kept by whoever
/// registers it: that would take them out of the pool's and the rotation's rules.
pub fn receiver(verdict: Verdict, registrant_is_sales: bool, rotation_enabled: bool) -> Receiver {
    match verdict {
        Verdict::Returning => Receiver::Owner,
        Verdict::New if registrant_is_sales => Receiver::Registrant,
        _ if rotation_enabled => Receiver::Rotation,
        _ => Receiver::Waiting,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_protected_lead_wins_over_a_report_and_a_report_over_a_lapsed_lead() {
        let case = |lead_protected, valid_report| judge(Facts { lead_protected, valid_report });
        assert_eq!(case(Some(true), true), Verdict::Returning);
        assert_eq!(case(Some(true), false), Verdict::Returning);
        assert_eq!(case(Some(false), true), Verdict::Reported);
        assert_eq!(case(None, true), Verdict::Reported);
        assert_eq!(case(Some(false), false), Verdict::Pool);
        assert_eq!(case(None, false), Verdict::New);
    }

    #[test]
    fn a_return_visit_goes_to_its_owner_whoever_registers_it() {
        assert_eq!(receiver(Verdict::Returning, true, true), Receiver::Owner);
        assert_eq!(receiver(Verdict::Returning, false, false), Receiver::Owner);
    }

    #[test]
    fn a_salesperson_keeps_a_new_walk_in_and_the_rest_follows_the_rotation() {
        assert_eq!(receiver(Verdict::New, true, true), Receiver::Registrant);
        assert_eq!(receiver(Verdict::New, true, false), Receiver::Registrant);
        for verdict in [Verdict::Pool, Verdict::Reported] {
            assert_eq!(receiver(verdict, true, true), Receiver::Rotation, "{verdict:?}");
            assert_eq!(receiver(verdict, true, false), Receiver::Waiting, "{verdict:?}");
        }
        for verdict in [Verdict::New, Verdict::Pool, Verdict::Reported] {
            assert_eq!(receiver(verdict, false, true), Receiver::Rotation);
            assert_eq!(receiver(verdict, false, false), Receiver::Waiting);
        }
    }
}
