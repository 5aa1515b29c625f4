//! careleaf: a static site generator for patient-education websites.
//!
//! Data flows one way: [`config`] → [`content`] → [`markdown`] → [`render`] → [`output`].
//! [`build`] runs the whole pipeline; the binary is a thin command line over it.

pub mod config;
pub mod content;
pub mod error;
pub mod markdown;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod theme;
pub mod yaml;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{Config, LoadedConfig};
use crate::content::Content;
use crate::error::{Error, ErrorKind, Errors};
use crate::markdown::Rendered;
use crate::render::{ContextBuilder, Globals, Link, Renderer};

pub use error::{Error as CareleafError, Span};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site's folder (holding `site.yaml` and `content/`).
    pub root: PathBuf,
    /// Where to write the site; `root/public` when not given.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub pages: usize,
    pub files: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    pub warnings: Vec<String>,
}

/// How paths are shown in messages: relative to the current folder when the site is there.
pub fn label_root(root: &Path) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        PathBuf::new()
    } else {
        root.to_path_buf()
    }
}

/// Builds the site at `opts.root` into the output folder, atomically.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary, Errors> {
    let started = Instant::now();
    let root = opts.root.as_path();
    let label = label_root(root);
    let mut loaded = config::load(root, &label.join(config::CONFIG_FILE))?;
    if let Some(url) = &opts.base_url {
        loaded.config.base_url = config::normalize_base_url(url).map_err(|m| {
            Error::new(ErrorKind::Config, format!("--base-url: {m}"))
                .with_hint("pass the full address, e.g. --base-url https://www.myclinic.com")
        })?;
    }
    let output = opts.output.clone().unwrap_or_else(|| root.join("public"));
    let output_label = match &opts.output {
        Some(o) => o.clone(),
        None => label.join("public"),
    };
    output::check_output_location(root, &output)?;

    let config = &loaded.config;
    let content = content::load(&content::LoadOptions {
        root,
        label_root: &label,
        include_drafts: opts.drafts,
        site_title: &config.title,
        site_description: &config.description,
    })?;
    let mut warnings = content.warnings.clone();
    let theme = theme::load(root, &label, &config.theme)
        .map_err(|e| locate_in_config(e, &loaded, "theme"))?;

    let root_path = config.root_path();
    let rendered = render_markdown(&content, &root_path)?;
    for r in &rendered {
        warnings.extend(r.warnings.iter().cloned());
    }
    let navigation = navigation(&loaded, &content, &root_path)?;

    let statics = output::fingerprint(&theme.statics);
    let assets: HashMap<String, String> = statics
        .iter()
        .map(|s| (s.file.name.clone(), format!("{root_path}{}", s.out_name)))
        .collect();
    let renderer = Renderer::new(
        &theme,
        Globals {
            config,
            navigation: &navigation,
            data: &content.data,
            assets,
            year: jiff::Zoned::now().year(),
        },
    )?;
    check_templates_exist(&content, &renderer)?;

    let staging = output::Staging::create(&output)?;
    let contexts = ContextBuilder {
        content: &content,
        rendered: &rendered,
        config,
        root_path: root_path.clone(),
    };
    let page_errors: Vec<Error> = (0..content.pages.len())
        .into_par_iter()
        .filter_map(|i| {
            let page = &content.pages[i];
            let html = renderer.render(render::template_for(page), &contexts.page(i));
            match html {
                Ok(html) => staging.write(&page.output_path(), html.as_bytes()).err(),
                Err(e) => Some(e),
            }
        })
        .collect();
    if !page_errors.is_empty() {
        return Err(Errors(page_errors));
    }
    let mut files = 0;
    if renderer.has_template("404.html") {
        let empty = Rendered::default();
        let extra = serde_json::Map::new();
        let html = renderer.render("404.html", &contexts.not_found(&empty, &extra))?;
        staging.write("404.html", html.as_bytes())?;
        files += 1;
    }
    for s in &statics {
        staging.write(&s.out_name, &s.file.bytes)?;
        files += 1;
    }
    let content_dir = root.join("content");
    for a in &content.assets {
        staging.copy(
            &a.url,
            &content_dir.join(&a.rel),
            &label.join("content").join(&a.rel),
        )?;
        files += 1;
    }
    if config.base_url.is_empty() {
        staging.write("robots.txt", output::robots(None).as_bytes())?;
        files += 1;
    } else {
        let entries: Vec<(String, Option<String>)> = content
            .pages
            .iter()
            .map(|p| {
                let lastmod = p.front.updated.or(p.front.date).map(|d| d.to_string());
                (contexts.permalink(&p.url), lastmod)
            })
            .collect();
        staging.write("sitemap.xml", output::sitemap(&entries).as_bytes())?;
        let sitemap_url = contexts.permalink("sitemap.xml");
        staging.write("robots.txt", output::robots(Some(&sitemap_url)).as_bytes())?;
        files += 2;
    }
    staging.commit()?;
    Ok(BuildSummary {
        pages: content.pages.len(),
        files,
        output: output_label,
        elapsed: started.elapsed(),
        warnings,
    })
}

