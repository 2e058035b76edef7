//! The worker pool every front end draws with: a fixed set of threads
//! behind a bounded queue, each with its own [`Renderer`] (fonts, canvas)
//! reused from chart to chart. The batch engine waits for room in the queue
//! ([`Pool::send`]); the HTTP service refuses a task at once when there is
//! none ([`Pool::try_send`]), so neither buffers without bound. A panic
//! while drawing (a bug) fails that task only: the worker starts again
//! with fresh state.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use plotmill_text::FontBook;

use crate::{Limits, Renderer};

/// What every worker of a pool draws with.
#[derive(Debug, Clone, Default)]
pub struct WorkerConfig {
    /// Font files added to the built-in fonts.
    pub font_files: Vec<PathBuf>,
    /// The limits on each chart.
    pub limits: Limits,
}

impl WorkerConfig {
    /// A renderer with these fonts and limits. A font file that cannot be
    /// read is logged and left out.
    pub fn renderer(&self) -> Renderer {
        let mut fonts = FontBook::new();
        for path in &self.font_files {
            if let Err(e) = fonts.add_font_file(path) {
                tracing::warn!("{e}");
            }
        }
        Renderer::new(fonts, self.limits.clone())
    }
}

/// One worker's renderer and its own state `S` (buffers, a file writer),
/// both made afresh after a panic.
pub struct Worker<S> {
    /// The worker's number, from 0.
    pub index: usize,
    renderer: Renderer,
    state: S,
    config: Arc<WorkerConfig>,
    make: Arc<MakeState<S>>,
    depth: Arc<AtomicUsize>,
    /// Whether the current task was counted out of the depth.
    counted_out: bool,
}

type MakeState<S> = dyn Fn(usize) -> S + Send + Sync;

impl<S> std::fmt::Debug for Worker<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker")
            .field("index", &self.index)
            .finish()
    }
}

/// A panic caught while drawing: what it said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panicked(pub String);

impl std::fmt::Display for Panicked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "internal error while drawing (a bug in plotmill; please report it): {}",
            self.0
        )
    }
}

/// The pool was stopped, or every worker ended: the task was not queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The queue is full (only from [`Pool::try_send`]).
    Full,
    /// No worker is left to take it.
    Closed,
}

/// A fixed set of workers behind a bounded queue of tasks `T`.
pub struct Pool<T> {
    queue: Option<SyncSender<T>>,
    depth: Arc<AtomicUsize>,
    capacity: usize,
    threads: Vec<JoinHandle<()>>,
}

impl<T> std::fmt::Debug for Pool<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool")
            .field("workers", &self.threads.len())
            .field("capacity", &self.capacity)
            .field("depth", &self.depth.load(Ordering::SeqCst))
            .finish()
    }
}

impl<S> Worker<S> {
    /// Counts the current task out of [`Pool::depth`]: call it just before
    /// handing the task's result back, so that whoever reads the depth
    /// after the result sees it gone. (It is done after the handler
    /// returns otherwise.)
    pub fn task_done(&mut self) {
        if !self.counted_out {
            self.counted_out = true;
            self.depth.fetch_sub(1, Ordering::SeqCst);
        }
    }

    /// Runs `draw` with the worker's renderer and state. A panic in it is
    /// caught and returned; the renderer and the state are then made anew
    /// so nothing half-changed is reused.
    pub fn guard<R>(
        &mut self,
        draw: impl FnOnce(&mut Renderer, &mut S) -> R,
    ) -> Result<R, Panicked> {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            draw(&mut self.renderer, &mut self.state)
        }));
        result.map_err(|panic| {
            self.renderer = self.config.renderer();
            self.state = (self.make)(self.index);
            Panicked(
                panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default(),
            )
        })
    }
}

