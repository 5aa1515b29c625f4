//! `careleaf serve`: builds the site into memory, serves it on 127.0.0.1, watches the sources
//! and rebuilds what an edit touches (one page for a change to its text, everything for a
//! template, theme or `site.yaml` change), then tells open pages to reload. A failed rebuild
//! keeps the last good site and shows the error over every page until it is fixed.

pub mod editor;
mod http;
mod overlay;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use notify::RecursiveMode;
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, RecommendedCache, new_debouncer, new_debouncer_opt,
};

use crate::content::is_ignored;
use crate::diagnostic::{Diagnostic, Errors};
use crate::site::{Extra, Site, SiteOptions};

pub use http::{EVENTS_PATH, Target, resolve};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub bind: String,
    pub drafts: bool,
    pub open: bool,
    /// The page editor: None is on for a private (loopback) preview and off otherwise.
    pub edit: Option<bool>,
}

/// The site as served: every output file by its path, and the error overlay while the last
/// rebuild is failing.
#[derive(Default)]
pub struct Published {
    pub files: HashMap<String, Arc<[u8]>>,
    pub overlay: Option<String>,
}

/// Open pages listening for reload events.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<tokio::sync::mpsc::Sender<bytes::Bytes>>>,
}

impl Hub {
    /// Sends a `reload` event naming the changed files (or `*` for all) to every open page.
    fn reload(&self, changed: &serde_json::Value) {
        let message = bytes::Bytes::from(format!("event: reload\ndata: {changed}\n\n"));
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        // A page that does not read its events (a full queue) misses this one; a closed one
        // is forgotten.
        clients.retain(|c| {
            !matches!(
                c.try_send(message.clone()),
                Err(tokio::sync::mpsc::error::TrySendError::Closed(_))
            )
        });
    }
}

/// Connections served at once; more are closed as they arrive, so a flood of idle or slow
/// connections cannot use up memory or threads.
const MAX_CONNECTIONS: usize = 2048;
/// A request's line and headers must arrive within this time and fit in this many bytes:
/// slow or oversized requests are cut off (the client gets 408/431 or a closed connection)
/// without holding up anyone else.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
const MAX_HEADER_BYTES: usize = 64 * 1024;

/// A published file: its path in the output and its bytes.
type OutputFile = (String, Arc<[u8]>);

/// The sources the preview watches, relative to the site root.
const WATCHED: [&str; 4] = ["content", "templates", "themes", "static"];

/// Runs the preview server until Ctrl-C.
pub fn run(opts: &ServeOptions) -> Result<(), Diagnostic> {
    // First of all, so that Ctrl-C is handled as soon as anyone can connect.
    ctrlc::set_handler(|| {
        println!("\nStopped the preview server.");
        std::process::exit(0);
    })
    .map_err(|e| Diagnostic::new(format!("could not handle Ctrl-C: {e}")))?;
    let listener = listen(opts)?;
    let host = if opts.bind == "0.0.0.0" || opts.bind == "::" {
        "localhost"
    } else {
        opts.bind.as_str()
    };
    let url = format!("http://{host}:{}/", opts.port);
    let published = Arc::new(RwLock::new(Published::default()));
    let hub = Arc::new(Hub::default());
    let editing = editor::wanted(opts);
    // An editor writing a draft must see it: the editor's preview shows drafts.
    let mut preview = Preview::new(
        opts,
        url.trim_end_matches('/').to_string(),
        opts.drafts || editing,
    );

    let started = Instant::now();
    match preview.full() {
        Ok(files) => {
            let pages = preview.site.as_ref().map_or(0, Site::page_count);
            published.write().unwrap_or_else(|p| p.into_inner()).files = files;
            println!(
                "Built {pages} pages in {} ms",
                started.elapsed().as_millis()
            );
        }
        Err(errors) => {
            eprint!("{errors}");
            published.write().unwrap_or_else(|p| p.into_inner()).overlay =
                Some(overlay::render(&errors, &opts.root));
        }
    }
    let preview = Arc::new(Mutex::new(preview));
    watch(opts, Arc::clone(&preview), &published, &hub)?;
    let editor = if editing {
        Some(Arc::new(editor::for_preview(opts, preview)?))
    } else {
        None
    };
    println!("Serving the site at {url}\nWatching for changes; press Ctrl-C to stop.");
    if let Some(e) = &editor {
        println!("{}", e.announcement());
    }
    if opts.open {
        open_browser(&url);
    }
    serve_requests(listener, published, hub, editor)
}

