//! Projects (楼盘: one development on sale) and who works in them.

pub mod dto;
pub mod handlers;
pub mod model;
pub mod service;

pub use handlers::configure;
