//! `plotmill serve` as a user starts it: it says where it listens, serves,
//! and on SIGTERM drains and exits 0.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use super::root;

#[test]
fn starts_serves_and_exits_0_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_plotmill"))
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--workers",
            "1",
            "--log-format",
            "json",
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    // JSON log lines; the first says where it listens.
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    let message = v["fields"]["message"].as_str().unwrap();
    let addr = message
        .split("http://")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap()
        .to_owned();
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
    line.clear();
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
