//! careleaf: a static site generator for patient-education websites.
//!
//! Data flows one way: [`config`] → [`content`] → [`markdown`] → [`render`] → [`output`].
//! [`build`] runs the whole pipeline; the binary is a thin command line over it.

pub mod config;
pub mod content;
pub mod error;
pub mod faq;
pub mod markdown;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod theme;
pub mod timeline;
pub mod yaml;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{Config, LoadedConfig};
use crate::content::Content;
use crate::error::{Error, ErrorKind, Errors};
use crate::faq::Faq;
use crate::markdown::{Mode, Rendered, ShortcodeCall, ShortcodeError};
use crate::render::{ContextBuilder, Globals, Link, Renderer};
use crate::timeline::TimelineView;

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
    let navigation = navigation(&loaded, &content, &root_path)?;
    let timeline = load_timeline(root, &label, &content, &root_path)?;

    let statics = output::fingerprint(&theme.statics);
    let assets: HashMap<String, String> = statics
        .iter()
        .map(|s| (s.file.name.clone(), format!("{root_path}{}", s.out_name)))
        .collect();
    let mut renderer = Renderer::new(
        &theme,
        Globals {
            config,
            navigation: &navigation,
            data: &content.data,
            assets,
            year: jiff::Zoned::now().year(),
        },
    )?;
    renderer.set_global("timeline", &timeline);
    renderer.set_global("faq", &Option::<Faq>::None);
    check_templates_exist(&content, &renderer)?;

    // The FAQ first: other pages show its questions.
    let faq_index = content.page_by_rel.get(Path::new(faq::FAQ_FILE)).copied();
    let faq_url = faq_index.map(|i| format!("{root_path}{}", content.pages[i].url));
    let mut faq_pair: Option<(Rendered, Faq, Faq)> = None;
    if let (Some(i), Some(url)) = (faq_index, &faq_url) {
        let page = &content.pages[i];
        let shortcodes = shortcode_renderer(&renderer, timeline.as_ref(), None);
        let on_page = render_one(
            &content,
            page,
            &root_path,
            Some(&shortcodes),
            Mode {
                split_at_headings: true,
                ..Mode::default()
            },
        )?;
        let embedded = render_one(
            &content,
            page,
            &root_path,
            Some(&shortcodes),
            Mode {
                split_at_headings: true,
                footnote_base: url,
                without_anchors: true,
            },
        )?;
        let faq_on_page = Faq::from_rendered(page, &on_page, "")?;
        let faq_elsewhere = Faq::from_rendered(page, &embedded, url)?;
        faq_pair = Some((on_page, faq_on_page, faq_elsewhere));
    }
    renderer.set_global("faq", &faq_pair.as_ref().map(|(_, _, f)| f));

    let shortcodes = shortcode_renderer(
        &renderer,
        timeline.as_ref(),
        faq_pair.as_ref().map(|(_, _, f)| f),
    );
    let mut rendered = render_markdown(&content, &root_path, &shortcodes, faq_index)?;
    let mut faq_page = None;
    if let (Some(i), Some((on_page, faq_on_page, _))) = (faq_index, &faq_pair) {
        rendered[i] = on_page.clone();
        faq_page = Some((i, faq_on_page));
    }
    for r in &rendered {
        warnings.extend(r.warnings.iter().cloned());
    }

    let staging = output::Staging::create(&output)?;
    let contexts = ContextBuilder {
        content: &content,
        rendered: &rendered,
        config,
        root_path: root_path.clone(),
        faq: faq_pair.as_ref().map(|(_, _, f)| f),
        faq_page,
    };
    let page_errors: Vec<Error> = (0..content.pages.len())
        .into_par_iter()
        .filter_map(|i| {
            let page = &content.pages[i];
            let html = renderer.render(renderer.template_for(page), &contexts.page(i));
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

/// Maps a path relative to `content/` to the URL of that page or file.
fn resolver<'a>(
    content: &'a Content,
    root_path: &'a str,
) -> impl Fn(&Path) -> Option<String> + Sync + 'a {
    move |rel: &Path| {
        if let Some(&i) = content.page_by_rel.get(rel) {
            return Some(format!("{root_path}{}", content.pages[i].url));
        }
        content
            .asset_by_rel
            .get(rel)
            .map(|&i| format!("{root_path}{}", content.assets[i].url))
    }
}

fn render_one(
    content: &Content,
    page: &content::Page,
    root_path: &str,
    shortcodes: Option<&markdown::ShortcodeFn>,
    mode: Mode,
) -> Result<Rendered, Errors> {
    let resolve = resolver(content, root_path);
    markdown::render(&markdown::MarkdownInput {
        file: &page.file,
        text: &page.text,
        body_start: page.body_start,
        page_dir: page.rel.parent().unwrap_or(Path::new("")),
        resolve: &resolve,
        shortcodes,
        mode,
    })
    .map_err(Errors)
}

