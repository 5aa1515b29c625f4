//! Looks at the bundled site in a real browser (headless Chromium): text size, line length,
//! contrast, no sideways scrolling on a phone, the skip link first. Skips with a message when
//! Chromium is missing, and fails when `CI` is set.

use std::path::Path;
use std::process::Command;

use crate::common::*;

/// Measures the page in an iframe of the given width and reports JSON. Served by the test
/// server only; the site's own pages never carry inline script.
const PROBE: &str = r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>probe</title></head>
<body><pre id="result">pending</pre><script>
const params = new URLSearchParams(location.search);
const frame = document.createElement('iframe');
frame.width = params.get('w'); frame.height = 800; frame.src = params.get('page');
function rgb(s) {
  // Computed colours come as rgb()/rgba() (0–255) or, from color-mix(), as color(srgb …) (0–1).
  const m = s.replace('srgb', '').match(/[\d.]+/g).map(Number);
  const k = s.startsWith('color(') ? 255 : 1;
  return {r: m[0] * k, g: m[1] * k, b: m[2] * k, a: m.length > 3 ? m[3] : 1};
}
function lum(c) { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); }
function bg(el, win) { while (el) { const c = rgb(win.getComputedStyle(el).backgroundColor); if (c.a > 0.5) return c; el = el.parentElement; } return {r: 255, g: 255, b: 255, a: 1}; }
function contrast(el, win) { const a = lum(rgb(win.getComputedStyle(el).color)), b = lum(bg(el, win)); return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); }
frame.onload = () => {
  const win = frame.contentWindow, doc = frame.contentDocument;
  const p = doc.querySelector('main p');
  const style = win.getComputedStyle(p);
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = style.font;
  const sample = 'the quick brown fox jumps over the lazy dog and keeps on running';
  const charWidth = ctx.measureText(sample).width / sample.length;
  const texts = [...doc.querySelectorAll('main p, main li, main h1, main h2, main a, header a, footer p, footer a')]
    .filter(e => e.offsetParent !== null && e.textContent.trim());
  let worst = {ratio: 99, text: ''};
  for (const e of texts) { const r = contrast(e, win); if (r < worst.ratio) worst = {ratio: r, text: e.tagName + ': ' + e.textContent.trim().slice(0, 40)}; }
  const focusable = doc.querySelector('a[href], button, input, select, textarea, [tabindex]');
  const smallTargets = [...doc.querySelectorAll('header a, nav a, .button, footer a')]
    .filter(e => e.offsetParent !== null)
    .filter(e => { const r = e.getBoundingClientRect(); return r.height < 24 || r.width < 24; })
    .map(e => e.textContent.trim().slice(0, 30) + ' (' + Math.round(e.getBoundingClientRect().width) + '×' + Math.round(e.getBoundingClientRect().height) + ')');
  document.getElementById('result').textContent = 'RESULT:' + JSON.stringify({
    fontPx: parseFloat(style.fontSize),
    charsPerLine: p.clientWidth / charWidth,
    scrollWidth: doc.documentElement.scrollWidth,
    worstContrast: worst,
    firstFocusable: focusable ? focusable.className : '',
    smallTargets,
  });
};
document.body.appendChild(frame);
</script></body></html>"#;

fn chromium() -> Option<&'static str> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return Some(name);
        }
    }
    if std::env::var_os("CI").is_some() {
        panic!("Chromium is required when CI is set (.ci/run installs it)");
    }
    eprintln!("skipping: Chromium is not installed (apt-get install chromium)");
    None
}

fn measure(browser: &str, port: u16, page: &str, width: u32, dark: bool) -> serde_json::Value {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("http://127.0.0.1:{port}/__probe.html?page={page}&w={width}");
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--virtual-time-budget=5000",
        "--window-size=1400,900",
    ]);
    cmd.arg(format!("--user-data-dir={}", profile.path().display()));
    if dark {
        cmd.arg("--force-dark-mode")
            .arg("--blink-settings=preferredColorScheme=0");
    }
    let out = cmd.arg("--dump-dom").arg(&url).output().unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let json = dom
        .split("RESULT:")
        .nth(1)
        .and_then(|s| s.split("</pre>").next())
        .unwrap_or_else(|| {
            panic!(
                "no measurement for {page}:\n{dom}\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    serde_json::from_str(
        &json
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">"),
    )
    .unwrap()
}

fn build_bundled(out: &Path) {
    careleaf(&["build", "--output", out.to_str().unwrap()], &repo_root()).assert_ok();
}

#[test]
fn pages_read_well_on_phones_and_desktops_in_light_and_dark() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_bundled(&out);
    let port = crate::common::browser::serve(out, vec![("/__probe.html", PROBE)]);
    let mut problems = Vec::new();
    // 320 px is the narrowest phone; 640 px is a 1280 px screen at 200% zoom.
    for page in [
        "/",
        "/how-long-it-lasts/",
        "/infusion-day/",
        "/faq/",
        "/timeline/",
        "/404.html",
    ] {
        for (width, dark) in [
            (320, false),
            (390, false),
            (390, true),
            (640, false),
            (1280, true),
        ] {
            let m = measure(browser, port, page, width, dark);
            let label = format!("{page} at {width}px{}", if dark { " dark" } else { "" });
            let font = m["fontPx"].as_f64().unwrap();
            if font < 18.0 {
                problems.push(format!("{label}: body text is {font}px (at least 18px)"));
            }
            let scroll = m["scrollWidth"].as_f64().unwrap();
            if scroll > width as f64 {
                problems.push(format!(
                    "{label}: the page scrolls sideways ({scroll}px wide)"
                ));
            }
            let contrast = m["worstContrast"]["ratio"].as_f64().unwrap();
            if contrast < 4.5 {
                problems.push(format!(
                    "{label}: contrast {contrast:.2} for {}",
                    m["worstContrast"]["text"]
                ));
            }
            if m["firstFocusable"].as_str() != Some("skip-link") {
                problems.push(format!(
                    "{label}: the first focusable element is {:?}, not the skip link",
                    m["firstFocusable"]
                ));
            }
            if m["smallTargets"].as_array().is_some_and(|a| !a.is_empty()) {
                problems.push(format!(
                    "{label}: links smaller than 24×24 px: {}",
                    m["smallTargets"]
                ));
            }
            let chars = m["charsPerLine"].as_f64().unwrap();
            if width == 1280 && !(45.0..=85.0).contains(&chars) {
                problems.push(format!(
                    "{label}: lines hold about {chars:.0} characters (aim for about 65)"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
