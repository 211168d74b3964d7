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
        channel_id -> Nullable<Uuid>,
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
        client_address -> Text,
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
        prev_hash -> Nullable<Text>,
        hash -> Nullable<Text>,
        event_type -> Nullable<Text>,
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

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    leads (id) {
        id -> Uuid,
        project_id -> Uuid,
        owner_id -> Uuid,
        created_by -> Uuid,
        name -> Text,
        phone -> Text,
        phone_tail -> Text,
        wechat_id -> Nullable<Text>,
        gender -> Nullable<Text>,
        age_band -> Nullable<Text>,
        birthday -> Nullable<Date>,
        occupation -> Nullable<Text>,
        family_structure -> Nullable<Text>,
        residence_district -> Nullable<Text>,
        work_district -> Nullable<Text>,
        source_channel -> Text,
        channel_detail -> Nullable<Text>,
        referrer_lead_id -> Nullable<Uuid>,
        budget_min_fen -> Nullable<BigInt>,
        budget_max_fen -> Nullable<BigInt>,
        down_payment_fen -> Nullable<BigInt>,
        intended_layouts -> Text,
        area_min_sqm -> Nullable<Double>,
        area_max_sqm -> Nullable<Double>,
        purpose -> Nullable<Text>,
        expected_move_in -> Nullable<Date>,
        decision_maker -> Nullable<Text>,
        decision_cycle_days -> Nullable<Integer>,
        concerns -> Text,
        doubts -> Nullable<Text>,
        tags -> Text,
        id_number_cipher -> Nullable<Binary>,
        id_number_hash -> Nullable<Text>,
        id_number_masked -> Nullable<Text>,
        marketing_consent -> Bool,
        consent_channel -> Nullable<Text>,
        consent_at -> Nullable<Timestamp>,
        status -> Text,
        lost_reason -> Nullable<Text>,
        grade -> Nullable<Text>,
        visit_count -> Integer,
        call_count -> Integer,
        show_flat_visits -> Integer,
        last_interaction_at -> Timestamp,
        protected_until -> Timestamp,
        next_follow_up_at -> Nullable<Timestamp>,
        completeness -> Integer,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        next_purpose -> Nullable<Text>,
        last_contact_channel -> Nullable<Text>,
        decision_maker_visited -> Bool,
        channel_id -> Nullable<Uuid>,
        report_id -> Nullable<Uuid>,
        channel_protected_until -> Nullable<Timestamp>,
        first_visit_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    follow_ups (id) {
        id -> Uuid,
        lead_id -> Uuid,
        project_id -> Uuid,
        author_id -> Uuid,
        channel -> Text,
        purpose -> Text,
        content -> Text,
        customer_feedback -> Nullable<Text>,
        happened_at -> Timestamp,
        duration_seconds -> Nullable<Integer>,
        initiated_by -> Text,
        next_follow_up_at -> Nullable<Timestamp>,
        next_purpose -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        decision_maker_present -> Bool,
        source_channel -> Text,
        channel_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    project_protection_rules (project_id) {
        project_id -> Uuid,
        lead_protection_days -> Integer,
        version -> Integer,
        updated_by -> Nullable<Uuid>,
        updated_at -> Timestamp,
        report_valid_days -> Integer,
        arrival_protection_days -> Integer,
        report_phone_mode -> Text,
        rotation_enabled -> Bool,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    channels (id) {
        id -> Uuid,
        name -> Text,
        kind -> Text,
        contact -> Nullable<Text>,
        status -> Text,
        version -> Integer,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    channel_projects (channel_id, project_id) {
        channel_id -> Uuid,
        project_id -> Uuid,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    project_cadences (project_id) {
        project_id -> Uuid,
        a_days -> Integer,
        b_days -> Integer,
        c_days -> Integer,
        d_days -> Integer,
        version -> Integer,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    objections (id) {
        id -> Uuid,
        project_id -> Uuid,
        category -> Text,
        objection -> Text,
        answer -> Text,
        tags -> Text,
        usage_count -> Integer,
        created_by -> Uuid,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    lead_consents (id) {
        id -> Uuid,
        lead_id -> Uuid,
        granted -> Bool,
        channel -> Nullable<Text>,
        recorded_at -> Timestamp,
        recorded_by -> Nullable<Uuid>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    grading_rules (project_id, version) {
        project_id -> Uuid,
        version -> Integer,
        rules -> Text,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    lead_grades (lead_id) {
        lead_id -> Uuid,
        project_id -> Uuid,
        score -> Double,
        auto_grade -> Text,
        components -> Text,
        rules_version -> Integer,
        computed_at -> Timestamp,
        override_grade -> Nullable<Text>,
        override_reason -> Nullable<Text>,
        override_by -> Nullable<Uuid>,
        override_at -> Nullable<Timestamp>,
        override_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    grade_history (id) {
        id -> Uuid,
        lead_id -> Uuid,
        project_id -> Uuid,
        grade_before -> Nullable<Text>,
        grade_after -> Text,
        score_before -> Nullable<Double>,
        score_after -> Double,
        source -> Text,
        cause -> Text,
        actor_id -> Nullable<Uuid>,
        rules_version -> Integer,
        created_at -> Timestamp,
        override_reason -> Nullable<Text>,
        override_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_chain (id) {
        id -> Integer,
        last_seq -> BigInt,
        last_hash -> Text,
        anchor_seq -> BigInt,
        anchor_hash -> Text,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    audit_pending (pending_id) {
        pending_id -> BigInt,
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
        signature -> Text,
        event_type -> Nullable<Text>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    units (id) {
        id -> Uuid,
        project_id -> Uuid,
        building -> Text,
        unit_no -> Text,
        floor -> Integer,
        room -> Text,
        layout -> Text,
        area_sqm -> Double,
        orientation -> Nullable<Text>,
        list_price_fen -> BigInt,
        price_low_fen -> Nullable<BigInt>,
        price_high_fen -> Nullable<BigInt>,
        status -> Text,
        hold_reason -> Nullable<Text>,
        held_by -> Nullable<Uuid>,
        held_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    unit_prices (id) {
        id -> Uuid,
        unit_id -> Uuid,
        list_price_fen -> BigInt,
        price_low_fen -> Nullable<BigInt>,
        price_high_fen -> Nullable<BigInt>,
        changed_by -> Nullable<Uuid>,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    project_counters (project_id, name) {
        project_id -> Uuid,
        name -> Text,
        value -> BigInt,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    subscriptions (id) {
        id -> Uuid,
        project_id -> Uuid,
        lead_id -> Uuid,
        queue_no -> BigInt,
        deposit_fen -> BigInt,
        paid_at -> Timestamp,
        receipt_no -> Text,
        status -> Text,
        created_by -> Uuid,
        created_at -> Timestamp,
        refunded_at -> Nullable<Timestamp>,
        refunded_by -> Nullable<Uuid>,
        refund_reason -> Nullable<Text>,
        owner_id -> Uuid,
        source_channel -> Text,
        channel_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    intents (lead_id, rank) {
        lead_id -> Uuid,
        rank -> Integer,
        unit_id -> Uuid,
        project_id -> Uuid,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    intent_changes (id) {
        id -> Uuid,
        project_id -> Uuid,
        lead_id -> Uuid,
        before -> Text,
        after -> Text,
        changed_by -> Nullable<Uuid>,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    project_openings (project_id) {
        project_id -> Uuid,
        state -> Text,
        mode -> Text,
        max_units_per_lead -> Integer,
        requires_subscription -> Bool,
        called_up_to -> BigInt,
        version -> Integer,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    reservations (id) {
        id -> Uuid,
        project_id -> Uuid,
        unit_id -> Uuid,
        lead_id -> Uuid,
        status -> Text,
        reserved_by -> Uuid,
        reserved_at -> Timestamp,
        price_fen -> Nullable<BigInt>,
        contract_no -> Nullable<Text>,
        signed_at -> Nullable<Timestamp>,
        cancelled_at -> Nullable<Timestamp>,
        cancelled_by -> Nullable<Uuid>,
        owner_id -> Uuid,
        source_channel -> Text,
        channel_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    channel_reports (id) {
        id -> Uuid,
        project_id -> Uuid,
        channel_id -> Uuid,
        agent_id -> Uuid,
        customer_name -> Text,
        phone -> Nullable<Text>,
        phone_mask -> Text,
        phone_key -> Text,
        phone_mode -> Text,
        expected_visit_at -> Nullable<Timestamp>,
        note -> Nullable<Text>,
        status -> Text,
        rejection_code -> Nullable<Text>,
        valid_until -> Timestamp,
        arrived_at -> Nullable<Timestamp>,
        lead_id -> Nullable<Uuid>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    rotation_entries (project_id, day, user_id) {
        project_id -> Uuid,
        day -> Date,
        user_id -> Uuid,
        state -> Text,
        position -> Integer,
        served_count -> Integer,
        checked_in_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    visits (id) {
        id -> Uuid,
        project_id -> Uuid,
        phone -> Text,
        phone_mask -> Text,
        name -> Nullable<Text>,
        party_size -> Integer,
        came_with -> Text,
        verdict -> Text,
        lead_id -> Nullable<Uuid>,
        assigned_to -> Nullable<Uuid>,
        report_id -> Nullable<Uuid>,
        referrer_lead_id -> Nullable<Uuid>,
        follow_up_id -> Nullable<Uuid>,
        first_visit -> Bool,
        arrived_at -> Timestamp,
        registered_by -> Uuid,
        note -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    report_appeals (id) {
        id -> Uuid,
        report_id -> Uuid,
        project_id -> Uuid,
        agent_id -> Uuid,
        reason -> Text,
        report_status -> Text,
        status -> Text,
        decided_by -> Nullable<Uuid>,
        decided_at -> Nullable<Timestamp>,
        decision_note -> Nullable<Text>,
        lead_id -> Nullable<Uuid>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    deals (id) {
        id -> Uuid,
        project_id -> Uuid,
        reservation_id -> Uuid,
        lead_id -> Uuid,
        unit_id -> Uuid,
        owner_id -> Uuid,
        channel_id -> Nullable<Uuid>,
        contract_no -> Text,
        price_fen -> BigInt,
        plan_kind -> Text,
        mortgage_stage -> Nullable<Text>,
        mortgage_applied_at -> Nullable<Timestamp>,
        mortgage_approved_at -> Nullable<Timestamp>,
        mortgage_disbursed_at -> Nullable<Timestamp>,
        status -> Text,
        signed_at -> Timestamp,
        signed_by -> Uuid,
        cancelled_at -> Nullable<Timestamp>,
        cancelled_by -> Nullable<Uuid>,
        cancel_reason -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        source_channel -> Text,
        delivery_expected_at -> Nullable<Date>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    deal_dues (deal_id, seq) {
        deal_id -> Uuid,
        seq -> Integer,
        kind -> Text,
        due_on -> Nullable<Date>,
        amount_fen -> BigInt,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    deal_payments (id) {
        id -> Uuid,
        deal_id -> Uuid,
        project_id -> Uuid,
        kind -> Text,
        amount_fen -> BigInt,
        method -> Text,
        paid_at -> Timestamp,
        receipt_no -> Nullable<Text>,
        recorded_by -> Uuid,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    deal_changes (id) {
        id -> Uuid,
        deal_id -> Uuid,
        from_unit_id -> Uuid,
        to_unit_id -> Uuid,
        from_price_fen -> BigInt,
        to_price_fen -> BigInt,
        reason -> Text,
        changed_by -> Uuid,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    commission_rules (channel_id, project_id) {
        channel_id -> Uuid,
        project_id -> Uuid,
        kind -> Text,
        value -> BigInt,
        milestone -> Text,
        milestone_percent -> Nullable<Integer>,
        version -> Integer,
        updated_by -> Nullable<Uuid>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    commissions (id) {
        id -> Uuid,
        project_id -> Uuid,
        channel_id -> Uuid,
        deal_id -> Uuid,
        payee_lead_id -> Nullable<Uuid>,
        kind -> Text,
        value -> BigInt,
        milestone -> Text,
        milestone_percent -> Nullable<Integer>,
        amount_fen -> BigInt,
        status -> Text,
        accrued_at -> Timestamp,
        payable_at -> Nullable<Timestamp>,
        paid_at -> Nullable<Timestamp>,
        paid_reference -> Nullable<Text>,
        paid_by -> Nullable<Uuid>,
        clawed_back_at -> Nullable<Timestamp>,
        version -> Integer,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    wechat_bindings (user_id) {
        user_id -> Uuid,
        app_id -> Text,
        openid -> Text,
        unionid -> Nullable<Text>,
        bound_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;

    wechat_bind_tickets (ticket_hash) {
        ticket_hash -> Text,
        app_id -> Text,
        openid -> Text,
        unionid -> Nullable<Text>,
        issued_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    webhook_endpoints (id) {
        id -> Uuid,
        url -> Text,
        description -> Text,
        event_types -> Text,
        project_ids -> Text,
        status -> Text,
        disabled_reason -> Nullable<Text>,
        secret_cipher -> Binary,
        previous_secret_cipher -> Nullable<Binary>,
        previous_secret_until -> Nullable<Timestamp>,
        failing_since -> Nullable<Timestamp>,
        created_by -> Uuid,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    webhook_deliveries (id) {
        id -> Uuid,
        endpoint_id -> Uuid,
        event_id -> Uuid,
        event_seq -> BigInt,
        origin -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_until -> Nullable<Timestamp>,
        created_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    webhook_attempts (id) {
        id -> Uuid,
        delivery_id -> Uuid,
        attempted_at -> Timestamp,
        status_code -> Nullable<Integer>,
        error -> Nullable<Text>,
        latency_ms -> Integer,
        succeeded -> Bool,
    }
}

diesel::table! {
    webhook_dispatch (id) {
        id -> Integer,
        last_seq -> BigInt,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    integration_clients (id) {
        id -> Uuid,
        name -> Text,
        scopes -> Text,
        secret_hash -> Text,
        session_id -> Uuid,
        created_by -> Uuid,
        created_at -> Timestamp,
        secret_rotated_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    scheduled_jobs (name) {
        name -> Text,
        next_due_at -> Timestamp,
        lease_until -> Nullable<Timestamp>,
        lease_owner -> Nullable<Text>,
        last_started_at -> Nullable<Timestamp>,
        last_finished_at -> Nullable<Timestamp>,
        last_duration_ms -> Nullable<BigInt>,
        last_outcome -> Nullable<Text>,
        last_summary -> Nullable<Text>,
        runs -> BigInt,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    notifications (id) {
        id -> Uuid,
        user_id -> Uuid,
        kind -> Text,
        title -> Text,
        resource_type -> Text,
        resource_id -> Nullable<Uuid>,
        project_id -> Nullable<Uuid>,
        event_id -> Uuid,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    notifier_position (id) {
        id -> Integer,
        last_seq -> BigInt,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    reminders_told (kind, subject_id, occasion) {
        kind -> Text,
        subject_id -> Uuid,
        occasion -> Text,
        told_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    channel_costs (project_id, month, spent_on) {
        project_id -> Uuid,
        month -> Date,
        spent_on -> Text,
        source_channel -> Nullable<Text>,
        channel_id -> Nullable<Uuid>,
        amount_fen -> BigInt,
        version -> Integer,
        updated_by -> Uuid,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    lead_status_moves (lead_id, moved_at, to_status) {
        lead_id -> Uuid,
        moved_at -> Timestamp,
        to_status -> Text,
        project_id -> Uuid,
        from_status -> Nullable<Text>,
        lost_reason -> Nullable<Text>,
        owner_id -> Uuid,
        source_channel -> Text,
        channel_id -> Nullable<Uuid>,
        grade -> Nullable<Text>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    segments (id) {
        id -> Uuid,
        project_id -> Uuid,
        name -> Text,
        description -> Nullable<Text>,
        criteria -> Text,
        created_by -> Uuid,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    complaint_policies (project_id) {
        project_id -> Uuid,
        critical_acknowledge_hours -> Integer,
        critical_resolve_hours -> Integer,
        high_acknowledge_hours -> Integer,
        high_resolve_hours -> Integer,
        normal_acknowledge_hours -> Integer,
        normal_resolve_hours -> Integer,
        low_acknowledge_hours -> Integer,
        low_resolve_hours -> Integer,
        version -> Integer,
        updated_by -> Uuid,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    complaints (id) {
        id -> Uuid,
        project_id -> Uuid,
        lead_id -> Uuid,
        category -> Text,
        severity -> Text,
        channel -> Text,
        description -> Text,
        occurred_at -> Nullable<Timestamp>,
        status -> Text,
        assignee_id -> Nullable<Uuid>,
        received_at -> Timestamp,
        acknowledge_due_at -> Timestamp,
        resolve_due_at -> Timestamp,
        acknowledged_at -> Nullable<Timestamp>,
        resolved_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        root_cause -> Nullable<Text>,
        resolution -> Nullable<Text>,
        satisfaction -> Nullable<Integer>,
        reopen_count -> Integer,
        acknowledge_escalated_at -> Nullable<Timestamp>,
        resolve_escalated_at -> Nullable<Timestamp>,
        created_by -> Uuid,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    complaint_steps (complaint_id, seq) {
        complaint_id -> Uuid,
        seq -> Integer,
        action -> Text,
        from_status -> Nullable<Text>,
        to_status -> Text,
        actor_id -> Nullable<Uuid>,
        note -> Nullable<Text>,
        root_cause -> Nullable<Text>,
        satisfaction -> Nullable<Integer>,
        assignee_id -> Nullable<Uuid>,
        at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    survey_templates (id) {
        id -> Uuid,
        project_id -> Uuid,
        name -> Text,
        touchpoints -> Text,
        questions -> Text,
        created_by -> Uuid,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    survey_invitations (id) {
        id -> Uuid,
        project_id -> Uuid,
        lead_id -> Uuid,
        template_id -> Uuid,
        touchpoint -> Text,
        owner_id -> Uuid,
        token_hash -> Text,
        created_by -> Uuid,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        answered_at -> Nullable<Timestamp>,
        nps -> Nullable<Integer>,
        answers -> Nullable<Text>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    building_deliveries (project_id, building) {
        project_id -> Uuid,
        building -> Text,
        expected_at -> Date,
        updated_by -> Uuid,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    care_rules (project_id) {
        project_id -> Uuid,
        birthdays -> Bool,
        purchase_anniversaries -> Bool,
        delivery_countdown_days -> Nullable<Integer>,
        festivals -> Text,
        version -> Integer,
        updated_by -> Uuid,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    care_tasks (lead_id, kind, due_on) {
        lead_id -> Uuid,
        kind -> Text,
        due_on -> Date,
        project_id -> Uuid,
        occasion -> Text,
        consent_channel -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(intents -> units (unit_id));
diesel::joinable!(project_members -> projects (project_id));
diesel::joinable!(project_members -> users (user_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(leads -> projects (project_id));
diesel::joinable!(project_protection_rules -> projects (project_id));
diesel::joinable!(lead_consents -> leads (lead_id));
diesel::joinable!(follow_ups -> leads (lead_id));
diesel::joinable!(objections -> projects (project_id));
diesel::joinable!(channel_projects -> channels (channel_id));
diesel::joinable!(channel_projects -> projects (project_id));
diesel::joinable!(users -> channels (channel_id));
diesel::joinable!(channel_reports -> channels (channel_id));
diesel::joinable!(channel_reports -> projects (project_id));
diesel::joinable!(report_appeals -> channel_reports (report_id));
diesel::joinable!(rotation_entries -> users (user_id));
diesel::joinable!(deals -> units (unit_id));
diesel::joinable!(deals -> leads (lead_id));
diesel::joinable!(deal_dues -> deals (deal_id));
diesel::joinable!(deal_payments -> deals (deal_id));
diesel::joinable!(deal_changes -> deals (deal_id));
diesel::joinable!(commissions -> deals (deal_id));
diesel::joinable!(commissions -> channels (channel_id));
diesel::joinable!(wechat_bindings -> users (user_id));
diesel::joinable!(webhook_deliveries -> webhook_endpoints (endpoint_id));
diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));

diesel::allow_tables_to_appear_in_same_query!(
    building_deliveries,
    care_rules,
    care_tasks,
    survey_templates,
    survey_invitations,
    complaint_policies,
    complaints,
    complaint_steps,
    users,
    projects,
    project_members,
    refresh_tokens,
    login_failures,
    audit_events,
    idempotency_keys,
    leads,
    lead_consents,
    follow_ups,
    project_cadences,
    project_protection_rules,
    channels,
    channel_projects,
    channel_reports,
    report_appeals,
    rotation_entries,
    visits,
    objections,
    grading_rules,
    lead_grades,
    grade_history,
    audit_chain,
    audit_pending,
    units,
    unit_prices,
    project_counters,
    subscriptions,
    intents,
    intent_changes,
    project_openings,
    reservations,
    deals,
    deal_dues,
    deal_payments,
    deal_changes,
    commission_rules,
    commissions,
    wechat_bindings,
    wechat_bind_tickets,
    webhook_endpoints,
    webhook_deliveries,
    webhook_attempts,
    webhook_dispatch,
    integration_clients,
    scheduled_jobs,
    notifications,
    notifier_position,
    reminders_told,
    channel_costs,
    lead_status_moves,
    segments,
);
