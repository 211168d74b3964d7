//! Staff accounts: salespeople, managers, admins and integration accounts.

pub mod dto;
pub mod handlers;
pub mod model;
pub mod service;
mod username;

pub use handlers::configure;
pub use username::Username;
