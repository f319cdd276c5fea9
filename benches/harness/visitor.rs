//! A genuine visitor, as a browser without JavaScript drives the public
//! pages: the report form with its token, the receipt, a status check with
//! the receipt's code and passphrase, and `/healthz`.

use std::net::{Ipv4Addr, SocketAddr};

use super::net::{Failure, Response, exchange, request};

/// What the receipt page gives a tipster to come back with.
#[derive(Clone)]
pub struct Receipt {
    pub code: String,
    pub passphrase: String,
}

/// A photo-free report at a province, as a tipster fills it in.
pub const COMPOUND_REPORT: &[(&str, &str)] = &[
    ("category", "compound"),
    ("description", "Benchmark tip: guards at the gate"),
    ("province", "12"),
];

const BOUNDARY: &str = "----tiplinebenchboundary7MA4YWxkTrZu0gW";

/// The content type of [`multipart`] bodies.
pub fn multipart_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

/// The head of a text part, then its value.
pub fn text_part(name: &str, value: &str) -> Vec<u8> {
    format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
        .into_bytes()
}

/// The head of a file part in the `photos` field; its bytes follow, then `\r\n`.
pub fn photo_part_head(filename: &str) -> Vec<u8> {
    format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"{filename}\"\r\nContent-Type: image/jpeg\r\n\r\n"
    )
    .into_bytes()
}

/// What ends a multipart body.
pub fn multipart_end() -> Vec<u8> {
    format!("--{BOUNDARY}--\r\n").into_bytes()
}

/// A form's text fields as multipart, in the order given.
pub fn multipart(fields: &[(&str, &str)]) -> Vec<u8> {
    let mut body: Vec<u8> = fields
        .iter()
        .flat_map(|(name, value)| text_part(name, value))
        .collect();
    body.extend(multipart_end());
    body
}

/// The anti-forgery token in a public form.
pub fn form_token(page: &Response) -> Result<String, Failure> {
    page.between(r#"name="form_token" value=""#, "\"")
        .ok_or(Failure::Unexpected(page.status))
}

pub struct Visitor {
    pub from: Ipv4Addr,
    pub server: SocketAddr,
}

impl Visitor {
    pub fn new(from: Ipv4Addr, server: SocketAddr) -> Self {
        Visitor { from, server }
    }

    pub async fn get(&self, path: &str) -> Result<Response, Failure> {
        exchange(self.from, self.server, &request("GET", path, &[], &[])).await
    }

    /// Opens the form at `form_path` (`/km/report` or `/km/report/held`)
    /// and sends `fields` with its token first, as the form does.
    pub async fn report(
        &self,
        form_path: &str,
        fields: &[(&str, &str)],
    ) -> Result<Receipt, Failure> {
        let form = self.get(form_path).await?.expect(200)?;
        let token = form_token(&form)?;
        let mut all = vec![("form_token", token.as_str())];
        all.extend_from_slice(fields);
        let content_type = multipart_type();
        let post = request(
            "POST",
            "/km/report",
            &[("Content-Type", &content_type)],
            &multipart(&all),
        );
        let page = exchange(self.from, self.server, &post).await?.expect(200)?;
        Ok(Receipt {
            code: page
                .between(r#"id="tip-code" translate="no">"#, "<")
                .ok_or(Failure::Unexpected(200))?,
            passphrase: page
                .between(r#"id="tip-passphrase" translate="no">"#, "<")
                .ok_or(Failure::Unexpected(200))?,
        })
    }

    /// Opens the status form and sends the code and passphrase of `receipt`;
    /// the tip's status must show.
    pub async fn check_status(&self, receipt: &Receipt) -> Result<(), Failure> {
        let form = self.get("/km/status").await?.expect(200)?;
        let token = form_token(&form)?;
        let page = self
            .post_status(&token, &receipt.code, &receipt.passphrase)
            .await?
            .expect(200)?;
        match page.text().contains(r#"id="tip-status""#) {
            true => Ok(()),
            false => Err(Failure::Unexpected(200)),
        }
    }

    /// Posts a status check with `token`, whatever the answer.
    pub async fn post_status(
        &self,
        token: &str,
        code: &str,
        passphrase: &str,
    ) -> Result<Response, Failure> {
        exchange(
            self.from,
            self.server,
            &status_request(token, code, passphrase),
        )
        .await
    }

    pub async fn healthz(&self) -> Result<(), Failure> {
        self.get("/healthz").await?.expect(200).map(drop)
    }
}

/// A status check as the form posts it.
pub fn status_request(token: &str, code: &str, passphrase: &str) -> Vec<u8> {
    let body = serde_urlencoded::to_string([
        ("form_token", token),
        ("code", code),
        ("passphrase", passphrase),
    ])
    .expect("text fields encode");
    request(
        "POST",
        "/km/status",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        body.as_bytes(),
    )
}
