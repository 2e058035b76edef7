//! Accepting connections, and bounding each one in time.
//!
//! A connection is in one of three phases. *Idle*: no request yet, or the
//! last response has been handed over; it may stay so for the idle timeout
//! of bytes not moving. *Head*: the first byte of a request has come; its
//! headers must be complete within the header timeout. *Busy*: the headers
//! are in and the service has the request; the body timeout and the render
//! timeout bound it there, so this layer does not. A connection past its
//! deadline is closed: this is what keeps a slowloris client (headers sent
//! a byte a minute) or a crowd of idle keep-alive sockets from holding the
//! server's file descriptors and memory.
//!
//! The phase is watched from the socket's side ([`Guarded`], which sees the
//! bytes) and from the service's ([`Counted`], which sees a request begin
//! and its response become ready).

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::response::Response;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

/// How long a connection may sit in each unbounded phase.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Timeouts {
    /// From a request's first byte to the end of its headers.
    pub(crate) header: Duration,
    /// Bytes not moving while plotmill is not working on a request.
    pub(crate) idle: Duration,
}

/// Counts over all connections, for `/metrics`.
#[derive(Debug, Default)]
pub(crate) struct ConnStats {
    /// Connections open now.
    pub(crate) open: AtomicU64,
    /// Connections closed for sending a head too slowly.
    pub(crate) header_timeouts: AtomicU64,
    /// Connections closed for moving no bytes too long.
    pub(crate) idle_timeouts: AtomicU64,
}

/// What the service side tells the socket side.
#[derive(Debug, Default)]
pub(crate) struct Phase {
    /// Requests the service is handling (0 or 1 on HTTP/1).
    busy: AtomicU32,
    /// Responses handed over so far; a change means "a new idle phase".
    served: AtomicU64,
}

/// Marks the connection busy while alive: dropped when the response is
/// ready or the request is abandoned, so the count cannot leak.
struct BusyGuard(Arc<Phase>);

impl BusyGuard {
    fn enter(phase: &Arc<Phase>) -> Self {
        phase.busy.fetch_add(1, Ordering::SeqCst);
        BusyGuard(Arc::clone(phase))
    }
}

