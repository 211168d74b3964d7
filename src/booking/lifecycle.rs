//! Where units and reservations may go, as pure tables; `booking::model`'s writers refuse
//! any other move.
//!
//! Units: `available ↔ held` (预销控), `available → reserved → sold`, `reserved → available`
//! (a cancelled reservation), `sold → available` (a cancelled or changed deal),
//! `available → sold` (the unit a deal changes to, 换房).
//! Reservations: `active → cancelled`, `active → signed`, `signed → cancelled` (the deal was
//! cancelled, 退房).

use super::UnitStatus;
use crate::words::ReservationStatus;

/// Whether a unit may move from `from` to `to`.
pub fn unit_may_move(from: UnitStatus, to: UnitStatus) -> bool {
    use UnitStatus::*;
    matches!(
        (from, to),
        (Available, Held)
            | (Held, Available)
            | (Available, Reserved)
            | (Reserved, Sold)
            | (Reserved, Available)
            | (Sold, Available)
            | (Available, Sold)
    )
}

/// Whether a reservation may move from `from` to `to`.
pub fn reservation_may_move(from: ReservationStatus, to: ReservationStatus) -> bool {
    use ReservationStatus::*;
    matches!((from, to), (Active, Cancelled) | (Active, Signed) | (Signed, Cancelled))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::sql_types::TextWords;

    #[test]
    fn units_move_exactly_as_the_sale_goes() {
        use UnitStatus::*;
        let all: Vec<UnitStatus> = UnitStatus::words().into_iter().filter_map(UnitStatus::parse).collect();
        let allowed = [
            (Available, Held),
            (Held, Available),
            (Available, Reserved),
            (Reserved, Sold),
            (Reserved, Available),
            (Sold, Available),
            (Available, Sold),
        ];
        for from in &all {
            for to in &all {
                assert_eq!(unit_may_move(*from, *to), allowed.contains(&(*from, *to)), "{from} → {to}");
            }
        }
    }

    #[test]
    fn a_reservation_ends_once() {
        use ReservationStatus::*;
        assert!(reservation_may_move(Active, Cancelled) && reservation_may_move(Active, Signed));
        assert!(reservation_may_move(Signed, Cancelled), "a cancelled deal");
        assert!(!reservation_may_move(Cancelled, Active) && !reservation_may_move(Cancelled, Signed));
        assert!(!reservation_may_move(Signed, Signed));
    }
}
