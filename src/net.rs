//! The one HTTP client Rosette goes online with (architecture §5), hardened for documents
//! that attackers may control or point at:
//! - `https` only, over rustls (ring) with Mozilla's root certificates (`webpki-roots`,
//!   the same trust on every system) plus any extra roots the user gives (an enterprise
//!   certificate authority);
//! - every address the client connects to is checked first: loopback, private, link-local,
//!   unique-local, shared (CGNAT), multicast, unspecified and reserved addresses (IPv4 and
//!   IPv6, IPv4-mapped included) are refused unless "allow private network" is set. Host
//!   names go through `CheckedResolver`, the client's only resolver; literal addresses
//!   are checked before the request;
//! - at most [`MAX_REDIRECTS`] redirects, followed here (not by reqwest) so that each hop
//!   is checked by the same rules, never from https to anything else, and for did:web
//!   never to another host;
//! - a connect timeout and a total deadline per fetch, bodies streamed under a byte cap
//!   ([`MAX_BODY_BYTES`]); no cookies, no proxies from the environment.
//!
//! Limits: one blocking GET at a time per call (verification is synchronous); no HTTP/2.

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::header::{HeaderValue, ACCEPT, CONTENT_TYPE, LOCATION, USER_AGENT};
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::CertificateDer;
use serde::{Deserialize, Serialize};
use std::io::Read as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs as _};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Largest response body read, in bytes (10 MiB).
pub const MAX_BODY_BYTES: usize = 10 * 1024 * 1024;
/// Most redirects followed for one fetch.
pub const MAX_REDIRECTS: usize = 3;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const TOTAL_TIMEOUT: Duration = Duration::from_secs(30);
const ACCEPTED: &str = "application/ld+json, application/json;q=0.9, */*;q=0.1";

/// What the user decides about going online: the same two settings for the CLI
/// (`--allow-private-network`, `--ca-cert`) and the desktop app.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkSettings {
    /// Reach loopback and private-network addresses (a test server, an intranet issuer).
    pub allow_private_network: bool,
    /// PEM files of extra trusted root certificates, added to the usual ones.
    pub ca_certs: Vec<PathBuf>,
    /// Extra trusted root certificates as DER (those kept in the portfolio).
    #[serde(skip)]
    pub trusted_roots: Vec<Vec<u8>>,
}

/// The kind of an address Rosette does not reach unless private networks are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AddressClass {
    /// 0.0.0.0/8, `::`.
    Unspecified,
    /// 127.0.0.0/8, `::1`.
    Loopback,
    /// 10/8, 172.16/12, 192.168/16, and the deprecated IPv6 site-local fec0::/10.
    Private,
    /// 169.254/16, fe80::/10.
    LinkLocal,
    /// fc00::/7.
    UniqueLocal,
    /// 100.64/10, shared address space of carrier-grade NAT.
    SharedCgnat,
    /// 224/4, ff00::/8, and the broadcast address.
    Multicast,
    /// Ranges not in public use: 192.0.0/24, documentation, benchmarking, 240/4, 2001:db8::/32.
    Reserved,
}

impl AddressClass {
    /// "a loopback address", "a private address", …
    pub fn describe(self) -> &'static str {
        match self {
            Self::Unspecified => "an unspecified address",
            Self::Loopback => "a loopback address",
            Self::Private => "a private address",
            Self::LinkLocal => "a link-local address",
            Self::UniqueLocal => "a unique-local address",
            Self::SharedCgnat => "a shared (carrier-grade NAT) address",
            Self::Multicast => "a multicast or broadcast address",
            Self::Reserved => "a reserved address",
        }
    }
}

/// The class of `ip` when it is not a public unicast address; `None` for a public one.
/// IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are judged
/// by the IPv4 address inside.
pub fn classify_address(ip: IpAddr) -> Option<AddressClass> {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn classify_v4(ip: Ipv4Addr) -> Option<AddressClass> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        (0, ..) => AddressClass::Unspecified,
        (127, ..) => AddressClass::Loopback,
        (10, ..) | (172, 16..=31, _) | (192, 168, _) => AddressClass::Private,
        (169, 254, _) => AddressClass::LinkLocal,
        (100, 64..=127, _) => AddressClass::SharedCgnat,
        (224..=239, ..) => AddressClass::Multicast,
        _ if ip.is_broadcast() => AddressClass::Multicast,
        (192, 0, 0 | 2) | (198, 18 | 19, _) | (198, 51, 100) | (203, 0, 113) | (240..=255, ..) => {
            AddressClass::Reserved
        }
        _ => return None,
    })
}

