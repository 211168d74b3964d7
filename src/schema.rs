//! The diesel schema, one for both backends. Ids use `crate::db::sql_types::Uuid`
//! (native `uuid` on PostgreSQL, text on SQLite); everything else is the portable subset
//! listed in `../shared/STACK-NOTES.md`.

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    users (id) {
        id -> Uuid,
        username -> Text,
        display_name -> Text,
        phone -> Nullable<Text>,
        role -> Text,
        status -> Text,
        token_version -> Integer,
        password_hash -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    projects (id) {
        id -> Uuid,
        name -> Text,
        city -> Text,
        address -> Text,
        timezone -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    project_members (project_id, user_id) {
        project_id -> Uuid,
        user_id -> Uuid,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    refresh_tokens (id) {
        id -> Uuid,
        user_id -> Uuid,
        family_id -> Uuid,
        token_hash -> Text,
        issued_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    login_failures (id) {
        id -> Uuid,
        username -> Text,
        occurred_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    audit_events (seq) {
        seq -> BigInt,
        id -> Uuid,
        occurred_at -> Timestamp,
        actor_id -> Nullable<Uuid>,
        actor_role -> Nullable<Text>,
        action -> Text,
        entity_type -> Text,
        entity_id -> Nullable<Uuid>,
        project_id -> Nullable<Uuid>,
        request_id -> Nullable<Text>,
        ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        changes -> Text,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    idempotency_keys (user_id, idempotency_key) {
        user_id -> Uuid,
        idempotency_key -> Text,
        request_hash -> Text,
        status_code -> Nullable<Integer>,
        response_headers -> Nullable<Text>,
        response_body -> Nullable<Binary>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(project_members -> projects (project_id));
diesel::joinable!(project_members -> users (user_id));
diesel::joinable!(refresh_tokens -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    projects,
    project_members,
    refresh_tokens,
    login_failures,
    audit_events,
    idempotency_keys,
);
