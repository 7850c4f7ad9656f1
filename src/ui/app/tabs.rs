//! The viewer's open files as tabs: click to show one, × to close it.

use yew::prelude::*;

use super::ViewerFiles;
use crate::core::opened::FileId;

#[derive(Properties, PartialEq)]
pub struct TabsProps {
    pub files: UseReducerHandle<ViewerFiles>,
    pub on_select: Callback<FileId>,
    pub on_close: Callback<FileId>,
}

#[function_component(FileTabs)]
pub fn file_tabs(props: &TabsProps) -> Html {
    let files = &props.files.0;
    if files.slots.is_empty() {
        return Html::default();
    }
    html! {
        <nav class="tabs" data-testid="tabs">
            { for files.slots.iter().map(|slot| {
                let id = slot.id;
                let select = props.on_select.reform(move |_: MouseEvent| id);
                let close = props.on_close.reform(move |event: MouseEvent| {
                    // Not also a click on the tab.
                    event.stop_propagation();
                    id
                });
                let active = Some(id) == files.selected;
                html! {
                    <span class={classes!("tab", active.then_some("active"))} key={id.0}>
                        <button class="tab-name" onclick={select} aria-pressed={active.to_string()}>
                            { &slot.name }{ if slot.busy() { " …" } else { "" } }
                        </button>
                        <button class="tab-close" onclick={close} data-testid="close-file"
                            title={format!("Close {}", slot.name)} aria-label={format!("Close {}", slot.name)}>{ "×" }</button>
                    </span>
                }
            }) }
        </nav>
    }
}
