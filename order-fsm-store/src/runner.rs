//! The timer worker and the outbox relay as values a service starts and stops.
//!
//! ```text
//! let timers = TimerWorker::new(store.clone(), connect, hooks).interval(Duration::from_secs(1)).spawn()?;
//! let relay = OutboxRelay::new(store.clone(), connect, publisher).spawn()?;
//! …
//! timers.health();          // last scan, lag, backlog, last error
//! timers.shutdown()?;       // finishes the batch in hand, then returns
//! ```
//!
//! Each runner is a thread of its own with a connection of its own, opened by `connect` and
//! opened again after it is lost. A scan that found work is followed by the next at once;
//! one that found none waits `interval` (or until [`RunnerHandle::wake`]), and after an
//! error the runner waits longer each time, up to a minute.
//!
//! On SQLite the runners share the database's single writer with the service's own writes:
//! each opens its own connection, every write transaction takes the write lock at its start
//! (`BEGIN IMMEDIATE`) and waits up to the busy timeout for it, and the worker fires one timer
//! per transaction, so a writer never waits for more than one timer. The relay holds the lock
//! only for the one statement that claims a batch and for each row's mark; it publishes
//! outside any transaction.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use order_fsm::Machine;

use crate::db::Connection;
use crate::{Hooks, OrderKey, Publisher, Store, StoreError};

/// How a runner is doing, read with [`RunnerHandle::health`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Health {
    /// False once the runner stopped: shut down, or its thread panicked (a hook or the
    /// publisher panicked; [`RunnerHandle::shutdown`] returns the panic).
    pub running: bool,
    /// The store's clock at the end of the last scan that reached the database.
    pub last_scan_at_ms: Option<i64>,
    /// Scans in all, failed ones included.
    pub scans: u64,
    /// Timers fired and reminders run (the worker), or rows published (the relay), in all.
    pub handled: u64,
    /// Timers that failed and were pushed back or parked, or deliveries that failed or were
    /// dead-lettered, in all.
    pub failed: u64,
    /// What is due and not yet handled after the last scan: due timers, or rows waiting for
    /// delivery.
    pub backlog: i64,
    /// How late the oldest of them is, in ms (a timer past its due time, a row since its
    /// transition).
    pub lag_ms: i64,
    /// The last error, until a scan succeeds.
    pub last_error: Option<String>,
    /// Scans that failed in a row.
    pub consecutive_errors: u32,
}

/// The state a runner thread and its handle share.
struct Shared {
    state: Mutex<Control>,
    wake: Condvar,
}

#[derive(Default)]
struct Control {
    stop: bool,
    woken: bool,
    health: Health,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Control> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Wait up to `d`, or until stopped or woken; true when told to stop.
    fn wait(&self, d: Duration) -> bool {
        let guard = self.lock();
        let (mut guard, _) = self
            .wake
            .wait_timeout_while(guard, d, |c| !c.stop && !c.woken)
            .unwrap_or_else(PoisonError::into_inner);
        guard.woken = false;
        guard.stop
    }

    fn stopping(&self) -> bool {
        self.lock().stop
    }
}

/// Marks the runner stopped when its thread ends, also by a panic.
struct Running(Arc<Shared>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.lock().health.running = false;
    }
}

/// A started runner: its health, and the way to stop it. Dropping the handle stops the
/// runner too, after the batch in hand.
pub struct RunnerHandle {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

/// A runner whose thread panicked (a hook or the publisher panicked). Nothing of the
/// transaction it was in was kept.
#[derive(Debug)]
pub struct RunnerPanicked(pub String);

impl std::fmt::Display for RunnerPanicked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the runner's thread panicked: {}", self.0)
    }
}

impl std::error::Error for RunnerPanicked {}

impl RunnerHandle {
    /// How the runner is doing now.
    pub fn health(&self) -> Health {
        self.shared.lock().health.clone()
    }

    /// Scan now instead of at the end of the wait (after a write that armed a short timer,
    /// say).
    pub fn wake(&self) {
        self.shared.lock().woken = true;
        self.shared.wake.notify_all();
    }

    /// Stop: the batch in hand is finished (each timer or row it claimed is handled and
    /// marked), then the thread ends and this returns. An error if the thread panicked.
    pub fn shutdown(mut self) -> Result<(), RunnerPanicked> {
        self.stop()
    }

    fn stop(&mut self) -> Result<(), RunnerPanicked> {
        self.shared.lock().stop = true;
        self.shared.wake.notify_all();
        match self.thread.take().map(JoinHandle::join) {
            Some(Err(panic)) => {
                let text = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a panic without a message".to_owned());
                Err(RunnerPanicked(text))
            }
            _ => Ok(()),
        }
    }
}

impl Drop for RunnerHandle {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}

/// What one scan did, as the loop needs it.
struct Scan {
    handled: u64,
    failed: u64,
    /// Rows or timers claimed.
    claimed: usize,
}