/// Answers requests until the process ends: HTTP/1.1 by hyper on a small tokio runtime, with
/// limits on connections, header size and header time.
fn serve_requests(
    listener: std::net::TcpListener,
    published: Arc<RwLock<Published>>,
    hub: Arc<Hub>,
    editor: Option<Arc<editor::Editor>>,
) -> Result<(), Diagnostic> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Diagnostic::new(format!("could not start the server: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Diagnostic::new(format!("could not listen: {e}")))?;
        let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(hyper_util::rt::TokioTimer::new())
            .header_read_timeout(HEADER_TIMEOUT)
            .max_buf_size(MAX_HEADER_BYTES.max(8192))
            .max_header_size(MAX_HEADER_BYTES);
        loop {
            // Accept errors (too many open files, a reset before accept) concern one client.
            let Ok((stream, _)) = listener.accept().await else {
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            };
            let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
                drop(stream);
                continue;
            };
            let _ = stream.set_nodelay(true);
            let published = Arc::clone(&published);
            let hub = Arc::clone(&hub);
            let editor = editor.clone();
            let connection = http.serve_connection(
                hyper_util::rt::TokioIo::new(stream),
                hyper::service::service_fn(move |request| {
                    let published = Arc::clone(&published);
                    let hub = Arc::clone(&hub);
                    let editor = editor.clone();
                    async move {
                        let response = match editor {
                            Some(e) if request.uri().path().starts_with(editor::PREFIX) => {
                                e.handle(request).await
                            }
                            Some(e) if e.may_edit(request.method(), request.headers()) => {
                                let link = |url: &str| e.edit_link(url);
                                http::handle(&request, &published, &hub, Some(&link))
                            }
                            _ => http::handle(&request, &published, &hub, None),
                        };
                        Ok::<_, std::convert::Infallible>(response)
                    }
                }),
            );
            tokio::spawn(async move {
                // A client that breaks off or sends nonsense is no concern of the server's.
                let _ = connection.await;
                drop(slot);
            });
        }
    })
}

fn watch_in_background<W: notify::Watcher + Send + 'static>(
    mut debouncer: Debouncer<W, RecommendedCache>,
    mut watched: Vec<PathBuf>,
    rx: mpsc::Receiver<DebounceEventResult>,
    root: PathBuf,
    preview: Arc<Mutex<Preview>>,
    published: &Arc<RwLock<Published>>,
    hub: &Arc<Hub>,
) {
    let published = Arc::clone(published);
    let hub = Arc::clone(hub);
    std::thread::spawn(move || {
        for batch in rx {
            let Ok(events) = batch else { continue };
            let changed = relevant_paths(&root, &events);
            if changed.is_empty() {
                continue;
            }
            // Folders created since: a failure here leaves them unwatched until the next change.
            let _ = watch_sources(&mut debouncer, &root, &mut watched);
            let mut preview = preview.lock().unwrap_or_else(|p| p.into_inner());
            preview.apply(&changed, &published, &hub);
            // A file written right after its folder was created can escape the watcher
            // (inotify has to add the new folder first): look again a moment later.
            if changed.iter().any(|p| root.join(p).is_dir()) {
                std::thread::sleep(Duration::from_millis(150));
                preview.apply(&changed, &published, &hub);
            }
        }
    });
}

