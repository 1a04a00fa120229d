//! The texts of the emails the support desk sends.

use portal_common::mail::OutgoingMail;

use super::model::TicketRef;

pub fn confirmation(to: &str, name: &str, reference: &TicketRef, callback: bool) -> OutgoingMail {
    let what = if callback {
        "your call-back request"
    } else {
        "your message"
    };
    OutgoingMail {
        kind: "REQUEST_RECEIVED".into(),
        to: to.to_owned(),
        subject: format!("We received your request [{reference}]"),
        body: format!(
            "Hello {name},\n\n\
             Thank you for contacting portal support. We have received {what}.\n\
             Your reference is {reference}. Quote it if you contact us again.\n\n\
             You can check the status of your request with this reference and your email address.\n"
        ),
    }
}

pub fn public_reply(to: &str, reference: &TicketRef, body: &str) -> OutgoingMail {
    OutgoingMail {
        kind: "PUBLIC_REPLY".into(),
        to: to.to_owned(),
        subject: format!("Re: your support request [{reference}]"),
        body: format!("Hello,\n\n{body}\n\n-- \nPortal support. Your reference: {reference}\n"),
    }
}

/// To the assigned agent: the requester answered.
pub fn requester_replied(to: &str, reference: &TicketRef, message: &str) -> OutgoingMail {
    OutgoingMail {
        kind: "REQUESTER_REPLIED".into(),
        to: to.to_owned(),
        subject: format!("Requester replied [{reference}]"),
        body: format!(
            "The requester of {reference} replied:\n\n{message}\n\n-- \nPortal support desk\n"
        ),
    }
}
