//! The SMTP deliveries a sender has under way: one task each, with the
//! outbox row each carries, so the sender never claims a row it is still
//! sending and forgets a task that died without an outcome.

use std::collections::HashMap;
use std::future::Future;

use tokio::task::{Id, JoinSet};

use super::sender::Outcome;

#[derive(Default)]
pub(super) struct InFlight {
    tasks: JoinSet<Outcome>,
    /// The outbox row id of each task.
    rows: HashMap<Id, String>,
}

impl InFlight {
    pub(super) fn len(&self) -> usize {
        self.tasks.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    /// The rows being sent.
    pub(super) fn rows(&self) -> impl Iterator<Item = &String> {
        self.rows.values()
    }

    /// Starts the delivery of row `row_id`.
    pub(super) fn spawn(
        &mut self,
        row_id: String,
        delivery: impl Future<Output = Outcome> + Send + 'static,
    ) {
        let task = self.tasks.spawn(delivery);
        self.rows.insert(task.id(), row_id);
    }

    /// The next delivery to finish; `None` when none is under way. A task
    /// that panicked is forgotten: its row's claim lapses with its lease
    /// and the row is tried again.
    pub(super) async fn next(&mut self) -> Option<Outcome> {
        loop {
            let finished = self.tasks.join_next_with_id().await?;
            if let Some(outcome) = self.settle(finished) {
                return Some(outcome);
            }
        }
    }

    /// Every delivery finished by now.
    pub(super) fn finished(&mut self) -> Vec<Outcome> {
        let mut outcomes = Vec::new();
        while let Some(finished) = self.tasks.try_join_next_with_id() {
            outcomes.extend(self.settle(finished));
        }
        outcomes
    }

    fn settle(
        &mut self,
        finished: Result<(Id, Outcome), tokio::task::JoinError>,
    ) -> Option<Outcome> {
        match finished {
            Ok((id, outcome)) => {
                self.rows.remove(&id);
                Some(outcome)
            }
            Err(error) => {
                let row = self.rows.remove(&error.id());
                tracing::error!(mail_id = ?row, %error, "mail delivery task failed; its claim will lapse");
                None
            }
        }
    }
}