/// Watches each source folder that exists (folders created later are picked up on the next
/// change), and the site root itself for `site.yaml`. Stops at the first folder that cannot be
/// watched.
fn watch_sources<W: notify::Watcher>(
    debouncer: &mut Debouncer<W, RecommendedCache>,
    root: &Path,
    watched: &mut Vec<PathBuf>,
) -> Result<(), notify::Error> {
    if watched.is_empty() {
        debouncer.watch(root, RecursiveMode::NonRecursive)?;
        watched.push(root.to_path_buf());
    }
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir() && !watched.contains(&path) {
            debouncer.watch(&path, RecursiveMode::Recursive)?;
            watched.push(path);
        }
    }
    Ok(())
}

/// The changed files that matter to the site, relative to its root. Reads of files and editors'
/// temporary files are left out.
fn relevant_paths(root: &Path, events: &[notify_debouncer_full::DebouncedEvent]) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for event in events {
        if matches!(event.kind, notify::EventKind::Access(_)) {
            continue;
        }
        for path in &event.paths {
            let rel = path.strip_prefix(root).unwrap_or(path);
            let first = rel
                .components()
                .next()
                .map(|c| c.as_os_str().to_string_lossy().into_owned());
            let watched = match first.as_deref() {
                Some("site.yaml") => rel.components().count() == 1,
                Some(dir) => WATCHED.contains(&dir),
                None => false,
            };
            let ignored = rel
                .components()
                .any(|c| is_ignored(&c.as_os_str().to_string_lossy()));
            if watched && !ignored && !paths.iter().any(|p| p == rel) {
                paths.push(rel.to_path_buf());
            }
        }
    }
    paths
}

/// Listens on `opts.bind:opts.port`, warning when other devices could connect.
fn listen(opts: &ServeOptions) -> Result<std::net::TcpListener, Diagnostic> {
    let addr = format!("{}:{}", opts.bind, opts.port);
    let listener = std::net::TcpListener::bind(&addr)
        .and_then(|l| l.set_nonblocking(true).map(|()| l))
        .map_err(|e| {
            let (message, hint) = if e.kind() == std::io::ErrorKind::AddrInUse {
                (
                    format!("port {} is already in use", opts.port),
                    format!("another program (maybe another careleaf serve) uses it: stop it, or pick another port, e.g. --port {}", opts.port.wrapping_add(1).max(1024)),
                )
            } else {
                (format!("could not listen on {addr}: {e}"), "check --bind and --port".to_string())
            };
            Diagnostic::new(message).with_hint(hint)
        })?;
    let loopback = opts.bind == "localhost"
        || opts
            .bind
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if !loopback {
        eprintln!(
            "warning: listening on {}: other devices on your network can open this preview, including drafts. Use --bind 127.0.0.1 to keep it private.",
            opts.bind
        );
    }
    Ok(listener)
}

/// Watches the site's sources and rebuilds on every change, in the background.
fn watch(
    opts: &ServeOptions,
    preview: Arc<Mutex<Preview>>,
    published: &Arc<RwLock<Published>>,
    hub: &Arc<Hub>,
) -> Result<(), Diagnostic> {
    // Events name absolute paths: compare them with the absolute root.
    let root = opts
        .root
        .canonicalize()
        .map_err(|e| Diagnostic::io(&opts.root, &e))?;
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let debounce = Duration::from_millis(10);
    // The system's watcher (inotify) can run out of instances or of watches, limits shared by
    // every program of the user; then some folders would go unwatched without a word. Polling
    // sees every change, a little later.
    let mut watched = Vec::new();
    let native = new_debouncer(debounce, None, tx.clone())
        .and_then(|mut d| watch_sources(&mut d, &root, &mut watched).map(|()| d));
    match native {
        Ok(debouncer) => {
            watch_in_background(debouncer, watched, rx, root, preview, published, hub);
        }
        Err(e) => {
            eprintln!(
                "warning: the system's file watcher is not available ({e}); checking for changes every 250 ms instead. On Linux, raising fs.inotify.max_user_instances and fs.inotify.max_user_watches fixes this."
            );
            let config = notify::Config::default().with_poll_interval(Duration::from_millis(250));
            let mut debouncer = new_debouncer_opt::<_, notify::PollWatcher, _>(
                debounce,
                None,
                tx,
                RecommendedCache::new(),
                config,
            )
            .map_err(|e| Diagnostic::new(format!("could not watch the site's files: {e}")))?;
            watched.clear();
            watch_sources(&mut debouncer, &root, &mut watched)
                .map_err(|e| Diagnostic::new(format!("could not watch the site's files: {e}")))?;
            watch_in_background(debouncer, watched, rx, root, preview, published, hub);
        }
    }
    Ok(())
}

