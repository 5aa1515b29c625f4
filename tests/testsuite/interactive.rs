//! The FAQ and the timeline in a real browser (headless Chromium through WebDriver): deep links,
//! the filter, the tabs and their keys, the plan view's dates, console errors, and an axe-core
//! accessibility audit at phone and desktop widths.

use std::path::PathBuf;

use crate::common::browser::{Browser, browser_available, serve};
use crate::common::*;
use fantoccini::Locator;
use fantoccini::key::Key;

/// Builds the bundled site and serves it; returns the base URL (and the folder, kept alive).
fn site() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let out: PathBuf = dir.path().join("public");
    careleaf(&["build", "--output", out.to_str().unwrap()], &repo_root()).assert_ok();
    let port = serve(out, Vec::new());
    (dir, format!("http://127.0.0.1:{port}"))
}

fn key(k: Key) -> String {
    char::from(k).to_string()
}

#[tokio::test]
async fn faq_deep_links_open_their_question() {
    if !browser_available() {
        return;
    }
    let (_dir, base) = site();
    let b = Browser::start(390, 844).await;
    b.goto(&format!("{base}/faq/")).await;
    let ids = b
        .js("return [...document.querySelectorAll('details.faq-item')].map(d => d.id)")
        .await;
    let ids: Vec<String> = serde_json::from_value(ids).unwrap();
    assert!(ids.len() >= 15, "at least 15 questions: {ids:?}");
    let last = ids.last().unwrap();
    b.goto(&format!("{base}/faq/#{last}")).await;
    b.wait_until(&format!("return document.getElementById('{last}').open"))
        .await;
    let top = b
        .js(&format!(
            "return document.getElementById('{last}').getBoundingClientRect().top"
        ))
        .await;
    let top = top.as_f64().unwrap();
    assert!(
        (0.0..844.0).contains(&top),
        "the question is scrolled into view (top = {top})"
    );
    // Following an in-page link to another question opens that one too.
    let first = &ids[0];
    b.js(&format!("location.hash = '#{first}'; return true"))
        .await;
    b.wait_until(&format!("return document.getElementById('{first}').open"))
        .await;
    assert!(b.console_errors().await.is_empty());
}

#[tokio::test]
async fn faq_filter_hides_counts_and_offers_a_call() {
    if !browser_available() {
        return;
    }
    let (_dir, base) = site();
    let b = Browser::start(1280, 800).await;
    b.goto(&format!("{base}/faq/")).await;
    let visible = "return [...document.querySelectorAll('details.faq-item')].filter(d => d.offsetParent !== null).length";
    let total = b.js(visible).await.as_u64().unwrap();
    let filter = b
        .client
        .find(Locator::Id("faq-filter"))
        .await
        .expect("filter box shown with JavaScript");
    filter.send_keys("drive").await.unwrap();
    b.wait_until(&format!("{visible} < {total}")).await;
    let shown = b.js(visible).await.as_u64().unwrap();
    assert!(shown >= 1, "a question about driving home matches");
    let count = b
        .js("return document.getElementById('faq-count').textContent")
        .await;
    assert!(
        count.as_str().unwrap().contains(&shown.to_string()),
        "count says {shown}: {count}"
    );
    assert_eq!(
        b.js("return document.getElementById('faq-count').getAttribute('aria-live')")
            .await,
        "polite"
    );
    // Accents and case do not matter.
    filter.clear().await.unwrap();
    filter.send_keys("INFUSIÓN").await.unwrap();
    b.wait_until(&format!("{visible} > 0")).await;
    // Nothing matches: a clear message with a way to reach the clinic.
    filter.clear().await.unwrap();
    filter.send_keys("zzzqqq").await.unwrap();
    b.wait_until("return !document.getElementById('faq-nomatch').hidden")
        .await;
    assert_eq!(b.js(visible).await.as_u64(), Some(0));
    assert!(
        b.js("return document.querySelector('#faq-nomatch a') !== null")
            .await
            .as_bool()
            .unwrap()
    );
    filter.clear().await.unwrap();
    filter.send_keys(" ").await.unwrap();
    b.wait_until(&format!("{visible} == {total}")).await;
    assert!(b.console_errors().await.is_empty());
}