fn classify_v6(ip: Ipv6Addr) -> Option<AddressClass> {
    let segments = ip.segments();
    let embedded_v4 = |high: u16, low: u16| Ipv4Addr::from((u32::from(high) << 16) | u32::from(low));
    if ip.is_unspecified() {
        return Some(AddressClass::Unspecified);
    }
    if ip.is_loopback() {
        return Some(AddressClass::Loopback);
    }
    // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible, deprecated), 64:ff9b::a.b.c.d (NAT64).
    if let Some(v4) = ip.to_ipv4_mapped() {
        return classify_v4(v4);
    }
    if segments[..6] == [0; 6] || segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return classify_v4(embedded_v4(segments[6], segments[7]));
    }
    // 2002:a.b.c.d::/48 (6to4).
    if segments[0] == 0x2002 {
        return classify_v4(embedded_v4(segments[1], segments[2]));
    }
    Some(match segments[0] {
        s if s & 0xfe00 == 0xfc00 => AddressClass::UniqueLocal,
        s if s & 0xffc0 == 0xfe80 => AddressClass::LinkLocal,
        s if s & 0xffc0 == 0xfec0 => AddressClass::Private,
        s if s & 0xff00 == 0xff00 => AddressClass::Multicast,
        0x2001 if segments[1] == 0x0db8 => AddressClass::Reserved,
        _ => return None,
    })
}

/// Why a fetch failed, for one URL. Displays as "URL: problem".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{url}: {problem}")]
pub struct FetchError {
    /// The address that was asked for (or the redirect that was refused).
    pub url: String,
    pub problem: FetchProblem,
}

/// What went wrong with a fetch. One plain sentence each.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FetchProblem {
    #[error("not a web address ({0})")]
    InvalidUrl(String),
    #[error("refused: only https addresses are fetched, and this one is {0}")]
    NotHttps(String),
    #[error("refused: {address} is {} (allow private network to reach it)", class.describe())]
    PrivateAddress { address: IpAddr, class: AddressClass },
    #[error("the host name could not be resolved ({0})")]
    Resolve(String),
    #[error(
        "the server's certificate is not trusted ({0}); a server with a certificate from your own organisation's \
         authority needs that authority's certificate added as trusted"
    )]
    UntrustedCertificate(String),
    #[error("the secure connection failed ({0})")]
    Tls(String),
    #[error("could not connect ({0})")]
    Connect(String),
    #[error("no complete answer within {0} seconds")]
    Timeout(u64),
    #[error("refused: the answer is larger than {} MiB", limit / (1024 * 1024))]
    TooLarge { limit: usize },
    #[error("refused: more than {0} redirects")]
    TooManyRedirects(usize),
    #[error("refused: redirected to {0}, which is not https")]
    RedirectNotHttps(String),
    #[error("refused: redirected to another host ({0}); a DID document is only taken from its own host")]
    RedirectToOtherHost(String),
    #[error("the server answered HTTP {0}")]
    Status(u16),
    #[error("{0}")]
    Other(String),
}

impl FetchError {
    fn new(url: impl Into<String>, problem: FetchProblem) -> Self {
        Self { url: url.into(), problem }
    }

    /// Whether the server answered 410 Gone (for an OB 2.0 hosted assertion: revoked).
    pub fn is_gone(&self) -> bool {
        self.problem == FetchProblem::Status(410)
    }
}

/// Which hosts a redirect may lead to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Redirects {
    /// Any https address (each hop checked like the first).
    AnyHost,
    /// Only the host (and port) first asked (did:web).
    SameHost,
}

/// A successful (2xx) answer.
#[derive(Debug, Clone)]
pub(crate) struct Fetched {
    /// The address that answered, after redirects.
    pub(crate) url: String,
    pub(crate) content_type: Option<String>,
    pub(crate) body: Vec<u8>,
}

