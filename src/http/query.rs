//! `ValidQuery<T>`: query-string parameters that keep the limits the spec publishes for them
//! (see [`super::schema_rules`]), parsed and passed their `validator` rules; 422 naming the
//! parameter otherwise.

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use std::future::{ready, Ready};
use utoipa::IntoParams;
use validator::Validate;

use super::schema_rules::query_rules;
use crate::error::{ApiError, FieldError};

/// Parsed and validated query parameters.
#[derive(Debug)]
pub struct ValidQuery<T>(pub T);

impl<T> ValidQuery<T> {
    /// The parameters.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: DeserializeOwned + Validate + IntoParams + 'static> FromRequest for ValidQuery<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(check_limits::<T>(req.query_string()).and_then(|()| {
            web::Query::<T>::from_query(req.query_string())
                .map_err(|error| {
                    let message = match &error {
                        actix_web::error::QueryPayloadError::Deserialize(inner) => inner.to_string(),
                        other => other.to_string(),
                    };
                    ApiError::validation(vec![FieldError::new("query", message)])
                })
                .and_then(|query| {
                    let value = query.into_inner();
                    value.validate()?;
                    Ok(ValidQuery(value))
                })
        }))
    }
}

/// The published limits of `T`'s parameters, checked on the decoded query.
fn check_limits<T: IntoParams + 'static>(query: &str) -> Result<(), ApiError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query)
        .map_err(|_| ApiError::validation(vec![FieldError::new("query", "is not a valid query string")]))?;
    let mut errors = Vec::new();
    query_rules::<T>().check_query(&pairs, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(errors))
    }
}
