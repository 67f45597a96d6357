//! A real HTTP/1.1 server on loopback that misbehaves on demand: it forwards to the
//! reference service (or answers 404) until told to fail a path in a given way — hang up,
//! stall, answer garbage, redirect, stream an endless body. It records every request it
//! reads (method, target, headers, body) and every byte it writes, so a test can check
//! what a client sent and how much it read. Every answer closes its connection, so each
//! request meets the fault set at the time it arrives.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone)]
pub enum Fault {
    /// Accept and read the request, then close without a word.
    Hangup,
    /// Read the request and say nothing for this long (then close).
    Stall(Duration),
    /// Any answer at all.
    Reply {
        status: u16,
        content_type: Option<&'static str>,
        headers: Vec<(&'static str, String)>,
        body: Vec<u8>,
    },
    /// `200 application/json` whose body never ends: it streams until the client hangs up.
    Endless,
}

impl Fault {
    pub fn reply(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Fault {
        Fault::Reply {
            status,
            content_type: Some(content_type),
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// A redirect to `location`.
    pub fn redirect(status: u16, location: impl Into<String>) -> Fault {
        Fault::Reply {
            status,
            content_type: None,
            headers: vec![("Location", location.into())],
            body: Vec::new(),
        }
    }
}

/// A request as the server read it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    /// As sent: a path, or an absolute URL when sent to a proxy.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct Shared {
    /// (path prefix, fault); the first match wins, `None` matches every path.
    faults: Mutex<Vec<(Option<String>, Fault)>>,
    seen: Mutex<Vec<Seen>>,
    connections: AtomicUsize,
    written: AtomicU64,
}

pub struct FaultyServer {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    upstream: Option<SocketAddr>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FaultyServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FaultyServer {
    /// Forwards to `upstream` (when given) whatever no fault covers.
    pub async fn start(upstream: Option<SocketAddr>) -> FaultyServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let shared = Arc::new(Shared::default());
        let task = accept(listener, shared.clone(), upstream);
        FaultyServer {
            addr,
            shared,
            upstream,
            task,
        }
    }

    /// The server goes down: its port is closed, connecting is refused.
    pub async fn stop(&mut self) {
        self.task.abort();
        let _ = (&mut self.task).await;
    }

    /// Back up, on the same port.
    pub async fn resume(&mut self) {
        let listener = TcpListener::bind(self.addr).await.expect("bind again");
        self.task = accept(listener, self.shared.clone(), self.upstream);
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request from now on fails this way.
    pub fn fail_all(&self, fault: Fault) {
        *self.shared.faults.lock().expect("faults") = vec![(None, fault)];
    }

    /// Requests to paths starting with `prefix` fail this way (added before earlier rules).
    pub fn fail(&self, prefix: &str, fault: Fault) {
        let mut faults = self.shared.faults.lock().expect("faults");
        faults.insert(0, (Some(prefix.to_owned()), fault));
    }

    /// Back to forwarding everything.
    pub fn heal(&self) {
        self.shared.faults.lock().expect("faults").clear();
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.shared.seen.lock().expect("seen").clone()
    }

    /// Connections accepted so far (a client that never came opened none).
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// Bytes of answers written so far.
    pub fn written(&self) -> u64 {
        self.shared.written.load(Ordering::SeqCst)
    }
}

fn accept(
    listener: TcpListener,
    shared: Arc<Shared>,
    upstream: Option<SocketAddr>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            shared.connections.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(serve(stream, shared.clone(), upstream));
        }
    })
}

/// A loopback port nothing listens on: connecting is refused.
pub async fn closed_port() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    listener.local_addr().expect("addr")
}

