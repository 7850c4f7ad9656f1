//! The player's sound: on unless switched off, muted at speeds other than
//! 1× (as the recorder's own viewer does), the channel chosen or the file's
//! first, played through the player's own audio context (`platform::audio`).

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::core::audio_plan::AudioTrack;
use crate::core::playback::{Clock, Playback};
use crate::core::track::Track;
use crate::platform::audio::{play, AudioOutput, SharedOutput};
use crate::platform::frames::OpenedFile;

/// What the transport bar shows of the sound, and its controls.
#[derive(Clone, PartialEq)]
pub struct SoundControls {
    /// The channels the file has (none: no sound control).
    pub channels: Vec<u16>,
    /// The channel playing (or that would).
    pub channel: Option<u16>,
    pub on: bool,
    pub label: String,
    /// Quiet now: switched off or muted.
    pub silent: bool,
    pub toggle: Callback<MouseEvent>,
    pub choose: Callback<Event>,
}

/// The sound's controls, and what play's click (or key) calls first:
/// browsers start sound only from a user gesture.
pub struct Sound {
    pub controls: SoundControls,
    pub unlock_on_play: Callback<()>,
}

/// The player's audio output, playing channel `sounding` (if any) of
/// `file` in time with `clock`. Any change of these (pause, seek, speed,
/// channel, file) stops what is scheduled; playing on starts afresh from
/// the clock. The audio device is let go with the player.
#[hook]
fn use_output(
    file: &OpenedFile,
    track: &Rc<AudioTrack>,
    sounding: Option<u16>,
    clock: Clock,
) -> SharedOutput {
    let output: SharedOutput = use_mut_ref(AudioOutput::default);
    {
        let output = output.clone();
        let track = track.clone();
        use_effect_with(
            (sounding, clock, file.clone()),
            move |(sounding, clock, file)| {
                if let Some(channel) = *sounding {
                    play(&output, file.clone(), track, channel, *clock);
                }
                move || output.borrow_mut().stop()
            },
        );
    }
    {
        let output = output.clone();
        use_effect_with((), move |_| move || output.borrow_mut().close());
    }
    output
}

#[hook]
pub fn use_sound(file: &OpenedFile, track: &Track, playback: &Playback) -> Sound {
    let audio_track: Rc<AudioTrack> = {
        let timestamped = track.timestamped;
        (*use_memo(file.clone(), move |file| {
            // Sound is placed by its timestamps: pictures without times give
            // it no clock to follow.
            Rc::new(if timestamped {
                AudioTrack::new(&file.index.frames)
            } else {
                AudioTrack::default()
            })
        }))
        .clone()
    };
    let on = use_state(|| true);
    let chosen = use_state(|| 0u16);
    let channel = audio_track.channel_or_first(*chosen);
    let wants_sound = *on && !audio_track.is_empty();
    let sounding = channel.filter(|_| wants_sound && !playback.muted() && playback.playing);
    let output = use_output(file, &audio_track, sounding, playback.clock);
    let toggle = {
        let on = on.clone();
        let output = output.clone();
        Callback::from(move |_: MouseEvent| {
            if !*on {
                output.borrow_mut().unlock();
            }
            on.set(!*on);
        })
    };
    let choose = Callback::from(move |event: Event| {
        if let Some(select) = event.target_dyn_into::<HtmlSelectElement>() {
            chosen.set(select.value().parse().unwrap_or(0));
        }
    });
    let label = match (*on, playback.muted()) {
        (false, _) => "♪ Audio off".to_string(),
        (true, true) => format!("♪ muted at {}", playback.speed_name()),
        (true, false) => "♪ Audio".to_string(),
    };
    Sound {
        controls: SoundControls {
            channels: audio_track.channels.iter().map(|(c, _)| *c).collect(),
            channel,
            on: *on,
            label,
            silent: !*on || playback.muted(),
            toggle,
            choose,
        },
        unlock_on_play: Callback::from(move |()| {
            if wants_sound {
                output.borrow_mut().unlock();
            }
        }),
    }
}
