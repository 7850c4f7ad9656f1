//! What the JS functions return, as serde data: the library's own serde
//! shapes where it has them (those of `netvu info --json` and
//! `netvu settings --json`) with their field names camel-cased, small views
//! where it has none (a frame entry, a decodable unit), secrets masked.
//! `types.d.ts` describes every shape; the browser test checks it against
//! real outputs.

use netvu::index::Index;
use netvu::model::{Codec, Format, FrameEntry, Media};
use netvu::probe::NotNetvu;
use netvu::settings::Settings;
use netvu::unit::Decodable;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// What `probe` returns.
#[derive(Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProbeView {
    pub format: Format,
    pub not_netvu: Option<NotNetvuView>,
}

impl ProbeView {
    /// What `head`, the first bytes of a file (64 KiB are enough), is.
    pub fn of(head: &[u8]) -> ProbeView {
        let format = netvu::probe(head);
        let not_netvu = if format == Format::NotNetvu {
            netvu::probe::not_netvu(head).map(NotNetvuView::from)
        } else {
            None
        };
        ProbeView { format, not_netvu }
    }
}

/// What a file that is not a NetVu recording is, and the line to show.
#[derive(Debug, PartialEq, Serialize)]
pub struct NotNetvuView {
    pub kind: NotNetvu,
    pub message: &'static str,
}

impl From<NotNetvu> for NotNetvuView {
    fn from(kind: NotNetvu) -> Self {
        NotNetvuView {
            kind,
            message: kind.sentence(),
        }
    }
}

/// One indexed unit (a picture, a sound block or a data unit): the
/// library's compact `FrameEntry` with its flags and sentinels spelt out.
#[derive(Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FrameView {
    pub media: Media,
    pub codec: Codec,
    /// The picture's camera, or the camera a sound block belongs to where
    /// the container says.
    pub camera: Option<u16>,
    /// A sound block's channel.
    pub channel: Option<u16>,
    pub key: bool,
    /// A picture cut short by the end of the file.
    pub truncated: bool,
    /// UTC milliseconds, a JS number (exact below 2^53 ms, 285 000 years).
    pub timestamp_ms: Option<f64>,
    pub frame_number: Option<u32>,
    pub width: Option<u16>,
    pub height: Option<u16>,
    pub sample_rate: Option<u32>,
    /// Where the unit's bytes are in the file (for `Blob.slice`).
    pub unit_offset: u64,
    pub unit_length: u32,
    pub payload_offset: u64,
    pub payload_length: u32,
}

impl From<&FrameEntry> for FrameView {
    fn from(entry: &FrameEntry) -> Self {
        let media = entry.media();
        let picture = media == Media::Video;
        let (camera, channel) = match media {
            Media::Video => (Some(entry.stream), None),
            Media::Audio => (entry.camera_of_audio(), Some(entry.stream)),
            Media::Data => (None, None),
        };
        FrameView {
            media,
            codec: entry.codec,
            camera,
            channel,
            key: entry.key(),
            truncated: entry.truncated(),
            timestamp_ms: entry.timestamp_ms().map(|t| t as f64),
            frame_number: entry.frame_number(),
            width: picture.then_some(entry.width),
            height: picture.then_some(entry.height),
            sample_rate: (media == Media::Audio).then_some(entry.sample_rate),
            unit_offset: entry.unit_offset,
            unit_length: entry.unit_length,
            payload_offset: entry.payload_offset(),
            payload_length: entry.payload_length,
        }
    }
}

/// What `index` returns.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IndexView<'a> {
    format: Format,
    not_netvu: Option<NotNetvuView>,
    /// In file order, data units included: `frame(bytes, n)` takes a
    /// position in this list.
    #[serde(serialize_with = "frame_views")]
    frames: &'a [FrameEntry],
    cameras: Value,
    audio: Value,
    events: Value,
    problems: Value,
    /// Problems past the library's cap, counted but not listed.
    problems_not_listed: u64,
    par_header: Value,
    settings: Option<Value>,
}

