//! The page editor in a real browser (headless Chromium through WebDriver) on a copy of the
//! bundled site, walking what an editor does: open a page, "Edit this page", change the title,
//! write a paragraph, see its findings, save with Ctrl+S; a change on disk meanwhile; restoring
//! an earlier version; a new page; a picture; a rename; and axe-core at phone and desktop sizes.

use fantoccini::Locator;
use fantoccini::elements::Element;
use fantoccini::key::Key;

use crate::common::browser::{Browser, browser_available};
use crate::common::server::Server;
use crate::editor::{bundled_copy, key};

fn keys(k: Key) -> String {
    char::from(k).to_string()
}

/// A browser holding this run's key, on the preview of `server`.
async fn editor_browser(server: &Server, width: u32, height: u32) -> (Browser, String) {
    let token = key(server);
    editor_browser_with(server, &token, width, height).await
}

async fn editor_browser_with(
    server: &Server,
    token: &str,
    width: u32,
    height: u32,
) -> (Browser, String) {
    let base = format!("http://127.0.0.1:{}", server.port);
    let b = Browser::start(width, height).await;
    b.goto(&format!("{base}/__careleaf/edit/session?token={token}"))
        .await;
    b.wait_until("return !document.getElementById('list-view').hidden && document.querySelectorAll('#page-list li').length > 5")
        .await;
    (b, base)
}

async fn by_id(b: &Browser, id: &str) -> Element {
    b.client
        .find(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("#{id}: {e}"))
}

