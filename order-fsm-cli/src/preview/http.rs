//! The preview's server: HTTP/1.1 on the standard library's sockets, one thread per
//! connection, every response closing its connection.
//!
//! What it answers, and nothing else:
//!
//! | request | answer |
//! |---|---|
//! | `GET /` (`?machine=ID`) | the page |
//! | `GET /live` (`?machine=ID`) | the part of the page that changes, for the page's script |
//! | `GET /events` (`?since=VERSION`) | server-sent events: `update` with the new version on every change |
//! | `GET /spec` | the spec's text as last read |
//! | `GET /simulate` (`?machine=ID&from=STATE&step=…`) | what `order-fsm simulate` prints for those steps, as JSON |
//! | `POST /open` (`?file=NAME&line=N`) | opens the previewed spec at line `N` in the editor |
//!
//! What it refuses: a `Host` other than `127.0.0.1:PORT` or `localhost:PORT` (403: a page
//! of another site that a DNS name points at this port cannot read it); a target that is
//! not a path, or whose path holds `..`, a backslash or an encoded dot, slash or backslash
//! (400); any other path (404); `/open` without its header `X-Order-Fsm-Preview` (which a
//! page of another origin cannot send without a preflight this server never answers), from
//! another `Origin`, or for another file than the spec (403). No response carries a CORS
//! header, so no other origin can read one. A request head is at most 16 KiB and must
//! arrive within 10 seconds.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use order_fsm_core::msg::{self, Text};
use order_fsm_core::t;

use super::{page, Live};

const MAX_HEAD: usize = 16 * 1024;
const MAX_CONNECTIONS: usize = 64;
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How often an idle event stream sends a comment, which also finds pages that went away.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Answers connections on `listener` for ever.
pub fn serve(listener: TcpListener, port: u16, live: Arc<Live>) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            continue;
        }
        let guard = Counted(Arc::clone(&open));
        let live = Arc::clone(&live);
        std::thread::spawn(move || {
            let _guard = guard;
            handle(stream, port, &live);
        });
    }
}

/// One open connection, counted until dropped (a panic included).
struct Counted(Arc<AtomicUsize>);

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

pub struct Request {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn headers_named(&self, name: &str) -> usize {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .count()
    }
}

fn handle(stream: TcpStream, port: u16, live: &Live) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_write_timeout(Some(READ_TIMEOUT));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut out = stream;
    let request = match read_request(read_half) {
        Some(r) => r,
        None => {
            let body = Text::from(&msg::PREVIEW_BAD_REQUEST).render(live.lang);
            let _ = send(&mut out, 400, "text/plain; charset=utf-8", body.as_bytes());
            return;
        }
    };
    match route(&request, port, live) {
        Answer::Body {
            status,
            content_type,
            body,
        } => {
            let _ = send(&mut out, status, content_type, &body);
        }
        Answer::Events { since } => events(&mut out, since, live),
    }
}

fn read_request(stream: TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream.take(MAX_HEAD as u64));
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut words = line.trim_end_matches(['\r', '\n']).split(' ');
    let method = words.next()?.to_string();
    let target = words.next()?.to_string();
    let version = words.next()?;
    if !version.starts_with("HTTP/1.") || words.next().is_some() {
        return None;
    }
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).ok()? == 0 {
            // The head ended early, or was longer than allowed.
            return None;
        }
        let h = h.trim_end_matches(['\r', '\n']);
        if h.is_empty() {
            break;
        }
        let (name, value) = h.split_once(':')?;
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    Some(Request {
        method,
        target,
        headers,
    })
}

pub enum Answer {
    Body {
        status: u16,
        content_type: &'static str,
        body: Vec<u8>,
    },
    Events {
        since: u64,
    },
}

fn text(status: u16, t: Text, live: &Live) -> Answer {
    let mut body = t.render(live.lang);
    body.push('\n');
    Answer::Body {
        status,
        content_type: "text/plain; charset=utf-8",
        body: body.into_bytes(),
    }
}

