//! The rules diagnostics are reported by: what `check_ignore` names and the JSON output's
//! `id`.

use serde::Serialize;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// What stops a build.
    Build,
    /// What the build warns about (an unused footnote, a skipped file).
    BuildWarning,
    ReviewMissing,
    PlaceholderReviewer,
    PlaceholderText,
    ReviewOverdue,
    CrisisMissing,
    DisclaimerMissing,
    CrisisOverdue,
    CrisisUnreviewed,
    /// A crisis notice that names no service (`preset: local`, or no `crisis:` at all).
    CrisisGeneric,
    ReadingGrade,
    I18nMissing,
    UnsupportedFigure,
    Claim,
    DescriptionLength,
    ExternalLink,
    OrphanPage,
    /// No `base_url`: printed handouts go without the QR code that leads back to the page.
    HandoutNoQr,
    /// No `navigation:`, and more pages at the top than the menu made for it shows.
    MenuLong,
    /// Alt text that says nothing of the picture (a file name, "image of").
    ImageAlt,
    /// A picture still heavy at its smallest size.
    ImageWeight,
    /// A picture that cannot be decoded, published as it is.
    ImageUnreadable,
    /// A field `careleaf import` guessed, waiting for an editor to confirm it.
    Unconfirmed,
}

impl Rule {
    pub const ALL: &[Rule] = &[
        Rule::Build,
        Rule::BuildWarning,
        Rule::ReviewMissing,
        Rule::PlaceholderReviewer,
        Rule::PlaceholderText,
        Rule::ReviewOverdue,
        Rule::CrisisMissing,
        Rule::DisclaimerMissing,
        Rule::CrisisOverdue,
        Rule::CrisisUnreviewed,
        Rule::CrisisGeneric,
        Rule::ReadingGrade,
        Rule::I18nMissing,
        Rule::UnsupportedFigure,
        Rule::Claim,
        Rule::DescriptionLength,
        Rule::ExternalLink,
        Rule::OrphanPage,
        Rule::HandoutNoQr,
        Rule::MenuLong,
        Rule::ImageAlt,
        Rule::ImageWeight,
        Rule::ImageUnreadable,
        Rule::Unconfirmed,
    ];

    /// The rule's id, as written in `check_ignore` and shown in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Build => "build",
            Rule::BuildWarning => "build-warning",
            Rule::ReviewMissing => "review-missing",
            Rule::PlaceholderReviewer => "placeholder-reviewer",
            Rule::PlaceholderText => "placeholder-text",
            Rule::ReviewOverdue => "review-overdue",
            Rule::CrisisMissing => "crisis-missing",
            Rule::DisclaimerMissing => "disclaimer-missing",
            Rule::CrisisOverdue => "crisis-overdue",
            Rule::CrisisUnreviewed => "crisis-unreviewed",
            Rule::CrisisGeneric => "crisis-generic",
            Rule::ReadingGrade => "reading-grade",
            Rule::I18nMissing => "i18n-missing",
            Rule::UnsupportedFigure => "unsupported-figure",
            Rule::Claim => "claim",
            Rule::DescriptionLength => "description-length",
            Rule::ExternalLink => "external-link",
            Rule::OrphanPage => "orphan-page",
            Rule::HandoutNoQr => "handout-no-qr",
            Rule::MenuLong => "menu-long",
            Rule::ImageAlt => "image-alt",
            Rule::ImageWeight => "image-weight",
            Rule::ImageUnreadable => "image-unreadable",
            Rule::Unconfirmed => "unconfirmed",
        }
    }

    /// The rule with this id.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.as_str() == id)
    }

    /// The rule id closest to a mistyped one, for a "did you mean" hint.
    pub fn closest(id: &str) -> Option<Rule> {
        Rule::ALL
            .iter()
            .copied()
            .map(|r| (strsim::jaro_winkler(id, r.as_str()), r))
            .filter(|(score, _)| *score > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, r)| r)
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_reads_back_from_its_id_and_serializes_as_it() {
        for &rule in Rule::ALL {
            assert_eq!(Rule::from_id(rule.as_str()), Some(rule));
            assert_eq!(serde_json::to_value(rule).unwrap(), rule.as_str());
        }
        assert_eq!(Rule::from_id("no-such-rule"), None);
        assert_eq!(Rule::closest("reading-grades"), Some(Rule::ReadingGrade));
        assert_eq!(Rule::closest("zzz"), None);
    }
}
