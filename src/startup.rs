//! Builds the application: key, database, listener, server. The listener is
//! bound here, so tests can ask for port 0 and learn the port.

use std::net::{SocketAddr, TcpListener};
use std::os::unix::fs::DirBuilderExt;
use std::path::Path;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};

use crate::config::Config;
use crate::db::{DatabaseTarget, Db, DbError, places};
use crate::hashing::{HashError, Hasher};
use crate::photos::PhotoCleaner;
use crate::secret::{SecretKey, SecretKeyError};
use crate::web::{AppState, compress, log_request, render_error_pages, routes, security_headers};

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
}

impl Application {
    /// Prepares everything; blocking work (key file, migrations, gazetteer)
    /// happens here, before the first request.
    pub fn build(config: Config) -> Result<Self, StartupError> {
        let secret = match &config.secret_key {
            Some(key) => key.clone(),
            None => {
                create_private_dir(&config.data_dir)?;
                SecretKey::load_or_create(&config.secret_key_path())?
            }
        };
        if let DatabaseTarget::Sqlite(path) = &config.database
            && path.parent() == Some(config.data_dir.as_path())
        {
            create_private_dir(&config.data_dir)?;
        }
        let db = Db::open(&config.database, config.db_pool_size).map_err(|source| {
            StartupError::Database {
                target: config.database.to_string(),
                source,
            }
        })?;
        let bind = config.bind.clone();
        let bind_error = |source| StartupError::Bind {
            bind: bind.clone(),
            source,
        };
        let listener = TcpListener::bind(&config.bind).map_err(bind_error)?;
        let address = listener.local_addr().map_err(bind_error)?;
        let workers = config.workers;
        let backend = db.backend();
        // One argon2 job per core: a flood of submissions queues.
        let hasher = Hasher::new(std::thread::available_parallelism().map_or(2, usize::from))?;
        // Two photos decoded at once: about 320 MB at worst.
        let photos = PhotoCleaner::new(2);
        let provinces = db
            .read_blocking(|conn| places::children(conn, None))
            .map_err(|source| StartupError::Database {
                target: config.database.to_string(),
                source,
            })?;
        let state = web::Data::new(AppState {
            config,
            db,
            secret,
            hasher,
            photos,
            provinces,
        });
        let server = HttpServer::new(move || {
            let headers = security_headers(&state.config);
            App::new()
                .app_data(state.clone())
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
        })
    }

    /// The address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Serves until SIGTERM or SIGINT, then finishes the requests in flight.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        tracing::info!(address = %self.address, backend = self.backend, "tipline is listening");
        self.server.await?;
        tracing::info!("tipline stopped");
        Ok(())
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
