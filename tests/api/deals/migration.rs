//! A reservation signed before deals existed becomes a deal with a `full` plan when the
//! deals migration runs.

use diesel::RunQueryDsl;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::site;
use anchang::db::AnyConnection;

const PG: EmbeddedMigrations = embed_migrations!("migrations/postgres");
const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

/// The deals migration's version (its folder's date and number, without the dashes).
const DEALS: &str = "20261203000019";

/// Reverts the migrations after deals, then deals itself; answers how many were reverted.
fn revert_through_deals<C: MigrationHarness<B>, B: diesel::backend::Backend>(
    conn: &mut C,
    migrations: fn() -> EmbeddedMigrations,
) -> usize {
    let mut reverted = 0;
    loop {
        let version = conn.revert_last_migration(migrations()).expect("reverted").to_string();
        reverted += 1;
        if version.replace('-', "").starts_with(DEALS) {
            return reverted;
        }
    }
}

#[tokio::test]
async fn a_reservation_signed_before_deals_becomes_a_deal_with_a_full_plan() {
    let site = site().await;
    let units = site.units().await;
    site.open_sales().await;
    let lead = site.lead(&site.wang, "老客户", "13600004444").await;
    let reservation = site.reserve(units["1201"], lead).await;

    // Back to before deals (the migrations after it, then deals itself): the reservation is
    // signed the old way, then the migrations run again.
    let sign_the_old_way = [
        format!(
            "UPDATE reservations SET status = 'signed', contract_no = 'HT-OLD-1', price_fen = 350000000, \
             signed_at = '2026-11-20 16:30:00' WHERE id = '{reservation}'"
        ),
        format!("UPDATE units SET status = 'sold' WHERE id = '{}'", units["1201"]),
    ];
    let reverted;
    {
        let mut pooled = site.app.db();
        match &mut pooled.conn {
            AnyConnection::Pg(conn) => {
                reverted = revert_through_deals(conn, || PG);
                for statement in &sign_the_old_way {
                    diesel::sql_query(statement).execute(conn).expect("signed");
                }
            }
            AnyConnection::Sqlite(conn) => {
                reverted = revert_through_deals(conn, || SQLITE);
                for statement in &sign_the_old_way {
                    diesel::sql_query(statement).execute(conn).expect("signed");
                }
            }
        }
    }
    assert_eq!(anchang::db::migrate(&site.app.pool).expect("migrated"), reverted, "deals and what came after");

    let deal = site.app.get(&format!("/deals/{reservation}"), &site.manager).await;
    assert_eq!(deal.status, StatusCode::OK, "{:?}", deal.body);
    assert_eq!(
        (deal.body["status"].as_str(), deal.body["contract_no"].as_str(), deal.body["price_fen"].as_i64()),
        (Some("signed"), Some("HT-OLD-1"), Some(350_000_000))
    );
    assert_eq!(
        deal.body["dues"],
        json!([{"kind": "full", "due_on": "2026-11-21", "amount_fen": 350_000_000_i64}]),
        "due on the signing day in Shanghai (00:30 on the 21st)"
    );
    let signed = site.app.get(&format!("/reservations/{reservation}"), &site.wang).await;
    assert_eq!(signed.body["deal_id"], json!(reservation));
    let paid =
        site.pay(&site.manager, reservation, 350_000_000, "bank_transfer", "2026-11-22T02:00:00Z", "SK-OLD").await;
    assert_eq!(paid.status, StatusCode::CREATED, "{:?}", paid.body);
}
