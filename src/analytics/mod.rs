//! The sales director's numbers (案场日报 and what follows). Every figure is counted from
//! the rows kept when things happened — follow-ups (calls in, visits), leads (registered),
//! subscriptions and refunds, reservations and cancellations, deals signed and cancelled,
//! payments — each on the day it happened in the project's zone, never from a lead's
//! current status, so a re-run of last month gives last month's answer.
//!
//! This module only reads: its model is the reporting view over the tables the domain
//! modules own and write.

pub mod dto;
pub mod handlers;
mod model;
pub mod periods;
pub mod pictures;
pub mod service;

pub use handlers::configure;
