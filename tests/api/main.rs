//! Integration tests: the real application over HTTP, a fresh database (on PostgreSQL, a
//! schema) per test.
//! `cargo test` runs them on SQLite; with `ANCHANG_TEST_DATABASE_URL=postgres://…` the
//! same tests run on PostgreSQL.

mod aftersales;
mod analytics;
mod architecture;
mod audit;
mod audit_guard;
mod audit_sealing;
mod auth;
mod booking;
mod channels;
mod clients;
mod conventions;
mod database;
mod deals;
mod errors;
mod events;
mod follow_ups;
mod grading;
mod helpers;
mod idempotency;
mod jobs;
mod leads;
mod notifications;
mod openapi;
mod projects;
mod protection;
mod rate_limit;
mod reception;
mod reminders;
mod round_trips;
mod route_index;
mod users;
mod wechat;
