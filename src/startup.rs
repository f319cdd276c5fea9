//! Builds the application: key, database, listener, server. The listener is
//! bound here, so tests can ask for port 0 and learn the port.

use std::net::{SocketAddr, TcpListener};
use std::os::unix::fs::DirBuilderExt;
use std::path::Path;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};

use crate::bodies::BodyBudget;
use crate::config::{Config, HttpUrl};
use crate::db::{DatabaseTarget, Db, DbError, places};
use crate::hashing::{HashError, Hasher};
use crate::jobs;
use crate::jobs::Jobs;
use crate::mail::{MailError, Mailer};
use crate::photos::PhotoCleaner;
use crate::puzzles::Puzzles;
use crate::secret::{SecretKey, SecretKeyError};
use crate::services::cases::CaseService;
use crate::services::notify::Notifier;
use crate::services::reports::ReportService;
use crate::services::rewards::RewardService;
use crate::services::staff::StaffService;
use crate::services::tips::TipService;
use crate::services::urgent_alerts::UrgentAlerts;
use crate::shares::{Capacities, FairShares};
use crate::state::AppState;
use crate::web::{
    REQUEST_MAX, compress, guard_bodies, log_request, refuse_unbounded, render_error_pages, routes,
    security_headers, take_fair_share,
};

