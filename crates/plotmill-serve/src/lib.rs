//! plotmill's HTTP service: the chart service other programs call.
//!
//! axum on tokio for HTTP; rendering on a fixed pool of worker threads
//! behind a bounded queue ([`pool`]), never on the async runtime's threads.
//! Every limit has a default and a flag; every client mistake is a 4xx with
//! an RFC 9457 problem document that names the parameter, row or column;
//! output is deterministic, so responses carry an ETag from the hash of the
//! spec and the data, and `If-None-Match` gets a 304 without drawing.

#![warn(missing_docs)]

mod body;
mod conn;
mod metrics;
mod openapi;
mod params;
pub mod pool;
mod problem;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use plotmill_chart::ChartSpec;
use plotmill_engine::{Fault, InlineData};
use plotmill_render::Format as ImageFormat;
use serde::Deserialize;

pub use openapi::openapi;
pub use pool::{Data, Pool, Task};
pub use problem::Problem;

/// Per-request limits on data and images: the same [`Limits`] as every
/// front end's, from [`Limits::service`]'s defaults; `max_input_bytes` is
/// the body's (413 beyond), the others are 422.
pub use plotmill_engine::Limits;

/// The largest body, in bytes.
fn max_body(limits: &Limits) -> usize {
    usize::try_from(limits.max_input_bytes).unwrap_or(usize::MAX)
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Render worker threads.
    pub workers: usize,
    /// Renders that may wait for a worker; more get 503.
    pub queue: usize,
    /// Limits per request.
    pub limits: Limits,
    /// Longest wait for a render before 503.
    pub render_timeout: Duration,
    /// Longest time a request body may take to arrive before 408.
    pub body_timeout: Duration,
    /// Bytes that the bodies still arriving may hold together; a body that
    /// would go beyond gets 503.
    pub body_budget: usize,
    /// Longest time from a request's first byte to the end of its headers;
    /// the connection is closed beyond.
    pub header_timeout: Duration,
    /// Longest time a connection may move no bytes while no request of it
    /// is being served (before its first request, between keep-alive
    /// requests, or while the client does not read its response); closed
    /// beyond.
    pub idle_timeout: Duration,
    /// Requests served at once; more get 503.
    pub max_connections: usize,
    /// After a shutdown signal, how long in-flight requests may take.
    pub drain_timeout: Duration,
    /// A bearer token every request but /healthz and /readyz must carry.
    pub auth_token: Option<String>,
    /// Extra font files for the workers.
    pub font_files: Vec<std::path::PathBuf>,
    /// The process's count of log lines dropped because nobody read them
    /// (a non-blocking logger's), shown as
    /// `plotmill_log_lines_dropped_total`. Default: none (shown as 0).
    pub log_lines_dropped: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        ServeOptions {
            workers,
            queue: 64,
            limits: Limits::service(),
            render_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(30),
            body_budget: 256 << 20,
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_connections: 256,
            drain_timeout: Duration::from_secs(10),
            auth_token: None,
            font_files: Vec::new(),
            log_lines_dropped: None,
        }
    }
}

/// Shared state of the handlers.
#[derive(Debug)]
struct App {
    pool: Pool,
    options: ServeOptions,
    metrics: metrics::Metrics,
    draining: AtomicBool,
    /// Bytes of bodies still arriving.
    bodies: body::Budget,
    next_id: AtomicU64,
    started: Instant,
}

/// The service's routes, with their state and middleware.
fn router(app: Arc<App>) -> Router {
    let max_body = max_body(&app.options.limits);
    Router::new()
        .route("/v1/charts/{kind}", post(chart))
        .route("/v1/render", post(render))
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(ready))
        .route("/metrics", get(metrics_text))
        .route("/openapi.json", get(openapi_json))
        .route("/docs", get(docs))
        .fallback(|| async {
            Problem::new(
                StatusCode::NOT_FOUND,
                "no such route; see /docs and /openapi.json",
            )
        })
        .method_not_allowed_fallback(|| async {
            Problem::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "this route does not take that method; see /docs",
            )
        })
        .layer(DefaultBodyLimit::max(max_body))
        .layer(middleware::from_fn_with_state(Arc::clone(&app), around))
        .with_state(app)
}

