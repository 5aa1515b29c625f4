//! careleaf: a static site generator for patient-education websites.
//!
//! Data flows one way: [`config`] → [`content`] → [`markdown`] → [`render`] → [`output`].
//! [`build`] runs the whole pipeline; the binary is a thin command line over it.

mod background;
pub mod build_cache;
pub mod cache_file;
pub mod cache_key;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod edition;
pub mod features;
mod frame_items;
pub mod html;
pub mod i18n;
pub mod import;
pub mod markdown;
pub mod output;
pub mod packed;
pub mod readability;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod theme;
pub mod yaml;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::diagnostic::Errors;
use crate::site::{Extra, Site, SiteOptions};

pub use diagnostic::{Diagnostic, Span};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site's folder (holding `site.yaml` and `content/`).
    pub root: PathBuf,
    /// Where to write the site; `root/public` when not given.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// Print the time each stage took on stderr.
    pub timings: bool,
    /// Ignore the build cache: render every page (the cache is written anew).
    pub clean: bool,
}

#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub pages: usize,
    pub files: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
    /// Picture files made by this build (the rest came from `.careleaf/cache/images/`).
    pub pictures_made: usize,
    /// Pages rendered by this build; the others were unchanged since the last build and were
    /// taken from its output.
    pub pages_rendered: usize,
    /// Pages the features make of other pages (a topic's list), and how many of them this
    /// build rendered: the others list nothing that changed and were kept.
    pub feature_pages: usize,
    pub feature_pages_rendered: usize,
    /// Why the build cache or the Markdown cache was not used, when it was there but could not
    /// be trusted: one line each.
    pub cache_warnings: Vec<String>,
    /// Whether the files that changed were written into the output folder in place (it was as
    /// the last build left it), rather than a new tree being swapped in.
    pub patched: bool,
}

/// Pages go to the output writer, or, when the build cache shows the output already holds
/// one made from the same key, are taken from there without rendering.
struct CachedPages<'a, 'w> {
    cache: &'a build_cache::BuildCache,
    writer: &'a output::OutputWriter<'w>,
    output: &'a Path,
    rendered: std::sync::atomic::AtomicUsize,
    /// Pages taken from the output as they were.
    kept: std::sync::atomic::AtomicUsize,
    write_ns: &'a AtomicU64,
}

impl<'a, 'w> CachedPages<'a, 'w> {
    fn new(
        cache: &'a build_cache::BuildCache,
        writer: &'a output::OutputWriter<'w>,
        output: &'a Path,
        write_ns: &'a AtomicU64,
    ) -> CachedPages<'a, 'w> {
        CachedPages {
            cache,
            writer,
            output,
            rendered: Default::default(),
            kept: Default::default(),
            write_ns,
        }
    }
}

impl edition::PageSink for CachedPages<'_, '_> {
    fn keyed(&self) -> bool {
        true
    }

    fn reuse(&self, path: &str, key: build_cache::Key) -> bool {
        let rel = path.trim_start_matches('/');
        match self.cache.output_entry(rel) {
            Some(entry) if entry.key == key => {
                let kept = self.writer.reuse(rel, key, entry, self.output);
                self.kept.fetch_add(usize::from(kept), Ordering::Relaxed);
                kept
            }
            _ => false,
        }
    }

    fn write(&self, path: &str, key: build_cache::Key, html: &[u8]) -> Result<(), Diagnostic> {
        self.rendered.fetch_add(1, Ordering::Relaxed);
        let t = Instant::now();
        let r = self
            .writer
            .write_keyed(path, key, build_cache::key_of(html), html);
        self.write_ns
            .fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
        r
    }
}

/// The output once every file besides the pages is in it and it is put in place.
struct FinishedOutput {
    made: build_cache::Entries,
    written: build_cache::Written,
    files: usize,
    feature_pages: usize,
    feature_pages_rendered: usize,
    extras_wall: Duration,
    swap_wall: Duration,
}

/// Writes the site's files other than its pages (static files, sitemaps, topic pages…) with
/// `writer` and puts the output in place. A feature's own pages the output already holds (by
/// the build `cache`) are taken from there as the pages are.
fn finish_output(
    site: &Site,
    writer: output::OutputWriter,
    cache: &build_cache::BuildCache,
    output: &Path,
) -> Result<FinishedOutput, Errors> {
    let started = Instant::now();
    let write_ns = AtomicU64::new(0);
    let feature_pages = CachedPages::new(cache, &writer, output, &write_ns);
    let keyed_files = CachedPages::new(cache, &writer, output, &write_ns);
    let mut files = 0;
    site.each_extra((Some(&feature_pages), Some(&keyed_files)), |extra| {
        files += 1;
        match extra {
            Extra::Bytes(path, bytes) => writer.write(&path, &bytes),
            Extra::Copy(path, from, shown) => writer.copy(&path, &from, &shown),
        }
    })?;
    let feature_pages_rendered = feature_pages.rendered.into_inner();
    let feature_pages = feature_pages_rendered + feature_pages.kept.into_inner();
    files += feature_pages + keyed_files.rendered.into_inner() + keyed_files.kept.into_inner();
    let extras_wall = started.elapsed();
    let swap_started = Instant::now();
    let (made, written) = writer.commit(|| {
        cache
            .forget_output_folders()
            .map_err(|e| Diagnostic::io(Path::new(".careleaf/cache/build"), &e))
    })?;
    Ok(FinishedOutput {
        made,
        written,
        files,
        feature_pages,
        feature_pages_rendered,
        extras_wall,
        swap_wall: swap_started.elapsed(),
    })
}

