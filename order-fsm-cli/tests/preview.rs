//! `order-fsm preview`: the server refuses what is not its own page (another `Host`, paths
//! outside it, an "open" of another file), follows the file through saves, errors, a
//! delete and bad input, and its simulate panel says what `simulate` says.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `order-fsm preview`, stopped when dropped.
struct Preview {
    child: Child,
    port: u16,
    spec: PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(text: &str, extra: &[&str]) -> Preview {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("order.fsm");
    std::fs::write(&spec, text).unwrap();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("order-fsm"))
        .arg("preview")
        .arg(&spec)
        .args(extra)
        .env_remove("VISUAL")
        .env_remove("EDITOR")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let port = first
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {first:?}"));
    Preview {
        child,
        port,
        spec,
        _dir: dir,
    }
}

/// A raw request (the head as given, so that nothing normalises the path); the status and
/// the whole answer.
fn raw(port: u16, head: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(head.as_bytes()).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let out = String::from_utf8_lossy(&out).into_owned();
    let status = out
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, out)
}

fn get(p: &Preview, target: &str) -> (u16, String) {
    raw(
        p.port,
        &format!(
            "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
            p.port
        ),
    )
}

fn open(p: &Preview, query: &str, headers: &str) -> (u16, String) {
    raw(
        p.port,
        &format!(
            "POST /open?{query} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n{headers}Content-Length: 0\r\n\r\n",
            p.port
        ),
    )
}

