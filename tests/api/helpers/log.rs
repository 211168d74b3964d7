//! `ANCHANG_TEST_LOG=1` shows the server's logs (filter: `ANCHANG_LOG`, default `info`)
//! beside a test's own output: captured like `println!`, so printed only for a failing
//! test, and each line lands in the test whose server wrote it (the server's threads
//! inherit the test thread's capture).

use std::sync::Once;
use tracing_subscriber::EnvFilter;

/// Installs the test log subscriber once per process when the switch is on.
pub fn show_server_logs_if_asked() {
    static INSTALL: Once = Once::new();
    if std::env::var("ANCHANG_TEST_LOG").as_deref() != Ok("1") {
        return;
    }
    INSTALL.call_once(|| {
        let filter = std::env::var("ANCHANG_LOG").unwrap_or_else(|_| "info".into());
        let _ = tracing_subscriber::fmt()
            .with_env_filter(EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info")))
            .with_target(false)
            .with_ansi(false)
            .with_test_writer()
            .try_init();
    });
}
