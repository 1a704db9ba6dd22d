//! `order-fsm preview`: the time from a save to the page's new content, as a page sees it.
//!
//! The command runs as a user runs it (the benchmark profile's binary, on a temporary copy
//! of the spec); the benchmark holds the page's event stream open, saves the file with one
//! state's label changed, waits for the `update` event, then fetches the changed part of the
//! page and checks the new label is in it. That is the watcher's look at the file (every
//! 40 ms), reading and compiling the spec once, drawing the document, and the two requests.
//!
//! * `specs/order.fsm` (8 states);
//! * a generated 1,000-state spec (`order_fsm_testing::generate_spec(1000, 3)`).
//!
//! The baseline in the same run: compiling the spec and drawing its HTML document in this
//! process, what any redraw costs at least; the rest is the wait for the watcher's next look
//! (at most 40 ms: the benchmark saves right after the previous change was seen, so it
//! measures the longest wait) and the requests.
//!
//! Run: `cargo bench -p order-fsm-cli --bench preview`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};

struct Preview {
    child: Child,
    port: u16,
    spec: PathBuf,
    events: BufReader<TcpStream>,
    _dir: tempfile::TempDir,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Preview {
    fn start(text: &str) -> Preview {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("spec.fsm");
        std::fs::write(&spec, text).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_order-fsm"))
            .args(["preview", "--lang", "zh"])
            .arg(&spec)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let port: u16 = first
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap();
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            s,
            "GET /events?since=0 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        )
        .unwrap();
        let mut p = Preview {
            child,
            port,
            spec,
            events: BufReader::new(s),
            _dir: dir,
        };
        p.next_update();
        p
    }

    /// Blocks until the stream announces a new version.
    fn next_update(&mut self) -> u64 {
        let mut line = String::new();
        loop {
            line.clear();
            assert!(
                self.events.read_line(&mut line).unwrap() > 0,
                "stream closed"
            );
            if let Some(v) = line.strip_prefix("data: ") {
                return v.trim().parse().unwrap();
            }
        }
    }

    fn live(&self) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            s,
            "GET /live HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
            self.port
        )
        .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    }
}

fn save_to_page(c: &mut Criterion, name: &str, text: &str, label: &str, samples: usize) {
    let mut p = Preview::start(text);
    let mut n = 0u64;
    let mut group = c.benchmark_group("preview save to page");
    group.sample_size(samples);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function(format!("{name}: compile and draw only"), |b| {
        b.iter(|| {
            let c = order_fsm_core::compile_bytes("spec.fsm", text.as_bytes());
            let spec = c.spec.as_ref().unwrap();
            order_fsm_doc::html::render(spec, &spec.machines[0], order_fsm_doc::Lang::Zh).len()
        })
    });
    group.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                n += 1;
                let marker = format!("标记{n}");
                let saved = text.replacen(label, &format!("\"{marker}\""), 1);
                let t0 = Instant::now();
                std::fs::write(&p.spec, &saved).unwrap();
                // A look may fall while the file is being written; the page shows the save
                // at the first update whose page has it.
                for _ in 0..100 {
                    p.next_update();
                    if p.live().contains(&marker) {
                        break;
                    }
                }
                total += t0.elapsed();
                assert!(
                    p.live().contains(&marker),
                    "the page does not show the save"
                );
            }
            total
        })
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    let order =
        std::fs::read_to_string(order_fsm_testing::workspace_path("specs/order.fsm")).unwrap();
    save_to_page(c, "specs/order.fsm", &order, "\"待付款\"", 20);
    let big = order_fsm_testing::generate_spec(1000, 3);
    save_to_page(c, "1000 states", &big, "\"状态0\"", 10);
}

criterion_group!(preview, benches);
criterion_main!(preview);
