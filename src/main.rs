//! The `anchang` binary: parses the command line and hands it to [`anchang::cli`].

use clap::Parser;
use std::process::ExitCode;

#[actix_web::main]
async fn main() -> ExitCode {
    anchang::cli::run(anchang::cli::Cli::parse()).await
}
