//! Videos that respect privacy: `{{< video youtube="ID" title="…" >}}` and
//! `{{< video vimeo="ID" title="…" >}}` render a click-to-load facade (the theme's
//! `shortcodes/video.html`): the site's own markup, nothing requested from the video's host
//! until the reader presses play, then the theme's `video.js` puts in the player's frame
//! (YouTube's no-cookie player, Vimeo's with "do not track"). Only pages with a video allow
//! that player's host, and only as a frame. The host need not be in `allowed_hosts`: the
//! editor chose the video, and nothing loads before the reader asks for it.

use crate::diagnostic::Errors;
use crate::features::{Feature, FeatureSpec, LoadContext, MarkdownContext, ShortcodeSpec};
use crate::html::{Directive, Embeds};
use crate::markdown::{ShortcodeCall, ShortcodeError};

pub const SPEC: FeatureSpec = FeatureSpec {
    name: "video",
    shortcodes: &[ShortcodeSpec {
        name: "video",
        args: &["youtube", "vimeo", "title"],
        // Videos need no data file: the shortcode is always served.
        unavailable: ("the video shortcode cannot be used here", "remove it"),
    }],
    load,
};

fn load(_: &LoadContext, _: &MarkdownContext) -> Result<Box<dyn Feature>, Errors> {
    Ok(Box::new(VideoFeature))
}

struct VideoFeature;

/// Where a video is hosted, and how its player and its page are addressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Host {
    YouTube,
    Vimeo,
}

impl Host {
    fn name(self) -> &'static str {
        match self {
            Host::YouTube => "YouTube",
            Host::Vimeo => "Vimeo",
        }
    }

    /// The player's address once the reader pressed play (so it starts at once).
    fn player(self, id: &str) -> String {
        match self {
            Host::YouTube => format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1"),
            Host::Vimeo => format!("https://player.vimeo.com/video/{id}?dnt=1&autoplay=1"),
        }
    }

    /// The video's page on the host, for readers without JavaScript.
    fn watch(self, id: &str) -> String {
        match self {
            Host::YouTube => format!("https://www.youtube.com/watch?v={id}"),
            Host::Vimeo => format!("https://vimeo.com/{id}"),
        }
    }
}

/// A video shortcode's arguments, checked.
#[derive(Debug, PartialEq, Eq)]
struct Video<'a> {
    host: Host,
    id: &'a str,
    title: &'a str,
}

fn fail(message: impl Into<String>, hint: impl Into<String>) -> ShortcodeError {
    ShortcodeError {
        message: message.into(),
        hint: hint.into(),
    }
}

/// Whether `id` is a video ID of `provider` (`youtube` or `vimeo`) the shortcode accepts.
pub fn is_video_id(provider: &str, id: &str) -> bool {
    match provider {
        "youtube" => is_youtube_id(id),
        "vimeo" => is_vimeo_id(id),
        _ => false,
    }
}

fn is_youtube_id(id: &str) -> bool {
    id.len() == 11
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn is_vimeo_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 12 && id.bytes().all(|b| b.is_ascii_digit())
}

/// The ID inside a video's address, when an editor pasted the address instead of the ID
/// (`https://youtu.be/ID`, `…/watch?v=ID`, `https://vimeo.com/123`).
fn id_in_address(host: Host, value: &str) -> Option<&str> {
    let without_query = value.split(['?', '#']).next().unwrap_or("");
    let last = without_query.trim_end_matches('/').rsplit('/').next();
    let from_query = value
        .split(['?', '&'])
        .find_map(|part| part.strip_prefix("v="));
    let valid: fn(&str) -> bool = match host {
        Host::YouTube => is_youtube_id,
        Host::Vimeo => is_vimeo_id,
    };
    from_query.into_iter().chain(last).find(|id| valid(id))
}

/// Checks a call: one host, a well-formed ID and a title.
fn video(call: &ShortcodeCall) -> Result<Video<'_>, ShortcodeError> {
    let (host, id) = match (call.arg("youtube"), call.arg("vimeo")) {
        (Some(_), Some(_)) => {
            return Err(fail(
                "this video names both a YouTube and a Vimeo video",
                "keep one: {{< video youtube=\"ID\" title=\"…\" >}} or {{< video vimeo=\"ID\" title=\"…\" >}}",
            ));
        }
        (Some(id), None) => (Host::YouTube, id.trim()),
        (None, Some(id)) => (Host::Vimeo, id.trim()),
        (None, None) => {
            return Err(fail(
                "this video names no video",
                "write {{< video youtube=\"ID\" title=\"…\" >}} or {{< video vimeo=\"ID\" title=\"…\" >}}",
            ));
        }
    };
    let key = match host {
        Host::YouTube => "youtube",
        Host::Vimeo => "vimeo",
    };
    let well_formed = match host {
        Host::YouTube => is_youtube_id(id),
        Host::Vimeo => is_vimeo_id(id),
    };
    if !well_formed {
        let what = match host {
            Host::YouTube => "a YouTube video ID is 11 letters, digits, `-` or `_`",
            Host::Vimeo => "a Vimeo video ID is a number",
        };
        let hint = match id_in_address(host, id) {
            Some(found) => format!("write the ID only: {key}=\"{found}\""),
            None => {
                format!("{what}: it is the part after `v=` or the last part of the video's address")
            }
        };
        return Err(fail(
            format!("`{id}` is not a {} video ID", host.name()),
            hint,
        ));
    }
    let title = call.arg("title").map(str::trim).unwrap_or("");
    if title.is_empty() {
        return Err(fail(
            "this video has no title",
            format!(
                "add title=\"…\" saying what the video shows: it names the play button for people who use a screen reader, e.g. {{{{< video {key}=\"{id}\" title=\"What happens at your first visit\" >}}}}"
            ),
        ));
    }
    Ok(Video { host, id, title })
}

