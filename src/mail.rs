//! Outgoing mail to staff: through SMTP when `TIPLINE_SMTP_URL` is set,
//! otherwise into `.eml` files under `<data_dir>/outbox/`, so a fresh install
//! still works and shows what it would send. Mails never carry tip content:
//! only a link and counts.

use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::PathBuf;
use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::Config;

/// An SMTP server that does not answer within this long is given up on.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// A mail to one person, in plain text and HTML.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: Mailbox,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl Mail {
    /// A mail of `paragraphs` ending in one link, as text and as HTML.
    pub fn with_link(
        to: Mailbox,
        subject: String,
        paragraphs: &[String],
        link: (&str, &str),
    ) -> Mail {
        Mail {
            to,
            subject,
            text: text_body(paragraphs, Some(link)),
            html: html_body(paragraphs, Some(link)),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("TIPLINE_SMTP_URL cannot be used: {0}")]
    Url(#[source] lettre::transport::smtp::Error),
    #[error("the mail could not be built: {0}")]
    Build(#[from] lettre::error::Error),
    #[error("the SMTP server refused or failed: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("the outbox could not be written: {0}")]
    Outbox(#[from] std::io::Error),
}

/// Where mails go.
#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    route: Route,
}

#[derive(Clone)]
enum Route {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(PathBuf),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.route {
            Route::Smtp(_) => f.write_str("Mailer(smtp)"),
            Route::Outbox(dir) => write!(f, "Mailer(outbox {})", dir.display()),
        }
    }
}

impl Mailer {
    pub fn from_config(config: &Config) -> Result<Self, MailError> {
        let route = match &config.smtp_url {
            Some(url) => Route::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.as_str())
                    .map_err(MailError::Url)?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build(),
            ),
            None => Route::Outbox(config.data_dir.join("outbox")),
        };
        Ok(Mailer {
            from: config.mail_from.clone(),
            route,
        })
    }

    /// Whether mails only land in the local outbox.
    pub fn is_outbox(&self) -> bool {
        matches!(self.route, Route::Outbox(_))
    }

    pub async fn send(&self, mail: Mail) -> Result<(), MailError> {
        let message = Message::builder()
            .date(to_the_minute(std::time::SystemTime::now()))
            .from(self.from.clone())
            .to(mail.to)
            .subject(mail.subject)
            .multipart(MultiPart::alternative_plain_html(mail.text, mail.html))?;
        match &self.route {
            Route::Smtp(transport) => {
                transport.send(message).await?;
            }
            Route::Outbox(dir) => {
                let dir = dir.clone();
                let bytes = message.formatted();
                actix_web::web::block(move || write_to_outbox(&dir, &bytes))
                    .await
                    .map_err(|e| std::io::Error::other(e.to_string()))??;
            }
        }
        Ok(())
    }
}

/// A mail is dated to the minute, no finer: an alert's `Date:` must not
/// date the tipster's report to the second.
fn to_the_minute(now: std::time::SystemTime) -> std::time::SystemTime {
    let seconds = now
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds - seconds % 60)
}

fn write_to_outbox(dir: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let mut random = [0u8; 6];
    rand::fill(&mut random);
    let name = format!(
        "{}-{}.eml",
        chrono::Utc::now().format("%Y%m%dT%H%M%S"),
        crate::secret::to_hex(&random)
    );
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(dir.join(name))?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// A plain HTML body for `paragraphs` and one link, escaped.
pub fn html_body(paragraphs: &[String], link: Option<(&str, &str)>) -> String {
    let mut html = String::from("<!DOCTYPE html><html><body>");
    for paragraph in paragraphs {
        html.push_str("<p>");
        html.push_str(&escape(paragraph));
        html.push_str("</p>");
    }
    if let Some((label, url)) = link {
        html.push_str(&format!(
            "<p><a href=\"{}\">{}</a></p>",
            escape(url),
            escape(label)
        ));
    }
    html.push_str("</body></html>");
    html
}

/// Plain text for the same content.
pub fn text_body(paragraphs: &[String], link: Option<(&str, &str)>) -> String {
    let mut text = paragraphs.join("\n\n");
    if let Some((label, url)) = link {
        text.push_str(&format!("\n\n{label}:\n{url}\n"));
    }
    text
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_escape_what_they_carry() {
        let html = html_body(&["a <b> & c".into()], Some(("Open", "https://x/?a=1&b=2")));
        assert!(html.contains("a &lt;b&gt; &amp; c"), "{html}");
        assert!(html.contains("href=\"https://x/?a=1&amp;b=2\""), "{html}");
        let text = text_body(&["Hello".into()], Some(("Open", "https://x/y")));
        assert_eq!(text, "Hello\n\nOpen:\nhttps://x/y\n");
    }

    #[actix_web::test]
    async fn without_smtp_a_mail_lands_in_the_outbox_readable_only_by_the_owner() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let config = Config::from_lookup(|name| {
            (name == "TIPLINE_DATA_DIR").then(|| dir.path().to_string_lossy().into_owned())
        })
        .unwrap();
        let mailer = Mailer::from_config(&config).unwrap();
        assert!(mailer.is_outbox());
        mailer
            .send(Mail {
                to: "dara@police.gov.kh".parse().unwrap(),
                subject: "Invitation".into(),
                text: "Open the link".into(),
                html: "<p>Open the link</p>".into(),
            })
            .await
            .unwrap();
        let outbox: Vec<_> = std::fs::read_dir(dir.path().join("outbox"))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        assert_eq!(outbox.len(), 1);
        let mode = std::fs::metadata(&outbox[0]).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let eml = std::fs::read_to_string(&outbox[0]).unwrap();
        assert!(eml.contains("To: dara@police.gov.kh"), "{eml}");
        assert!(
            eml.contains("text/plain") && eml.contains("text/html"),
            "{eml}"
        );
    }
}
