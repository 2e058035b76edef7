//! Receiving request bodies, bounded in time and in memory.
//!
//! A request counts against `--max-connections` only once its body is in:
//! clients that send headers and then stall or trickle their body must not
//! keep real requests out (a slowloris on bodies). What receiving bodies
//! costs is bounded instead by time (`--body-timeout`, 408) and by a budget
//! of bytes for all bodies still arriving together (`--body-budget`, 503):
//! a stalled body holds only the bytes it sent.

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::{Body, Bytes};
use axum::http::StatusCode;
use http_body_util::BodyExt;

use crate::Problem;

/// Bytes held by bodies still arriving, against a budget.
#[derive(Debug)]
pub(crate) struct Budget {
    held: AtomicUsize,
    max: usize,
}

/// A body's share of the [`Budget`]; given back when dropped.
struct Share<'a> {
    budget: &'a Budget,
    bytes: usize,
}

impl Budget {
    pub(crate) fn new(max: usize) -> Self {
        Budget {
            held: AtomicUsize::new(0),
            max,
        }
    }

    /// Bytes held now.
    pub(crate) fn held(&self) -> usize {
        self.held.load(Ordering::Relaxed)
    }
}

impl Share<'_> {
    /// Takes `n` more bytes, if the budget has them.
    fn take(&mut self, n: usize) -> bool {
        let taken = self
            .budget
            .held
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |held| {
                held.checked_add(n).filter(|&t| t <= self.budget.max)
            })
            .is_ok();
        if taken {
            self.bytes += n;
        }
        taken
    }
}

impl Drop for Share<'_> {
    fn drop(&mut self) {
        self.budget.held.fetch_sub(self.bytes, Ordering::SeqCst);
    }
}

/// The whole body, at most `max` bytes (413 beyond), within the budget
/// (503 beyond). The caller bounds the time.
pub(crate) async fn receive(mut body: Body, max: usize, budget: &Budget) -> Result<Bytes, Problem> {
    let mut share = Share { budget, bytes: 0 };
    let mut whole = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame =
            frame.map_err(|e| Problem::bad_request(format!("the body could not be read: {e}")))?;
        let Ok(data) = frame.into_data() else {
            continue;
        };
        if whole.len() + data.len() > max {
            return Err(Problem::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the body is larger than this server's limit of {max} bytes"),
            ));
        }
        if !share.take(data.len()) {
            return Err(Problem::unavailable(
                format!(
                    "the server is receiving {} bytes of request bodies already, its budget \
                     (--body-budget); retry shortly",
                    budget.max
                ),
                1,
            ));
        }
        if whole.is_empty() && axum::body::HttpBody::is_end_stream(&body) {
            // One frame is the whole body: keep it as it came, no copy.
            return Ok(data);
        }
        whole.extend_from_slice(&data);
    }
    Ok(Bytes::from(whole))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_taken_within_the_budget_and_given_back() {
        let budget = Budget::new(100);
        let mut a = Share {
            budget: &budget,
            bytes: 0,
        };
        assert!(a.take(60));
        let mut b = Share {
            budget: &budget,
            bytes: 0,
        };
        assert!(!b.take(50));
        assert!(b.take(40));
        assert_eq!(budget.held(), 100);
        drop(a);
        assert_eq!(budget.held(), 40);
        drop(b);
        assert_eq!(budget.held(), 0);
    }
}
