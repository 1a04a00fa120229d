//! A gateway started in-process on port 0 (embedded or proxy mode), and
//! grpc-web clients that reach it over HTTP/1.1 the way a browser does.

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use gateway::app::Embedded;
use gateway::{Backends, Gateway, Settings};
use http::{HeaderValue, Uri};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use portal_common::ManualClock;
use secrecy::SecretString;
use tokio::sync::oneshot;
use tonic::body::Body;
use tonic_web::{GrpcWebCall, GrpcWebClientLayer, GrpcWebClientService};

use crate::TestDatabase;

/// A grpc-web transport for the generated clients.
pub type WebTransport = Browser<GrpcWebClientService<Client<HttpConnector, GrpcWebCall<Body>>>>;

/// What a browser adds to the generated clients' calls: absolute URIs (the
/// HTTP/1.1 client needs them; generated clients send paths only), the
/// page's `Origin`, and a cookie jar holding the session cookie the gateway
/// sets. Clones share the jar, like tabs of one browser.
#[derive(Debug, Clone)]
pub struct Browser<S> {
    inner: S,
    origin: Uri,
    jar: Arc<Mutex<Option<String>>>,
}

impl<S> Browser<S> {
    /// The `name=value` of the session cookie the browser holds.
    pub fn session_cookie(&self) -> Option<String> {
        self.jar.lock().ok().and_then(|jar| jar.clone())
    }
}

impl<S, B, R> tower::Service<http::Request<B>> for Browser<S>
where
    S: tower::Service<http::Request<B>, Response = http::Response<R>>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<http::Response<R>, S::Error>> + Send>>;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: http::Request<B>) -> Self::Future {
        let mut parts = request.uri().clone().into_parts();
        parts.scheme = self.origin.scheme().cloned();
        parts.authority = self.origin.authority().cloned();
        if let Ok(uri) = Uri::from_parts(parts) {
            *request.uri_mut() = uri;
        }
        let origin = self.origin.to_string();
        if let Ok(value) = HeaderValue::from_str(origin.trim_end_matches('/')) {
            request.headers_mut().insert(http::header::ORIGIN, value);
        }
        let cookie = self.session_cookie();
        if let Some(value) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
            request.headers_mut().insert(http::header::COOKIE, value);
        }
        let jar = self.jar.clone();
        let future = self.inner.call(request);
        Box::pin(async move {
            let response = future.await?;
            for set in response.headers().get_all(http::header::SET_COOKIE) {
                let Some(pair) = set.to_str().ok().and_then(|s| s.split(';').next()) else {
                    continue;
                };
                let cleared = set.to_str().is_ok_and(|s| s.contains("Max-Age=0"));
                if let Ok(mut jar) = jar.lock() {
                    *jar = (!cleared).then(|| pair.trim().to_owned());
                }
            }
            Ok(response)
        })
    }
}

#[derive(Debug, Default)]
pub struct TestGatewayOptions {
    pub smtp_url: Option<String>,
    pub clock: Option<ManualClock>,
    pub rate_limit_per_minute: Option<u32>,
    pub upstream_timeout_ms: Option<u64>,
    pub allowed_origins: Option<String>,
    pub max_body_bytes: Option<usize>,
    /// `[connections]`; the defaults when `None`.
    pub connections: Option<portal_common::connections::ConnectionSettings>,
    /// `GATEWAY_TRUSTED_PROXIES`; nobody when `None`.
    pub trusted_proxies: Option<String>,
}

/// A running gateway; stops when dropped.
#[derive(Debug)]
pub struct TestGateway {
    pub addr: SocketAddr,
    pub embedded: Option<Embedded>,
    pub clock: ManualClock,
    _stop: oneshot::Sender<()>,
}

