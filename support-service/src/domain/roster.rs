//! The desk's roster: every agent who has opened the desk, so that tickets
//! are assigned to real agents with the email the auth service gave them,
//! never to an address a caller typed. A user who lost the agent role is
//! taken off when they next try the desk.

use std::time::Duration;
use tracing::instrument;

use super::SupportDomain;
use super::agent::Agent;
use super::model::RosterEntry;
use crate::error::SupportError;
use crate::store::agents;

/// How often one agent's visit is written down (their calls are frequent).
const RECORD_EVERY: Duration = Duration::from_secs(60);

impl SupportDomain {
    /// Writes down that `agent` opened the desk, at most once a minute per
    /// agent and process. A failure is logged, not fatal: the desk stays
    /// usable, the agent is simply listed later.
    pub(crate) async fn note_agent(&self, agent: &Agent) {
        let now = self.now();
        {
            let Ok(mut seen) = self.roster_seen.lock() else {
                return;
            };
            match seen.get(&agent.id) {
                Some(at) if now < at.plus(RECORD_EVERY) => return,
                _ => {
                    seen.insert(agent.id.clone(), now);
                }
            }
        }
        let recorded = match self.db.write_connection().await {
            Ok(mut conn) => agents::record(&mut conn, &agent.id, &agent.email, now).await,
            Err(error) => Err(error),
        };
        if let Err(error) = recorded {
            tracing::warn!(%error, "agent roster not updated");
            if let Ok(mut seen) = self.roster_seen.lock() {
                seen.remove(&agent.id);
            }
        }
    }

    /// Takes off the roster a user the auth service no longer calls an
    /// agent (seen when they try the desk). Best effort, like `note_agent`.
    pub(crate) async fn forget_agent(&self, user_id: &str) {
        if let Ok(mut seen) = self.roster_seen.lock() {
            seen.remove(user_id);
        }
        // Most such callers were never on it: a read spares them a write.
        if !matches!(agents::find(self.db.pool(), user_id).await, Ok(Some(_))) {
            return;
        }
        let forgotten = match self.db.write_connection().await {
            Ok(mut conn) => agents::forget(&mut conn, user_id).await,
            Err(error) => Err(error),
        };
        if let Err(error) = forgotten {
            tracing::warn!(%error, "agent roster not updated");
        }
    }

    /// The agent with `user_id`, as the desk knows them.
    pub(crate) async fn rostered_agent(&self, user_id: &str) -> Result<Agent, SupportError> {
        let entry = agents::find(self.db.pool(), user_id)
            .await?
            .ok_or_else(|| {
                SupportError::invalid(
                    "assignee_id",
                    "is not an agent of this desk (agents are listed once they have opened it)",
                )
            })?;
        Ok(Agent {
            id: entry.user_id,
            email: entry.email,
        })
    }

    /// Everyone a ticket can be assigned to.
    #[instrument(skip_all)]
    pub async fn list_agents(&self) -> Result<Vec<RosterEntry>, SupportError> {
        Ok(agents::all(self.db.pool()).await?)
    }
}
