//! A real SMTP server for the tests: it speaks enough SMTP for lettre over
//! plain TCP on loopback and keeps every message it is given.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One received mail: the envelope's recipients and the raw message.
#[derive(Clone, Debug)]
pub struct Received {
    pub recipients: Vec<String>,
    pub raw: String,
}

impl Received {
    /// The message with its transfer encodings undone, for reading.
    pub fn decoded(&self) -> String {
        decode_parts(&self.raw)
    }

    /// The one-time staff link the mail carries.
    pub fn staff_link(&self) -> String {
        let text = self.decoded();
        let at = text
            .find("/staff/link/")
            .unwrap_or_else(|| panic!("no staff link in {text}"));
        let start = text[..at].rfind("http").unwrap();
        let end = at + "/staff/link/".len() + 64;
        text[start..end].to_owned()
    }
}

pub struct SmtpSink {
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
}

impl SmtpSink {
    pub fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the SMTP sink");
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let store = Arc::clone(&received);
        std::thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                let store = Arc::clone(&store);
                std::thread::spawn(move || {
                    let _ = serve(stream, &store);
                });
            }
        });
        SmtpSink { port, received }
    }

    /// `TIPLINE_SMTP_URL` for it.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Waits (at most 20 s) until `count` mails have arrived.
    pub async fn wait_for(&self, count: usize) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let received = self.received.lock().unwrap().clone();
            if received.len() >= count {
                return received;
            }
            assert!(
                Instant::now() < deadline,
                "only {} of {count} mails arrived",
                received.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The mails so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, store: &Mutex<Vec<Received>>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    writer.write_all(b"220 sink.test ESMTP\r\n")?;
    let mut recipients = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_ascii_uppercase();
        let reply: &[u8] = if command.starts_with("EHLO") {
            b"250-sink.test\r\n250 8BITMIME\r\n"
        } else if command.starts_with("RCPT TO:") {
            recipients.push(
                line.trim_end()[8..]
                    .trim()
                    .trim_matches(['<', '>'])
                    .to_owned(),
            );
            b"250 OK\r\n"
        } else if command == "DATA" {
            writer.write_all(b"354 End with <CRLF>.<CRLF>\r\n")?;
            let mut raw = String::new();
            loop {
                line.clear();
                if reader.read_line(&mut line)? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                raw.push_str(line.strip_prefix('.').unwrap_or(&line));
            }
            store.lock().unwrap().push(Received {
                recipients: std::mem::take(&mut recipients),
                raw,
            });
            b"250 OK queued\r\n"
        } else if command == "QUIT" {
            writer.write_all(b"221 Bye\r\n")?;
            return Ok(());
        } else {
            // HELO, MAIL FROM, RSET, NOOP.
            b"250 OK\r\n"
        };
        writer.write_all(reply)?;
    }
}

/// Undoes quoted-printable and base64 bodies, part by part.
fn decode_parts(raw: &str) -> String {
    let mut out = String::new();
    let mut encoding = "";
    let mut in_body = false;
    let mut body = String::new();
    let flush = |out: &mut String, body: &mut String, encoding: &str| {
        match encoding {
            "quoted-printable" => out.push_str(&decode_quoted_printable(body)),
            "base64" => out.push_str(&decode_base64(body)),
            _ => out.push_str(body),
        }
        body.clear();
    };
    for line in raw.split_inclusive('\n') {
        let lower = line.to_ascii_lowercase();
        if lower.starts_with("--") {
            flush(&mut out, &mut body, encoding);
            in_body = false;
            encoding = "";
            out.push_str(line);
        } else if !in_body && lower.starts_with("content-transfer-encoding:") {
            encoding = if lower.contains("quoted-printable") {
                "quoted-printable"
            } else if lower.contains("base64") {
                "base64"
            } else {
                ""
            };
            out.push_str(line);
        } else if !in_body && line.trim().is_empty() {
            in_body = true;
            out.push_str(line);
        } else if in_body {
            body.push_str(line);
        } else {
            out.push_str(line);
        }
    }
    flush(&mut out, &mut body, encoding);
    out
}

fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && let Some(hex) = joined.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            decoded.push(byte);
            i += 3;
            continue;
        }
        decoded.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

fn decode_base64(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut count = 0;
    let mut decoded = Vec::new();
    for byte in text.bytes() {
        let Some(value) = ALPHABET.iter().position(|&c| c == byte) else {
            continue;
        };
        bits = (bits << 6) | value as u32;
        count += 6;
        if count >= 8 {
            count -= 8;
            decoded.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}
