//! The timeline as a [`Feature`]: this language's `timeline.yaml`, the `timeline` shortcode
//! and the timeline page's template.

use super::{TIMELINE_FILE, TimelineView};
use crate::diagnostic::Errors;
use crate::features::{Feature, FeatureSpec, LoadContext, MarkdownContext, ShortcodeSpec};
use crate::markdown::{ShortcodeCall, ShortcodeError};

/// The page that shows the whole timeline.
pub const TIMELINE_PAGE: &str = "timeline.md";

pub const SPEC: FeatureSpec = FeatureSpec {
    name: "timeline",
    shortcodes: &[ShortcodeSpec {
        name: "timeline",
        args: &["phase"],
        unavailable: (
            "the timeline shortcode needs content/timeline.yaml",
            "create content/timeline.yaml (see README.md, \"The timeline\")",
        ),
    }],
    load,
};

struct TimelineFeature(Option<TimelineView>);

fn load(ctx: &LoadContext, _: &MarkdownContext) -> Result<Box<dyn Feature>, Errors> {
    let path = ctx.root.join(ctx.content_dir).join(TIMELINE_FILE);
    if !path.is_file() {
        return Ok(Box::new(TimelineFeature(None)));
    }
    let shown = ctx.label.join(ctx.content_dir).join(TIMELINE_FILE);
    let mut view = super::load(&path, &shown, ctx.strings)?;
    view.url = ctx.page_url(TIMELINE_PAGE);
    Ok(Box::new(TimelineFeature(Some(view))))
}

impl Feature for TimelineFeature {
    // Adds nothing to pages.
    fn page_values_key(&self, _key: &mut crate::cache_key::KeyWriter) -> bool {
        true
    }

    fn globals(&self) -> Vec<(&'static str, serde_json::Value)> {
        vec![(
            "timeline",
            serde_json::to_value(&self.0).unwrap_or_default(),
        )]
    }

    fn check_shortcode(
        &self,
        call: &ShortcodeCall,
        _args: &mut serde_json::Map<String, serde_json::Value>,
    ) -> Result<(), ShortcodeError> {
        let Some(t) = &self.0 else {
            let (message, hint) = SPEC.shortcodes[0].unavailable;
            return Err(ShortcodeError {
                message: message.into(),
                hint: hint.into(),
            });
        };
        if let Some(phase) = call.arg("phase")
            && !t.phases.iter().any(|p| p.phase.id == phase)
        {
            let ids: Vec<&str> = t.phases.iter().map(|p| p.phase.id.as_str()).collect();
            return Err(ShortcodeError {
                message: format!("the timeline has no phase `{phase}`"),
                hint: format!("phases are: {}", ids.join(", ")),
            });
        }
        Ok(())
    }

    fn page_template(&self) -> Option<(&'static str, &'static str)> {
        Some((TIMELINE_PAGE, "timeline.html"))
    }
}
