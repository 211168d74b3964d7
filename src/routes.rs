//! Every route of the API, in one place: what the server serves and what the spec lists.

use utoipa_actix_web::{scope, service_config::ServiceConfig};

/// Registers every module under `/api/v1`, and health checks at the root.
pub fn all(cfg: &mut ServiceConfig) {
    cfg.configure(crate::health::configure).service(
        scope::scope("/api/v1")
            .configure(crate::error::handlers::configure)
            .configure(crate::sign_in::configure)
            .configure(crate::clients::configure)
            .configure(crate::users::configure)
            .configure(crate::projects::configure)
            .configure(crate::leads::configure)
            .configure(crate::screens::configure)
            .configure(crate::follow_ups::configure)
            .configure(crate::grading::configure)
            .configure(crate::audit::configure)
            .configure(crate::booking::configure)
            .configure(crate::deals::configure)
            .configure(crate::objections::configure)
            .configure(crate::channels::configure)
            .configure(crate::reception::configure)
            .configure(crate::events::configure)
            .configure(crate::jobs::configure)
            .configure(crate::notifications::configure)
            .configure(crate::aftersales::configure)
            .configure(crate::analytics::configure),
    );
}
