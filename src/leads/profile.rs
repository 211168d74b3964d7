//! Turning request bodies into a valid `LeadProfile`: phones normalised, ID numbers
//! checked and encrypted, lists cleaned, ranges ordered, completeness computed. Pure
//! functions (no database), so every rule is unit-tested here.

use chrono::NaiveDateTime;

use super::dto::{ConsentInput, CreateLeadRequest, UpdateLeadRequest};
use super::id_number::{self, IdNumber};
use super::model::LeadProfile;
use super::phone::Phone;
use crate::crypto::DataCipher;
use crate::error::{ApiError, FieldError};
use crate::labels;
use crate::words::LeadStatus;

fn trimmed(value: &Option<String>) -> Option<String> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

fn parse_phone(raw: &str) -> Result<Phone, ApiError> {
    Phone::parse(raw).map_err(|message| ApiError::invalid_field("lead.invalid_phone", "phone", message))
}

/// Encrypts a valid ID number into the profile, or clears it.
fn set_id_number(profile: &mut LeadProfile, raw: Option<&str>, cipher: &DataCipher) -> Result<(), ApiError> {
    match raw.map(str::trim).filter(|v| !v.is_empty()) {
        None => {
            profile.id_number_cipher = None;
            profile.id_number_hash = None;
            profile.id_number_masked = None;
        }
        Some(raw) => {
            let id = IdNumber::parse(raw)
                .map_err(|message| ApiError::invalid_field("lead.invalid_id_number", "id_number", message))?;
            profile.id_number_cipher = Some(cipher.encrypt(id.expose()));
            profile.id_number_hash = Some(cipher.lookup_hash(id.expose()));
            profile.id_number_masked = Some(id_number::mask(id.expose()));
        }
    }
    Ok(())
}

fn set_consent(profile: &mut LeadProfile, consent: &ConsentInput, now: NaiveDateTime) {
    profile.marketing_consent = consent.granted;
    profile.consent_channel = trimmed(&consent.channel);
    profile.consent_at = Some(now);
}

/// Low must not exceed high.
fn check_order<T: PartialOrd>(low: Option<T>, high: Option<T>, field: &str, errors: &mut Vec<FieldError>) {
    if let (Some(low), Some(high)) = (low, high) {
        if low > high {
            errors.push(FieldError::new(field, "must not be below the matching minimum"));
        }
    }
}