impl<'a> IndexView<'a> {
    pub fn of(index: &'a Index) -> IndexView<'a> {
        IndexView {
            format: index.format,
            not_netvu: index.not_netvu.map(NotNetvuView::from),
            frames: &index.frames,
            cameras: camel_cased(&index.cameras),
            audio: camel_cased(&index.audio),
            events: camel_cased(&index.events),
            problems: camel_cased(&index.problems.list),
            problems_not_listed: index.problems.not_listed,
            par_header: camel_cased(&index.par_header),
            settings: index.settings.as_ref().map(|s| settings_view(&s.settings)),
        }
    }
}

/// Each entry's view made as it is serialized: a long recording has
/// millions.
fn frame_views<S: Serializer>(frames: &&[FrameEntry], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(frames.iter().map(FrameView::from))
}

/// `settings`'s shape (`{ sections, typed, warnings }`, field names
/// camel-cased) with the value of every secret entry (a key containing
/// `password`, wherever it is) emptied.
pub fn settings_view(settings: &Settings) -> Value {
    let mut view = camel_cased(settings);
    mask_secrets(&mut view);
    view
}

/// Empties the `value` of every object marked `secret` (the library's
/// settings `Entry`, in `sections`, in typed fields and in `other` lists).
fn mask_secrets(value: &mut Value) {
    match value {
        Value::Object(fields) => {
            if fields.get("secret") == Some(&Value::Bool(true)) {
                if let Some(secret) = fields.get_mut("value") {
                    *secret = Value::String(String::new());
                }
            }
            fields.values_mut().for_each(mask_secrets);
        }
        Value::Array(items) => items.iter_mut().for_each(mask_secrets),
        _ => {}
    }
}

/// What `frame` returns: the entry, every field its unit's headers hold,
/// and the unit as a decoder takes it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FrameResult {
    #[serde(flatten)]
    entry: FrameView,
    detail: Value,
    decodable: Option<DecodableView>,
    /// Why `decodable` is null.
    decode_error: Option<String>,
}

impl FrameResult {
    /// Frame `n` of `index` (a position in its frames), read from `bytes`,
    /// the file `index` was made from; `None` if there is no such frame.
    pub fn of(index: &Index, bytes: &[u8], n: usize) -> Option<FrameResult> {
        let entry = index.frames.get(n)?;
        let range = entry.unit_range();
        // A unit cut by the end of the file counts only the bytes present.
        let end = usize::try_from(range.end).map_or(bytes.len(), |end| end.min(bytes.len()));
        let unit = usize::try_from(range.start)
            .ok()
            .and_then(|start| bytes.get(start..end))
            .unwrap_or_default();
        let (decodable, decode_error) = match netvu::unit::decodable(entry, unit) {
            Ok(decodable) => (Some(DecodableView::from(decodable)), None),
            Err(error) => (None, Some(error)),
        };
        Some(FrameResult {
            entry: FrameView::from(entry),
            detail: camel_cased(&netvu::frame_detail(entry, unit)),
            decodable,
            decode_error,
        })
    }
}

/// A frame as a decoder takes it (`netvu::unit::Decodable`), told apart by
/// `kind`; bytes as `Uint8Array`, samples as `Int16Array`.
#[derive(Debug, PartialEq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum DecodableView {
    /// A complete JFIF file (a headerless NetVu JPEG rebuilt).
    Jpeg {
        #[serde(serialize_with = "uint8_array")]
        bytes: Vec<u8>,
    },
    /// A complete `.bmp` file.
    Bmp {
        #[serde(serialize_with = "uint8_array")]
        bytes: Vec<u8>,
    },
    /// MPEG-4 Part 2 elementary stream; an I-VOP with a VOL where the
    /// stream has none.
    Mpeg4 {
        #[serde(serialize_with = "uint8_array")]
        bytes: Vec<u8>,
    },
    /// H.264 in Annex B.
    H264 {
        #[serde(serialize_with = "uint8_array")]
        bytes: Vec<u8>,
    },
    /// Mono 16-bit samples.
    Audio {
        sample_rate: u32,
        #[serde(serialize_with = "int16_array")]
        samples: Vec<i16>,
    },
    /// A motion-detection mask as a standard P4 `.pbm` file.
    Mask {
        width: u32,
        height: u32,
        #[serde(serialize_with = "uint8_array")]
        pbm: Vec<u8>,
    },
    /// A data unit's text.
    Data { text: String },
}

impl From<Decodable> for DecodableView {
    fn from(decodable: Decodable) -> Self {
        match decodable {
            Decodable::Jpeg(bytes) => DecodableView::Jpeg { bytes },
            Decodable::Bmp(bytes) => DecodableView::Bmp { bytes },
            Decodable::Mpeg4(bytes) => DecodableView::Mpeg4 { bytes },
            Decodable::H264(bytes) => DecodableView::H264 { bytes },
            Decodable::Audio {
                sample_rate,
                samples,
            } => DecodableView::Audio {
                sample_rate,
                samples,
            },
            Decodable::Mask(mask) => DecodableView::Mask {
                width: mask.width,
                height: mask.height,
                pbm: mask.pbm,
            },
            Decodable::Data(text) => DecodableView::Data { text },
        }
    }
}

/// Bytes as serde bytes: serde-wasm-bindgen makes them a `Uint8Array`.
fn uint8_array<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_bytes(bytes)
}

/// Samples as an `Int16Array`: serde has no such type, so the array is
/// made here and serde-wasm-bindgen passes it on as it is.
fn int16_array<S: Serializer>(samples: &[i16], serializer: S) -> Result<S::Ok, S::Error> {
    serde_wasm_bindgen::preserve::serialize(&js_sys::Int16Array::from(samples), serializer)
}

