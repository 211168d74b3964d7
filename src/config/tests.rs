//! Settings from the environment: defaults, secrets, refusals.

use super::*;
use std::collections::HashMap;

fn settings(vars: &[(&str, &str)], dir: &Path) -> Result<Settings, ConfigError> {
    let mut map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    map.insert("ANCHANG_DATA_DIR".into(), dir.to_string_lossy().into_owned());
    Settings::from_lookup(&move |name| map.get(name).cloned())
}

#[test]
fn defaults_serve_sqlite_in_the_data_dir_on_localhost_8080() {
    let dir = tempfile::tempdir().expect("temp dir");
    let s = settings(&[], dir.path()).expect("defaults are valid");
    assert_eq!(s.server.port, 8080);
    assert_eq!(s.server.host.to_string(), "127.0.0.1");
    assert_eq!(s.server.json_limit_bytes, 262_144);
    assert_eq!(s.database.url, DatabaseUrl::sqlite_file(&dir.path().join("anchang.db")));
    assert_eq!(s.auth.access_token_ttl_secs, 900);
}

#[test]
fn missing_secrets_are_generated_once_with_owner_only_permissions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let first = settings(&[], dir.path()).expect("first start");
    let second = settings(&[], dir.path()).expect("second start");
    assert_eq!(first.auth.jwt_secret.expose_secret(), second.auth.jwt_secret.expose_secret());
    assert_eq!(first.data_key.expose_secret(), second.data_key.expose_secret());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("jwt.key")).expect("key file").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn production_refuses_to_invent_secrets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let error = settings(&[("ANCHANG_ENV", "production")], dir.path()).expect_err("must refuse");
    assert!(error.to_string().contains("ANCHANG_JWT_SECRET"));
    assert!(!dir.path().join("jwt.key").exists());
}

#[test]
fn secrets_do_not_print() {
    let dir = tempfile::tempdir().expect("temp dir");
    let secret = "a-very-long-jwt-secret-that-must-never-be-logged-0123";
    let s = settings(&[("ANCHANG_JWT_SECRET", secret), ("ANCHANG_ADMIN_PASSWORD", "hunter2hunter2")], dir.path())
        .expect("valid");
    let printed = format!("{s:?}");
    assert!(!printed.contains(secret));
    assert!(!printed.contains("hunter2hunter2"));
}

#[test]
fn bad_values_name_their_variable() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, value) in [
        ("ANCHANG_PORT", "eighty"),
        ("ANCHANG_HOST", "not-an-ip"),
        ("ANCHANG_ENV", "staging"),
        ("ANCHANG_JWT_SECRET", "short"),
        ("ANCHANG_DATA_KEY", "not-a-key"),
        ("ANCHANG_DB_POOL_SIZE", "0"),
        ("ANCHANG_DB_CONCURRENCY", "0"),
        ("ANCHANG_DB_HEAVY_CONCURRENCY", "none"),
        ("DATABASE_URL", "sqlite::memory:"),
    ] {
        let error = settings(&[(name, value)], dir.path()).expect_err(name);
        assert!(error.to_string().starts_with(name), "{name}: {error}");
    }
}

#[test]
fn keys_are_read_as_hex_or_base64() {
    assert_eq!(decode_key(&"ab".repeat(32)), Some([0xab; 32]));
    assert_eq!(decode_key(&base64::engine::general_purpose::STANDARD.encode([7u8; 32])), Some([7; 32]));
    assert_eq!(decode_key("abcd"), None);
}

#[test]
fn database_work_at_once_follows_where_the_database_is() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let here = settings(&[("DATABASE_URL", "postgres://postgres@127.0.0.1/db")], dir.path()).expect("settings");
    assert_eq!(here.database.concurrency, cores + 1);
    assert_eq!(here.database.heavy_concurrency, cores);
    assert!(here.database.pool_size as usize >= cores + 1 + cores + 4 && here.database.pool_size >= 16);
    let elsewhere = settings(&[("DATABASE_URL", "postgres://u@db.internal/db")], dir.path()).expect("settings");
    assert_eq!(elsewhere.database.concurrency, 4 * cores);
    let chosen = settings(
        &[("ANCHANG_DB_CONCURRENCY", "7"), ("ANCHANG_DB_HEAVY_CONCURRENCY", "1"), ("ANCHANG_DB_POOL_SIZE", "9")],
        dir.path(),
    )
    .expect("settings");
    assert_eq!((chosen.database.concurrency, chosen.database.heavy_concurrency, chosen.database.pool_size), (7, 1, 9));
}