/// Gives an error about a setting the location of its key in `site.yaml`.
fn locate_in_config(e: Error, loaded: &LoadedConfig, key: &str) -> Error {
    if e.span.is_some() {
        return e;
    }
    let located = loaded.key_error(key, e.message.clone());
    Error {
        span: located.span,
        source_line: located.source_line,
        ..e
    }
}

/// Renders every page's Markdown in parallel; reports every broken link of every page.
fn render_markdown(content: &Content, root_path: &str) -> Result<Vec<Rendered>, Errors> {
    let resolve = |rel: &Path| -> Option<String> {
        if let Some(&i) = content.page_by_rel.get(rel) {
            return Some(format!("{root_path}{}", content.pages[i].url));
        }
        content
            .asset_by_rel
            .get(rel)
            .map(|&i| format!("{root_path}{}", content.assets[i].url))
    };
    let results: Vec<Result<Rendered, Vec<Error>>> = content
        .pages
        .par_iter()
        .map(|page| {
            markdown::render(&markdown::MarkdownInput {
                file: &page.file,
                text: &page.text,
                body_start: page.body_start,
                page_dir: page.rel.parent().unwrap_or(Path::new("")),
                resolve: &resolve,
            })
        })
        .collect();
    let mut errors = Errors::default();
    let mut rendered = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(r) => rendered.push(r),
            Err(es) => errors.0.extend(es),
        }
    }
    errors.into_result(rendered)
}

/// The menu: from `site.yaml`, or the home page and its children when none is given.
fn navigation(
    loaded: &LoadedConfig,
    content: &Content,
    root_path: &str,
) -> Result<Vec<Link>, Error> {
    let config: &Config = &loaded.config;
    let page_link = |i: usize| Link {
        title: content.pages[i].front.title.clone(),
        url: format!("{root_path}{}", content.pages[i].url),
    };
    if config.navigation.is_empty() {
        let home = &content.pages[content.home];
        let mut links = vec![Link {
            title: "Home".into(),
            url: root_path.to_string(),
        }];
        links.extend(
            home.pages
                .iter()
                .chain(&home.subsections)
                .map(|&i| page_link(i)),
        );
        return Ok(links);
    }
    config
        .navigation
        .iter()
        .map(|entry| match (&entry.page, &entry.url) {
            (Some(page), _) => {
                let rel = Path::new(page.trim_start_matches('/'));
                match content.page_by_rel.get(rel) {
                    Some(&i) => Ok(Link {
                        title: entry.title.clone(),
                        url: page_link(i).url,
                    }),
                    None => Err(loaded
                        .key_error("navigation", format!("the navigation entry \"{}\" links to {page}, which does not exist in content/", entry.title))
                        .with_hint("use the path of a Markdown file relative to content/, e.g. `page: risks-and-side-effects.md`")),
                }
            }
            (None, Some(url)) => Ok(Link { title: entry.title.clone(), url: url.clone() }),
            (None, None) => Err(loaded.key_error("navigation", format!("the navigation entry \"{}\" has no `page` or `url`", entry.title))),
        })
        .collect()
}

fn check_templates_exist(content: &Content, renderer: &Renderer) -> Result<(), Errors> {
    let mut errors = Errors::default();
    for page in &content.pages {
        let name = render::template_for(page);
        if !renderer.has_template(name) {
            let available = renderer.template_names().join(", ");
            let e = if page.front.template.is_some() {
                page.key_error("template", format!("the template `{name}` does not exist"))
            } else {
                Error::new(
                    ErrorKind::Template,
                    format!(
                        "the theme has no `{name}` template, needed for {}",
                        page.file.display()
                    ),
                )
            };
            errors.push(e.with_hint(format!("available templates: {available}")));
        }
    }
    errors.into_result(())
}