/// The site kept in memory between rebuilds.
struct Preview {
    options: SiteOptions,
    site: Option<Site>,
    /// After a failed rebuild the next one starts from scratch: the error may be anywhere.
    failed: bool,
    /// Editions whose search index is behind their pages since the last edit.
    search_stale: Vec<usize>,
}

impl Preview {
    fn new(opts: &ServeOptions, base_url: String, drafts: bool) -> Preview {
        Preview {
            options: SiteOptions {
                root: opts.root.clone(),
                drafts,
                base_url: Some(base_url),
                reading_units: false,
                lean: false,
                markdown_cache: false,
            },
            site: None,
            failed: false,
            search_stale: Vec::new(),
        }
    }

    /// Loads and renders the whole site.
    fn full(&mut self) -> Result<HashMap<String, Arc<[u8]>>, Errors> {
        let site = Site::load(&self.options)?;
        let files = render_all(&site)?;
        for w in site.warnings() {
            eprint!("{w}");
        }
        self.site = Some(site);
        Ok(files)
    }

    /// Re-renders only the pages an edit to articles touches, when that is all that changed.
    fn incremental(&mut self, changed: &[PathBuf]) -> Result<Option<Vec<OutputFile>>, Errors> {
        let Some(site) = self.site.as_mut() else {
            return Ok(None);
        };
        let all_pages = changed
            .iter()
            .all(|p| p.starts_with("content") && crate::content::is_page_file(p));
        if self.failed || !all_pages {
            return Ok(None);
        }
        let mut indexes = Vec::new();
        let mut edited = Vec::new();
        let mut sitemap = false;
        for path in changed {
            let rel = path.strip_prefix("content").unwrap_or(path);
            if !site.root().join(path).is_file() {
                return Ok(None);
            }
            match site.reload_page(rel)? {
                Some((edition, r)) => {
                    edited.push(edition);
                    indexes.extend(r.pages.into_iter().map(|i| (edition, i)));
                    sitemap |= r.front_matter_changed;
                }
                None => return Ok(None),
            }
        }
        indexes.sort_unstable();
        indexes.dedup();
        let mut updates = Vec::new();
        // Cannot fail: `reload_page` gave these edition and page indices from the same site.
        for (e, i) in indexes {
            for (path, html) in site.editions()[e].render_page_parts(i)? {
                updates.push((path, Arc::from(html.into_bytes())));
            }
        }
        edited.sort_unstable();
        edited.dedup();
        self.search_stale = edited;
        // Dates in front matter feed the sitemap: redo just that, not every extra file.
        if sitemap {
            for (path, xml) in site.sitemaps()? {
                updates.push((path, Arc::from(xml.into_bytes())));
            }
        }
        Ok(Some(updates))
    }

