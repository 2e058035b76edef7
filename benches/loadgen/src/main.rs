//! Closed-loop HTTP load: N clients, each on its own keep-alive connection,
//! POST the same body again and again for a time or a count; prints
//! requests per second, latency percentiles and the status mix, and samples
//! a server process's RSS (from /proc) every second when given its pid.
//!
//!   loadgen --url http://127.0.0.1:8080/v1/charts/heatmap --body seed.csv \
//!           --content-type text/csv --clients 64 --seconds 600 --pid 1234 --rss-csv rss.csv
//!
//! Only 127.0.0.1 is allowed: this is for measuring, not for hitting others.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Args {
    host: String,
    path: String,
    body: Vec<u8>,
    content_type: String,
    clients: usize,
    seconds: f64,
    max_requests: u64,
    pid: Option<u32>,
    rss_csv: Option<String>,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        host: String::new(),
        path: String::new(),
        body: Vec::new(),
        content_type: "text/csv".into(),
        clients: 64,
        seconds: 10.0,
        max_requests: u64::MAX,
        pid: None,
        rss_csv: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut v = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--url" => {
                let url = v()?;
                let rest = url.strip_prefix("http://").ok_or("--url must be http://127.0.0.1:PORT/...")?;
                let (host, path) = rest.split_once('/').ok_or("--url needs a path")?;
                if !host.starts_with("127.0.0.1:") {
                    return Err("only 127.0.0.1 is allowed".into());
                }
                a.host = host.into();
                a.path = format!("/{path}");
            }
            "--body" => a.body = std::fs::read(v()?).map_err(|e| e.to_string())?,
            "--content-type" => a.content_type = v()?,
            "--clients" => a.clients = v()?.parse().map_err(|_| "--clients: a number")?,
            "--seconds" => a.seconds = v()?.parse().map_err(|_| "--seconds: a number")?,
            "--requests" => a.max_requests = v()?.parse().map_err(|_| "--requests: a number")?,
            "--pid" => a.pid = Some(v()?.parse().map_err(|_| "--pid: a number")?),
            "--rss-csv" => a.rss_csv = Some(v()?),
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    if a.host.is_empty() {
        return Err("--url is required".into());
    }
    Ok(a)
}

fn rss_kib(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let l = s.lines().find(|l| l.starts_with("VmRSS:"))?;
    l[6..].trim().trim_end_matches("kB").trim().parse().ok()
}

/// One request on a keep-alive connection: the status and whether the
/// server closes the connection, or None if the connection failed (the
/// caller reconnects either way).
fn once(stream: &mut BufReader<TcpStream>, a: &Args) -> Option<(u16, bool)> {
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\r\n",
        a.path,
        a.host,
        a.content_type,
        a.body.len()
    );
    // One write: with the head and body in two small writes, Nagle's
    // algorithm and the server's delayed ACK would add ~40 ms per request.
    let mut request = head.into_bytes();
    request.extend_from_slice(&a.body);
    stream.get_mut().write_all(&request).ok()?;
    let mut line = String::new();
    stream.read_line(&mut line).ok()?;
    let status: u16 = line.split(' ').nth(1)?.parse().ok()?;
    let mut length = 0usize;
    let mut close = false;
    loop {
        line.clear();
        stream.read_line(&mut line).ok()?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        let lower = l.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().ok()?;
        }
        if lower == "connection: close" {
            close = true;
        }
    }
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).ok()?;
    Some((status, close))
}