/// [`finish_output`], with the site's caches (`parts`) saved on a thread of their own
/// meanwhile: neither waits for the other. Also gives how long the saving took.
fn finish_saving_caches(
    site: &Site,
    writer: output::OutputWriter,
    (cache, output): (&build_cache::BuildCache, &Path),
    parts: Vec<Option<edition::CacheParts>>,
) -> (
    Result<FinishedOutput, Errors>,
    (std::io::Result<()>, Duration),
) {
    std::thread::scope(|s| {
        let caches = s.spawn(|| {
            let started = Instant::now();
            (site.save_caches(parts), started.elapsed())
        });
        let finished = finish_output(site, writer, cache, output);
        let saved = caches
            .join()
            .unwrap_or_else(|_| (Err(std::io::Error::other("it failed")), Duration::ZERO));
        (finished, saved)
    })
}

/// How long the stages of `build` took that the site does not time itself (see
/// [`Site::timings`]); `render` and `write` are thread time, added up over the threads.
struct StageTimes {
    manifest_read: Duration,
    patched: bool,
    spare: Duration,
    pages: Duration,
    render: Duration,
    write: Duration,
    finish: Duration,
    extras: Duration,
    swap: Duration,
    caches: Duration,
    manifest_saved: Duration,
}

/// `build --timings`: each stage's time on stderr.
fn print_timings(site: &Site, t: &StageTimes) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    eprintln!(
        "{:>10}: {:8.1} ms  (the last build's manifest read, beside the load)",
        "manifest",
        ms(t.manifest_read)
    );
    for (stage, d) in site.timings() {
        eprintln!("{stage:>10}: {:8.1} ms", ms(*d));
    }
    let read = site.pages_read();
    let s = if read == 1 { "" } else { "s" };
    let walked = site.folders_walked();
    let listed = if walked == 0 {
        "no folder changed, so content/ was not walked"
    } else {
        "content/ walked"
    };
    eprintln!(
        "{:>10}: {read} page file{s} read, the others taken as the last build read them; {listed}",
        "files"
    );
    let output = if t.patched {
        "the output found as the last build left it, to be changed in place"
    } else {
        "the spare tree taken and its files checked"
    };
    eprintln!(
        "{:>10}: {:8.1} ms  ({output}, beside the load)",
        "output",
        ms(t.spare)
    );
    eprintln!(
        "{:>10}: {:8.1} ms  (render {:.1} ms + write {:.1} ms of thread time, {} threads)",
        "pages",
        ms(t.pages),
        ms(t.render),
        ms(t.write),
        rayon::current_num_threads()
    );
    eprintln!(
        "{:>10}: {:8.1} ms  (static files, sitemap, 404: {:.1} ms, swap into place: {:.1} ms; beside them, caches saved: {:.1} ms; then the build manifest: {:.1} ms)",
        "finish",
        ms(t.finish),
        ms(t.extras),
        ms(t.swap),
        ms(t.caches),
        ms(t.manifest_saved)
    );
}

/// How paths are shown in messages: relative to the current folder when the site is there.
pub fn label_root(root: &Path) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        PathBuf::new()
    } else {
        root.to_path_buf()
    }
}

/// The output side of a build, ready before the pages are rendered.
struct PreparedOutput {
    cache: build_cache::BuildCache,
    cache_warning: Option<String>,
    route: Route,
    manifest_read: Duration,
    spare_wall: Duration,
}

/// How the new output will be put in place.
enum Route {
    /// Written into a staging tree (the spare tree, its files checked), swapped in whole.
    Staged(output::Staging),
    /// Changed in place: the output is as the manifest records it.
    Patched(output::OutputLock),
}

/// Reads the last build's manifest and takes the output's lock. When the output folder is as
/// the last build left it, it will be changed in place; otherwise the spare tree is taken and
/// its files checked against what the manifest says.
fn prepare_output(root: &Path, output: &Path, clean: bool) -> Result<PreparedOutput, Diagnostic> {
    let started = Instant::now();
    let (cache, cache_warning) = build_cache::BuildCache::open(root, output, clean);
    let manifest_read = started.elapsed();
    let spare_started = Instant::now();
    let lock = output::OutputLock::take(output)?;
    let route = if cache.output_as_left(output).is_some() {
        Route::Patched(lock)
    } else {
        Route::Staged(staged(&cache, output, lock)?)
    };
    Ok(PreparedOutput {
        cache,
        cache_warning,
        route,
        manifest_read,
        spare_wall: spare_started.elapsed(),
    })
}