#[tokio::test]
async fn faq_open_all_and_close_all() {
    if !browser_available() {
        return;
    }
    let (_dir, base) = site();
    let b = Browser::start(1280, 800).await;
    b.goto(&format!("{base}/faq/")).await;
    let open = "return document.querySelectorAll('details.faq-item[open]').length";
    let all = "return document.querySelectorAll('details.faq-item').length";
    b.client
        .find(Locator::Id("faq-open-all"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_until(&format!("{open} == {}", b.js(all).await))
        .await;
    b.client
        .find(Locator::Id("faq-close-all"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_until(&format!("{open} == 0")).await;
}

#[tokio::test]
async fn timeline_tabs_follow_clicks_and_every_key() {
    if !browser_available() {
        return;
    }
    let (_dir, base) = site();
    let b = Browser::start(1280, 800).await;
    b.goto(&format!("{base}/timeline/")).await;
    let phases: Vec<String> = serde_json::from_value(
        b.js("return [...document.querySelectorAll('#timeline-tabs [role=tab]')].map(t => t.dataset.phase)").await,
    )
    .unwrap();
    assert!(phases.len() >= 4, "{phases:?}");
    // Click.
    b.client
        .find(Locator::Id(&format!("tab-{}", phases[1])))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    check(&b, phases[1].clone()).await;
    // Keys on the focused tab.
    b.client
        .active_element()
        .await
        .unwrap()
        .send_keys(&key(Key::Right))
        .await
        .unwrap();
    check(&b, phases[2].clone()).await;
    b.client
        .active_element()
        .await
        .unwrap()
        .send_keys(&key(Key::Left))
        .await
        .unwrap();
    check(&b, phases[1].clone()).await;
    // Keys on the focused tab: each moves focus and selects, wrapping around at the ends.
    let last = phases.len() - 1;
    for (pressed, expected) in [
        (Key::Right, 2),
        (Key::Left, 1),
        (Key::End, last),
        (Key::Right, 0),
        (Key::Left, last),
        (Key::Home, 0),
    ] {
        let tab = b.client.active_element().await.unwrap();
        tab.send_keys(&key(pressed)).await.unwrap();
        check(&b, phases[expected].clone()).await;
    }
    // A click on the chart selects too.
    // (A real click on the chart, which is not focusable, also takes focus off the tab.)
    b.js(&format!("document.activeElement.blur(); document.querySelector('.tl-phase[data-phase=\"{}\"]').dispatchEvent(new MouseEvent('click', {{bubbles: true}})); return true", phases[3])).await;
    check(&b, phases[3].clone()).await;
    assert!(b.console_errors().await.is_empty());
}

/// Asserts that `phase` is the selected tab, its panel alone is shown, the chart highlights it,
/// focus is on its tab (when a tab has focus) and the address points at it.
async fn check(b: &Browser, phase: String) {
    let selected =
        "return document.querySelector('#timeline-tabs [aria-selected=true]').dataset.phase";
    assert_eq!(b.js(selected).await, phase.as_str(), "selected tab");
    let state = b
        .js(&format!(
            "const p = document.getElementById('phase-{phase}');
             const others = [...document.querySelectorAll('.tl-phase-item')].filter(e => e !== p);
             return [!p.hidden, others.every(o => o.hidden),
                     document.querySelector('.tl-phase[data-phase=\"{phase}\"]').classList.contains('is-active'),
                     document.activeElement.getAttribute('role') !== 'tab' || document.activeElement.dataset.phase === '{phase}',
                     location.hash === '#phase-{phase}']"
        ))
        .await;
    assert_eq!(
        state,
        serde_json::json!([true, true, true, true, true]),
        "panel shown, others hidden, chart highlighted, focus, hash for {phase}"
    );
}

#[tokio::test]
async fn timeline_deep_link_selects_a_phase() {
    if !browser_available() {
        return;
    }
    let (_dir, base) = site();
    let b = Browser::start(390, 844).await;
    b.goto(&format!("{base}/timeline/#phase-maintenance")).await;
    b.wait_until("return document.querySelector('#timeline-tabs [aria-selected=true]')?.dataset.phase === 'maintenance'").await;
    assert_eq!(
        b.js("return document.getElementById('phase-maintenance').hidden")
            .await,
        false
    );
}

#[tokio::test]
async fn plan_view_lays_out_the_induction_dates() {
    if !browser_available() {
        return;
    }
    let (_dir, base) = site();
    let b = Browser::start(1280, 800).await;
    b.goto(&format!("{base}/timeline/")).await;
    b.wait_until("return !document.getElementById('plan-form').hidden")
        .await;
    let set = |date: &str, count: u32| {
        format!(
            "const d = document.getElementById('plan-start'); d.value = '{date}'; d.dispatchEvent(new Event('input', {{bubbles: true}})); d.dispatchEvent(new Event('change', {{bubbles: true}}));
             const c = document.getElementById('plan-count'); c.value = '{count}'; c.dispatchEvent(new Event('change', {{bubbles: true}})); return true"
        )
    };
    let sessions = "return [...document.querySelectorAll('#plan-result .plan-sessions time')].map(t => t.getAttribute('datetime'))";
    let window = "return [...document.querySelectorAll('#plan-result .plan-maintenance time')].map(t => t.getAttribute('datetime'))";
    // Monday 5 January 2026, six infusions on Monday, Wednesday and Friday.
    b.js(&set("2026-01-05", 6)).await;
    b.wait_until(&format!("{sessions}.length == 6")).await;
    assert_eq!(
        b.js(sessions).await,
        serde_json::json!([
            "2026-01-05",
            "2026-01-07",
            "2026-01-09",
            "2026-01-12",
            "2026-01-14",
            "2026-01-16"
        ])
    );
    assert_eq!(
        b.js(window).await,
        serde_json::json!(["2026-02-06", "2026-02-20"])
    );
    // A Saturday start with eight infusions, across a month end.
    b.js(&set("2026-01-31", 8)).await;
    b.wait_until(&format!("{sessions}.length == 8")).await;
    assert_eq!(
        b.js(sessions).await,
        serde_json::json!([
            "2026-01-31",
            "2026-02-02",
            "2026-02-04",
            "2026-02-06",
            "2026-02-09",
            "2026-02-11",
            "2026-02-13",
            "2026-02-16"
        ])
    );
    assert_eq!(
        b.js(window).await,
        serde_json::json!(["2026-03-09", "2026-03-23"])
    );
    let note = b
        .js("return document.getElementById('plan-result').textContent")
        .await;
    assert!(
        note.as_str().unwrap().contains("care team"),
        "marked as an illustration: {note}"
    );
    assert!(b.console_errors().await.is_empty());
}

#[tokio::test]
async fn a_glossary_term_opens_its_definition_from_the_keyboard() {
    if !browser_available() {
        return;
    }
    let (_dir, base) = site();
    let b = Browser::start(390, 844).await;
    b.goto(&format!("{base}/how-ketamine-works/")).await;
    let def = "document.getElementById('g-nmda-receptor')";
    assert_eq!(
        b.js(&format!("return {def}.matches(':popover-open')"))
            .await,
        false,
        "closed at first"
    );
    // Tab through the page until the term's button has the focus, as a keyboard user would.
    let focused = "document.activeElement && document.activeElement.getAttribute('popovertarget')";
    let mut reached = false;
    for _ in 0..200 {
        b.client
            .active_element()
            .await
            .unwrap()
            .send_keys(&key(Key::Tab))
            .await
            .unwrap();
        if b.js(&format!("return {focused}")).await == "g-nmda-receptor" {
            reached = true;
            break;
        }
    }
    assert!(reached, "the term can be reached with Tab");
    b.client
        .active_element()
        .await
        .unwrap()
        .send_keys(&key(Key::Enter))
        .await
        .unwrap();
    b.wait_until(&format!("return {def}.matches(':popover-open')"))
        .await;
    let text = b.js(&format!("return {def}.textContent")).await;
    assert!(
        text.as_str().unwrap().contains("NMDA receptor:"),
        "the definition shows: {text}"
    );
    // Its button tells screen readers that it opened something.
    assert_eq!(
        b.js("return document.activeElement.getAttribute('popovertarget')")
            .await,
        "g-nmda-receptor"
    );
    let visible = b
        .js(&format!(
            "const r = {def}.getBoundingClientRect(); return r.width > 0 && r.top >= 0 && r.bottom <= innerHeight"
        ))
        .await;
    assert_eq!(visible, true, "the definition is on screen");
    // Escape closes it and leaves the focus on the term.
    b.client
        .active_element()
        .await
        .unwrap()
        .send_keys(&key(Key::Escape))
        .await
        .unwrap();
    b.wait_until(&format!("return !{def}.matches(':popover-open')"))
        .await;
    assert_eq!(b.js(&format!("return {focused}")).await, "g-nmda-receptor");
    assert!(b.console_errors().await.is_empty());
}

#[tokio::test]
async fn the_spanish_faq_filter_speaks_spanish() {
    if !browser_available() {
        return;
    }
    let (_dir, base) = site();
    let b = Browser::start(1280, 800).await;
    b.goto(&format!("{base}/es/preguntas-frecuentes/")).await;
    let filter = b.client.find(Locator::Id("faq-filter")).await.unwrap();
    filter.send_keys("manejar").await.unwrap();
    b.wait_until("return / de \\d+ preguntas coincide/.test(document.getElementById('faq-count').textContent)")
        .await;
    assert!(b.console_errors().await.is_empty());
}

#[tokio::test]
async fn search_finds_the_answer_as_the_patient_types() {
    if !browser_available() {
        return;
    }
    let (_dir, base) = site();
    let b = Browser::start(390, 844).await;
    let first = "document.querySelector('#search-results li a')";
    for (path, query, answer) in [
        (
            "/search/",
            "can i drive hom",
            "Can I drive home after my infusion?",
        ),
        (
            "/es/buscar/",
            "puedo manejar a cas",
            "¿Puedo manejar a casa después de mi infusión?",
        ),
    ] {
        b.goto(&format!("{base}{path}")).await;
        let input = b.client.find(Locator::Id("search-q")).await.unwrap();
        input.send_keys(query).await.unwrap();
        // The last word is still being typed: it counts as a prefix ("hom" → home).
        b.wait_until(&format!(
            "return {first} !== null && {first}.textContent === {answer:?}"
        ))
        .await;
        let status = b
            .js("return document.getElementById('search-status').textContent")
            .await;
        assert!(
            status.as_str().unwrap().chars().any(|c| c.is_ascii_digit()),
            "{path}: the count is announced: {status}"
        );
        assert!(
            b.js(&format!(
                "return {first}.querySelectorAll('mark').length >= 2"
            ))
            .await
            .as_bool()
            .unwrap(),
            "{path}: the matched words are highlighted"
        );
        // Arrow keys move from the box through the results and back.
        let focused_href = "return document.activeElement.getAttribute('href')";
        let down = key(Key::Down);
        input.send_keys(&down).await.unwrap();
        let href = b.js(focused_href).await;
        assert_eq!(
            href,
            b.js(&format!("return {first}.getAttribute('href')")).await
        );
        assert!(
            href.as_str().unwrap().contains('#'),
            "an FAQ answer: {href}"
        );
        b.client
            .active_element()
            .await
            .unwrap()
            .send_keys(&key(Key::Up))
            .await
            .unwrap();
        assert_eq!(b.js("return document.activeElement.id").await, "search-q");
    }
    // Accents and plurals do not matter: "infusion" finds "infusión" and "infusiones".
    b.goto(&format!("{base}/es/buscar/?q=infusion")).await;
    b.wait_until("return document.querySelectorAll('#search-results mark').length > 0")
        .await;
    let marks = b
        .js("return [...document.querySelectorAll('#search-results mark')].map(m => m.textContent.toLowerCase())")
        .await;
    let marks: Vec<String> = serde_json::from_value(marks).unwrap();
    assert!(marks.iter().any(|m| m == "infusión"), "{marks:?}");
    assert!(marks.iter().any(|m| m == "infusiones"), "{marks:?}");
    // The header box on any page: results as you type, Escape closes them.
    b.goto(&format!("{base}/how-ketamine-works/")).await;
    let header = b.client.find(Locator::Id("site-q")).await.unwrap();
    header.click().await.unwrap();
    header.send_keys("booster").await.unwrap();
    b.wait_until("const p = document.getElementById('site-q-panel'); return !!p && !p.hidden && p.querySelectorAll('li').length > 0")
        .await;
    assert_eq!(
        b.js("return document.getElementById('site-q').getAttribute('aria-expanded')")
            .await,
        "true"
    );
    header.send_keys(&key(Key::Escape)).await.unwrap();
    b.wait_until("return document.getElementById('site-q-panel').hidden")
        .await;
    assert!(b.console_errors().await.is_empty());
}

#[tokio::test]
async fn no_console_errors_and_no_accessibility_violations() {
    if !browser_available() {
        return;
    }
    let (dir, base) = site();
    // Every page the build wrote (content, FAQ, timeline, glossary, 404, redirects…), plus the
    // search page with results showing.
    let out = dir.path().join("public");
    let mut pages: Vec<String> = html_files(&out)
        .iter()
        .map(|f| {
            let rel = f
                .strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            format!("/{}", rel.strip_suffix("index.html").unwrap_or(&rel))
        })
        .collect();
    pages.extend([
        "/search/?q=booster".to_string(),
        "/es/buscar/?q=refuerzo".to_string(),
    ]);
    assert!(pages.len() > 20, "{pages:?}");
    let mut problems = Vec::new();
    for (width, height) in [(390, 844), (1280, 800)] {
        let b = Browser::start(width, height).await;
        for page in &pages {
            b.goto(&format!("{base}{page}")).await;
            for e in b.console_errors().await {
                problems.push(format!("{page} at {width}px: console error: {e}"));
            }
            for v in b.axe_violations().await {
                problems.push(format!("{page} at {width}px: {v}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn an_open_page_shows_an_edit_without_a_manual_reload() {
    if !browser_available() {
        return;
    }
    let site = TempSite::from_fixture("minimal");
    let server = crate::common::server::Server::start(site.path(), &[]);
    let b = Browser::start(1280, 800).await;
    b.goto(&format!("http://127.0.0.1:{}/sleep/", server.port))
        .await;
    b.wait_until("return document.body.textContent.includes('Sleep helps you recover.')")
        .await;
    // Let the page connect to the event stream before the edit.
    b.js("window.__marker = 'before-reload'; return true").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    site.write(
        "content/sleep.md",
        "---\ntitle: Sleep and recovery\ndescription: Why sleep helps.\n---\n\nNew words from the editor.\n",
    );
    b.wait_until("return document.body.textContent.includes('New words from the editor.')")
        .await;
    assert_eq!(
        b.js("return window.__marker === undefined").await,
        true,
        "the page reloaded itself"
    );
    assert!(b.console_errors().await.is_empty());
}
