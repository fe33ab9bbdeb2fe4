//! The Fetch Standard to the letter: the profile every other one departs
//! from. It prints no console messages (the standard specifies none).
//!
//! <https://fetch.spec.whatwg.org/>

use super::{
    AllowOriginStyle, CacheModel, ConsoleStyle, DisallowedHeaderOrder, ItemRules, MaxAgeRules,
    Quirks, RedirectPreflight, WireRules,
};
use crate::local_network::{LocalNetworkQuirks, TargetAddressSpaceRule};

/// What this profile is.
pub static PROFILE: super::Profile = super::Profile {
    display_name: "Spec",
    recorded_from: "the Fetch Standard (https://fetch.spec.whatwg.org/), not a browser",
    fetch_network_error: None,
    is_browser: false,
};

/// The Fetch Standard to the letter.
pub static SPEC: Quirks = Quirks {
    allow_origin: AllowOriginStyle::Chromium,
    // "If max-age is failure or null, then set max-age to 5." The imposed
    // limit is implementation-defined; the profile imposes none.
    max_age: MaxAgeRules {
        default: 5,
        cap: u64::MAX,
        invalid: Some(5),
        negative: Some(5),
        empty_is_absent: false,
    },
    cache: CacheModel::PerItem(ItemRules {
        credentialed_serves_all: true,
        wildcard_on_lookup: true,
        head_needs_entry: false,
    }),
    wildcard_covers_authorization: false,
    forbid_user_agent: false,
    extra_safelisted_headers: false,
    range_limit: None,
    content_type_as_list: false,
    safelist_ascii_only: false,
    safelist_total_limit: Some(1024),
    redirect_keeps_preflight: RedirectPreflight::AsNeeded,
    cross_origin_delete_redirects_as_get: false,
    range_unit_any_case: false,
    redirect_keeps_body_headers: false,
    redirect_keeps_authorization: false,
    safelist_combined_values: false,
    mode_before_mixed_content: false,
    preflight_redirect_first: false,
    preflight_status_first: false,
    disallowed_header_order: DisallowedHeaderOrder::SortedNames,
    // A header value has no leading or trailing HTTP whitespace
    // (https://fetch.spec.whatwg.org/#header-value), over either version.
    http1: WireRules::TRIMMED,
    http2: WireRules::TRIMMED,
    proxy_auth_is_network_error: false,
    // The Fetch Standard combines every repeated field, and a `Location`
    // with more than one value is a failure.
    conflicting_fields: &[],
    location_lines_joined: false,
    stream_request_bodies: true,
    cors_scheme_check_on_redirect: false,
    upload_listener_needs_body: false,
    origin_header_sticky: false,
    data_url_content_length: false,
    repeat_request_header_names: false,
    preflight_origin_untainted: false,
    xhr_safelists_author_content_type: false,
    preflight_flag_allows_method: true,
    console: ConsoleStyle::None,
    // Local Network Access as specified: public → local, public →
    // loopback and local → loopback need the permission; Permissions
    // Policy delegates it to iframes.
    // <https://wicg.github.io/local-network-access/#local-network-request>
    local_network: LocalNetworkQuirks {
        gated: true,
        local_to_loopback: true,
        permissions_policy: true,
        target_address_space: TargetAddressSpaceRule::LocalOnlyAndTrusted,
        // <https://wicg.github.io/local-network-access/#integration-with-mixed-content>
        target_address_space_exempts_mixed_content: true,
        secure_context_required: true,
    },
};
