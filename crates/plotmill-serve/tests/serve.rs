//! The real server on an ephemeral port: every route, every error status,
//! the limits, the drain, and a short fuzz of the HTTP surface.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use plotmill_serve::{Limits, ServeOptions, openapi, serve};

const SEED: &str = include_str!("../../../examples/data/seed_4x8.csv");

/// A server in the background; dropping the handle shuts it down.
struct Server {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl Server {
    fn start(options: ServeOptions) -> Server {
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()?;
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
                addr_tx.send(listener.local_addr()?).ok();
                serve(listener, options, async {
                    let _ = stopped.await;
                })
                .await
            })
        });
        let addr = addr_rx
            .recv_timeout(Duration::from_secs(10))
            .expect("server started");
        Server {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// Shuts down and waits for the server to return.
    fn shutdown(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            t.join().unwrap().unwrap();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

/// A response: status, headers (lower-case names) and body.
#[derive(Debug)]
struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn problem(&self) -> serde_json::Value {
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "{self:?}"
        );
        let v: serde_json::Value = serde_json::from_slice(&self.body).unwrap();
        assert_eq!(v["status"].as_u64(), Some(u64::from(self.status)));
        v
    }
}

/// One HTTP/1.1 request on its own connection.
fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    parse(&raw)
}

fn parse(raw: &[u8]) -> Resp {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a whole response");
    let head = String::from_utf8_lossy(&raw[..end]);
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v == "chunked")
    {
        body = dechunk(&body);
    }
    Resp {
        status,
        headers,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let n = usize::from_str_radix(std::str::from_utf8(&b[..eol]).unwrap().trim(), 16).unwrap();
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + n]);
        b = &b[eol + 2 + n + 2..];
    }
}

fn csv(addr: SocketAddr, path: &str) -> Resp {
    request(
        addr,
        "POST",
        path,
        &[("Content-Type", "text/csv")],
        SEED.as_bytes(),
    )
}

fn options() -> ServeOptions {
    ServeOptions {
        workers: 2,
        ..ServeOptions::default()
    }
}

#[test]
fn charts_come_back_as_the_cli_draws_them() {
    let server = Server::start(options());
    let r = csv(server.addr, "/v1/charts/heatmap");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("image/png"));
    // The same bytes as `plotmill heatmap` (the spec's defaults, via the
    // batch renderer the CLI uses too).
    let table = plotmill_data::read_csv_bytes(
        SEED.as_bytes(),
        plotmill_data::Origin::Memory,
        &Default::default(),
    )
    .unwrap()
    .table;
    let mut want = Vec::new();
    plotmill_engine::Renderer::new(plotmill_text::FontBook::new(), Limits::default())
        .render(
            &plotmill_chart::ChartSpec::from(plotmill_chart::HeatmapOptions::default()),
            &table,
            &mut want,
        )
        .unwrap();
    assert!(r.body == want, "served bytes differ from the renderer's");
    let etag = r.header("etag").unwrap().to_owned();
    assert!(r.header("x-request-id").is_some());

    // Same request, same tag; If-None-Match gets 304 without a body.
    let again = request(
        server.addr,
        "POST",
        "/v1/charts/heatmap",
        &[("Content-Type", "text/csv"), ("If-None-Match", &etag)],
        SEED.as_bytes(),
    );
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    // Options change the tag.
    let spearman = csv(
        server.addr,
        "/v1/charts/heatmap?method=spearman&fmt=.2f&figsize=4x3&dpi=50",
    );
    assert_eq!(spearman.status, 200, "{}", spearman.text());
    assert_ne!(spearman.header("etag").unwrap(), etag);
    let png = png::Decoder::new(std::io::Cursor::new(&spearman.body))
        .read_info()
        .unwrap();
    assert_eq!((png.info().width, png.info().height), (200, 150));

    // SVG from format= or from Accept.
    let svg = csv(server.addr, "/v1/charts/scatter-matrix?format=svg");
    assert_eq!(
        (svg.status, svg.header("content-type")),
        (200, Some("image/svg+xml"))
    );
    let svg = request(
        server.addr,
        "POST",
        "/v1/charts/scatter-matrix",
        &[("Content-Type", "text/csv"), ("Accept", "image/svg+xml")],
        SEED.as_bytes(),
    );
    assert!(
        svg.text().starts_with("<svg") || svg.text().starts_with("<?xml"),
        "{}",
        svg.text()
    );

    // PDF from format= or from Accept: the renderer's bytes.
    let pdf = csv(server.addr, "/v1/charts/heatmap?format=pdf");
    assert_eq!(
        (pdf.status, pdf.header("content-type")),
        (200, Some("application/pdf"))
    );
    let mut spec = plotmill_chart::ChartSpec::from(plotmill_chart::HeatmapOptions::default());
    spec.output.format = plotmill_scene::Format::Pdf;
    let mut want = Vec::new();
    plotmill_engine::Renderer::new(plotmill_text::FontBook::new(), Limits::default())
        .render(&spec, &table, &mut want)
        .unwrap();
    assert!(pdf.body == want, "served PDF differs from the renderer's");
    let accepted = request(
        server.addr,
        "POST",
        "/v1/charts/heatmap",
        &[("Content-Type", "text/csv"), ("Accept", "application/pdf")],
        SEED.as_bytes(),
    );
    assert!(accepted.body == want, "PDF by Accept differs");

    // JSON columns, and /v1/render with a full spec.
    let cols =
        br#"{"columns": {"x": [1, 2, 3, 4], "y": [2, 1, 4, 3], "ok": [true, false, true, true]}}"#;
    let r = request(
        server.addr,
        "POST",
        "/v1/charts/heatmap",
        &[("Content-Type", "application/json")],
        cols,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let body = br#"{"chart": {"kind": "heatmap", "cmap": "vlag", "mask": "upper"}, "data": {"csv": "a,b,c\n1,2,3\n2,1,5\n3,5,4\n"}}"#;
    let r = request(
        server.addr,
        "POST",
        "/v1/render",
        &[
            ("Content-Type", "application/json"),
            ("Accept", "image/svg+xml"),
        ],
        body,
    );
    assert_eq!(
        (r.status, r.header("content-type")),
        (200, Some("image/svg+xml")),
        "{}",
        r.text()
    );
    server.shutdown();
}

