//! Tips as reviewers work them: what they may do to a tip (the workflow),
//! how urgent the queue thinks it is (priority, from the facts scoring
//! reads), the internal reference staff use instead of the tipster's code,
//! bursts of tips at one place within minutes, which count as one,
//! and the place itself: a grid cell and its eight neighbours.

mod burst;
mod place;
mod priority;
mod reference;
mod scoring;
mod workflow;

pub use burst::{
    BURST_WINDOW, Burst, LatestAtPlace, RESCORED_NEIGHBOURS, Rescore, SpamClosing, burst_of_new,
    corroboration, rescore_after,
};
pub use place::{GridCell, Nearness, Place};
pub use priority::{Priority, PriorityInputs, PriorityReason};
pub use reference::{CaseRef, InternalRef, NotAReference, RewardRef};
pub use scoring::ScoringFacts;
pub use workflow::{CloseReason, TipAction, TipState, TransitionError};
