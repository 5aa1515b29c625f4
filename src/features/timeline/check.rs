//! The checks on a read `timeline.yaml` that its types cannot express: ids, order, ranges and
//! counts. Each error points at the offending value and says how to fix it; the first one found
//! is returned, in the order of the file (phases, then infusion-day steps, then the plan).

use crate::content::front_matter::validate_slug;
use crate::diagnostic::Diagnostic;
use crate::yaml::{self, PathSeg, YamlSource};

use super::{DayStep, Phase, Plan, Relief, TimelineFile, WEEKDAYS};

use PathSeg::{Index, Key};

pub(super) struct Checker<'a> {
    pub(super) src: &'a YamlSource<'a>,
}

impl Checker<'_> {
    fn at(&self, path: &[PathSeg], message: String, hint: &str) -> Diagnostic {
        let (line, column) = yaml::path_position(self.src.yaml, path).unwrap_or((1, 1));
        Diagnostic::at(self.src.file, self.src.file_text, line, column, message).with_hint(hint)
    }

    pub(super) fn check(&self, t: &TimelineFile) -> Result<(), Diagnostic> {
        self.check_phases(&t.phases)?;
        self.check_steps(&t.infusion_day)?;
        if let Some(plan) = &t.plan {
            self.check_plan(plan)?;
        }
        Ok(())
    }

    /// There is at least one phase, every phase is valid on its own, and each starts after the
    /// one before it ends.
    fn check_phases(&self, phases: &[Phase]) -> Result<(), Diagnostic> {
        if phases.is_empty() {
            return Err(self.at(
                &[Key("phases")],
                "the timeline has no phases".into(),
                "add at least one phase under `phases:`",
            ));
        }
        let mut ids: Vec<&str> = Vec::new();
        for (i, p) in phases.iter().enumerate() {
            let at = |key: &'static str| [Key("phases"), Index(i), Key(key)];
            if let Err(why) = validate_slug(&p.id) {
                return Err(self.at(
                    &at("id"),
                    format!("the phase id `{}` {why}", p.id),
                    "use lowercase letters, digits and hyphens, e.g. `induction`",
                ));
            }
            if ids.contains(&p.id.as_str()) {
                return Err(self.at(
                    &at("id"),
                    format!("the phase id `{}` is used twice", p.id),
                    "give every phase its own id",
                ));
            }
            ids.push(&p.id);
            if p.title.trim().is_empty() {
                return Err(self.at(
                    &at("title"),
                    "the phase has an empty title".into(),
                    "give the phase a short title",
                ));
            }
            self.check_phase_days(i, p)?;
            if let Some(prev) = i.checked_sub(1).and_then(|j| phases.get(j))
                && p.start_day < prev.end_day
            {
                return Err(self.at(&at("start_day"), format!("the phase `{}` starts on day {}, before the phase `{}` ends (day {}): phases must not overlap", p.id, p.start_day, prev.id, prev.end_day), "list phases in time order and start each one when the one before ends"));
            }
            if let Some(r) = &p.relief {
                self.check_relief(i, r)?;
            }
            if let Some(days) = &p.infusion_days {
                self.check_infusion_days(i, p, days)?;
            }
        }
        Ok(())
    }

    /// The phase at `i` starts on day 0 or later, ends no earlier than it starts and has no
    /// negative number of infusions.
    fn check_phase_days(&self, i: usize, p: &Phase) -> Result<(), Diagnostic> {
        let at = |key: &'static str| [Key("phases"), Index(i), Key(key)];
        if p.start_day < 0 {
            return Err(self.at(
                &at("start_day"),
                format!("start_day is {}, before the first infusion", p.start_day),
                "days count from the first infusion, which is day 0",
            ));
        }
        if p.end_day < p.start_day {
            return Err(self.at(
                &at("end_day"),
                format!(
                    "the phase `{}` ends (day {}) before it starts (day {})",
                    p.id, p.end_day, p.start_day
                ),
                "end_day must be the same as or later than start_day",
            ));
        }
        if p.infusions < 0 {
            return Err(self.at(
                &at("infusions"),
                format!(
                    "the number of infusions cannot be negative ({})",
                    p.infusions
                ),
                "use 0 or more",
            ));
        }
        Ok(())
    }

    /// The relief window of the phase at `i` starts on day 0 or later and ends no earlier than
    /// it starts.
    fn check_relief(&self, i: usize, r: &Relief) -> Result<(), Diagnostic> {
        let rat = |key: &'static str| [Key("phases"), Index(i), Key("relief"), Key(key)];
        if r.start_day < 0 {
            return Err(self.at(
                &rat("start_day"),
                "the relief window starts before day 0".into(),
                "days count from the first infusion, which is day 0",
            ));
        }
        if r.end_day < r.start_day {
            return Err(self.at(
                &rat("end_day"),
                format!(
                    "the relief window ends (day {}) before it starts (day {})",
                    r.end_day, r.start_day
                ),
                "end_day must be the same as or later than start_day",
            ));
        }
        Ok(())
    }

    /// The infusion days written for the phase at `i` are one per infusion, all inside it.
    fn check_infusion_days(&self, i: usize, p: &Phase, days: &[i64]) -> Result<(), Diagnostic> {
        let at = |key: &'static str| [Key("phases"), Index(i), Key(key)];
        if days.len() as i64 != p.infusions {
            return Err(self.at(
                &at("infusion_days"),
                format!(
                    "infusion_days lists {} days but infusions is {}",
                    days.len(),
                    p.infusions
                ),
                "list one day per infusion, or remove infusion_days to spread them evenly",
            ));
        }
        if let Some(d) = days.iter().find(|d| **d < p.start_day || **d > p.end_day) {
            return Err(self.at(
                &at("infusion_days"),
                format!(
                    "day {d} is outside the phase (days {} to {})",
                    p.start_day, p.end_day
                ),
                "every infusion day must fall inside its phase",
            ));
        }
        Ok(())
    }

    /// Every infusion-day step has its own valid id and a duration that is a range of 0 or more
    /// minutes.
    fn check_steps(&self, steps: &[DayStep]) -> Result<(), Diagnostic> {
        let mut step_ids: Vec<&str> = Vec::new();
        for (i, s) in steps.iter().enumerate() {
            let at = |key: &'static str| [Key("infusion_day"), Index(i), Key(key)];
            if let Err(why) = validate_slug(&s.id) {
                return Err(self.at(
                    &at("id"),
                    format!("the step id `{}` {why}", s.id),
                    "use lowercase letters, digits and hyphens, e.g. `before`",
                ));
            }
            if step_ids.contains(&s.id.as_str()) {
                return Err(self.at(
                    &at("id"),
                    format!("the step id `{}` is used twice", s.id),
                    "give every step its own id",
                ));
            }
            step_ids.push(&s.id);
            if let Some(m) = [s.minutes_min, s.minutes_max]
                .into_iter()
                .flatten()
                .find(|m| *m < 0)
            {
                return Err(self.at(
                    &at(if s.minutes_min == Some(m) {
                        "minutes_min"
                    } else {
                        "minutes_max"
                    }),
                    format!("{m} minutes is negative"),
                    "use 0 or more",
                ));
            }
            if let (Some(a), Some(b)) = (s.minutes_min, s.minutes_max)
                && b < a
            {
                return Err(self.at(
                    &at("minutes_max"),
                    format!("minutes_max ({b}) is less than minutes_min ({a})"),
                    "minutes_max must be at least minutes_min",
                ));
            }
        }
        Ok(())
    }

    /// The plan's infusion counts are a range holding the default, its weekdays are days of
    /// the week listed once, and the first maintenance window is a range of weeks.
    fn check_plan(&self, plan: &Plan) -> Result<(), Diagnostic> {
        let at = |key: &'static str| [Key("plan"), Key(key)];
        if plan.infusions_min < 1
            || plan.infusions_max > 31
            || plan.infusions_min > plan.infusions_max
        {
            return Err(self.at(
                &at("infusions_min"),
                format!(
                    "infusions_min ({}) and infusions_max ({}) do not make a range",
                    plan.infusions_min, plan.infusions_max
                ),
                "use a range like 6 to 8, with at least 1 and at most 31",
            ));
        }
        if !(plan.infusions_min..=plan.infusions_max).contains(&plan.infusions_default) {
            return Err(self.at(
                &at("infusions_default"),
                format!(
                    "infusions_default ({}) is outside {}–{}",
                    plan.infusions_default, plan.infusions_min, plan.infusions_max
                ),
                "pick a default inside the range",
            ));
        }
        self.check_weekdays(&plan.weekdays)?;
        let (a, b) = (
            plan.first_maintenance_after_weeks_min,
            plan.first_maintenance_after_weeks_max,
        );
        if a < 0 || b < a {
            return Err(self.at(
                &at("first_maintenance_after_weeks_max"),
                format!("the first maintenance window ({a} to {b} weeks) is not a range"),
                "use a range like 3 to 5",
            ));
        }
        Ok(())
    }

    /// The plan lists at least one weekday, each a day of the week (in any case) and each
    /// once.
    fn check_weekdays(&self, weekdays: &[String]) -> Result<(), Diagnostic> {
        let at = [Key("plan"), Key("weekdays")];
        if weekdays.is_empty() {
            return Err(self.at(
                &at,
                "no weekdays are given".into(),
                "list the days infusions are given, e.g. [monday, wednesday, friday]",
            ));
        }
        for (i, d) in weekdays.iter().enumerate() {
            let lower = d.to_lowercase();
            if !WEEKDAYS.contains(&lower.as_str()) {
                return Err(self.at(
                    &at,
                    format!("`{d}` is not a day of the week"),
                    "use monday, tuesday, wednesday, thursday, friday, saturday or sunday",
                ));
            }
            if weekdays.iter().take(i).any(|o| o.to_lowercase() == lower) {
                return Err(self.at(&at, format!("`{d}` is listed twice"), "list each day once"));
            }
        }
        Ok(())
    }
}
