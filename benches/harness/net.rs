//! Bare HTTP/1.1 over TCP from a chosen loopback address, as a load tool
//! sends it: the client shares the machine's cores with the server, so its
//! own cost must stay small, and an attacker must be able to stop halfway.

use std::borrow::Cow;
use std::fmt;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

/// How long a genuine request may take before it counts as timed out.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// What one read may take in.
const READ_AHEAD: usize = 64 * 1024;

/// `127.0.0.n`.
pub fn loopback(n: u8) -> Ipv4Addr {
    Ipv4Addr::new(127, 0, 0, n)
}

/// Why an exchange gave no usable answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The server answered with this status where another was expected.
    Status(u16),
    /// The expected status came, but not the expected page.
    Unexpected(u16),
    /// The server closed the connection without a whole answer.
    Closed,
    TimedOut,
    Io(std::io::ErrorKind),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Status(status) => write!(f, "{status}"),
            Failure::Unexpected(status) => write!(f, "{status} with another page"),
            Failure::Closed => f.write_str("closed"),
            Failure::TimedOut => f.write_str("timed out"),
            Failure::Io(kind) => write!(f, "{kind}"),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Failure::Io(error.kind())
    }
}

/// One request's bytes: head and body. A POST declares the length of
/// `body` unless `headers` declare one (for a body sent apart).
pub fn request(method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let declared = headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("content-length"));
    if method == "POST" && !declared {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// A whole answer.
pub struct Response {
    pub status: u16,
    head: String,
    pub body: Vec<u8>,
}

impl Response {
    /// Every value of the header `name`.
    pub fn headers<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.head.lines().skip(1).filter_map(move |line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then_some(value.trim())
        })
    }

    pub fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// The text of the body between `before` and the next `after`, trimmed.
    pub fn between(&self, before: &str, after: &str) -> Option<String> {
        let text = self.text();
        let start = text.find(before)? + before.len();
        let end = start + text[start..].find(after)?;
        Some(text[start..end].trim().to_owned())
    }

    /// Whether the server keeps the connection open after this answer.
    pub fn keeps_alive(&self) -> bool {
        !self
            .headers("connection")
            .any(|value| value.eq_ignore_ascii_case("close"))
    }

    /// This answer if its status is `status`.
    pub fn expect(self, status: u16) -> Result<Response, Failure> {
        if self.status == status {
            Ok(self)
        } else {
            Err(Failure::Status(self.status))
        }
    }
}

/// A keep-alive connection from a chosen source address.
pub struct Connection {
    stream: TcpStream,
    buffer: Vec<u8>,
}

impl Connection {
    /// Connects to `server` from `from`. Ports left in TIME_WAIT by earlier
    /// connections from the same address may be bound again.
    pub async fn open(from: Ipv4Addr, server: SocketAddr) -> std::io::Result<Connection> {
        let socket = TcpSocket::new_v4()?;
        socket.set_reuseaddr(true)?;
        socket.bind(SocketAddrV4::new(from, 0).into())?;
        let stream = socket.connect(server).await?;
        stream.set_nodelay(true)?;
        Ok(Connection {
            stream,
            buffer: Vec::with_capacity(READ_AHEAD),
        })
    }

    pub async fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.stream.write_all(bytes).await
    }

    /// Sends `request` and reads its whole answer.
    pub async fn send(&mut self, request: &[u8]) -> Result<Response, Failure> {
        self.write(request).await?;
        self.response().await
    }

    /// Reads one whole answer (its length declared, as tipline declares it).
    pub async fn response(&mut self) -> Result<Response, Failure> {
        let (head_len, status, body_len) = loop {
            if let Some(end) = self.buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = std::str::from_utf8(&self.buffer[..end]).map_err(|_| Failure::Closed)?;
                let status = head
                    .split(' ')
                    .nth(1)
                    .and_then(|s| s.parse().ok())
                    .ok_or(Failure::Closed)?;
                let body_len = head
                    .lines()
                    .find_map(|line| {
                        let (name, value) = line.split_once(':')?;
                        name.eq_ignore_ascii_case("content-length")
                            .then(|| value.trim().parse::<usize>().ok())?
                    })
                    .unwrap_or(0);
                break (end + 4, status, body_len);
            }
            self.fill().await?;
        };
        while self.buffer.len() < head_len + body_len {
            self.fill().await?;
        }
        let rest = self.buffer.split_off(head_len + body_len);
        let mut whole = std::mem::replace(&mut self.buffer, rest);
        let body = whole.split_off(head_len);
        whole.truncate(head_len - 4);
        Ok(Response {
            status,
            head: String::from_utf8_lossy(&whole).into_owned(),
            body,
        })
    }

    async fn fill(&mut self) -> Result<(), Failure> {
        // Room for a whole page at once: a full buffer would read 64 bytes
        // per call.
        self.buffer.reserve(READ_AHEAD);
        match self.stream.read_buf(&mut self.buffer).await? {
            0 => Err(Failure::Closed),
            _ => Ok(()),
        }
    }
}

/// One request on a connection of its own, within [`TIMEOUT`].
pub async fn exchange(
    from: Ipv4Addr,
    server: SocketAddr,
    request: &[u8],
) -> Result<Response, Failure> {
    let answer = async {
        let mut connection = Connection::open(from, server).await?;
        connection.send(request).await
    };
    tokio::time::timeout(TIMEOUT, answer)
        .await
        .map_err(|_| Failure::TimedOut)?
}