#[test]
fn every_client_mistake_is_a_4xx_problem_naming_the_fault() {
    let limits = Limits {
        max_input_bytes: 4096,
        max_rows: 50,
        max_columns: 6,
        max_pixels: 1_000_000,
        max_label_chars: 40,
        max_vector_markers: 100,
    };
    let server = Server::start(ServeOptions {
        limits,
        ..options()
    });
    let a = server.addr;
    let cases: Vec<(Resp, u16, &str)> = vec![
        (csv(a, "/v1/charts/heatmap?cmapp=vlag"), 400, "unknown parameter 'cmapp'"),
        (csv(a, "/v1/charts/heatmap?dpi=lots"), 400, "parameter 'dpi': 'lots' is not a number"),
        (request(a, "POST", "/v1/charts/heatmap?cmap=nope", &[("Content-Type", "text/csv")], b"a,b\n1,2\n2,1\n"), 422, "unknown colormap 'nope'"),
        (csv(a, "/v1/charts/pie"), 404, "no chart kind 'pie'"),
        (request(a, "GET", "/nowhere", &[], b""), 404, "no such route"),
        (request(a, "GET", "/v1/render", &[], b""), 405, "does not take that method"),
        (request(a, "POST", "/v1/charts/heatmap", &[("Content-Type", "application/x-www-form-urlencoded")], SEED.as_bytes()), 415, "text/csv"),
        (request(a, "POST", "/v1/charts/heatmap", &[("Content-Type", "text/csv")], b"a,b\n1,2\n3\n"), 422, "line 3: expected 2 field(s)"),
        (request(a, "POST", "/v1/charts/heatmap", &[("Content-Type", "text/csv")], b""), 422, "the CSV body"),
        (request(a, "POST", "/v1/charts/heatmap", &[("Content-Type", "text/csv")], b"a,b\nx,y\n"), 422, "no numeric column"),
        (request(a, "POST", "/v1/charts/heatmap", &[("Content-Type", "text/csv")], &vec![b'1'; 5000]), 413, "limit of 4096 bytes"),
        (request(a, "POST", "/v1/charts/heatmap", &[("Content-Type", "text/csv")], format!("a,b\n{}", "1,2\n".repeat(60)).as_bytes()), 422, "60 rows, more than this server's limit of 50"),
        (csv(a, "/v1/charts/heatmap"), 422, "8 numeric columns, more than this server's limit of 6 (max_columns)"),
        (request(a, "POST", "/v1/charts/heatmap", &[("Content-Type", "text/csv")], format!("{},b\n1,2\n2,1\n", "n".repeat(50)).as_bytes()), 422, "the data has 50 characters in the label 'nnnnnnnnnnnnnnnnnnnnnnnn…', more than this server's limit of 40 (max_label_chars)"),
        (request(a, "POST", "/v1/charts/scatter-matrix?format=svg", &[("Content-Type", "text/csv")], format!("a,b\n{}", "1,2\n".repeat(30)).as_bytes()), 422, "the SVG would hold 120 markers"),
        (request(a, "POST", "/v1/charts/heatmap?figsize=100x100", &[("Content-Type", "text/csv")], b"a,b\n1,2\n2,1\n"), 422, "pixels, more than the limit"),
        (request(a, "POST", "/v1/charts/heatmap", &[("Content-Type", "application/json")], b"{\"cols\": {}}"), 400, "the JSON body"),
        (request(a, "POST", "/v1/render", &[("Content-Type", "application/json")], b"{\"chart\": {\"kind\": \"heatmap\", \"cmapp\": 1}, \"data\": {\"csv\": \"a\\n1\\n\"}}"), 400, "the request body: chart: 'cmapp' is not one of "),
        (request(a, "POST", "/v1/charts/heatmap?method=spearmann", &[("Content-Type", "text/csv")], SEED.as_bytes()), 400, "parameter 'method': 'spearmann' is not one of pearson, spearman, kendall; did you mean 'spearman'?"),
        (request(a, "POST", "/v1/render", &[("Content-Type", "application/json")], b"{\"chart\": {\"kind\": \"heatmap\"}, \"data\": {}}"), 400, "exactly one of"),
        (request(a, "POST", "/v1/render", &[("Content-Type", "application/json")], b"not json"), 400, "not JSON"),
    ];
    // Values no data can make drawable: 422 before anything is queued,
    // naming the field as each kind of request spells it.
    let render = |chart: &str| {
        let body = format!("{{\"chart\": {chart}, \"data\": {{\"csv\": \"a,b\\n1,2\\n2,1\\n\"}}}}");
        request(
            a,
            "POST",
            "/v1/render",
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        )
    };
    let query = |q: &str| {
        request(
            a,
            "POST",
            &format!("/v1/charts/heatmap?{q}"),
            &[("Content-Type", "text/csv")],
            b"a,b\n1,2\n2,1\n",
        )
    };
    let cases: Vec<(Resp, u16, &str)> = cases
        .into_iter()
        .chain([
            (
                render(r#"{"kind": "heatmap", "figsize": [0, 0]}"#),
                422,
                "the request body: chart.figsize: [0, 0] is not a figure size",
            ),
            (
                render(r#"{"kind": "heatmap", "figsize": [-8, 6]}"#),
                422,
                "the request body: chart.figsize: [-8, 6] is not a figure size",
            ),
            (
                render(r#"{"kind": "scatter-matrix", "figsize": [2000, 1]}"#),
                422,
                "the request body: chart.figsize: [2000, 1] is not a figure size",
            ),
            (
                render(r#"{"kind": "heatmap", "dpi": 1e-300}"#),
                422,
                "the request body: chart.dpi: 1e-300 is not a resolution",
            ),
            (
                render(r#"{"kind": "heatmap", "linewidths": -1}"#),
                422,
                "the request body: chart.linewidths: -1 is not a line width",
            ),
            (
                render(r#"{"kind": "heatmap", "vmin": 1, "vmax": -1}"#),
                422,
                "the request body: chart.vmin: 1 is above vmax -1",
            ),
            (
                query("figsize=0x0"),
                422,
                "parameter 'figsize': [0, 0] is not a figure size",
            ),
            (
                query("figsize=2000x1"),
                422,
                "parameter 'figsize': [2000, 1] is not a figure size",
            ),
            (
                query("dpi=1e-300"),
                422,
                "parameter 'dpi': 1e-300 is not a resolution",
            ),
            (
                query("linewidths=-1"),
                422,
                "parameter 'linewidths': -1 is not a line width",
            ),
            (
                query("vmin=1&vmax=-1"),
                422,
                "parameter 'vmin': 1 is above vmax -1",
            ),
        ])
        .collect();
    for (r, status, detail) in cases {
        assert_eq!(r.status, status, "{}", r.text());
        let p = r.problem();
        assert!(
            p["detail"].as_str().unwrap().contains(detail),
            "{status}: {}",
            p["detail"]
        );
        // A bad option also names itself for programs: the parameter, or a
        // JSON Pointer into the body.
        let field = p["field"].as_str();
        if let Some(rest) = detail.strip_prefix("the request body: chart.") {
            let name = rest.split(':').next().unwrap();
            assert_eq!(field, Some(format!("/chart/{name}").as_str()), "{p}");
        } else if let Some(rest) = detail.strip_prefix("parameter '")
            && status == 422
        {
            assert_eq!(field, rest.split('\'').next(), "{p}");
        }
        // And the kind of fault, in the words of a batch's failures.jsonl.
        let kind = if p["field"].is_string() {
            Some("spec")
        } else if detail.contains("line 3: expected 2 field(s)") {
            Some("data")
        } else if detail.contains("pixels, more than the limit") {
            Some("limit")
        } else if status == 400 && detail.starts_with("parameter '") {
            Some("request")
        } else {
            None
        };
        if let Some(kind) = kind {
            assert_eq!(p["kind"], kind, "{p}");
        }
    }
    server.shutdown();
}

#[test]
fn health_metrics_openapi_docs_and_request_ids() {
    let server = Server::start(options());
    let a = server.addr;
    assert_eq!(request(a, "GET", "/healthz", &[], b"").status, 200);
    assert_eq!(request(a, "GET", "/readyz", &[], b"").status, 200);
    assert_eq!(csv(a, "/v1/charts/heatmap").status, 200);
    let r = request(a, "GET", "/metrics", &[("x-request-id", "abc-123")], b"");
    assert_eq!(r.header("x-request-id"), Some("abc-123"));
    let m = r.text();
    for want in [
        "plotmill_http_requests_total{route=\"/v1/charts/{kind}\",status=\"200\"} 1",
        "plotmill_http_request_duration_seconds_bucket{le=\"+Inf\"}",
        "plotmill_http_in_flight 1",
        "plotmill_render_queue_depth 0",
        "plotmill_charts_rendered_total 1",
        "process_resident_memory_bytes ",
    ] {
        assert!(m.contains(want), "{want} not in\n{m}");
    }
    let doc: serde_json::Value =
        serde_json::from_slice(&request(a, "GET", "/openapi.json", &[], b"").body).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc, openapi());
    let params: Vec<&str> = doc["paths"]["/v1/charts/{kind}"]["post"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for p in [
        "kind",
        "method",
        "cmap",
        "figsize",
        "dpi",
        "format",
        "marker_size",
        "diagonal",
    ] {
        assert!(params.contains(&p), "{p} not in {params:?}");
    }
    assert!(!doc.to_string().contains("#/$defs/"));
    assert!(
        request(a, "GET", "/docs", &[], b"")
            .text()
            .contains("/v1/charts/{kind}")
    );
    // A request id a client sends with odd characters is replaced.
    let r = request(a, "GET", "/healthz", &[("x-request-id", "bad id!")], b"");
    assert_ne!(r.header("x-request-id"), Some("bad id!"));
    server.shutdown();
}

#[test]
fn a_bearer_token_guards_everything_but_health() {
    let server = Server::start(ServeOptions {
        auth_token: Some("s3cret".into()),
        ..options()
    });
    let a = server.addr;
    let r = csv(a, "/v1/charts/heatmap");
    assert_eq!(r.status, 401);
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    r.problem();
    let r = request(
        a,
        "POST",
        "/v1/charts/heatmap",
        &[
            ("Content-Type", "text/csv"),
            ("Authorization", "Bearer wrong!"),
        ],
        SEED.as_bytes(),
    );
    assert_eq!(r.status, 401);
    let r = request(
        a,
        "POST",
        "/v1/charts/heatmap",
        &[
            ("Content-Type", "text/csv"),
            ("Authorization", "Bearer s3cret"),
        ],
        SEED.as_bytes(),
    );
    assert_eq!(r.status, 200);
    assert_eq!(request(a, "GET", "/metrics", &[], b"").status, 401);
    assert_eq!(request(a, "GET", "/healthz", &[], b"").status, 200);
    assert_eq!(request(a, "GET", "/readyz", &[], b"").status, 200);
    server.shutdown();
}

/// A request whose body has not all arrived holds its slot: with one slot,
/// the next request gets 503 with Retry-After; /readyz says not ready while
/// the queue is full.
#[test]
fn limits_refuse_with_503_and_the_drain_finishes_requests_in_flight() {
    let server = Server::start(ServeOptions {
        max_connections: 1,
        drain_timeout: Duration::from_secs(30),
        ..options()
    });
    let a = server.addr;
    // A request that takes a while: a scatter matrix of 300,000 rows.
    let big: String = std::iter::once("a,b,c,d\n".to_owned())
        .chain((0..300_000u64).map(|i| {
            let v = i.wrapping_mul(2654435761) % 1000;
            format!("{v},{},{},{}\n", (v * 7) % 1000, (v * 13) % 997, i % 991)
        }))
        .collect();
    let slow = std::thread::spawn(move || {
        request(
            a,
            "POST",
            "/v1/charts/scatter-matrix",
            &[("Content-Type", "text/csv")],
            big.as_bytes(),
        )
    });
    // Readiness says full once it is in (its body received).
    let started = std::time::Instant::now();
    let ready = loop {
        let ready = request(a, "GET", "/readyz", &[], b"");
        if ready.status == 503 || started.elapsed() > Duration::from_secs(20) {
            break ready;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    assert_eq!(ready.status, 503, "{}", ready.text());
    assert!(
        ready.text().contains("serving its limit of 1 requests"),
        "{}",
        ready.text()
    );
    let r = csv(a, "/v1/charts/heatmap");
    assert_eq!(r.status, 503, "{}", r.text());
    assert_eq!(r.header("retry-after"), Some("1"));
    r.problem();
    // Health stays answerable at the limit.
    assert_eq!(request(a, "GET", "/healthz", &[], b"").status, 200);

    // Shut down while the slow request is in flight: it still completes.
    let stop = std::thread::spawn(move || server.shutdown());
    let r = slow.join().unwrap();
    assert_eq!(r.status, 200, "{}", r.text());
    stop.join().unwrap();
    // And the port is closed afterwards.
    assert!(TcpStream::connect_timeout(&a, Duration::from_millis(500)).is_err());
}

#[test]
fn a_client_that_leaves_mid_render_gives_its_place_back() {
    let server = Server::start(ServeOptions {
        max_connections: 1,
        ..options()
    });
    let a = server.addr;
    let big: String = std::iter::once("a,b,c,d\n".to_owned())
        .chain((0..300_000u64).map(|i| format!("{},{},{},{}\n", i % 97, i % 89, i % 83, i % 79)))
        .collect();
    for _ in 0..3 {
        let mut s = TcpStream::connect(a).unwrap();
        let head = format!(
            "POST /v1/charts/scatter-matrix HTTP/1.1\r\nHost: t\r\nContent-Type: text/csv\r\nContent-Length: {}\r\n\r\n",
            big.len()
        );
        s.write_all(head.as_bytes()).unwrap();
        s.write_all(big.as_bytes()).unwrap();
        // Wait until it is in, then leave without reading the answer.
        let started = std::time::Instant::now();
        while request(a, "GET", "/readyz", &[], b"").status == 200
            && started.elapsed() < Duration::from_secs(20)
        {
            std::thread::sleep(Duration::from_millis(5));
        }
        drop(s);
    }
    // Its place comes back: the server is ready and serves again.
    let started = std::time::Instant::now();
    let r = loop {
        let r = csv(a, "/v1/charts/heatmap");
        if r.status == 200 || started.elapsed() > Duration::from_secs(30) {
            break r;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(request(a, "GET", "/readyz", &[], b"").status, 200);
    server.shutdown();
}

#[test]
fn a_body_that_is_still_arriving_at_shutdown_is_received_and_answered() {
    let server = Server::start(ServeOptions {
        drain_timeout: Duration::from_secs(10),
        ..options()
    });
    let a = server.addr;
    let mut slow = TcpStream::connect(a).unwrap();
    let half = SEED.len() / 2;
    write!(slow, "POST /v1/charts/heatmap HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Type: text/csv\r\nContent-Length: {}\r\n\r\n", SEED.len()).unwrap();
    slow.write_all(&SEED.as_bytes()[..half]).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let stop = std::thread::spawn(move || server.shutdown());
    std::thread::sleep(Duration::from_millis(200));
    slow.write_all(&SEED.as_bytes()[half..]).unwrap();
    let mut raw = Vec::new();
    slow.read_to_end(&mut raw).unwrap();
    assert_eq!(parse(&raw).status, 200);
    stop.join().unwrap();
}

#[test]
fn a_body_declared_too_large_is_refused_before_it_is_sent() {
    let server = Server::start(ServeOptions {
        limits: Limits {
            max_input_bytes: 4096,
            ..Limits::service()
        },
        ..options()
    });
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    // Headers only: the body never comes, and the answer must not wait
    // for it.
    write!(
        s,
        "POST /v1/charts/heatmap HTTP/1.1\r\nHost: t\r\nContent-Type: text/csv\r\nContent-Length: 1000000\r\n\r\n"
    )
    .unwrap();
    let mut raw = vec![0; 4096];
    let n = s.read(&mut raw).unwrap();
    let r = parse(&raw[..n]);
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(
        r.text()
            .contains("the body is 1000000 bytes, larger than this server's limit of 4096 bytes"),
        "{}",
        r.text()
    );
    assert_eq!(request(server.addr, "GET", "/readyz", &[], b"").status, 200);
    server.shutdown();
}

#[test]
fn clients_that_stall_mid_body_are_cut_off_and_real_requests_get_answers() {
    // A bounded slowloris on loopback: 6 connections that send headers and
    // part of a body, then stall, against a limit of 4 requests. Bodies
    // still arriving take no place among the 4.
    let server = Server::start(ServeOptions {
        max_connections: 4,
        body_timeout: Duration::from_millis(1500),
        ..options()
    });
    let a = server.addr;
    let started = std::time::Instant::now();
    let mut stalled: Vec<TcpStream> = (0..6)
        .map(|_| {
            let mut s = TcpStream::connect(a).unwrap();
            s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            write!(s, "POST /v1/charts/heatmap HTTP/1.1\r\nHost: t\r\nContent-Type: text/csv\r\nContent-Length: 1000\r\n\r\na,b\n1,").unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(100));
    // Meanwhile real requests are answered, and the server is ready.
    assert_eq!(request(a, "GET", "/readyz", &[], b"").status, 200);
    for _ in 0..8 {
        let r = csv(a, "/v1/charts/heatmap");
        assert_eq!(r.status, 200, "{}", r.text());
    }
    let metrics = request(a, "GET", "/metrics", &[], b"").text();
    assert!(
        metrics.contains("plotmill_http_body_bytes_receiving 36"),
        "six stalled bodies of 6 bytes each:\n{metrics}"
    );
    // The stalled ones get 408 once the body timeout passes.
    for s in &mut stalled {
        let mut raw = vec![0; 4096];
        let n = s.read(&mut raw).unwrap();
        let r = parse(&raw[..n]);
        assert_eq!(r.status, 408, "{}", r.text());
        assert!(
            r.text().contains("did not arrive within 1.5 s"),
            "{}",
            r.text()
        );
    }
    let t = started.elapsed();
    assert!(
        t >= Duration::from_millis(1400) && t < Duration::from_secs(6),
        "{t:?}"
    );
    let metrics = request(a, "GET", "/metrics", &[], b"").text();
    assert!(
        metrics.contains("plotmill_http_body_bytes_receiving 0"),
        "{metrics}"
    );
    server.shutdown();
}

#[test]
fn bodies_arriving_together_stay_within_the_budget() {
    let server = Server::start(ServeOptions {
        body_budget: 2000,
        body_timeout: Duration::from_secs(60),
        ..options()
    });
    let a = server.addr;
    // Two bodies of 900 bytes sent but not finished: 1800 of 2000 held.
    let mut stalled: Vec<TcpStream> = (0..2)
        .map(|_| {
            let mut s = TcpStream::connect(a).unwrap();
            s.set_nodelay(true).unwrap();
            let mut head = b"POST /v1/charts/heatmap HTTP/1.1\r\nHost: t\r\nContent-Type: text/csv\r\nContent-Length: 5000\r\n\r\n".to_vec();
            head.extend(std::iter::repeat_n(b'1', 900));
            s.write_all(&head).unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    // A whole request of 300 bytes would go beyond: 503, and says why.
    let r = csv(a, "/v1/charts/heatmap");
    assert!(SEED.len() > 200);
    assert_eq!(r.status, 503, "{}", r.text());
    assert!(r.text().contains("--body-budget"), "{}", r.text());
    // Once they are gone, it is answered.
    drop(stalled.drain(..));
    std::thread::sleep(Duration::from_millis(200));
    let r = csv(a, "/v1/charts/heatmap");
    assert_eq!(r.status, 200, "{}", r.text());
    server.shutdown();
}

/// Reads until the server closes the connection; the time that took.
fn time_to_close(s: &mut TcpStream, since: std::time::Instant) -> Duration {
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut sink = [0u8; 4096];
    loop {
        match s.read(&mut sink) {
            Ok(0) | Err(_) => return since.elapsed(),
            Ok(_) => {}
        }
    }
}

#[test]
fn slow_headers_and_idle_connections_are_closed_while_real_requests_get_answers() {
    // A bounded slowloris on loopback: 40 connections that send half a
    // request head and stall, 40 that connect and send nothing, and one
    // keep-alive client that goes quiet after its first answer.
    let server = Server::start(ServeOptions {
        header_timeout: Duration::from_millis(600),
        idle_timeout: Duration::from_millis(1500),
        ..options()
    });
    let a = server.addr;
    let started = std::time::Instant::now();
    let mut heads: Vec<TcpStream> = (0..40)
        .map(|_| {
            let mut s = TcpStream::connect(a).unwrap();
            s.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow: ")
                .unwrap();
            s
        })
        .collect();
    let mut idle: Vec<TcpStream> = (0..40).map(|_| TcpStream::connect(a).unwrap()).collect();
    let mut keep = TcpStream::connect(a).unwrap();
    keep.set_nodelay(true).unwrap();
    keep.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    keep.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        .unwrap();
    let mut raw = [0u8; 1024];
    let n = keep.read(&mut raw).unwrap();
    assert_eq!(parse(&raw[..n]).status, 200);
    let answered = std::time::Instant::now();
    // Real requests are answered throughout, at once.
    for _ in 0..10 {
        let t = std::time::Instant::now();
        let r = csv(a, "/v1/charts/heatmap");
        assert_eq!(r.status, 200, "{}", r.text());
        assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
        assert_eq!(request(a, "GET", "/readyz", &[], b"").status, 200);
    }
    // Half-sent heads are closed after the header timeout...
    for s in &mut heads {
        let t = time_to_close(s, started);
        assert!(
            t >= Duration::from_millis(550) && t < Duration::from_secs(5),
            "{t:?}"
        );
    }
    // ... silent connections and the quiet keep-alive one after the idle
    // timeout, counted from their last bytes.
    for s in &mut idle {
        let t = time_to_close(s, started);
        assert!(
            t >= Duration::from_millis(1450) && t < Duration::from_secs(6),
            "{t:?}"
        );
    }
    let t = time_to_close(&mut keep, answered);
    assert!(
        t >= Duration::from_millis(1450) && t < Duration::from_secs(6),
        "{t:?}"
    );
    // Operators see it in the metrics. A connection the client closed is
    // counted closed once the server has read its end, which may be just
    // after the client moves on: the gauge is read until it settles.
    let lines = [
        "plotmill_http_connections_timed_out_total{phase=\"header\"} 40",
        "plotmill_http_connections_timed_out_total{phase=\"idle\"} 41",
        // This request's own connection.
        "plotmill_http_connections_open 1",
    ];
    let mut metrics = String::new();
    for _ in 0..100 {
        metrics = request(a, "GET", "/metrics", &[], b"").text();
        if lines.iter().all(|l| metrics.contains(l)) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    for line in lines {
        assert!(metrics.contains(line), "{line} not in:\n{metrics}");
    }
    server.shutdown();
}

#[test]
fn a_keep_alive_client_within_the_idle_timeout_is_served_again() {
    let server = Server::start(ServeOptions {
        header_timeout: Duration::from_millis(300),
        idle_timeout: Duration::from_millis(1500),
        ..options()
    });
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.set_nodelay(true).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    for _ in 0..3 {
        // Longer than the header timeout, shorter than the idle one.
        std::thread::sleep(Duration::from_millis(700));
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            .unwrap();
        let mut raw = [0u8; 1024];
        let n = s.read(&mut raw).unwrap();
        assert_eq!(parse(&raw[..n]).status, 200);
    }
    server.shutdown();
}

#[test]
fn a_full_render_queue_is_refused_not_buffered() {
    // One worker, a queue of one, and big charts: most of a burst is refused.
    let server = Server::start(ServeOptions {
        workers: 1,
        queue: 1,
        ..options()
    });
    let a = server.addr;
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..12)
            .map(|_| s.spawn(move || csv(a, "/v1/charts/scatter-matrix?dpi=150").status))
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 503),
        "{statuses:?}"
    );
    assert!(
        statuses.contains(&503) && statuses.contains(&200),
        "{statuses:?}"
    );
    server.shutdown();
}

/// Thousands of generated and mutated requests: never a 5xx, never a hang.
#[test]
fn fuzzed_requests_never_get_a_5xx() {
    let server = Server::start(ServeOptions {
        limits: Limits {
            max_input_bytes: 64 << 10,
            max_pixels: 2_000_000,
            ..Limits::service()
        },
        ..options()
    });
    let a = server.addr;
    let n: usize = std::env::var("PLOTMILL_FUZZ_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1500);
    let doc = openapi();
    let params: Vec<String> = doc["paths"]["/v1/charts/{kind}"]["post"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .filter(|p| p != "kind")
        .collect();
    let values = [
        "",
        "0",
        "-1",
        "1e308",
        "NaN",
        "true",
        "x",
        "3x2",
        "0x0",
        ".2f",
        "{",
        "%00",
        "vlag",
        "svg",
        "upper",
        "kde",
        "1000",
        "0.5",
        "%C3%A9",
        "9999999999999999999",
    ];
    let paths = [
        "/v1/charts/heatmap",
        "/v1/charts/scatter-matrix",
        "/v1/render",
        "/v1/charts/%2e%2e",
        "/healthz",
        "/metrics",
        "/openapi.json",
        "/docs",
        "/v1/charts/",
        "//",
        "/v1/render/x",
    ];
    let bodies: Vec<Vec<u8>> = vec![
        SEED.as_bytes().to_vec(),
        b"".to_vec(),
        b"a\n1\n".to_vec(),
        b"\xff\xfe\x00garbage".to_vec(),
        b"a,b\n1,2\n\"unterminated\n".to_vec(),
        br#"{"columns": {"x": [1, 2, null], "y": ["a", 1, true]}}"#.to_vec(),
        br#"{"chart": {"kind": "scatter-matrix", "alpha": 2}, "data": {"csv": "a,b\n1,2\n"}}"#
            .to_vec(),
        br#"{"chart": {"kind": "heatmap"}, "data": {"columns": {"x": [1e308, -1e308, 0]}}}"#
            .to_vec(),
        br#"{"chart": {"kind": "heatmap", "figsize": [1000, 1000]}, "data": {"csv": "a\n1\n"}}"#
            .to_vec(),
        vec![b'9'; 70 << 10],
    ];
    let types = [
        "text/csv",
        "application/json",
        "text/plain",
        "image/png",
        "",
    ];
    let methods = ["POST", "GET", "PUT", "DELETE", "POST"];
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |m: usize| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % m as u64) as usize
    };
    let mut seen = std::collections::BTreeMap::new();
    for _ in 0..n {
        let mut path = paths[next(paths.len())].to_owned();
        for i in 0..next(4) {
            let sep = if i == 0 { '?' } else { '&' };
            path.push_str(&format!(
                "{sep}{}={}",
                params[next(params.len())],
                values[next(values.len())]
            ));
        }
        let mut body = bodies[next(bodies.len())].clone();
        // Mutate a few bytes now and then.
        if !body.is_empty() && next(3) == 0 {
            for _ in 0..1 + next(4) {
                let i = next(body.len());
                body[i] = (next(256)) as u8;
            }
        }
        let ct = types[next(types.len())];
        let method = methods[next(methods.len())];
        let mut headers = vec![];
        if !ct.is_empty() {
            headers.push(("Content-Type", ct));
        }
        if next(4) == 0 {
            headers.push(("Accept", "image/svg+xml"));
        }
        let r = request(a, method, &path, &headers, &body);
        assert!(
            r.status < 500,
            "{method} {path} ({ct}) gave {}: {}",
            r.status,
            r.text()
        );
        if r.status >= 400 && r.status != 413 && r.status != 405 && r.status != 404 {
            r.problem();
        }
        *seen.entry(r.status).or_insert(0) += 1;
    }
    // The mix reached both the successes and the errors.
    assert!(
        seen.contains_key(&200) && seen.contains_key(&400) && seen.contains_key(&422),
        "{seen:?}"
    );
    server.shutdown();
}
