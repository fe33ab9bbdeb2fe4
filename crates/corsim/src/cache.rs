//! The CORS-preflight cache, on the scenario's clock.
//!
//! The cache never reads a clock: every operation takes `now`, in seconds
//! since the scenario started.

use crate::browser::{CacheModel, ItemRules};
use crate::header::is_cors_non_wildcard_request_header_name;
use crate::method::is_cors_safelisted_method;
use crate::verdict::CacheStatus;

/// What a request needs from the cache.
#[derive(Debug, Clone, Copy)]
pub struct CacheQuery<'a> {
    /// The cache key's origin (serialized).
    pub origin: &'a str,
    /// The cache key's URL (serialized).
    pub url: &'a str,
    /// True when the request's credentials mode is `include`.
    pub credentials: bool,
    /// The request's method.
    pub method: &'a str,
    /// True when the use-CORS-preflight flag is set.
    pub use_cors_preflight: bool,
    /// The CORS-unsafe request-header names.
    pub unsafe_names: &'a [String],
}

/// What a successful preflight allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct PreflightGrant {
    /// `Access-Control-Allow-Methods` (after the use-CORS-preflight rule).
    pub methods: Vec<String>,
    /// `Access-Control-Allow-Headers`, as sent.
    pub headers: Vec<String>,
    /// Lifetime in seconds, after the browser's default and cap.
    pub max_age: u64,
}

/// One cache entry.
///
/// <https://fetch.spec.whatwg.org/#cache-entry>
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    origin: String,
    url: String,
    credentials: bool,
    /// When the entry stops being usable (scenario seconds).
    expires: f64,
    /// `PerItem`: the one method or header name; `PerUrl`: everything granted.
    methods: Vec<String>,
    headers: Vec<String>,
}

impl Entry {
    fn same_key(&self, q: &CacheQuery<'_>) -> bool {
        self.origin == q.origin && self.url == q.url
    }

    /// "entry's credentials is true, or entry's credentials is false and
    /// request's credentials mode is not include" (or, with credentials in
    /// the key, an exact match).
    fn serves_credentials(&self, q: &CacheQuery<'_>, rules: ItemRules) -> bool {
        if rules.credentialed_serves_all {
            self.credentials || !q.credentials
        } else {
            self.credentials == q.credentials
        }
    }

    fn live(&self, now: f64) -> bool {
        now < self.expires
    }
}

/// The user agent's CORS-preflight cache.
///
/// <https://fetch.spec.whatwg.org/#concept-cache>
#[derive(Debug, Clone)]
pub struct PreflightCache {
    model: CacheModel,
    entries: Vec<Entry>,
}

/// The answer to a cache lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// Live entries cover the request: no preflight.
    Hit,
    /// A preflight is needed, for this reason.
    Preflight(CacheStatus),
}

impl PreflightCache {
    /// An empty cache that follows `model`.
    #[must_use]
    pub fn new(model: CacheModel) -> Self {
        Self {
            model,
            entries: Vec::new(),
        }
    }

    /// An empty cache that works as `browser`'s does.
    #[must_use]
    pub fn for_browser(browser: crate::Browser) -> Self {
        Self::new(browser.quirks().cache)
    }

    /// Does the cache let this request skip its preflight at time `now`?
    ///
    /// <https://fetch.spec.whatwg.org/#concept-http-fetch>
    pub fn lookup(&mut self, q: &CacheQuery<'_>, now: f64) -> Lookup {
        match self.model {
            CacheModel::PerItem(rules) => self.lookup_per_item(q, now, rules),
            CacheModel::PerUrl => self.lookup_per_url(q, now),
        }
    }

    fn lookup_per_item(&self, q: &CacheQuery<'_>, now: f64, rules: ItemRules) -> Lookup {
        // "There is a cache entry match ... entry's credentials is true, or
        // entry's credentials is false and request's credentials mode is not
        // include."
        let matching = |e: &&Entry| e.same_key(q) && e.serves_credentials(q, rules);
        let star = |token: &String| rules.wildcard_on_lookup && token == "*";
        let live: Vec<&Entry> = self
            .entries
            .iter()
            .filter(matching)
            .filter(|e| e.live(now))
            .collect();
        // Step: there is no method cache entry match for request's method, and
        // either the method is not CORS-safelisted or use-CORS-preflight is set.
        let method_match = live
            .iter()
            .any(|e| e.methods.iter().any(|m| m == q.method || star(m)));
        let exempt =
            is_cors_safelisted_method(q.method) && !(rules.head_needs_entry && q.method == "HEAD");
        let method_needed = !method_match && (!exempt || q.use_cors_preflight);
        // Step: some unsafe name has no header-name cache entry match.
        let header_needed = q.unsafe_names.iter().any(|name| {
            !live.iter().any(|e| {
                e.headers.iter().any(|h| {
                    h.eq_ignore_ascii_case(name)
                        || (star(h) && !is_cors_non_wildcard_request_header_name(name))
                })
            })
        });
        if !method_needed && !header_needed {
            return Lookup::Hit;
        }
        let any = self.entries.iter().filter(matching).count() > 0;
        Lookup::Preflight(if !any {
            CacheStatus::Miss
        } else if live.is_empty() {
            CacheStatus::Stale
        } else {
            CacheStatus::Insufficient
        })
    }

    fn lookup_per_url(&mut self, q: &CacheQuery<'_>, now: f64) -> Lookup {
        // Chromium preflight_cache.cc CheckIfRequestCanSkipPreflight: one entry
        // per (initiator origin, URL); a stale or insufficient entry is erased.
        let Some(index) = self.entries.iter().position(|e| e.same_key(q)) else {
            return Lookup::Preflight(CacheStatus::Miss);
        };
        let entry = &self.entries[index];
        if !entry.live(now) {
            self.entries.remove(index);
            return Lookup::Preflight(CacheStatus::Stale);
        }
        if allows(entry, q) {
            Lookup::Hit
        } else {
            self.entries.remove(index);
            Lookup::Preflight(CacheStatus::Insufficient)
        }
    }

