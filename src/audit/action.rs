//! The closed sets of what the audit trail records: each action (`<entity>.<verb>`) and the
//! kind of entity it is about. Typed, so that a misspelt action fails to compile; the
//! stored text is unchanged, and the database guard of `audit.purge` reads that text.

use super::entity::EntityType;

crate::text_enum! {
    /// What an event records.
    pub enum AuditAction {
        /// `appeal.decide`.
        AppealDecide = "appeal.decide",
        /// `appeal.file`.
        AppealFile = "appeal.file",
        /// `audit.export`.
        AuditExport = "audit.export",
        /// `audit.purge`.
        AuditPurge = "audit.purge",
        /// `auth.login`.
        AuthLogin = "auth.login",
        /// `auth.login_failed`.
        AuthLoginFailed = "auth.login_failed",
        /// `auth.login_refused`.
        AuthLoginRefused = "auth.login_refused",
        /// `auth.login_throttled`.
        AuthLoginThrottled = "auth.login_throttled",
        /// `auth.logout`.
        AuthLogout = "auth.logout",
        /// `auth.refresh_reuse`.
        AuthRefreshReuse = "auth.refresh_reuse",
        /// `channel.commission_rule`: a channel's commission rule for a project was set.
        ChannelCommissionRule = "channel.commission_rule",
        /// `channel.create`.
        ChannelCreate = "channel.create",
        /// `channel.update`.
        ChannelUpdate = "channel.update",
        /// `integration_client.create`.
        ClientCreate = "integration_client.create",
        /// `integration_client.revoke`: the client's tokens stopped at once.
        ClientRevoke = "integration_client.revoke",
        /// `integration_client.rotate_secret`.
        ClientRotateSecret = "integration_client.rotate_secret",
        /// `commission.accrue`: a signed deal of a channel's buyer earned the channel a commission.
        CommissionAccrue = "commission.accrue",
        /// `commission.claw_back`: the deal was cancelled; the commission is taken back.
        CommissionClawBack = "commission.claw_back",
        /// `commission.pay`.
        CommissionPay = "commission.pay",
        /// `commission.payable`: the commission's milestone was reached.
        CommissionPayable = "commission.payable",
        /// `commission.reprice`: the deal's price changed (换房); the unpaid amount follows.
        CommissionReprice = "commission.reprice",
        /// `complaint.acknowledge`: the buyer was told their complaint is being looked at.
        ComplaintAcknowledge = "complaint.acknowledge",
        /// `complaint.assign`.
        ComplaintAssign = "complaint.assign",
        /// `complaint.breach`: a complaint's deadline passed (recorded by the system, once).
        ComplaintBreach = "complaint.breach",
        /// `complaint.close`: with the buyer's satisfaction.
        ComplaintClose = "complaint.close",
        /// `complaint.file`.
        ComplaintFile = "complaint.file",
        /// `complaint.reopen`.
        ComplaintReopen = "complaint.reopen",
        /// `complaint.resolve`: with the root cause.
        ComplaintResolve = "complaint.resolve",
        /// `complaint.start`.
        ComplaintStart = "complaint.start",
        /// `deal.cancel` (退房).
        DealCancel = "deal.cancel",
        /// `deal.change_unit` (换房).
        DealChangeUnit = "deal.change_unit",
        /// `deal.mortgage`: the loan moved a stage.
        DealMortgage = "deal.mortgage",
        /// `deal.payment`: money received (回款).
        DealPayment = "deal.payment",
        /// `deal.payment_overdue`: an instalment passed its due date unpaid (the overdue scan).
        DealPaymentOverdue = "deal.payment_overdue",
        /// `deal.sign`: a signed reservation became a deal.
        DealSign = "deal.sign",
        /// `event.redeliver`: an event was queued for delivery again.
        EventRedeliver = "event.redeliver",
        /// `follow_up.create`.
        FollowUpCreate = "follow_up.create",
        /// `follow_up.update`.
        FollowUpUpdate = "follow_up.update",
        /// `grading.rules_save`.
        GradingRulesSave = "grading.rules_save",
        /// `job.run`: an admin made a scheduled job due now.
        JobRun = "job.run",
        /// `lead.assign`: the desk gave a lapsed lead to a salesperson through the rotation.
        LeadAssign = "lead.assign",
        /// `lead.attribute`: a reported buyer arrived; the lead is the channel's.
        LeadAttribute = "lead.attribute",
        /// `lead.care_plan`: the `care_reminders` job planned a care task (a festival, an
        /// anniversary, the countdown to the handover) for a buyer who consented to contact.
        LeadCarePlan = "lead.care_plan",
        /// `lead.care_remind`: a care occasion (a birthday) of a buyer who consented to contact.
        LeadCareRemind = "lead.care_remind",
        /// `lead.claim`.
        LeadClaim = "lead.claim",
        /// `lead.create`.
        LeadCreate = "lead.create",
        /// `lead.delete`.
        LeadDelete = "lead.delete",
        /// `lead.follow_up_overdue`: the planned follow-up's day ended without one (the overdue scan).
        LeadFollowUpOverdue = "lead.follow_up_overdue",
        /// `lead.grade_change`.
        LeadGradeChange = "lead.grade_change",
        /// `lead.grade_override`.
        LeadGradeOverride = "lead.grade_override",
        /// `lead.grade_override_clear`.
        LeadGradeOverrideClear = "lead.grade_override_clear",
        /// `lead.handover`.
        LeadHandover = "lead.handover",
        /// `lead.import`.
        LeadImport = "lead.import",
        /// `lead.intents`.
        LeadIntents = "lead.intents",
        /// `lead.neglect`: nobody contacted the lead for the overdue days (the managers' alert).
        LeadNeglect = "lead.neglect",
        /// `lead.reveal`.
        LeadReveal = "lead.reveal",
        /// `lead.transfer`.
        LeadTransfer = "lead.transfer",
        /// `lead.update`.
        LeadUpdate = "lead.update",
        /// `notification.read`: someone marked their notifications read.
        NotificationRead = "notification.read",
        /// `objection.create`.
        ObjectionCreate = "objection.create",
        /// `objection.delete`.
        ObjectionDelete = "objection.delete",
        /// `objection.update`.
        ObjectionUpdate = "objection.update",
        /// `objection.use`.
        ObjectionUse = "objection.use",
        /// `opening.update`.
        OpeningUpdate = "opening.update",
        /// `project.cadence_update`.
        ProjectCadenceUpdate = "project.cadence_update",
        /// `project.channel_cost`: a month's spend on a channel was recorded.
        ProjectChannelCost = "project.channel_cost",
        /// `project.building_delivery`: a building's expected handover was set (and copied to its deals).
        ProjectBuildingDelivery = "project.building_delivery",
        /// `project.care_rules`: the project's care rules were set.
        ProjectCareRules = "project.care_rules",
        /// `project.complaint_policy`: the project's complaint deadlines were set.
        ProjectComplaintPolicy = "project.complaint_policy",
        /// `project.create`.
        ProjectCreate = "project.create",
        /// `project.member_add`.
        ProjectMemberAdd = "project.member_add",
        /// `project.member_remove`.
        ProjectMemberRemove = "project.member_remove",
        /// `project.protection_update`.
        ProjectProtectionUpdate = "project.protection_update",
        /// `project.update`.
        ProjectUpdate = "project.update",
        /// `report.arrive`: the reported buyer arrived.
        ReportArrive = "report.arrive",
        /// `report.deal`: the reported buyer signed (`arrived → deal`), or their last deal
        /// was cancelled (`deal → arrived`).
        ReportDeal = "report.deal",
        /// `report.expire`: the protection window ran out before the buyer arrived.
        ReportExpire = "report.expire",
        /// `report.file`.
        ReportFile = "report.file",
        /// `reservation.cancel`.
        ReservationCancel = "reservation.cancel",
        /// `reservation.create`.
        ReservationCreate = "reservation.create",
        /// `reservation.sign`.
        ReservationSign = "reservation.sign",
        /// `rotation.check_in`.
        RotationCheckIn = "rotation.check_in",
        /// `rotation.check_out`.
        RotationCheckOut = "rotation.check_out",
        /// `rotation.skip`.
        RotationSkip = "rotation.skip",
        /// `segment.create`.
        SegmentCreate = "segment.create",
        /// `segment.delete`.
        SegmentDelete = "segment.delete",
        /// `segment.update`.
        SegmentUpdate = "segment.update",
        /// `subscription.create`.
        SubscriptionCreate = "subscription.create",
        /// `subscription.refund`.
        SubscriptionRefund = "subscription.refund",
        /// `survey.answer`: a buyer answered a survey link (recorded by the system: no account).
        SurveyAnswer = "survey.answer",
        /// `survey.invite`: a single-use survey link was made for a buyer.
        SurveyInvite = "survey.invite",
        /// `survey_template.create`.
        SurveyTemplateCreate = "survey_template.create",
        /// `unit.create`.
        UnitCreate = "unit.create",
        /// `unit.hold`.
        UnitHold = "unit.hold",
        /// `unit.import`.
        UnitImport = "unit.import",
        /// `unit.release`.
        UnitRelease = "unit.release",
        /// `unit.update`.
        UnitUpdate = "unit.update",
        /// `user.create`.
        UserCreate = "user.create",
        /// `user.freeze`.
        UserFreeze = "user.freeze",
        /// `user.unfreeze`.
        UserUnfreeze = "user.unfreeze",
        /// `user.update`.
        UserUpdate = "user.update",
        /// `user.wechat_bind`: the user bound their WeChat (replacing an earlier binding).
        UserWechatBind = "user.wechat_bind",
        /// `user.wechat_unbind`.
        UserWechatUnbind = "user.wechat_unbind",
        /// `visit.assign`: a manager gave a waiting visitor to a salesperson.
        VisitAssign = "visit.assign",
        /// `visit.register`.
        VisitRegister = "visit.register",
        /// `visit.update`.
        VisitUpdate = "visit.update",
        /// `webhook_endpoint.create`.
        WebhookEndpointCreate = "webhook_endpoint.create",
        /// `webhook_endpoint.delete`.
        WebhookEndpointDelete = "webhook_endpoint.delete",
        /// `webhook_endpoint.disable`: the endpoint answered 410 or kept failing; the system
        /// turned it off.
        WebhookEndpointDisable = "webhook_endpoint.disable",
        /// `webhook_endpoint.rotate_secret`.
        WebhookEndpointRotateSecret = "webhook_endpoint.rotate_secret",
        /// `webhook_endpoint.update`.
        WebhookEndpointUpdate = "webhook_endpoint.update",
    }
}

