//! The render pool: the engine's fixed set of worker threads behind a
//! bounded queue. Rendering is CPU work and never runs on the async
//! runtime's threads; a full queue is refused at once (503), never buffered
//! without bound.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use plotmill_chart::ChartSpec;
use plotmill_data::{CsvOptions, Origin, Table, read_csv_bytes};
use plotmill_engine::pool::{Refused, Worker, WorkerConfig};
use plotmill_engine::{Fault, InlineData, RenderError, Renderer, inline_table};
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

/// The service's render pool: the engine's, counting the charts drawn.
#[derive(Debug)]
pub struct Pool {
    workers: plotmill_engine::pool::Pool<Task>,
    rendered: Arc<AtomicU64>,
}

impl Pool {
    /// Starts `workers` threads behind a queue of `capacity` tasks.
    pub fn start(
        workers: usize,
        capacity: usize,
        limits: Limits,
        font_files: Vec<std::path::PathBuf>,
    ) -> std::io::Result<Pool> {
        let rendered = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&rendered);
        let config = WorkerConfig { font_files, limits };
        let workers = plotmill_engine::pool::Pool::start(
            "render",
            workers,
            capacity,
            config,
            |_| (),
            move |worker: &mut Worker<()>, task: Task| {
                // A client that gave up does not need its chart.
                let result = if task.reply.is_closed() {
                    Err(Problem::unavailable("the client went away", 1))
                } else {
                    worker
                        .guard(|renderer, ()| render(renderer, &task.spec, &task.data))
                        .unwrap_or_else(|panic| {
                            tracing::error!("{panic}");
                            Err(Problem::new(
                                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                                "internal error while drawing (a bug in plotmill; please report it)",
                            )
                            .of(Fault::Internal))
                        })
                };
                if result.is_ok() {
                    counter.fetch_add(1, Ordering::Relaxed);
                }
                worker.task_done();
                let _ = task.reply.send(result);
            },
        )?;
        Ok(Pool { workers, rendered })
    }

    /// Queues a task, or refuses it at once when the queue is full.
    pub fn submit(&self, task: Task) -> Result<(), Refused> {
        self.workers.try_send(task)
    }

    /// Whether the queue is full.
    pub fn saturated(&self) -> bool {
        self.workers.depth() >= self.workers.capacity()
    }

    /// Tasks waiting or being drawn.
    pub fn depth(&self) -> usize {
        self.workers.depth()
    }

    /// The queue's capacity.
    pub fn capacity(&self) -> usize {
        self.workers.capacity()
    }

    /// Charts drawn.
    pub fn rendered(&self) -> u64 {
        self.rendered.load(Ordering::Relaxed)
    }
}

fn render(renderer: &mut Renderer, spec: &ChartSpec, data: &Data) -> Result<Vec<u8>, Problem> {
    let table: Table = match data {
        Data::Csv(bytes) => {
            let options = CsvOptions {
                labels: spec.label_columns(),
                ..CsvOptions::default()
            };
            read_csv_bytes(bytes, Origin::Memory, &options)
                .map_err(|e| {
                    Problem::unprocessable(format!("the CSV body: {}", e.kind)).of(Fault::Data)
                })?
                .table
        }
        Data::Columns(c) => {
            inline_table(c).map_err(|e| Problem::unprocessable(e.to_string()).of(Fault::Data))?
        }
    };
    let mut out = Vec::new();
    renderer.render(spec, &table, &mut out).map_err(|e| {
        let fault = e.fault();
        match e {
            // The handlers validate before queuing; this is for a spec
            // that came another way.
            RenderError::Spec(e) | RenderError::Chart(e) => Problem::unprocessable(e.to_string()),
            RenderError::Encode(e) => Problem::unprocessable(e.to_string()),
            RenderError::Limit(e) => Problem::unprocessable(format!(
                "the data has {} {}, more than this server's limit of {} ({})",
                e.found, e.what, e.max, e.name
            )),
        }
        .of(fault)
    })?;
    Ok(out)
}
