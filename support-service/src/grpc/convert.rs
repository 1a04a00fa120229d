//! Proto ⇄ domain values.

use portal_common::UtcTime;
use portal_proto::support::v1 as pb;

use crate::domain::TicketStatusView;
use crate::domain::model::tickets::{EventRecord, TicketRecord};
use crate::domain::model::{
    CallbackOutcome, CallbackStatus, Category, NoteVisibility, TicketKind, TicketRef, TicketStatus,
};
use crate::error::SupportError;

/// An agent's ticket reference: a mistake is `INVALID_ARGUMENT`.
pub fn ticket_ref(raw: &str) -> Result<TicketRef, SupportError> {
    TicketRef::parse(raw)
        .ok_or_else(|| SupportError::invalid("ticket_ref", "must look like SUP-7K2M9QXD"))
}

/// A requester's ticket reference: one that cannot be a reference is a
/// ticket not found, as an unknown one is (a requester is told nothing
/// more).
pub fn requesters_ticket_ref(raw: &str) -> Result<TicketRef, SupportError> {
    TicketRef::parse(raw).ok_or(SupportError::NotFound("ticket"))
}

pub fn category(value: i32) -> Option<Category> {
    match pb::Category::try_from(value).ok()? {
        pb::Category::Unspecified => None,
        pb::Category::FirstTimeLogin => Some(Category::FirstTimeLogin),
        pb::Category::VerificationCode => Some(Category::VerificationCode),
        pb::Category::ForgotPassword => Some(Category::ForgotPassword),
        pb::Category::ResetEmail => Some(Category::ResetEmail),
        pb::Category::InvalidCredentials => Some(Category::InvalidCredentials),
        pb::Category::NoSites => Some(Category::NoSites),
        pb::Category::AccountLocked => Some(Category::AccountLocked),
        pb::Category::Other => Some(Category::Other),
    }
}

fn category_to_proto(category: Category) -> pb::Category {
    match category {
        Category::FirstTimeLogin => pb::Category::FirstTimeLogin,
        Category::VerificationCode => pb::Category::VerificationCode,
        Category::ForgotPassword => pb::Category::ForgotPassword,
        Category::ResetEmail => pb::Category::ResetEmail,
        Category::InvalidCredentials => pb::Category::InvalidCredentials,
        Category::NoSites => pb::Category::NoSites,
        Category::AccountLocked => pb::Category::AccountLocked,
        Category::Other => pb::Category::Other,
    }
}

pub fn status(value: i32) -> Option<TicketStatus> {
    match pb::TicketStatus::try_from(value).ok()? {
        pb::TicketStatus::Unspecified => None,
        pb::TicketStatus::New => Some(TicketStatus::New),
        pb::TicketStatus::Open => Some(TicketStatus::Open),
        pb::TicketStatus::PendingRequester => Some(TicketStatus::PendingRequester),
        pb::TicketStatus::Resolved => Some(TicketStatus::Resolved),
        pb::TicketStatus::Closed => Some(TicketStatus::Closed),
        pb::TicketStatus::Spam => Some(TicketStatus::Spam),
    }
}

pub fn status_to_proto(status: TicketStatus) -> pb::TicketStatus {
    match status {
        TicketStatus::New => pb::TicketStatus::New,
        TicketStatus::Open => pb::TicketStatus::Open,
        TicketStatus::PendingRequester => pb::TicketStatus::PendingRequester,
        TicketStatus::Resolved => pb::TicketStatus::Resolved,
        TicketStatus::Closed => pb::TicketStatus::Closed,
        TicketStatus::Spam => pb::TicketStatus::Spam,
    }
}

pub fn kind(value: i32) -> Option<TicketKind> {
    match pb::TicketKind::try_from(value).ok()? {
        pb::TicketKind::Unspecified => None,
        pb::TicketKind::ContactForm => Some(TicketKind::ContactForm),
        pb::TicketKind::Callback => Some(TicketKind::Callback),
    }
}

fn kind_to_proto(kind: TicketKind) -> pb::TicketKind {
    match kind {
        TicketKind::ContactForm => pb::TicketKind::ContactForm,
        TicketKind::Callback => pb::TicketKind::Callback,
    }
}

fn callback_status_to_proto(status: Option<CallbackStatus>) -> pb::CallbackStatus {
    match status {
        None => pb::CallbackStatus::Unspecified,
        Some(CallbackStatus::Requested) => pb::CallbackStatus::Requested,
        Some(CallbackStatus::Scheduled) => pb::CallbackStatus::Scheduled,
        Some(CallbackStatus::Completed) => pb::CallbackStatus::Completed,
        Some(CallbackStatus::Failed) => pb::CallbackStatus::Failed,
        Some(CallbackStatus::Cancelled) => pb::CallbackStatus::Cancelled,
    }
}

