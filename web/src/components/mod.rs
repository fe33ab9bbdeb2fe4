//! One component per file: props in, callbacks out.

pub(crate) mod app;
pub(crate) mod audit_panel;
pub(crate) mod browser_picker;
pub(crate) mod choice;
pub(crate) mod compare_table;
pub(crate) mod console_view;
pub(crate) mod copy_button;
pub(crate) mod fix_panel;
pub(crate) mod header_rows;
pub(crate) mod js_view;
pub(crate) mod paste_box;
pub(crate) mod policy_editor;
pub(crate) mod preset_gallery;
pub(crate) mod problem_banner;
pub(crate) mod request_editor;
pub(crate) mod request_tabs;
pub(crate) mod response_editor;
pub(crate) mod sequence_diagram;
pub(crate) mod server_editor;
pub(crate) mod server_entry;
pub(crate) mod share_panel;
pub(crate) mod text_field;
pub(crate) mod timeline;
pub(crate) mod trace_view;
pub(crate) mod verdict_summary;

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;

/// Where keyboard focus goes once the next render is on screen: after a
/// remove button takes its own row away, focus moves to the row that took
/// its place (or the one before, or the add button) instead of falling back
/// to the top of the page.
#[derive(Clone, Default)]
pub(crate) struct FocusAfterRender(Rc<RefCell<Option<String>>>);

impl FocusAfterRender {
    /// Focus the element with this id after the next render.
    pub(crate) fn request(&self, id: String) {
        *self.0.borrow_mut() = Some(id);
    }

    /// Called from an effect that runs after every render.
    pub(crate) fn apply(&self) {
        let Some(id) = self.0.borrow_mut().take() else {
            return;
        };
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    }
}

/// The id to focus after row `i` of `len` is removed, from the ids the rows
/// will have once it is gone (`row(j)` for `j < len - 1`), else `fallback`.
pub(crate) fn focus_after_removing(
    i: usize,
    len: usize,
    row: impl Fn(usize) -> Option<String>,
    fallback: String,
) -> String {
    let left = len.saturating_sub(1);
    if i < left {
        row(i)
    } else if left > 0 {
        row(left - 1)
    } else {
        None
    }
    .unwrap_or(fallback)
}

#[cfg(test)]
mod tests {
    use super::focus_after_removing;

    #[test]
    fn focus_goes_to_the_row_that_took_the_removed_ones_place() {
        let row = |j: usize| Some(format!("r{j}"));
        assert_eq!(focus_after_removing(0, 3, row, "add".into()), "r0");
        assert_eq!(focus_after_removing(2, 3, row, "add".into()), "r1");
        assert_eq!(focus_after_removing(0, 1, row, "add".into()), "add");
        assert_eq!(focus_after_removing(1, 2, |_| None, "add".into()), "add");
    }
}