/// Serves on `listener` until `shutdown` completes, then drains: stops
/// accepting, lets requests in flight finish for up to the drain timeout,
/// and returns.
pub async fn serve(
    listener: tokio::net::TcpListener,
    options: ServeOptions,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let pool = Pool::start(
        options.workers,
        options.queue,
        options.limits.clone(),
        options.font_files.clone(),
    )?;
    let drain = options.drain_timeout;
    let body_budget = options.body_budget;
    let app = Arc::new(App {
        pool,
        options,
        metrics: metrics::Metrics::default(),
        draining: AtomicBool::new(false),
        bodies: body::Budget::new(body_budget),
        next_id: AtomicU64::new(0),
        started: Instant::now(),
    });
    let timeouts = conn::Timeouts {
        header: app.options.header_timeout,
        idle: app.options.idle_timeout,
    };
    let router = router(Arc::clone(&app));
    // `stop` tells every connection to finish its request and close; the
    // connections hold `alive`'s receivers, so its `closed()` is "all gone".
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let (alive_tx, alive_rx) = tokio::sync::watch::channel(());
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        match accepted {
            Ok((tcp, _peer)) => {
                let (router, stop, alive) = (router.clone(), stop_rx.clone(), alive_rx.clone());
                let stats = Arc::clone(&app.metrics.connections);
                tokio::spawn(async move {
                    conn::serve_connection(tcp, router, timeouts, stats, stop).await;
                    drop(alive);
                });
            }
            Err(e) => accept_failed(&e).await,
        }
    }
    drop(listener);
    app.draining.store(true, Ordering::SeqCst);
    tracing::info!("shutting down: no new connections, draining requests in flight");
    let _ = stop_tx.send(true);
    drop(alive_rx);
    if tokio::time::timeout(drain, alive_tx.closed())
        .await
        .is_err()
    {
        tracing::warn!("drain timeout: closing with requests still in flight");
    }
    Ok(())
}

/// After a failed `accept`: a connection that died in the backlog is
/// nothing; out of file descriptors or memory, wait a moment rather than
/// spin (the connections open now will close and free some).
async fn accept_failed(e: &std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %e, "accepting a connection failed; retrying in 100 ms");
    tokio::time::sleep(Duration::from_millis(100)).await;
}

/// The request with its whole body read, within the body timeout, the body
/// limit and the budget of all bodies arriving (the handlers take the body
/// whole anyway): a client that stalls mid-body gets 408 instead of holding
/// memory for minutes.
async fn read_body(request: Request, app: &App) -> Result<Request, Problem> {
    let options = &app.options;
    let has_body = request.headers().contains_key(header::TRANSFER_ENCODING)
        || request
            .headers()
            .get(header::CONTENT_LENGTH)
            .is_some_and(|v| v.as_bytes() != b"0");
    if !has_body {
        return Ok(request);
    }
    let (parts, body) = request.into_parts();
    let receive = body::receive(body, max_body(&options.limits), &app.bodies);
    match tokio::time::timeout(options.body_timeout, receive).await {
        Ok(Ok(bytes)) => Ok(Request::from_parts(parts, axum::body::Body::from(bytes))),
        Ok(Err(problem)) => Err(problem),
        Err(_) => Err(Problem::new(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "the body did not arrive within {} s; send it whole, or raise --body-timeout",
                options.body_timeout.as_secs_f64()
            ),
        )),
    }
}

/// Request id, auth, the connection limit, metrics and the access log.
async fn around(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = metrics::route(request.uri().path());
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        })
        .map(str::to_owned)
        .unwrap_or_else(|| {
            let n = app.next_id.fetch_add(1, Ordering::Relaxed);
            format!("{:08x}-{n:08x}", app.started.elapsed().as_micros() as u32)
        });
    let method = request.method().clone();
    let open = matches!(route, "/healthz" | "/readyz");
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let max_body = max_body(&app.options.limits);
    let mut response = if let Some(length) = declared.filter(|&n| n > max_body as u64) {
        // Refused before a byte of the body is read.
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the body is {length} bytes, larger than this server's limit of {max_body} bytes"
            ),
        )
        .into_response()
    } else if let Some(token) = app.options.auth_token.as_deref().filter(|_| !open)
        && !authorized(request.headers(), token)
    {
        let mut r = Problem::new(
            StatusCode::UNAUTHORIZED,
            "a valid 'Authorization: Bearer <token>' header is required",
        )
        .into_response();
        r.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        r
    } else {
        match read_body(request, &app).await {
            Err(problem) => problem.into_response(),
            // Only now, its body in, does the request take a place.
            Ok(request) => {
                let place = InFlight::enter(&app.metrics.in_flight);
                if place.count > app.options.max_connections && !open {
                    Problem::unavailable(
                        format!(
                            "the server is serving its limit of {} requests; retry shortly",
                            app.options.max_connections
                        ),
                        1,
                    )
                    .into_response()
                } else {
                    next.run(request).await
                }
            }
        }
    };
    if let Ok(v) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", v);
    }
    let status = response.status().as_u16();
    let seconds = started.elapsed().as_secs_f64();
    app.metrics.record(route, status, seconds);
    // Milliseconds to two decimals: 2.51, not 2.5112490000000003.
    let ms = (seconds * 1e5).round() / 100.0;
    tracing::info!(request_id = %id, %method, route, status, ms, "request");
    response
}

