//! The opening rehearsal (开盘预演): customers in priority order each take their
//! highest-ranked intent still free (serial dictatorship). It predicts who buys what, which
//! first choices collide (to guide buyers elsewhere before opening) and the heat map's
//! waves: a unit taken by a first choice sells in the first wave, by a second in the
//! second, by a third in the third. Pure; the caller orders the customers.

use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A customer at the rehearsal: their intents, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct Customer {
    pub lead_id: Uuid,
    pub intents: Vec<Uuid>,
}

/// Which choice won a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Wave {
    First,
    Second,
    Third,
}

impl Wave {
    fn of_rank(index: usize) -> Option<Self> {
        match index {
            0 => Some(Wave::First),
            1 => Some(Wave::Second),
            2 => Some(Wave::Third),
            _ => None,
        }
    }
}

/// What the rehearsal predicts for one customer.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub lead_id: Uuid,
    /// The unit they get, and with which choice (0-based).
    pub unit: Option<(Uuid, usize)>,
    /// Better choices they lose, and to whom.
    pub lost: Vec<(Uuid, Uuid)>,
}

/// The whole prediction.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rehearsal {
    /// One per customer, in priority order.
    pub customers: Vec<Outcome>,
    /// Unit → (buyer, wave).
    pub units: HashMap<Uuid, (Uuid, Wave)>,
    /// Units wanted as a first choice by two or more customers, with the count.
    pub overlaps: Vec<(Uuid, usize)>,
}

impl Rehearsal {
    /// Customers who get a unit.
    pub fn served(&self) -> usize {
        self.customers.iter().filter(|c| c.unit.is_some()).count()
    }
}

/// Runs the rehearsal over `customers` (already in priority order) and the units that can
/// be sold (`available`); intents on other units are passed over.
pub fn rehearse(customers: &[Customer], available: &HashSet<Uuid>) -> Rehearsal {
    let mut taken: HashMap<Uuid, (Uuid, Wave)> = HashMap::with_capacity(customers.len());
    let mut first_choices: HashMap<Uuid, usize> = HashMap::new();
    let mut outcomes = Vec::with_capacity(customers.len());
    for customer in customers {
        if let Some(first) = customer.intents.first() {
            *first_choices.entry(*first).or_default() += 1;
        }
        let mut lost = Vec::new();
        let mut unit = None;
        for (index, wanted) in customer.intents.iter().enumerate().take(3) {
            if !available.contains(wanted) {
                continue;
            }
            match taken.get(wanted) {
                Some((holder, _)) => lost.push((*wanted, *holder)),
                None => {
                    if let Some(wave) = Wave::of_rank(index) {
                        taken.insert(*wanted, (customer.lead_id, wave));
                        unit = Some((*wanted, index));
                    }
                    break;
                }
            }
        }
        outcomes.push(Outcome { lead_id: customer.lead_id, unit, lost });
    }
    let mut overlaps: Vec<(Uuid, usize)> = first_choices.into_iter().filter(|(_, n)| *n >= 2).collect();
    overlaps.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Rehearsal { customers: outcomes, units: taken, overlaps }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<Uuid> {
        (0..n).map(|_| Uuid::now_v7()).collect()
    }

    fn customer(lead: Uuid, intents: &[Uuid]) -> Customer {
        Customer { lead_id: lead, intents: intents.to_vec() }
    }

    #[test]
    fn earlier_customers_take_their_first_choice_and_later_ones_fall_back() {
        let u = ids(4);
        let c = ids(4);
        let available: HashSet<Uuid> = u.iter().copied().collect();
        let customers = [
            customer(c[0], &[u[0], u[1]]),
            customer(c[1], &[u[0], u[1], u[2]]),
            customer(c[2], &[u[0], u[1], u[2]]),
            customer(c[3], &[u[0]]),
        ];
        let r = rehearse(&customers, &available);
        assert_eq!(r.customers[0].unit, Some((u[0], 0)));
        assert_eq!(r.customers[1].unit, Some((u[1], 1)));
        assert_eq!(r.customers[1].lost, vec![(u[0], c[0])]);
        assert_eq!(r.customers[2].unit, Some((u[2], 2)));
        assert_eq!(r.customers[3].unit, None, "all choices taken");
        assert_eq!(r.units[&u[0]], (c[0], Wave::First));
        assert_eq!(r.units[&u[1]], (c[1], Wave::Second));
        assert_eq!(r.units[&u[2]], (c[2], Wave::Third));
        assert!(!r.units.contains_key(&u[3]), "nobody wants it");
        assert_eq!(r.overlaps, vec![(u[0], 4)]);
        assert_eq!(r.served(), 3);
    }

    #[test]
    fn empty_intents_and_unsellable_units_are_passed_over() {
        let u = ids(2);
        let c = ids(2);
        let available: HashSet<Uuid> = [u[1]].into_iter().collect();
        let r = rehearse(&[customer(c[0], &[]), customer(c[1], &[u[0], u[1]])], &available);
        assert_eq!(r.customers[0], Outcome { lead_id: c[0], unit: None, lost: vec![] });
        assert_eq!(r.customers[1].unit, Some((u[1], 1)), "the held first choice is skipped");
        assert!(r.overlaps.is_empty());
    }

    #[test]
    fn twenty_thousand_customers_over_two_thousand_units_all_place() {
        let units = ids(2_000);
        let available: HashSet<Uuid> = units.iter().copied().collect();
        let customers: Vec<Customer> = (0..20_000)
            .map(|i| customer(Uuid::now_v7(), &[units[i % 2_000], units[(i * 7) % 2_000], units[(i * 13) % 2_000]]))
            .collect();
        let r = rehearse(&customers, &available);
        assert_eq!(r.units.len(), 2_000, "every unit finds a buyer");
        assert_eq!(r.served(), 2_000);
    }
}
