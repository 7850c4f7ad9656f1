//! The file's problems: those indexing found and those found since, as its
//! frames were fetched (`core::problems`).

use std::rc::Rc;

use netvu::problem::Problem;
use yew::prelude::*;

use crate::core::problems::all_problems;
use crate::platform::frames::OpenedFile;

#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    pub file: OpenedFile,
    /// Problems found since indexing, as frames were fetched.
    #[prop_or_default]
    pub later: Rc<Vec<Problem>>,
}

#[function_component(ProblemsPanel)]
pub fn problems_panel(props: &ProblemsProps) -> Html {
    let problems = all_problems(&props.file.index.problems, &props.later);
    html! {
        <section class="panel problems" data-testid="problems">
            <h2>{ "Problems" }<span class={classes!("count", (!problems.is_empty()).then_some("bad"))}>{ problems.list.len() as u64 + problems.not_listed }</span></h2>
            if problems.is_empty() {
                <p class="muted">{ "None found: the file reads cleanly." }</p>
            } else {
                <table>
                    <thead><tr><th>{ "Offset" }</th><th>{ "Problem" }</th></tr></thead>
                    <tbody>
                        { for problems.list.iter().map(|p| html! {
                            <tr>
                                <td class="offset" title={format!("0x{:X}", p.offset)}>{ p.offset }</td>
                                <td>{ &p.message }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                if problems.not_listed > 0 {
                    <p class="muted">{ format!("…and {} more not listed", problems.not_listed) }</p>
                }
            }
        </section>
    }
}
