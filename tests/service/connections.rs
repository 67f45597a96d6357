//! One client cannot take the service down: slow headers, slow bodies and idle connections
//! are cut off, and connections are capped per address and in all. Raw sockets on loopback.

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use crate::support::*;

/// Generous: these tests show that connections end, not how fast.
const GIVE_UP: Duration = Duration::from_secs(8);

/// Reads until the server closes the connection; everything it sent, or `None` if it was
/// still open at `GIVE_UP`.
async fn read_until_closed(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let deadline = Instant::now() + GIVE_UP;
    let mut received = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let left = deadline.checked_duration_since(Instant::now())?;
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return Some(received),
            Ok(Ok(n)) => received.extend_from_slice(&buf[..n]),
            Err(_) => return None,
        }
    }
}

async fn connect_from(local: IpAddr, server: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().expect("socket");
    socket.bind(SocketAddr::new(local, 0)).expect("bind");
    socket.connect(server).await.expect("connect")
}

fn policy_request() -> &'static [u8] {
    b"GET /v1/password-policy HTTP/1.1\r\nHost: t\r\n\r\n"
}

/// A plain request from `local` with a fresh connection: the status, or `None` when the
/// server closed the connection without answering.
async fn status_from(local: IpAddr, server: SocketAddr) -> Option<u16> {
    jupas_reset_api::client::install_crypto_provider();
    let client = reqwest::Client::builder()
        .local_address(local)
        .timeout(Duration::from_secs(3))
        .pool_max_idle_per_host(0)
        .build()
        .expect("client");
    let response = client
        .get(format!("http://{server}/v1/password-policy"))
        .send()
        .await
        .ok()?;
    Some(response.status().as_u16())
}

#[tokio::test]
async fn a_client_that_trickles_its_headers_is_cut_off() {
    let h = Harness::start_with(|c| c.connections.header_timeout_s = 1).await;
    let mut slow = TcpStream::connect(h.running.addr).await.expect("connect");
    slow.write_all(b"POST /v1/challenges HTTP/1.1\r\nHost: t\r\n")
        .await
        .expect("start");
    // One more header line every 200 ms: the head is never complete.
    let started = Instant::now();
    let cut_off = loop {
        if started.elapsed() > GIVE_UP {
            break false;
        }
        if slow.write_all(b"X-Slow: 1\r\n").await.is_err() {
            break true;
        }
        let mut buf = [0u8; 512];
        match tokio::time::timeout(Duration::from_millis(200), slow.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break true,
            _ => {}
        }
    };
    assert!(
        cut_off,
        "a trickled request head was still open after {GIVE_UP:?}"
    );
    // Everyone else is still served.
    h.client.password_policy().await.expect("served");
}

#[tokio::test]
async fn a_client_that_trickles_its_body_gets_408_and_is_cut_off() {
    let h = Harness::start_with(|c| c.connections.body_timeout_s = 1).await;
    let mut slow = TcpStream::connect(h.running.addr).await.expect("connect");
    slow.write_all(
        b"POST /v1/challenges HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"kind\"",
    )
    .await
    .expect("head and a little body");
    let answer = read_until_closed(&mut slow)
        .await
        .expect("the server closed the connection");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed() {
    let h = Harness::start_with(|c| c.connections.idle_timeout_s = 1).await;
    let mut idle = TcpStream::connect(h.running.addr).await.expect("connect");
    idle.write_all(policy_request()).await.expect("request");
    let mut buf = [0u8; 4096];
    let n = idle.read(&mut buf).await.expect("answer");
    assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
    // The client keeps the connection and says nothing more.
    assert!(
        read_until_closed(&mut idle).await.is_some(),
        "an idle kept-alive connection was still open after {GIVE_UP:?}"
    );
}

// 127.0.0.2 answers on Linux's loopback without any setup.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn one_address_cannot_hold_every_connection() {
    let h = Harness::start_with(|c| {
        c.connections.max_connections_per_address = 3;
        c.connections.header_timeout_s = 60;
    })
    .await;
    let addr = h.running.addr;
    let here: IpAddr = "127.0.0.1".parse().expect("ip");
    let other: IpAddr = "127.0.0.2".parse().expect("ip");
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(connect_from(here, addr).await);
    }
    // The fourth from the same address is closed at once, unanswered.
    let mut fourth = connect_from(here, addr).await;
    let _ = fourth.write_all(policy_request()).await;
    let answer = read_until_closed(&mut fourth).await.expect("closed");
    assert!(answer.is_empty(), "{}", String::from_utf8_lossy(&answer));
    assert_eq!(status_from(here, addr).await, None);

    // Another address is served all the while.
    assert_eq!(status_from(other, addr).await, Some(200));

    // Once one of the held connections closes, the address is served again.
    held.pop();
    let deadline = Instant::now() + GIVE_UP;
    while status_from(here, addr).await != Some(200) {
        assert!(
            Instant::now() < deadline,
            "the address never got its slot back"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn past_the_global_cap_clients_wait_until_a_connection_closes() {
    let h = Harness::start_with(|c| {
        c.connections.max_connections = 2;
        c.connections.header_timeout_s = 60;
    })
    .await;
    let addr = h.running.addr;
    let here: IpAddr = "127.0.0.1".parse().expect("ip");
    let mut held = vec![
        TcpStream::connect(addr).await.expect("1"),
        TcpStream::connect(addr).await.expect("2"),
    ];
    let waiting = tokio::spawn(status_from(here, addr));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!waiting.is_finished(), "served past the cap");
    held.pop();
    assert_eq!(waiting.await.expect("joined"), Some(200));
}
