//! Where a tip ranks in the queue, decided inside the write transaction
//! that changes what its rank depends on: a new tip is scored with the tips
//! it corroborates, and they are rescored with it; a tip is rescored when
//! its tipster adds photos or words.

use crate::db::tips;
use crate::db::{DbConnection, DbError};
use crate::domain::ids::TipId;
use crate::domain::tips::{Priority, ScoringFacts};

/// A new tip's priority and the tips it corroborates, which must be
/// rescored once it is stored.
pub(super) fn score_new(
    conn: &mut DbConnection,
    facts: &ScoringFacts,
) -> Result<(Priority, Vec<TipId>), DbError> {
    let neighbours = tips::corroborating(conn, facts, None)?;
    Ok((facts.priority(neighbours.len()), neighbours))
}

/// Computes and stores the priority of tip `tip_id` from what is stored now.
pub(super) fn rescore(conn: &mut DbConnection, tip_id: TipId) -> Result<(), DbError> {
    let facts = tips::scoring_facts(conn, tip_id)?;
    let others = tips::corroborating(conn, &facts, Some(tip_id))?;
    tips::store_priority(conn, tip_id, &facts.priority(others.len()), others.len())
}