/// A place among the requests in flight, left when dropped (also when the
/// client goes away and the request's future is dropped mid-way).
struct InFlight<'a> {
    counter: &'a std::sync::atomic::AtomicUsize,
    /// Requests in flight with this one.
    count: usize,
}

impl<'a> InFlight<'a> {
    fn enter(counter: &'a std::sync::atomic::AtomicUsize) -> Self {
        let count = counter.fetch_add(1, Ordering::SeqCst) + 1;
        InFlight { counter, count }
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.counter.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Compares the bearer token in constant time (for tokens of equal length;
/// the length itself is not secret).
fn authorized(headers: &HeaderMap, token: &str) -> bool {
    let Some(given) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return false;
    };
    let (a, b) = (given.as_bytes(), token.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn ready(State(app): State<Arc<App>>) -> Response {
    if app.draining.load(Ordering::SeqCst) {
        return Problem::unavailable("draining for shutdown", 5).into_response();
    }
    if app.pool.saturated() {
        return Problem::unavailable("the render queue is full", 1).into_response();
    }
    // Requests in flight besides this one: at the limit, a new request
    // would get 503, so a load balancer should send it elsewhere.
    let others = app
        .metrics
        .in_flight
        .load(Ordering::SeqCst)
        .saturating_sub(1);
    if others >= app.options.max_connections {
        return Problem::unavailable(
            format!(
                "serving its limit of {} requests",
                app.options.max_connections
            ),
            1,
        )
        .into_response();
    }
    "ready\n".into_response()
}

async fn metrics_text(State(app): State<Arc<App>>) -> Response {
    let text = app.metrics.render(
        app.pool.depth(),
        app.pool.rendered(),
        app.options
            .log_lines_dropped
            .as_ref()
            .map_or(0, |d| d.load(Ordering::Relaxed)),
        app.bodies.held(),
    );
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text).into_response()
}

async fn openapi_json() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::to_string_pretty(&openapi()).unwrap_or_default(),
    )
        .into_response()
}

async fn docs() -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        openapi::DOCS_HTML,
    )
        .into_response()
}

/// `POST /v1/charts/{kind}`: the data as the body, options as the query.
async fn chart(
    State(app): State<Arc<App>>,
    Path(kind): Path<String>,
    query: Result<Query<Vec<(String, String)>>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    if ChartSpec::from_kind(&kind).is_none() {
        return Problem::new(
            StatusCode::NOT_FOUND,
            format!(
                "no chart kind '{kind}'; the kinds are {}",
                ChartSpec::kinds_text()
            ),
        )
        .into_response();
    }
    let body = match body {
        Ok(b) => b,
        Err(e) => return body_problem(&e, max_body(&app.options.limits)).into_response(),
    };
    let Query(pairs) = match query {
        Ok(q) => q,
        Err(e) => return Problem::bad_request(format!("the query string: {e}")).into_response(),
    };
    let mut spec = match params::spec_from_query(&kind, &pairs) {
        Ok(s) => s,
        Err(e) => return Problem::bad_request(e).of(Fault::Request).into_response(),
    };
    // Before the body is read as data or anything is queued.
    if let Err(e) = spec.validate() {
        return Problem::unprocessable(e.describe(&|f| format!("parameter '{f}'")))
            .at(e.field().map(str::to_owned))
            .of(Fault::Spec)
            .into_response();
    }
    if !pairs.iter().any(|(k, _)| k == "format") {
        set_format(&mut spec, accepted(&headers));
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let data = match content_type.as_str() {
        "text/csv" | "text/plain" | "application/csv" => Data::Csv(body.to_vec()),
        "application/json" => match serde_json::from_slice::<InlineData>(&body) {
            Ok(c) => Data::Columns(c),
            Err(e) => {
                return Problem::bad_request(format!(
                    "the JSON body: {e}; send {{\"columns\": {{\"name\": [values, ...]}}}}"
                ))
                .into_response();
            }
        },
        other => {
            return Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "Content-Type '{other}' is not data plotmill reads; send text/csv or application/json (curl: -H 'Content-Type: text/csv')"
                ),
            )
            .into_response();
        }
    };
    draw(&app, spec, data, &body, &headers).await
}

/// The body of `POST /v1/render`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RenderRequest {
    /// The chart.
    pub chart: ChartSpec,
    /// Its data.
    pub data: RenderData,
}

/// The data of a render request: exactly one of its fields.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RenderData {
    /// Columns: name → values (numbers, true/false, strings, null).
    #[schemars(with = "Option<std::collections::BTreeMap<String, Vec<serde_json::Value>>>")]
    pub columns: Option<serde_json::Map<String, serde_json::Value>>,
    /// A CSV document.
    pub csv: Option<String>,
}

