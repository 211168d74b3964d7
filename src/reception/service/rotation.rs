//! Rotation rules (轮排). The queue is the day's check-in order in the project's own date:
//! checking in puts a salesperson at the end, checking out takes them off the floor, a
//! manager's skip (轮空) sends them to the end with a reason, and — with visits — each
//! assigned walk-in sends its salesperson to the end. Everyone in the project sees the
//! queue (the desk included); salespeople and managers check themselves in and out.
//!
//! Every change holds the project row's lock, so the day's queue has one writer at a time:
//! two people acting at once are served one after the other, never interleaved.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use uuid::Uuid;

use crate::audit::{self, AuditAction};
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult};
use crate::follow_ups::calendar;
use crate::projects;
pub(super) use crate::projects::model::zone_of;
use crate::reception::dto::{RotationEntryView, RotationView, SkipRequest};
use crate::reception::model::{self, Entry};
use crate::reception::DutyState;
use crate::schema::projects as projects_table;
use crate::scope;

/// The project's date now, in its own zone.
pub(super) fn today(conn: &mut Conn, project_id: Id, now: NaiveDateTime) -> ApiResult<NaiveDate> {
    Ok(calendar::today(zone_of(conn, project_id)?, now))
}

fn view(conn: &mut Conn, project_id: Id, day: NaiveDate, default_days: i32) -> ApiResult<RotationView> {
    let rules = projects::service::rules(conn, project_id, default_days)?;
    let entries = model::queue_of(conn, project_id, day)?;
    let (on_duty, away): (Vec<_>, Vec<_>) = entries.into_iter().partition(|(e, _)| e.state == DutyState::OnDuty);
    let next_user_id = on_duty.first().map(|(e, _)| e.user_id.0);
    let on_duty =
        on_duty.into_iter().enumerate().map(|(i, entry)| (Some(i32::try_from(i + 1).unwrap_or(i32::MAX)), entry));
    let queue = on_duty
        .chain(away.into_iter().map(|entry| (None, entry)))
        .map(|(position, (e, display_name))| RotationEntryView {
            user_id: e.user_id.0,
            display_name,
            state: e.state,
            position,
            served_today: e.served_count,
            checked_in_at: e.checked_in_at.and_utc(),
        })
        .collect();
    Ok(RotationView {
        project_id: project_id.0,
        date: day,
        rotation_enabled: rules.rotation_enabled,
        queue,
        next_user_id,
    })
}

/// `GET /projects/{id}/rotation`: everyone in the project.
pub fn find(conn: &mut Conn, actor: &Actor, project_id: Uuid, default_days: i32) -> ApiResult<RotationView> {
    scope::require_project(conn, actor, project_id)?;
    let day = today(conn, Id(project_id), db::now())?;
    view(conn, Id(project_id), day, default_days)
}

/// 403 `rotation.not_on_the_floor` unless the actor is a member of the project who takes
/// walk-ins (salespeople and managers).
fn require_floor_member(conn: &mut Conn, actor: &Actor, project_id: Uuid) -> ApiResult<()> {
    scope::require_project(conn, actor, project_id)?;
    let member = scope::member_projects(conn, actor.id)?.contains(&project_id);
    if member && actor.role.may_be_given_leads() {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "rotation.not_on_the_floor",
            "Only the project's salespeople and managers take turns in its rotation.",
        ))
    }
}

/// Takes the project row's lock, which every writer of the day's queue and of the visit
/// register holds: one desk action at a time per project. `FOR NO KEY UPDATE`, so that the
/// rows the desk's own work inserts (follow-ups, leads) and everyone else's inserts in the
/// project are not held up by it, and a salesperson's follow-up that locked a lead first
/// never deadlocks with a visit of that lead.
pub(super) fn lock_desk(conn: &mut Conn, project: Id) -> ApiResult<()> {
    db::lock_rows_not_keys!(conn, projects_table::table.find(project))?;
    Ok(())
}

/// Runs `change` on the day's queue with the project row locked, then answers the queue.
fn with_queue<F>(conn: &mut Conn, project_id: Uuid, default_days: i32, change: F) -> ApiResult<RotationView>
where
    F: FnOnce(&mut Conn, NaiveDate, NaiveDateTime) -> ApiResult<()>,
{
    let project = Id(project_id);
    db::transaction(conn, |conn| {
        lock_desk(conn, project)?;
        let now = db::now();
        let day = today(conn, project, now)?;
        change(conn, day, now)?;
        view(conn, project, day, default_days)
    })
}

