//! Leads (客户): the customer file, de-duplication (撞单), the public pool (公海),
//! personal-data protection and handover.

pub mod criteria;
pub mod dto;
pub mod handlers;
pub mod history_words;
pub mod id_number;
pub mod lifecycle;
pub mod model;
pub mod phone;
pub mod profile;
pub mod service;

pub use handlers::configure;
