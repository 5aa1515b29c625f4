//! Pictures: every JPEG, PNG and WebP of `content/` is published at the widths and in the
//! formats of `site.yaml` `images:` (never wider than itself), and every `<img>` of it in a page
//! becomes a `<picture>` that lets each browser take the smallest file it can show sharply.
//! Variants are made in parallel and kept in `.careleaf/cache/images/` by the hash of the
//! picture and the settings, so a second build, and the preview after an edit, make none.
//! SVG drawings and GIFs are published as they are.

mod cache;
mod encode;
mod markup;
mod plan;

use std::cell::Cell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::{Feature, FeatureSpec, LoadContext, MarkdownContext};
use crate::config::ImageConfig;
use crate::diagnostic::{Diagnostic, Errors};
use crate::markdown::Rendered;
use cache::Cache;
use plan::{Picture, PlanInput, Variant};

pub const SPEC: FeatureSpec = FeatureSpec {
    name: "images",
    shortcodes: &[],
    load,
};

/// One edition's pictures, each with its variants in the cache.
pub struct Images {
    pictures: Vec<Picture>,
    /// Picture by its address as pages link it, decoded and as written in HTML.
    by_src: HashMap<String, usize>,
    by_attribute: HashMap<String, usize>,
    /// Size in bytes of each picture's variants, in its order.
    sizes_of: Vec<Vec<u64>>,
    sizes: String,
    cache: Cache,
    made: usize,
    /// What every address of this edition starts with: cut from an address, it leaves the
    /// output path.
    root_path: String,
    /// Pictures that could not be decoded: published as they are, with a warning each.
    unreadable: Vec<Diagnostic>,
}

fn load(ctx: &LoadContext, _markdown: &MarkdownContext) -> Result<Box<dyn Feature>, Errors> {
    let settings = &ctx.config.images;
    let dir = ctx.root.join(ctx.content_dir);
    let shown_dir = ctx.label.join(ctx.content_dir);
    let root_path = ctx.links.root_path();
    let own = ctx.content.assets.iter().map(|asset| {
        (
            dir.join(&asset.rel),
            shown_dir.join(&asset.rel),
            asset.rel.as_path(),
            format!("{root_path}{}", asset.url),
            false,
        )
    });
    // Another language's page may show the default language's picture by its address; the
    // default language publishes its files, this one only points at them.
    let shared_dir = Path::new("content");
    let shared_files = if ctx.content_dir == shared_dir {
        &[][..]
    } else {
        ctx.addresses.shared_files()
    };
    let shared = shared_files.iter().map(|f| {
        (
            ctx.root.join(shared_dir).join(&f.rel),
            ctx.label.join(shared_dir).join(&f.rel),
            f.rel.as_path(),
            f.address.clone(),
            true,
        )
    });
    let sources: Vec<_> = own.chain(shared).collect();
    let planned: Vec<Result<Picture, Diagnostic>> = sources
        .into_par_iter()
        .filter_map(|(file, shown, rel, src, shared)| {
            let fallback = plan::is_resized(rel)?;
            let picture = plan_picture(file, shown, src, fallback, settings);
            if shared && picture.as_ref().is_err_and(|e| !e.is_error()) {
                return None; // the default language warns about it
            }
            Some(picture.map(|p| Picture { shared, ..p }))
        })
        .collect();
    let mut problems = Problems::default();
    let planned: Vec<Picture> = planned
        .into_iter()
        .filter_map(|p| problems.keep(p))
        .collect();
    let cache = Cache::in_site(ctx.root);
    let (made_for, made) = make_variants(&planned, &cache, settings.quality);
    let (pictures, sizes_of): (Vec<Picture>, Vec<Vec<u64>>) = planned
        .into_iter()
        .zip(made_for)
        .filter_map(|(picture, sizes)| Some((picture, problems.keep(sizes)?)))
        .unzip();
    let unreadable = problems.errors.into_result(problems.unreadable)?;
    let by_src: HashMap<String, usize> = pictures
        .iter()
        .enumerate()
        .map(|(i, p)| (p.src.clone(), i))
        .collect();
    let by_attribute = pictures
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut written = String::new();
            let _ = pulldown_cmark_escape::escape_href(&mut written, &p.src);
            (written, i)
        })
        .collect();
    Ok(Box::new(Images {
        pictures,
        by_src,
        by_attribute,
        sizes_of,
        sizes: settings.sizes.clone(),
        cache,
        made,
        root_path: root_path.to_string(),
        unreadable,
    }))
}

/// What went wrong with pictures: errors fail the build, pictures that cannot be decoded
/// (warnings from [`unreadable`]) are published as they are.
#[derive(Default)]
struct Problems {
    errors: Errors,
    unreadable: Vec<Diagnostic>,
}

impl Problems {
    fn keep<T>(&mut self, result: Result<T, Diagnostic>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(e) if e.is_error() => self.errors.keep(Err(e)),
            Err(e) => {
                self.unreadable.push(e);
                None
            }
        }
    }
}

/// Reads a picture's bytes and header, and plans its variants.
fn plan_picture(
    file: PathBuf,
    shown: PathBuf,
    src: String,
    fallback: plan::OutFormat,
    settings: &ImageConfig,
) -> Result<Picture, Diagnostic> {
    let bytes = std::fs::read(&file).map_err(|e| Diagnostic::io(&shown, &e))?;
    let header = encode::header(&bytes).map_err(|e| unreadable(&shown, &e))?;
    let hash = plan::source_hash(&bytes);
    Ok(plan::plan(PlanInput {
        src,
        file,
        shown,
        width: header.width,
        height: header.height,
        fallback,
        source_hash: &hash,
        settings,
    }))
}

