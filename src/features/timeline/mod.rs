//! The treatment timeline: `content/timeline.yaml` read into typed phases, infusion-day steps and
//! plan-view settings, checked (ids, order, ranges, counts) with errors at the offending value,
//! and turned into what templates show: labels and an inline SVG chart.

mod feature;
pub use feature::SPEC;

mod chart;
mod check;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::i18n::Strings;
use crate::yaml::{self, YamlSource};

use check::Checker;

pub const TIMELINE_FILE: &str = "timeline.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TimelineFile {
    phases: Vec<Phase>,
    #[serde(default)]
    infusion_day: Vec<DayStep>,
    #[serde(default)]
    plan: Option<Plan>,
}

/// One stage of treatment, placed on a time axis counted in days from the first infusion.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub id: String,
    pub title: String,
    pub start_day: i64,
    pub end_day: i64,
    pub infusions: i64,
    pub spacing: String,
    pub summary: String,
    #[serde(default)]
    pub relief: Option<Relief>,
    #[serde(default)]
    pub details: Vec<String>,
    #[serde(default)]
    pub infusion_days: Option<Vec<i64>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Relief {
    pub start_day: i64,
    pub end_day: i64,
    pub label: String,
}

/// One step of an infusion day (before, infusion, recovery, after).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayStep {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub time: Option<String>,
    #[serde(default)]
    pub minutes_min: Option<i64>,
    #[serde(default)]
    pub minutes_max: Option<i64>,
    #[serde(default)]
    pub details: Vec<String>,
}

/// Settings of the plan view, where a patient sees an illustrative calendar.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub infusions_min: i64,
    pub infusions_max: i64,
    pub infusions_default: i64,
    pub weekdays: Vec<String>,
    pub first_maintenance_after_weeks_min: i64,
    pub first_maintenance_after_weeks_max: i64,
}

