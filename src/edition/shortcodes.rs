//! Shortcodes in content: the features' (checked by the feature that provides them) and the
//! theme's own (templates in `shortcodes/`, taking any argument).

use crate::features::{FEATURES, Feature};
use crate::markdown::{ShortcodeCall, ShortcodeError, ShortcodeHtml};
use crate::render::Renderer;

/// Renders a shortcode after checking its name and arguments. `loaded` are the features
/// loaded so far, in the order of [`FEATURES`]: a shortcode of one not loaded yet cannot be
/// used (the FAQ's own page cannot show FAQ answers).
pub(super) fn shortcode_renderer<'a>(
    renderer: &'a Renderer,
    loaded: &'a [Box<dyn Feature>],
) -> impl Fn(&ShortcodeCall) -> Result<ShortcodeHtml, ShortcodeError> + Sync + 'a {
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
        let mut embeds = crate::html::Embeds::default();
        let provider = FEATURES.iter().enumerate().find_map(|(k, f)| {
            let spec = f.shortcodes.iter().find(|s| s.name == call.name)?;
            Some((k, spec))
        });
        if let Some((k, spec)) = provider {
            for (key, _) in &call.args {
                if !spec.args.contains(&key.as_str()) {
                    return Err(fail(
                        format!("the shortcode `{}` has no argument `{key}`", call.name),
                        format!("its arguments are: {}", spec.args.join(", ")),
                    ));
                }
            }
            for key in spec.args {
                args.insert(key.to_string(), serde_json::Value::Null);
            }
            for (key, value) in &call.args {
                args.insert(key.clone(), serde_json::Value::String(value.clone()));
            }
            match loaded.get(k) {
                Some(feature) => {
                    feature.check_shortcode(call, &mut args)?;
                    embeds = feature.shortcode_embeds(call);
                }
                None => {
                    let (message, hint) = spec.unavailable;
                    return Err(fail(message.into(), hint.into()));
                }
            }
        } else {
            for (key, value) in &call.args {
                args.insert(key.clone(), serde_json::Value::String(value.clone()));
            }
        }
        renderer
            .render_shortcode(&call.name, &serde_json::Value::Object(args))
            .map(|html| ShortcodeHtml { html, embeds })
            .map_err(|e| {
                fail(
                    format!("the shortcode `{}` failed: {}", call.name, e.message),
                    e.location().map_or(String::new(), |l| format!("see {l}")),
                )
            })
    }
}
