//! Runs `careleaf serve` on a fixture site for a test, and talks plain HTTP to it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub struct Server {
    pub port: u16,
    child: Child,
    /// Lines the server printed (stdout and stderr), as they come.
    pub output: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Server {
    pub fn start(root: &Path, extra_args: &[&str]) -> Server {
        let port = free_port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_careleaf"))
            .args(["serve", "--port", &port.to_string(), "--root"])
            .arg(root)
            .args(extra_args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start careleaf serve");
        let (tx, rx) = mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        let server = Server {
            port,
            child,
            output: rx,
        };
        server.wait_for_output("Serving the site at");
        server
    }

    /// Waits until the server prints a line containing `needle`; returns everything printed.
    pub fn wait_for_output(&self, needle: &str) -> String {
        // Generous: a loaded CI machine (or a disk busy deleting a large tree) has been seen to
        // take over ten seconds to start the server; a passing test waits only as long as
        // that takes.
        let deadline = Instant::now() + Duration::from_secs(40);
        let mut seen = String::new();
        while Instant::now() < deadline {
            if let Ok(line) = self.output.recv_timeout(Duration::from_millis(50)) {
                seen.push_str(&line);
                seen.push('\n');
                if line.contains(needle) {
                    return seen;
                }
            }
        }
        panic!("the server never printed {needle:?}; it printed:\n{seen}");
    }

    pub fn get(&self, path: &str) -> HttpResponse {
        request(
            self.port,
            &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
        )
    }

    pub fn head(&self, path: &str) -> HttpResponse {
        request(
            self.port,
            &format!("HEAD {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
        )
    }

    /// Polls `path` until its body contains `needle`.
    pub fn wait_for_body(&self, path: &str, needle: &str) -> HttpResponse {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let r = self.get(path);
            if r.body.contains(needle) || Instant::now() > deadline {
                return r;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Subscribes to reload events; each `data:` line arrives on the channel.
    pub fn events(&self) -> mpsc::Receiver<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .write_all(b"GET /__careleaf/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .unwrap();
        let (tx, rx) = mpsc::channel();
        let (ready_tx, ready_rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            let mut ready = Some(ready_tx);
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                if line.starts_with("retry:")
                    && let Some(r) = ready.take()
                {
                    let _ = r.send(());
                }
                if let Some(data) = line.trim_end().strip_prefix("data: ")
                    && tx.send(data.to_string()).is_err()
                {
                    break;
                }
                line.clear();
            }
        });
        ready_rx
            .recv_timeout(Duration::from_secs(5))
            .expect("the event stream opened");
        rx
    }
}

pub struct HttpResponse {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// Sends `raw` as it is (no client normalizes the path) and reads the whole answer.
pub fn request(port: u16, raw: &str) -> HttpResponse {
    request_bytes(port, raw.as_bytes())
}

/// [`request`] with any bytes. The server may close while a huge request is still being sent:
/// what it answered before that is read all the same.
pub fn request_bytes(port: u16, raw: &[u8]) -> HttpResponse {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let _ = stream.write_all(raw);
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    HttpResponse {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// Waits for a reload event whose data contains `needle`.
pub fn wait_for_event(events: &mpsc::Receiver<String>, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        if let Ok(data) = events.recv_timeout(Duration::from_millis(50)) {
            if data.contains(needle) {
                return data;
            }
            seen.push(data);
        }
    }
    panic!("no reload event with {needle:?}; got {seen:?}");
}