/// Waits until `/live` satisfies `ok`, or fails after 20 seconds; the part then.
fn live_until(p: &Preview, what: &str, ok: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (_, body) = get(p, "/live");
        if ok(&body) {
            return body;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the page never showed {what}; it shows:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn order_spec() -> String {
    std::fs::read_to_string(order_fsm_testing::workspace_path("specs/order.fsm")).unwrap()
}

#[test]
fn refuses_other_hosts_paths_outside_the_page_and_other_files() {
    let p = start(&order_spec(), &[]);
    let port = p.port;
    // The page itself answers.
    let (status, page) = get(&p, "/");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("id=\"pv-doc\""), "{page}");
    // Another Host: a DNS name of another site pointed at this port.
    for host in [
        "Host: evil.example\r\n".to_string(),
        format!("Host: evil.example:{port}\r\n"),
        format!("Host: 127.0.0.1:{}\r\n", port.wrapping_add(1)),
        String::new(),
        format!("Host: 127.0.0.1:{port}\r\nHost: evil.example\r\n"),
    ] {
        let (status, body) = raw(port, &format!("GET / HTTP/1.1\r\n{host}\r\n"));
        assert_eq!(status, 403, "{host:?}: {body}");
        assert!(!body.contains("pv-doc"), "{body}");
    }
    let (status, _) = raw(
        port,
        &format!("GET / HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n"),
    );
    assert_eq!(status, 200);
    // Paths outside the page.
    let link = p.spec.with_file_name("passwd");
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", &link).unwrap();
    for target in [
        "/../order.fsm",
        "/../../../../etc/passwd",
        "/%2e%2e/order.fsm",
        "/%2E%2E%2Fetc%2Fpasswd",
        "/.%2e/order.fsm",
        "/..%5c..%5cetc%5cpasswd",
        "/etc/passwd",
        "//etc/passwd",
        "/order.fsm",
        "/passwd",
        p.spec.to_str().unwrap(),
        link.to_str().unwrap(),
        &format!("http://127.0.0.1:{port}/../etc/passwd"),
        "*",
    ] {
        let (status, body) = get(&p, target);
        assert!(
            (400..500).contains(&status),
            "{target}: status {status}\n{body}"
        );
        assert!(!body.contains("root:"), "{target}: {body}");
        assert!(!body.contains("machine Order"), "{target}: {body}");
    }
    // The spec is served at its own path only.
    let (status, spec) = get(&p, "/spec");
    assert_eq!(status, 200);
    assert!(spec.contains("machine Order"), "{spec}");
    // Opening another file, or opening from another page, is refused.
    let header = "X-Order-Fsm-Preview: open\r\n";
    let spec_name = p.spec.to_str().unwrap();
    for (query, headers) in [
        ("file=/etc/passwd&line=1".to_string(), header.to_string()),
        (
            format!("file={}&line=1", link.display()),
            header.to_string(),
        ),
        ("file=../order.fsm&line=1".to_string(), header.to_string()),
        // A form of another site can send neither the header nor its own origin.
        (format!("file={spec_name}&line=1"), String::new()),
        (
            format!("file={spec_name}&line=1"),
            format!("{header}Origin: http://evil.example\r\n"),
        ),
    ] {
        let (status, body) = open(&p, &query, &headers);
        assert_eq!(status, 403, "{query} {headers:?}: {body}");
    }
    let (status, _) = raw(
        port,
        &format!("GET /open?file={spec_name}&line=1 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"),
    );
    assert_eq!(status, 405, "opening takes a POST");
    // No editor configured: the spec itself is not opened either, and the answer says why.
    let (status, body) = open(&p, &format!("file={spec_name}&line=1"), header);
    assert_eq!(status, 409, "{body}");
    // No answer carries a CORS header.
    for target in ["/", "/live", "/spec", "/simulate?step=Pay", "/nothing"] {
        let (_, body) = get(&p, target);
        let head = body.split("\r\n\r\n").next().unwrap().to_ascii_lowercase();
        assert!(!head.contains("access-control-"), "{target}: {head}");
    }
}

/// With an editor configured, "open" runs it on the previewed spec at the line asked for,
/// and only on it.
#[cfg(unix)]
#[test]
fn opens_the_spec_in_the_editor_and_nothing_else() {
    let p = start(&order_spec(), &["--editor", "touch {file}.at-{line}"]);
    let spec_name = p.spec.to_str().unwrap().to_string();
    let header = "X-Order-Fsm-Preview: open\r\n";
    let (status, body) = open(&p, &format!("file={spec_name}&line=12"), header);
    assert_eq!(status, 200, "{body}");
    let marker = PathBuf::from(format!("{spec_name}.at-12"));
    let start = Instant::now();
    while !marker.exists() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(marker.exists(), "the editor was not run on the spec");
    // A line the spec does not have, and another file, run nothing.
    let (status, _) = open(&p, &format!("file={spec_name}&line=100000"), header);
    assert_eq!(status, 400);
    let other = p.spec.with_file_name("other.fsm");
    std::fs::write(&other, "").unwrap();
    let (status, _) = open(&p, &format!("file={}&line=1", other.display()), header);
    assert_eq!(status, 403);
    std::thread::sleep(Duration::from_millis(300));
    assert!(!Path::new(&format!("{}.at-1", other.display())).exists());
}

#[test]
fn follows_saves_errors_renames_and_deletes() {
    let good = order_spec();
    let p = start(&good, &["--lang", "en"]);
    let first = live_until(&p, "the spec", |b| b.contains("data-kind=\"ok\""));
    assert!(first.contains("待付款"), "{first}");
    // A save with a new label redraws.
    let renamed = good.replacen("\"待付款\"", "\"等待买家付款\"", 1);
    assert_ne!(renamed, good);
    std::fs::write(&p.spec, &renamed).unwrap();
    live_until(&p, "the new label", |b| b.contains("等待买家付款"));
    // A broken save keeps the last good diagram under a banner, with what the error points
    // at marked.
    let broken = renamed.replacen("-> Paid      on Pay", "-> Payed     on Pay", 1);
    assert_ne!(broken, renamed);
    std::fs::write(&p.spec, &broken).unwrap();
    let b = live_until(&p, "the banner", |b| b.contains("data-kind=\"errors\""));
    assert!(b.contains("class=\"pv-banner\""), "{b}");
    assert!(b.contains("last version without errors"), "{b}");
    assert!(
        b.contains("等待买家付款"),
        "the last good diagram is kept: {b}"
    );
    assert!(b.contains("Payed"), "the diagnostics are shown: {b}");
    assert!(
        b.contains("svg .state[data-state=&quot;Created&quot;]"),
        "the state the error is on is marked: {b}"
    );
    // Fixed: back by itself.
    std::fs::write(&p.spec, &good).unwrap();
    let fixed = live_until(&p, "the fixed spec", |b| b.contains("data-kind=\"ok\""));
    assert!(!fixed.contains("pv-banner"), "{fixed}");
    assert!(!fixed.contains("等待买家付款"), "{fixed}");
    // Saved by rename, as many editors do.
    let tmp = p.spec.with_file_name(".order.fsm.tmp");
    std::fs::write(&tmp, &renamed).unwrap();
    std::fs::rename(&tmp, &p.spec).unwrap();
    live_until(&p, "the renamed save", |b| {
        b.contains("等待买家付款") && b.contains("data-kind=\"ok\"")
    });
    // Deleted: a message, the last diagram kept; created again: back.
    std::fs::remove_file(&p.spec).unwrap();
    let gone = live_until(&p, "the file gone", |b| b.contains("data-kind=\"gone\""));
    assert!(gone.contains("is not there"), "{gone}");
    assert!(gone.contains("等待买家付款"), "{gone}");
    std::fs::write(&p.spec, &good).unwrap();
    live_until(&p, "the file back", |b| {
        b.contains("data-kind=\"ok\"") && !b.contains("等待买家付款")
    });
}

#[test]
fn bad_input_is_a_message_on_the_page_in_both_languages() {
    for (lang, errors, kept) in [
        ("en", "The spec has", "last version without errors"),
        ("zh", "规格有", "最后一个没有错误的版本"),
    ] {
        let good = order_spec();
        let p = start(&good, &["--lang", lang]);
        live_until(&p, "the spec", |b| b.contains("data-kind=\"ok\""));
        // 5 MB of something else saved over the spec: a log.
        let mut big = String::new();
        let mut i = 0;
        while big.len() < 5 * 1024 * 1024 {
            big.push_str(&format!(
                "2026-12-08 00:00:00 INFO order {i} moved from Created to Paid\n"
            ));
            i += 1;
        }
        std::fs::write(&p.spec, &big).unwrap();
        let b = live_until(&p, "the errors of the 5 MB file", |b| {
            b.contains("data-kind=\"errors\"")
        });
        assert!(b.contains(errors) && b.contains(kept), "{lang}: {b}");
        assert!(b.contains("pv-doc"), "the last diagram is kept: {b}");
        assert!(b.contains("pv-diag"), "{lang}: {b}");
        // A binary file.
        let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
        std::fs::write(&p.spec, &binary).unwrap();
        let b = live_until(&p, "the binary file's message", |b| {
            b.contains("data-kind=\"errors\"") && !b.contains("moved from")
        });
        assert!(b.contains(errors), "{lang}: {b}");
        // The server still answers, and comes back.
        std::fs::write(&p.spec, &good).unwrap();
        live_until(&p, "the spec again", |b| b.contains("data-kind=\"ok\""));
        // Deleted while previewed: a message in the reader's language.
        std::fs::remove_file(&p.spec).unwrap();
        let gone = live_until(&p, "the file gone", |b| b.contains("data-kind=\"gone\""));
        assert!(
            gone.contains(if lang == "zh" {
                "不见了"
            } else {
                "is not there"
            }),
            "{gone}"
        );
    }
}

/// The panel's walk is `simulate`'s: the same text for the same steps.
#[test]
fn simulate_panel_says_what_simulate_says() {
    let p = start(&order_spec(), &["--lang", "zh"]);
    live_until(&p, "the spec", |b| b.contains("data-kind=\"ok\""));
    let steps = ["Pay", "Ship by seller", "Cancel", "after 10d"];
    let query: Vec<String> = steps
        .iter()
        .map(|s| format!("step={}", s.replace(' ', "%20")))
        .collect();
    let (status, body) = get(&p, &format!("/simulate?machine=Order&{}", query.join("&")));
    assert_eq!(status, 200, "{body}");
    let json: serde_json::Value = serde_json::from_str(body.split("\r\n\r\n").nth(1).unwrap())
        .unwrap_or_else(|e| panic!("{e}: {body}"));
    let cli = Command::new(assert_cmd::cargo::cargo_bin("order-fsm"))
        .args(["simulate", "--lang", "zh", "--color", "never"])
        .arg(&p.spec)
        .args(steps)
        .output()
        .unwrap();
    assert_eq!(json["out"], String::from_utf8_lossy(&cli.stdout).as_ref());
    assert_eq!(json["err"], String::from_utf8_lossy(&cli.stderr).as_ref());
    assert_eq!(json["status"], cli.status.code().unwrap());
    assert!(json["out"].as_str().unwrap().contains("被拒绝"), "{json}");
    // The walk as a scenario, which passes when pasted into the machine.
    let scenario = json["scenario"].as_str().unwrap();
    assert_eq!(
        scenario,
        "scenario \"新场景\" { Pay, Ship by seller, Cancel => rejected, after 10d => Completed }"
    );
    let with = order_spec().replacen("  // 业务规则", &format!("  {scenario}\n  // 业务规则"), 1);
    std::fs::write(&p.spec, &with).unwrap();
    let test = Command::new(assert_cmd::cargo::cargo_bin("order-fsm"))
        .args(["test", "--filter", "新场景"])
        .arg(&p.spec)
        .output()
        .unwrap();
    assert!(
        test.status.success(),
        "{}{}",
        String::from_utf8_lossy(&test.stdout),
        String::from_utf8_lossy(&test.stderr)
    );
}

/// Several machines in one file: a picker names them all, and each can be shown.
#[test]
fn picks_one_of_several_machines() {
    let two = "machine First \"第一个\" {\n  state A \"甲\" initial\n  state B \"乙\" final\n  event Go \"走\"\n  A -> B on Go\n}\n\nmachine Second \"第二个\" {\n  state C \"丙\" initial\n  state D \"丁\" final\n  event Stop \"停\"\n  C -> D on Stop\n}\n";
    let p = start(two, &["--lang", "zh"]);
    let (status, page) = get(&p, "/");
    assert_eq!(status, 200);
    assert!(page.contains("<select name=\"machine\""), "{page}");
    assert!(
        page.contains("<option value=\"First\" selected>第一个 (First)</option>"),
        "{page}"
    );
    assert!(
        page.contains("<option value=\"Second\">第二个 (Second)</option>"),
        "{page}"
    );
    assert!(page.contains("data-machine=\"First\""), "{page}");
    let (_, second) = get(&p, "/live?machine=Second");
    assert!(second.contains("data-machine=\"Second\""), "{second}");
    assert!(second.contains("丙") && !second.contains("甲"), "{second}");
    // A machine the spec does not have shows the first one.
    let (_, other) = get(&p, "/live?machine=Nope");
    assert!(other.contains("data-machine=\"First\""), "{other}");
    // The simulate panel runs the machine asked for.
    let (_, sim) = get(&p, "/simulate?machine=Second&step=Stop");
    assert!(sim.contains("丙 (C) -> 丁 (D)"), "{sim}");
}
