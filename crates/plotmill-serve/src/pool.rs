//! The render pool: a fixed set of worker threads behind a bounded queue.
//! Rendering is CPU work and never runs on the async runtime's threads; a
//! full queue is refused at once (503), never buffered without bound.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};

use plotmill_batch::{InlineData, RenderError, Renderer, inline_table};
use plotmill_chart::ChartSpec;
use plotmill_data::{CsvOptions, Origin, Table, read_csv_bytes};
use plotmill_text::FontBook;
use tokio::sync::oneshot;

use crate::Limits;
use crate::problem::Problem;

/// A chart's data, as the request carried it.
#[derive(Debug)]
pub enum Data {
    /// CSV bytes.
    Csv(Vec<u8>),
    /// Inline columns.
    Columns(InlineData),
}

/// One render to do.
#[derive(Debug)]
pub struct Task {
    /// What to draw.
    pub spec: ChartSpec,
    /// From what.
    pub data: Data,
    /// Where the answer goes.
    pub reply: oneshot::Sender<Result<Vec<u8>, Problem>>,
}

/// The queue had no room for a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueFull;

/// The pool's handle: submit tasks, read its counters.
#[derive(Debug, Clone)]
pub struct Pool {
    queue: SyncSender<Task>,
    /// Tasks waiting or being drawn.
    pub depth: Arc<AtomicUsize>,
    /// The queue's capacity.
    pub capacity: usize,
    /// Charts drawn.
    pub rendered: Arc<AtomicU64>,
}

impl Pool {
    /// Starts `workers` threads behind a queue of `capacity` tasks.
    pub fn start(
        workers: usize,
        capacity: usize,
        limits: Limits,
        fonts: Vec<std::path::PathBuf>,
    ) -> Pool {
        let (queue, rx) = sync_channel::<Task>(capacity);
        let rx = Arc::new(Mutex::new(rx));
        let depth = Arc::new(AtomicUsize::new(0));
        let rendered = Arc::new(AtomicU64::new(0));
        for i in 0..workers.max(1) {
            let (rx, depth, rendered, limits, fonts) = (
                Arc::clone(&rx),
                Arc::clone(&depth),
                Arc::clone(&rendered),
                limits.clone(),
                fonts.clone(),
            );
            let spawned = std::thread::Builder::new()
                .name(format!("render-{i}"))
                .spawn(move || work(&rx, &depth, &rendered, &limits, &fonts));
            if let Err(e) = spawned {
                tracing::error!("cannot start render worker {i}: {e}");
            }
        }
        Pool {
            queue,
            depth,
            capacity,
            rendered,
        }
    }

    /// Queues a task, or drops it when the queue is full.
    pub fn submit(&self, task: Task) -> Result<(), QueueFull> {
        self.depth.fetch_add(1, Ordering::SeqCst);
        match self.queue.try_send(task) {
            Ok(()) => Ok(()),
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {
                self.depth.fetch_sub(1, Ordering::SeqCst);
                Err(QueueFull)
            }
        }
    }

    /// Whether the queue is full.
    pub fn saturated(&self) -> bool {
        self.depth.load(Ordering::SeqCst) >= self.capacity
    }
}

fn work(
    rx: &Mutex<Receiver<Task>>,
    depth: &AtomicUsize,
    rendered: &AtomicU64,
    limits: &Limits,
    font_files: &[std::path::PathBuf],
) {
    let mut fonts = FontBook::new();
    for f in font_files {
        if let Err(e) = fonts.add_font_file(f) {
            tracing::warn!("{e}");
        }
    }
    let mut renderer = Renderer::new(fonts, limits.clone());
    loop {
        let task = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(task) = task else { return };
        // A client that gave up does not need its chart.
        let result = if task.reply.is_closed() {
            Err(Problem::unavailable("the client went away", 1))
        } else {
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                render(&mut renderer, &task.spec, &task.data)
            }));
            match r {
                Ok(r) => r,
                Err(_) => Err(Problem::new(
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                    "internal error while drawing (a bug in plotmill; please report it)",
                )),
            }
        };
        if result.is_ok() {
            rendered.fetch_add(1, Ordering::Relaxed);
        }
        depth.fetch_sub(1, Ordering::SeqCst);
        let _ = task.reply.send(result);
    }
}

fn render(renderer: &mut Renderer, spec: &ChartSpec, data: &Data) -> Result<Vec<u8>, Problem> {
    let table: Table = match data {
        Data::Csv(bytes) => {
            read_csv_bytes(bytes, Origin::Memory, &CsvOptions::default())
                .map_err(|e| Problem::unprocessable(format!("the CSV body: {}", e.kind)))?
                .table
        }
        Data::Columns(c) => inline_table(c).map_err(|e| Problem::unprocessable(e.to_string()))?,
    };
    let mut out = Vec::new();
    renderer
        .render(spec, &table, &mut out)
        .map_err(|e| match e {
            // The handlers validate before queuing; this is for a spec
            // that came another way.
            RenderError::Spec(e) | RenderError::Chart(e) => Problem::unprocessable(e.to_string()),
            RenderError::Encode(e) => Problem::unprocessable(e.to_string()),
            RenderError::Limit(e) => Problem::unprocessable(format!(
                "the data has {} {}, more than this server's limit of {} ({})",
                e.found, e.what, e.max, e.name
            )),
        })?;
    Ok(out)
}