impl<T: Send + 'static> Pool<T> {
    /// Starts `workers` threads (at least one) named `name-N`, behind a
    /// queue of `capacity` tasks. Each worker makes its state with
    /// `state(index)` and hands each task to `handle`, which draws it
    /// (through [`Worker::guard`]) and sends its result wherever it goes.
    pub fn start<S: 'static>(
        name: &str,
        workers: usize,
        capacity: usize,
        config: WorkerConfig,
        state: impl Fn(usize) -> S + Send + Sync + 'static,
        handle: impl Fn(&mut Worker<S>, T) + Send + Sync + 'static,
    ) -> std::io::Result<Pool<T>> {
        let (queue, rx) = sync_channel::<T>(capacity);
        let rx = Arc::new(Mutex::new(rx));
        let depth = Arc::new(AtomicUsize::new(0));
        let config = Arc::new(config);
        let make: Arc<MakeState<S>> = Arc::new(state);
        let handle = Arc::new(handle);
        let mut threads = Vec::new();
        for index in 0..workers.max(1) {
            let (rx, depth, config, make, handle) = (
                Arc::clone(&rx),
                Arc::clone(&depth),
                Arc::clone(&config),
                Arc::clone(&make),
                Arc::clone(&handle),
            );
            let thread = std::thread::Builder::new()
                .name(format!("{name}-{index}"))
                .spawn(move || {
                    let mut worker = Worker {
                        index,
                        renderer: config.renderer(),
                        state: make(index),
                        config,
                        make,
                        depth,
                        counted_out: false,
                    };
                    work(&mut worker, &rx, &*handle);
                })?;
            threads.push(thread);
        }
        Ok(Pool {
            queue: Some(queue),
            depth,
            capacity,
            threads,
        })
    }

    /// Queues `task`, waiting for room.
    pub fn send(&self, task: T) -> Result<(), Refused> {
        let queue = self.queue.as_ref().ok_or(Refused::Closed)?;
        self.depth.fetch_add(1, Ordering::SeqCst);
        queue.send(task).map_err(|_| {
            self.depth.fetch_sub(1, Ordering::SeqCst);
            Refused::Closed
        })
    }

    /// Queues `task` if there is room now.
    pub fn try_send(&self, task: T) -> Result<(), Refused> {
        let queue = self.queue.as_ref().ok_or(Refused::Closed)?;
        self.depth.fetch_add(1, Ordering::SeqCst);
        queue.try_send(task).map_err(|e| {
            self.depth.fetch_sub(1, Ordering::SeqCst);
            match e {
                TrySendError::Full(_) => Refused::Full,
                TrySendError::Disconnected(_) => Refused::Closed,
            }
        })
    }

    /// Tasks queued or being drawn.
    pub fn depth(&self) -> usize {
        self.depth.load(Ordering::SeqCst)
    }

    /// The queue's capacity.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Closes the queue and waits until the workers have drawn every task
    /// in it.
    pub fn finish(mut self) {
        self.queue = None;
        for thread in std::mem::take(&mut self.threads) {
            if let Err(panic) = thread.join() {
                std::panic::resume_unwind(panic);
            }
        }
    }
}

/// A worker's loop: takes tasks until the queue closes.
fn work<T, S>(worker: &mut Worker<S>, rx: &Mutex<Receiver<T>>, handle: &dyn Fn(&mut Worker<S>, T)) {
    loop {
        let task = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(task) = task else { return };
        worker.counted_out = false;
        handle(worker, task);
        worker.task_done();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    #[test]
    fn every_task_is_done_and_a_panic_fails_only_its_own() {
        let (tx, rx) = channel::<(u32, Result<u32, Panicked>)>();
        let tx = Mutex::new(tx);
        let pool = Pool::start(
            "test",
            2,
            4,
            WorkerConfig::default(),
            |_| 0u32,
            move |worker, task: u32| {
                let result = worker.guard(|_, drawn| {
                    assert!(task != 3, "task 3 panics");
                    *drawn += 1;
                    task * 10
                });
                let _ = tx.lock().map(|tx| tx.send((task, result)));
            },
        )
        .unwrap();
        for task in 0..8 {
            pool.send(task).unwrap();
        }
        pool.finish();
        let mut results: Vec<_> = rx.iter().collect();
        results.sort_by_key(|r| r.0);
        assert_eq!(results.len(), 8);
        for (task, result) in results {
            match task {
                3 => assert_eq!(result, Err(Panicked("task 3 panics".into()))),
                _ => assert_eq!(result, Ok(task * 10)),
            }
        }
    }

    #[test]
    fn a_full_queue_is_refused_at_once() {
        let (gate_tx, gate_rx) = channel::<()>();
        let gate = Mutex::new(gate_rx);
        let pool = Pool::start(
            "test",
            1,
            1,
            WorkerConfig::default(),
            |_| (),
            move |_, _task: u32| {
                let _ = gate.lock().map(|g| g.recv());
            },
        )
        .unwrap();
        // One task being drawn (held at the gate), one queued: the next is
        // refused.
        pool.send(1).unwrap();
        let mut refused = false;
        for _ in 0..100 {
            if pool.try_send(2) == Err(Refused::Full) {
                refused = true;
                break;
            }
        }
        assert!(refused);
        // The refused task is not counted; the one queued and the one
        // drawn (once the worker has taken it) are.
        assert!((1..=2).contains(&pool.depth()), "{}", pool.depth());
        for _ in 0..3 {
            let _ = gate_tx.send(());
        }
        drop(gate_tx);
        pool.finish();
    }
}