/// `POST /projects/{id}/rotation/check-in`: the actor joins the end of today's queue;
/// already on duty, nothing changes.
pub fn check_in(conn: &mut Conn, actor: &Actor, project_id: Uuid, default_days: i32) -> ApiResult<RotationView> {
    require_floor_member(conn, actor, project_id)?;
    with_queue(conn, project_id, default_days, |conn, day, now| {
        let project = Id(project_id);
        let end = model::end_of_queue(conn, project, day)?;
        match model::entry_of(conn, project, day, Id(actor.id))? {
            Some(entry) if entry.state == DutyState::OnDuty => return Ok(()),
            Some(entry) => entry.move_to(conn, end, DutyState::OnDuty, 0, now)?,
            None => Entry {
                project_id: project,
                day,
                user_id: Id(actor.id),
                state: DutyState::OnDuty,
                position: end,
                served_count: 0,
                checked_in_at: now,
                updated_at: now,
            }
            .insert(conn)?,
        }
        audit::record(
            conn,
            actor.into(),
            audit::Entry::new(AuditAction::RotationCheckIn, project_id).project(project_id).set("day", day),
        )?;
        Ok(())
    })
}

/// `POST /projects/{id}/rotation/check-out`: off the floor until the next check-in;
/// 409 `rotation.not_checked_in` for someone who did not check in today.
pub fn check_out(conn: &mut Conn, actor: &Actor, project_id: Uuid, default_days: i32) -> ApiResult<RotationView> {
    require_floor_member(conn, actor, project_id)?;
    with_queue(conn, project_id, default_days, |conn, day, now| {
        let entry = model::entry_of(conn, Id(project_id), day, Id(actor.id))?.ok_or_else(|| {
            ApiError::conflict("rotation.not_checked_in", "You have not checked in to today's rotation.")
        })?;
        if entry.state == DutyState::Away {
            return Ok(());
        }
        entry.move_to(conn, entry.position, DutyState::Away, 0, now)?;
        audit::record(
            conn,
            actor.into(),
            audit::Entry::new(AuditAction::RotationCheckOut, project_id).project(project_id).set("day", day),
        )?;
        Ok(())
    })
}

/// `POST /projects/{id}/rotation/skip` (managers): the person on duty goes to the end of
/// the queue, with the reason in the audit trail; 409 `rotation.not_on_duty` otherwise.
pub fn skip(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    input: SkipRequest,
    default_days: i32,
) -> ApiResult<RotationView> {
    scope::require_project_manager(conn, actor, project_id)?;
    let reason = input.reason.trim().to_owned();
    with_queue(conn, project_id, default_days, |conn, day, now| {
        let project = Id(project_id);
        let entry = model::entry_of(conn, project, day, Id(input.user_id))?
            .filter(|e| e.state == DutyState::OnDuty)
            .ok_or_else(|| {
                ApiError::conflict("rotation.not_on_duty", "That person is not on duty in today's rotation.")
            })?;
        let end = model::end_of_queue(conn, project, day)?;
        entry.move_to(conn, end, DutyState::OnDuty, 0, now)?;
        audit::record(
            conn,
            actor.into(),
            audit::Entry::new(AuditAction::RotationSkip, project_id)
                .project(project_id)
                .set("day", day)
                .set("user_id", input.user_id)
                .set("reason", &reason),
        )?;
        Ok(())
    })
}

/// The next on duty receives a walk-in: they go to the end of the queue with one more
/// served. `None` when nobody is on duty. The caller holds the project row's lock.
pub(super) fn take_turn(conn: &mut Conn, project: Id, day: NaiveDate, now: NaiveDateTime) -> ApiResult<Option<Id>> {
    let Some(next) = model::next_on_duty(conn, project, day)? else {
        return Ok(None);
    };
    let end = model::end_of_queue(conn, project, day)?;
    next.move_to(conn, end, DutyState::OnDuty, 1, now)?;
    Ok(Some(next.user_id))
}

/// Someone received a walk-in out of turn (their own, or a manager's choice): counted,
/// and — when on duty — sent to the end of the queue like any receiver, so the turn
/// passes to the next. The caller holds the project row's lock.
pub(super) fn served_out_of_turn(
    conn: &mut Conn,
    project: Id,
    day: NaiveDate,
    user: Id,
    now: NaiveDateTime,
) -> ApiResult<()> {
    if let Some(entry) = model::entry_of(conn, project, day, user)? {
        let position =
            if entry.state == DutyState::OnDuty { model::end_of_queue(conn, project, day)? } else { entry.position };
        entry.move_to(conn, position, entry.state, 1, now)?;
    }
    Ok(())
}
