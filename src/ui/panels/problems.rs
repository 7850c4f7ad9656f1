//! The file's problems: those indexing found and those found since, as its
//! frames were fetched, grouped by their stable code with a count each, and
//! each with the bytes it concerns (`core::problems`).

use std::rc::Rc;

use netvu::problem::Problem;
use yew::prelude::*;

use crate::core::problems::{all_problems, by_code, byte_range, code_title, ProblemGroup};
use crate::platform::frames::OpenedFile;

#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    pub file: OpenedFile,
    /// Problems found since indexing, as frames were fetched.
    #[prop_or_default]
    pub later: Rc<Vec<Problem>>,
}

/// A group of more problems than this starts folded.
const OPEN_UP_TO: usize = 10;

#[function_component(ProblemsPanel)]
pub fn problems_panel(props: &ProblemsProps) -> Html {
    let problems = all_problems(&props.file.index.problems, &props.later);
    let total = problems.list.len() as u64 + problems.not_listed;
    html! {
        <section class="panel problems" data-testid="problems">
            <h2>{ "Problems" }<span class={classes!("count", (total > 0).then_some("bad"))}>{ total }</span></h2>
            if problems.is_empty() {
                <p class="muted">{ "None found: the file reads cleanly." }</p>
            }
            { for by_code(&problems.list).iter().map(group) }
            if problems.not_listed > 0 {
                <p class="muted">{ format!("…and {} more not listed", problems.not_listed) }</p>
            }
        </section>
    }
}

/// One code's problems, folded when there are many.
fn group(group: &ProblemGroup) -> Html {
    html! {
        <details class="problem-group" data-testid="problem-group" data-code={group.code.name()}
            open={group.problems.len() <= OPEN_UP_TO}>
            <summary>{ code_title(group.code) }<span class="count">{ group.problems.len() }</span></summary>
            <table>
                <thead><tr><th>{ "Bytes" }</th><th>{ "Problem" }</th></tr></thead>
                <tbody>
                    { for group.problems.iter().map(|p| html! {
                        <tr>
                            <td class="offset" title={format!("0x{:X}", p.offset)}>{ byte_range(p) }</td>
                            <td>{ &p.detail }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </details>
    }
}
