//! Where a tip ranks in the queue, decided inside the write transaction
//! that changes what its rank depends on: a new tip is scored with the
//! groups it corroborates (joining a burst at its place if one is under way),
//! and the few it changes are rescored with it; a tip is rescored when its
//! tipster adds photos or words.

use crate::db::tips;
use crate::db::{DbConnection, DbError};
use crate::domain::ids::TipId;
use crate::domain::tips::{
    Burst, Priority, Rescore, ScoringFacts, burst_of_new, corroboration, rescore_after,
};

/// How a new tip ranks, and which stored tips must be rescored once it is
/// stored.
pub(super) struct NewScore {
    pub priority: Priority,
    pub corroboration: usize,
    /// The first tip of the burst it joined.
    pub burst_lead: Option<TipId>,
    pub rescore: Vec<TipId>,
}

/// Scores a new tip with these facts. Joining a burst counts the new member
/// on the burst's first tip, in this transaction.
pub(super) fn score_new(
    conn: &mut DbConnection,
    facts: &ScoringFacts,
) -> Result<NewScore, DbError> {
    let burst = burst_of_new(tips::latest_at_place(conn, facts)?, facts.submitted_at);
    let (burst_lead, lead_size_before) = match burst {
        Burst::Leads => (None, 1),
        Burst::Joins { lead } => (Some(lead), tips::join_burst(conn, lead)?),
    };
    let own_exclusion: Vec<TipId> = burst_lead.into_iter().collect();
    let groups = tips::corroborating_groups(conn, facts, &own_exclusion)?;
    let own_group_size = match burst {
        Burst::Leads => 1,
        Burst::Joins { .. } => lead_size_before + 1,
    };
    let corroborating = corroboration(groups.len(), own_group_size);
    let rescore = match rescore_after(burst, groups, lead_size_before) {
        Rescore::Groups(ids) => ids,
        Rescore::Lead(lead) => vec![lead],
        Rescore::Nobody => Vec::new(),
    };
    Ok(NewScore {
        priority: facts.priority(corroborating),
        corroboration: corroborating,
        burst_lead,
        rescore,
    })
}

/// Computes and stores the priority of tip `tip_id` from what is stored now.
pub(super) fn rescore(conn: &mut DbConnection, tip_id: TipId) -> Result<(), DbError> {
    let facts = tips::scoring_facts(conn, tip_id)?;
    let (lead, group_size) = tips::group_of(conn, tip_id)?;
    let groups = tips::corroborating_groups(conn, &facts, &[tip_id, lead])?;
    let corroborating = corroboration(groups.len(), group_size);
    tips::store_priority(conn, tip_id, &facts.priority(corroborating), corroborating)
}
