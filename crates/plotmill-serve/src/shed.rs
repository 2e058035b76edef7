//! Requests still receiving their body, which the server may shed.
//!
//! A request holds one of the `--max-connections` places from its headers
//! on, body included, since its body takes memory. Clients that send
//! headers and then stall (or trickle) their body would fill every place
//! until the body timeout, and real requests would get 503 meanwhile. So
//! when a request arrives at a full server, the body reader that has waited
//! longest is shed (408) if it has waited at least [`SHED_AFTER`]: a body
//! that is not whole after a second is the slowest claim on a place, and a
//! client that sends its request whole loses nothing.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

/// How long a body reader is safe from being shed.
pub(crate) const SHED_AFTER: Duration = Duration::from_secs(1);

/// The body readers, oldest first (ids grow with time).
#[derive(Debug, Default)]
pub(crate) struct Readers {
    waiting: Mutex<BTreeMap<u64, (Instant, Arc<Notify>)>>,
    next: AtomicU64,
    /// Readers shed so far.
    pub(crate) shed: AtomicU64,
}

/// A body reader's place in [`Readers`]; leaves it when dropped.
pub(crate) struct Reader<'a> {
    readers: &'a Readers,
    id: u64,
    /// Notified when this reader is shed.
    pub(crate) shed: Arc<Notify>,
}

impl Readers {
    /// Registers a body reader starting now.
    pub(crate) fn enter(&self) -> Reader<'_> {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let shed = Arc::new(Notify::new());
        if let Ok(mut w) = self.waiting.lock() {
            w.insert(id, (Instant::now(), Arc::clone(&shed)));
        }
        Reader {
            readers: self,
            id,
            shed,
        }
    }

    /// Sheds the reader that has waited longest, if it has waited at least
    /// `min`; tells whether one was.
    pub(crate) fn shed_oldest(&self, min: Duration) -> bool {
        let Ok(mut w) = self.waiting.lock() else {
            return false;
        };
        let Some(entry) = w.first_entry() else {
            return false;
        };
        if entry.get().0.elapsed() < min {
            return false;
        }
        let (_, notify) = entry.remove();
        // A permit is stored if the reader is not waiting yet.
        notify.notify_one();
        self.shed.fetch_add(1, Ordering::Relaxed);
        true
    }
}

impl Drop for Reader<'_> {
    fn drop(&mut self) {
        if let Ok(mut w) = self.readers.waiting.lock() {
            w.remove(&self.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_reader_is_shed_and_only_after_the_grace() {
        let readers = Readers::default();
        let first = readers.enter();
        let second = readers.enter();
        assert!(!readers.shed_oldest(Duration::from_secs(3600)));
        assert!(readers.shed_oldest(Duration::ZERO));
        // The first one was told; the second was not.
        let told = |r: &Reader| {
            let f = r.shed.notified();
            futures_now(f)
        };
        assert!(told(&first));
        assert!(!told(&second));
        drop(first);
        drop(second);
        assert!(!readers.shed_oldest(Duration::ZERO));
        assert_eq!(readers.shed.load(Ordering::Relaxed), 1);
    }

    /// Whether a `Notified` is ready at once (a stored permit).
    fn futures_now(f: tokio::sync::futures::Notified<'_>) -> bool {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a runtime");
        rt.block_on(async {
            tokio::time::timeout(Duration::from_millis(10), f)
                .await
                .is_ok()
        })
    }
}
