//! Sign-in throttling, decided from the failures recorded for the client's address.
//!
//! Two limits, both over the same sliding window:
//! - per (username, address): a few wrong passwords for one account from one place, then
//!   429 for that pair only — a stranger elsewhere cannot lock the account out;
//! - per address, whatever the usernames: a sprayer trying many accounts from one place
//!   meets 429 too. It is set well above the first, because a sales office signs in from
//!   one shared address at 9 a.m.
//!
//! Each refusal waits until the oldest failure that counts leaves the window. Refused
//! attempts are not failures: they are not recorded, so waiting always ends the lock.

use chrono::{Duration, NaiveDateTime};

use crate::state::LoginPolicy;

/// Why an attempt must wait, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Throttled {
    /// Too many failures for this username from this address.
    Account { retry_after_secs: u64 },
    /// Too many failures from this address.
    Address { retry_after_secs: u64 },
}

/// Judges an attempt for `username` given the address's failures still in the window
/// (username, when), at `now`.
pub fn judge(
    policy: &LoginPolicy,
    username: &str,
    address_failures: &[(String, NaiveDateTime)],
    now: NaiveDateTime,
) -> Option<Throttled> {
    let window = Duration::seconds(policy.window_secs);
    let wait = |oldest: Option<NaiveDateTime>| {
        oldest.map_or(policy.window_secs, |oldest| (oldest + window - now).num_seconds()).max(1) as u64
    };
    let account: Vec<NaiveDateTime> =
        address_failures.iter().filter(|(name, _)| name == username).map(|(_, at)| *at).collect();
    if account.len() as i64 >= policy.max_failures {
        return Some(Throttled::Account { retry_after_secs: wait(account.iter().min().copied()) });
    }
    if address_failures.len() as i64 >= policy.max_failures_per_address {
        return Some(Throttled::Address { retry_after_secs: wait(address_failures.iter().map(|(_, at)| *at).min()) });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: LoginPolicy = LoginPolicy { max_failures: 3, max_failures_per_address: 5, window_secs: 900 };

    fn at(secs: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000 + secs, 0).map(|t| t.naive_utc()).unwrap_or_default()
    }

    fn failures(names: &[&str]) -> Vec<(String, NaiveDateTime)> {
        names.iter().enumerate().map(|(i, name)| ((*name).to_owned(), at(i as i64 * 10))).collect()
    }

    #[test]
    fn an_account_waits_after_its_failures_from_this_address_until_the_oldest_leaves() {
        let seen = failures(&["admin", "admin", "admin"]);
        assert_eq!(judge(&POLICY, "admin", &seen, at(100)), Some(Throttled::Account { retry_after_secs: 800 }));
        assert_eq!(judge(&POLICY, "li.na", &seen, at(100)), None, "another account from here is not locked");
        assert_eq!(judge(&POLICY, "admin", &seen[..2], at(100)), None);
    }

    #[test]
    fn a_sprayer_waits_once_the_address_has_failed_enough_across_usernames() {
        let seen = failures(&["a", "b", "c", "d", "e"]);
        assert_eq!(judge(&POLICY, "f", &seen, at(50)), Some(Throttled::Address { retry_after_secs: 850 }));
        assert_eq!(judge(&POLICY, "f", &seen[..4], at(50)), None);
    }

    #[test]
    fn the_wait_is_at_least_a_second() {
        let seen = failures(&["admin", "admin", "admin"]);
        assert_eq!(judge(&POLICY, "admin", &seen, at(900)), Some(Throttled::Account { retry_after_secs: 1 }));
    }
}
