//! Who may use the editor: requests that carry this run's secret token (from the address
//! `serve` prints, then a cookie no script can read and no other site can send) and that come
//! to the preview's own address from the preview's own pages. That defeats requests forged by
//! another site open in the same browser and DNS rebinding (a hostile name pointed at
//! 127.0.0.1 arrives with its own `Host`).

use hyper::header::{COOKIE, HOST, ORIGIN};
use hyper::{HeaderMap, Method};

/// The cookie that carries the token after the first visit.
pub const COOKIE_NAME: &str = "careleaf_edit";

/// This run's token and the addresses the preview answers to.
#[derive(Clone)]
pub struct Access {
    token: String,
    port: u16,
    hosts: Vec<String>,
    /// `http://` and each of `hosts`: what browsers send as `Origin` from the preview's pages.
    origins: Vec<String>,
}

/// Why a request is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not the preview's address (`Host`), or sent from another site (`Origin`).
    WrongSite,
    /// No token, or the wrong one.
    NoToken,
}

impl Access {
    /// A new random token for the preview at `port`.
    pub fn new(port: u16) -> Result<Access, String> {
        let mut bytes = [0u8; 24];
        getrandom::fill(&mut bytes)
            .map_err(|e| format!("no random numbers for the editor's token: {e}"))?;
        Ok(Access::with_token(
            bytes.iter().map(|b| format!("{b:02x}")).collect(),
            port,
        ))
    }

    pub fn with_token(token: String, port: u16) -> Access {
        let hosts = vec![format!("127.0.0.1:{port}"), format!("localhost:{port}")];
        Access {
            token,
            port,
            origins: hosts.iter().map(|h| format!("http://{h}")).collect(),
            hosts,
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    /// The `Set-Cookie` value that keeps the token: sent back only to this preview's editor,
    /// never to scripts, never with requests another site starts.
    pub fn cookie(&self) -> String {
        format!(
            "{COOKIE_NAME}={}; Path=/; HttpOnly; SameSite=Strict",
            self.token
        )
    }

    /// Checks a request: its `Host` is the preview's, its `Origin` (which browsers send with
    /// every write) is the preview's, and it carries the token in the cookie or, for the
    /// first visit, in `query_token`.
    pub fn check(
        &self,
        method: &Method,
        headers: &HeaderMap,
        query_token: Option<&str>,
    ) -> Result<(), Refusal> {
        let host = headers
            .get(HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        if !self.hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
            return Err(Refusal::WrongSite);
        }
        let origin = headers.get(ORIGIN).and_then(|o| o.to_str().ok());
        let own_origin = |o: &str| self.origins.iter().any(|own| o.eq_ignore_ascii_case(own));
        match origin {
            Some(o) if !own_origin(o) => return Err(Refusal::WrongSite),
            None if *method != Method::GET && *method != Method::HEAD => {
                return Err(Refusal::WrongSite);
            }
            _ => {}
        }
        let from_cookie = headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .any(|(name, value)| name == COOKIE_NAME && same(value, &self.token));
        // The token in the address counts only for reading the editor's page, which then
        // sets the cookie: a write must come with the cookie.
        let from_query =
            *method == Method::GET && query_token.is_some_and(|t| same(t, &self.token));
        if from_cookie || from_query {
            Ok(())
        } else {
            Err(Refusal::NoToken)
        }
    }
}

/// Compares two tokens in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::header::HeaderValue;

    fn headers(pairs: &[(hyper::header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.append(name.clone(), HeaderValue::from_str(value).unwrap());
        }
        h
    }

    #[test]
    fn a_write_needs_the_cookie_the_own_host_and_the_own_origin() {
        let access = Access::with_token("s3cret".into(), 1111);
        let good = [
            (HOST, "127.0.0.1:1111"),
            (ORIGIN, "http://127.0.0.1:1111"),
            (COOKIE, "other=1; careleaf_edit=s3cret"),
        ];
        assert_eq!(access.check(&Method::POST, &headers(&good), None), Ok(()));
        // Another site's page posting to the preview: its own Origin.
        let forged = [
            (HOST, "127.0.0.1:1111"),
            (ORIGIN, "https://evil.example"),
            (COOKIE, "careleaf_edit=s3cret"),
        ];
        assert_eq!(
            access.check(&Method::POST, &headers(&forged), None),
            Err(Refusal::WrongSite)
        );
        // DNS rebinding: the browser sends the hostile name as Host.
        let rebound = [
            (HOST, "evil.example:1111"),
            (ORIGIN, "http://evil.example:1111"),
            (COOKIE, "careleaf_edit=s3cret"),
        ];
        assert_eq!(
            access.check(&Method::POST, &headers(&rebound), None),
            Err(Refusal::WrongSite)
        );
        // No Origin on a write, a wrong token, or the token only in the address.
        assert_eq!(
            access.check(
                &Method::POST,
                &headers(&[(HOST, "127.0.0.1:1111"), (COOKIE, "careleaf_edit=s3cret")]),
                None
            ),
            Err(Refusal::WrongSite)
        );
        let wrong = [
            (HOST, "localhost:1111"),
            (ORIGIN, "http://localhost:1111"),
            (COOKIE, "careleaf_edit=guess"),
        ];
        assert_eq!(
            access.check(&Method::POST, &headers(&wrong), None),
            Err(Refusal::NoToken)
        );
        let query_only = [(HOST, "localhost:1111"), (ORIGIN, "http://localhost:1111")];
        assert_eq!(
            access.check(&Method::POST, &headers(&query_only), Some("s3cret")),
            Err(Refusal::NoToken)
        );
        // Reading the editor's page with the token in the address is how it starts.
        assert_eq!(
            access.check(
                &Method::GET,
                &headers(&[(HOST, "localhost:1111")]),
                Some("s3cret")
            ),
            Ok(())
        );
        assert_eq!(
            access.check(&Method::GET, &headers(&[(HOST, "localhost:1111")]), None),
            Err(Refusal::NoToken)
        );
    }

    #[test]
    fn tokens_are_random_and_long() {
        let a = Access::new(1).unwrap();
        let b = Access::new(1).unwrap();
        assert_eq!(a.token().len(), 48);
        assert_ne!(a.token(), b.token());
        assert!(a.cookie().contains("HttpOnly; SameSite=Strict"));
    }
}
