//! The corsim playground: edit a CORS scenario and see, as you type, what
//! Chrome, Firefox, Safari and the Fetch Standard do with it, why, step by
//! step, and what the script gets.
//!
//! Everything shown comes from [`corsim::simulate`]; this crate only holds
//! the editor's state (one reducer, [`state::State`]), the share-link codec
//! and the components that render the core's values.

mod check;
mod components;
mod diagram;
mod evidence;
mod policy;
mod presets;
mod run;
mod share;
mod snippet;
mod state;
mod wire;

/// The allocator: talc is about 3 KB gzip smaller than the standard
/// library's dlmalloc (`scripts/size-report` prints the page's size).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    // Unicode hostnames: this build has no UTS #46 tables (web/Cargo.toml);
    // the browser's own URL parser maps them to ASCII.
    corsim::set_url_reparser(browser_url_parser);
    // The page's "Loading…" line (www/index.html) has done its job.
    if let Some(loading) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("loading"))
    {
        loading.remove();
    }
    yew::Renderer::<components::app::App>::new().render();
}

/// The browser's WHATWG URL parser: `new URL(input, base).href`.
fn browser_url_parser(input: &str, base: Option<&str>) -> Option<String> {
    match base {
        Some(base) => web_sys::Url::new_with_base(input, base),
        None => web_sys::Url::new(input),
    }
    .ok()
    .map(|url| url.href())
}