fn main() {
    let a = match args() {
        Ok(a) => Arc::new(a),
        Err(e) => {
            eprintln!("loadgen: {e}");
            std::process::exit(2);
        }
    };
    let stop = Arc::new(AtomicBool::new(false));
    let sent = Arc::new(AtomicU64::new(0));
    let latencies = Arc::new(Mutex::new(Vec::<u32>::new()));
    let statuses = Arc::new(Mutex::new(BTreeMap::<u16, u64>::new()));
    let start = Instant::now();
    let mut threads = Vec::new();
    for _ in 0..a.clients {
        let (a, stop, sent, latencies, statuses) = (a.clone(), stop.clone(), sent.clone(), latencies.clone(), statuses.clone());
        threads.push(std::thread::spawn(move || {
            let mut local_lat = Vec::new();
            let mut local_st = BTreeMap::<u16, u64>::new();
            let mut conn: Option<BufReader<TcpStream>> = None;
            while !stop.load(Ordering::Relaxed) {
                if sent.fetch_add(1, Ordering::Relaxed) >= a.max_requests {
                    break;
                }
                if conn.is_none() {
                    conn = TcpStream::connect(&a.host)
                        .ok()
                        .inspect(|s| {
                            let _ = s.set_nodelay(true);
                        })
                        .map(BufReader::new);
                }
                let Some(c) = conn.as_mut() else {
                    *local_st.entry(0).or_default() += 1;
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                };
                let t = Instant::now();
                match once(c, &a) {
                    Some((s, close)) => {
                        *local_st.entry(s).or_default() += 1;
                        local_lat.push(t.elapsed().as_micros() as u32);
                        if close {
                            conn = None;
                        }
                    }
                    None => {
                        *local_st.entry(0).or_default() += 1;
                        conn = None;
                    }
                }
            }
            latencies.lock().unwrap().extend(local_lat);
            let mut s = statuses.lock().unwrap();
            for (k, v) in local_st {
                *s.entry(k).or_default() += v;
            }
        }));
    }
    let mut rss = Vec::new();
    let mut done_at = Vec::new();
    while start.elapsed().as_secs_f64() < a.seconds && sent.load(Ordering::Relaxed) < a.max_requests {
        std::thread::sleep(Duration::from_millis(1000));
        if let Some(pid) = a.pid
            && let Some(kib) = rss_kib(pid)
        {
            rss.push((start.elapsed().as_secs_f64(), sent.load(Ordering::Relaxed), kib));
        }
        done_at.push(sent.load(Ordering::Relaxed));
    }
    stop.store(true, Ordering::Relaxed);
    for t in threads {
        let _ = t.join();
    }
    let wall = start.elapsed().as_secs_f64();
    let mut lat = latencies.lock().unwrap().clone();
    lat.sort_unstable();
    let pct = |p: f64| lat.get(((lat.len() as f64 - 1.0) * p) as usize).map_or(0.0, |&us| us as f64 / 1000.0);
    let statuses = statuses.lock().unwrap().clone();
    let total: u64 = statuses.values().sum();
    println!("requests: {total} in {wall:.1} s = {:.1} req/s with {} clients", total as f64 / wall, a.clients);
    println!("latency ms: p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}", pct(0.5), pct(0.9), pct(0.99), pct(1.0));
    println!("statuses: {}", statuses.iter().map(|(k, v)| format!("{}={v}", if *k == 0 { "connection-error".to_string() } else { k.to_string() })).collect::<Vec<_>>().join(" "));
    if !rss.is_empty() {
        let half: Vec<&(f64, u64, u64)> = rss.iter().filter(|r| r.0 >= wall / 2.0).collect();
        let n = half.len() as f64;
        let (mx, my) = (half.iter().map(|r| r.1 as f64).sum::<f64>() / n, half.iter().map(|r| r.2 as f64).sum::<f64>() / n);
        let sxx: f64 = half.iter().map(|r| (r.1 as f64 - mx).powi(2)).sum();
        let slope = if sxx > 0.0 { half.iter().map(|r| (r.1 as f64 - mx) * (r.2 as f64 - my)).sum::<f64>() / sxx } else { 0.0 };
        let peak = rss.iter().map(|r| r.2).max().unwrap_or(0);
        println!(
            "server RSS: first {:.1} MiB, last {:.1} MiB, peak {:.1} MiB; slope over the second half {:+.3} KiB per 1,000 requests",
            rss[0].2 as f64 / 1024.0,
            rss[rss.len() - 1].2 as f64 / 1024.0,
            peak as f64 / 1024.0,
            slope * 1000.0
        );
        if let Some(path) = &a.rss_csv {
            let mut out = String::from("seconds,requests,rss_kib\n");
            for (t, n, k) in &rss {
                out.push_str(&format!("{t:.1},{n},{k}\n"));
            }
            let _ = std::fs::write(path, out);
        }
    }
}
