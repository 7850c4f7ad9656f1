//! The recorder settings: every section as a card (unknown ones as they
//! are), secrets masked until revealed, a filter box, values that did not
//! parse flagged with their warning, the recording schedule as a week grid
//! (`schedule.rs`), and each camera's motion-detection zones over its
//! picture (`vmd.rs`).

mod schedule;
mod vmd;

use std::rc::Rc;

use netvu::settings::{Entry, Section, Settings, Warning};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::core::settings_filter::{section_title, SettingsFilter};
use crate::platform::frames::OpenedFile;
use schedule::ScheduleView;
use vmd::VmdView;

#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    pub file: OpenedFile,
}

/// What a masked secret shows instead of its value.
const MASK: &str = "••••••••";

#[function_component(SettingsPanel)]
pub fn settings_panel(props: &SettingsProps) -> Html {
    let reveal = use_state(|| false);
    let typed = use_state(String::new);
    let Some(stored) = props.file.index.settings.as_ref() else {
        return Html::default();
    };
    let settings: &Settings = &stored.settings;
    let toggle = {
        let reveal = reveal.clone();
        Callback::from(move |_: MouseEvent| reveal.set(!*reveal))
    };
    let on_filter = {
        let typed = typed.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                typed.set(input.value());
            }
        })
    };
    let warnings = settings.warnings();
    let recorder = settings.typed();
    let filter = SettingsFilter::new(&typed, *reveal);
    let cards: Vec<Html> = filter
        .apply(settings)
        .into_iter()
        .map(|(section, entries)| card(section, &entries, &warnings, *reveal))
        .collect();
    html! {
        <section class="panel settings" data-testid="settings">
            <h2>
                { "Recorder settings" }
                <input type="search" class="filter" placeholder="Filter settings" aria-label="Filter settings"
                    data-testid="settings-filter" value={(*typed).clone()} oninput={on_filter} />
                <button class="reveal" onclick={toggle} aria-pressed={reveal.to_string()}>
                    { if *reveal { "Hide passwords" } else { "Reveal passwords" } }
                </button>
            </h2>
            { warning_list(settings, &warnings) }
            if let Some(schedule) = recorder.schedule.as_ref().filter(|_| filter.matches("schedule")) {
                <ScheduleView schedule={Rc::new(schedule.clone())} cameras={Rc::new(recorder.cameras.clone())} />
            }
            if filter.matches("vmd") {
                { for recorder.vmd.iter().map(|vmd| html! {
                    <VmdView file={props.file.clone()} vmd={Rc::new(vmd.clone())} />
                }) }
            }
            <div class="cards">{ for cards.iter().cloned() }</div>
            if cards.is_empty() {
                <p class="muted">{ format!("No setting matches “{}”.", *typed) }</p>
            }
        </section>
    }
}

/// One section as a card: its entries, secrets masked unless revealed,
/// values that did not parse flagged.
fn card(section: &Section, entries: &[&Entry], warnings: &[Warning], reveal: bool) -> Html {
    html! {
        <article class="card" data-testid="settings-card">
            <h3>{ section_title(section) }</h3>
            <table>
                { for entries.iter().map(|entry| {
                    let warning = warnings.iter().find(|w| {
                        w.section == section.name && w.key.as_deref() == Some(entry.key.as_str())
                    });
                    html! {
                        <tr class={classes!(warning.is_some().then_some("invalid"))} title={warning.map(|w| w.message.clone())}>
                            <th>{ &entry.key }</th>
                            if entry.secret && !reveal {
                                <td class="secret" data-testid="secret">{ MASK }</td>
                            } else {
                                <td>{ &entry.value }{ if warning.is_some() { " ⚠" } else { "" } }</td>
                            }
                        </tr>
                    }
                }) }
            </table>
        </article>
    }
}

/// The values that did not parse, each with what was written.
fn warning_list(settings: &Settings, warnings: &[Warning]) -> Html {
    if warnings.is_empty() {
        return Html::default();
    }
    html! {
        <div class="warnings-box">
            <h3>{ format!("Settings warnings ({})", warnings.len()) }</h3>
            <ul class="plain warnings" data-testid="settings-warnings">
                { for warnings.iter().map(|w| {
                    let raw = w.key.as_deref().and_then(|key| settings.get(&w.section, key));
                    html! {
                        <li>
                            { &w.message }
                            if let Some(raw) = raw {
                                { " — as written: " }<code>{ raw }</code>
                            }
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
