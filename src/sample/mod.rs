//! "Open sample": a small PAR recording made on the spot, so the viewer can
//! be tried without a recorder's file and nothing has to be downloaded.
//! Four cameras with the same test card: two JPEG (the browser draws and
//! encodes each frame: `card.rs`), one MPEG-4 and one H.264 (streams made
//! for it by `make.sh`, embedded), a PCM audio channel (a tone), motion
//! masks, settings and events; the netvu library's own PAR writer assembles
//! the file. Everything but the drawing of the cards is plain Rust, tested
//! natively.

use std::io::Cursor;

use netvu::body::data_type;
use netvu::codec::es::{access_units, AccessUnit};
use netvu::format::par::CHANNEL_KEY;
use netvu::header::{vid_format, AudioHeader, PicHeader, AUDIO_VERSION};
use netvu::model::{Event, EventKind};
use netvu::par_writer::{ParFrame, ParWriter};
use netvu::Codec;

use crate::core::time::Civil;

#[cfg(target_arch = "wasm32")]
pub mod card;

const FRAME_INTERVAL_MS: i64 = 200;
/// The sample recorder's clock: UTC+01:00.
const UTC_OFFSET_MINUTES: i32 = 60;
/// 2026-03-15 11:20:30 UTC.
const START_MS: i64 = 1_773_573_630_000;

/// The JPEG cameras: number, title, colour of their card.
const CAMERAS: [(u32, &str, &str); 2] =
    [(1, "Front Gate", "#1f5fa8"), (2, "Loading Bay", "#2f8a4c")];

/// Camera 3: MPEG-4 Part 2, one I-VOP then P-VOPs (the card of "Car Park").
const MPEG4_CAMERA: (u32, &str) = (3, "Car Park");
const MPEG4_STREAM: &[u8] = include_bytes!("car-park.m4v");
/// Camera 4: H.264 Annex B, one IDR then P frames (the card of "Reception").
const H264_CAMERA: (u32, &str) = (4, "Reception");
const H264_STREAM: &[u8] = include_bytes!("reception.h264");

/// Audio channel 1: 16-bit PCM at 8 kHz (AD data type 5), a 440 Hz tone.
const AUDIO_CHANNEL: u32 = 1;
const AUDIO_RATE: u32 = 8000;
/// RTP payload type of 16-bit PCM at 8 kHz (netvu-formats.md table 2.2).
const AUDIO_MODE_PCM_8000: i32 = 100;
const TONE_HZ: f64 = 440.0;

/// Camera 3's motion masks (16×12 cells, as its VMD grid): these frames
/// have one, with a block of cells that moves right.
const MASK_FRAMES: std::ops::Range<u32> = 11..15;

/// Camera 1's alarm: these frames carry its text, and an event marks its start.
const ALARM_FRAMES: std::ops::Range<u32> = 6..10;
const ALARM_TEXT: &str = "Door forced";

const SETTINGS: &str =
    "[Unit]\r\nname = Sample DVR\r\nmodel = NetVu viewer sample\r\nfirmware = 1.0\r\n\
[Time]\r\ntimezone = CET\r\nutc_offset = 60\r\n\
[Camera 1]\r\ntitle = Front Gate\r\ncodec = JPEG\r\nresolution = 352x288\r\nrecord_rate = 5\r\n\
record_day = yes\r\nrecord_night = yes\r\nrecord_weekend = yes\r\n\
[Camera 2]\r\ntitle = Loading Bay\r\ncodec = JPEG\r\nresolution = 352x288\r\nrecord_rate = 5\r\n\
record_day = yes\r\nrecord_night = no\r\nrecord_weekend = no\r\n\
[Camera 3]\r\ntitle = Car Park\r\ncodec = MPEG-4\r\nresolution = 352x288\r\nrecord_rate = 5\r\n\
record_day = yes\r\nrecord_night = yes\r\nrecord_weekend = yes\r\n\
[Camera 4]\r\ntitle = Reception\r\ncodec = H.264\r\nresolution = 352x288\r\nrecord_rate = 5\r\n\
record_day = yes\r\nrecord_night = no\r\nrecord_weekend = no\r\nrecord_duration = 31 days\r\n\
[Schedule]\r\nday_start = 07:00\r\nnight_start = 19:00\r\nweekend_start = Fri 18:00\r\nweekend_end = Mon 07:00\r\n\
[Audio 1]\r\ncodec = PCM\r\nsample_rate = 8000\r\n\
[VMD 1]\r\nenabled = on\r\ndetection = VMD\r\nmode = normal\r\npixel_count = 10\r\npixel_change = 25\r\n\
grid = 16x12\r\nzones = 0000,0000,0000,0000,0000,0000,0000,0000,003f,003f,003f,003f\r\n\
[Security]\r\nuser_password = sample-user-secret\r\ninstaller_password = 1234\r\n";