/// Checks what no field can check alone (ordered ranges, a lost reason) and computes the
/// completeness: the last step of every way a profile is made.
pub(crate) fn finish(mut profile: LeadProfile, mut errors: Vec<FieldError>) -> Result<LeadProfile, ApiError> {
    check_order(profile.budget_min_fen, profile.budget_max_fen, "budget_max_fen", &mut errors);
    check_order(profile.area_min_sqm, profile.area_max_sqm, "area_max_sqm", &mut errors);
    if profile.status == LeadStatus::Lost && profile.lost_reason.is_none() {
        errors.push(FieldError::new("lost_reason", "is required when the status is lost"));
    }
    if profile.status != LeadStatus::Lost {
        profile.lost_reason = None;
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    profile.completeness = completeness(&profile);
    Ok(profile)
}

/// The profile of a new lead.
pub fn from_create(
    input: &CreateLeadRequest,
    cipher: &DataCipher,
    now: NaiveDateTime,
) -> Result<LeadProfile, ApiError> {
    let phone = parse_phone(&input.phone)?;
    let mut errors = Vec::new();
    let name = input.name.trim().to_owned();
    if name.is_empty() {
        errors.push(FieldError::new("name", "must not be blank"));
    }
    let mut profile = LeadProfile {
        name,
        phone_tail: phone.tail().to_owned(),
        phone: phone.as_str().to_owned(),
        wechat_id: trimmed(&input.wechat_id),
        gender: input.gender,
        age_band: input.age_band,
        birthday: input.birthday,
        occupation: trimmed(&input.occupation),
        family_structure: trimmed(&input.family_structure),
        residence_district: trimmed(&input.residence_district),
        work_district: trimmed(&input.work_district),
        source_channel: input.source_channel,
        channel_detail: trimmed(&input.channel_detail),
        budget_min_fen: input.budget_min_fen,
        budget_max_fen: input.budget_max_fen,
        down_payment_fen: input.down_payment_fen,
        intended_layouts: labels::clean("intended_layouts", &input.intended_layouts, &mut errors),
        area_min_sqm: input.area_min_sqm,
        area_max_sqm: input.area_max_sqm,
        purpose: input.purpose,
        expected_move_in: input.expected_move_in,
        decision_maker: trimmed(&input.decision_maker),
        decision_cycle_days: input.decision_cycle_days,
        concerns: labels::clean("concerns", &input.concerns, &mut errors),
        doubts: trimmed(&input.doubts),
        tags: labels::clean("tags", &input.tags, &mut errors),
        id_number_cipher: None,
        id_number_hash: None,
        id_number_masked: None,
        marketing_consent: false,
        consent_channel: None,
        consent_at: None,
        status: LeadStatus::New,
        lost_reason: None,
        completeness: 0,
    };
    set_id_number(&mut profile, input.id_number.as_deref(), cipher)?;
    if let Some(consent) = &input.marketing_consent {
        set_consent(&mut profile, consent, now);
    }
    finish(profile, errors)
}

/// Applies a PATCH to a profile. Statuses that belong to other flows are refused.
pub fn apply_update(
    current: &LeadProfile,
    input: &UpdateLeadRequest,
    cipher: &DataCipher,
    now: NaiveDateTime,
) -> Result<LeadProfile, ApiError> {
    let mut errors = Vec::new();
    let mut p = current.clone();
    if let Some(name) = &input.name {
        p.name = name.trim().to_owned();
        if p.name.is_empty() {
            errors.push(FieldError::new("name", "must not be blank"));
        }
    }
    if let Some(raw) = &input.phone {
        let phone = parse_phone(raw)?;
        p.phone_tail = phone.tail().to_owned();
        p.phone = phone.as_str().to_owned();
    }
    let text = |value: &Option<Option<String>>, current: &Option<String>| match value {
        None => current.clone(),
        Some(new) => trimmed(new),
    };
    p.wechat_id = text(&input.wechat_id, &p.wechat_id);
    p.occupation = text(&input.occupation, &p.occupation);
    p.family_structure = text(&input.family_structure, &p.family_structure);
    p.residence_district = text(&input.residence_district, &p.residence_district);
    p.work_district = text(&input.work_district, &p.work_district);
    p.channel_detail = text(&input.channel_detail, &p.channel_detail);
    p.decision_maker = text(&input.decision_maker, &p.decision_maker);
    p.doubts = text(&input.doubts, &p.doubts);
    fn keep<T: Copy>(value: Option<Option<T>>, current: Option<T>) -> Option<T> {
        value.unwrap_or(current)
    }
    p.gender = keep(input.gender, p.gender);
    p.age_band = keep(input.age_band, p.age_band);
    p.birthday = keep(input.birthday, p.birthday);
    p.budget_min_fen = keep(input.budget_min_fen, p.budget_min_fen);
    p.budget_max_fen = keep(input.budget_max_fen, p.budget_max_fen);
    p.down_payment_fen = keep(input.down_payment_fen, p.down_payment_fen);
    p.area_min_sqm = keep(input.area_min_sqm, p.area_min_sqm);
    p.area_max_sqm = keep(input.area_max_sqm, p.area_max_sqm);
    p.purpose = keep(input.purpose, p.purpose);
    p.expected_move_in = keep(input.expected_move_in, p.expected_move_in);
    p.decision_cycle_days = keep(input.decision_cycle_days, p.decision_cycle_days);
    for (field, value) in [
        ("budget_min_fen", p.budget_min_fen),
        ("budget_max_fen", p.budget_max_fen),
        ("down_payment_fen", p.down_payment_fen),
    ] {
        if value.is_some_and(|v| v < 0) {
            errors.push(FieldError::new(field, "must be at least 0"));
        }
    }
    for (field, value) in [("area_min_sqm", p.area_min_sqm), ("area_max_sqm", p.area_max_sqm)] {
        if value.is_some_and(|v| !(0.0..=10000.0).contains(&v)) {
            errors.push(FieldError::new(field, "must be between 0 and 10000"));
        }
    }
    if p.decision_cycle_days.is_some_and(|d| !(0..=3650).contains(&d)) {
        errors.push(FieldError::new("decision_cycle_days", "must be between 0 and 3650"));
    }
    for (field, max, value) in [
        ("wechat_id", 64, &p.wechat_id),
        ("occupation", 64, &p.occupation),
        ("family_structure", 64, &p.family_structure),
        ("residence_district", 64, &p.residence_district),
        ("work_district", 64, &p.work_district),
        ("channel_detail", 128, &p.channel_detail),
        ("decision_maker", 64, &p.decision_maker),
        ("doubts", 2000, &p.doubts),
    ] {
        if value.as_ref().is_some_and(|v| v.chars().count() > max) {
            errors.push(FieldError::new(field, format!("must be at most {max} characters")));
        }
    }
    if let Some(channel) = input.source_channel {
        p.source_channel = channel;
    }
    if let Some(list) = &input.intended_layouts {
        p.intended_layouts = labels::clean("intended_layouts", list, &mut errors);
    }
    if let Some(list) = &input.concerns {
        p.concerns = labels::clean("concerns", list, &mut errors);
    }
    if let Some(list) = &input.tags {
        p.tags = labels::clean("tags", list, &mut errors);
    }
    if let Some(id) = &input.id_number {
        set_id_number(&mut p, id.as_deref(), cipher)?;
    }
    if let Some(consent) = &input.marketing_consent {
        if consent.granted != p.marketing_consent || trimmed(&consent.channel) != p.consent_channel {
            set_consent(&mut p, consent, now);
        }
    }
    if let Some(status) = input.status {
        if status.set_by_flow_only() {
            errors.push(FieldError::new("status", format!("{status} is set by its own flow, not by an edit")));
        }
        p.status = status;
    }
    if input.lost_reason.is_some() {
        p.lost_reason = input.lost_reason;
    }
    finish(p, errors)
}

/// The optional profile fields completeness counts (数据完整率), each with whether it is
/// filled: one list, so the lead's score and the quality report's fill rates agree.
pub fn filled_fields(p: &LeadProfile) -> [(&'static str, bool); 20] {
    [
        ("wechat_id", p.wechat_id.is_some()),
        ("gender", p.gender.is_some()),
        ("age_band", p.age_band.is_some()),
        ("birthday", p.birthday.is_some()),
        ("occupation", p.occupation.is_some()),
        ("family_structure", p.family_structure.is_some()),
        ("residence_district", p.residence_district.is_some()),
        ("work_district", p.work_district.is_some()),
        ("channel_detail", p.channel_detail.is_some()),
        ("budget", p.budget_min_fen.is_some() || p.budget_max_fen.is_some()),
        ("down_payment_fen", p.down_payment_fen.is_some()),
        ("intended_layouts", p.intended_layouts != "[]"),
        ("area", p.area_min_sqm.is_some() || p.area_max_sqm.is_some()),
        ("purpose", p.purpose.is_some()),
        ("expected_move_in", p.expected_move_in.is_some()),
        ("decision_maker", p.decision_maker.is_some()),
        ("decision_cycle_days", p.decision_cycle_days.is_some()),
        ("concerns", p.concerns != "[]"),
        ("id_number", p.id_number_hash.is_some()),
        ("marketing_consent", p.consent_at.is_some()),
    ]
}

/// 0–100: the share of the optional profile fields that are filled (数据完整率).
pub fn completeness(p: &LeadProfile) -> i32 {
    let filled = filled_fields(p);
    let count = filled.iter().filter(|(_, f)| *f).count();
    (count * 100 / filled.len()) as i32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::{LostReason, SourceChannel};

    fn create(phone: &str) -> CreateLeadRequest {
        serde_json::from_value(serde_json::json!({
            "project_id": uuid::Uuid::now_v7(), "name": " 王女士 ", "phone": phone, "source_channel": SourceChannel::WalkIn,
        }))
        .expect("a minimal lead")
    }

    fn now() -> NaiveDateTime {
        crate::db::now()
    }

    #[test]
    fn a_minimal_lead_is_normalised_and_nearly_empty() {
        let profile = from_create(&create("+86 138-0013-8000"), &DataCipher::new(&[1; 32]), now()).expect("valid");
        assert_eq!(
            (profile.name.as_str(), profile.phone.as_str(), profile.phone_tail.as_str()),
            ("王女士", "13800138000", "8000")
        );
        assert_eq!(profile.completeness, 0);
    }

    #[test]
    fn bad_phones_and_id_numbers_get_their_own_codes() {
        let cipher = DataCipher::new(&[1; 32]);
        assert_eq!(from_create(&create("12345"), &cipher, now()).expect_err("phone").code(), "lead.invalid_phone");
        let mut bad_id = create("13800138000");
        bad_id.id_number = Some("110105194912310021".into());
        assert_eq!(from_create(&bad_id, &cipher, now()).expect_err("id").code(), "lead.invalid_id_number");
    }

    #[test]
    fn id_numbers_are_stored_encrypted_hashed_and_masked_only() {
        let cipher = DataCipher::new(&[1; 32]);
        let mut input = create("13800138000");
        input.id_number = Some("11010519491231002x".into());
        let profile = from_create(&input, &cipher, now()).expect("valid");
        assert_eq!(profile.id_number_masked.as_deref(), Some("110105********002X"));
        assert_eq!(
            cipher.decrypt(profile.id_number_cipher.as_deref().expect("cipher")).as_deref(),
            Some("11010519491231002X")
        );
        assert_eq!(profile.id_number_hash, Some(cipher.lookup_hash("11010519491231002X")));
    }

    #[test]
    fn reversed_ranges_blank_labels_and_lost_without_reason_are_field_errors() {
        let cipher = DataCipher::new(&[1; 32]);
        let mut input = create("13800138000");
        input.budget_min_fen = Some(500);
        input.budget_max_fen = Some(100);
        input.tags = vec!["多孩家庭".into(), " ".into(), "多孩家庭".into()];
        let fields: Vec<String> = from_create(&input, &cipher, now())
            .expect_err("invalid")
            .problem()
            .errors
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec!["tags[1]", "budget_max_fen"]);

        let base = from_create(&create("13800138000"), &cipher, now()).expect("valid");
        let lost = UpdateLeadRequest { version: 1, status: Some(LeadStatus::Lost), ..Default::default() };
        assert_eq!(
            apply_update(&base, &lost, &cipher, now()).expect_err("no reason").problem().errors[0].field,
            "lost_reason"
        );
        let with_reason = UpdateLeadRequest { lost_reason: Some(LostReason::Budget), ..lost };
        assert_eq!(apply_update(&base, &with_reason, &cipher, now()).expect("valid").status, LeadStatus::Lost);
    }

    #[test]
    fn flow_statuses_cannot_be_set_by_an_edit_and_null_clears_a_field() {
        let cipher = DataCipher::new(&[1; 32]);
        let mut input = create("13800138000");
        input.occupation = Some("教师".into());
        let base = from_create(&input, &cipher, now()).expect("valid");
        let signed = UpdateLeadRequest { version: 1, status: Some(LeadStatus::Signed), ..Default::default() };
        assert_eq!(apply_update(&base, &signed, &cipher, now()).expect_err("flow").problem().errors[0].field, "status");
        let cleared = UpdateLeadRequest { version: 1, occupation: Some(None), ..Default::default() };
        assert_eq!(apply_update(&base, &cleared, &cipher, now()).expect("valid").occupation, None);
        let untouched = UpdateLeadRequest { version: 1, ..Default::default() };
        assert_eq!(apply_update(&base, &untouched, &cipher, now()).expect("valid").occupation.as_deref(), Some("教师"));
    }

    #[test]
    fn completeness_counts_filled_fields() {
        let cipher = DataCipher::new(&[1; 32]);
        let mut input = create("13800138000");
        input.wechat_id = Some("wx_wang".into());
        input.purpose = Some(crate::words::Purpose::Upgrade);
        input.budget_max_fen = Some(500_000_000);
        input.intended_layouts = vec!["3房".into()];
        let profile = from_create(&input, &cipher, now()).expect("valid");
        assert_eq!(profile.completeness, 20);
    }
}