impl Default for Plan {
    fn default() -> Self {
        Plan {
            infusions_min: 6,
            infusions_max: 8,
            infusions_default: 6,
            weekdays: vec!["monday".into(), "wednesday".into(), "friday".into()],
            first_maintenance_after_weeks_min: 3,
            first_maintenance_after_weeks_max: 5,
        }
    }
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// What templates get as `timeline`.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineView {
    pub url: Option<String>,
    pub svg: String,
    pub phases: Vec<PhaseView>,
    pub infusion_day: Vec<DayStepView>,
    pub plan: PlanView,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseView {
    #[serde(flatten)]
    pub phase: Phase,
    pub range_label: String,
    pub infusions_label: String,
    /// The days the chart puts a dot on.
    pub dots: Vec<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DayStepView {
    pub id: String,
    pub title: String,
    pub time: Option<String>,
    pub minutes_label: Option<String>,
    /// The step's time line as shown: its `time`, or its minutes ("About 40–60 minutes";
    /// "At least 40 minutes" alone, which "About" would contradict).
    pub time_label: Option<String>,
    pub details: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    pub infusions_min: i64,
    pub infusions_max: i64,
    pub infusions_default: i64,
    /// ISO weekday numbers, Monday = 1.
    pub weekdays: Vec<u8>,
    pub weekday_names: Vec<String>,
    pub first_maintenance_after_weeks_min: i64,
    pub first_maintenance_after_weeks_max: i64,
}

/// Reads and checks `timeline.yaml`. `file` is how it is named in messages.
pub fn load(path: &Path, file: &Path, t: &Strings) -> Result<TimelineView, Diagnostic> {
    let text = crate::content::read_text(path, file)?;
    parse(&text, file, t)
}

/// Checks the text of a `timeline.yaml` (named `file` in messages) and lays it out.
pub fn parse(text: &str, file: &Path, t: &Strings) -> Result<TimelineView, Diagnostic> {
    let src = YamlSource::data_file(
        file,
        text,
        "see README.md, \"The timeline\", for every field",
    );
    let raw: TimelineFile = yaml::parse(&src)?;
    let checker = Checker { src: &src };
    checker.check(&raw)?;
    let plan = raw.plan.clone().unwrap_or_default();
    let phases: Vec<PhaseView> = raw
        .phases
        .iter()
        .map(|p| PhaseView {
            range_label: range_label(p.start_day, p.end_day, t),
            infusions_label: match p.infusions {
                0 => t.get("tl_as_needed").to_string(),
                1 => t.get("tl_one_infusion").to_string(),
                n => t.fill("tl_infusions_count", &[("n", &n.to_string())]),
            },
            dots: dot_days(p),
            phase: p.clone(),
        })
        .collect();
    let svg = chart::render(&phases, t);
    Ok(TimelineView {
        url: None,
        svg,
        phases,
        infusion_day: raw
            .infusion_day
            .iter()
            .map(|s| {
                let minutes_label = match (s.minutes_min, s.minutes_max) {
                    (Some(a), Some(b)) if a == b => {
                        Some(t.fill("tl_minutes", &[("n", &a.to_string())]))
                    }
                    (Some(a), Some(b)) => Some(t.fill(
                        "tl_minutes_range",
                        &[("from", &a.to_string()), ("to", &b.to_string())],
                    )),
                    (Some(a), None) => Some(t.fill("tl_minutes_min", &[("n", &a.to_string())])),
                    (None, Some(b)) => Some(t.fill("tl_minutes_max", &[("n", &b.to_string())])),
                    (None, None) => None,
                };
                let time_label = s.time.clone().or_else(|| {
                    let label = minutes_label.clone()?;
                    let bounded = s.minutes_min.is_some() && s.minutes_max.is_some();
                    Some(if bounded {
                        t.fill("tl_about", &[("time", &label)])
                    } else {
                        label
                    })
                });
                DayStepView {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    time: s.time.clone(),
                    minutes_label,
                    time_label,
                    details: s.details.clone(),
                }
            })
            .collect(),
        plan: PlanView {
            weekdays: plan
                .weekdays
                .iter()
                .filter_map(|d| WEEKDAYS.iter().position(|w| w == &d.to_lowercase()))
                .map(|i| i as u8 + 1)
                .collect(),
            weekday_names: plan
                .weekdays
                .iter()
                .map(|d| {
                    let names = t.list("weekdays");
                    WEEKDAYS
                        .iter()
                        .position(|w| w == &d.to_lowercase())
                        .and_then(|i| names.get(i))
                        .map_or_else(|| capitalize(d), |n| n.to_string())
                })
                .collect(),
            infusions_min: plan.infusions_min,
            infusions_max: plan.infusions_max,
            infusions_default: plan.infusions_default,
            first_maintenance_after_weeks_min: plan.first_maintenance_after_weeks_min,
            first_maintenance_after_weeks_max: plan.first_maintenance_after_weeks_max,
        },
    })
}

/// "Week 1", "Weeks 2–3", "Week 4 to month 6", "Months 6–12".
pub fn range_label(start: i64, end: i64, t: &Strings) -> String {
    let point = |day: i64, is_end: bool| -> (bool, i64) {
        if day < 28 || (is_end && day <= 28) {
            let week = if is_end { (day + 6) / 7 } else { day / 7 + 1 };
            (true, week.max(1))
        } else {
            let months = day as f64 / 30.44;
            let m = if is_end {
                months.ceil()
            } else {
                months.floor() + 1.0
            };
            (false, m.max(1.0) as i64)
        }
    };
    let (sw, s) = point(start, false);
    let (ew, e) = point(end, true);
    let one = |key: &str| t.fill(key, &[("n", &s.to_string())]);
    let span = |key: &str| t.fill(key, &[("from", &s.to_string()), ("to", &e.to_string())]);
    match (sw, ew) {
        (true, true) if s >= e => one("tl_week"),
        (true, true) => span("tl_weeks"),
        (false, false) if s >= e => one("tl_month"),
        (false, false) => span("tl_months"),
        (true, false) => span("tl_week_to_month"),
        (false, true) => one("tl_month"),
    }
}

/// The days the chart marks: as written, or spread evenly over the phase.
fn dot_days(p: &Phase) -> Vec<f64> {
    if let Some(days) = &p.infusion_days {
        return days.iter().map(|d| *d as f64).collect();
    }
    let n = p.infusions.max(0) as usize;
    let len = (p.end_day - p.start_day) as f64;
    match n {
        0 => Vec::new(),
        1 => vec![p.start_day as f64],
        _ => (0..n)
            .map(|i| p.start_day as f64 + len * (i as f64 + 0.5) / n as f64)
            .collect(),
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| {
        f.to_uppercase()
            .chain(c.flat_map(char::to_lowercase))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(yaml: &str) -> Result<TimelineView, Diagnostic> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("timeline.yaml");
        std::fs::write(&path, yaml).unwrap();
        load(
            &path,
            Path::new("content/timeline.yaml"),
            &Strings::english(),
        )
    }

    const GOOD: &str = "phases:\n  - id: single\n    title: One infusion\n    start_day: 0\n    end_day: 7\n    infusions: 1\n    spacing: Once\n    summary: S\n    relief:\n      start_day: 1\n      end_day: 7\n      label: L\n  - id: induction\n    title: Series\n    start_day: 7\n    end_day: 21\n    infusions: 5\n    spacing: Three a week\n    summary: S\ninfusion_day:\n  - id: infusion\n    title: The infusion\n    minutes_min: 40\n    minutes_max: 60\n";

    #[test]
    fn a_valid_timeline_gets_labels_dots_and_a_chart() {
        let t = load_str(GOOD).unwrap();
        assert_eq!(t.phases[0].range_label, "Week 1");
        assert_eq!(t.phases[1].range_label, "Weeks 2–3");
        assert_eq!(t.phases[1].infusions_label, "5 infusions");
        assert_eq!(t.phases[1].dots.len(), 5);
        assert_eq!(
            t.infusion_day[0].minutes_label.as_deref(),
            Some("40–60 minutes")
        );
        assert_eq!(
            t.infusion_day[0].time_label.as_deref(),
            Some("About 40–60 minutes")
        );
        assert_eq!(t.plan.weekdays, vec![1, 3, 5]);
        assert!(t.svg.starts_with("<svg"));
        assert_eq!(t.svg.matches("class=\"tl-dot\"").count(), 6);
    }

    #[test]
    fn a_step_with_one_bound_says_only_that_bound() {
        let one_bound = |bound: &str| {
            let yaml = GOOD.replace("    minutes_min: 40\n    minutes_max: 60\n", bound);
            load_str(&yaml).unwrap().infusion_day[0].time_label.clone()
        };
        assert_eq!(
            one_bound("    minutes_min: 40\n").as_deref(),
            Some("At least 40 minutes")
        );
        assert_eq!(
            one_bound("    minutes_max: 30\n").as_deref(),
            Some("Up to 30 minutes")
        );
        assert_eq!(
            one_bound("    minutes_min: 30\n    minutes_max: 30\n").as_deref(),
            Some("About 30 minutes")
        );
        assert_eq!(
            one_bound("    time: Most of the morning\n    minutes_min: 40\n").as_deref(),
            Some("Most of the morning")
        );
        assert_eq!(one_bound("").as_deref(), None);
    }

    #[test]
    fn range_labels_switch_from_weeks_to_months() {
        assert_eq!(
            range_label(21, 182, &Strings::english()),
            "Week 4 to month 6"
        );
        assert_eq!(range_label(182, 365, &Strings::english()), "Months 6–12");
    }

    #[test]
    fn bad_timelines_are_errors_at_the_value() {
        let cases = [
            (
                GOOD.replace("end_day: 21", "end_day: 3"),
                "content/timeline.yaml:16:14",
                "ends (day 3) before it starts",
            ),
            (
                GOOD.replace("infusions: 5", "infusions: -2"),
                "content/timeline.yaml:17:16",
                "cannot be negative",
            ),
            (
                GOOD.replace(
                    "start_day: 7\n    end_day: 21",
                    "start_day: 5\n    end_day: 21",
                ),
                "content/timeline.yaml:15:16",
                "must not overlap",
            ),
            (
                GOOD.replace("id: induction", "id: single"),
                "content/timeline.yaml:13:9",
                "used twice",
            ),
            (
                GOOD.replace("minutes_max: 60", "minutes_max: 30"),
                "content/timeline.yaml:24:18",
                "less than minutes_min",
            ),
            (
                GOOD.replace(
                    "    summary: S\ninfusion_day",
                    "    summary: S\n    colour: red\ninfusion_day",
                ),
                "content/timeline.yaml:20:5",
                "unknown key `colour`",
            ),
        ];
        for (yaml, location, message) in cases {
            let e = load_str(&yaml).unwrap_err();
            assert_eq!(e.location().as_deref(), Some(location), "{e}");
            assert!(e.message.contains(message), "{e}");
        }
    }
}
