//! The crisis notice: where to get help in a crisis, shown in the same place on every page, and
//! the presets for the countries careleaf knows. A preset's words and links are theme words
//! (`crisis_<code>_…` in `i18n/<language>.yaml`), so each language can say them in its own
//! words and send its readers to the service in their language.

use serde::{Deserialize, Serialize};

/// Where to get help in a crisis, shown in the same place on every page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CrisisConfig {
    pub preset: CrisisPreset,
    pub title: Option<String>,
    pub text: Option<String>,
    pub actions: Option<Vec<CrisisAction>>,
    /// When someone last checked the numbers: they change.
    pub last_reviewed: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CrisisPreset {
    /// For a site that names no country: careleaf cannot know which number is right where the
    /// reader is, so the notice sends them to their local emergency number and a directory of
    /// helplines by country, and `check` asks for the country's own preset.
    #[default]
    Local,
    Us,
    Uk,
    Ca,
    Au,
    Ie,
    Nz,
    Fr,
    De,
    Custom,
    Off,
}

/// A country's crisis notice: its services, as theme words.
#[derive(Debug)]
pub struct CountryPreset {
    /// The code written in `site.yaml` (`preset: uk`) and given to `init --country`.
    pub code: &'static str,
    pub preset: CrisisPreset,
    /// The country's name, for messages.
    pub country: &'static str,
    /// The services and numbers, for messages.
    pub services: &'static str,
    /// Theme words of the links, each with its `_href` word.
    pub actions: &'static [&'static str],
}

// Each preset's numbers were checked against the page named beside it (read 2026-12-02). The
// stored copies of 988lifeline.org, 988.ca, lifeline.org.au and 1737.org.nz could not be read,
// so their numbers come from the public body or government page named instead.
pub const COUNTRIES: &[CountryPreset] = &[
    // https://www.cdcr.ca.gov/ccjbh/2022/07/19/dial-988-to-access-24-hour-emotional-support-and-resources/
    // (State of California: "call or text 988 or chat" at 988lifeline.org), read 2026-12-02.
    CountryPreset {
        code: "us",
        preset: CrisisPreset::Us,
        country: "the United States",
        services: "988 Suicide & Crisis Lifeline: call, text or chat 988; emergency 911",
        actions: &[
            "crisis_us_call",
            "crisis_us_sms",
            "crisis_us_chat",
            "crisis_us_emergency",
        ],
    },
    // https://www.samaritans.org/how-we-can-help/contact-samaritan/ (116 123, free from any
    // phone) and https://www.lpft.nhs.uk/contact-us/need-help-now (NHS 111, mental health
    // option; 999), read 2026-12-02.
    CountryPreset {
        code: "uk",
        preset: CrisisPreset::Uk,
        country: "the United Kingdom",
        services: "emergency 999, NHS 111 option 2, Samaritans 116 123",
        actions: &[
            "crisis_uk_emergency",
            "crisis_uk_nhs",
            "crisis_uk_samaritans",
        ],
    },
    // https://mentalhealthcommission.ca/catalyst/988-launches-in-canada/ (Mental Health
    // Commission of Canada: "call or text 988 at any time"; emergency 9-1-1), read 2026-12-02.
    CountryPreset {
        code: "ca",
        preset: CrisisPreset::Ca,
        country: "Canada",
        services: "9-8-8 Suicide Crisis Helpline: call or text 988; emergency 911",
        actions: &["crisis_ca_call", "crisis_ca_sms", "crisis_ca_emergency"],
    },
    // https://lifeinmind.org.au/news/lifelines-crisis-text-service-now-available-24-7 (Life in
    // Mind, the national suicide prevention portal: call 13 11 14, text 0477 13 11 14) and
    // https://qmhc.qld.gov.au/media-events/news/youcantalk-suicide-prevention-campaign
    // (Queensland Mental Health Commission: 000 if life is in danger), read 2026-12-02.
    CountryPreset {
        code: "au",
        preset: CrisisPreset::Au,
        country: "Australia",
        services: "Lifeline: call 13 11 14, text 0477 13 11 14; emergency 000",
        actions: &["crisis_au_call", "crisis_au_sms", "crisis_au_emergency"],
    },
    // https://www.samaritans.org/how-we-can-help/contact-samaritan/ (116 123, free) and
    // citizensinformation.ie /en/health/health-services/mental-health/mental-health-services/
    // (text 50808 at any time; 999 or 112 for emergency help), read 2026-12-02.
    CountryPreset {
        code: "ie",
        preset: CrisisPreset::Ie,
        country: "Ireland",
        services: "Samaritans 116 123, text 50808; emergency 112 or 999",
        actions: &[
            "crisis_ie_emergency",
            "crisis_ie_samaritans",
            "crisis_ie_sms",
        ],
    },
    // http://www.scoop.co.nz/stories/PA1706/S00527/single-phone-number-to-access-support-services.htm
    // (the Minister of Health's release: "Need to talk? 1737 is free to call or text from any
    // landline or mobile phone, 24 hours a day"); emergency 111, read 2026-12-02.
    CountryPreset {
        code: "nz",
        preset: CrisisPreset::Nz,
        country: "New Zealand",
        services: "Need to talk? call or text 1737; emergency 111",
        actions: &["crisis_nz_call", "crisis_nz_sms", "crisis_nz_emergency"],
    },
    // https://www.mayotte.ars.sante.fr/3114-le-numero-national-de-prevention-du-suicide (Agence
    // régionale de santé: 3114, free, 24h/24 and 7j/7, from mainland France and overseas) and
    // service-public.fr's question F33954, as copied on talmas.fr (the Prime Minister's legal
    // information office: 112 in every case; with montpellier-infos.fr's copy of its list, 15
    // for the SAMU), read 2026-12-06.
    CountryPreset {
        code: "fr",
        preset: CrisisPreset::Fr,
        country: "France",
        services: "3114, the national suicide prevention line; emergency 15 (SAMU) or 112",
        actions: &["crisis_fr_call", "crisis_fr_samu", "crisis_fr_emergency"],
    },
    // https://www.domradio.de/glossar/telefonseelsorge-0 (0800/1110111 and 0800/1110222, free
    // and anonymous around the clock) and https://sr.de (Saarländischer Rundfunk, 2024: 0800 111 0
    // 111, free, over 100 centres); emergency 112 (infranken.de's list of emergency numbers),
    // read 2026-12-06.
    CountryPreset {
        code: "de",
        preset: CrisisPreset::De,
        country: "Germany",
        services: "TelefonSeelsorge: call 0800 111 0 111 or 0800 111 0 222; emergency 112",
        actions: &["crisis_de_call", "crisis_de_call2", "crisis_de_emergency"],
    },
];