    /// Stores what a successful preflight allowed, at time `now`.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-cache-create-entry>
    pub fn store(&mut self, q: &CacheQuery<'_>, grant: &PreflightGrant, now: f64) {
        let expires = now + grant.max_age as f64;
        let entry = |methods: Vec<String>, headers: Vec<String>| Entry {
            origin: q.origin.to_owned(),
            url: q.url.to_owned(),
            credentials: q.credentials,
            expires,
            methods,
            headers,
        };
        match self.model {
            CacheModel::PerItem(rules) => {
                // For each method (header name) with a match, update its
                // max-age; otherwise create a new entry.
                let key_matches =
                    |e: &Entry| e.same_key(q) && e.serves_credentials(q, rules) && e.live(now);
                for method in &grant.methods {
                    if let Some(e) = self
                        .entries
                        .iter_mut()
                        .find(|e| key_matches(e) && e.methods.first() == Some(method))
                    {
                        e.expires = expires;
                    } else {
                        self.entries.push(entry(vec![method.clone()], Vec::new()));
                    }
                }
                for name in &grant.headers {
                    if let Some(e) = self.entries.iter_mut().find(|e| {
                        key_matches(e)
                            && e.headers
                                .first()
                                .is_some_and(|h| h.eq_ignore_ascii_case(name))
                    }) {
                        e.expires = expires;
                    } else {
                        self.entries.push(entry(Vec::new(), vec![name.clone()]));
                    }
                }
            }
            CacheModel::PerUrl => {
                self.entries.retain(|e| !e.same_key(q));
                self.entries.push(entry(
                    grant.methods.clone(),
                    grant
                        .headers
                        .iter()
                        .map(|h| h.to_ascii_lowercase())
                        .collect(),
                ));
            }
        }
    }

    /// Removes the entries for this origin and URL (after a failed
    /// CORS-with-preflight fetch).
    ///
    /// <https://fetch.spec.whatwg.org/#concept-cache-clear>
    pub fn clear(&mut self, origin: &str, url: &str) {
        if matches!(self.model, CacheModel::PerItem(_)) {
            self.entries
                .retain(|e| !(e.origin == origin && e.url == url));
        }
    }
}

/// Chromium `PreflightResult::EnsureAllowedRequest`.
fn allows(entry: &Entry, q: &CacheQuery<'_>) -> bool {
    if !entry.credentials && q.credentials {
        return false;
    }
    let wildcard_ok = !entry.credentials;
    // Safelisted methods are always allowed, even for a forced preflight.
    let method_ok = entry.methods.iter().any(|m| m == q.method)
        || is_cors_safelisted_method(q.method)
        || (wildcard_ok && entry.methods.iter().any(|m| m == "*"));
    if !method_ok {
        return false;
    }
    let has_wildcard = wildcard_ok && entry.headers.iter().any(|h| h == "*");
    q.unsafe_names.iter().all(|name| {
        entry.headers.iter().any(|h| h.eq_ignore_ascii_case(name))
            || (has_wildcard && !is_cors_non_wildcard_request_header_name(name))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q<'a>(method: &'a str, names: &'a [String], creds: bool) -> CacheQuery<'a> {
        CacheQuery {
            origin: "https://app.example",
            url: "https://api.example/x",
            credentials: creds,
            method,
            use_cors_preflight: false,
            unsafe_names: names,
        }
    }

    fn grant(methods: &[&str], headers: &[&str], max_age: u64) -> PreflightGrant {
        PreflightGrant {
            methods: methods.iter().map(|s| (*s).to_owned()).collect(),
            headers: headers.iter().map(|s| (*s).to_owned()).collect(),
            max_age,
        }
    }

    #[test]
    fn per_item_hit_stale_and_insufficient() {
        let mut c = PreflightCache::new(crate::browser::SPEC.cache);
        let none: Vec<String> = vec![];
        assert_eq!(
            c.lookup(&q("PUT", &none, false), 0.0),
            Lookup::Preflight(CacheStatus::Miss)
        );
        c.store(&q("PUT", &none, false), &grant(&["PUT"], &[], 10), 0.0);
        assert_eq!(c.lookup(&q("PUT", &none, false), 9.9), Lookup::Hit);
        assert_eq!(
            c.lookup(&q("DELETE", &none, false), 9.9),
            Lookup::Preflight(CacheStatus::Insufficient)
        );
        assert_eq!(
            c.lookup(&q("PUT", &none, false), 10.0),
            Lookup::Preflight(CacheStatus::Stale)
        );
        // An uncredentialed entry does not serve a credentialed request.
        assert_eq!(
            c.lookup(&q("PUT", &none, true), 1.0),
            Lookup::Preflight(CacheStatus::Miss)
        );
    }

    #[test]
    fn per_url_replaces_and_erases() {
        let mut c = PreflightCache::new(CacheModel::PerUrl);
        let x = vec!["x-a".to_owned()];
        c.store(&q("PUT", &x, false), &grant(&["PUT"], &["X-A"], 600), 0.0);
        assert_eq!(c.lookup(&q("PUT", &x, false), 1.0), Lookup::Hit);
        assert_eq!(
            c.lookup(&q("PUT", &x, true), 1.0),
            Lookup::Preflight(CacheStatus::Insufficient)
        );
        // The insufficient entry was erased.
        assert_eq!(
            c.lookup(&q("PUT", &x, false), 1.0),
            Lookup::Preflight(CacheStatus::Miss)
        );
    }
}