/// The loop both runners share: connect, scan, record, wait.
fn run_loop<C, M, K>(
    shared: Arc<Shared>,
    store: Store<M, K>,
    mut connect: impl FnMut() -> Result<C, StoreError>,
    interval: Duration,
    mut scan: impl FnMut(&Store<M, K>, &mut C) -> Result<Scan, StoreError>,
    backlog: impl Fn(&Store<M, K>, &mut C) -> Result<(i64, i64), StoreError>,
) where
    C: Connection,
    M: Machine,
    K: OrderKey,
{
    let _running = Running(shared.clone());
    let mut conn: Option<C> = None;
    while !shared.stopping() {
        let result = match conn.as_mut() {
            Some(c) => scan(&store, c),
            None => connect().and_then(|mut c| {
                let r = scan(&store, &mut c);
                conn = Some(c);
                r
            }),
        };
        let wait = {
            let mut control = shared.lock();
            let h = &mut control.health;
            h.scans += 1;
            match result {
                Ok(s) => {
                    h.handled += s.handled;
                    h.failed += s.failed;
                    h.last_scan_at_ms = Some(store.now_ms());
                    h.last_error = None;
                    h.consecutive_errors = 0;
                    drop(control);
                    if let Some(c) = conn.as_mut() {
                        if let Ok((count, lag)) = backlog(&store, c) {
                            let mut control = shared.lock();
                            control.health.backlog = count;
                            control.health.lag_ms = lag;
                        }
                    }
                    // Handling a row may free the next one (the relay delivers an order's
                    // rows one after the other): scan again until a scan finds nothing.
                    if s.claimed > 0 {
                        Duration::ZERO
                    } else {
                        interval
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "runner scan failed");
                    h.last_error = Some(e.to_string());
                    h.consecutive_errors = h.consecutive_errors.saturating_add(1);
                    let n = h.consecutive_errors;
                    drop(control);
                    if matches!(&e, StoreError::Db(d) if d.kind == crate::DbErrorKind::ConnectionLost)
                    {
                        conn = None;
                    }
                    let factor = 1u32 << n.min(6);
                    (interval * factor).min(Duration::from_secs(60))
                }
            }
        };
        if !wait.is_zero() && shared.wait(wait) {
            break;
        }
    }
}

fn start(
    name: &str,
    body: impl FnOnce(Arc<Shared>) + Send + 'static,
) -> std::io::Result<RunnerHandle> {
    let shared = Arc::new(Shared {
        state: Mutex::new(Control {
            health: Health {
                running: true,
                ..Health::default()
            },
            ..Control::default()
        }),
        wake: Condvar::new(),
    });
    let inner = shared.clone();
    let thread = std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || body(inner))?;
    Ok(RunnerHandle {
        shared,
        thread: Some(thread),
    })
}

/// The timer worker: fires due timers through [`Store::fire_due_timers`], on a thread of
/// its own, until shut down.
pub struct TimerWorker<M: Machine, K: OrderKey, F, H> {
    store: Store<M, K>,
    connect: F,
    hooks: H,
    interval: Duration,
    batch: usize,
}

impl<M, K, C, F, H> TimerWorker<M, K, F, H>
where
    M: Machine + 'static,
    K: OrderKey + Send + 'static,
    C: Connection,
    F: FnMut() -> Result<C, StoreError> + Send + 'static,
    H: Hooks<M, K, C> + Send + 'static,
{
    /// A worker for `store`'s timers, on connections from `connect`, answering guards and
    /// running in-transaction actions with `hooks`. Every second, 100 timers a scan, until
    /// said otherwise.
    pub fn new(store: Store<M, K>, connect: F, hooks: H) -> Self {
        TimerWorker {
            store,
            connect,
            hooks,
            interval: Duration::from_secs(1),
            batch: 100,
        }
    }

    /// The wait after a scan that found nothing due.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// Timers fired per scan at most (each in its own transaction).
    pub fn batch(mut self, batch: usize) -> Self {
        self.batch = batch.max(1);
        self
    }

    /// Start the worker's thread.
    pub fn spawn(self) -> std::io::Result<RunnerHandle> {
        let TimerWorker {
            store,
            connect,
            mut hooks,
            interval,
            batch,
        } = self;
        start("order-fsm-timers", move |shared| {
            run_loop(
                shared,
                store,
                connect,
                interval,
                |store, conn| {
                    let r = store.fire_due_timers(conn, &mut hooks, batch)?;
                    Ok(Scan {
                        handled: r.fired + r.reminders,
                        failed: r.failed + r.parked,
                        claimed: (r.fired
                            + r.reminders
                            + r.rejected
                            + r.stale
                            + r.conflicts
                            + r.failed
                            + r.parked) as usize,
                    })
                },
                |store, conn| store.timer_backlog(conn),
            )
        })
    }
}

/// The outbox relay: delivers the outbox through [`Store::relay`], on a thread of its own,
/// until shut down.
pub struct OutboxRelay<M: Machine, K: OrderKey, F, P> {
    store: Store<M, K>,
    connect: F,
    publisher: P,
    interval: Duration,
    batch: usize,
}

impl<M, K, C, F, P> OutboxRelay<M, K, F, P>
where
    M: Machine + 'static,
    K: OrderKey + Send + 'static,
    C: Connection,
    F: FnMut() -> Result<C, StoreError> + Send + 'static,
    P: Publisher<M, K> + Send + 'static,
{
    /// A relay of `store`'s outbox, on connections from `connect`, delivering with
    /// `publisher`. Every second, 100 rows a scan, until said otherwise.
    pub fn new(store: Store<M, K>, connect: F, publisher: P) -> Self {
        OutboxRelay {
            store,
            connect,
            publisher,
            interval: Duration::from_secs(1),
            batch: 100,
        }
    }

    /// The wait after a scan that found nothing due.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// Rows claimed per scan at most.
    pub fn batch(mut self, batch: usize) -> Self {
        self.batch = batch.max(1);
        self
    }

    /// Start the relay's thread.
    pub fn spawn(self) -> std::io::Result<RunnerHandle> {
        let OutboxRelay {
            store,
            connect,
            mut publisher,
            interval,
            batch,
        } = self;
        start("order-fsm-relay", move |shared| {
            run_loop(
                shared,
                store,
                connect,
                interval,
                |store, conn| {
                    let r = store.relay(conn, &mut publisher, batch)?;
                    Ok(Scan {
                        handled: r.published,
                        failed: r.failed + r.dead,
                        claimed: r.total() as usize,
                    })
                },
                |store, conn| store.outbox_backlog(conn),
            )
        })
    }
}
