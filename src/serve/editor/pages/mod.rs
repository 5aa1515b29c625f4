//! What the editor does to whole pages: create one, rename or move it (every link to it
//! follows, and its old address keeps working), delete it into `.careleaf/trash/` (and bring
//! it back), and start its translation. Each change goes through the [`Store`], so it is
//! atomic, stays inside `content/` and keeps what it replaces in the history.

mod relink;

use std::path::{Path, PathBuf};

use serde_json::json;

use super::fields::{self, FieldChange};
use super::store::{Store, StoreError};
use crate::site::Site;

/// Why a page action was not done.
#[derive(Debug)]
pub enum PageError {
    Store(StoreError),
    /// The action would break the site or is not possible; the words say what to do instead.
    Refused(String),
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> Self {
        PageError::Store(e)
    }
}

impl From<fields::FieldError> for PageError {
    fn from(e: fields::FieldError) -> Self {
        PageError::Refused(e.0)
    }
}

type Result<T> = std::result::Result<T, PageError>;

fn refused<T>(why: impl Into<String>) -> Result<T> {
    Err(PageError::Refused(why.into()))
}

/// What the page actions need to know of the site, taken while the preview is locked so the
/// files are written without holding it.
pub struct SiteMap {
    editions: Vec<EditionMap>,
}

struct EditionMap {
    language: String,
    /// Its folder in `content/` (None for the default language, at the top).
    dir: Option<PathBuf>,
    /// Pages in its menu (edition-relative files).
    in_menu: Vec<PathBuf>,
    /// Its pages: file (edition-relative), address, translation key as written.
    pages: Vec<PageEntry>,
    new_page_description: String,
    new_page_body: String,
    new_page_reviewer: String,
}

struct PageEntry {
    rel: PathBuf,
    url: String,
    template: Option<String>,
}

impl SiteMap {
    pub fn of(site: &Site) -> SiteMap {
        let editions = site
            .editions()
            .iter()
            .map(|e| {
                let strings = e.strings();
                EditionMap {
                    language: e.language().to_string(),
                    dir: e.language_dir().map(PathBuf::from),
                    in_menu: e
                        .config()
                        .navigation
                        .iter()
                        .filter_map(|n| n.page.as_ref().map(PathBuf::from))
                        .collect(),
                    pages: e
                        .content()
                        .pages
                        .iter()
                        .filter(|p| !p.is_generated())
                        .map(|p| PageEntry {
                            rel: p.rel.clone(),
                            url: p.url.clone(),
                            template: p.front.template.clone(),
                        })
                        .collect(),
                    new_page_description: strings.get("editor_new_description").to_string(),
                    new_page_body: strings.get("editor_new_body").to_string(),
                    new_page_reviewer: strings.get("editor_new_reviewer").to_string(),
                }
            })
            .collect();
        SiteMap { editions }
    }

    /// The edition a file of `content/` belongs to, and the file within it.
    fn edition_of(&self, rel: &Path) -> (&EditionMap, PathBuf) {
        self.editions
            .iter()
            .skip(1)
            .find_map(|e| {
                let dir = e.dir.as_ref()?;
                rel.strip_prefix(dir).ok().map(|r| (e, r.to_path_buf()))
            })
            .unwrap_or_else(|| (&self.editions[0], rel.to_path_buf()))
    }
}

impl EditionMap {
    fn content_rel(&self, within: &Path) -> String {
        let path = match &self.dir {
            Some(d) => d.join(within),
            None => within.to_path_buf(),
        };
        path.to_string_lossy().replace('\\', "/")
    }

    fn page(&self, within: &Path) -> Option<&PageEntry> {
        self.pages.iter().find(|p| p.rel == within)
    }
}