async fn serve(mut stream: TcpStream, shared: Arc<Shared>, upstream: Option<SocketAddr>) {
    let Some((head, seen)) = read_request(&mut stream).await else {
        return;
    };
    let path = seen.target.clone();
    shared.seen.lock().expect("seen").push(seen.clone());
    let fault = shared
        .faults
        .lock()
        .expect("faults")
        .iter()
        .find(|(prefix, _)| prefix.as_ref().is_none_or(|p| path.starts_with(p.as_str())))
        .map(|(_, fault)| fault.clone());
    let written = &shared.written;
    match fault {
        Some(Fault::Hangup) => {}
        Some(Fault::Stall(time)) => tokio::time::sleep(time).await,
        Some(Fault::Reply {
            status,
            content_type,
            headers,
            body,
        }) => {
            let mut answer = format!("HTTP/1.1 {status} Whatever\r\nConnection: close\r\n");
            if let Some(content_type) = content_type {
                answer += &format!("Content-Type: {content_type}\r\n");
            }
            for (name, value) in headers {
                answer += &format!("{name}: {value}\r\n");
            }
            answer += &format!("Content-Length: {}\r\n\r\n", body.len());
            let mut bytes = answer.into_bytes();
            bytes.extend_from_slice(&body);
            write(&mut stream, &bytes, written).await;
        }
        Some(Fault::Endless) => {
            let head =
                "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\n\r\n";
            if !write(&mut stream, head.as_bytes(), written).await
                || !write(&mut stream, b"{\"padding\":\"", written).await
            {
                return;
            }
            let chunk = vec![b'a'; 64 * 1024];
            // Until the client hangs up (or, as a bound, 1 GiB).
            for _ in 0..16 * 1024 {
                if !write(&mut stream, &chunk, written).await {
                    return;
                }
            }
        }
        None => match upstream {
            Some(upstream) => forward(&mut stream, upstream, &head, &seen.body, written).await,
            None => {
                let body = br#"{"type":"about:blank","title":"Not Found","status":404,"code":"not_found"}"#;
                let answer = format!(
                    "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Type: application/problem+json\r\nContent-Length: {}\r\n\r\n",
                    body.len()
                );
                let mut bytes = answer.into_bytes();
                bytes.extend_from_slice(body);
                write(&mut stream, &bytes, written).await;
            }
        },
    }
    let _ = stream.shutdown().await;
}

/// Writes and counts; false once the client has gone.
async fn write(stream: &mut TcpStream, bytes: &[u8], written: &AtomicU64) -> bool {
    match stream.write_all(bytes).await {
        Ok(()) => {
            written.fetch_add(bytes.len() as u64, Ordering::SeqCst);
            true
        }
        Err(_) => false,
    }
}

/// The request's head (its lines, without the blank line) and the request as seen.
async fn read_request(stream: &mut TcpStream) -> Option<(Vec<String>, Seen)> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        if buffer.len() > 64 * 1024 {
            return None;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
        if !buffer[0].is_ascii_uppercase() {
            // Not HTTP (a TLS ClientHello, say): say so in HTTP, as a plain server does.
            let _ = stream
                .write_all(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n")
                .await;
            return None;
        }
    };
    let head: Vec<String> = String::from_utf8_lossy(&buffer[..end])
        .split("\r\n")
        .map(str::to_owned)
        .collect();
    let mut request_line = head.first()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = head[1..]
        .iter()
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buffer[end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let seen = Seen {
        method,
        target,
        headers,
        body,
    };
    Some((head, seen))
}

/// The request as it came, on a fresh connection to `upstream` that closes after the
/// answer; the answer goes back byte for byte.
async fn forward(
    client: &mut TcpStream,
    upstream: SocketAddr,
    head: &[String],
    body: &[u8],
    written: &AtomicU64,
) {
    let Ok(mut service) = TcpStream::connect(upstream).await else {
        return;
    };
    let mut request = String::new();
    for line in head
        .iter()
        .filter(|line| !line.to_ascii_lowercase().starts_with("connection:"))
    {
        request += line;
        request += "\r\n";
    }
    request += "Connection: close\r\n\r\n";
    let mut bytes = request.into_bytes();
    bytes.extend_from_slice(body);
    if service.write_all(&bytes).await.is_err() {
        return;
    }
    let mut answer = Vec::new();
    if service.read_to_end(&mut answer).await.is_ok() {
        write(client, &answer, written).await;
    }
}