async fn click(b: &Browser, css: &str) {
    b.client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Opens `path` in the editor and waits for its fields and first preview.
async fn open(b: &Browser, base: &str, path: &str) {
    b.goto(&format!("{base}/__careleaf/edit/?path={path}"))
        .await;
    wait_for_page(b).await;
}

async fn wait_for_page(b: &Browser) {
    b.wait_until("return document.getElementById('fd-title').value.length > 0 && document.getElementById('findings-count') !== null && document.getElementById('frame').src.includes('/draft/')")
        .await;
}

/// Puts the cursor at the end of the text box and types `text`.
async fn type_at_end(b: &Browser, text: &str) {
    b.js("const t = document.getElementById('body'); t.focus(); t.setSelectionRange(t.value.length, t.value.length); return true")
        .await;
    by_id(b, "body").await.send_keys(text).await.unwrap();
}

async fn save_with_ctrl_s(b: &Browser) {
    by_id(b, "body")
        .await
        .send_keys(&format!("{}s{}", keys(Key::Control), keys(Key::Null)))
        .await
        .unwrap();
}

async fn wait_saved(b: &Browser) {
    b.wait_until("return !document.getElementById('save').classList.contains('unsaved') && document.getElementById('status').textContent.length > 0")
        .await;
}

/// The front matter's lines of a page file.
fn front_lines(text: &str) -> Vec<&str> {
    let end = text[4..].find("\n---\n").unwrap() + 4;
    text[..end].lines().collect()
}

#[tokio::test]
async fn an_editor_changes_the_title_and_writes_a_paragraph_without_touching_other_lines() {
    if !browser_available() {
        return;
    }
    let site = bundled_copy();
    let before = site.read("content/how-long-it-lasts.md");
    let server = Server::start(site.path(), &[]);
    let (b, base) = editor_browser(&server, 1280, 900).await;

    // A preview page offers "Edit this page" to this browser, which opens its file.
    b.goto(&format!("{base}/how-long-it-lasts/")).await;
    click(&b, ".careleaf-edit-link").await;
    wait_for_page(&b).await;
    let file = by_id(&b, "edit-file").await.text().await.unwrap();
    assert_eq!(file, "how-long-it-lasts.md");

    let title = by_id(&b, "fd-title").await;
    title.clear().await.unwrap();
    title
        .send_keys(&format!("How long does the relief last?{}", keys(Key::Tab)))
        .await
        .unwrap();
    b.wait_until("return document.getElementById('front-text').value.includes('title: How long does the relief last?')")
        .await;

    type_at_end(&b, "\nWe offer a guaranteed cure for everyone.\n").await;
    b.wait_until("return [...document.querySelectorAll('#findings .msg')].some(m => m.textContent.includes('guaranteed'))")
        .await;
    // The preview beside the text shows the unsaved paragraph, through the site's own pipeline.
    b.wait_until("const d = document.getElementById('frame').contentDocument; return !!d && !!d.body && d.body.textContent.includes('guaranteed cure for everyone')")
        .await;
    // Choosing the finding moves the cursor to its line.
    b.js("[...document.querySelectorAll('#findings button')].find(x => x.textContent.includes('guaranteed')).click(); return true")
        .await;
    let line = b
        .js("const t = document.activeElement; return t.id === 'body' ? t.value.slice(t.selectionStart, t.selectionEnd) : 'focus on ' + t.id")
        .await;
    assert!(line.as_str().unwrap().contains("guaranteed cure"), "{line}");

    save_with_ctrl_s(&b).await;
    wait_saved(&b).await;
    let after = site.read("content/how-long-it-lasts.md");
    assert!(
        after.ends_with("We offer a guaranteed cure for everyone.\n"),
        "{after}"
    );
    let (old, new) = (front_lines(&before), front_lines(&after));
    assert_eq!(old.len(), new.len());
    let changed: Vec<(&&str, &&str)> = old.iter().zip(&new).filter(|(a, b)| a != b).collect();
    assert_eq!(
        changed,
        [(
            &"title: How long do the benefits of ketamine last?",
            &"title: How long does the relief last?"
        )]
    );
    let page = server.wait_for_body("/how-long-it-lasts/", "guaranteed cure for everyone");
    assert!(page.body.contains("How long does the relief last?"));
    assert_eq!(b.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn a_change_on_disk_is_shown_not_overwritten_and_an_earlier_version_comes_back() {
    if !browser_available() {
        return;
    }
    let site = bundled_copy();
    let server = Server::start(site.path(), &[]);
    let (b, base) = editor_browser(&server, 1280, 900).await;
    open(&b, &base, "infusion-day.md").await;
    let original = site.read("content/infusion-day.md");

    // Someone else saves the file while it is open here.
    let theirs = original.replace(
        "\n---\n\n",
        "\n---\n\nA line written in another editor.\n\n",
    );
    site.write("content/infusion-day.md", &theirs);
    type_at_end(&b, "\nMy own new line.\n").await;
    save_with_ctrl_s(&b).await;
    b.wait_until("return document.getElementById('dlg').open")
        .await;
    let both = b
        .js("return [...document.querySelectorAll('#dlg textarea')].map(t => t.value)")
        .await;
    let both: Vec<String> = serde_json::from_value(both).unwrap();
    assert!(both[0].contains("My own new line."), "mine shown");
    assert!(
        both[1].contains("A line written in another editor."),
        "theirs shown"
    );
    assert_eq!(
        site.read("content/infusion-day.md"),
        theirs,
        "never overwritten silently"
    );
    // Taking the disk's version: the text box holds it, nothing is written.
    click(&b, "#use-disk").await;
    b.wait_until("return document.getElementById('body').value.includes('A line written in another editor.') && !document.getElementById('body').value.includes('My own new line.')")
        .await;
    assert_eq!(site.read("content/infusion-day.md"), theirs);

    // Saving keeps the replaced version; History brings it back.
    type_at_end(&b, "\nA second thought.\n").await;
    save_with_ctrl_s(&b).await;
    wait_saved(&b).await;
    assert!(
        site.read("content/infusion-day.md")
            .contains("A second thought.")
    );
    click(&b, ".more summary").await;
    click(&b, "#act-history").await;
    b.wait_until("return document.getElementById('dlg').open && document.querySelectorAll('#dlg .pick button').length > 0")
        .await;
    click(&b, "#dlg .pick li:first-child button").await;
    b.wait_until("return document.querySelector('#dlg textarea.mono').value.length > 0")
        .await;
    click(&b, "#dlg-ok").await;
    b.wait_until("return !document.getElementById('body').value.includes('A second thought.')")
        .await;
    save_with_ctrl_s(&b).await;
    wait_saved(&b).await;
    assert_eq!(site.read("content/infusion-day.md"), theirs);
}

#[tokio::test]
async fn a_new_page_a_picture_and_a_rename_from_the_editor() {
    if !browser_available() {
        return;
    }
    let site = bundled_copy();
    let server = Server::start(site.path(), &[]);
    let (b, base) = editor_browser(&server, 1280, 900).await;

    // New page: a title and a place; the file has the fields a page needs first.
    click(&b, "#new-page").await;
    b.wait_until("return document.getElementById('dlg').open")
        .await;
    by_id(&b, "dlg-body")
        .await
        .find(Locator::Css("input"))
        .await
        .unwrap()
        .send_keys("Paying for treatment")
        .await
        .unwrap();
    click(&b, "#dlg-ok").await;
    wait_for_page(&b).await;
    let text = site.read("content/paying-for-treatment.md");
    assert!(
        text.starts_with("---\ntitle: Paying for treatment\ndescription:"),
        "{text}"
    );
    assert!(text.contains("draft: true"));

    // A picture: chosen, described, uploaded beside the page and shown in the preview.
    let picture = site.path().join("waiting room.png");
    std::fs::write(&picture, crate::editor::PNG).unwrap();
    click(&b, "[data-do=image]").await;
    b.wait_until("return document.getElementById('dlg').open")
        .await;
    b.client
        .find(Locator::Css("#dlg input[type=file]"))
        .await
        .unwrap()
        .send_keys(picture.to_str().unwrap())
        .await
        .unwrap();
    b.client
        .find(Locator::Css("#dlg [data-role=alt]"))
        .await
        .unwrap()
        .send_keys("Two armchairs in the clinic's waiting room")
        .await
        .unwrap();
    click(&b, "#dlg-ok").await;
    b.wait_until("return document.getElementById('body').value.includes('![Two armchairs in the clinic\\'s waiting room](waiting-room.png)')")
        .await;
    assert!(site.path().join("content/waiting-room.png").exists());
    b.wait_until("const d = document.getElementById('frame').contentDocument; const i = d && d.querySelector('picture img[src*=\"waiting-room-2.\"]'); return !!i && i.alt.startsWith('Two armchairs') && i.complete && i.naturalWidth > 0 && i.currentSrc.endsWith('.avif')")
        .await;
    save_with_ctrl_s(&b).await;
    wait_saved(&b).await;

    // Rename a page other pages link to: their links follow.
    open(&b, &base, "making-benefits-last.md").await;
    click(&b, ".more summary").await;
    click(&b, "#act-rename").await;
    b.wait_until("return document.getElementById('dlg').open")
        .await;
    let input = by_id(&b, "dlg-body")
        .await
        .find(Locator::Css("input"))
        .await
        .unwrap();
    input.clear().await.unwrap();
    input
        .send_keys("after-treatment/keeping-benefits.md")
        .await
        .unwrap();
    click(&b, "#dlg-ok").await;
    b.wait_until("return document.getElementById('edit-file').textContent === 'after-treatment/keeping-benefits.md'")
        .await;
    let linking = site.read("content/how-long-it-lasts.md");
    assert!(
        linking.contains("](after-treatment/keeping-benefits.md)"),
        "{linking}"
    );
    server.wait_for_body("/how-long-it-lasts/", "/after-treatment/keeping-benefits/");
    assert_eq!(b.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn the_editor_passes_axe_at_phone_and_desktop_sizes() {
    if !browser_available() {
        return;
    }
    let site = bundled_copy();
    let server = Server::start(site.path(), &[]);
    let token = key(&server);
    for (width, height) in [(390, 844), (1280, 900)] {
        let (b, base) = editor_browser_with(&server, &token, width, height).await;
        let list = b.axe_violations().await;
        assert!(list.is_empty(), "page list at {width}px: {list:#?}");
        open(&b, &base, "how-long-it-lasts.md").await;
        let page = b.axe_violations().await;
        assert!(page.is_empty(), "editor at {width}px: {page:#?}");
        if width < 600 {
            // On a phone the preview and the findings are tabs.
            click(&b, "#tab-preview").await;
            b.wait_until("return document.getElementById('pane-preview').classList.contains('current') && document.getElementById('frame').getBoundingClientRect().width > 300")
                .await;
            let tabs = b.axe_violations().await;
            assert!(tabs.is_empty(), "preview tab at {width}px: {tabs:#?}");
            click(&b, "#tab-write").await;
        }
        // The dialogs are part of the editor too.
        click(&b, "[data-do=link]").await;
        b.wait_until("return document.getElementById('dlg').open")
            .await;
        let dialog = b.axe_violations().await;
        assert!(dialog.is_empty(), "link dialog at {width}px: {dialog:#?}");
        assert_eq!(b.console_errors().await, Vec::<String>::new());
    }
}

#[tokio::test]
async fn a_link_to_another_page_is_made_with_the_keyboard_alone() {
    if !browser_available() {
        return;
    }
    let site = bundled_copy();
    let server = Server::start(site.path(), &[]);
    let (b, base) = editor_browser(&server, 1280, 900).await;
    open(&b, &base, "es/infusion-day.md").await;
    b.js("const t = document.getElementById('body'); t.focus(); t.setSelectionRange(t.value.length, t.value.length); return true")
        .await;
    let body = by_id(&b, "body").await;
    body.send_keys(&format!("{}k{}", keys(Key::Control), keys(Key::Null)))
        .await
        .unwrap();
    b.wait_until(
        "return document.getElementById('dlg').open && document.activeElement.type === 'search'",
    )
    .await;
    // Only this language's pages are offered; typing narrows them.
    let offered = b
        .js("return [...document.querySelectorAll('#dlg .pick .meta')].map(m => m.textContent.trim())")
        .await;
    let offered: Vec<String> = serde_json::from_value(offered).unwrap();
    assert!(offered.iter().all(|p| p.starts_with("es/")), "{offered:?}");
    let active = || async { b.js("return document.activeElement.textContent").await };
    b.client
        .active_element()
        .await
        .unwrap()
        .send_keys(&format!("riesgos{}{}", keys(Key::Tab), keys(Key::Enter)))
        .await
        .unwrap();
    let chosen = active().await;
    assert!(
        chosen
            .as_str()
            .unwrap()
            .contains("es/risks-and-side-effects.md"),
        "{chosen}"
    );
    // Enter in a field of the dialog inserts the link; the cursor is back in the text.
    b.client
        .active_element()
        .await
        .unwrap()
        .send_keys(&format!("{}{}", keys(Key::Tab), keys(Key::Enter)))
        .await
        .unwrap();
    b.wait_until(
        "return !document.getElementById('dlg').open && document.activeElement.id === 'body'",
    )
    .await;
    let text = b.js("return document.getElementById('body').value").await;
    assert!(
        text.as_str()
            .unwrap()
            .trim_end()
            .ends_with("](risks-and-side-effects.md)"),
        "{text}"
    );
}

#[tokio::test]
async fn leaving_with_unsaved_changes_asks_first() {
    if !browser_available() {
        return;
    }
    let site = bundled_copy();
    let server = Server::start(site.path(), &[]);
    let (b, base) = editor_browser(&server, 1280, 900).await;
    open(&b, &base, "treatment-plan.md").await;
    type_at_end(&b, "\nNot saved yet.\n").await;
    click(&b, "#back").await;
    let asked = b.client.get_alert_text().await.unwrap();
    assert!(asked.contains("not saved"), "{asked}");
    b.client.dismiss_alert().await.unwrap();
    // Staying keeps the text; nothing was written.
    let kept = b.js("return document.getElementById('body').value").await;
    assert!(kept.as_str().unwrap().contains("Not saved yet."));
    assert!(
        !site
            .read("content/treatment-plan.md")
            .contains("Not saved yet.")
    );
    assert!(
        b.js("return !document.getElementById('edit-view').hidden")
            .await
            == true
    );
}