impl Drop for BusyGuard {
    fn drop(&mut self) {
        self.0.served.fetch_add(1, Ordering::SeqCst);
        self.0.busy.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The router as a hyper service that marks its connection busy.
#[derive(Clone)]
pub(crate) struct Counted {
    inner: TowerToHyperService<Router>,
    phase: Arc<Phase>,
}

impl Counted {
    pub(crate) fn new(router: Router, phase: Arc<Phase>) -> Self {
        Counted {
            inner: TowerToHyperService::new(router),
            phase,
        }
    }
}

impl hyper::service::Service<hyper::Request<Incoming>> for Counted {
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn call(&self, request: hyper::Request<Incoming>) -> Self::Future {
        let busy = BusyGuard::enter(&self.phase);
        let future = self.inner.call(request);
        Box::pin(async move {
            let response = future.await;
            drop(busy);
            response.map(|r| r.map(Body::new))
        })
    }
}

/// A socket that fails with `TimedOut` once its phase's deadline passes.
pub(crate) struct Guarded<T> {
    io: T,
    phase: Arc<Phase>,
    timeouts: Timeouts,
    stats: Arc<ConnStats>,
    /// Responses seen served; behind `phase.served` means a new idle phase.
    seen: u64,
    /// Last time bytes moved, or a new idle phase began.
    moved: Instant,
    /// When the current request's first byte came, if it has.
    head_started: Option<Instant>,
    sleep: Pin<Box<Sleep>>,
    /// Set when the deadline passed: every later read or write fails.
    expired: Option<&'static str>,
}

impl<T> Guarded<T> {
    pub(crate) fn new(io: T, phase: Arc<Phase>, timeouts: Timeouts, stats: Arc<ConnStats>) -> Self {
        let now = Instant::now();
        Guarded {
            io,
            phase,
            timeouts,
            stats,
            seen: 0,
            moved: now,
            head_started: None,
            sleep: Box::pin(tokio::time::sleep_until(now + timeouts.idle)),
            expired: None,
        }
    }

    /// Brings the phase up to date with the service's side.
    fn sync(&mut self) {
        let served = self.phase.served.load(Ordering::SeqCst);
        if served != self.seen {
            self.seen = served;
            self.head_started = None;
            self.moved = Instant::now();
        }
    }

    fn busy(&self) -> bool {
        self.phase.busy.load(Ordering::SeqCst) > 0
    }

    /// Bytes moved: `read` tells whether they came from the client.
    fn on_progress(&mut self, read: bool) {
        self.sync();
        let now = Instant::now();
        self.moved = now;
        if read && self.head_started.is_none() && !self.busy() {
            self.head_started = Some(now);
        }
    }

    /// The deadline of the current phase, and its name for the log.
    fn deadline(&self) -> Option<(Instant, &'static str)> {
        if self.busy() {
            return None;
        }
        Some(match self.head_started {
            Some(t) => (t + self.timeouts.header, "header"),
            None => (self.moved + self.timeouts.idle, "idle"),
        })
    }

    /// Arms the timer for the current phase (waking this task at its
    /// deadline) and tells whether the deadline has passed. Called when the
    /// socket would block and after bytes move: hyper may not read again
    /// after writing a response until it is woken, so the write arms the
    /// idle phase's timer.
    fn check(&mut self, cx: &mut Context<'_>) -> io::Result<()> {
        if let Some(which) = self.expired {
            return Err(timed_out(which));
        }
        self.sync();
        let Some((deadline, which)) = self.deadline() else {
            return Ok(());
        };
        if self.sleep.deadline() != deadline {
            self.sleep.as_mut().reset(deadline);
        }
        if self.sleep.as_mut().poll(cx).is_ready() {
            self.expired = Some(which);
            let counter = match which {
                "header" => &self.stats.header_timeouts,
                _ => &self.stats.idle_timeouts,
            };
            counter.fetch_add(1, Ordering::Relaxed);
            tracing::debug!(phase = which, "closing a connection past its timeout");
            return Err(timed_out(which));
        }
        Ok(())
    }
}

impl<T> Guarded<T> {
    /// Notes a write's progress, or arms the timer when it would block.
    fn after_write(
        &mut self,
        cx: &mut Context<'_>,
        written: Poll<io::Result<usize>>,
    ) -> Poll<io::Result<usize>> {
        match written {
            Poll::Ready(Ok(n)) => {
                if n > 0 {
                    self.on_progress(false);
                    self.check(cx)?;
                }
                Poll::Ready(Ok(n))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => {
                self.check(cx)?;
                Poll::Pending
            }
        }
    }
}

fn timed_out(which: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::TimedOut,
        format!("the connection passed its {which} timeout"),
    )
}

impl<T: AsyncRead + Unpin> AsyncRead for Guarded<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if let Some(which) = self.expired {
            return Poll::Ready(Err(timed_out(which)));
        }
        let before = buf.filled().len();
        let this = &mut *self;
        match Pin::new(&mut this.io).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before {
                    this.on_progress(true);
                    this.check(cx)?;
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => {
                this.check(cx)?;
                Poll::Pending
            }
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Guarded<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        if let Some(which) = self.expired {
            return Poll::Ready(Err(timed_out(which)));
        }
        let this = &mut *self;
        let written = Pin::new(&mut this.io).poll_write(cx, data);
        this.after_write(cx, written)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if let Some(which) = self.expired {
            return Poll::Ready(Err(timed_out(which)));
        }
        let this = &mut *self;
        let written = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        this.after_write(cx, written)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        match Pin::new(&mut this.io).poll_flush(cx) {
            Poll::Pending => {
                this.check(cx)?;
                Poll::Pending
            }
            done => done,
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

/// Serves one accepted socket until it closes, times out, or `stop` turns
/// true (then it finishes the request in flight and closes).
pub(crate) async fn serve_connection(
    tcp: tokio::net::TcpStream,
    router: Router,
    timeouts: Timeouts,
    stats: Arc<ConnStats>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let _ = tcp.set_nodelay(true);
    stats.open.fetch_add(1, Ordering::Relaxed);
    let phase = Arc::new(Phase::default());
    let io = TokioIo::new(Guarded::new(
        tcp,
        Arc::clone(&phase),
        timeouts,
        Arc::clone(&stats),
    ));
    let service = Counted::new(router, phase);
    let mut builder = hyper::server::conn::http1::Builder::new();
    // The guard above bounds the head; hyper's own header timer would count
    // idle keep-alive time against it too.
    builder.header_read_timeout(None);
    let connection = builder.serve_connection(io, service);
    tokio::pin!(connection);
    let mut stopping = false;
    loop {
        tokio::select! {
            result = connection.as_mut() => {
                if let Err(e) = result {
                    tracing::debug!(error = %e, "connection ended with an error");
                }
                stats.open.fetch_sub(1, Ordering::Relaxed);
                return;
            }
            changed = stop.changed(), if !stopping => {
                if changed.is_err() || *stop.borrow() {
                    stopping = true;
                    connection.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_deadline_follows_the_phase() {
        let phase = Arc::new(Phase::default());
        let timeouts = Timeouts {
            header: Duration::from_secs(5),
            idle: Duration::from_secs(60),
        };
        let mut g = Guarded::new((), Arc::clone(&phase), timeouts, Arc::default());
        let start = g.moved;
        assert_eq!(g.deadline(), Some((start + timeouts.idle, "idle")));
        tokio::time::advance(Duration::from_secs(1)).await;
        g.on_progress(true);
        let head = g.head_started.expect("a byte starts the head");
        assert_eq!(g.deadline(), Some((head + timeouts.header, "header")));
        // Later bytes of the same head do not move its deadline.
        tokio::time::advance(Duration::from_secs(1)).await;
        g.on_progress(true);
        assert_eq!(g.deadline(), Some((head + timeouts.header, "header")));
        // The service has the request: no deadline here.
        let busy = BusyGuard::enter(&phase);
        assert_eq!(g.deadline(), None);
        tokio::time::advance(Duration::from_secs(100)).await;
        assert_eq!(g.deadline(), None);
        // The response is ready: a new idle phase from now.
        drop(busy);
        g.sync();
        assert_eq!(g.head_started, None);
        assert_eq!(g.deadline(), Some((Instant::now() + timeouts.idle, "idle")));
    }
}
