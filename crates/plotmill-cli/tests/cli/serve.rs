//! `plotmill serve` as a user starts it: it says where it listens, serves,
//! and on SIGTERM drains and exits 0.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStderr, Command, Stdio};
use std::time::Duration;

use super::root;

/// A running server, killed when dropped: a failing test leaves no
/// server behind (holding the test runner's output open).
struct Server(Child);

impl std::ops::Deref for Server {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for Server {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Already gone when a test stopped it itself.
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `plotmill serve` on a free loopback port with one worker and
/// these extra arguments; returns it, its stderr, and the first log line.
fn start(extra: &[&str]) -> (Server, BufReader<ChildStderr>, String) {
    let mut child = Server(
        Command::new(env!("CARGO_BIN_EXE_plotmill"))
            .args(["serve", "--bind", "127.0.0.1:0", "--workers", "1"])
            .args(extra)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    (child, stderr, line)
}

/// The address in "listening on http://ADDR ...".
fn listening_at(message: &str) -> String {
    message
        .split("http://")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap()
        .to_owned()
}

#[test]
fn starts_serves_and_exits_0_on_sigterm() {
    let (mut child, mut stderr, line) = start(&["--log-format", "json"]);
    // JSON log lines; the first says where it listens.
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    let addr = listening_at(v["fields"]["message"].as_str().unwrap());
    let seed = std::fs::read(root().join("examples/data/seed_4x8.csv")).unwrap();
    let mut s = TcpStream::connect(&addr).unwrap();
    write!(
        s,
        "POST /v1/charts/heatmap?format=svg HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Type: text/csv\r\nContent-Length: {}\r\n\r\n",
        seed.len()
    )
    .unwrap();
    s.write_all(&seed).unwrap();
    let mut response = Vec::new();
    s.read_to_end(&mut response).unwrap();
    assert!(
        response.starts_with(b"HTTP/1.1 200 OK"),
        "{}",
        String::from_utf8_lossy(&response)
    );
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let access: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(access["fields"]["status"], 200);
    assert_eq!(access["fields"]["route"], "/v1/charts/{kind}");
    // Milliseconds to two decimals, as a person reads them.
    let ms = access["fields"]["ms"].as_f64().expect("ms is a number");
    assert!(ms > 0.0, "{line}");
    let written = line.split("\"ms\":").nth(1).unwrap();
    let digits = written.split([',', '}']).next().unwrap();
    assert!(
        digits.split('.').nth(1).is_none_or(|d| d.len() <= 2),
        "ms is written as {digits}"
    );

    assert!(
        Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    let started = std::time::Instant::now();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(TcpStream::connect(&addr).is_err());
}

/// Sends `GET path` on a keep-alive connection and reads the answer's
/// status and body.
fn get(s: &mut BufReader<TcpStream>, path: &str) -> (u16, String) {
    // One write: pieces would wait on Nagle and delayed ACKs (40 ms each).
    let request = format!("GET {path} HTTP/1.1\r\nHost: t\r\n\r\n");
    s.get_mut().write_all(request.as_bytes()).unwrap();
    let mut status = String::new();
    s.read_line(&mut status).unwrap();
    let mut length = 0;
    loop {
        let mut header = String::new();
        s.read_line(&mut header).unwrap();
        if header == "\r\n" {
            break;
        }
        if let Some(v) = header.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    s.read_exact(&mut body).unwrap();
    let code = status.split(' ').nth(1).unwrap().parse().unwrap();
    (code, String::from_utf8(body).unwrap())
}

#[test]
fn a_log_reader_that_stalls_does_not_stop_the_service() {
    // stderr is a pipe that nobody reads after the first line: once its
    // buffer is full, a blocking logger would stall every handler.
    let (mut child, _stderr, line) = start(&[]);
    let addr = listening_at(&line);
    let connect = || {
        let s = TcpStream::connect(&addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        s.set_nodelay(true).unwrap();
        BufReader::new(s)
    };
    // 20,000 requests, each logged (about 3 MB of log for a 64 KiB pipe).
    let mut s = connect();
    for _ in 0..20_000 {
        assert_eq!(get(&mut s, "/healthz").0, 200);
    }
    // Still answering, at once, on a new connection.
    let started = std::time::Instant::now();
    let (code, _) = get(&mut connect(), "/healthz");
    assert_eq!(code, 200);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "/healthz took {:?}",
        started.elapsed()
    );
    let (code, metrics) = get(&mut connect(), "/metrics");
    assert_eq!(code, 200);
    let dropped: u64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("plotmill_log_lines_dropped_total "))
        .expect("plotmill_log_lines_dropped_total in /metrics")
        .parse()
        .unwrap();
    assert!(dropped > 10_000, "dropped {dropped} log lines");
    child.kill().unwrap();
    child.wait().unwrap();
}

/// Sends `POST path` with `body` as CSV on a new connection; returns the
/// status and the response's body.
fn post_csv(addr: &str, path: &str, body: &[u8]) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Type: text/csv\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut response = Vec::new();
    s.read_to_end(&mut response).unwrap();
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header");
    let status = String::from_utf8_lossy(&response[..split])
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    (status, response[split + 4..].to_vec())
}

#[test]
fn categorical_charts_over_http_are_the_commands_bytes() {
    let (mut child, _stderr, line) = start(&[]);
    let addr = listening_at(&line);
    let csv_path = root().join("examples/data/species.csv");
    let csv = std::fs::read(&csv_path).unwrap();
    let file = csv_path.display().to_string();
    let cases: [(&str, Vec<&str>); 9] = [
        (
            "/v1/charts/boxplot?x=species&y=body_mass_g&hue=sex&whis=5,95&order=Adelie,Gentoo",
            vec![
                "boxplot",
                &file,
                "--x",
                "species",
                "--y",
                "body_mass_g",
                "--hue",
                "sex",
                "--whis",
                "5,95",
                "--order",
                "Adelie,Gentoo",
            ],
        ),
        (
            "/v1/charts/barplot?x=island&y=flipper_length_mm&errorbar=sd,2&capsize=0.2&fill=false",
            vec![
                "barplot",
                &file,
                "--x",
                "island",
                "--y",
                "flipper_length_mm",
                "--errorbar",
                "sd,2",
                "--capsize",
                "0.2",
                "--fill",
                "false",
            ],
        ),
        (
            "/v1/charts/stripplot?x=year&y=body_mass_g&hue=sex&dodge=true&native_scale=true",
            vec![
                "stripplot",
                &file,
                "--x",
                "year",
                "--y",
                "body_mass_g",
                "--hue",
                "sex",
                "--dodge",
                "true",
                "--native-scale",
            ],
        ),
        (
            "/v1/charts/countplot?y=island&hue=sex&dodge=false",
            vec![
                "countplot",
                &file,
                "--y",
                "island",
                "--hue",
                "sex",
                "--dodge",
                "false",
            ],
        ),
        (
            "/v1/charts/pointplot?x=island&y=body_mass_g&hue=sex&dodge=0.3&errorbar=sd&markers=D,(5,1,0)&linestyles=:,none",
            vec![
                "pointplot",
                &file,
                "--x",
                "island",
                "--y",
                "body_mass_g",
                "--hue",
                "sex",
                "--dodge",
                "0.3",
                "--errorbar",
                "sd",
                "--markers",
                "D,(5,1,0)",
                "--linestyles",
                ":,none",
            ],
        ),
        (
            "/v1/charts/lineplot?x=year&y=body_mass_g&hue=species&errorbar=se&seed=3&style=island&style_order=Dream,Biscoe,Torgersen&markers=true&dashes=-,4%201.5,:",
            vec![
                "lineplot",
                &file,
                "--x",
                "year",
                "--y",
                "body_mass_g",
                "--hue",
                "species",
                "--style",
                "island",
                "--style-order",
                "Dream,Biscoe,Torgersen",
                "--markers",
                "true",
                "--dashes",
                "-,4 1.5,:",
                "--errorbar",
                "se",
                "--seed",
                "3",
            ],
        ),
        (
            "/v1/charts/lineplot?x=year&y=body_mass_g&size=island&sizes=Biscoe%3D1,Dream%3D2,Torgersen%3D4&errorbar=none",
            vec![
                "lineplot",
                &file,
                "--x",
                "year",
                "--y",
                "body_mass_g",
                "--size",
                "island",
                "--sizes",
                "Biscoe=1,Dream=2,Torgersen=4",
                "--errorbar",
                "none",
            ],
        ),
        (
            "/v1/charts/lineplot?x=year&y=body_mass_g&hue=species&size=flipper_length_mm&sizes=0.5,4&size_norm=180,220",
            vec![
                "lineplot",
                &file,
                "--x",
                "year",
                "--y",
                "body_mass_g",
                "--hue",
                "species",
                "--size",
                "flipper_length_mm",
                "--sizes",
                "0.5,4",
                "--size-norm",
                "180,220",
            ],
        ),
        (
            "/v1/charts/clustermap?corr=true&method=complete&metric=cityblock&col_colors=bill_length_mm%3Dred,body_mass_g%3DC1&dendrogram_ratio=0.1,0.25&cbar_pos=0.85,0.85,0.03,0.12",
            vec![
                "clustermap",
                &file,
                "--corr",
                "--method",
                "complete",
                "--metric",
                "cityblock",
                "--col-colors",
                "bill_length_mm=red,body_mass_g=C1",
                "--dendrogram-ratio",
                "0.1,0.25",
                "--cbar-pos",
                "0.85,0.85,0.03,0.12",
            ],
        ),
    ];
    for (path, args) in cases {
        let (status, body) = post_csv(&addr, path, &csv);
        assert_eq!(status, 200, "{path}: {}", String::from_utf8_lossy(&body));
        let mut args = args;
        args.extend(["-o", "-"]);
        let cli = Command::new(env!("CARGO_BIN_EXE_plotmill"))
            .args(&args)
            .output()
            .unwrap();
        assert!(
            cli.status.success(),
            "{}",
            String::from_utf8_lossy(&cli.stderr)
        );
        assert!(body == cli.stdout, "{path}: HTTP and CLI bytes differ");
    }
    child.kill().unwrap();
    child.wait().unwrap();
}