/// Makes `section/<name from title>.md` with the fields a page needs first; the page is a
/// draft until an editor clears the box. Returns its file.
pub fn create(store: &Store, map: &SiteMap, section: &str, title: &str) -> Result<String> {
    let title = title.trim();
    if title.is_empty() {
        return refused("give the page a title");
    }
    let section = section.trim_matches('/');
    let (edition, within_section) = map.edition_of(Path::new(section));
    let stem = file_name_for(title);
    let mut within = within_section.join(format!("{stem}.md"));
    let mut n = 2;
    while store.path_of(&edition.content_rel(&within))?.exists() {
        within = within_section.join(format!("{stem}-{n}.md"));
        n += 1;
    }
    // The section's template: the one its pages already share, if they do.
    let mut templates = edition
        .pages
        .iter()
        .filter(|p| p.rel.parent() == Some(within_section.as_path()))
        .map(|p| p.template.clone());
    let first = templates.next().flatten();
    let template = first.filter(|t| templates.all(|o| o.as_deref() == Some(t)));
    let rel = edition.content_rel(&within);
    let today = jiff::Zoned::now().date().to_string();
    let mut changes = vec![
        change("title", json!(title)),
        change("description", json!(edition.new_page_description)),
        change("reviewed_by", json!(edition.new_page_reviewer)),
        change("date", json!(today)),
        change("draft", json!(true)),
    ];
    if let Some(t) = template {
        changes.push(change("template", json!(t)));
    }
    let start = format!("---\n---\n\n{}\n", edition.new_page_body);
    let (text, _) = fields::apply(&rel, &start, &changes)?;
    store.save(&rel, &text, None)?;
    Ok(rel)
}

fn change(field: &str, value: serde_json::Value) -> FieldChange {
    FieldChange {
        field: field.into(),
        value,
    }
}

/// A file name from a title (`crate::content::tag_slug`, at most 60 characters).
fn file_name_for(title: &str) -> String {
    let name: String = crate::content::tag_slug(title).chars().take(60).collect();
    let name = name.trim_end_matches('-').to_string();
    if name.is_empty() { "page".into() } else { name }
}

