//! careleaf's integration tests, one binary (as mdBook does): each module drives the real
//! `careleaf` binary on the fixture sites in `tests/fixtures/` or on the bundled site.
//!
//! Run one module with `cargo test --test testsuite -- <module>::`, e.g. `-- snapshots::`.

mod common;

mod architecture;
mod browser;
mod build;
mod build_cache;
mod bundled_site;
mod check;
mod command_line;
mod countries_and_topics;
mod editor;
mod editor_browser;
mod embeds;
mod errors;
mod faq_timeline;
mod faults;
mod feeds;
mod handout;
mod html_reading;
mod images;
mod import;
mod interactive;
mod languages;
mod long_lists;
mod markdown_cache;
mod other_generators;
mod patient_safety;
mod read_cache;
mod readability;
mod serve;
mod snapshots;
mod topics;
mod xss;
