//! `plotmill serve`: the chart service over HTTP.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use plotmill::serve::{Limits, ServeOptions, serve};

use super::limits::{DataLimitArgs, ImageLimitArgs};
use crate::ui::Printer;

const EXAMPLES: &str = "\
Examples:
  plotmill serve --bind 127.0.0.1:8080 --workers 2
  curl --data-binary @data.csv -H 'Content-Type: text/csv' \\
      'http://127.0.0.1:8080/v1/charts/heatmap?method=spearman&format=png' \\
      -o corr.png
  curl --data-binary @spec.json -H 'Content-Type: application/json' \\
      http://127.0.0.1:8080/v1/render -o chart.svg
  curl http://127.0.0.1:8080/metrics

Routes: POST /v1/charts/{kind}, POST /v1/render, GET /healthz, /readyz,
/metrics, /openapi.json, /docs. SIGTERM or SIGINT: stop accepting, finish
the requests in flight (up to --drain-timeout), exit 0.";

/// Serve charts over HTTP.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct ServeArgs {
    /// Address and port to listen on (127.0.0.1: this machine only).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT")]
    bind: SocketAddr,

    /// Render worker threads. [default: the number of cores]
    #[arg(long, value_name = "N")]
    workers: Option<usize>,

    /// Renders that may wait for a worker; beyond, 503 with Retry-After.
    #[arg(long, default_value_t = 64, value_name = "N")]
    queue: usize,

    /// Most numeric columns (422 beyond).
    #[arg(long, default_value_t = Limits::service().max_columns, value_name = "N", help_heading = "Limits")]
    max_columns: usize,

    #[command(flatten)]
    data_limits: DataLimitArgs,

    #[command(flatten)]
    image_limits: ImageLimitArgs,

    /// Longest wait for one render, seconds (503 beyond).
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
    render_timeout: f64,

    /// Longest time a request's body may take to arrive, seconds (408
    /// beyond): a client that stalls mid-body cannot hold its place.
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
    body_timeout: f64,

    /// Bytes that request bodies still arriving may hold together (503
    /// beyond): clients that send part of a body and stall hold only what
    /// they sent, and all of them together no more than this.
    #[arg(long, default_value_t = ServeOptions::default().body_budget, value_name = "BYTES")]
    body_budget: usize,

    /// Longest time from a request's first byte to the end of its headers,
    /// seconds; the connection is closed beyond (a client sending headers a
    /// byte at a time cannot hold it).
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    header_timeout: f64,

    /// Longest time a connection may move no bytes while none of its
    /// requests is being served (before the first, between keep-alive
    /// requests, or while the client does not read its response), seconds;
    /// closed beyond.
    #[arg(long, default_value_t = 60.0, value_name = "SECONDS")]
    idle_timeout: f64,

    /// Requests served at once, counted from when their body is in (503
    /// beyond).
    #[arg(long, default_value_t = 256, value_name = "N")]
    max_connections: usize,

    /// After SIGTERM/SIGINT, how long requests in flight may take, seconds.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    drain_timeout: f64,

    /// A file holding a bearer token that every request (but /healthz and
    /// /readyz) must carry as 'Authorization: Bearer <token>'.
    #[arg(long, value_name = "FILE")]
    auth_token_file: Option<PathBuf>,

    /// A font file for characters DejaVu Sans lacks; repeat for more.
    #[arg(long = "font", value_name = "PATH")]
    fonts: Vec<PathBuf>,
}

fn seconds(name: &str, v: f64) -> anyhow::Result<Duration> {
    anyhow::ensure!(
        v > 0.0 && v.is_finite() && v <= 86400.0,
        "{name} {v} is not a number of seconds between 0 and 86400"
    );
    Ok(Duration::from_secs_f64(v))
}

pub(crate) fn run(
    args: ServeArgs,
    _printer: Printer,
    log_lines_dropped: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
) -> anyhow::Result<()> {
    let auth_token = match &args.auth_token_file {
        Some(path) => {
            let token = std::fs::read_to_string(path)
                .with_context(|| format!("--auth-token-file '{}'", path.display()))?
                .trim()
                .to_owned();
            anyhow::ensure!(
                !token.is_empty(),
                "--auth-token-file '{}' is empty; put the token in it",
                path.display()
            );
            Some(token)
        }
        None => None,
    };
    for path in &args.fonts {
        plotmill::text::FontBook::new().add_font_file(path)?;
    }
    let defaults = ServeOptions::default();
    let options = ServeOptions {
        workers: args.workers.unwrap_or(defaults.workers).max(1),
        queue: args.queue.max(1),
        limits: args.image_limits.apply(args.data_limits.apply(Limits {
            max_columns: args.max_columns,
            ..Limits::service()
        })),
        render_timeout: seconds("--render-timeout", args.render_timeout)?,
        body_timeout: seconds("--body-timeout", args.body_timeout)?,
        body_budget: args.body_budget.max(1),
        header_timeout: seconds("--header-timeout", args.header_timeout)?,
        idle_timeout: seconds("--idle-timeout", args.idle_timeout)?,
        max_connections: args.max_connections.max(1),
        drain_timeout: seconds("--drain-timeout", args.drain_timeout)?,
        auth_token,
        font_files: args.fonts.clone(),
        log_lines_dropped,
    };
    // The runtime only moves bytes: two threads are plenty; rendering has
    // its own pool.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.bind)
            .await
            .with_context(|| {
                format!(
                    "cannot listen on {}; is another server using it?",
                    args.bind
                )
            })?;
        tracing::info!(
            "plotmill serve listening on http://{} ({} render workers, queue {})",
            listener.local_addr()?,
            options.workers,
            options.queue
        );
        serve(listener, options, shutdown_signal()).await?;
        tracing::info!("stopped");
        anyhow::Ok(())
    })
}

async fn shutdown_signal() {
    let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!("cannot watch SIGTERM: {e}");
            let _ = tokio::signal::ctrl_c().await;
            return;
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}
