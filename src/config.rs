//! Typed configuration, read from environment variables with safe defaults.
//! [`VARIABLES`] is the one list of them: `tipline --help` prints it and a
//! test checks that README.md documents each.

use std::path::PathBuf;

use crate::bodies::PaceLimits;
use crate::db::{DatabaseTarget, DatabaseUrlError};
use crate::domain::alert_window::ALERT_WINDOW;
use crate::domain::rewards::{Amount, Currency, RewardPolicy};
use crate::secret::{SecretKey, SecretKeyError};

/// One environment variable: name, default, meaning.
pub struct Variable {
    pub name: &'static str,
    pub default: &'static str,
    pub meaning: &'static str,
}

/// Every variable tipline reads.
pub const VARIABLES: &[Variable] = &[
    Variable {
        name: "TIPLINE_BIND",
        default: "127.0.0.1:8080",
        meaning: "address and port to listen on",
    },
    Variable {
        name: "TIPLINE_PUBLIC_URL",
        default: "http://<TIPLINE_BIND>",
        meaning: "address users see; when it is https, cookies are Secure and HSTS is sent",
    },
    Variable {
        name: "DATABASE_URL",
        default: "sqlite://<TIPLINE_DATA_DIR>/tipline.db",
        meaning: "postgres://…, postgresql://…, sqlite://relative/path, sqlite:///absolute/path or a file path",
    },
    Variable {
        name: "TIPLINE_DATA_DIR",
        default: "data",
        meaning: "directory for the SQLite database and the generated secret key (created, mode 0700)",
    },
    Variable {
        name: "TIPLINE_SECRET_KEY",
        default: "generated once into <TIPLINE_DATA_DIR>/secret.key",
        meaning: "64 hex characters; keys every HMAC and seals secrets at rest; share it between instances",
    },
    Variable {
        name: "TIPLINE_QUICK_EXIT_URL",
        default: "https://www.google.com/",
        meaning: "neutral site the quick-exit control leaves for",
    },
    Variable {
        name: "TIPLINE_SMTP_URL",
        default: "none: mails are written to <TIPLINE_DATA_DIR>/outbox/ as .eml files",
        meaning: "smtp://host:port (plain), smtp://host:port?tls=required (STARTTLS) or smtps://host:port, with optional user:password@",
    },
    Variable {
        name: "TIPLINE_MAIL_FROM",
        default: "Tipline <tipline@localhost>",
        meaning: "sender of staff mails",
    },
    Variable {
        name: "TIPLINE_AUDIT_ANCHOR_EMAIL",
        default: "none: the daily head is only logged",
        meaning: "oversight address that receives the audit chain's head once a day",
    },
    Variable {
        name: "TIPLINE_REWARD_CURRENCY",
        default: "KHR",
        meaning: "currency of every reward amount (ISO 4217 code); amounts are whole units",
    },
    Variable {
        name: "TIPLINE_REWARD_POOL",
        default: "4000000",
        meaning: "what the tips of one confirmed compound share between them",
    },
    Variable {
        name: "TIPLINE_REWARD_MAX_PER_TIP",
        default: "2000000",
        meaning: "the most one tip may be awarded",
    },
    Variable {
        name: "TIPLINE_REWARD_MONTHLY_BUDGET",
        default: "40000000",
        meaning: "what may be approved in one calendar month (Cambodia's time, UTC+7)",
    },
    Variable {
        name: "TIPLINE_REWARD_CLAIM_DAYS",
        default: "180",
        meaning: "days a tipster has to claim an approved reward; its claim may be paid until the last of them (Cambodia's calendar)",
    },
    Variable {
        name: "TIPLINE_RETENTION_DAYS",
        default: "365",
        meaning: "days after its last closing that the words, places, photos and messages of a tip closed without a case, or of a closed case (not confirmed or referred, not held), are deleted",
    },
    Variable {
        name: "TIPLINE_CLAIM_INSTRUCTIONS",
        default: "a general text in the tipster's language",
        meaning: "how tipsters collect a reward (e.g. which counter pays against a claim code), shown beside the code",
    },
    Variable {
        name: "TIPLINE_DB_POOL_SIZE",
        default: "8",
        meaning: "database connections for reading",
    },
    Variable {
        name: "TIPLINE_HASH_QUEUE",
        default: "64",
        meaning: "public passphrase hashes that may wait for a thread; beyond it visitors get the busy page",
    },
    Variable {
        name: "TIPLINE_TRUSTED_PROXIES",
        default: "none",
        meaning: "comma-separated addresses of reverse proxies whose X-Forwarded-For names the visitor",
    },
    Variable {
        name: "TIPLINE_SHARE_WAIT",
        default: "10",
        meaning: "seconds a visitor already holding their fair share of a pool waits before the busy page",
    },
    Variable {
        name: "TIPLINE_ALERT_WINDOW",
        default: "900",
        meaning: "seconds after an urgent alert in which further held tips are counted and told in one mail at its end",
    },
    Variable {
        name: "TIPLINE_WORKERS",
        default: "number of CPU cores",
        meaning: "HTTP worker threads",
    },
    Variable {
        name: "TIPLINE_LOG",
        default: "info",
        meaning: "log filter, e.g. `warn` or `info,tipline=debug`",
    },
    Variable {
        name: "TIPLINE_LOG_FORMAT",
        default: "text",
        meaning: "`text` or `json` (one object per line)",
    },
];

