//! The connection loop. Plain `axum::serve` lets one client hold sockets forever; this loop
//! gives every connection a header deadline (hyper's), closes kept-alive connections that go
//! idle, and caps connections in total and per client address, so that one client cannot
//! take the file descriptors everyone else needs. Production still belongs behind a reverse
//! proxy (README); these limits keep the service standing when it is reached directly.

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use serde::Deserialize;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot, watch};
use tokio::time::Instant;
use tower::ServiceExt as _;

/// How long a client may take, and how many sockets it may hold. Seconds unless named otherwise.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConnectionLimits {
    /// The request line and headers must arrive within this time, counted from the moment the
    /// connection opens or its previous response went out.
    pub header_timeout_s: u64,
    /// The request body must arrive within this time of its headers.
    pub body_timeout_s: u64,
    /// A kept-alive connection with no request in flight is closed after this time. (The
    /// header clock also runs while a connection is idle, so idle lasts at most the shorter.)
    pub idle_timeout_s: u64,
    /// Open connections in all, further lowered to fit the open-files limit.
    pub max_connections: usize,
    /// Open connections from one address (IPv6: one /64). Behind a reverse proxy every
    /// connection comes from the proxy: raise this to the proxy's own pool size.
    pub max_connections_per_address: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_timeout_s: 10,
            body_timeout_s: 10,
            idle_timeout_s: 5,
            max_connections: 1024,
            max_connections_per_address: 32,
        }
    }
}

impl ConnectionLimits {
    pub(crate) fn validate(&self) -> Result<(), &'static str> {
        if self.header_timeout_s == 0 || self.body_timeout_s == 0 || self.idle_timeout_s == 0 {
            return Err("[connections] timeouts must be at least 1 second");
        }
        if self.max_connections == 0 || self.max_connections_per_address == 0 {
            return Err("[connections] connection caps must be at least 1");
        }
        Ok(())
    }

    pub(crate) fn body_timeout(&self) -> Duration {
        Duration::from_secs(self.body_timeout_s)
    }
}

/// File descriptors kept back from the connection cap: database, WAL, key, listener, mail
/// in flight, the runtime's own. (Windows has no such per-process limit to fit under.)
#[cfg(unix)]
const RESERVED_FDS: u64 = 64;

/// The configured cap, lowered so that connections alone cannot exhaust the open-files limit.
pub(crate) fn connection_cap(configured: usize) -> usize {
    #[cfg(unix)]
    if let Ok((soft, _)) = rlimit::getrlimit(rlimit::Resource::NOFILE) {
        let room = usize::try_from(soft.saturating_sub(RESERVED_FDS)).unwrap_or(usize::MAX);
        return configured.min(room).max(1);
    }
    configured
}

/// Raises the open-files soft limit to the hard limit, where the OS allows; returns the new
/// soft limit. For the server process: a library should not change its host's limits.
pub fn raise_open_files_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        rlimit::increase_nofile_limit(u64::MAX).ok()
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Accepts and serves until `stop` fires (or its sender is dropped), then lets every open
/// connection finish its request in flight.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    trusted_proxies: Vec<crate::proxy::Cidr>,
    mut stop: oneshot::Receiver<()>,
) -> std::io::Result<()> {
    let cap = connection_cap(limits.max_connections);
    let permits = u32::try_from(cap).unwrap_or(u32::MAX);
    let slots = Arc::new(Semaphore::new(permits as usize));
    let per_address = Arc::new(PerAddress::new(limits.max_connections_per_address));
    let (closing, closing_rx) = watch::channel(false);
    tracing::debug!(cap, "connection cap");
    loop {
        // A slot first, then accept: at the cap new clients wait in the kernel's backlog
        // instead of costing a descriptor each.
        let slot = tokio::select! {
            _ = &mut stop => break,
            slot = Arc::clone(&slots).acquire_owned() => slot.map_err(std::io::Error::other)?,
        };
        let (stream, peer) = tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(error) => {
                    // EMFILE and friends: back off instead of spinning; the slot is returned.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        // A trusted reverse proxy carries many clients: only the global cap applies to it
        // (the per-client limits then key on its X-Forwarded-For).
        let address_slot = if trusted_proxies.iter().any(|p| p.contains(peer.ip())) {
            None
        } else {
            let Some(slot) = per_address.take(peer.ip()) else {
                // Over this address's cap: the socket is closed at once (dropped).
                tracing::debug!(target: "security", event = "connection_refused", client = %peer.ip());
                continue;
            };
            Some(slot)
        };
        let connection = Connection {
            app: app.clone(),
            peer,
            limits: limits.clone(),
            closing: closing_rx.clone(),
            _slot: slot,
            _address_slot: address_slot,
        };
        tokio::spawn(connection.run(stream));
    }
    drop(listener);
    let _ = closing.send(true);
    // Every connection holds one slot: all of them back means all connections are done.
    let _ = slots.acquire_many(permits).await;
    Ok(())
}

struct Connection {
    app: Router,
    peer: SocketAddr,
    limits: ConnectionLimits,
    closing: watch::Receiver<bool>,
    _slot: OwnedSemaphorePermit,
    _address_slot: Option<AddressSlot>,
}

impl Connection {
    async fn run(mut self, stream: TcpStream) {
        let _ = stream.set_nodelay(true);
        let activity = Arc::new(Activity::new());
        let service = {
            let activity = Arc::clone(&activity);
            let app = self.app.clone();
            let peer = self.peer;
            hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                let busy = activity.begin();
                let app = app.clone();
                async move {
                    let response = app.oneshot(request.map(Body::new)).await;
                    drop(busy);
                    response
                }
            })
        };
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(Duration::from_secs(self.limits.header_timeout_s))
            .keep_alive(true);
        let connection = builder.serve_connection(TokioIo::new(stream), service);
        tokio::pin!(connection);
        let idle = Duration::from_secs(self.limits.idle_timeout_s);
        let mut closing = false;
        loop {
            tokio::select! {
                result = connection.as_mut() => {
                    if let Err(error) = result {
                        tracing::debug!(%error, client = %self.peer.ip(), "connection ended");
                    }
                    break;
                }
                // Graceful: a response being written still goes out, then the socket closes.
                () = activity.idle_for(idle), if !closing => {
                    connection.as_mut().graceful_shutdown();
                    closing = true;
                }
                _ = self.closing.changed(), if !closing => {
                    connection.as_mut().graceful_shutdown();
                    closing = true;
                }
            }
        }
    }
}