/// The staging tree for `output`: the spare tree, with its files the `cache` records as they
/// are on disk.
fn staged(
    cache: &build_cache::BuildCache,
    output: &Path,
    lock: output::OutputLock,
) -> Result<output::Staging, Diagnostic> {
    let mut staging = output::Staging::create(output, lock)?;
    let known = staging.dir().and_then(|spare| cache.spare_on_disk(spare));
    staging.know(known);
    Ok(staging)
}

/// Writes the new output over the spare tree in `staging`. From here on that tree is written
/// over: a build stopped now must not leave a manifest that vouches for it (without one, the
/// next build renders everything).
fn over_the_spare<'w>(
    cache: &mut build_cache::BuildCache,
    staging: output::Staging,
) -> output::OutputWriter<'w> {
    let _ = cache.forget_spare();
    output::OutputWriter::Staged(staging)
}

/// Builds the site at `opts.root` into the output folder, atomically.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary, Errors> {
    let started = Instant::now();
    let root = opts.root.as_path();
    let label = label_root(root);
    let output = opts.output.clone().unwrap_or_else(|| root.join("public"));
    let output_label = match &opts.output {
        Some(o) => o.clone(),
        None => label.join("public"),
    };
    output::check_output_location(root, &output)?;
    // The output side (the last build's manifest, the spare tree and its check) needs nothing
    // from the sources: it is made ready while they load.
    let (site, prepared) = std::thread::scope(|s| {
        let prepared = s.spawn(|| {
            background::lower_priority();
            prepare_output(root, &output, opts.clean)
        });
        let site = Site::load(&SiteOptions {
            root: opts.root.clone(),
            drafts: opts.drafts,
            base_url: opts.base_url.clone(),
            reading_units: false,
            lean: true,
            markdown_cache: !opts.clean,
        });
        let prepared = prepared.join().unwrap_or_else(|_| {
            Err(Diagnostic::new(
                "the output folder could not be made ready: careleaf stopped unexpectedly",
            ))
        });
        (site, prepared)
    });
    let mut site = site?;
    let PreparedOutput {
        mut cache,
        cache_warning,
        route,
        manifest_read,
        spare_wall,
    } = prepared?;
    site.forget_page_text();
    let writer = match route {
        Route::Staged(staging) => over_the_spare(&mut cache, staging),
        Route::Patched(lock) => match cache.recorded_output() {
            Some(before) => {
                output::OutputWriter::Patched(output::Patch::new(&output, before, lock))
            }
            None => {
                let staging = staged(&cache, &output, lock)?;
                over_the_spare(&mut cache, staging)
            }
        },
    };
    let patched = matches!(writer, output::OutputWriter::Patched(_));
    // Pages are rendered and written in parallel; the time spent in each is added up over the
    // threads, so the split shows where the work goes.
    let render_ns = AtomicU64::new(0);
    let write_ns = AtomicU64::new(0);
    let pages_started = Instant::now();
    let pages = CachedPages::new(&cache, &writer, &output, &write_ns);
    site.render_pages_into(&pages, &render_ns)?;
    let pages_rendered = pages.rendered.into_inner();
    let pages_wall = pages_started.elapsed();
    let extras_started = Instant::now();
    let cache_parts = site.take_cache_parts();
    let (finished, (site_saved, caches_wall)) =
        finish_saving_caches(&site, writer, (&cache, &output), cache_parts);
    let finished = finished?;
    let manifest_started = Instant::now();
    let saved = cache.save(finished.made, finished.written).and(site_saved);
    let manifest_wall = manifest_started.elapsed();
    let mut cache_warnings: Vec<String> = cache_warning.into_iter().collect();
    cache_warnings.extend(site.cache_warnings());
    if let Err(e) = saved {
        cache_warnings.push(format!(
            "the build cache could not be saved ({e}): the next build renders every page"
        ));
    }
    if opts.timings {
        print_timings(
            &site,
            &StageTimes {
                manifest_read,
                patched,
                spare: spare_wall,
                pages: pages_wall,
                render: Duration::from_nanos(render_ns.load(Ordering::Relaxed)),
                write: Duration::from_nanos(write_ns.load(Ordering::Relaxed)),
                finish: extras_started.elapsed(),
                extras: finished.extras_wall,
                swap: finished.swap_wall,
                caches: caches_wall,
                manifest_saved: manifest_wall,
            },
        );
    }
    let summary = BuildSummary {
        pages: site.page_file_count(),
        files: finished.files,
        output: output_label,
        elapsed: started.elapsed(),
        warnings: site.warnings().to_vec(),
        pictures_made: site
            .editions()
            .iter()
            .map(crate::edition::Edition::pictures_made)
            .sum(),
        pages_rendered,
        feature_pages: finished.feature_pages,
        feature_pages_rendered: finished.feature_pages_rendered,
        cache_warnings,
        patched,
    };
    // Freeing a large site's pages one by one takes as long as a build that renders nothing
    // spends on them: let it happen beside the rest of the program (or not at all, when the
    // program ends first).
    std::thread::spawn(move || drop(site));
    Ok(summary)
}