/// The help text that lists [`VARIABLES`].
pub fn variables_help() -> String {
    let mut help = String::from("Configuration (environment variables):\n");
    for variable in VARIABLES {
        help.push_str(&format!(
            "  {}\n      {} [default: {}]\n",
            variable.name, variable.meaning, variable.default
        ));
    }
    help
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// An absolute `http://` or `https://` address, without a trailing slash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpUrl(String);

impl HttpUrl {
    pub fn parse(url: &str) -> Option<Self> {
        let url = url.trim().trim_end_matches('/');
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))?;
        let host_ok =
            !rest.is_empty() && !rest.starts_with('/') && !rest.contains(char::is_whitespace);
        host_ok.then(|| HttpUrl(url.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }
}

/// The running configuration. `Debug` shows no secret.
#[derive(Clone, Debug)]
pub struct Config {
    pub bind: String,
    pub public_url: HttpUrl,
    pub database: DatabaseTarget,
    pub data_dir: PathBuf,
    /// `None`: read or create `<data_dir>/secret.key`.
    pub secret_key: Option<SecretKey>,
    pub quick_exit_url: HttpUrl,
    pub db_pool_size: u32,
    pub workers: usize,
    /// Public hashes that may wait for a thread before visitors are turned
    /// away as busy.
    pub hash_queue: usize,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// How long a visitor over their fair share waits for it.
    pub share_wait: std::time::Duration,
    /// How long after an urgent alert further held tips are only counted.
    pub alert_window: std::time::Duration,
    /// Bytes that request bodies being received may hold together.
    pub body_budget: usize,
    /// How slowly a request body may arrive.
    pub pace: PaceLimits,
    pub log_filter: String,
    pub log_format: LogFormat,
    /// `None`: mails go to `<data_dir>/outbox/`.
    pub smtp_url: Option<SmtpUrl>,
    pub mail_from: lettre::message::Mailbox,
    pub audit_anchor_email: Option<lettre::message::Mailbox>,
    /// `None`: the head is not written to a file.
    pub audit_anchor_file: Option<PathBuf>,
    pub rewards: RewardPolicy,
    /// Days after its last closing that a closed tip's or case's content goes.
    pub retention_days: u32,
    /// `None`: the catalog's general text.
    pub claim_instructions: Option<String>,
}

/// An SMTP address, which may carry a password: `Debug` hides it.
#[derive(Clone)]
pub struct SmtpUrl(String);

impl SmtpUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = match self.0.split_once("://") {
            Some((scheme, rest)) => match rest.rsplit_once('@') {
                Some((_, host)) => format!("{scheme}://…@{host}"),
                None => self.0.clone(),
            },
            None => self.0.clone(),
        };
        write!(f, "SmtpUrl({shown})")
    }
}

