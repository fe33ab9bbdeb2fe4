//! One component per file: props in, callbacks out.

pub(crate) mod app;
pub(crate) mod browser_picker;
pub(crate) mod choice;
pub(crate) mod compare_table;
pub(crate) mod console_view;
pub(crate) mod copy_button;
pub(crate) mod header_rows;
pub(crate) mod js_view;
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
