//! Prometheus metrics, kept in fixed-size tables (routes are a fixed set,
//! statuses a small one), written in the text exposition format.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Latency histogram bounds, seconds.
const BUCKETS: [f64; 13] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The routes requests are counted under; anything else is "other".
pub(crate) const ROUTES: [&str; 8] = [
    "/v1/charts/{kind}",
    "/v1/render",
    "/healthz",
    "/readyz",
    "/metrics",
    "/openapi.json",
    "/docs",
    "other",
];

/// The route label of a request path.
pub(crate) fn route(path: &str) -> &'static str {
    if path.starts_with("/v1/charts/") {
        return ROUTES[0];
    }
    ROUTES[1..7]
        .iter()
        .find(|r| **r == path)
        .copied()
        .unwrap_or("other")
}

#[derive(Debug, Default)]
pub(crate) struct Metrics {
    /// (route, status) → count. At most 8 routes × the statuses used.
    requests: Mutex<BTreeMap<(&'static str, u16), u64>>,
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
    pub(crate) in_flight: AtomicUsize,
    pub(crate) connections: std::sync::Arc<crate::conn::ConnStats>,
}

impl Metrics {
    pub(crate) fn record(&self, route: &'static str, status: u16, seconds: f64) {
        if let Ok(mut r) = self.requests.lock() {
            *r.entry((route, status)).or_default() += 1;
        }
        for (i, b) in BUCKETS.iter().enumerate() {
            if seconds <= *b {
                self.buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_micros
            .fetch_add((seconds * 1e6) as u64, Ordering::Relaxed);
    }

    pub(crate) fn render(
        &self,
        queue_depth: usize,
        rendered: u64,
        logs_dropped: u64,
        body_bytes: usize,
    ) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP plotmill_http_requests_total HTTP requests by route and status."
        );
        let _ = writeln!(out, "# TYPE plotmill_http_requests_total counter");
        if let Ok(r) = self.requests.lock() {
            for ((route, status), n) in r.iter() {
                let _ = writeln!(
                    out,
                    "plotmill_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}"
                );
            }
        }
        let _ = writeln!(
            out,
            "# HELP plotmill_http_request_duration_seconds Time from request to response."
        );
        let _ = writeln!(
            out,
            "# TYPE plotmill_http_request_duration_seconds histogram"
        );
        for (b, n) in BUCKETS.iter().zip(&self.buckets) {
            let _ = writeln!(
                out,
                "plotmill_http_request_duration_seconds_bucket{{le=\"{b}\"}} {}",
                n.load(Ordering::Relaxed)
            );
        }
        let count = self.count.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "plotmill_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let _ = writeln!(
            out,
            "plotmill_http_request_duration_seconds_sum {}",
            self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6
        );
        let _ = writeln!(out, "plotmill_http_request_duration_seconds_count {count}");
        let gauges = [
            (
                "plotmill_http_in_flight",
                "Requests being served (their bodies in).",
                self.in_flight.load(Ordering::Relaxed) as f64,
            ),
            (
                "plotmill_http_connections_open",
                "TCP connections open.",
                self.connections.open.load(Ordering::Relaxed) as f64,
            ),
            (
                "plotmill_http_body_bytes_receiving",
                "Bytes held by request bodies still arriving.",
                body_bytes as f64,
            ),
            (
                "plotmill_render_queue_depth",
                "Renders queued or running.",
                queue_depth as f64,
            ),
        ];
        for (name, help, v) in gauges {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {v}");
        }
        let _ = writeln!(
            out,
            "# HELP plotmill_charts_rendered_total Charts drawn.\n# TYPE plotmill_charts_rendered_total counter\nplotmill_charts_rendered_total {rendered}"
        );
        let _ = writeln!(
            out,
            "# HELP plotmill_log_lines_dropped_total Log lines dropped because stderr was not read fast enough.\n# TYPE plotmill_log_lines_dropped_total counter\nplotmill_log_lines_dropped_total {logs_dropped}"
        );
        let _ = writeln!(
            out,
            "# HELP plotmill_http_connections_timed_out_total Connections closed for a slow request head or for moving no bytes.\n# TYPE plotmill_http_connections_timed_out_total counter"
        );
        for (phase, n) in [
            ("header", &self.connections.header_timeouts),
            ("idle", &self.connections.idle_timeouts),
        ] {
            let _ = writeln!(
                out,
                "plotmill_http_connections_timed_out_total{{phase=\"{phase}\"}} {}",
                n.load(Ordering::Relaxed)
            );
        }
        if let Some(rss) = rss_bytes() {
            let _ = writeln!(
                out,
                "# HELP process_resident_memory_bytes Resident memory.\n# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes {rss}"
            );
        }
        out
    }
}

fn rss_bytes() -> Option<u64> {
    plotmill_engine::proc::rss_bytes()
}
