//! Who the client is, when the service sits behind reverse proxies it trusts.
//!
//! Only a request whose peer is a trusted proxy has its `X-Forwarded-For` read, and then
//! from the right: each proxy appends the address it saw, so the right-most hop that is not
//! a trusted proxy is the client. Hops to its left are whatever the client sent, and are
//! never believed. A request from anyone else is keyed on its own address, whatever it says.

use axum::http::HeaderMap;
use serde::Deserialize;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

/// An address block such as `10.0.0.0/8`, `fd00::/8` or a single `192.0.2.7`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an address or address block (e.g. 10.0.0.0/8, fd00::/8, 192.0.2.7)")]
pub struct CidrError(String);

impl FromStr for Cidr {
    type Err = CidrError;

    fn from_str(text: &str) -> Result<Cidr, CidrError> {
        let bad = || CidrError(text.to_owned());
        let (addr, prefix) = match text.trim().split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (text.trim(), None),
        };
        let addr = IpAddr::from_str(addr).map_err(|_| bad())?.to_canonical();
        let bits = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= bits)
                .ok_or_else(bad)?,
            None => bits,
        };
        Ok(Cidr { addr, prefix })
    }
}

impl TryFrom<String> for Cidr {
    type Error = CidrError;

    fn try_from(text: String) -> Result<Cidr, CidrError> {
        text.parse()
    }
}

impl Cidr {
    pub fn contains(&self, ip: IpAddr) -> bool {
        let masked = |bits: u128, width: u32| {
            let host_bits = width - u32::from(self.prefix);
            bits.checked_shr(host_bits).unwrap_or(0)
        };
        match (self.addr, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                masked(u128::from(u32::from(net)), 32) == masked(u128::from(u32::from(ip)), 32)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                masked(u128::from(net), 128) == masked(u128::from(ip), 128)
            }
            _ => false,
        }
    }
}

fn trusted(ip: IpAddr, proxies: &[Cidr]) -> bool {
    proxies.iter().any(|net| net.contains(ip))
}

/// One `X-Forwarded-For` hop: an address, perhaps with a port or in brackets.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    IpAddr::from_str(hop)
        .ok()
        .or_else(|| SocketAddr::from_str(hop).ok().map(|s| s.ip()))
        .or_else(|| {
            let inner = hop.strip_prefix('[')?.strip_suffix(']')?;
            IpAddr::from_str(inner).ok()
        })
        .map(|ip| ip.to_canonical())
}

/// The address requests from `peer` count against.
pub(crate) fn client_ip(peer: IpAddr, headers: &HeaderMap, proxies: &[Cidr]) -> IpAddr {
    let peer = peer.to_canonical();
    if !trusted(peer, proxies) {
        return peer;
    }
    // Several header lines are one list, in order (RFC 9110 §5.3).
    let lines: Vec<String> = headers
        .get_all("x-forwarded-for")
        .iter()
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .collect();
    let mut client = peer;
    for hop in lines.iter().flat_map(|line| line.split(',')).rev() {
        // A hop a trusted proxy wrote that is not an address: stop at the last good one.
        let Some(ip) = parse_hop(hop) else {
            return client;
        };
        client = ip;
        if !trusted(ip, proxies) {
            return ip;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("address")
    }

    fn nets(list: &[&str]) -> Vec<Cidr> {
        list.iter().map(|s| s.parse().expect("cidr")).collect()
    }

    fn forwarded(lines: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for line in lines {
            headers.append(
                "x-forwarded-for",
                HeaderValue::from_str(line).expect("header"),
            );
        }
        headers
    }

    #[test]
    fn blocks_parse_and_contain() {
        let net: Cidr = "10.1.0.0/16".parse().expect("cidr");
        assert!(net.contains(ip("10.1.200.3")));
        assert!(net.contains(ip("::ffff:10.1.0.9")), "IPv4-mapped IPv6");
        assert!(!net.contains(ip("10.2.0.1")));
        let v6: Cidr = "fd00::/8".parse().expect("cidr");
        assert!(v6.contains(ip("fd12:3456::1")));
        assert!(!v6.contains(ip("fe80::1")));
        let all: Cidr = "0.0.0.0/0".parse().expect("cidr");
        assert!(all.contains(ip("203.0.113.9")));
        assert!(
            "192.0.2.7"
                .parse::<Cidr>()
                .expect("one")
                .contains(ip("192.0.2.7"))
        );
        for bad in ["10.0.0.0/33", "nonsense", "::/129", "10.0.0.0/"] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad}");
        }
    }

    #[test]
    fn untrusted_peers_are_taken_as_they_are() {
        let headers = forwarded(&["198.51.100.1"]);
        assert_eq!(
            client_ip(ip("203.0.113.5"), &headers, &[]),
            ip("203.0.113.5")
        );
        let proxies = nets(&["10.0.0.0/8"]);
        assert_eq!(
            client_ip(ip("203.0.113.5"), &headers, &proxies),
            ip("203.0.113.5")
        );
    }

    #[test]
    fn behind_trusted_proxies_the_right_most_untrusted_hop_is_the_client() {
        let proxies = nets(&["10.0.0.0/8", "2001:db8:ffff::/48"]);
        let peer = ip("10.0.0.2");
        // The client forged two hops; the first proxy appended what it saw, then a second proxy.
        let headers = forwarded(&["1.1.1.1, 2.2.2.2, 203.0.113.9", "10.0.0.7"]);
        assert_eq!(client_ip(peer, &headers, &proxies), ip("203.0.113.9"));
        let with_ports = forwarded(&["[2001:db8:1::5]:443, 203.0.113.9:5555"]);
        assert_eq!(client_ip(peer, &with_ports, &proxies), ip("203.0.113.9"));
        // Garbage a proxy passed through: the last hop we could trust.
        let garbage = forwarded(&["203.0.113.9, not-an-address"]);
        assert_eq!(client_ip(peer, &garbage, &proxies), peer);
        // Nothing forwarded: the proxy itself.
        assert_eq!(client_ip(peer, &HeaderMap::new(), &proxies), peer);
        // Only proxies: the left-most of them.
        let internal = forwarded(&["10.9.9.9, 10.0.0.7"]);
        assert_eq!(client_ip(peer, &internal, &proxies), ip("10.9.9.9"));
    }
}
