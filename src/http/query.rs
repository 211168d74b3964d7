//! `ValidQuery<T>`: query-string parameters that parsed and passed their rules; 422
//! naming the problem otherwise.

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use std::future::{ready, Ready};
use validator::Validate;

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

impl<T: DeserializeOwned + Validate> FromRequest for ValidQuery<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
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
                }),
        )
    }
}
