//! Retrying calls that lost a race.

use std::time::Duration;

use order_fsm::Machine;

use crate::{OrderKey, Store, StoreError};

/// How often and how patiently [`Store::retry`] tries again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retry {
    /// Attempts in all, the first included.
    pub attempts: u32,
    /// Wait before a retry after a busy database; doubled each time, with jitter. A retry
    /// after a conflict goes at once.
    pub backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            attempts: 10,
            backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(200),
        }
    }
}

impl Retry {
    /// Up to `attempts` attempts with the default backoff.
    pub fn times(attempts: u32) -> Self {
        Retry {
            attempts,
            ..Retry::default()
        }
    }
}

/// A little jitter without a random number crate: the low bits of the clock and a
/// per-call counter.
fn jitter(max: u64) -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0x9E37_79B9_7F4A_7C15);
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos() as u64);
    let mut x = N.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed) ^ t;
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    if max == 0 {
        0
    } else {
        x % max
    }
}

impl<M: Machine, K: OrderKey> Store<M, K> {
    /// Run `call` until it succeeds, fails with an error that is not
    /// [retryable](StoreError::is_retryable) (a conflict, a busy database), or `policy`'s
    /// attempts are used up. Each attempt must be a whole transaction (a request's `run`,
    /// or your own transaction around `run_in`): it reads the order again. A single request
    /// says it shorter: [`Fire::retry`](crate::Fire::retry).
    pub fn retry<T>(
        &self,
        policy: Retry,
        mut call: impl FnMut() -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut wait = policy.backoff;
        let mut attempt = 1;
        loop {
            match call() {
                Err(e) if e.is_retryable() && attempt < policy.attempts.max(1) => {
                    self.metrics.count("retry");
                    // A conflict means the other writer has committed (its row lock made our
                    // compare-and-set wait for it), so the retry goes at once: the database
                    // paces it. A busy database waits and backs off.
                    let immediate = matches!(e, StoreError::Conflict { .. });
                    if !immediate {
                        let ns = wait.as_nanos() as u64;
                        std::thread::sleep(Duration::from_nanos(ns / 2 + jitter(ns / 2 + 1)));
                        wait = (wait * 2).min(policy.max_backoff);
                    }
                    attempt += 1;
                }
                r => return r,
            }
        }
    }
}
