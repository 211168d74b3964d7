//! The objection library (异议处理库): a project's tried answers to what buyers object
//! ("价格太高"), written by managers, searched by salespeople in front of a buyer.

pub mod dto;
pub mod handlers;
pub mod model;
pub mod service;

pub use handlers::configure;

crate::text_enum! {
    /// What an objection is about.
    pub enum ObjectionCategory {
        /// 价格: too expensive, waiting for a discount.
        Price = "price",
        /// 位置: too far, wrong district.
        Location = "location",
        /// 竞品: another project looks better.
        Competitor = "competitor",
        /// 时机: not now, the market may fall.
        Timing = "timing",
        /// 贷款: mortgage and down payment.
        Financing = "financing",
        /// 产品: layout, orientation, quality.
        Product = "product",
        /// Anything else.
        Other = "other",
    }
}