/// One frame of a JPEG camera's test card, for the browser to draw.
pub struct Card<'a> {
    pub camera: u32,
    pub title: &'a str,
    /// Its background, as CSS writes colours.
    pub colour: &'a str,
    /// 0 to `FRAMES_PER_CAMERA - 1`: where the moving bar is.
    pub frame: u32,
}

/// The card's size.
pub const WIDTH: u32 = 352;
pub const HEIGHT: u32 = 288;
/// Frames of each camera: the bar crosses the card in this many.
pub const FRAMES_PER_CAMERA: u32 = 15;

/// The JFIF with DM's metadata comment (netvu-formats.md §7.7) after SOI:
/// where a NetVu JFIF frame keeps its camera, title and time.
fn with_netvu_comment(
    jfif: &[u8],
    camera: u32,
    title: &str,
    utc_ms: i64,
    alarm: Option<&str>,
) -> Result<Vec<u8>, String> {
    let date = Civil::of(utc_ms);
    let alarm = alarm.map_or(String::new(), |a| format!("Alarm-text: {a}\r\n"));
    let text = format!(
        "Version: 00.02\r\nNumber: {camera}\r\nName: {title}\r\nDate: {:02}/{:02}/{}\r\nTime: {:02}:{:02}:{:02}\r\nMSec: {}\r\nUTCoffset: {UTC_OFFSET_MINUTES}\r\n{alarm}",
        date.day,
        date.month,
        date.year,
        date.hours,
        date.minutes,
        date.seconds,
        date.ms,
    );
    let segment_length = u16::try_from(text.len() + 2).map_err(|_| "comment too long")?;
    let (soi, rest) = jfif.split_at_checked(2).ok_or("JPEG too short")?;
    Ok([
        soi,
        &[0xFF, 0xFE],
        &segment_length.to_be_bytes(),
        text.as_bytes(),
        rest,
    ]
    .concat())
}

/// A NetVu picture header (netvu-formats.md §1.1) and `payload`: the AD
/// binary body of an MPEG-4 or H.264 frame.
fn picture_body(
    camera: u32,
    title: &str,
    format: i32,
    utc_ms: i64,
    alarm: &str,
    payload: &[u8],
) -> Vec<u8> {
    let header = PicHeader {
        cam: camera as i32,
        vid_format: format,
        size: payload.len() as u32,
        session_time: utc_ms.div_euclid(1000) as u32,
        milliseconds: utc_ms.rem_euclid(1000) as u32,
        title: title.into(),
        alarm: alarm.into(),
        src_pixels: WIDTH as u16,
        src_lines: HEIGHT as u16,
        target_pixels: WIDTH as u16,
        target_lines: HEIGHT as u16,
        utc_offset: UTC_OFFSET_MINUTES,
        ..PicHeader::default()
    };
    [&header.to_bytes()[..], payload].concat()
}

/// 200 ms of the tone from sample `first` on, as an audio header and 16-bit PCM.
fn tone_body(first: u64, utc_ms: i64) -> Vec<u8> {
    let count = u64::from(AUDIO_RATE) * FRAME_INTERVAL_MS as u64 / 1000;
    let pcm: Vec<u8> = (first..first + count)
        .flat_map(|n| {
            {
                let t = n as f64 / f64::from(AUDIO_RATE);
                ((t * TONE_HZ * std::f64::consts::TAU).sin() * 8000.0) as i16
            }
            .to_le_bytes()
        })
        .collect();
    let header = AudioHeader {
        version: AUDIO_VERSION,
        mode: AUDIO_MODE_PCM_8000,
        channel: AUDIO_CHANNEL as i32,
        additional_len: 0,
        audio_len: pcm.len() as u32,
        seconds: utc_ms.div_euclid(1000) as u32,
        msecs: utc_ms.rem_euclid(1000) as u32,
    };
    [&header.to_bytes()[..], &pcm].concat()
}

/// A 16×12 PBM motion mask (netvu-formats.md §9.5) with a 4×3 block of set
/// cells at column `x`.
fn motion_mask(x: u32) -> Vec<u8> {
    let mut pbm = b"P4\n16 12\n".to_vec();
    for row in 0..12u32 {
        let mut bits = 0u16;
        if (6..9).contains(&row) {
            for col in x..(x + 4).min(16) {
                bits |= 0x8000 >> col;
            }
        }
        pbm.extend_from_slice(&bits.to_be_bytes());
    }
    pbm
}

/// An inter-coded camera of the sample: number, title, its stream's units,
/// the data types and vid_formats of its key and other frames.
struct VideoCamera<'a> {
    camera: u32,
    title: &'a str,
    units: Vec<AccessUnit<'a>>,
    data_types: (u8, u8),
    formats: (i32, i32),
}

