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
mod presets;
mod run;
mod share;
mod snippet;
mod state;
mod wire;

fn main() {
    yew::Renderer::<components::app::App>::new().render();
}
