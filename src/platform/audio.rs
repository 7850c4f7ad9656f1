//! Sound while playing at 1×: one audio channel's units are fetched a
//! little ahead of the playback clock, decoded by the netvu library and
//! scheduled back to back on a Web Audio context (`core::audio_plan` does
//! the arithmetic). Only a short look-ahead is ever scheduled, so pausing,
//! seeking or another speed silences it at once.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use netvu::unit::{decodable, Decodable};
use wasm_bindgen::JsValue;
use web_sys::{AudioBufferSourceNode, AudioContext, AudioContextState, AudioScheduledSourceNode};

use super::frames::{fetch_unit, OpenedFile};
use super::js::now_ms;
use crate::core::audio_plan::{place, to_f32, Anchor, AudioTrack, DueUnits, Placement};
use crate::core::playback::Clock;

/// Units starting within this much play time ahead are scheduled.
const LOOK_AHEAD_MS: i64 = 500;
/// How often a playing session looks for units that have become due.
const PUMP_MS: u32 = 100;

/// A player's audio context and what it has been given to play.
#[derive(Default)]
pub struct AudioOutput {
    context: Option<AudioContext>,
    /// Sources scheduled and not yet over, with the context time each ends.
    sources: Vec<(AudioBufferSourceNode, f64)>,
    /// Changed by [`AudioOutput::stop`]: a session started under another number ends.
    session: u32,
}

pub type SharedOutput = Rc<RefCell<AudioOutput>>;

impl AudioOutput {
    /// Creates or resumes the audio context. Browsers let one run only from a
    /// user gesture, so this is called from the play (and audio) controls' handlers.
    pub fn unlock(&mut self) {
        if self.context.is_none() {
            self.context = AudioContext::new().ok();
        }
        if let Some(context) = &self.context {
            if context.state() != AudioContextState::Running {
                // Resuming settles later; a session waits for it.
                let _ = context.resume();
            }
        }
    }

    /// Silences everything scheduled and ends the session playing.
    pub fn stop(&mut self) {
        self.session = self.session.wrapping_add(1);
        for (source, _) in self.sources.drain(..) {
            let _ = AudioScheduledSourceNode::stop(&source);
            let _ = source.disconnect();
        }
    }

    /// Stops and lets the audio device go (the player is gone).
    pub fn close(&mut self) {
        self.stop();
        if let Some(context) = self.context.take() {
            let _ = context.close();
        }
    }

    /// The context, while session `session` is still the one playing.
    fn context_for(&self, session: u32) -> Option<AudioContext> {
        (self.session == session)
            .then(|| self.context.clone())
            .flatten()
    }

    fn schedule(
        &mut self,
        context: &AudioContext,
        sample_rate: u32,
        samples: &[i16],
        placement: Placement,
    ) -> Result<(), JsValue> {
        let now = context.current_time();
        self.sources.retain(|(_, end)| *end > now);
        let buffer = context.create_buffer(1, samples.len() as u32, sample_rate as f32)?;
        buffer.copy_to_channel(&to_f32(samples), 0)?;
        let source = context.create_buffer_source()?;
        source.set_buffer(Some(&buffer));
        source.connect_with_audio_node(&context.destination())?;
        source.start_with_when_and_grain_offset(placement.when, placement.offset)?;
        self.sources.push((source, placement.end));
        Ok(())
    }
}

/// Plays `channel` of `file` in time with the playback clock `clock` (at
/// 1×) until `output` is stopped. Without a running context (play was not
/// pressed yet) it waits for one.
pub fn play(
    output: &SharedOutput,
    file: OpenedFile,
    track: Rc<AudioTrack>,
    channel: u16,
    clock: Clock,
) {
    let session = output.borrow().session;
    let output = output.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let units = track.units(channel);
        let mut due: Option<(Anchor, DueUnits)> = None;
        let mut previous_end = None;
        loop {
            let Some(context) = output.borrow().context_for(session) else {
                return;
            };
            if context.state() == AudioContextState::Running {
                let now = clock.play_time(1.0, now_ms());
                // The audio clock is tied to the playback clock once, so that
                // units follow each other exactly on it.
                let (anchor, due) = due.get_or_insert_with(|| {
                    let anchor = Anchor {
                        context_s: context.current_time(),
                        play_ms: now,
                    };
                    (anchor, DueUnits::starting_at(units, now))
                });
                for (unit_ms, at) in due.take(units, now + LOOK_AHEAD_MS).map(|k| units[k]) {
                    let Some((sample_rate, samples)) = samples_of(&file, at as usize).await else {
                        continue;
                    };
                    let mut out = output.borrow_mut();
                    if out.session != session {
                        return;
                    }
                    let duration = samples.len() as f64 / f64::from(sample_rate.max(1));
                    let Some(placement) = place(
                        *anchor,
                        unit_ms,
                        duration,
                        previous_end,
                        context.current_time(),
                    ) else {
                        continue;
                    };
                    // A unit the context refuses (a sample rate out of its range) is skipped.
                    if out
                        .schedule(&context, sample_rate, &samples, placement)
                        .is_ok()
                    {
                        previous_end = Some(placement.end);
                    }
                }
                if due.finished(units) {
                    return;
                }
            }
            TimeoutFuture::new(PUMP_MS).await;
        }
    });
}

/// The samples of audio unit `index.frames[at]`, if it can be read and decoded.
async fn samples_of(file: &OpenedFile, at: usize) -> Option<(u32, Vec<i16>)> {
    let (entry, unit) = fetch_unit(file, at).await.ok()?;
    match decodable(&entry, &unit) {
        Ok(Decodable::Audio {
            sample_rate,
            samples,
        }) if !samples.is_empty() => Some((sample_rate, samples)),
        _ => None,
    }
}