    /// Rebuilds after `changed` files, publishes the result and tells open pages.
    fn apply(&mut self, changed: &[PathBuf], published: &RwLock<Published>, hub: &Hub) {
        let started = Instant::now();
        let what = match changed {
            [one] => one.display().to_string(),
            _ => format!("{} files", changed.len()),
        };
        let result = match self.incremental(changed) {
            Ok(Some(updates)) => Ok((updates, false)),
            Ok(None) => self.full().map(|files| (files.into_iter().collect(), true)),
            Err(e) => Err(e),
        };
        let mut state = published.write().unwrap_or_else(|p| p.into_inner());
        match result {
            Ok((files, is_full)) => {
                let had_error = state.overlay.take().is_some();
                let mut paths: Vec<String> = Vec::new();
                if is_full {
                    let new: HashMap<String, Arc<[u8]>> = files.into_iter().collect();
                    paths.extend(
                        state
                            .files
                            .keys()
                            .filter(|k| !new.contains_key(*k))
                            .cloned(),
                    );
                    paths.extend(
                        new.iter()
                            .filter(|(k, v)| state.files.get(*k) != Some(*v))
                            .map(|(k, _)| k.clone()),
                    );
                    state.files = new;
                } else {
                    for (k, v) in files {
                        if state.files.get(&k) != Some(&v) {
                            paths.push(k.clone());
                        }
                        state.files.insert(k, v);
                    }
                }
                drop(state);
                self.failed = false;
                let elapsed = started.elapsed().as_millis();
                // A changed image or font can show on any page: reload them all then.
                // (JSON, such as the search index, is fetched by scripts when needed.)
                let asset_changed = paths.iter().any(|p| {
                    !p.ends_with(".html")
                        && !p.ends_with(".json")
                        && !p.ends_with(".xml")
                        && p != "robots.txt"
                });
                if had_error || asset_changed {
                    hub.reload(&serde_json::Value::String("*".into()));
                } else if !paths.is_empty() {
                    let urls: Vec<String> = paths.iter().map(|p| format!("/{p}")).collect();
                    hub.reload(&serde_json::json!(urls));
                }
                let n = paths.len();
                let files = format!("{n} file{}", if n == 1 { "" } else { "s" });
                if is_full {
                    println!("{what} changed: rebuilt the site in {elapsed} ms ({files} changed)");
                } else {
                    println!("{what} changed: updated {files} in {elapsed} ms");
                }
                // Search catches up after the page is shown (its index is fetched only when
                // someone searches, so no page needs to reload for it).
                let stale = std::mem::take(&mut self.search_stale);
                if let Some(site) = self.site.as_mut() {
                    for e in stale {
                        match site.refresh_features(e) {
                            Ok(files) => {
                                let mut state =
                                    published.write().unwrap_or_else(|p| p.into_inner());
                                for (path, bytes) in files {
                                    state.files.insert(path, Arc::from(bytes));
                                }
                            }
                            Err(e) => eprint!("{e}"),
                        }
                    }
                }
            }
            Err(errors) => {
                state.overlay = Some(overlay::render(&errors, &self.options.root));
                drop(state);
                self.failed = true;
                eprint!("{errors}");
                eprintln!(
                    "The preview keeps showing the last version that worked; fix the problem and save."
                );
                hub.reload(&serde_json::Value::String("*".into()));
            }
        }
    }
}

fn render_all(site: &Site) -> Result<HashMap<String, Arc<[u8]>>, Errors> {
    let files = Mutex::new(HashMap::new());
    site.render_pages(|path, bytes| {
        files
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path.to_string(), Arc::from(bytes));
        Ok(())
    })?;
    let mut files = files.into_inner().unwrap_or_else(|p| p.into_inner());
    for extra in site.extras()? {
        match extra {
            Extra::Bytes(path, bytes) => {
                files.insert(path, Arc::from(bytes.into_owned()));
            }
            Extra::Copy(path, from, shown) => {
                let bytes = std::fs::read(&from).map_err(|e| Diagnostic::io(&shown, &e))?;
                files.insert(path, Arc::from(bytes));
            }
        }
    }
    Ok(files)
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("note: could not open a browser; open {url} yourself");
    }
}
