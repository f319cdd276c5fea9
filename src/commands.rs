//! The administrative commands: `tipline admin create`, `tipline audit
//! verify`, `tipline audit head`, `tipline audit anchor` and `tipline
//! backup`. Each returns what to print on success, or why it failed.

use std::fs::{self, OpenOptions};
use std::io::{BufRead, IsTerminal, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::config::Config;
use crate::db::DatabaseTarget;
use crate::db::{audit, backup};
use crate::domain::audit::{AuditHead, days_without_anchor};
use crate::domain::staff::{NewPassword, Role, StaffEmail, StaffName};
use crate::hashing::Hasher;
use crate::i18n::Lang;
use crate::mail::Mailer;
use crate::secret::SecretKey;
use crate::services::anchoring::{Anchored, Anchoring};
use crate::services::common::Actor;
use crate::services::notify::Notifier;
use crate::services::staff::{NewAccount, StaffService};
use crate::startup::{open_database, open_secret_key};
use crate::vault::RecoveryKey;

/// Creates an administrator; the password is read twice from standard
/// input (prompted, without echo, on a terminal).
pub fn admin_create(
    config: &Config,
    email: &str,
    name: &str,
    language: &str,
) -> Result<String, String> {
    let email =
        StaffEmail::parse(email).map_err(|_| format!("`{email}` is not an email address"))?;
    let name =
        StaffName::parse(name).map_err(|_| "the name must have 1 to 100 characters".to_owned())?;
    let language = Lang::from_code(language)
        .filter(|lang| matches!(lang, Lang::Km | Lang::En))
        .ok_or_else(|| format!("the language must be `km` or `en`, not `{language}`"))?;
    let password = read_password()?;
    let password = NewPassword::parse(&password.0, &password.1).map_err(|problem| {
        let english = Lang::En.tr().t(problem.message_key());
        format!("the password was refused: {english}")
    })?;
    let secret = open_secret_key(config).map_err(|e| e.to_string())?;
    let db = open_database(config).map_err(|e| e.to_string())?;
    let key = secret.clone();
    db.write_blocking(move |conn| crate::db::vault::ensure_org_key(conn, &key))
        .map_err(|e| e.to_string())?;
    let hasher = Hasher::new(1, 1).map_err(|e| e.to_string())?;
    let accounts = StaffService::new(db, secret, hasher);
    let account = NewAccount {
        email: email.clone(),
        name,
        role: Role::Admin,
        language,
    };
    let created = actix_web::rt::System::new()
        .block_on(async {
            let Ok(id) = accounts
                .create(Actor::CommandLine, account, Some(password))
                .await?
            else {
                return Ok(None);
            };
            accounts.take_org_key(id).await.map(Some)
        })
        .map_err(|e| e.to_string())?;
    let Some(recovery) = created else {
        return Err(format!(
            "an account with the address {email} exists already"
        ));
    };
    let mut message = format!(
        "Administrator {email} created. Sign in at {}/staff/login; the first sign-in sets up the second step.",
        config.public_url.as_str()
    );
    if let Some(recovery) = recovery {
        message.push_str(&format!(
            "\n\nThe organisation's recovery key, shown only now:\n\n  {}\n\nIt opens every tip if every staff member with access is gone. Write it on paper and keep it offline, away from this server; anyone holding it and a copy of the database can read every tip. `tipline keys check-recovery` checks a typed copy.",
            recovery.display()
        ));
    }
    Ok(message)
}

/// Reads a recovery key from standard input and says whether it opens the
/// organisation key; it changes nothing.
pub fn keys_check_recovery(config: &Config) -> Result<String, String> {
    let [typed] = read_hidden(
        ["Recovery key: "],
        "the recovery key must be given on standard input",
    )?;
    let recovery = RecoveryKey::parse(&typed)
        .ok_or("that is not a recovery key: 64 hexadecimal digits, in groups or not")?;
    let db = open_database(config).map_err(|e| e.to_string())?;
    let opens = db
        .read_blocking(move |conn| crate::services::staff::recovery_opens(conn, &recovery))
        .map_err(|e| e.to_string())?;
    if opens {
        Ok("The recovery key opens the organisation key.".to_owned())
    } else {
        Err("the recovery key does not open the organisation key".to_owned())
    }
}

/// The password typed twice: two lines of standard input.
fn read_password() -> Result<(String, String), String> {
    let missing = "the password must be given twice on standard input";
    let [first, second] = read_hidden(
        [
            "Password (at least 12 characters): ",
            "The same password again: ",
        ],
        missing,
    )?;
    Ok((first, second))
}

/// Lines of standard input, one per prompt; on a terminal each prompt is
/// shown and what is typed is not echoed.
fn read_hidden<const N: usize>(prompts: [&str; N], missing: &str) -> Result<[String; N], String> {
    let stdin = std::io::stdin();
    let terminal = stdin.is_terminal();
    let echo = |on: bool| {
        if terminal {
            let _ = Command::new("stty")
                .arg(if on { "echo" } else { "-echo" })
                .stdin(Stdio::inherit())
                .status();
        }
    };
    let mut lines = stdin.lock().lines();
    let mut answers: [String; N] = std::array::from_fn(|_| String::new());
    for (prompt, answer) in prompts.iter().zip(&mut answers) {
        if terminal {
            eprint!("{prompt}");
            let _ = std::io::stderr().flush();
        }
        echo(false);
        let line = lines.next();
        echo(true);
        if terminal {
            eprintln!();
        }
        match line {
            Some(Ok(line)) => *answer = line.trim_end_matches(['\r', '\n']).to_owned(),
            _ => return Err(missing.to_owned()),
        }
    }
    Ok(answers)
}

/// The key that made the chain: never a new one, which would call every
/// row forged.
fn existing_key(config: &Config) -> Result<SecretKey, String> {
    if config.secret_key.is_none() && !config.secret_key_path().exists() {
        return Err(format!(
            "there is no server key at {}: the chain can only be checked with the key that made it (set TIPLINE_SECRET_KEY or TIPLINE_DATA_DIR)",
            config.secret_key_path().display()
        ));
    }
    open_secret_key(config).map_err(|e| e.to_string())
}

/// Checks the whole chain, and that `head` (`COUNT:HASH`, recorded earlier)
/// is still part of it.
pub fn audit_verify(config: &Config, head: Option<&str>) -> Result<String, String> {
    let head = head
        .map(AuditHead::parse)
        .transpose()
        .map_err(|e| format!("--head: {e}"))?;
    let key = existing_key(config)?;
    let db = open_database(config).map_err(|e| e.to_string())?;
    let checked = db
        .read_blocking(|conn| audit::verify(conn, &key, head))
        .map_err(|e| e.to_string())?;
    match checked {
        Ok(head) => {
            let anchored = db
                .read_blocking(audit::anchored_days)
                .map_err(|e| e.to_string())?;
            let missing = days_without_anchor(&anchored, chrono::Utc::now().date_naive());
            let mut said = format!(
                "The audit chain is intact: {} rows.\nHead: {head}",
                head.count
            );
            if !missing.is_empty() {
                let days: Vec<String> = missing.iter().map(ToString::to_string).collect();
                said.push_str(&format!(
                    "\nWARNING: no anchor on {} day(s) since the first: {}",
                    missing.len(),
                    days.join(" ")
                ));
            }
            Ok(said)
        }
        Err(broken) => {
            let seq = broken.seq();
            let row = db
                .read_blocking(|conn| audit::row(conn, seq))
                .map_err(|e| e.to_string())?;
            let shown = match row {
                Some(row) => format!(
                    "\nFirst broken row: #{} at {} actor={} action={} subject={} detail={:?}",
                    row.seq, row.at, row.actor, row.action, row.subject, row.detail
                ),
                None => String::new(),
            };
            Err(format!("THE AUDIT CHAIN IS BROKEN: {broken}.{shown}"))
        }
    }
}

/// The chain's head as `COUNT:HASH`, to record somewhere safe.
pub fn audit_head(config: &Config) -> Result<String, String> {
    let db = open_database(config).map_err(|e| e.to_string())?;
    let head = db.read_blocking(audit::head).map_err(|e| e.to_string())?;
    Ok(head.to_string())
}

/// Anchors the chain now, as the daily job does: the head goes into the
/// chain, the anchor file and the oversight mail.
pub fn audit_anchor(config: &Config) -> Result<String, String> {
    let key = existing_key(config)?;
    let db = open_database(config).map_err(|e| e.to_string())?;
    let mailer = Mailer::from_config(config).map_err(|e| e.to_string())?;
    let notify = Notifier::new(db.clone(), mailer, config);
    let anchoring = Anchoring {
        db: &db,
        key: &key,
        notify: &notify,
        file: config.audit_anchor_file.as_deref(),
    };
    let now = chrono::Utc::now();
    let anchored = actix_web::rt::System::new()
        .block_on(anchoring.anchor(Actor::CommandLine, now.date_naive(), now.naive_utc()))
        .map_err(|e| e.to_string())?;
    match anchored {
        Anchored::Head(head) => Ok(format!("Anchored. Head: {head}")),
        Anchored::Broken(broken, _) => Err(format!(
            "THE AUDIT CHAIN IS BROKEN: {broken}. Nothing was anchored; run `tipline audit verify`."
        )),
    }
}

/// Writes a consistent copy of the running SQLite database to `into`, a
/// file that must not exist yet. The copy stays sealed as the database is,
/// and holds no server key.
pub fn backup(config: &Config, into: &Path) -> Result<String, String> {
    let DatabaseTarget::Sqlite(database) = &config.database else {
        return Err(
            "`tipline backup` copies an SQLite database; for PostgreSQL use pg_dump (README, Backups)"
                .to_owned(),
        );
    };
    let shown = into.display();
    // As secret as the database: only its owner may read it.
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(into)
        .map_err(|e| format!("{shown}: {e}"))?;
    let copied = backup::sqlite_file(database, into)
        .map_err(|e| e.to_string())
        .and_then(|()| {
            fs::File::open(into)
                .and_then(|file| file.sync_all().and(file.metadata()))
                .map_err(|e| format!("{shown}: {e}"))
        });
    match copied {
        Ok(written) => Ok(format!(
            "Backed up to {shown} ({} bytes). The server key is not in it: keep a copy of {} apart from the backups.",
            written.len(),
            config.secret_key_path().display()
        )),
        Err(problem) => {
            // Nothing half-written is left to pass for a backup.
            let _ = fs::remove_file(into);
            Err(format!("the backup failed: {problem}"))
        }
    }
}
