//! Urgent alerts in batches (see `domain::alert_window`), over the window
//! the database keeps for every instance. Each instance runs
//! [`UrgentAlerts::run`], which closes the window when it ends and mails the
//! count: a timer of its own rather than the daily jobs' ten-minute check,
//! so the count goes when the window ends, not up to ten minutes later.
//! The timer is only a wake-up: what it acts on is the stored window, so an
//! instance that starts (or restarts) finds a window another opened and
//! closes it at its end, and of several instances waking together only the
//! first to hold the window closes it.

use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDateTime, TimeDelta};
use tokio::sync::Notify;

use crate::db::{Db, alert_window};
use crate::domain::alert_window::{HeldTipAlert, closing, on_held_tip};
use crate::services::common::now;
use crate::services::notify::{Notifier, NotifyError};

/// How long an instance with no window of its own open sleeps before it
/// looks again, in case another instance opened one and then died.
const IDLE_CHECK: Duration = Duration::from_secs(60);

#[derive(Clone, Debug)]
pub struct UrgentAlerts {
    db: Db,
    notify: Notifier,
    window: TimeDelta,
    /// Wakes this instance's timer when it opened a window.
    opened: Arc<Notify>,
}

impl UrgentAlerts {
    pub fn new(db: Db, notify: Notifier, window: Duration) -> Self {
        UrgentAlerts {
            db,
            notify,
            window: TimeDelta::from_std(window).unwrap_or(TimeDelta::MAX),
            opened: Arc::default(),
        }
    }

    /// Alerts of a held tip beside the receipt: a slow mail server must not
    /// hold up the tipster.
    pub fn alert_held_tip(&self) {
        let alerts = self.clone();
        self.notify.in_background(async move {
            if let Err(error) = alerts.held_tip_arrived().await {
                tracing::error!(cause = %error, "urgent alerts could not be sent");
            }
        });
    }

    /// A held tip arrived: the first of a window alerts at once, the others
    /// are only counted.
    pub async fn held_tip_arrived(&self) -> Result<(), NotifyError> {
        let (now, window) = (now(), self.window);
        let alert = self
            .db
            .write(move |conn| {
                alert_window::hold(conn)?;
                let (alert, next) = on_held_tip(alert_window::read(conn)?, now, window);
                alert_window::store(conn, Some(next))?;
                Ok(alert)
            })
            .await?;
        if let HeldTipAlert::Now { untold } = alert {
            self.opened.notify_one();
            if untold > 0 {
                self.notify.more_urgent_tips(untold).await?;
            }
            self.notify.urgent_tip().await?;
        }
        Ok(())
    }

    /// Closes the window if it has ended by `now`, mailing its count when
    /// it has one; the end of the window still open, if any. The window is
    /// closed before the mail goes (no mail is sent inside a transaction),
    /// so an instance dying in between loses that one count mail, never
    /// sends it twice.
    pub async fn close_if_ended(
        &self,
        now: NaiveDateTime,
    ) -> Result<Option<NaiveDateTime>, NotifyError> {
        let window = self.window;
        let (told, open) = self
            .db
            .write(move |conn| {
                alert_window::hold(conn)?;
                let stored = alert_window::read(conn)?;
                match closing(stored, now, window) {
                    Some(more) => {
                        alert_window::store(conn, None)?;
                        Ok((Some(more), None))
                    }
                    None => Ok((None, stored.map(|open| open.ends_at(window)))),
                }
            })
            .await?;
        if let Some(more) = told.filter(|more| *more > 0) {
            self.notify.more_urgent_tips(more).await?;
        }
        Ok(open)
    }

    /// Closes each window at its end until the server stops.
    pub async fn run(self) {
        loop {
            let now = now();
            let wait = match self.close_if_ended(now).await {
                Ok(Some(end)) => (end - now).to_std().unwrap_or_default().min(IDLE_CHECK),
                Ok(None) => IDLE_CHECK,
                Err(error) => {
                    tracing::error!(cause = %error, "an alert window could not be closed");
                    IDLE_CHECK
                }
            };
            // Woken early when this instance opens a window.
            let _ = actix_web::rt::time::timeout(wait, self.opened.notified()).await;
        }
    }
}