/// A picture careleaf cannot decode is still published as it is (some browsers show a file
/// the decoder refuses, such as a PNG with a wrong checksum), so it warns rather than failing
/// the build of a whole site over one file; pages then show it without smaller sizes.
fn unreadable(shown: &Path, why: &str) -> Diagnostic {
    Diagnostic::in_file(
        shown,
        format!("this picture cannot be read, so it is published as it is, without smaller sizes for phones: {why}"),
    )
    .with_hint(
        "open it in a photo or drawing program and save it again as JPEG or PNG; if it is not a picture, give it the right file extension",
    )
    .warning(crate::diagnostic::Rule::ImageUnreadable)
}

/// Makes every variant the cache does not hold whole, in parallel (one picture decoded once
/// for all its variants); gives each picture's variant sizes (or why it has none) and how
/// many files were made.
fn make_variants(
    pictures: &[Picture],
    cache: &Cache,
    quality: u8,
) -> (Vec<Result<Vec<u64>, Diagnostic>>, usize) {
    let made = AtomicUsize::new(0);
    let results: Vec<Result<Vec<u64>, Diagnostic>> = pictures
        .par_iter()
        .map(|p| {
            let held: Vec<Option<u64>> = p.variants.iter().map(|v| cache.whole(v)).collect();
            if held.iter().all(Option::is_some) {
                return Ok(held.into_iter().flatten().collect());
            }
            let bytes = std::fs::read(&p.file).map_err(|e| Diagnostic::io(&p.shown, &e))?;
            let pixels = encode::decode(&bytes).map_err(|e| unreadable(&p.shown, &e))?;
            p.variants
                .par_iter()
                .zip(held.par_iter())
                .map(|(v, held)| match held {
                    Some(size) => Ok(*size),
                    None => {
                        let size = make_one(&pixels, v, quality, cache, &p.shown)?;
                        made.fetch_add(1, Ordering::Relaxed);
                        Ok(size)
                    }
                })
                .collect()
        })
        .collect();
    (results, made.into_inner())
}

fn make_one(
    pixels: &encode::Pixels,
    v: &Variant,
    quality: u8,
    cache: &Cache,
    shown: &Path,
) -> Result<u64, Diagnostic> {
    let bytes = pixels
        .resized(v.width, v.height)
        .and_then(|p| p.encode(v.format, quality))
        .map_err(|e| unreadable(shown, &e))?;
    let path = cache.path(v);
    cache.put(v, &bytes).map_err(|e| {
        Diagnostic::io(&path, &e)
            .with_hint("careleaf keeps resized pictures in .careleaf/cache/: check that the site's folder is writable")
    })?;
    Ok(bytes.len() as u64)
}

/// What `check` needs to know of a picture a page shows.
pub struct PictureWeight {
    /// Bytes of its smallest variant (the least a phone downloads).
    pub smallest: u64,
    pub file: PathBuf,
}

impl Images {
    /// The picture published at `src` (as a page links it, root path included).
    pub fn weight(&self, src: &str) -> Option<PictureWeight> {
        let &i = self.by_src.get(src)?;
        let picture = &self.pictures[i];
        let smallest = self.sizes_of[i].iter().copied().min()?;
        Some(PictureWeight {
            smallest,
            file: picture.shown.clone(),
        })
    }

    /// How many variants this load made (not taken from the cache).
    pub fn made(&self) -> usize {
        self.made
    }

    /// A warning for each picture that could not be decoded.
    pub fn unreadable(&self) -> &[Diagnostic] {
        &self.unreadable
    }
}

impl Feature for Images {
    // Adds nothing to pages.
    fn page_values_key(&self, _key: &mut crate::cache_key::KeyWriter) -> bool {
        true
    }

    fn rewrite(&self, rendered: &mut Rendered) {
        if self.pictures.is_empty() {
            return;
        }
        let find = |src: &str| self.by_attribute.get(src).map(|&i| &self.pictures[i]);
        let seen = Cell::new(0);
        // A page taken from the Markdown cache was rewritten when it was rendered.
        let blocks = rendered.detail.get_mut().map(|d| &mut d.blocks);
        let parts = std::iter::once(&mut rendered.html)
            .chain(blocks.into_iter().flatten().map(|b| &mut b.html));
        for html in parts {
            // Most pages have no picture: leave them unparsed.
            if !html.contains("<img") {
                continue;
            }
            if let Some(new) = markup::rewrite(html, &find, &self.sizes, &seen) {
                *html = new;
            }
        }
    }

    fn pictures(&self) -> Option<&Images> {
        Some(self)
    }

    fn copies(&self) -> Vec<(String, PathBuf, PathBuf)> {
        self.pictures
            .iter()
            // Shared pictures of the default language are published by it.
            .filter(|p| !p.shared)
            .flat_map(|p| {
                p.variants.iter().map(|v| {
                    let path = self.cache.path(v);
                    let out = v.url.strip_prefix(&self.root_path).unwrap_or(&v.url);
                    (out.to_string(), path.clone(), path)
                })
            })
            .collect()
    }
}