/// The hardened client. Cheap to share between threads.
#[derive(Debug, Clone)]
pub(crate) struct HttpClient {
    client: reqwest::blocking::Client,
    allow_private_network: bool,
    total_timeout: Duration,
    max_body_bytes: usize,
}

/// Resolves host names with the system resolver and refuses the answer when any address
/// in it is not public (unless private networks are allowed), so the connection can only
/// go to an address that was checked.
#[derive(Debug)]
struct CheckedResolver {
    allow_private_network: bool,
}

/// A resolver refusal, found again in reqwest's error chain to word the error.
#[derive(Debug, thiserror::Error)]
enum ResolveRefusal {
    #[error("{address} is {}", class.describe())]
    Private { address: IpAddr, class: AddressClass },
    #[error("{0}")]
    Lookup(String),
}

impl Resolve for CheckedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        let allow = self.allow_private_network;
        Box::pin(async move {
            // The system resolver blocks: run it beside the client's runtime thread.
            let lookup = tokio::task::spawn_blocking(move || (host.as_str(), 0).to_socket_addrs());
            let addrs: Vec<SocketAddr> = match lookup.await {
                Ok(Ok(addrs)) => addrs.collect(),
                Ok(Err(e)) => return Err(Box::new(ResolveRefusal::Lookup(e.to_string())) as _),
                Err(e) => return Err(Box::new(ResolveRefusal::Lookup(e.to_string())) as _),
            };
            if addrs.is_empty() {
                return Err(Box::new(ResolveRefusal::Lookup("no address found".into())) as _);
            }
            if !allow {
                if let Some((address, class)) =
                    addrs.iter().find_map(|a| classify_address(a.ip()).map(|class| (a.ip(), class)))
                {
                    return Err(Box::new(ResolveRefusal::Private { address, class }) as _);
                }
            }
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

/// Reads the certificates of PEM files, each of which must hold at least one.
fn read_ca_certs(paths: &[PathBuf]) -> Result<Vec<CertificateDer<'static>>, String> {
    let mut certs = Vec::new();
    for path in paths {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let found = CertificateDer::pem_slice_iter(&bytes)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("{}: not a PEM certificate file ({e})", path.display()))?;
        if found.is_empty() {
            return Err(format!("{}: holds no PEM certificate (\"BEGIN CERTIFICATE\")", path.display()));
        }
        certs.extend(found);
    }
    Ok(certs)
}