pub fn visibility(value: i32) -> Result<NoteVisibility, SupportError> {
    match pb::NoteVisibility::try_from(value) {
        Ok(pb::NoteVisibility::Internal) => Ok(NoteVisibility::Internal),
        Ok(pb::NoteVisibility::Public) => Ok(NoteVisibility::Public),
        _ => Err(SupportError::invalid(
            "visibility",
            "must be INTERNAL or PUBLIC",
        )),
    }
}

fn visibility_to_proto(text: &str) -> pb::NoteVisibility {
    match NoteVisibility::parse(text) {
        Some(NoteVisibility::Internal) => pb::NoteVisibility::Internal,
        Some(NoteVisibility::Public) => pb::NoteVisibility::Public,
        None => pb::NoteVisibility::Unspecified,
    }
}

pub fn outcome(value: i32) -> Result<CallbackOutcome, SupportError> {
    match pb::CallbackOutcome::try_from(value) {
        Ok(pb::CallbackOutcome::NoAnswer) => Ok(CallbackOutcome::NoAnswer),
        Ok(pb::CallbackOutcome::Voicemail) => Ok(CallbackOutcome::Voicemail),
        Ok(pb::CallbackOutcome::Reached) => Ok(CallbackOutcome::Reached),
        Ok(pb::CallbackOutcome::WrongNumber) => Ok(CallbackOutcome::WrongNumber),
        _ => Err(SupportError::invalid(
            "outcome",
            "must be NO_ANSWER, VOICEMAIL, REACHED or WRONG_NUMBER",
        )),
    }
}

fn outcome_to_proto(text: &str) -> pb::CallbackOutcome {
    match CallbackOutcome::parse(text) {
        Some(CallbackOutcome::NoAnswer) => pb::CallbackOutcome::NoAnswer,
        Some(CallbackOutcome::Voicemail) => pb::CallbackOutcome::Voicemail,
        Some(CallbackOutcome::Reached) => pb::CallbackOutcome::Reached,
        Some(CallbackOutcome::WrongNumber) => pb::CallbackOutcome::WrongNumber,
        None => pb::CallbackOutcome::Unspecified,
    }
}

/// A timestamp as a UTC instant; out-of-range values are refused.
pub fn time(timestamp: Option<&prost_types::Timestamp>) -> Option<UtcTime> {
    UtcTime::from_timestamp(timestamp?)
}

fn ts(time: UtcTime) -> Option<prost_types::Timestamp> {
    Some(time.to_timestamp())
}

pub fn ticket(record: TicketRecord, history: Vec<EventRecord>) -> pb::Ticket {
    pb::Ticket {
        ticket_ref: record.reference.to_string(),
        kind: kind_to_proto(record.kind) as i32,
        status: status_to_proto(record.status) as i32,
        category: category_to_proto(record.category) as i32,
        requester_name: record.requester_name,
        requester_email: record.requester_email,
        organization: record.organization,
        subject: record.subject,
        message: record.message,
        requester_user_id: record.requester_user_id.unwrap_or_default(),
        phone: record.phone.unwrap_or_default(),
        window_start: record.window_start.and_then(ts),
        window_end: record.window_end.and_then(ts),
        time_zone: record.time_zone.unwrap_or_default(),
        callback_status: callback_status_to_proto(record.callback_status) as i32,
        callback_scheduled_at: record.callback_scheduled_at.and_then(ts),
        assignee_id: record.assignee_id.unwrap_or_default(),
        assignee_email: record.assignee_email.unwrap_or_default(),
        version: record.version,
        created_at: ts(record.created_at),
        updated_at: ts(record.updated_at),
        history: history.into_iter().map(event).collect(),
    }
}

fn event(record: EventRecord) -> pb::TicketEvent {
    pb::TicketEvent {
        at: record.at.and_then(ts),
        visibility: visibility_to_proto(&record.visibility) as i32,
        outcome: outcome_to_proto(&record.outcome) as i32,
        kind: record.kind,
        agent_id: record.agent_id,
        agent_email: record.agent_email,
        from_value: record.from_value,
        to_value: record.to_value,
        body: record.body,
    }
}

pub fn status_view(view: TicketStatusView) -> pb::GetTicketStatusResponse {
    pb::GetTicketStatusResponse {
        ticket_ref: view.reference.to_string(),
        kind: kind_to_proto(view.kind) as i32,
        status: status_to_proto(view.status) as i32,
        callback_status: callback_status_to_proto(view.callback_status) as i32,
        created_at: ts(view.created_at),
        updated_at: ts(view.updated_at),
        replies: view
            .replies
            .into_iter()
            .map(|reply| pb::PublicReply {
                at: ts(reply.at),
                body: reply.body,
                from_requester: reply.from_requester,
            })
            .collect(),
        subject: view.subject,
        message: view.message,
        window_start: view.window_start.and_then(ts),
        window_end: view.window_end.and_then(ts),
        time_zone: view.time_zone.unwrap_or_default(),
        callback_scheduled_at: view.callback_scheduled_at.and_then(ts),
    }
}
