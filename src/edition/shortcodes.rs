//! Shortcodes in content: the built-in `timeline` and `faq`, and the theme's own.

use crate::faq::Faq;
use crate::markdown::{ShortcodeCall, ShortcodeError};
use crate::render::Renderer;
use crate::timeline::TimelineView;

/// The built-in shortcodes and the arguments they take; other shortcodes are templates in
/// `shortcodes/` and take any argument.
const BUILTIN_SHORTCODES: &[(&str, &[&str])] =
    &[("timeline", &["phase"]), ("faq", &["tag", "limit"])];

/// Renders a shortcode after checking its name and arguments.
pub(super) fn shortcode_renderer<'a>(
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