/// `POST /v1/render`: a full ChartSpec with its data, in JSON.
async fn render(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(b) => b,
        Err(e) => return body_problem(&e, max_body(&app.options.limits)).into_response(),
    };
    let value: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => {
            return Problem::bad_request(format!("the request body is not JSON: {e}"))
                .into_response();
        }
    };
    let format_given = value.get("chart").and_then(|c| c.get("format")).is_some();
    let request: RenderRequest = match serde_path_to_error::deserialize(value) {
        Ok(r) => r,
        Err(e) => {
            let path = e.path().to_string();
            let message = plotmill_chart::describe_spec_error(&path, &e.into_inner().to_string());
            return Problem::bad_request(format!("the request body: {message}"))
                .of(Fault::Request)
                .into_response();
        }
    };
    let mut request = request;
    if let Err(e) = request.chart.validate() {
        return Problem::unprocessable(format!(
            "the request body: {}",
            e.describe(&|f| format!("chart.{f}"))
        ))
        .at(e.field().map(|f| format!("/chart/{f}")))
        .of(Fault::Spec)
        .into_response();
    }
    if !format_given {
        set_format(&mut request.chart, accepted(&headers));
    }
    let data = match (request.data.columns, request.data.csv) {
        (Some(columns), None) => Data::Columns(InlineData { columns }),
        (None, Some(csv)) => Data::Csv(csv.into_bytes()),
        _ => {
            return Problem::bad_request("data: give exactly one of \"columns\" and \"csv\"")
                .into_response();
        }
    };
    draw(&app, request.chart, data, &body, &headers).await
}

fn body_problem(e: &BytesRejection, max: usize) -> Problem {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the body is larger than this server's limit of {max} bytes"),
        )
    } else {
        Problem::bad_request(format!("the body could not be read: {e}"))
    }
}

/// The format an `Accept` header asks for, if it names one.
fn accepted(headers: &HeaderMap) -> Option<ImageFormat> {
    let accept = headers.get(header::ACCEPT)?.to_str().ok()?;
    if accept.contains("image/svg+xml") {
        Some(ImageFormat::Svg)
    } else if accept.contains("application/pdf") {
        Some(ImageFormat::Pdf)
    } else if accept.contains("image/png") {
        Some(ImageFormat::Png)
    } else {
        None
    }
}

fn set_format(spec: &mut ChartSpec, format: Option<ImageFormat>) {
    if let Some(f) = format {
        spec.output.format = f;
    }
}

/// Queues the render (or answers 304 / 503), and waits for it.
async fn draw(
    app: &App,
    spec: ChartSpec,
    data: Data,
    body: &[u8],
    headers: &HeaderMap,
) -> Response {
    let etag = etag(&spec, body);
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
    {
        let mut r = StatusCode::NOT_MODIFIED.into_response();
        if let Ok(v) = HeaderValue::from_str(&etag) {
            r.headers_mut().insert(header::ETAG, v);
        }
        return r;
    }
    let content_type = match spec.output.format {
        ImageFormat::Png => "image/png",
        ImageFormat::Svg => "image/svg+xml",
        ImageFormat::Pdf => "application/pdf",
    };
    let (reply, wait) = tokio::sync::oneshot::channel();
    if app.pool.submit(Task { spec, data, reply }).is_err() {
        return Problem::unavailable(
            format!(
                "all {} render slots are taken; retry shortly",
                app.pool.capacity()
            ),
            1,
        )
        .into_response();
    }
    match tokio::time::timeout(app.options.render_timeout, wait).await {
        Ok(Ok(Ok(bytes))) => {
            let mut r = ([(header::CONTENT_TYPE, content_type)], bytes).into_response();
            if let Ok(v) = HeaderValue::from_str(&etag) {
                r.headers_mut().insert(header::ETAG, v);
            }
            r
        }
        Ok(Ok(Err(problem))) => problem.into_response(),
        Ok(Err(_)) => Problem::unavailable("the renderer stopped; retry", 1).into_response(),
        Err(_) => Problem::unavailable(
            format!(
                "the chart took longer than this server's limit of {:?}",
                app.options.render_timeout
            ),
            1,
        )
        .into_response(),
    }
}

/// A strong validator: FNV-1a 64 of the spec (as JSON, format included)
/// and the data bytes. Output is deterministic, so equal tags mean equal
/// bytes.
fn etag(spec: &ChartSpec, body: &[u8]) -> String {
    let spec = serde_json::to_vec(spec).unwrap_or_default();
    let mut h = plotmill_engine::hash(&spec);
    for &b in body {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("\"{h:016x}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_tokens_compare_whole() {
        let mut h = HeaderMap::new();
        assert!(!authorized(&h, "s3cret"));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer s3cret"),
        );
        assert!(authorized(&h, "s3cret"));
        assert!(!authorized(&h, "s3cre"));
        assert!(!authorized(&h, "s3creT"));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Basic s3cret"),
        );
        assert!(!authorized(&h, "s3cret"));
    }
}