impl AuditAction {
    /// The kind of entity this action is about: one per action, so an event can never name
    /// the wrong one.
    pub fn entity_type(self) -> EntityType {
        match self {
            AuditAction::AppealDecide | AuditAction::AppealFile => EntityType::Appeal,
            AuditAction::AuditExport | AuditAction::AuditPurge => EntityType::Audit,
            AuditAction::ChannelCommissionRule | AuditAction::ChannelCreate | AuditAction::ChannelUpdate => {
                EntityType::Channel
            }
            AuditAction::CommissionAccrue
            | AuditAction::CommissionClawBack
            | AuditAction::CommissionPay
            | AuditAction::CommissionPayable
            | AuditAction::CommissionReprice => EntityType::Commission,
            AuditAction::ComplaintAcknowledge
            | AuditAction::ComplaintAssign
            | AuditAction::ComplaintBreach
            | AuditAction::ComplaintClose
            | AuditAction::ComplaintFile
            | AuditAction::ComplaintReopen
            | AuditAction::ComplaintResolve
            | AuditAction::ComplaintStart => EntityType::Complaint,
            AuditAction::DealCancel
            | AuditAction::DealChangeUnit
            | AuditAction::DealMortgage
            | AuditAction::DealPayment
            | AuditAction::DealPaymentOverdue
            | AuditAction::DealSign => EntityType::Deal,
            AuditAction::FollowUpCreate | AuditAction::FollowUpUpdate => EntityType::FollowUp,
            AuditAction::LeadAssign
            | AuditAction::LeadAttribute
            | AuditAction::LeadCarePlan
            | AuditAction::LeadCareRemind
            | AuditAction::LeadClaim
            | AuditAction::LeadCreate
            | AuditAction::LeadDelete
            | AuditAction::LeadFollowUpOverdue
            | AuditAction::LeadGradeChange
            | AuditAction::LeadGradeOverride
            | AuditAction::LeadGradeOverrideClear
            | AuditAction::LeadHandover
            | AuditAction::LeadIntents
            | AuditAction::LeadNeglect
            | AuditAction::LeadReveal
            | AuditAction::LeadTransfer
            | AuditAction::LeadUpdate => EntityType::Lead,
            AuditAction::ObjectionCreate
            | AuditAction::ObjectionDelete
            | AuditAction::ObjectionUpdate
            | AuditAction::ObjectionUse => EntityType::Objection,
            AuditAction::GradingRulesSave
            | AuditAction::LeadImport
            | AuditAction::OpeningUpdate
            | AuditAction::ProjectCadenceUpdate
            | AuditAction::ProjectChannelCost
            | AuditAction::ProjectComplaintPolicy
            | AuditAction::ProjectBuildingDelivery
            | AuditAction::ProjectCareRules
            | AuditAction::ProjectCreate
            | AuditAction::ProjectMemberAdd
            | AuditAction::ProjectMemberRemove
            | AuditAction::ProjectProtectionUpdate
            | AuditAction::ProjectUpdate
            | AuditAction::RotationCheckIn
            | AuditAction::RotationCheckOut
            | AuditAction::RotationSkip
            | AuditAction::UnitImport => EntityType::Project,
            AuditAction::ReportArrive
            | AuditAction::ReportDeal
            | AuditAction::ReportExpire
            | AuditAction::ReportFile => EntityType::Report,
            AuditAction::ReservationCancel | AuditAction::ReservationCreate | AuditAction::ReservationSign => {
                EntityType::Reservation
            }
            AuditAction::SegmentCreate | AuditAction::SegmentDelete | AuditAction::SegmentUpdate => EntityType::Segment,
            AuditAction::SubscriptionCreate | AuditAction::SubscriptionRefund => EntityType::Subscription,
            AuditAction::SurveyAnswer | AuditAction::SurveyInvite => EntityType::Survey,
            AuditAction::SurveyTemplateCreate => EntityType::SurveyTemplate,
            AuditAction::UnitCreate | AuditAction::UnitHold | AuditAction::UnitRelease | AuditAction::UnitUpdate => {
                EntityType::Unit
            }
            AuditAction::AuthLogin
            | AuditAction::AuthLoginFailed
            | AuditAction::AuthLoginRefused
            | AuditAction::AuthLoginThrottled
            | AuditAction::AuthLogout
            | AuditAction::AuthRefreshReuse
            | AuditAction::UserCreate
            | AuditAction::UserFreeze
            | AuditAction::UserUnfreeze
            | AuditAction::UserUpdate
            | AuditAction::UserWechatBind
            | AuditAction::UserWechatUnbind => EntityType::User,
            AuditAction::VisitAssign | AuditAction::VisitRegister | AuditAction::VisitUpdate => EntityType::Visit,
            AuditAction::EventRedeliver => EntityType::Event,
            AuditAction::JobRun => EntityType::Job,
            AuditAction::NotificationRead => EntityType::Notification,
            AuditAction::ClientCreate | AuditAction::ClientRevoke | AuditAction::ClientRotateSecret => {
                EntityType::IntegrationClient
            }
            AuditAction::WebhookEndpointCreate
            | AuditAction::WebhookEndpointDelete
            | AuditAction::WebhookEndpointDisable
            | AuditAction::WebhookEndpointRotateSecret
            | AuditAction::WebhookEndpointUpdate => EntityType::WebhookEndpoint,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::sql_types::TextWords;

    #[test]
    fn every_action_names_its_entity_or_a_project_it_belongs_to() {
        for word in AuditAction::words() {
            let action = AuditAction::parse(word).expect("a word of the set");
            let (subject, _) = word.split_once('.').expect("entity.verb");
            let entity = action.entity_type().as_str();
            assert!(
                entity == subject || entity == "project" || (subject == "auth" && entity == "user"),
                "{word} is about {entity}"
            );
        }
    }
}
