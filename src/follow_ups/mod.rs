//! Follow-ups (跟进): contacts with buyers and their effects on leads, the salesperson's
//! agenda, the managers' overdue alert and each project's follow-up cadence.

pub mod cadence;
pub mod calendar;
pub mod care;
pub mod dto;
pub mod effects;
pub mod handlers;
pub mod model;
pub mod service;

pub use handlers::configure;