/// Moves `from` to `to` (both in `content/`, in one language): every link to it in that
/// language's pages follows it, its old address is kept as an alias, and a translation linked
/// by file name stays linked. Returns the new file and every file changed.
pub fn rename(store: &Store, map: &SiteMap, from: &str, to: &str) -> Result<(String, Vec<String>)> {
    let to = to.trim().trim_start_matches('/');
    let to = if crate::content::is_page_file(Path::new(to)) {
        to.to_string()
    } else {
        format!("{to}.md")
    };
    let old_text = store.open(from)?;
    let new_path = store.path_of(&to)?;
    if new_path.exists() {
        return refused(format!("`{to}` already exists: choose another name"));
    }
    let (edition, old_within) = map.edition_of(Path::new(from));
    let (to_edition, new_within) = map.edition_of(Path::new(&to));
    if to_edition.language != edition.language {
        return refused("a page moves within its own language; use “Translate” for another");
    }
    if edition.in_menu.contains(&old_within) {
        return refused(
            "this page is in the site's menu (site.yaml, navigation): ask whoever set up the site to change the menu along with the name",
        );
    }
    let page = edition.page(&old_within);
    let mut changes = Vec::new();
    if let Some(page) = page {
        let form = fields::read(from, &old_text.text)?;
        let mut aliases: Vec<serde_json::Value> = form.values["aliases"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        // Aliases are addresses from the root of the page's language, as `page.url` is.
        // A page with its own `slug` that stays in its folder keeps its address: no alias
        // (it would be the page's own address, which the build refuses).
        let same_address =
            !form.values["slug"].is_null() && old_within.parent() == new_within.parent();
        let old_address = page.url.trim_start_matches('/');
        if !old_address.is_empty() && !same_address {
            aliases.push(json!(format!("/{old_address}")));
            changes.push(change("aliases", serde_json::Value::Array(aliases)));
        }
        let translated = map
            .editions
            .iter()
            .any(|e| e.language != edition.language && e.page(&old_within).is_some());
        if form.values["translation_key"].is_null() && old_within != new_within && translated {
            changes.push(change("translation_key", json!(key_for(&old_within))));
        }
    }
    let moved = relinked(
        from,
        &old_text.text,
        (&old_within, &new_within),
        &old_within,
        &new_within,
    )
    .unwrap_or_else(|| old_text.text.clone());
    let (moved, _) = fields::apply(from, &moved, &changes)?;
    let mut changed = vec![to.clone()];
    store.save(&to, &moved, None)?;
    store.remove(from)?;
    for other in &edition.pages {
        if other.rel == old_within {
            continue;
        }
        let rel = edition.content_rel(&other.rel);
        let Ok(opened) = store.open(&rel) else {
            continue;
        };
        let here = (other.rel.as_path(), other.rel.as_path());
        if let Some(text) = relinked(&rel, &opened.text, here, &old_within, &new_within) {
            store.save(&rel, &text, Some(&opened.version))?;
            changed.push(rel);
        }
    }
    // Translations found it by its file name: they keep finding it by the key it now has.
    for other in map
        .editions
        .iter()
        .filter(|e| e.language != edition.language)
    {
        if other.page(&old_within).is_none() {
            continue;
        }
        let rel = other.content_rel(&old_within);
        let opened = store.open(&rel)?;
        let form = fields::read(&rel, &opened.text)?;
        if form.values["translation_key"].is_null() && form.editable {
            let keyed = [change("translation_key", json!(key_for(&old_within)))];
            let (text, _) = fields::apply(&rel, &opened.text, &keyed)?;
            store.save(&rel, &text, Some(&opened.version))?;
            changed.push(rel);
        }
    }
    Ok((to, changed))
}

/// A page's text with its body's links to `from` pointed at `to`.
fn relinked(
    rel: &str,
    text: &str,
    (page, page_now): (&Path, &Path),
    from: &Path,
    to: &Path,
) -> Option<String> {
    let body_start = crate::content::front_matter::split(Path::new(rel), text)
        .map(|s| s.body_start)
        .unwrap_or(0);
    let body = text.get(body_start..)?;
    let new_body = relink::relink(body, page, page_now, from, to)?;
    Some(format!("{}{new_body}", &text[..body_start]))
}

/// The translation key a page linked by its file name gets when the name changes.
fn key_for(within: &Path) -> String {
    within
        .with_extension("")
        .to_string_lossy()
        .replace('\\', "/")
}

/// Moves `rel` into the trash, unless the menu or another page still needs it. Returns the
/// name that brings it back.
pub fn delete(store: &Store, map: &SiteMap, rel: &str) -> Result<String> {
    let (edition, within) = map.edition_of(Path::new(rel));
    if edition.in_menu.contains(&within) {
        return refused(
            "this page is in the site's menu (site.yaml, navigation): it has to leave the menu first",
        );
    }
    let mut linking = Vec::new();
    for other in edition.pages.iter().filter(|p| p.rel != within) {
        let other_rel = edition.content_rel(&other.rel);
        if let Ok(opened) = store.open(&other_rel) {
            let probe = Path::new("\u{1}");
            let here = (other.rel.as_path(), other.rel.as_path());
            if relinked(&other_rel, &opened.text, here, &within, probe).is_some() {
                linking.push(other_rel);
            }
        }
    }
    if !linking.is_empty() {
        return refused(format!(
            "these pages link to it: {}. Take those links out first, so no patient meets a broken link",
            linking.join(", ")
        ));
    }
    Ok(store.trash(rel)?)
}

/// Starts the translation of `rel` into `language`: a copy of the page in that language's
/// folder, a draft, linked to the original by a shared `translation_key`. An existing
/// translation is opened instead. Returns the translation's file.
pub fn translate(store: &Store, map: &SiteMap, rel: &str, language: &str) -> Result<String> {
    let (edition, within) = map.edition_of(Path::new(rel));
    let Some(target) = map.editions.iter().find(|e| e.language == language) else {
        return refused(format!("the site has no language `{language}`"));
    };
    if target.language == edition.language {
        return refused("choose another language than the page's own");
    }
    let original = store.open(rel)?;
    let form = fields::read(rel, &original.text)?;
    let key = form.values["translation_key"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| key_for(&within));
    // Already translated: by the same key, or by the same file name.
    let target_rel = target.content_rel(&within);
    if store.path_of(&target_rel)?.exists() {
        return Ok(target_rel);
    }
    if form.editable && form.values["translation_key"].is_null() {
        let keyed = [change("translation_key", json!(key))];
        let (text, _) = fields::apply(rel, &original.text, &keyed)?;
        store.save(rel, &text, Some(&original.version))?;
    }
    let copy = [
        change("translation_key", json!(key)),
        change("draft", json!(true)),
        change("aliases", json!([])),
    ];
    let (text, _) = fields::apply(rel, &original.text, &copy)?;
    store.save(&target_rel, &text, None)?;
    Ok(target_rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_come_from_titles_in_any_language() {
        assert_eq!(
            file_name_for("What to expect: the first day"),
            "what-to-expect-the-first-day"
        );
        assert_eq!(
            file_name_for("¿Cuánto dura el alivio?"),
            "cuanto-dura-el-alivio"
        );
        assert_eq!(file_name_for("!!!"), "page");
        assert_eq!(key_for(Path::new("guide/apple.md")), "guide/apple");
    }
}
