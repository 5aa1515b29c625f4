//! The timeline chart as inline SVG, made at build time: one lane per phase with its label, a
//! bar for its span, a dot per infusion and a shaded window of expected relief, over a time axis
//! in weeks and months. Its `<title>` and `<desc>` carry the same facts as text, for screen
//! readers; colours come from the theme's CSS classes (with plain fills as a fallback).

use crate::i18n::Strings;
use std::fmt::Write as _;

use pulldown_cmark_escape::escape_html;

use super::PhaseView;

const WIDTH: f64 = 400.0;
const LEFT: f64 = 8.0;
const RIGHT: f64 = 392.0;
const LANE: f64 = 46.0;
const TOP: f64 = 4.0;
/// The first four weeks hold most of the detail (the single infusion and the series): they get
/// this share of the width when the chart spans longer than eight weeks.
const ZOOM_DAYS: f64 = 28.0;
const ZOOM_SHARE: f64 = 0.45;

struct Scale {
    max_day: f64,
    zoomed: bool,
}

impl Scale {
    fn x(&self, day: f64) -> f64 {
        let w = RIGHT - LEFT;
        let f = if !self.zoomed {
            day / self.max_day
        } else if day <= ZOOM_DAYS {
            ZOOM_SHARE * day / ZOOM_DAYS
        } else {
            ZOOM_SHARE + (1.0 - ZOOM_SHARE) * (day - ZOOM_DAYS) / (self.max_day - ZOOM_DAYS)
        };
        LEFT + w * f.clamp(0.0, 1.0)
    }

    fn ticks(&self, t: &Strings) -> Vec<(f64, String)> {
        let week = |w: i64| t.fill("tl_tick_week", &[("n", &w.to_string())]);
        let mut ticks = vec![(0.0, t.get("tl_tick_start").to_string())];
        if self.zoomed {
            ticks.extend((1..=4).map(|w| (w as f64 * 7.0, week(w))));
            for m in [3, 6, 9, 12, 18, 24, 36, 48] {
                let day = m as f64 * 30.44;
                if day <= self.max_day + 1.0 {
                    ticks.push((day, t.fill("tl_tick_month", &[("n", &m.to_string())])));
                }
            }
        } else {
            let weeks = (self.max_day / 7.0).ceil() as i64;
            let step = if weeks > 8 { 2 } else { 1 };
            ticks.extend(
                (1..=weeks)
                    .filter(|w| w % step == 0)
                    .map(|w| (w as f64 * 7.0, week(w))),
            );
        }
        ticks
    }
}

/// A number for an SVG attribute: rounded to a tenth, and without `.0` when whole, which keeps
/// the chart short.
fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// `s` escaped for SVG text and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::new();
    escape_html(&mut out, s).ok();
    out
}

/// The chart of `phases`: one lane per phase over a shared time axis, then a legend.
pub fn render(phases: &[PhaseView], t: &Strings) -> String {
    let max_day = phases
        .iter()
        .map(|p| {
            p.phase
                .end_day
                .max(p.phase.relief.as_ref().map_or(0, |r| r.end_day))
        })
        .max()
        .unwrap_or(7)
        .max(7) as f64;
    let scale = Scale {
        max_day,
        zoomed: max_day > 56.0,
    };
    let axis_y = TOP + LANE * phases.len() as f64 + 6.0;
    let height = axis_y + 62.0;

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"tl-chart\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"tl-chart-title tl-chart-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"tl-chart-title\">{}</title>\n<desc id=\"tl-chart-desc\">{}</desc>\n",
        num(WIDTH),
        num(height),
        esc(t.get("tl_chart_title")),
        esc(description(phases, t).trim_end())
    );
    for (i, p) in phases.iter().enumerate() {
        write_lane(&mut svg, &scale, TOP + LANE * i as f64, p);
    }
    write_axis(&mut svg, &scale, axis_y, t);
    write_legend(&mut svg, axis_y + 48.0, t);
    svg.push_str("</svg>");
    svg
}

/// The chart's `<desc>`: each phase with its span and its infusions, for screen readers.
fn description(phases: &[PhaseView], t: &Strings) -> String {
    let mut desc = format!("{} ", t.get("tl_chart_desc"));
    for p in phases {
        let _ = write!(
            desc,
            "{}: {}, {}.",
            p.phase.title,
            p.range_label.to_lowercase(),
            p.infusions_label.to_lowercase()
        );
        // Expected relief is in the list of phases right after the chart, for everyone.
        desc.push(' ');
    }
    desc
}