impl Feature for VideoFeature {
    // Adds nothing to pages.
    fn page_values_key(&self, _key: &mut crate::cache_key::KeyWriter) -> bool {
        true
    }

    /// Gives the template the player's and the host's addresses and names.
    fn check_shortcode(
        &self,
        call: &ShortcodeCall,
        args: &mut serde_json::Map<String, serde_json::Value>,
    ) -> Result<(), ShortcodeError> {
        let v = video(call)?;
        args.insert("title".into(), v.title.into());
        args.insert("id".into(), v.id.into());
        args.insert("host_name".into(), v.host.name().into());
        args.insert("player".into(), v.host.player(v.id).into());
        args.insert("watch".into(), v.host.watch(v.id).into());
        Ok(())
    }

    /// The player's host, as a frame: the only thing a video page may load from it.
    fn shortcode_embeds(&self, call: &ShortcodeCall) -> Embeds {
        let mut embeds = Embeds::default();
        if let Ok(v) = video(call) {
            embeds.add_url(Directive::Frame, &v.host.player(v.id));
        }
        embeds
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(args: &[(&str, &str)]) -> ShortcodeCall {
        ShortcodeCall {
            name: "video".into(),
            args: args
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    fn error(args: &[(&str, &str)]) -> (String, String) {
        let e = video(&call(args)).expect_err("should fail");
        (e.message, e.hint)
    }

    #[test]
    fn youtube_and_vimeo_ids_are_accepted() {
        let c = call(&[("youtube", "dQw4w9WgXcQ"), ("title", "Intro")]);
        let v = video(&c).unwrap();
        assert_eq!(
            (v.host, v.id, v.title),
            (Host::YouTube, "dQw4w9WgXcQ", "Intro")
        );
        assert_eq!(
            v.host.player(v.id),
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
        );
        let c = call(&[("vimeo", "76979871"), ("title", "Clinic tour")]);
        let v = video(&c).unwrap();
        assert_eq!(v.host, Host::Vimeo);
        assert_eq!(
            v.host.player(v.id),
            "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"
        );
        assert_eq!(v.host.watch(v.id), "https://vimeo.com/76979871");
    }

    #[test]
    fn a_bad_id_is_an_error_with_a_hint() {
        let (message, hint) = error(&[("youtube", "dQw4w9WgXc"), ("title", "x")]);
        assert_eq!(message, "`dQw4w9WgXc` is not a YouTube video ID");
        assert!(hint.contains("11 letters"), "{hint}");
        let (message, _) = error(&[("youtube", "dQw4w9WgX\"Q"), ("title", "x")]);
        assert!(message.contains("is not a YouTube video ID"), "{message}");
        let (message, hint) = error(&[("vimeo", "76979871a"), ("title", "x")]);
        assert_eq!(message, "`76979871a` is not a Vimeo video ID");
        assert!(hint.contains("a number"), "{hint}");
    }

    #[test]
    fn a_pasted_address_is_an_error_that_shows_the_id() {
        let (_, hint) = error(&[
            ("youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=4"),
            ("title", "x"),
        ]);
        assert_eq!(hint, "write the ID only: youtube=\"dQw4w9WgXcQ\"");
        let (_, hint) = error(&[("youtube", "https://youtu.be/dQw4w9WgXcQ"), ("title", "x")]);
        assert_eq!(hint, "write the ID only: youtube=\"dQw4w9WgXcQ\"");
        let (_, hint) = error(&[("vimeo", "https://vimeo.com/76979871"), ("title", "x")]);
        assert_eq!(hint, "write the ID only: vimeo=\"76979871\"");
    }

    #[test]
    fn a_video_needs_one_host_and_a_title() {
        assert_eq!(error(&[("title", "x")]).0, "this video names no video");
        assert_eq!(
            error(&[("youtube", "dQw4w9WgXcQ"), ("vimeo", "1"), ("title", "x")]).0,
            "this video names both a YouTube and a Vimeo video"
        );
        let (message, hint) = error(&[("youtube", "dQw4w9WgXcQ"), ("title", "  ")]);
        assert_eq!(message, "this video has no title");
        assert!(hint.contains("screen reader"), "{hint}");
        assert_eq!(
            error(&[("youtube", "dQw4w9WgXcQ")]).0,
            "this video has no title"
        );
    }

    #[test]
    fn only_the_player_host_is_allowed_and_only_as_a_frame() {
        let feature = VideoFeature;
        let embeds = feature.shortcode_embeds(&call(&[("vimeo", "1"), ("title", "x")]));
        assert_eq!(
            embeds.sources(Directive::Frame).collect::<Vec<_>>(),
            ["https://player.vimeo.com"]
        );
        assert!(embeds.sources(Directive::Img).next().is_none());
        let bad = feature.shortcode_embeds(&call(&[("vimeo", "x"), ("title", "x")]));
        assert!(bad.is_empty());
    }
}