/// Renders every page's Markdown in parallel (except the FAQ, done before); reports every
/// broken link of every page.
fn render_markdown(
    content: &Content,
    root_path: &str,
    shortcodes: &markdown::ShortcodeFn,
    skip: Option<usize>,
) -> Result<Vec<Rendered>, Errors> {
    let results: Vec<Result<Rendered, Errors>> = content
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            if Some(i) == skip {
                return Ok(Rendered::default());
            }
            render_one(content, page, root_path, Some(shortcodes), Mode::default())
        })
        .collect();
    let mut errors = Errors::default();
    let mut rendered = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(r) => rendered.push(r),
            Err(es) => errors.0.extend(es.0),
        }
    }
    errors.into_result(rendered)
}

/// `content/timeline.yaml`, checked, with the address of the timeline page.
fn load_timeline(
    root: &Path,
    label: &Path,
    content: &Content,
    root_path: &str,
) -> Result<Option<TimelineView>, Error> {
    let path = root.join("content").join(timeline::TIMELINE_FILE);
    if !path.is_file() {
        return Ok(None);
    }
    let mut view = timeline::load(&path, &label.join("content").join(timeline::TIMELINE_FILE))?;
    view.url = content
        .page_by_rel
        .get(Path::new("timeline.md"))
        .map(|&i| format!("{root_path}{}", content.pages[i].url));
    Ok(Some(view))
}

/// The built-in shortcodes and the arguments they take; other shortcodes are templates in
/// `shortcodes/` and take any argument.
const BUILTIN_SHORTCODES: &[(&str, &[&str])] =
    &[("timeline", &["phase"]), ("faq", &["tag", "limit"])];

/// Renders a shortcode after checking its name and arguments.
fn shortcode_renderer<'a>(
    renderer: &'a Renderer,
    timeline: Option<&'a TimelineView>,
    faq: Option<&'a Faq>,
) -> impl Fn(&ShortcodeCall) -> Result<String, ShortcodeError> + Sync + 'a {
    move |call: &ShortcodeCall| {
        let fail = |message: String, hint: String| ShortcodeError { message, hint };
        if !renderer.has_shortcode(&call.name) {
            return Err(fail(
                format!("unknown shortcode `{}`", call.name),
                format!(
                    "available shortcodes: {}",
                    renderer.shortcode_names().join(", ")
                ),
            ));
        }
        let mut args = serde_json::Map::new();
        if let Some((_, known)) = BUILTIN_SHORTCODES.iter().find(|(n, _)| *n == call.name) {
            for (key, _) in &call.args {
                if !known.contains(&key.as_str()) {
                    return Err(fail(
                        format!("the shortcode `{}` has no argument `{key}`", call.name),
                        format!("its arguments are: {}", known.join(", ")),
                    ));
                }
            }
            for key in *known {
                args.insert(key.to_string(), serde_json::Value::Null);
            }
        }
        for (key, value) in &call.args {
            args.insert(key.clone(), serde_json::Value::String(value.clone()));
        }
        match call.name.as_str() {
            "timeline" => {
                let Some(t) = timeline else {
                    return Err(fail(
                        "the timeline shortcode needs content/timeline.yaml".into(),
                        "create content/timeline.yaml (see README.md, \"The timeline\")".into(),
                    ));
                };
                if let Some(phase) = call.arg("phase")
                    && !t.phases.iter().any(|p| p.phase.id == phase)
                {
                    let ids: Vec<&str> = t.phases.iter().map(|p| p.phase.id.as_str()).collect();
                    return Err(fail(
                        format!("the timeline has no phase `{phase}`"),
                        format!("phases are: {}", ids.join(", ")),
                    ));
                }
            }
            "faq" => {
                if faq.is_none() {
                    return Err(fail(
                        "the faq shortcode needs content/faq.md and cannot be used inside it"
                            .into(),
                        "use it in articles".into(),
                    ));
                }
                if let Some(limit) = call.arg("limit") {
                    match limit.parse::<u32>() {
                        Ok(n) if n > 0 => {
                            args.insert("limit".into(), n.into());
                        }
                        _ => {
                            return Err(fail(
                                format!("limit=\"{limit}\" is not a positive whole number"),
                                "write e.g. limit=3".into(),
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
        renderer
            .render_shortcode(&call.name, &serde_json::Value::Object(args))
            .map_err(|e| {
                fail(
                    format!("the shortcode `{}` failed: {}", call.name, e.message),
                    e.location().map_or(String::new(), |l| format!("see {l}")),
                )
            })
    }
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
        let name = renderer.template_for(page);
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