impl VideoCamera<'_> {
    /// Its frame `frame`, at `timestamp`.
    fn frame(&self, frame: u32, timestamp: i64) -> Result<ParFrame, String> {
        let AccessUnit { bytes, key } = *self
            .units
            .get(frame as usize)
            .ok_or_else(|| format!("camera {}'s stream has no frame {frame}", self.camera))?;
        let (data_type, format, flag) = if key {
            (self.data_types.0, self.formats.0, CHANNEL_KEY)
        } else {
            (self.data_types.1, self.formats.1, 0)
        };
        Ok(ParFrame {
            data_type,
            channel: self.camera | flag,
            timestamp,
            frame_number: frame,
            body: picture_body(self.camera, self.title, format, timestamp, "", bytes),
        })
    }
}

/// The sample's frames and events of one moment, `frame` (0 to
/// `FRAMES_PER_CAMERA - 1`): the JPEG cameras, the MPEG-4 camera and its
/// motion mask, the H.264 camera and the sound, 5 ms apart.
struct Moment<'a, E> {
    frame: u32,
    encode: &'a mut E,
    cameras: &'a [VideoCamera<'a>; 2],
}

impl<E: FnMut(&Card) -> Result<Vec<u8>, String>> Moment<'_, E> {
    /// The time of the moment's `slot`-th frame.
    fn at(&self, slot: i64) -> i64 {
        START_MS + i64::from(self.frame) * FRAME_INTERVAL_MS + slot * 5
    }

    fn frames(&mut self) -> Result<Vec<ParFrame>, String> {
        let frame = self.frame;
        let mut frames = Vec::new();
        for (slot, (camera, title, colour)) in CAMERAS.iter().enumerate() {
            let timestamp = self.at(slot as i64);
            let card = Card {
                camera: *camera,
                title,
                colour,
                frame,
            };
            let alarm = (*camera == 1 && ALARM_FRAMES.contains(&frame)).then_some(ALARM_TEXT);
            frames.push(ParFrame {
                data_type: data_type::JFIF,
                channel: *camera | CHANNEL_KEY,
                timestamp,
                frame_number: frame,
                body: with_netvu_comment(&(self.encode)(&card)?, *camera, title, timestamp, alarm)?,
            });
        }
        let [mpeg4, h264] = self.cameras;
        frames.push(mpeg4.frame(frame, self.at(2))?);
        if MASK_FRAMES.contains(&frame) {
            frames.push(ParFrame {
                data_type: data_type::PBM,
                channel: mpeg4.camera,
                timestamp: self.at(2),
                frame_number: frame,
                body: motion_mask(2 + (frame - MASK_FRAMES.start) * 3),
            });
        }
        frames.push(h264.frame(frame, self.at(3))?);
        let first_sample =
            u64::from(frame) * u64::from(AUDIO_RATE) * FRAME_INTERVAL_MS as u64 / 1000;
        frames.push(ParFrame {
            data_type: data_type::AUDIO_RAW,
            channel: AUDIO_CHANNEL,
            timestamp: self.at(4),
            frame_number: frame,
            body: tone_body(first_sample, self.at(4)),
        });
        Ok(frames)
    }

    /// The alarm of camera 1 and the motion on camera 3, when they start.
    fn events(&self) -> Vec<Event> {
        let event = |camera: u16, kind: EventKind, text: &str| Event {
            offset: 0,
            timestamp_ms: self.at(0),
            camera,
            kind,
            text: text.into(),
        };
        let mut events = Vec::new();
        if self.frame == ALARM_FRAMES.start {
            events.push(event(1, EventKind::Alarm, ALARM_TEXT));
        }
        if self.frame == MASK_FRAMES.start {
            events.push(event(3, EventKind::Motion, "Motion in zone 1"));
        }
        events
    }
}