/// Requests in flight on one connection, and when the last one finished.
struct Activity {
    in_flight: AtomicUsize,
    last: Mutex<Instant>,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            in_flight: AtomicUsize::new(0),
            last: Mutex::new(Instant::now()),
        }
    }

    fn begin(self: &Arc<Self>) -> Busy {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        Busy(Arc::clone(self))
    }

    fn last(&self) -> Instant {
        self.last
            .lock()
            .map(|t| *t)
            .unwrap_or_else(|e| *e.into_inner())
    }

    /// Resolves once no request has been in flight for `idle`.
    async fn idle_for(&self, idle: Duration) {
        loop {
            let deadline = self.last() + idle;
            tokio::time::sleep_until(deadline).await;
            if self.in_flight.load(Ordering::SeqCst) == 0 && self.last() + idle <= Instant::now() {
                return;
            }
            if self.in_flight.load(Ordering::SeqCst) > 0 {
                // A request is running: look again one idle period from now.
                tokio::time::sleep(idle).await;
            }
        }
    }
}

struct Busy(Arc<Activity>);

impl Drop for Busy {
    fn drop(&mut self) {
        if let Ok(mut last) = self.0.last.lock() {
            *last = Instant::now();
        }
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Open connections per client address; IPv6 clients count per /64, since one host
/// usually holds a whole /64.
struct PerAddress {
    cap: usize,
    open: Mutex<HashMap<IpAddr, usize>>,
}

impl PerAddress {
    fn new(cap: usize) -> PerAddress {
        PerAddress {
            cap,
            open: Mutex::new(HashMap::new()),
        }
    }

    fn take(self: &Arc<Self>, ip: IpAddr) -> Option<AddressSlot> {
        let key = address_key(ip);
        let mut open = self.open.lock().ok()?;
        let count = open.entry(key).or_insert(0);
        if *count >= self.cap {
            return None;
        }
        *count += 1;
        Some(AddressSlot {
            owner: Arc::clone(self),
            key,
        })
    }
}

struct AddressSlot {
    owner: Arc<PerAddress>,
    key: IpAddr,
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        if let Ok(mut open) = self.owner.open.lock()
            && let Some(count) = open.get_mut(&self.key)
        {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.key);
            }
        }
    }
}

/// The address a connection counts against: IPv4 as is, IPv6 by its /64.
fn address_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let bits = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(bits.into())
        }
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_count_per_64_and_mapped_ipv4_as_ipv4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().expect("ip");
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().expect("ip");
        let c: IpAddr = "2001:db8:1:3::1".parse().expect("ip");
        assert_eq!(address_key(a), address_key(b));
        assert_ne!(address_key(a), address_key(c));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().expect("ip");
        assert_eq!(
            address_key(mapped),
            "192.0.2.7".parse::<IpAddr>().expect("ip")
        );
    }

    #[test]
    fn an_address_gets_its_slots_back_when_connections_close() {
        let slots = Arc::new(PerAddress::new(2));
        let ip: IpAddr = "192.0.2.1".parse().expect("ip");
        let first = slots.take(ip).expect("1");
        let _second = slots.take(ip).expect("2");
        assert!(slots.take(ip).is_none(), "third refused");
        assert!(slots.take("192.0.2.2".parse().expect("ip")).is_some());
        drop(first);
        assert!(slots.take(ip).is_some(), "a slot came back");
    }
}
