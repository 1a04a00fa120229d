//! Tickets as the domain, the store and the API see them: a stored ticket,
//! one ready to store, a change, a query, and a ticket's history.

use portal_common::UtcTime;

use super::{CallbackStatus, Category, TicketKind, TicketRef, TicketStatus};

/// A stored ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketRecord {
    pub id: String,
    pub reference: TicketRef,
    pub kind: TicketKind,
    pub status: TicketStatus,
    pub category: Category,
    pub requester_name: String,
    pub requester_email: String,
    pub requester_user_id: Option<String>,
    pub organization: String,
    pub subject: String,
    pub message: String,
    pub phone: Option<String>,
    pub window_start: Option<UtcTime>,
    pub window_end: Option<UtcTime>,
    pub time_zone: Option<String>,
    pub callback_status: Option<CallbackStatus>,
    pub callback_scheduled_at: Option<UtcTime>,
    pub assignee_id: Option<String>,
    pub assignee_email: Option<String>,
    pub version: i64,
    pub created_at: UtcTime,
    pub updated_at: UtcTime,
}

/// What an agent changes; `None` leaves a column as it is.
#[derive(Debug, Default, Clone)]
pub struct TicketChange {
    pub status: Option<TicketStatus>,
    /// `Some(None)` clears the assignee.
    pub assignee: Option<Option<(String, String)>>,
    pub callback_status: Option<CallbackStatus>,
    pub callback_scheduled_at: Option<UtcTime>,
}

/// What `ListTickets` filters on; empty fields do not filter.
#[derive(Debug, Default, Clone)]
pub struct TicketQuery {
    pub statuses: Vec<TicketStatus>,
    pub kind: Option<TicketKind>,
    pub category: Option<Category>,
    /// `Some("")` means unassigned.
    pub assignee_id: Option<String>,
    pub created_from: Option<UtcTime>,
    pub created_to: Option<UtcTime>,
    /// Lower-cased words, each of which must appear.
    pub words: Vec<String>,
}

/// What a call back adds to a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackDetails {
    /// E.164, e.g. +14155552671.
    pub phone: String,
    pub window_start: UtcTime,
    pub window_end: UtcTime,
    /// IANA name as given (canonical spelling).
    pub time_zone: String,
}

/// A ticket ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTicket {
    pub kind: TicketKind,
    pub category: Category,
    pub requester_name: String,
    pub requester_email: String,
    pub requester_user_id: Option<String>,
    pub organization: String,
    pub subject: String,
    pub message: String,
    pub callback: Option<CallbackDetails>,
}

/// One recorded change of a ticket (its history, notes and replies).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventRecord {
    pub at: Option<UtcTime>,
    pub kind: String,
    pub agent_id: String,
    pub agent_email: String,
    pub from_value: String,
    pub to_value: String,
    pub visibility: String,
    pub body: String,
    pub outcome: String,
}
