//! `check --external`: do links to other websites still work? Off by default: it needs the
//! network and depends on other people's servers. Each address is asked once, a few at a time,
//! with a time limit.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use rayon::prelude::*;

use super::{Rule, Severity, finding};
use crate::diagnostic::Diagnostic;
use crate::edition::Edition;

const TIMEOUT: Duration = Duration::from_secs(10);

pub fn check(edition: &Edition, out: &mut Vec<Diagnostic>) {
    // Where each address is first used, so the finding points at a real link.
    let mut first_use: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (i, r) in edition.rendered().iter().enumerate() {
        for (url, offset) in &r.detail.external_links {
            first_use.entry(url.as_str()).or_insert((i, *offset));
        }
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .user_agent(concat!(
            "careleaf/",
            env!("CARGO_PKG_VERSION"),
            " link checker"
        ))
        .build()
        .into();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(8).build();
    let ask = |url: &str| -> Option<String> {
        let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| {
            r.map(|r| r.status().as_u16())
        };
        // Some servers refuse HEAD: ask again with GET before calling a link broken.
        let answer = match status(agent.head(url).call()) {
            Ok(s) if s == 405 || s == 403 || s == 501 => status(agent.get(url).call()),
            other => other,
        };
        match answer {
            Ok(s) if s < 400 => None,
            Ok(s) => Some(format!("answered with status {s}")),
            Err(e) => Some(format!("could not be reached ({e})")),
        }
    };
    let urls: Vec<(&str, (usize, usize))> = first_use.into_iter().collect();
    let results: Vec<Option<String>> = match pool {
        Ok(pool) => pool.install(|| urls.par_iter().map(|(url, _)| ask(url)).collect()),
        Err(_) => urls.iter().map(|(url, _)| ask(url)).collect(),
    };
    for ((url, (i, offset)), problem) in urls.iter().zip(results) {
        if let Some(problem) = problem {
            // Cannot fail: `i` enumerates `rendered`, which has one entry per page.
            let page = &edition.content().pages[*i];
            let file: PathBuf = page.file.clone();
            out.push(finding(
                Rule::ExternalLink,
                Severity::Warning,
                &file,
                &page.text,
                *offset,
                format!("the link {url} {problem}"),
                "open it in a browser: update the address, link to another source, or remove the link",
            ));
        }
    }
}