/// Builds the sample PAR file: two JPEG cameras, an MPEG-4 and an H.264
/// camera, an audio channel and motion masks, interleaved, with settings
/// (schedule, motion detection zones) and two events. `encode` makes the
/// JPEG of a test card.
pub fn build_sample(
    mut encode: impl FnMut(&Card) -> Result<Vec<u8>, String>,
) -> Result<Vec<u8>, String> {
    let io_error = |e: std::io::Error| e.to_string();
    let cameras = [
        VideoCamera {
            camera: MPEG4_CAMERA.0,
            title: MPEG4_CAMERA.1,
            units: access_units(Codec::Mpeg4, MPEG4_STREAM),
            data_types: (data_type::MPEG4_I, data_type::MPEG4_P),
            formats: (vid_format::MPEG4_411_GOV_I, vid_format::MPEG4_411_GOV_P),
        },
        VideoCamera {
            camera: H264_CAMERA.0,
            title: H264_CAMERA.1,
            units: access_units(Codec::H264, H264_STREAM),
            data_types: (data_type::H264_I, data_type::H264_P),
            formats: (vid_format::H264_I, vid_format::H264_P),
        },
    ];
    let mut writer = ParWriter::new(
        Cursor::new(Vec::new()),
        START_MS,
        UTC_OFFSET_MINUTES,
        0,
        false,
    )
    .map_err(io_error)?;
    writer.settings(SETTINGS.as_bytes()).map_err(io_error)?;
    for frame in 0..FRAMES_PER_CAMERA {
        let mut moment = Moment {
            frame,
            encode: &mut encode,
            cameras: &cameras,
        };
        for par_frame in moment.frames()? {
            writer.frame(&par_frame).map_err(io_error)?;
        }
        for event in moment.events() {
            writer.event(&event).map_err(io_error)?;
        }
    }
    Ok(writer.finish().map_err(io_error)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use netvu::unit::{decodable, Decodable};
    use netvu::{frame_detail, Codec, Media};

    /// A stand-in card: SOI, the card's camera and frame, EOI. The sample
    /// only wraps the browser's JPEG; drawing is tested in the browser.
    fn card_bytes(card: &Card) -> Result<Vec<u8>, String> {
        Ok(vec![
            0xFF,
            0xD8,
            card.camera as u8,
            card.frame as u8,
            0xFF,
            0xD9,
        ])
    }

    #[test]
    fn the_sample_holds_four_cameras_sound_masks_events_and_settings() {
        let bytes = build_sample(card_bytes).expect("sample");
        let index = netvu::index_bytes(&bytes);
        assert!(index.problems.is_empty(), "{:?}", index.problems);
        let cameras: Vec<(u16, Codec, u64, u64, &str)> = index
            .cameras
            .iter()
            .map(|c| (c.camera, c.codec, c.frames, c.key_frames, c.title.as_str()))
            .collect();
        assert_eq!(
            cameras,
            vec![
                (1, Codec::Jfif, 15, 15, "Front Gate"),
                (2, Codec::Jfif, 15, 15, "Loading Bay"),
                (3, Codec::Mpeg4, 15, 1, "Car Park"),
                (4, Codec::H264, 15, 1, "Reception"),
            ]
        );
        let audio = &index.audio[0];
        assert_eq!(
            (audio.channel, audio.sample_rate, audio.frames),
            (1, AUDIO_RATE, 15)
        );
        let masks = index
            .frames
            .iter()
            .filter(|f| f.codec == Codec::Pbm)
            .count();
        assert_eq!(masks, MASK_FRAMES.len());
        assert_eq!(index.events.len(), 2);
        assert_eq!(index.utc_offset(), Some(UTC_OFFSET_MINUTES));
        let settings = index.settings.as_ref().expect("settings").settings.typed();
        assert_eq!(settings.cameras.len(), 4);
        assert_eq!(settings.vmd.len(), 1);
    }

    #[test]
    fn jpeg_frames_carry_their_card_and_a_netvu_comment() {
        let bytes = build_sample(card_bytes).expect("sample");
        let index = netvu::index_bytes(&bytes);
        let unit = |at: usize| {
            let range = index.frames[at].unit_range();
            &bytes[range.start as usize..range.end as usize]
        };
        // Camera 2's seventh frame (its frame 6), 5 ms after camera 1's.
        let at = index
            .frames
            .iter()
            .position(|f| f.stream == 2 && f.frame_number() == Some(6))
            .expect("frame");
        let entry = index.frames[at];
        assert_eq!(
            entry.timestamp_ms(),
            Some(START_MS + 6 * FRAME_INTERVAL_MS + 5)
        );
        let detail = frame_detail(&entry, unit(at));
        assert_eq!(detail.title, "Loading Bay");
        assert_eq!(detail.utc_offset, Some(UTC_OFFSET_MINUTES));
        let Ok(Decodable::Jpeg(jpeg)) = decodable(&entry, unit(at)) else {
            panic!("a JPEG");
        };
        assert_eq!(jpeg[..2], [0xFF, 0xD8]);
        assert!(
            jpeg.ends_with(&[2, 6, 0xFF, 0xD9]),
            "the card's own bytes follow the comment"
        );
        // Camera 1's alarm frames say so.
        let alarms: Vec<u32> = index
            .frames
            .iter()
            .enumerate()
            .filter(|(_, f)| f.stream == 1 && f.media() == Media::Video)
            .filter(|(k, f)| frame_detail(f, unit(*k)).alarm == ALARM_TEXT)
            .filter_map(|(_, f)| f.frame_number())
            .collect();
        assert_eq!(alarms, ALARM_FRAMES.collect::<Vec<_>>());
    }
}
