//! Leads: registration and de-duplication, the data scope, personal data, the pool,
//! transfer and handover, imports, and the list.

mod import;
mod list;
mod ownership;
mod privacy;
mod register;
