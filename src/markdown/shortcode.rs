//! Shortcodes: a paragraph that is exactly `{{< name key="value" … >}}` is replaced by the HTML
//! of a template. They are recognised on the paragraph's source text, before smart punctuation
//! turns its quotes into curly ones, and replace the paragraph's events: nothing is spliced into
//! the HTML afterwards, so no placeholder can leak.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortcodeCall {
    pub name: String,
    pub args: Vec<(String, String)>,
}

impl ShortcodeCall {
    pub fn arg(&self, key: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct ShortcodeError {
    pub message: String,
    pub hint: String,
}

/// Renders one shortcode to HTML.
pub type ShortcodeFn<'a> = dyn Fn(&ShortcodeCall) -> Result<String, ShortcodeError> + Sync + 'a;

/// `Ok(None)` when `src` is not a shortcode; `Err` when it starts like one but is malformed.
pub fn parse(src: &str) -> Result<Option<ShortcodeCall>, String> {
    let src = src.trim();
    let Some(inner) = src.strip_prefix("{{<") else {
        return Ok(None);
    };
    let Some(inner) = inner.strip_suffix(">}}") else {
        return Err("a shortcode must end with `>}}` on the same paragraph".into());
    };
    let mut rest = inner.trim_start();
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    if name_len == 0 {
        return Err("the shortcode has no name".into());
    }
    // Cannot fail (all cuts in this function): each is at an offset `find` returned in that
    // same string or at its end, or just past an ASCII quote it starts with or `find` met.
    let name = rest[..name_len].to_string();
    rest = &rest[name_len..];
    let mut args = Vec::new();
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let key_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        if key_len == 0 {
            return Err(format!(
                "unexpected `{}` in the shortcode",
                rest.chars().next().unwrap_or(' ')
            ));
        }
        let key = rest[..key_len].to_string();
        rest = rest[key_len..].trim_start();
        let Some(after_eq) = rest.strip_prefix('=') else {
            return Err(format!(
                "the argument `{key}` has no value: write {key}=\"…\""
            ));
        };
        rest = after_eq.trim_start();
        let value;
        if let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let body = &rest[1..];
            let Some(end) = body.find(quote) else {
                return Err(format!("the value of `{key}` has no closing quote"));
            };
            value = body[..end].to_string();
            rest = &body[end + 1..];
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            value = rest[..end].to_string();
            rest = &rest[end..];
        }
        if args.iter().any(|(k, _)| *k == key) {
            return Err(format!("the argument `{key}` is given twice"));
        }
        args.push((key, value));
    }
    Ok(Some(ShortcodeCall { name, args }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_arguments() {
        let call = parse("{{< timeline phase=\"induction\" limit=3 note='a b' >}}")
            .unwrap()
            .unwrap();
        assert_eq!(call.name, "timeline");
        assert_eq!(call.arg("phase"), Some("induction"));
        assert_eq!(call.arg("limit"), Some("3"));
        assert_eq!(call.arg("note"), Some("a b"));
        assert_eq!(parse("{{< faq >}}").unwrap().unwrap().args, vec![]);
    }

    #[test]
    fn ordinary_text_is_not_a_shortcode() {
        assert_eq!(parse("Just {{< text."), Ok(None));
        assert_eq!(parse("Hello"), Ok(None));
    }

    #[test]
    fn malformed_shortcodes_are_errors() {
        assert!(parse("{{< timeline phase=\"x >}}").is_err());
        assert!(parse("{{< timeline phase >}}").is_err());
        assert!(parse("{{< >}}").is_err());
        assert!(parse("{{< a x=1 x=2 >}}").is_err());
        assert!(parse("{{< timeline").is_err());
    }
}
