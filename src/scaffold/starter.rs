//! The words of a new site, in the language `init` starts it in: its title, its clinic's name
//! and two sample pages, so that an editor of a French site starts from French pages.

/// What a new site says before its editors write anything.
pub struct StarterText {
    pub language: &'static str,
    pub site_title: &'static str,
    pub site_description: &'static str,
    pub clinic: &'static str,
    pub home: &'static str,
    /// The sample page's file name in `content/` (its address) and its text.
    pub first_page: (&'static str, &'static str),
}

/// One per language of `super::LANGUAGES`, in the same order.
pub const STARTERS: &[StarterText] = &[
    StarterText {
        language: "en",
        site_title: "Our clinic",
        site_description: "Clear, reviewed information for our patients.",
        clinic: "Our clinic",
        home: "---
title: Welcome
description: Clear, reviewed information about your treatment, written for patients and families.
---

This site explains your treatment in plain words. Start with
[your first visit](first-visit.md).
",
        first_page: (
            "first-visit.md",
            "---
title: Your first visit
description: What happens at your first visit, what to bring, and who you will meet.
weight: 10
---

## What to bring

- A list of all the medicines you take
- Your health insurance card, if you have one

## Who you will meet

Our care team will talk with you about your health and your goals.[^1]

[^1]: Replace this with the source of your information.
",
        ),
    },
    StarterText {
        language: "es",
        site_title: "Nuestra clínica",
        site_description: "Información clara y revisada para nuestros pacientes.",
        clinic: "Nuestra clínica",
        home: "---
title: Bienvenido
description: Información clara y revisada sobre su tratamiento, escrita para pacientes y familias.
---

Este sitio explica su tratamiento con palabras sencillas. Empiece por
[su primera visita](primera-visita.md).
",
        first_page: (
            "primera-visita.md",
            "---
title: Su primera visita
description: Qué pasa en su primera visita, qué debe traer y a quién va a conocer.
weight: 10
---

## Qué debe traer

- Una lista de todos los medicamentos que toma
- Su tarjeta del seguro médico, si tiene una

## A quién va a conocer

Nuestro equipo de atención hablará con usted sobre su salud y sus metas.[^1]

[^1]: Cambie esto por la fuente de su información.
",
        ),
    },
    StarterText {
        language: "fr",
        site_title: "Notre clinique",
        site_description: "Des informations claires et relues pour nos patients.",
        clinic: "Notre clinique",
        home: "---
title: Bienvenue
description: Des informations claires et relues sur votre traitement, écrites pour les patients et leurs proches.
---

Ce site explique votre traitement avec des mots simples. Commencez par
[votre première visite](premiere-visite.md).
",
        first_page: (
            "premiere-visite.md",
            "---
title: Votre première visite
description: Ce qui se passe à votre première visite, ce qu'il faut apporter et qui vous allez rencontrer.
weight: 10
---

## Ce qu'il faut apporter

- La liste de tous les médicaments que vous prenez
- Votre carte d'assurance maladie, si vous en avez une

## Qui vous allez rencontrer

Notre équipe soignante parlera avec vous de votre santé et de vos objectifs.[^1]

[^1]: Remplacez ceci par la source de votre information.
",
        ),
    },
    StarterText {
        language: "de",
        site_title: "Unsere Praxis",
        site_description: "Klare, geprüfte Informationen für unsere Patientinnen und Patienten.",
        clinic: "Unsere Praxis",
        home: "---
title: Willkommen
description: Klare, geprüfte Informationen zu Ihrer Behandlung, für Patienten und Angehörige.
---

Diese Website erklärt Ihre Behandlung in einfachen Worten. Beginnen Sie mit
[Ihrem ersten Besuch](erster-besuch.md).
",
        first_page: (
            "erster-besuch.md",
            "---
title: Ihr erster Besuch
description: Was bei Ihrem ersten Besuch passiert, was Sie mitbringen und wen Sie treffen.
weight: 10
---

## Was Sie mitbringen

- Eine Liste aller Medikamente, die Sie nehmen
- Ihre Krankenversicherungskarte, falls Sie eine haben

## Wen Sie treffen

Unser Behandlungsteam spricht mit Ihnen über Ihre Gesundheit und Ihre Ziele.[^1]

[^1]: Ersetzen Sie dies durch die Quelle Ihrer Information.
",
        ),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_init_offers_has_its_starter_text_whose_home_links_its_sample_page() {
        let codes: Vec<&str> = STARTERS.iter().map(|s| s.language).collect();
        let offered: Vec<&str> = super::super::LANGUAGES.iter().map(|(c, _)| *c).collect();
        assert_eq!(codes, offered);
        for s in STARTERS {
            assert!(
                s.home.contains(&format!("]({})", s.first_page.0)),
                "{}",
                s.language
            );
        }
    }
}
