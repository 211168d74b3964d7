//! The sales director's numbers (案场日报 and what follows). Every figure is counted from
//! the rows kept when things happened — follow-ups (calls in, visits), leads (registered),
//! subscriptions and refunds, reservations and cancellations, deals signed and cancelled,
//! payments — each on the day it happened in the project's zone, never from a lead's
//! current status, so a re-run of last month gives last month's answer.
//!
//! This module only reads the domain's tables: its model is the reporting view over the
//! tables the domain modules own and write (it owns `channel_costs` and `segments`).
//!
//! At scale (1,000,000 leads, 3,000,000 follow-ups in a project) a month's report takes about
//! half a second on indexes, not roll-ups (migration `report_indexes`; figures in the README): each kind of fact is one
//! range scan on an index led by the project and the time, a lead's first visit is kept on
//! the lead by the follow-up that makes it, a cohort is a subquery rather than its ids sent
//! back in chunks, and a salesperson's report filters in SQL. Roll-ups would be a second copy
//! of the facts, to be corrected by every appeal and cancellation that rewrites the past;
//! counting the rows themselves keeps one truth. `benches/analytics_scale.py` measures it.

pub mod dto;
pub mod handlers;
mod model;
pub mod periods;
pub mod pictures;
pub mod service;

pub use handlers::configure;
