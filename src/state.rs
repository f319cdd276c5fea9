//! What every handler, job and command may reach: the configuration, the
//! database, the key, and the services built on them. It lives outside the
//! web layer so that jobs and mails never import a handler's module.

use crate::bodies::BodyBudget;
use crate::config::Config;
use crate::db::Db;
use crate::domain::place::Place;
use crate::photos::PhotoCleaner;
use crate::puzzles::{Offer, Puzzles};
use crate::secret::SecretKey;
use crate::services::cases::CaseService;
use crate::services::notify::Notifier;
use crate::services::reports::ReportService;
use crate::services::rewards::RewardService;
use crate::services::staff::StaffService;
use crate::services::tips::TipService;
use crate::services::urgent_alerts::UrgentAlerts;
use crate::shares::{FairShares, Pool};
use crate::vault::SealingKey;

/// The application's shared state.
#[derive(Debug)]
pub struct AppState {
    pub config: Config,
    pub db: Db,
    pub secret: SecretKey,
    /// The organisation's public key: everything sealed at rest is sealed to it.
    pub org: SealingKey,
    pub photos: PhotoCleaner,
    pub staff: StaffService,
    /// The tipster's side: reports, status checks, replies.
    pub reports: ReportService,
    pub tips: TipService,
    pub cases: CaseService,
    pub rewards: RewardService,
    pub notify: Notifier,
    /// Urgent alerts, batched in windows kept in the database.
    pub alerts: UrgentAlerts,
    /// Each visitor's share of the costly pools, by a keyed hash only.
    pub shares: FairShares,
    /// The bytes request bodies being received may hold together.
    pub bodies: BodyBudget,
    /// Proof of work offered to pages with scripts while the hashing pool
    /// is under pressure.
    pub puzzles: Puzzles,
    /// The provinces of the gazetteer, which never change while running.
    pub provinces: Vec<Place>,
}

impl AppState {
    /// The puzzle for a form that leads to hashing, as hard as the hashing
    /// pool is full now; none while it is less than half full.
    pub fn puzzle(&self) -> Option<Offer> {
        let held = self.shares.held(Pool::Hashing);
        let capacity = self.shares.capacity(Pool::Hashing);
        self.puzzles.offer(held, capacity, chrono::Utc::now())
    }
}