/// `value` as the library serializes it, its field names camel-cased and
/// integers past 2^53 (only in damaged fields and in VMD zone rows of grids
/// wider than 53 columns) as the nearest JS number, where serde-wasm-bindgen
/// would fail. The library serializes no maps keyed by data: every key is a
/// field name.
pub fn camel_cased<T: Serialize + ?Sized>(value: &T) -> Value {
    // Plain data with string keys: serializing it cannot fail.
    js_shaped(serde_json::to_value(value).unwrap_or_default())
}

fn js_shaped(value: Value) -> Value {
    /// `Number.MAX_SAFE_INTEGER`.
    const MAX_SAFE: u64 = (1 << 53) - 1;
    match value {
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(name, value)| (camel_case(&name), js_shaped(value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(js_shaped).collect()),
        Value::Number(n)
            if n.as_i64()
                .map_or(n.is_u64(), |i| i.unsigned_abs() > MAX_SAFE) =>
        {
            n.as_f64().map_or(Value::Null, Value::from)
        }
        other => other,
    }
}

/// `first_timestamp_ms` → `firstTimestampMs`.
fn camel_case(snake: &str) -> String {
    let mut words = snake.split('_');
    let mut camel = words.next().unwrap_or_default().to_string();
    for word in words {
        let mut chars = word.chars();
        camel.extend(chars.next().map(|c| c.to_ascii_uppercase()));
        camel.push_str(chars.as_str());
    }
    camel
}

#[cfg(test)]
mod tests {
    use super::*;
    use netvu::model::UnitLayout;
    use serde_json::json;

    fn entry(codec: Codec, stream: u16, flags: u8) -> FrameEntry {
        FrameEntry {
            unit_offset: 100,
            timestamp: FrameEntry::NO_TIME,
            unit_length: 50,
            payload_start: 10,
            payload_length: 40,
            number: FrameEntry::NO_NUMBER,
            sample_rate: 8000,
            stream,
            width: 64,
            height: 48,
            codec,
            layout: UnitLayout::Picture,
            flags,
        }
    }

    #[test]
    fn field_names_are_camel_cased_and_values_kept() {
        assert_eq!(camel_case("first_timestamp_ms"), "firstTimestampMs");
        assert_eq!(camel_case("alm_bitmask_hi"), "almBitmaskHi");
        assert_eq!(camel_case("title"), "title");
        let problem = netvu::Problem::new(7, netvu::problem::Code::CrcMismatch, "FRAM chunk");
        let header = json!({ "version": 1, "header_size": 40, "index_offset": u64::MAX });
        assert_eq!(
            camel_cased(&[problem]),
            json!([{ "offset": 7, "code": "crc_mismatch", "detail": "FRAM chunk", "length": null }])
        );
        // A damaged field past 2^53 becomes the nearest JS number instead of an error.
        assert_eq!(
            camel_cased(&header),
            json!({ "version": 1, "headerSize": 40, "indexOffset": 1.8446744073709552e19 })
        );
        assert_eq!(
            camel_cased(&json!([-(1i64 << 53)])),
            json!([-9.007199254740992e15])
        );
        assert_eq!(
            camel_cased(&json!([(1u64 << 53) - 1])),
            json!([9007199254740991u64])
        );
    }

    #[test]
    fn a_picture_has_its_camera_and_size_a_sound_block_its_channel() {
        let picture = FrameView::from(&entry(Codec::Jpeg, 3, FrameEntry::KEY));
        assert_eq!(
            (
                picture.camera,
                picture.channel,
                picture.width,
                picture.sample_rate
            ),
            (Some(3), None, Some(64), None)
        );
        assert!(picture.key && !picture.truncated);
        assert_eq!((picture.timestamp_ms, picture.frame_number), (None, None));
        assert_eq!((picture.unit_offset, picture.payload_offset), (100, 110));

        let camera_sound = FrameView::from(&entry(Codec::AdpcmIma, 2, FrameEntry::CAMERA_AUDIO));
        assert_eq!(
            (
                camera_sound.camera,
                camera_sound.channel,
                camera_sound.width,
                camera_sound.sample_rate
            ),
            (Some(2), Some(2), None, Some(8000))
        );
        let sound = FrameView::from(&entry(Codec::PcmS16le, 1, 0));
        assert_eq!((sound.camera, sound.channel), (None, Some(1)));
        let data = FrameView::from(&FrameEntry {
            timestamp: 1_795_600_000_000,
            number: 12,
            ..entry(Codec::Info, 1, FrameEntry::TRUNCATED)
        });
        assert_eq!((data.camera, data.channel, data.height), (None, None, None));
        assert_eq!(
            (data.timestamp_ms, data.frame_number),
            (Some(1_795_600_000_000.0), Some(12))
        );
        assert!(data.truncated);
        assert_eq!(
            serde_json::to_value(&data).unwrap()["timestampMs"],
            json!(1_795_600_000_000.0)
        );
    }

    #[test]
    fn every_secret_is_masked_and_nothing_else() {
        let settings = Settings::parse(
            b"[Camera 1]\r\ntitle = Gate\r\n[FTP]\r\nuser = bob\r\npassword = ftp-secret\r\n\
              [Security]\r\nuser_password = user-secret\r\n[Vendor]\r\nadmin_password = vendor-secret\r\n",
        );
        let view = settings_view(&settings);
        let text = view.to_string();
        for secret in ["ftp-secret", "user-secret", "vendor-secret"] {
            assert!(!text.contains(secret), "{secret} shown in {text}");
        }
        assert_eq!(view["typed"]["cameras"][0]["title"], "Gate");
        assert_eq!(view["typed"]["ftp"]["user"], "bob");
        let password = &view["typed"]["ftp"]["password"];
        assert_eq!(
            (&password["key"], &password["value"], &password["secret"]),
            (&json!("password"), &json!(""), &json!(true))
        );
        let security = &view["sections"][2]["entries"][0];
        assert_eq!(
            (&security["key"], &security["value"]),
            (&json!("user_password"), &json!(""))
        );
        assert_eq!(view["typed"]["unknownSections"], json!(["Vendor"]));
    }

    #[test]
    fn a_decodable_unit_keeps_its_bytes_and_says_its_kind() {
        let jpeg = DecodableView::from(Decodable::Jpeg(vec![0xFF, 0xD8]));
        assert_eq!(
            serde_json::to_value(&jpeg).unwrap(),
            json!({ "kind": "jpeg", "bytes": [0xFF, 0xD8] })
        );
        let mask = netvu::codec::pbm::parse_pbm(b"P4\n16 2\n\x02\x00\x02\xff").unwrap();
        let view = DecodableView::from(Decodable::Mask(mask.clone()));
        assert_eq!(
            view,
            DecodableView::Mask {
                width: 16,
                height: 2,
                pbm: mask.pbm
            }
        );
        assert_eq!(serde_json::to_value(&view).unwrap()["kind"], "mask");
        let h264 =
            serde_json::to_value(DecodableView::from(Decodable::H264(vec![0, 0, 1]))).unwrap();
        assert_eq!(h264["kind"], "h264");
        let audio = DecodableView::from(Decodable::Audio {
            sample_rate: 8000,
            samples: vec![1, -1],
        });
        assert_eq!(
            audio,
            DecodableView::Audio {
                sample_rate: 8000,
                samples: vec![1, -1]
            }
        );
    }

    #[test]
    fn probe_names_what_another_kind_of_file_is() {
        let parity = ProbeView::of(b"PAR\0\0\0\0\0\0\0\x01\0");
        assert_eq!(parity.format, Format::NotNetvu);
        assert_eq!(
            parity.not_netvu,
            Some(NotNetvuView::from(NotNetvu::Parchive))
        );
        assert_eq!(
            serde_json::to_value(&parity).unwrap(),
            json!({ "format": "not_netvu", "notNetvu": { "kind": "parchive", "message": NotNetvu::Parchive.sentence() } })
        );
        let par = ProbeView::of(b"PAR\0\x01\x00\x28\x00");
        assert_eq!((par.format, par.not_netvu), (Format::Par, None));
    }

    #[test]
    fn a_frame_is_read_from_the_file_its_index_was_made_from() {
        let bytes = mask_stream();
        let index = netvu::index_bytes(&bytes);
        let at = index
            .frames
            .iter()
            .position(|f| f.codec == Codec::Pbm)
            .unwrap();
        let frame = FrameResult::of(&index, &bytes, at).unwrap();
        assert_eq!(frame.entry, FrameView::from(&index.frames[at]));
        assert!(matches!(
            frame.decodable,
            Some(DecodableView::Mask {
                width: 16,
                height: 2,
                ..
            })
        ));
        assert_eq!(frame.decode_error, None);
        assert!(FrameResult::of(&index, &bytes, index.frames.len()).is_none());
        // Bytes that are not the file's: the unit does not read, and says so.
        let cut = FrameResult::of(&index, &bytes[..10], at).unwrap();
        assert!(cut.decodable.is_none() && cut.decode_error.is_some());
    }

    /// An AD binary stream of one chunk: a 16×2 PBM mask (data type 14).
    fn mask_stream() -> Vec<u8> {
        let pbm = b"P4\n16 2\n\x02\x00\x02\xff";
        let size = u32::try_from(pbm.len()).unwrap().to_be_bytes();
        [&[14, 0][..], &size, pbm].concat()
    }
}
