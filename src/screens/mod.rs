//! Phone screens in one request. A mini-program keeps few requests in flight, so a screen
//! that needs a lead, its latest follow-ups, its grade, its intents and its deposit is one
//! call, not five. This module sits above the domain modules it composes: each part is
//! read through its own module's service, under the same scope rules as its own endpoint.
//!
//! It owns `GET /api/v1/leads/{id}` (with `?include=`); the lead itself is still read by
//! `leads::service::find`.

pub mod dto;
pub mod handlers;
pub mod service;

pub use handlers::configure;