/// Why tipline could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("the data directory {path} could not be created: {source}")]
    DataDir {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    SecretKey(#[from] SecretKeyError),
    #[error("the database ({target}) could not be opened: {source}")]
    Database { target: String, source: DbError },
    #[error(transparent)]
    Hashing(#[from] HashError),
    #[error(transparent)]
    Mail(#[from] MailError),
    #[error("cannot listen on {bind}: {source}")]
    Bind {
        bind: String,
        source: std::io::Error,
    },
}

/// A server ready to run.
pub struct Application {
    server: Server,
    address: SocketAddr,
    backend: &'static str,
    state: web::Data<AppState>,
    hashers: Hashers,
}

/// Staff hashes waiting for the staff thread before a sign-in is refused
/// as busy: a few seconds of sign-ins at once.
const STAFF_HASH_QUEUE: usize = 16;

/// Request bodies with photos that the fair shares are reckoned on: one
/// address may send a quarter of them at once.
const UPLOADS_AT_ONCE: usize = 32;

/// Megapixels decoded at once: one photo of the largest size accepted.
const PHOTO_MEGAPIXELS_AT_ONCE: u32 = (crate::photos::PHOTO_PIXELS_MAX / 1_000_000) as u32;

/// The two hashing pools of a server.
#[derive(Clone, Debug)]
pub struct Hashers {
    /// Tipsters' passphrases: submissions, status checks, reward claims.
    pub public: Hasher,
    /// Staff passwords, apart so that public work never delays them.
    pub staff: Hasher,
}

impl Application {
    /// Prepares everything; blocking work (key file, migrations, gazetteer)
    /// happens here, before the first request.
    pub fn build(mut config: Config) -> Result<Self, StartupError> {
        let secret = open_secret_key(&config)?;
        let db = open_database(&config)?;
        let key = secret.clone();
        let org = db
            .write_blocking(move |conn| {
                crate::db::reports::key_plain_codes(conn, &key)?;
                crate::db::vault::ensure_org_key(conn, &key)
            })
            .map_err(|source| StartupError::Database {
                target: config.database.to_string(),
                source,
            })?;
        let bind = config.bind.clone();
        let bind_error = |source| StartupError::Bind {
            bind: bind.clone(),
            source,
        };
        let listener = TcpListener::bind(&config.bind).map_err(bind_error)?;
        let address = listener.local_addr().map_err(bind_error)?;
        // The default public address follows the port actually bound (port 0).
        if config.public_url.as_str() == format!("http://{}", config.bind)
            && let Some(bound) = HttpUrl::parse(&format!("http://{address}"))
        {
            config.public_url = bound;
        }
        let workers = config.workers;
        let backend = db.backend();
        // One argon2 job per core for the public, behind a queue of fixed
        // depth; staff sign-ins have a thread of their own, so a flood of
        // public work never makes a reviewer wait.
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        let hashers = Hashers {
            public: Hasher::new(cores, config.hash_queue)?,
            staff: Hasher::new(1, STAFF_HASH_QUEUE)?,
        };
        let capacities = Capacities {
            hashing: cores + config.hash_queue,
            staff_hashing: 1 + STAFF_HASH_QUEUE,
            uploads: UPLOADS_AT_ONCE,
        };
        let shares = FairShares::new(capacities, config.share_wait);
        let bodies = BodyBudget::new(config.body_budget, REQUEST_MAX, config.share_wait);
        // One largest photo decoded at a time, or several phone photos:
        // about 160 MB at worst.
        let photos = PhotoCleaner::new(PHOTO_MEGAPIXELS_AT_ONCE);
        let puzzles = Puzzles::new(secret.clone());
        let provinces = db
            .read_blocking(|conn| places::children(conn, None))
            .map_err(|source| StartupError::Database {
                target: config.database.to_string(),
                source,
            })?;
        let mailer = Mailer::from_config(&config)?;
        if mailer.is_outbox() {
            tracing::warn!(outbox = %config.data_dir.join("outbox").display(), "TIPLINE_SMTP_URL is not set: staff mails are written to the outbox");
        }
        let notify = Notifier::new(db.clone(), mailer, &config);
        let staff = StaffService::new(db.clone(), secret.clone(), hashers.staff.clone());
        let alerts = UrgentAlerts::new(db.clone(), notify.clone(), config.alert_window);
        let reports = ReportService::new(
            db.clone(),
            secret.clone(),
            org.clone(),
            hashers.public.clone(),
            alerts.clone(),
        );
        let tips = TipService::new(db.clone(), secret.clone(), org.clone());
        let cases = CaseService::new(db.clone(), secret.clone(), config.rewards.clone());
        let rewards = RewardService::new(
            db.clone(),
            secret.clone(),
            hashers.public.clone(),
            config.rewards.clone(),
        );
        let state = web::Data::new(AppState {
            config,
            db,
            secret,
            org,
            photos,
            provinces,
            staff,
            reports,
            tips,
            cases,
            rewards,
            notify,
            alerts,
            shares,
            puzzles,
            bodies,
        });
        let jobs_state = state.clone();
        let server = HttpServer::new(move || {
            let headers = security_headers(&state.config);
            App::new()
                .app_data(state.clone())
                .wrap(from_fn(guard_bodies))
                .wrap(from_fn(take_fair_share))
                .wrap(from_fn(refuse_unbounded))
                .wrap(from_fn(render_error_pages))
                .wrap(from_fn(compress))
                .wrap(headers)
                .wrap(from_fn(log_request))
                .configure(routes)
        })
        .workers(workers)
        .shutdown_timeout(10)
        .listen(listener)
        .map_err(bind_error)?
        .run();
        Ok(Application {
            server,
            address,
            backend,
            state: jobs_state,
            hashers,
        })
    }

    /// The address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The account operations of this server, for tools that work beside it.
    pub fn staff(&self) -> StaffService {
        self.state.staff.clone()
    }

    /// What sends this server's mails, to wait for those sent in the background.
    pub fn notifier(&self) -> Notifier {
        self.state.notify.clone()
    }

    /// This server's batched urgent alerts, to end a window as of a chosen time.
    pub fn alerts(&self) -> UrgentAlerts {
        self.state.alerts.clone()
    }

    /// The hashing pools of this server, to see what they did and to drill
    /// a saturated pool.
    pub fn hashers(&self) -> Hashers {
        self.hashers.clone()
    }

    /// The visitors' fair shares, to see what they hold.
    pub fn shares(&self) -> FairShares {
        self.state.shares.clone()
    }

    /// The budget of this server's request bodies in flight.
    pub fn bodies(&self) -> BodyBudget {
        self.state.bodies.clone()
    }

    /// The scheduled jobs of this server, for tests that run them on demand.
    pub fn jobs(&self) -> Jobs {
        Jobs::new(self.state.clone())
    }

    /// Serves until SIGTERM or SIGINT, then finishes the requests in flight.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        offer_setup_link(&self.state).await;
        tracing::info!(address = %self.address, backend = self.backend, "tipline is listening");
        let jobs = actix_web::rt::spawn(jobs::run_daily(self.jobs()));
        let sweeps = actix_web::rt::spawn(jobs::run_sweeps(self.jobs()));
        let alerts = actix_web::rt::spawn(self.state.alerts.clone().run());
        self.server.await?;
        jobs.abort();
        sweeps.abort();
        alerts.abort();
        tracing::info!("tipline stopped");
        Ok(())
    }
}

/// The server key: configured, or read from (or first written to) the data
/// directory.
pub fn open_secret_key(config: &Config) -> Result<SecretKey, StartupError> {
    match &config.secret_key {
        Some(key) => Ok(key.clone()),
        None => {
            create_private_dir(&config.data_dir)?;
            Ok(SecretKey::load_or_create(&config.secret_key_path())?)
        }
    }
}

/// The database, migrated and seeded.
pub fn open_database(config: &Config) -> Result<Db, StartupError> {
    if let DatabaseTarget::Sqlite(path) = &config.database
        && path.parent() == Some(config.data_dir.as_path())
    {
        create_private_dir(&config.data_dir)?;
    }
    Db::open(&config.database, config.db_pool_size).map_err(|source| StartupError::Database {
        target: config.database.to_string(),
        source,
    })
}

/// With no staff account yet, prints a one-time link (valid one hour) that
/// creates the first administrator: the only secret tipline ever prints,
/// to standard output and never to the log.
async fn offer_setup_link(state: &AppState) {
    let link = match state.staff.any_staff().await {
        Ok(true) => return,
        Ok(false) => state.staff.issue_setup_link().await,
        Err(error) => Err(error),
    };
    match link {
        Ok(token) => {
            println!(
                "No staff account exists yet. Within one hour, create the first administrator at:\n  {}/staff/link/{}\n(or run `tipline admin create --email … --name …`)",
                state.config.public_url.as_str(),
                token.as_str()
            );
        }
        Err(error) => tracing::error!(cause = %error, "the set-up link could not be made"),
    }
}

fn create_private_dir(path: &Path) -> Result<(), StartupError> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)
        .map_err(|source| StartupError::DataDir {
            path: path.to_path_buf(),
            source,
        })
}
