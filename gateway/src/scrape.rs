//! `GET /metrics` on the gateway's port. It is answered in front of the
//! grpc-web translation, which would refuse a plain HTTP request.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use http::{Method, Request, Response};
use portal_common::metrics::Metrics;
use tonic::body::Body;
use tower::{Layer, Service};

#[derive(Debug, Clone)]
pub struct ScrapeLayer {
    metrics: Metrics,
}

impl ScrapeLayer {
    pub fn new(metrics: Metrics) -> Self {
        Self { metrics }
    }
}

impl<S> Layer<S> for ScrapeLayer {
    type Service = Scrape<S>;

    fn layer(&self, inner: S) -> Scrape<S> {
        Scrape {
            inner,
            metrics: self.metrics.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Scrape<S> {
    inner: S,
    metrics: Metrics,
}

impl<S, B> Service<Request<B>> for Scrape<S>
where
    S: Service<Request<B>, Response = Response<Body>>,
    S::Future: Send + 'static,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response<Body>, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        if request.method() == Method::GET && request.uri().path() == "/metrics" {
            let metrics = self.metrics.clone();
            return Box::pin(async move {
                let mut response = Response::new(Body::new(metrics.render().await));
                response.headers_mut().insert(
                    http::header::CONTENT_TYPE,
                    http::HeaderValue::from_static("text/plain; version=0.0.4"),
                );
                Ok(response)
            });
        }
        Box::pin(self.inner.call(request))
    }
}
