//! `claims:` in `site.yaml`: which packs of claim checks `careleaf check` runs, and the site's
//! own claims. Two forms are accepted:
//!
//! - a map, `claims: { packs: [ketamine], rules: [...] }`: the general health pack (always on)
//!   and the named topic packs, with the site's own rules added;
//! - a list of rules, as before packs existed: the site's rules replace every pack.

use std::fmt;

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// A set of claim checks about one subject. The general pack is on for every site; the others
/// are about one treatment and are switched on by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimPack {
    /// Promises no health page should make: cures, guarantees, miracles, "no side effects",
    /// proof without a source.
    General,
    /// Ketamine infusion therapy: its FDA approval, its side effects, misuse.
    Ketamine,
}

impl ClaimPack {
    pub const ALL: &[ClaimPack] = &[ClaimPack::General, ClaimPack::Ketamine];

    pub fn as_str(self) -> &'static str {
        match self {
            ClaimPack::General => "general",
            ClaimPack::Ketamine => "ketamine",
        }
    }
}

/// The claim checks a site asked for.
#[derive(Debug, Clone, Default)]
pub struct ClaimsConfig {
    /// Topic packs switched on; the general pack is on whatever this says.
    pub packs: Vec<ClaimPack>,
    /// The site's own claims.
    pub rules: Vec<ClaimRule>,
    /// `claims:` was written as a bare list: the site's rules replace every pack.
    pub rules_replace_packs: bool,
}

impl ClaimsConfig {
    /// Every pack that runs, the general one first; none when the site's rules replace them.
    pub fn active_packs(&self) -> Vec<ClaimPack> {
        if self.rules_replace_packs {
            return Vec::new();
        }
        let mut packs = vec![ClaimPack::General];
        for pack in &self.packs {
            if !packs.contains(pack) {
                packs.push(*pack);
            }
        }
        packs
    }
}

/// A claim patient-education reviewers flag, with the reason and an honest alternative.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimRule {
    /// Words to look for (case-insensitive, whole words).
    pub phrase: String,
    /// Only flag it in a sentence that also has one of these words (empty: always).
    #[serde(default)]
    pub near: Vec<String>,
    /// Do not flag it in a sentence that has one of these words.
    #[serde(default)]
    pub unless: Vec<String>,
    /// Do not flag it in a paragraph that cites a reference (a claim of proof with its proof).
    #[serde(default)]
    pub unless_referenced: bool,
    pub reason: String,
    pub suggestion: String,
}

/// The map form of `claims:`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimsMap {
    #[serde(default)]
    packs: Vec<ClaimPack>,
    #[serde(default)]
    rules: Vec<ClaimRule>,
}

impl<'de> Deserialize<'de> for ClaimsConfig {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ClaimsVisitor)
    }
}

/// Reads either form, handing the inner values back to the YAML parser so that a mistake
/// inside them keeps its line and column.
struct ClaimsVisitor;

impl<'de> Visitor<'de> for ClaimsVisitor {
    type Value = ClaimsConfig;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map like {packs: [ketamine]} or a list of claims")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ClaimsConfig, A::Error> {
        let m = ClaimsMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(ClaimsConfig {
            packs: m.packs,
            rules: m.rules,
            rules_replace_packs: false,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<ClaimsConfig, A::Error> {
        let rules = Vec::<ClaimRule>::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(ClaimsConfig {
            packs: Vec::new(),
            rules,
            rules_replace_packs: true,
        })
    }

    // `claims:` with nothing after it: the defaults.
    fn visit_unit<E: de::Error>(self) -> Result<ClaimsConfig, E> {
        Ok(ClaimsConfig::default())
    }
}
