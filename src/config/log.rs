//! Logging: the filter and the format, readable before anything else so that logging can
//! start first.

use super::{config_error, parse_or, ConfigError};

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// JSON when stderr is not a terminal, readable text when it is.
    Auto,
    /// One JSON object per line.
    Json,
    /// Human-readable text.
    Pretty,
}

/// Logging.
#[derive(Debug, Clone)]
pub struct LogSettings {
    /// `ANCHANG_LOG` (default `info`): a tracing filter such as `info,anchang=debug`.
    pub filter: String,
    /// `ANCHANG_LOG_FORMAT`: `auto` (default), `json` or `pretty`.
    pub format: LogFormat,
}

impl LogSettings {
    /// Reads the logging settings alone, so logging can start before anything else is read.
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let format = match lookup("ANCHANG_LOG_FORMAT").as_deref().map(str::trim) {
            None | Some("") | Some("auto") => LogFormat::Auto,
            Some("json") => LogFormat::Json,
            Some("pretty") | Some("text") => LogFormat::Pretty,
            Some(other) => {
                return Err(config_error("ANCHANG_LOG_FORMAT", format!("{other:?} is not auto, json or pretty")))
            }
        };
        Ok(Self { filter: parse_or(lookup, "ANCHANG_LOG", "info".to_owned())?, format })
    }

    /// Reads the logging settings from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(&|name| std::env::var(name).ok())
    }
}