impl HttpClient {
    /// A client for these settings. Fails when an extra CA file cannot be read or used.
    pub(crate) fn new(settings: &NetworkSettings) -> Result<Self, String> {
        let mut roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        let kept = settings.trusted_roots.iter().map(|der| CertificateDer::from(der.clone()));
        for cert in read_ca_certs(&settings.ca_certs)?.into_iter().chain(kept) {
            roots.add(cert).map_err(|e| format!("an extra CA certificate cannot be used: {e}"))?;
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("TLS setup: {e}"))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static(ACCEPTED));
        let agent = format!("Rosette/{}", env!("CARGO_PKG_VERSION"));
        headers.insert(USER_AGENT, HeaderValue::from_str(&agent).map_err(|e| e.to_string())?);
        let client = reqwest::blocking::Client::builder()
            .tls_backend_preconfigured(tls)
            .https_only(true)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(TOTAL_TIMEOUT)
            .default_headers(headers)
            .dns_resolver(Arc::new(CheckedResolver { allow_private_network: settings.allow_private_network }))
            .build()
            .map_err(|e| format!("the HTTP client could not be set up: {e}"))?;
        Ok(Self {
            client,
            allow_private_network: settings.allow_private_network,
            total_timeout: TOTAL_TIMEOUT,
            max_body_bytes: MAX_BODY_BYTES,
        })
    }

    #[cfg(test)]
    fn with_limits(mut self, total_timeout: Duration, max_body_bytes: usize) -> Self {
        self.total_timeout = total_timeout;
        self.max_body_bytes = max_body_bytes;
        self
    }

    /// GETs `url` under every rule above. A non-2xx answer is [`FetchProblem::Status`].
    pub(crate) fn get(&self, url: &str, redirects: Redirects) -> Result<Fetched, FetchError> {
        let deadline = Instant::now() + self.total_timeout;
        let first = self.check_url(url, url)?;
        let mut current = first.clone();
        for hop in 0..=MAX_REDIRECTS {
            let response = self.send(&current, deadline)?;
            let status = response.status();
            if status.is_redirection() {
                if hop == MAX_REDIRECTS {
                    return Err(FetchError::new(url, FetchProblem::TooManyRedirects(MAX_REDIRECTS)));
                }
                let location = response.headers().get(LOCATION).and_then(|v| v.to_str().ok()).ok_or_else(|| {
                    FetchError::new(current.as_str(), FetchProblem::Other("a redirect without a location".into()))
                })?;
                let next = current.join(location).map_err(|e| {
                    FetchError::new(current.as_str(), FetchProblem::InvalidUrl(format!("redirect to {location}: {e}")))
                })?;
                if next.scheme() != "https" {
                    return Err(FetchError::new(url, FetchProblem::RedirectNotHttps(next.to_string())));
                }
                if redirects == Redirects::SameHost
                    && (next.host_str() != first.host_str()
                        || next.port_or_known_default() != first.port_or_known_default())
                {
                    return Err(FetchError::new(url, FetchProblem::RedirectToOtherHost(next.to_string())));
                }
                current = self.check_url(url, next.as_str())?;
                continue;
            }
            if !status.is_success() {
                return Err(FetchError::new(current.as_str(), FetchProblem::Status(status.as_u16())));
            }
            let content_type = response.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
            let body = self.read_body(response, current.as_str(), deadline)?;
            return Ok(Fetched { url: current.to_string(), content_type, body });
        }
        Err(FetchError::new(url, FetchProblem::TooManyRedirects(MAX_REDIRECTS)))
    }

    /// Parses and checks one address: https, a host, and a public literal address.
    fn check_url(&self, asked: &str, url: &str) -> Result<url::Url, FetchError> {
        let parsed =
            url::Url::parse(url).map_err(|e| FetchError::new(asked, FetchProblem::InvalidUrl(e.to_string())))?;
        if parsed.scheme() != "https" {
            return Err(FetchError::new(asked, FetchProblem::NotHttps(format!("{}:", parsed.scheme()))));
        }
        let literal = match parsed.host() {
            None => return Err(FetchError::new(asked, FetchProblem::InvalidUrl("no host".into()))),
            Some(url::Host::Ipv4(v4)) => Some(IpAddr::V4(v4)),
            Some(url::Host::Ipv6(v6)) => Some(IpAddr::V6(v6)),
            Some(url::Host::Domain(_)) => None,
        };
        if let (Some(address), false) = (literal, self.allow_private_network) {
            if let Some(class) = classify_address(address) {
                return Err(FetchError::new(asked, FetchProblem::PrivateAddress { address, class }));
            }
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(FetchError::new(asked, FetchProblem::InvalidUrl("credentials in the address".into())));
        }
        Ok(parsed)
    }

    fn send(&self, url: &url::Url, deadline: Instant) -> Result<reqwest::blocking::Response, FetchError> {
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(FetchError::new(url.as_str(), FetchProblem::Timeout(self.total_timeout.as_secs())));
        }
        self.client
            .get(url.as_str())
            .timeout(remaining)
            .send()
            .map_err(|e| FetchError::new(url.as_str(), self.describe(&e)))
    }

    /// Reads the body as it arrives, stopping past the cap or the deadline.
    fn read_body(
        &self,
        mut response: reqwest::blocking::Response,
        url: &str,
        deadline: Instant,
    ) -> Result<Vec<u8>, FetchError> {
        let too_large = || FetchError::new(url, FetchProblem::TooLarge { limit: self.max_body_bytes });
        if response.content_length().is_some_and(|n| n > self.max_body_bytes as u64) {
            return Err(too_large());
        }
        let mut body = Vec::new();
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            if Instant::now() >= deadline {
                return Err(FetchError::new(url, FetchProblem::Timeout(self.total_timeout.as_secs())));
            }
            let n = match response.read(&mut chunk) {
                Ok(0) => return Ok(body),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                    return Err(FetchError::new(url, FetchProblem::Timeout(self.total_timeout.as_secs())))
                }
                Err(e) => return Err(FetchError::new(url, FetchProblem::Other(format!("the answer broke off ({e})")))),
            };
            if body.len() + n > self.max_body_bytes {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk[..n]);
        }
    }

    /// Words a reqwest error: the resolver's refusal, an untrusted certificate, a timeout.
    fn describe(&self, error: &reqwest::Error) -> FetchProblem {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
        while let Some(e) = source {
            if let Some(refusal) = e.downcast_ref::<ResolveRefusal>() {
                return match refusal {
                    ResolveRefusal::Private { address, class } => {
                        FetchProblem::PrivateAddress { address: *address, class: *class }
                    }
                    ResolveRefusal::Lookup(why) => FetchProblem::Resolve(why.clone()),
                };
            }
            if let Some(tls) = rustls_error(e) {
                return match tls {
                    rustls::Error::InvalidCertificate(why) => {
                        FetchProblem::UntrustedCertificate(certificate_problem(why))
                    }
                    other => FetchProblem::Tls(other.to_string()),
                };
            }
            source = e.source();
        }
        if error.is_timeout() {
            return FetchProblem::Timeout(self.total_timeout.as_secs());
        }
        let mut chain = Vec::new();
        let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(error);
        while let Some(e) = source {
            chain.push(e.to_string());
            source = e.source();
        }
        let detail = chain.last().cloned().unwrap_or_else(|| error.to_string());
        if error.is_connect() {
            FetchProblem::Connect(detail)
        } else {
            FetchProblem::Other(detail)
        }
    }
}

