//! What the player shows: one tile (the single view), or a grid of tiles,
//! one per chosen camera; a click on a grid tile shows that camera alone.

use yew::prelude::*;

use super::tile::{Overlays, Tile};
use super::PlayerState;
use crate::core::playback::{Playback, PlaybackAction};
use crate::platform::frames::OpenedFile;

#[derive(Properties, PartialEq)]
pub struct ScreenProps {
    pub file: OpenedFile,
    pub playback: Playback,
    pub overlays: Overlays,
    pub dispatcher: UseReducerDispatcher<PlayerState>,
}

#[function_component(Screen)]
pub fn screen(props: &ScreenProps) -> Html {
    let playback = &props.playback;
    let track = &playback.track;
    let frames = &props.file.index.frames;
    let paused = !playback.playing;
    if playback.layout == 1 {
        let at = playback.shown_frame();
        let mask = at.and_then(|at| track.mask_for(frames, at));
        return html! {
            <Tile file={props.file.clone()} at={at} mask={mask} overlays={props.overlays} paused={paused} single=true />
        };
    }
    let n = playback.layout;
    let cameras = playback.grid_cameras();
    html! {
        <div class={classes!("grid", format!("grid-{n}"))} data-testid="grid">
            { for (0..n * n).map(|slot| match cameras.get(slot) {
                Some(&camera) => {
                    let at = track.camera_frame(camera, playback.position);
                    let mask = at.and_then(|at| track.mask_for(frames, at));
                    let dispatcher = props.dispatcher.clone();
                    let focus = Callback::from(move |_: MouseEvent| dispatcher.dispatch(PlaybackAction::Camera(camera)));
                    html! {
                        <Tile key={camera} file={props.file.clone()} at={at} mask={mask}
                            overlays={props.overlays} paused={paused} onclick={focus} />
                    }
                }
                None => html! { <div class="screen tile empty" key={format!("empty-{slot}")}></div> },
            }) }
        </div>
    }
}