fn settings(options: &TestGatewayOptions) -> Settings {
    let defaults = Settings::default();
    Settings {
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        allowed_origins: options
            .allowed_origins
            .clone()
            .unwrap_or_else(|| "https://portal.example".into()),
        rate_limit_per_minute: options.rate_limit_per_minute.unwrap_or(1000),
        upstream_timeout_ms: options.upstream_timeout_ms.unwrap_or(3000),
        upstream_connect_timeout_ms: 500,
        max_body_bytes: options.max_body_bytes.unwrap_or(defaults.max_body_bytes),
        connections: options.connections.clone().unwrap_or_default(),
        trusted_proxies: options
            .trusted_proxies
            .as_deref()
            .map(portal_common::forwarding::TrustedProxies::parse)
            .transpose()
            .ok()
            .flatten()
            .unwrap_or_else(portal_common::forwarding::TrustedProxies::none),
        ..defaults
    }
}

impl TestGateway {
    /// Auth and support in-process, each on its own fresh database.
    pub async fn embedded(
        auth_db: &TestDatabase,
        support_db: &TestDatabase,
        options: TestGatewayOptions,
    ) -> anyhow::Result<Self> {
        portal_common::telemetry::init("warn");
        let clock = options.clock.clone().unwrap_or_default();
        let smtp = options.smtp_url.clone().map(SecretString::from);
        let auth_defaults = auth_service::Settings::default();
        let auth = auth_service::Settings {
            data_dir: auth_db.data_dir.path().to_path_buf(),
            database_url: auth_db.url_secret(),
            mail: auth_service::settings::MailSettings {
                smtp_url: smtp.clone(),
                poll_interval_ms: 50,
                ..auth_defaults.mail
            },
            hashing: auth_service::settings::HashingSettings {
                workers: 2,
                ..auth_defaults.hashing
            },
            ..auth_defaults
        };
        let support_defaults = support_service::Settings::default();
        let support = support_service::Settings {
            data_dir: support_db.data_dir.path().to_path_buf(),
            database_url: support_db.url_secret(),
            mail: support_service::settings::MailSettings {
                smtp_url: smtp,
                poll_interval_ms: 50,
                ..support_defaults.mail
            },
            session_cache_seconds: 1,
            ..support_defaults
        };
        let backends = Backends::Embedded {
            auth: Box::new(auth),
            support: Box::new(support),
            clock: Arc::new(clock.clone()),
        };
        Self::start(settings(&options), backends, clock).await
    }

    /// Proxying to running services.
    pub async fn proxy(
        auth_url: String,
        support_url: String,
        options: TestGatewayOptions,
    ) -> anyhow::Result<Self> {
        portal_common::telemetry::init("warn");
        let clock = options.clock.clone().unwrap_or_default();
        let backends = Backends::Remote {
            auth_url,
            support_url,
        };
        Self::start(settings(&options), backends, clock).await
    }

    async fn start(
        settings: Settings,
        backends: Backends,
        clock: ManualClock,
    ) -> anyhow::Result<Self> {
        let gateway = Gateway::build(settings, backends).await?;
        let addr = gateway.local_addr()?;
        let embedded = gateway.embedded().cloned();
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(gateway.run_until_stopped(async move {
            let _ = stopped.await;
        }));
        Ok(Self {
            addr,
            embedded,
            clock,
            _stop: stop,
        })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn origin(&self) -> anyhow::Result<Uri> {
        Ok(self.url().parse()?)
    }

    /// A grpc-web transport whose connections come from `local_ip` (any
    /// 127.x.y.z address), to act as different browsers. Each is a new
    /// browser with an empty cookie jar.
    pub fn web_from(&self, local_ip: IpAddr) -> WebTransport {
        let mut connector = HttpConnector::new();
        connector.set_local_address(Some(local_ip));
        let client = Client::builder(TokioExecutor::new()).build(connector);
        Browser {
            inner: tower::Layer::layer(&GrpcWebClientLayer::new(), client),
            origin: self.url().parse().unwrap_or_default(),
            jar: Arc::default(),
        }
    }

    pub fn web(&self) -> WebTransport {
        self.web_from(IpAddr::from([127, 0, 0, 1]))
    }

    /// Native gRPC over HTTP/2, same port.
    pub async fn channel(&self) -> anyhow::Result<tonic::transport::Channel> {
        Ok(tonic::transport::Channel::from_shared(self.url())?
            .connect()
            .await?)
    }
}