/// A certificate refusal in plain words.
fn certificate_problem(why: &rustls::CertificateError) -> String {
    match why {
        rustls::CertificateError::UnknownIssuer => "issued by an authority that is not trusted".into(),
        rustls::CertificateError::NotValidForName | rustls::CertificateError::NotValidForNameContext { .. } => {
            "issued for another name".into()
        }
        rustls::CertificateError::Expired | rustls::CertificateError::ExpiredContext { .. } => "expired".into(),
        rustls::CertificateError::Revoked => "revoked".into(),
        other => format!("{other:?}"),
    }
}

/// The TLS error in `error`, looking inside I/O errors (which may wrap one another and
/// hide their inner error from `source()`).
fn rustls_error<'a>(error: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    if let Some(tls) = error.downcast_ref::<rustls::Error>() {
        return Some(tls);
    }
    let inner = error.downcast_ref::<std::io::Error>()?.get_ref()?;
    rustls_error(inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    fn class(text: &str) -> Option<AddressClass> {
        classify_address(text.parse().unwrap())
    }

    #[test]
    fn ipv4_ranges_are_classified() {
        use AddressClass::*;
        for (ip, expected) in [
            ("0.0.0.0", Some(Unspecified)),
            ("0.1.2.3", Some(Unspecified)),
            ("127.0.0.1", Some(Loopback)),
            ("127.255.255.254", Some(Loopback)),
            ("10.0.0.1", Some(Private)),
            ("172.16.0.1", Some(Private)),
            ("172.31.255.255", Some(Private)),
            ("192.168.1.1", Some(Private)),
            ("169.254.169.254", Some(LinkLocal)),
            ("100.64.0.1", Some(SharedCgnat)),
            ("100.127.255.255", Some(SharedCgnat)),
            ("224.0.0.1", Some(Multicast)),
            ("239.255.255.250", Some(Multicast)),
            ("255.255.255.255", Some(Multicast)),
            ("240.0.0.1", Some(Reserved)),
            ("192.0.2.10", Some(Reserved)),
            ("198.18.0.1", Some(Reserved)),
            ("198.51.100.7", Some(Reserved)),
            ("203.0.113.9", Some(Reserved)),
            // Just outside the ranges: public.
            ("172.15.255.255", None),
            ("172.32.0.1", None),
            ("100.63.255.255", None),
            ("100.128.0.1", None),
            ("169.253.1.1", None),
            ("192.169.0.1", None),
            ("8.8.8.8", None),
            ("93.184.215.14", None),
        ] {
            assert_eq!(class(ip), expected, "{ip}");
        }
    }

    #[test]
    fn ipv6_ranges_are_classified_including_embedded_ipv4() {
        use AddressClass::*;
        for (ip, expected) in [
            ("::", Some(Unspecified)),
            ("::1", Some(Loopback)),
            ("fe80::1", Some(LinkLocal)),
            ("febf::1", Some(LinkLocal)),
            ("fc00::1", Some(UniqueLocal)),
            ("fd12:3456::1", Some(UniqueLocal)),
            ("fec0::1", Some(Private)),
            ("ff02::1", Some(Multicast)),
            ("2001:db8::1", Some(Reserved)),
            ("::ffff:127.0.0.1", Some(Loopback)),
            ("::ffff:10.1.2.3", Some(Private)),
            ("::ffff:169.254.1.1", Some(LinkLocal)),
            ("::127.0.0.1", Some(Loopback)),
            ("64:ff9b::192.168.0.1", Some(Private)),
            ("2002:7f00:1::1", Some(Loopback)),
            ("::ffff:8.8.8.8", None),
            ("64:ff9b::8.8.8.8", None),
            ("2606:4700::1111", None),
            ("2001:4860:4860::8888", None),
        ] {
            assert_eq!(class(ip), expected, "{ip}");
        }
    }

    #[test]
    fn refusals_read_plainly() {
        let e = FetchError::new(
            "https://x/y",
            FetchProblem::PrivateAddress { address: "127.0.0.1".parse().unwrap(), class: AddressClass::Loopback },
        );
        assert_eq!(
            e.to_string(),
            "https://x/y: refused: 127.0.0.1 is a loopback address (allow private network to reach it)"
        );
        let e = FetchError::new("https://x/y", FetchProblem::TooLarge { limit: MAX_BODY_BYTES });
        assert_eq!(e.to_string(), "https://x/y: refused: the answer is larger than 10 MiB");
        assert!(FetchError::new("u", FetchProblem::Status(410)).is_gone());
        assert!(!FetchError::new("u", FetchProblem::Status(404)).is_gone());
    }

    fn client(allow_private_network: bool) -> HttpClient {
        HttpClient::new(&NetworkSettings { allow_private_network, ..NetworkSettings::default() }).unwrap()
    }

    #[test]
    fn only_https_and_public_literals_are_fetched() {
        let c = client(false);
        let err = c.get("http://example.org/x", Redirects::AnyHost).unwrap_err();
        assert_eq!(err.problem, FetchProblem::NotHttps("http:".into()));
        let err = c.get("file:///etc/passwd", Redirects::AnyHost).unwrap_err();
        assert_eq!(err.problem, FetchProblem::NotHttps("file:".into()));
        for url in ["https://127.0.0.1/x", "https://[::1]/x", "https://[::ffff:10.0.0.1]/x", "https://0x7f.1/x"] {
            let err = c.get(url, Redirects::AnyHost).unwrap_err();
            assert!(matches!(err.problem, FetchProblem::PrivateAddress { .. }), "{url}: {err}");
        }
        // Host names are checked by the resolver, on the addresses they resolve to.
        let err = c.get("https://localhost:9/x", Redirects::AnyHost).unwrap_err();
        assert!(matches!(err.problem, FetchProblem::PrivateAddress { class: AddressClass::Loopback, .. }), "{err}");
        assert!(err.to_string().contains("is a loopback address (allow private network to reach it)"), "{err}");
    }

    #[test]
    fn ca_files_must_hold_certificates() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate").unwrap();
        let err =
            HttpClient::new(&NetworkSettings { ca_certs: vec![empty], ..NetworkSettings::default() }).unwrap_err();
        assert!(err.contains("holds no PEM certificate"), "{err}");
        let missing = dir.path().join("missing.pem");
        let err =
            HttpClient::new(&NetworkSettings { ca_certs: vec![missing], ..NetworkSettings::default() }).unwrap_err();
        assert!(err.contains("missing.pem"), "{err}");
    }

    #[test]
    fn a_server_that_never_answers_times_out() {
        // Accepts the connection and says nothing: the TLS handshake never completes.
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            let held = listener.accept().map(|(stream, _)| stream);
            std::thread::sleep(Duration::from_millis(1500));
            drop(held);
        });
        let c = client(true).with_limits(Duration::from_millis(300), MAX_BODY_BYTES);
        // Without the deadline the client would see the connection closed, not a timeout.
        let err = c.get(&format!("https://127.0.0.1:{port}/x"), Redirects::AnyHost).unwrap_err();
        assert!(matches!(err.problem, FetchProblem::Timeout(_)), "{err}");
        server.join().unwrap();
    }
}