/// What the server answers to `req`; every check of the table above is here.
pub fn route(req: &Request, port: u16, live: &Live) -> Answer {
    let ours = [format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    let host_ok = req.headers_named("host") == 1
        && req
            .header("host")
            .is_some_and(|h| ours.iter().any(|o| o.eq_ignore_ascii_case(h)));
    if !host_ok {
        return text(
            403,
            t!(msg::PREVIEW_REFUSED_HOST, address = ours[0].clone()),
            live,
        );
    }
    if !req.target.starts_with('/') {
        return text(400, Text::from(&msg::PREVIEW_BAD_REQUEST), live);
    }
    let (path, query) = req
        .target
        .split_once('?')
        .unwrap_or((req.target.as_str(), ""));
    let lower = path.to_ascii_lowercase();
    if path.contains("..")
        || path.contains('\\')
        || path.contains("//")
        || ["%2e", "%2f", "%5c", "%00"]
            .iter()
            .any(|e| lower.contains(e))
    {
        return text(400, Text::from(&msg::PREVIEW_BAD_REQUEST), live);
    }
    let query = parse_query(query);
    let get = |name: &str| {
        query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    match (req.method.as_str(), path) {
        ("GET", "/") => Answer::Body {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body: page::page(live, get("machine")).into_bytes(),
        },
        ("GET", "/live") => Answer::Body {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body: page::live_part(live, get("machine")).into_bytes(),
        },
        ("GET", "/events") => Answer::Events {
            since: get("since").and_then(|s| s.parse().ok()).unwrap_or(0),
        },
        ("GET", "/spec") => match page::spec_text(live) {
            Some(s) => Answer::Body {
                status: 200,
                content_type: "text/plain; charset=utf-8",
                body: s.into_bytes(),
            },
            None => text(404, Text::from(&msg::PREVIEW_NOT_HERE), live),
        },
        ("GET", "/simulate") => {
            let steps: Vec<String> = query
                .iter()
                .filter(|(n, _)| n == "step")
                .map(|(_, v)| v.clone())
                .collect();
            Answer::Body {
                status: 200,
                content_type: "application/json; charset=utf-8",
                body: page::simulate(live, get("machine"), get("from"), &steps).into_bytes(),
            }
        }
        ("POST", "/open") => open(req, port, live, get("file"), get("line")),
        (_, "/" | "/live" | "/events" | "/spec" | "/simulate" | "/open") => {
            text(405, Text::from(&msg::PREVIEW_NOT_HERE), live)
        }
        _ => text(404, Text::from(&msg::PREVIEW_NOT_HERE), live),
    }
}

fn open(req: &Request, port: u16, live: &Live, file: Option<&str>, line: Option<&str>) -> Answer {
    let origins = [
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
    ];
    let same_origin = req
        .header("origin")
        .is_none_or(|o| origins.iter().any(|x| x.eq_ignore_ascii_case(o)));
    if req.header("x-order-fsm-preview").is_none() || !same_origin {
        return text(403, Text::from(&msg::PREVIEW_NOT_HERE), live);
    }
    if file.is_some_and(|f| f != live.name) {
        return text(403, Text::from(&msg::PREVIEW_OPEN_OTHER), live);
    }
    let lines = page::spec_text(live).map_or(1, |s| s.lines().count().max(1));
    let Some(line) = line
        .and_then(|l| l.parse::<usize>().ok())
        .filter(|l| (1..=lines).contains(l))
    else {
        return text(400, Text::from(&msg::PREVIEW_BAD_REQUEST), live);
    };
    let Some(editor) = &live.editor else {
        return text(409, Text::from(&msg::PREVIEW_NO_EDITOR), live);
    };
    match editor.open(Path::new(&live.path), line) {
        Ok(()) => text(200, Text::from(&msg::PREVIEW_EDITOR_OPENED), live),
        Err(e) => text(
            500,
            t!(msg::PREVIEW_EDITOR_FAILED, why = e.to_string()),
            live,
        ),
    }
}

fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (n, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(n), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        _ => "Internal Server Error",
    }
}

/// Headers every answer has: nothing cached, nothing sniffed, not framed by another page,
/// no referrer, and no CORS header at all.
const COMMON: &str = "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n";

fn send(out: &mut TcpStream, status: u16, content_type: &str, body: &[u8]) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{COMMON}\r\n",
        reason(status),
        body.len()
    );
    out.write_all(head.as_bytes())?;
    out.write_all(body)?;
    out.flush()
}

/// An event stream: `update` as soon as the version is not `since`, then at every change.
fn events(out: &mut TcpStream, since: u64, live: &Live) {
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n{COMMON}\r\nretry: 300\n\n"
    );
    if out
        .write_all(head.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return;
    }
    let mut seen = since;
    loop {
        let now = live.wait_change(seen, KEEP_ALIVE);
        let chunk = if now == seen {
            ": still here\n\n".to_string()
        } else {
            seen = now;
            format!("event: update\ndata: {now}\n\n")
        };
        if out
            .write_all(chunk.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
    }
}
