//! Local Network Access in imported scenarios (contract §11).
//!
//! Evidence of a CORS failure, a response or a `curl` exchange shows that
//! the request left the browser, so Local Network Access let it through.
//! When the scenario's page is in a less private address space than a URL
//! the evidence names (a public page, a `localhost` API), the imported
//! scenario must say how: the page's permission granted (a secure page), or
//! the page on the same network (an insecure page, which Chromium refuses
//! whatever the permission). Each such choice is listed as an assumption.
//!
//! Evidence that Local Network Access refused the request (Chromium's
//! "Permission was denied …" and its siblings) is read by `console` and
//! turned into the opposite settings by `build`.
//!
//! <https://wicg.github.io/local-network-access/>

use url::Url;

use super::{about_page, Assumption};
use crate::local_network::{is_potentially_trustworthy, AddressSpace, Permission, PermissionState};
use crate::origin::Origin;
use crate::Scenario;

/// The address space of `url` in `scenario`: its override (by origin, then
/// host), or the host's by name.
pub(super) fn space_of(scenario: &Scenario, url: &Url) -> AddressSpace {
    let overrides = &scenario.address_spaces;
    overrides
        .get(&url.origin().ascii_serialization())
        .or_else(|| url.host_str().and_then(|h| overrides.get(h)))
        .copied()
        .unwrap_or_else(|| space_by_name(url))
}

/// The address space `url`'s host has by name alone.
pub(super) fn space_by_name(url: &Url) -> AddressSpace {
    url.host()
        .map_or(AddressSpace::Public, |h| AddressSpace::of_host(&h))
}

/// Sets `permission` for `origin` to `state` unless the scenario already
/// decides it: whether it is new, or the permission when the scenario
/// decides it otherwise (the evidence needs it both ways).
pub(super) fn decide(
    scenario: &mut Scenario,
    origin: &str,
    permission: Permission,
    state: PermissionState,
) -> Result<bool, Permission> {
    let slot = scenario
        .permissions
        .entry(origin.to_owned())
        .or_default()
        .decision_mut(permission);
    match *slot {
        Some(now) if now == state => Ok(false),
        Some(_) => Err(permission),
        None => {
            *slot = Some(state);
            Ok(true)
        }
    }
}

/// Makes Local Network Access let through the requests to `urls` (which
/// the evidence shows went out), and says how, one sentence per choice.
pub(super) fn let_through(
    scenario: &mut Scenario,
    urls: &[String],
) -> Result<Vec<Assumption>, Permission> {
    let mut assumed = Vec::new();
    let Ok(page) = Url::parse(&scenario.page) else {
        // An opaque page (`null`): Chromium takes it as public and secure.
        return Ok(assumed);
    };
    let origin = page.origin().ascii_serialization();
    let from = space_of(scenario, &page);
    let Some(most) = urls
        .iter()
        .filter_map(|u| Url::parse(u).ok())
        .map(|u| space_of(scenario, &u))
        .filter(|&s| s > from)
        .max()
    else {
        return Ok(assumed);
    };
    if is_potentially_trustworthy(&Origin::of_url(&page)) {
        for space in [AddressSpace::Local, AddressSpace::Loopback] {
            let needed = urls
                .iter()
                .filter_map(|u| Url::parse(u).ok())
                .any(|u| space_of(scenario, &u) == space);
            let Some(permission) = space.permission() else {
                continue;
            };
            if needed && decide(scenario, &origin, permission, PermissionState::Granted)? {
                assumed.push(about_page(format!(
                    "The request reached the {space} address space, so Local Network Access let it through: assumed the page's {} permission is granted.",
                    permission.as_str()
                )));
            }
        }
    } else if !scenario.address_spaces.contains_key(&origin) {
        scenario.address_spaces.insert(origin.clone(), most);
        assumed.push(about_page(format!(
            "The request reached the {most} address space from a page that is not a secure context, which Chrome refuses from a public page: assumed the page {origin} is served from the {most} address space too."
        )));
    }
    Ok(assumed)
}
