//! Where a webhook may be delivered. A webhook makes the server send requests to a URL an
//! admin typed, so without a guard it reaches whatever the server can: the database's
//! machine, a cloud's metadata address, the office network. Unless private destinations
//! are allowed (`ANCHANG_WEBHOOKS_ALLOW_PRIVATE`, for tests and on-premises receivers), a
//! URL naming such an address is refused when the endpoint is saved, and every host name is
//! resolved through [`GuardedResolver`], which drops such addresses when a delivery is sent
//! (so a name that later points inside gets no connection either).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::Url;

/// Why a URL cannot be a destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not an absolute `http://` or `https://` URL with a host.
    NotHttp,
    /// It names a loopback, private, link-local or otherwise internal address.
    Private,
}

/// The URL, parsed, when it may be a destination.
pub fn check(url: &str, allow_private: bool) -> Result<Url, Refusal> {
    let parsed = Url::parse(url).map_err(|_| Refusal::NotHttp)?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none_or(str::is_empty) {
        return Err(Refusal::NotHttp);
    }
    if !allow_private && names_internal(&parsed) {
        return Err(Refusal::Private);
    }
    Ok(parsed)
}

/// Whether the URL's host is an internal address, or a name only this machine knows.
pub fn names_internal(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => is_internal(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => is_internal(IpAddr::V6(ip)),
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost") || name.ends_with(".internal") || !name.contains('.')
        }
        None => true,
    }
}

/// Whether the URL's host is an address (not a name) that is internal: what the resolver
/// never sees, so a delivery checks it itself.
pub fn names_internal_address(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => is_internal(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => is_internal(IpAddr::V6(ip)),
        _ => false,
    }
}

/// Whether an address is loopback, private, link-local, shared, unspecified, broadcast,
/// multicast or documentation: anything but the public internet.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => is_internal_v4(ip),
        IpAddr::V6(ip) => match ip.to_ipv4_mapped() {
            Some(v4) => is_internal_v4(v4),
            None => is_internal_v6(ip),
        },
    }
}

fn is_internal_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        // 100.64.0.0/10, carrier-grade NAT; 198.18.0.0/15, benchmarking; 240.0.0.0/4, reserved.
        || (a == 100 && (64..128).contains(&b))
        || (a == 198 && (b == 18 || b == 19))
        || a >= 240
}

fn is_internal_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        // fc00::/7 unique local, fe80::/10 link-local, 2001:db8::/32 documentation.
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || (first == 0x2001 && ip.segments()[1] == 0x0db8)
}

/// Resolves host names for deliveries, keeping only public addresses (or every address
/// when private destinations are allowed). A name with none left fails to resolve, so the
/// attempt fails before any connection is made.
#[derive(Debug, Clone, Copy)]
pub struct GuardedResolver {
    /// Whether internal addresses are kept.
    pub allow_private: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
            let kept: Vec<SocketAddr> =
                found.into_iter().filter(|addr| allow_private || !is_internal(addr.ip())).collect();
            if kept.is_empty() {
                return Err("the host resolves to no public address".into());
            }
            let addrs: Addrs = Box::new(kept.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_destinations_are_refused_unless_allowed() {
        for internal in [
            "http://127.0.0.1:9000/hook",
            "http://localhost/hook",
            "https://api.localhost/x",
            "http://10.1.2.3/",
            "http://172.16.0.9/",
            "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]/",
            "http://[fd00::1]/",
            "http://[fe80::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://0.0.0.0/",
            "http://100.64.0.1/",
            "http://erp/",
            "http://metadata.google.internal/",
        ] {
            assert_eq!(check(internal, false), Err(Refusal::Private), "{internal}");
            assert!(check(internal, true).is_ok(), "{internal} is allowed when private destinations are");
        }
    }

    #[test]
    fn public_http_urls_are_destinations_and_other_schemes_are_not() {
        assert!(check("https://erp.example.com/anchang/webhooks", false).is_ok());
        assert!(check("http://8.8.8.8/hook", false).is_ok());
        for bad in ["ftp://example.com/", "file:///etc/passwd", "not a url", "https://", "mailto:a@example.com"] {
            assert_eq!(check(bad, true), Err(Refusal::NotHttp), "{bad}");
        }
    }
}