/// The lane of one phase, from `top` down: its label, its relief window, its bar and a dot per
/// infusion.
fn write_lane(svg: &mut String, scale: &Scale, top: f64, p: &PhaseView) {
    let (x0, x1) = (
        scale.x(p.phase.start_day as f64),
        scale.x(p.phase.end_day as f64),
    );
    let _ = writeln!(
        svg,
        "<g class=\"tl-phase\" data-phase=\"{}\">",
        esc(&p.phase.id)
    );
    let _ = writeln!(
        svg,
        "<text class=\"tl-label\" x=\"{}\" y=\"{}\" font-size=\"13\">{} <tspan class=\"tl-range\">({})</tspan></text>",
        num(LEFT),
        num(top + 14.0),
        esc(&p.phase.title),
        esc(&p.range_label)
    );
    if let Some(r) = &p.phase.relief {
        let (r0, r1) = (scale.x(r.start_day as f64), scale.x(r.end_day as f64));
        let _ = writeln!(
            svg,
            "<rect class=\"tl-relief\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"22\" rx=\"3\" fill=\"#cfe8df\"/>",
            num(r0),
            num(top + 18.0),
            num((r1 - r0).max(2.0))
        );
    }
    let _ = writeln!(
        svg,
        "<rect class=\"tl-bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"14\" rx=\"7\" fill=\"#0b6e5a\"/>",
        num(x0),
        num(top + 22.0),
        num((x1 - x0).max(14.0))
    );
    // The dots share their look (and their colours for readers without the stylesheet)
    // through one group, so each infusion adds only its position.
    if !p.dots.is_empty() {
        svg.push_str("<g fill=\"#ffffff\" stroke=\"#0b6e5a\" stroke-width=\"2\">\n");
        for day in &p.dots {
            let _ = writeln!(
                svg,
                "<circle class=\"tl-dot\" cx=\"{}\" cy=\"{}\" r=\"4.5\"/>",
                num(scale.x(*day).max(x0 + 4.5)),
                num(top + 29.0)
            );
        }
        svg.push_str("</g>\n");
    }
    svg.push_str("</g>\n");
}

/// The time axis at `axis_y`: its line and tick marks, their labels and, when the first weeks
/// are zoomed, where weeks give way to months.
fn write_axis(svg: &mut String, scale: &Scale, axis_y: f64, t: &Strings) {
    // The axis and its tick marks are one path, and the labels share their font settings
    // through the group: the chart is sent with every article that shows it.
    let ticks = scale.ticks(t);
    let last = ticks.len() - 1;
    let mut path = format!("M{} {}H{}", num(LEFT), num(axis_y), num(RIGHT));
    let mut labels = String::new();
    for (i, (day, label)) in ticks.iter().enumerate() {
        let x = num(scale.x(*day));
        let _ = write!(path, "M{x} {}v5", num(axis_y));
        let anchor = if i == 0 {
            " text-anchor=\"start\""
        } else if i == last && scale.x(*day) > RIGHT - 20.0 {
            " text-anchor=\"end\""
        } else {
            ""
        };
        let _ = writeln!(
            labels,
            "<text x=\"{x}\" y=\"{}\"{anchor}>{}</text>",
            num(axis_y + 17.0),
            esc(label)
        );
    }
    let _ = write!(
        svg,
        "<g class=\"tl-axis\" font-size=\"11\" text-anchor=\"middle\">\n<path class=\"tl-axis-line\" d=\"{path}\" stroke=\"#555\" fill=\"none\"/>\n{labels}"
    );
    if scale.zoomed {
        let _ = writeln!(
            svg,
            "<text class=\"tl-break\" x=\"{}\" y=\"{}\" font-size=\"10\">{}</text>",
            num(scale.x(ZOOM_DAYS)),
            num(axis_y + 30.0),
            esc(t.get("tl_weeks_months"))
        );
    }
    svg.push_str("</g>\n");
}

/// The legend on the line at `ly`: a bar for a phase, a dot for an infusion and a shaded box
/// for expected relief.
fn write_legend(svg: &mut String, ly: f64, t: &Strings) {
    let _ = write!(
        svg,
        "<g class=\"tl-legend\" font-size=\"11\">\n<rect class=\"tl-legend-bar\" x=\"{l}\" y=\"{}\" width=\"18\" height=\"8\" rx=\"4\" fill=\"#0b6e5a\"/><text x=\"{}\" y=\"{}\">{phase}</text>\n<circle class=\"tl-legend-dot\" cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"#ffffff\" stroke=\"#0b6e5a\" stroke-width=\"2\"/><text x=\"{}\" y=\"{}\">{infusion}</text>\n<rect class=\"tl-legend-relief\" x=\"{}\" y=\"{}\" width=\"18\" height=\"12\" rx=\"3\" fill=\"#cfe8df\"/><text x=\"{}\" y=\"{}\">{relief}</text>\n</g>\n",
        num(ly - 4.0),
        num(LEFT + 24.0),
        num(ly + 4.0),
        num(LEFT + 90.0),
        num(ly),
        num(LEFT + 100.0),
        num(ly + 4.0),
        num(LEFT + 170.0),
        num(ly - 6.0),
        num(LEFT + 194.0),
        num(ly + 4.0),
        l = num(LEFT),
        phase = esc(t.get("tl_legend_phase")),
        infusion = esc(t.get("tl_legend_infusion")),
        relief = esc(t.get("tl_relief")),
    );
}
