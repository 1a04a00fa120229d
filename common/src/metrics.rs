//! Prometheus metrics: calls by method and gRPC code, latency histograms,
//! and gauges read at scrape time (hashing queue depth, outbox backlog),
//! served as text on `GET /metrics`.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use http::{Request, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use tower::{Layer, Service};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CallLabels {
    method: String,
    code: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct MethodLabels {
    method: String,
}

type Reading = Pin<Box<dyn Future<Output = i64> + Send>>;
type Source = Arc<dyn Fn() -> Reading + Send + Sync>;

struct Inner {
    registry: Registry,
    calls: Family<CallLabels, Counter>,
    latency: Family<MethodLabels, Histogram>,
    gauges: Vec<(Gauge, Source)>,
}

/// The metrics of one process; cheap to clone.
#[derive(Clone)]
pub struct Metrics {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

/// Registers gauges before the metrics are shared.
pub struct MetricsBuilder {
    inner: Inner,
}

impl std::fmt::Debug for MetricsBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MetricsBuilder")
    }
}

impl MetricsBuilder {
    /// A gauge whose value is read from `source` at every scrape.
    pub fn gauge<F, Fut>(mut self, name: &str, help: &str, source: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = i64> + Send + 'static,
    {
        let gauge = Gauge::default();
        self.inner.registry.register(name, help, gauge.clone());
        let source: Source = Arc::new(move || Box::pin(source()));
        self.inner.gauges.push((gauge, source));
        self
    }

    pub fn build(self) -> Metrics {
        Metrics {
            inner: Arc::new(self.inner),
        }
    }
}

impl Metrics {
    pub fn builder() -> MetricsBuilder {
        let mut registry = Registry::default();
        let calls = Family::<CallLabels, Counter>::default();
        registry.register(
            "grpc_requests",
            "gRPC calls by method and status code",
            calls.clone(),
        );
        let latency = Family::<MethodLabels, Histogram>::new_with_constructor(|| {
            // 1 ms … ~16 s
            Histogram::new(exponential_buckets(0.001, 2.0, 15))
        });
        registry.register(
            "grpc_request_duration_seconds",
            "gRPC call latency by method",
            latency.clone(),
        );
        MetricsBuilder {
            inner: Inner {
                registry,
                calls,
                latency,
                gauges: Vec::new(),
            },
        }
    }

    /// The text exposition format, gauges freshly read.
    pub async fn render(&self) -> String {
        for (gauge, source) in &self.inner.gauges {
            gauge.set(source().await);
        }
        let mut text = String::new();
        if prometheus_client::encoding::text::encode(&mut text, &self.inner.registry).is_err() {
            text.clear();
        }
        text
    }

    /// Mounts `GET /metrics` on a service's router.
    pub fn mount(&self, router: axum::Router) -> axum::Router {
        let metrics = self.clone();
        router.route(
            "/metrics",
            axum::routing::get(move || {
                let metrics = metrics.clone();
                async move { metrics.render().await }
            }),
        )
    }

    pub fn layer(&self) -> MetricsLayer {
        MetricsLayer {
            metrics: self.clone(),
        }
    }

    fn record(&self, method: &str, code: &str, started: Instant) {
        self.inner
            .calls
            .get_or_create(&CallLabels {
                method: method.to_owned(),
                code: code.to_owned(),
            })
            .inc();
        self.inner
            .latency
            .get_or_create(&MethodLabels {
                method: method.to_owned(),
            })
            .observe(started.elapsed().as_secs_f64());
    }
}

/// Counts and times every call that passes through.
#[derive(Debug, Clone)]
pub struct MetricsLayer {
    metrics: Metrics,
}

impl<S> Layer<S> for MetricsLayer {
    type Service = Measured<S>;

    fn layer(&self, inner: S) -> Measured<S> {
        Measured {
            inner,
            metrics: self.metrics.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Measured<S> {
    inner: S,
    metrics: Metrics,
}

impl<S, B, ResBody> Service<Request<B>> for Measured<S>
where
    S: Service<Request<B>, Response = Response<ResBody>>,
    S::Future: Send + 'static,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response<ResBody>, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let path = request.uri().path().to_owned();
        let started = Instant::now();
        let metrics = self.metrics.clone();
        let future = self.inner.call(request);
        Box::pin(async move {
            let response = future.await?;
            // Unary errors come back trailers-only, so their code is in the
            // headers; a success carries it in the trailers (0).
            let code = response
                .headers()
                .get("grpc-status")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("0")
                .to_owned();
            // Unknown paths are one label, so scanners cannot grow the series.
            let method = if code == "12" || path.matches('/').count() != 2 {
                "unknown"
            } else {
                path.as_str()
            };
            if path != "/metrics" {
                metrics.record(method, &code, started);
            }
            Ok(response)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn renders_calls_latency_and_gauges() {
        let metrics = Metrics::builder()
            .gauge("queue_depth", "jobs waiting", || async { 7 })
            .build();
        metrics.record("/pkg.Service/Call", "0", Instant::now());
        let text = metrics.render().await;
        assert!(text.contains("queue_depth 7"), "{text}");
        assert!(
            text.contains("grpc_requests_total{method=\"/pkg.Service/Call\",code=\"0\"} 1"),
            "{text}"
        );
        assert!(
            text.contains("grpc_request_duration_seconds_bucket"),
            "{text}"
        );
    }
}