/// A setting that cannot be used, named so the operator can fix it.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(transparent)]
    DatabaseUrl(#[from] DatabaseUrlError),
    #[error("TIPLINE_SECRET_KEY: {0}")]
    SecretKey(#[from] SecretKeyError),
    #[error("{name} must be {expected}, not `{value}`")]
    Invalid {
        name: &'static str,
        expected: &'static str,
        value: String,
    },
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Reads settings through `lookup`, so tests need not touch the process
    /// environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let bind = lookup("TIPLINE_BIND").unwrap_or_else(|| "127.0.0.1:8080".to_owned());
        let data_dir =
            PathBuf::from(lookup("TIPLINE_DATA_DIR").unwrap_or_else(|| "data".to_owned()));
        let url = |name: &'static str, default: String| {
            let value = lookup(name).unwrap_or(default);
            HttpUrl::parse(&value).ok_or(ConfigError::Invalid {
                name,
                expected: "an http:// or https:// address",
                value,
            })
        };
        let number = |name: &'static str, default: usize| match lookup(name) {
            None => Ok(default),
            Some(value) => {
                value
                    .trim()
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or(ConfigError::Invalid {
                        name,
                        expected: "a positive whole number",
                        value,
                    })
            }
        };
        let seconds = |name: &'static str, default: std::time::Duration| {
            let default = usize::try_from(default.as_secs()).unwrap_or(usize::MAX);
            number(name, default)
                .map(|n| std::time::Duration::from_secs(u64::try_from(n).unwrap_or(u64::MAX)))
        };
        let addresses = |name: &'static str| match lookup(name) {
            None => Ok(Vec::new()),
            Some(value) => value
                .split(',')
                .map(|address| address.trim().parse::<std::net::IpAddr>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| ConfigError::Invalid {
                    name,
                    expected: "IP addresses separated by commas",
                    value,
                }),
        };
        let database = match lookup("DATABASE_URL") {
            Some(url) => DatabaseTarget::parse(&url)?,
            None => DatabaseTarget::Sqlite(data_dir.join("tipline.db")),
        };
        let log_format = match lookup("TIPLINE_LOG_FORMAT").as_deref().map(str::trim) {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "TIPLINE_LOG_FORMAT",
                    expected: "`text` or `json`",
                    value: other.to_owned(),
                });
            }
        };
        let mailbox = |name: &'static str, value: String| {
            value
                .parse::<lettre::message::Mailbox>()
                .map_err(|_| ConfigError::Invalid {
                    name,
                    expected: "an address such as `Tipline <tips@example.org>`",
                    value,
                })
        };
        let smtp_url = match lookup("TIPLINE_SMTP_URL") {
            None => None,
            Some(url) if url.starts_with("smtp://") || url.starts_with("smtps://") => {
                Some(SmtpUrl(url.trim().to_owned()))
            }
            Some(value) => {
                return Err(ConfigError::Invalid {
                    name: "TIPLINE_SMTP_URL",
                    expected: "an smtp:// or smtps:// address",
                    value,
                });
            }
        };
        let amount = |name: &'static str, default: i64| {
            let units = i64::try_from(number(name, usize::try_from(default).unwrap_or(1))?)
                .unwrap_or(i64::MAX);
            Amount::new(units).map_err(|_| ConfigError::Invalid {
                name,
                expected: "a whole number of currency units up to 10^12",
                value: units.to_string(),
            })
        };
        let currency = match lookup("TIPLINE_REWARD_CURRENCY") {
            None => Currency::riel(),
            Some(value) => Currency::parse(&value).map_err(|_| ConfigError::Invalid {
                name: "TIPLINE_REWARD_CURRENCY",
                expected: "three capital letters, such as KHR",
                value,
            })?,
        };
        let rewards = RewardPolicy {
            currency,
            pool: amount("TIPLINE_REWARD_POOL", 4_000_000)?,
            max_per_tip: amount("TIPLINE_REWARD_MAX_PER_TIP", 2_000_000)?,
            monthly_budget: amount("TIPLINE_REWARD_MONTHLY_BUDGET", 40_000_000)?,
            claim_window_days: u32::try_from(number("TIPLINE_REWARD_CLAIM_DAYS", 180)?)
                .unwrap_or(u32::MAX)
                .min(3650),
        };
        let retention_days = u32::try_from(number("TIPLINE_RETENTION_DAYS", 365)?)
            .unwrap_or(u32::MAX)
            .clamp(1, 36500);
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Ok(Config {
            retention_days,
            public_url: url("TIPLINE_PUBLIC_URL", format!("http://{bind}"))?,
            quick_exit_url: url(
                "TIPLINE_QUICK_EXIT_URL",
                "https://www.google.com/".to_owned(),
            )?,
            secret_key: lookup("TIPLINE_SECRET_KEY")
                .map(|key| key.parse())
                .transpose()?,
            db_pool_size: u32::try_from(number("TIPLINE_DB_POOL_SIZE", 8)?).unwrap_or(u32::MAX),
            workers: number("TIPLINE_WORKERS", cores)?,
            hash_queue: number("TIPLINE_HASH_QUEUE", 64)?,
            trusted_proxies: addresses("TIPLINE_TRUSTED_PROXIES")?,
            share_wait: std::time::Duration::from_secs(
                u64::try_from(number("TIPLINE_SHARE_WAIT", 10)?).unwrap_or(u64::MAX),
            ),
            alert_window: std::time::Duration::from_secs(
                u64::try_from(number(
                    "TIPLINE_ALERT_WINDOW",
                    usize::try_from(ALERT_WINDOW.num_seconds()).unwrap_or(900),
                )?)
                .unwrap_or(u64::MAX),
            ),
            body_budget: number("TIPLINE_BODY_BUDGET", 96 * 1024 * 1024)?,
            pace: PaceLimits {
                grace: seconds("TIPLINE_BODY_GRACE", PaceLimits::DEFAULT.grace)?,
                min_rate: u64::try_from(number(
                    "TIPLINE_BODY_MIN_RATE",
                    usize::try_from(PaceLimits::DEFAULT.min_rate).unwrap_or(usize::MAX),
                )?)
                .unwrap_or(u64::MAX),
                idle: seconds("TIPLINE_BODY_IDLE", PaceLimits::DEFAULT.idle)?,
                total: seconds("TIPLINE_BODY_TIME", PaceLimits::DEFAULT.total)?,
            },
            mail_from: mailbox(
                "TIPLINE_MAIL_FROM",
                lookup("TIPLINE_MAIL_FROM")
                    .unwrap_or_else(|| "Tipline <tipline@localhost>".to_owned()),
            )?,
            audit_anchor_file: lookup("TIPLINE_AUDIT_ANCHOR_FILE").map(PathBuf::from),
            audit_anchor_email: lookup("TIPLINE_AUDIT_ANCHOR_EMAIL")
                .map(|value| mailbox("TIPLINE_AUDIT_ANCHOR_EMAIL", value))
                .transpose()?,
            smtp_url,
            rewards,
            claim_instructions: lookup("TIPLINE_CLAIM_INSTRUCTIONS")
                .map(|text| text.trim().to_owned()),
            log_filter: lookup("TIPLINE_LOG").unwrap_or_else(|| "info".to_owned()),
            bind,
            data_dir,
            database,
            log_format,
        })
    }

    /// Where the generated key lives when none is configured.
    pub fn secret_key_path(&self) -> PathBuf {
        self.data_dir.join("secret.key")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let env: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| env.get(name).cloned())
    }

    #[test]
    fn defaults_serve_sqlite_in_data_on_loopback() {
        let config = config(&[]).unwrap();
        assert_eq!(config.bind, "127.0.0.1:8080");
        assert_eq!(config.public_url.as_str(), "http://127.0.0.1:8080");
        assert_eq!(
            config.database,
            DatabaseTarget::Sqlite(PathBuf::from("data/tipline.db"))
        );
        assert_eq!(config.secret_key_path(), PathBuf::from("data/secret.key"));
        assert!(config.secret_key.is_none());
        assert_eq!(config.log_format, LogFormat::Text);
        assert_eq!(config.rewards.currency.as_str(), "KHR");
        assert_eq!(config.rewards.pool.units(), 4_000_000);
        assert_eq!(config.rewards.max_per_tip.units(), 2_000_000);
        assert_eq!(config.rewards.monthly_budget.units(), 40_000_000);
        assert_eq!(config.rewards.claim_window_days, 180);
        assert_eq!(config.alert_window, std::time::Duration::from_secs(15 * 60));
        assert!(config.claim_instructions.is_none());
    }

    #[test]
    fn the_database_follows_the_data_directory_unless_named() {
        let moved = config(&[("TIPLINE_DATA_DIR", "/srv/tipline")]).unwrap();
        assert_eq!(
            moved.database,
            DatabaseTarget::Sqlite(PathBuf::from("/srv/tipline/tipline.db"))
        );
        let pg = config(&[("DATABASE_URL", "postgres://u@h/db")]).unwrap();
        assert_eq!(pg.database.backend_name(), "postgres");
    }

    #[test]
    fn trusted_proxies_are_a_list_of_addresses() {
        let none = config(&[]).unwrap();
        assert!(none.trusted_proxies.is_empty());
        let two = config(&[("TIPLINE_TRUSTED_PROXIES", "127.0.0.1, ::1")]).unwrap();
        assert_eq!(
            two.trusted_proxies,
            vec![
                std::net::IpAddr::from([127, 0, 0, 1]),
                std::net::IpAddr::from(std::net::Ipv6Addr::LOCALHOST)
            ]
        );
    }

    #[test]
    fn bad_settings_are_named_in_the_error() {
        let refused = |pairs: &[(&str, &str)], name: &str| {
            let error = config(pairs).unwrap_err().to_string();
            assert!(error.contains(name), "{error}");
        };
        refused(&[("DATABASE_URL", "mysql://x")], "mysql");
        refused(
            &[("TIPLINE_PUBLIC_URL", "example.org")],
            "TIPLINE_PUBLIC_URL",
        );
        refused(&[("TIPLINE_WORKERS", "0")], "TIPLINE_WORKERS");
        refused(&[("TIPLINE_ALERT_WINDOW", "15m")], "TIPLINE_ALERT_WINDOW");
        refused(&[("TIPLINE_DB_POOL_SIZE", "many")], "TIPLINE_DB_POOL_SIZE");
        refused(&[("TIPLINE_LOG_FORMAT", "xml")], "TIPLINE_LOG_FORMAT");
        refused(
            &[("TIPLINE_TRUSTED_PROXIES", "10.0.0.1, proxy.local")],
            "TIPLINE_TRUSTED_PROXIES",
        );
        refused(&[("TIPLINE_SECRET_KEY", "short")], "TIPLINE_SECRET_KEY");
        refused(
            &[("TIPLINE_SMTP_URL", "mail.example.org")],
            "TIPLINE_SMTP_URL",
        );
        refused(&[("TIPLINE_MAIL_FROM", "nobody")], "TIPLINE_MAIL_FROM");
        refused(
            &[("TIPLINE_REWARD_CURRENCY", "riel")],
            "TIPLINE_REWARD_CURRENCY",
        );
        refused(&[("TIPLINE_REWARD_POOL", "1.5")], "TIPLINE_REWARD_POOL");
        refused(
            &[("TIPLINE_REWARD_MAX_PER_TIP", "0")],
            "TIPLINE_REWARD_MAX_PER_TIP",
        );
        refused(
            &[("TIPLINE_REWARD_MONTHLY_BUDGET", "10000000000000")],
            "TIPLINE_REWARD_MONTHLY_BUDGET",
        );
        refused(
            &[("TIPLINE_REWARD_CLAIM_DAYS", "soon")],
            "TIPLINE_REWARD_CLAIM_DAYS",
        );
        refused(
            &[("TIPLINE_AUDIT_ANCHOR_EMAIL", "a@b@c")],
            "TIPLINE_AUDIT_ANCHOR_EMAIL",
        );
    }

    #[test]
    fn an_https_public_url_is_recognised() {
        let config = config(&[("TIPLINE_PUBLIC_URL", "https://tips.example.org/")]).unwrap();
        assert!(config.public_url.is_https());
        assert_eq!(config.public_url.as_str(), "https://tips.example.org");
    }

    #[test]
    fn debug_output_shows_no_secret() {
        let key = "ab".repeat(32);
        let config = config(&[
            ("TIPLINE_SECRET_KEY", key.as_str()),
            ("DATABASE_URL", "postgres://app:hunter2@db/tips"),
            (
                "TIPLINE_SMTP_URL",
                "smtps://mailer:swordfish@mail.example.org:465",
            ),
        ])
        .unwrap();
        let debug = format!("{config:?}");
        assert!(
            !debug.contains(&key) && !debug.contains("hunter2") && !debug.contains("swordfish"),
            "{debug}"
        );
    }

    #[test]
    fn the_help_lists_every_variable() {
        let help = variables_help();
        for variable in VARIABLES {
            assert!(help.contains(variable.name));
        }
    }
}
