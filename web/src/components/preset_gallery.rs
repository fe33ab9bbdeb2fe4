//! The gallery of teaching scenarios.

use yew::prelude::*;

use crate::presets;

/// Props of [`PresetGallery`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// The preset loaded, if any.
    pub(crate) current: Option<&'static str>,
    /// Load a preset.
    pub(crate) onpick: Callback<&'static str>,
}

/// The gallery of teaching scenarios.
#[function_component(PresetGallery)]
pub(crate) fn preset_gallery(props: &Props) -> Html {
    let card = |preset: &'static presets::Preset| {
        let onclick = {
            let cb = props.onpick.clone();
            Callback::from(move |_: MouseEvent| cb.emit(preset.id))
        };
        let current = props.current == Some(preset.id);
        html! {
            <li>
                <button type="button" id={format!("preset-{}", preset.id)}
                    class={classes!("preset", current.then_some("selected"))}
                    aria-pressed={current.to_string()} {onclick}>
                    <strong>{ preset.title }</strong>
                    <span>{ preset.blurb }</span>
                </button>
            </li>
        }
    };
    html! { <ul class="presets">{ for presets::ALL.iter().map(card) }</ul> }
}
