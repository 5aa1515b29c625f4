//! Where rendered pages go: the staging folder of a build, or a plain function (`serve`, tests).
//! A keyed sink is asked first whether it already holds a page made from the same key, so a
//! build renders only what changed: the edition's pages and the features' own pages alike.

use crate::build_cache::Key;
use crate::diagnostic::Diagnostic;

/// Where rendered pages go.
pub trait PageSink: Sync {
    /// Whether to compute each page's key and offer it to [`PageSink::reuse`].
    fn keyed(&self) -> bool {
        false
    }

    /// Whether the page for `path` made from `key` is in place already, so that it need not
    /// be rendered.
    fn reuse(&self, _path: &str, _key: Key) -> bool {
        false
    }

    /// Takes page `path`'s HTML, made from `key` (zero when not keyed).
    fn write(&self, path: &str, key: Key, html: &[u8]) -> Result<(), Diagnostic>;
}

/// A plain function of the output path and the HTML is a sink that renders every page.
impl<W> PageSink for W
where
    W: Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync,
{
    fn write(&self, path: &str, _key: Key, html: &[u8]) -> Result<(), Diagnostic> {
        self(path, html)
    }
}