/// The notice of a site that names no country (`preset: local`, and a site.yaml without
/// `crisis:`). https://findahelpline.com is ThroughLine's directory of free helplines by
/// country ("In Australia, there are 25 helplines…" on its page for AU), read 2026-12-06.
pub const NO_COUNTRY: CountryPreset = CountryPreset {
    code: "local",
    preset: CrisisPreset::Local,
    country: "no country in particular",
    services: "the reader's local emergency number, and findahelpline.com to find a helpline",
    actions: &["crisis_local_find"],
};

/// The codes of the countries careleaf has a preset for (`us`, `uk`…), for messages.
pub fn country_codes() -> Vec<&'static str> {
    COUNTRIES.iter().map(|c| c.code).collect()
}

impl CrisisPreset {
    /// The country preset for a code (`uk`), if careleaf has one.
    pub fn for_country(code: &str) -> Option<&'static CountryPreset> {
        COUNTRIES.iter().find(|c| c.code == code)
    }

    /// The country this preset is for ([`NO_COUNTRY`] for `local`); None for `custom` and
    /// `off`, whose words are the site's own.
    pub fn country(self) -> Option<&'static CountryPreset> {
        std::iter::once(&NO_COUNTRY)
            .chain(COUNTRIES)
            .find(|c| c.preset == self)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CrisisAction {
    pub label: String,
    pub href: String,
}

/// The crisis notice as templates get it (`site.crisis`).
#[derive(Debug, Clone, Serialize)]
pub struct CrisisView {
    pub title: String,
    pub text: String,
    pub actions: Vec<CrisisAction>,
    pub last_reviewed: Option<String>,
}

impl CrisisConfig {
    /// The notice to show, or None when turned off.
    pub fn view(&self, t: &crate::i18n::Strings) -> Option<CrisisView> {
        if self.preset == CrisisPreset::Off {
            return None;
        }
        // A preset action is a theme word and its `_href` word: each language can point its
        // readers to the service in their language (988's Spanish line takes texts of AYUDA).
        let (text, actions) = match self.preset.country() {
            Some(country) => (
                t.get(&format!("crisis_{}_text", country.code)).to_string(),
                country
                    .actions
                    .iter()
                    .map(|key| CrisisAction {
                        label: t.get(key).to_string(),
                        href: t.get(&format!("{key}_href")).to_string(),
                    })
                    .collect(),
            ),
            None => (String::new(), Vec::new()),
        };
        Some(CrisisView {
            title: self
                .title
                .clone()
                .unwrap_or_else(|| t.get("crisis_title").into()),
            text: self.text.clone().unwrap_or(text),
            actions: self.actions.clone().unwrap_or(actions),
            last_reviewed: self.last_reviewed.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_country_preset_is_found_by_its_code_and_its_preset() {
        for c in COUNTRIES {
            assert_eq!(CrisisPreset::for_country(c.code).unwrap().preset, c.preset);
            assert_eq!(c.preset.country().unwrap().code, c.code);
        }
        assert!(CrisisPreset::Custom.country().is_none());
        assert_eq!(CrisisPreset::default(), CrisisPreset::Local);
        assert_eq!(CrisisPreset::Local.country().unwrap().code, "local");
        assert!(
            CrisisPreset::for_country("local").is_none(),
            "not a country"
        );
        assert!(CrisisPreset::for_country("xx").is_none());
    }
}
