//! Fields `careleaf import` guessed from the text (a description from the first paragraph, a
//! title from the file name) are listed in the page's `unconfirmed:`: each is a warning at the
//! field until an editor has read it and deleted the list.

use super::{Rule, Severity, located};
use crate::diagnostic::Diagnostic;
use crate::edition::Edition;

pub fn check(edition: &Edition, scope: super::Scope, out: &mut Vec<Diagnostic>) {
    let pages = edition.content().pages.iter().enumerate();
    for (_, page) in pages.filter(|(i, _)| scope.has(*i)) {
        for field in &page.front.unconfirmed {
            let message = match field.as_str() {
                "description" => "the description was written by `careleaf import` from the first paragraph: read it, change it if needed, then delete `unconfirmed`".to_string(),
                "title" => "the title was written by `careleaf import` from the file name: read it, change it if needed, then delete `unconfirmed`".to_string(),
                other => format!("`{other}` was written by `careleaf import`: read it, change it if needed, then delete `unconfirmed`"),
            };
            let hint = format!(
                "when `{field}` says what the page is about in plain words, remove `{field}` from `unconfirmed:` (or the whole line)"
            );
            out.push(located(
                Rule::Unconfirmed,
                Severity::Warning,
                page.key_error(field, message),
                &hint,
            ));
        }
    }
}
