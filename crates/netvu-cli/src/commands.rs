//! The commands: each indexes its files, then prints or writes.

use crate::source::Source;
use netvu::index::Index;
use netvu::indexer::IndexOptions;
use netvu::model::{FrameEntry, Media, UnitLayout};
use netvu::par_writer::{to_par_frame, ParFrame, ParWriter};
use netvu::sequence::{self, Part};
use netvu::unit::{decodable, payload, rebuild_jpeg, Decodable};
use netvu::{frame_detail, Codec, Format};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

type Result<T> = std::result::Result<T, String>;

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn io_err(e: io::Error) -> String {
    e.to_string()
}

fn opt_ts(t: Option<i64>) -> Value {
    t.map_or(Value::Null, Value::from)
}

fn info_json(src: &Source, ix: &Index) -> Value {
    json!({
        "file": src.name,
        "size": src.len,
        "format": ix.format.name(),
        "kind": ix.not_netvu.map(|k| k.name()),
        "frames": ix.frame_count(),
        "cameras": ix.cameras.iter().map(|c| json!({
            "camera": c.camera, "title": c.title, "codec": c.codec.name(), "width": c.width, "height": c.height,
            "frames": c.frames, "key_frames": c.key_frames,
            "first_timestamp_ms": opt_ts(c.first_timestamp_ms), "last_timestamp_ms": opt_ts(c.last_timestamp_ms),
        })).collect::<Vec<_>>(),
        "audio": ix.audio.iter().map(|a| json!({
            "channel": a.channel, "camera_of_audio": a.camera_of_audio, "codec": a.codec.name(),
            "sample_rate": a.sample_rate, "frames": a.frames,
            "first_timestamp_ms": opt_ts(a.first_timestamp_ms), "last_timestamp_ms": opt_ts(a.last_timestamp_ms),
        })).collect::<Vec<_>>(),
        "events": ix.events,
        "settings_sections": ix.settings.as_ref().map(|s| s.settings.sections().iter().map(|s| s.name.clone()).collect::<Vec<_>>()).unwrap_or_default(),
        "par_header": ix.par_header,
        "utc_offset": ix.utc_offset(),
        "problems": ix.problems.list,
        "problems_not_listed": ix.problems.not_listed,
    })
}

pub fn info(files: &[PathBuf], as_json: bool) -> Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    let mut opened = Vec::new();
    for path in files {
        let mut src = Source::open(path)?;
        // `info` summarises: it trusts PAR chunk lengths rather than hashing payloads.
        let ix = src.index_with(IndexOptions {
            verify_checksums: false,
        })?;
        opened.push((src, ix));
    }
    let pars: Vec<(usize, Part)> = opened
        .iter()
        .enumerate()
        .filter_map(|(i, (src, ix))| {
            Some((
                i,
                Part {
                    name: &src.name,
                    header: ix.par_header.as_ref()?,
                },
            ))
        })
        .collect();
    let parts: Vec<Part> = pars
        .iter()
        .map(|(_, p)| Part {
            name: p.name,
            header: p.header,
        })
        .collect();
    let sequences = sequence::group(&parts);
    let sequence_of = |file: usize| {
        let at = pars.iter().position(|(i, _)| *i == file)?;
        sequences.iter().find(|s| s.parts.contains(&at))
    };
    for (i, (src, ix)) in opened.iter().enumerate() {
        let mut v = info_json(src, ix);
        if let Some(seq) = sequence_of(i) {
            v["sequence"] = json!({ "recording": seq.name, "missing": seq.missing });
        }
        if as_json {
            writeln!(out, "{v}").map_err(io_err)?;
            continue;
        }
        if let Some(kind) = ix.not_netvu {
            writeln!(out, "{}: {}", src.name, kind.sentence()).map_err(io_err)?;
            continue;
        }
        writeln!(
            out,
            "{}: {} ({} bytes), {} frames",
            src.name,
            ix.format.name(),
            src.len,
            ix.frame_count()
        )
        .map_err(io_err)?;
        let multi_file = |h: &netvu::index::ParHeader| {
            h.sequence > 0 || h.flags & netvu::index::ParHeader::MORE_FILES != 0
        };
        if let (Some(h), Some(seq)) = (
            ix.par_header.as_ref().filter(|h| multi_file(h)),
            sequence_of(i),
        ) {
            writeln!(out, "  part {} of recording {:?}", h.sequence, seq.name).map_err(io_err)?;
            for m in &seq.missing {
                writeln!(out, "  missing part: {m}").map_err(io_err)?;
            }
        }
        for c in &ix.cameras {
            writeln!(
                out,
                "  camera {:>2} {:<20} {:<5} {}x{}  {} frames ({} key)  {} .. {}",
                c.camera,
                format!("{:?}", c.title),
                c.codec.name(),
                c.width,
                c.height,
                c.frames,
                c.key_frames,
                fmt_time(c.first_timestamp_ms),
                fmt_time(c.last_timestamp_ms)
            )
            .map_err(io_err)?;
        }
        for a in &ix.audio {
            writeln!(
                out,
                "  audio {:>2} {} {} Hz  {} blocks",
                a.channel,
                a.codec.name(),
                a.sample_rate,
                a.frames
            )
            .map_err(io_err)?;
        }
        for e in &ix.events {
            writeln!(
                out,
                "  event {} camera {} {:?}: {}",
                fmt_time(Some(e.timestamp_ms)),
                e.camera,
                e.kind,
                e.text
            )
            .map_err(io_err)?;
        }
        if let Some(s) = &ix.settings {
            let names: Vec<_> = s
                .settings
                .sections()
                .iter()
                .map(|s| s.name.as_str())
                .collect();
            writeln!(out, "  settings: {}", names.join(", ")).map_err(io_err)?;
        }
        for p in &ix.problems.list {
            let span = p.end().map_or(String::new(), |end| format!("..{end}"));
            writeln!(
                out,
                "  problem at {}{span} [{}]: {}",
                p.offset,
                p.code.name(),
                p.detail
            )
            .map_err(io_err)?;
        }
    }
    out.flush().map_err(io_err)
}

/// UTC time as ISO 8601 with milliseconds.
fn fmt_time(ms: Option<i64>) -> String {
    let Some(ms) = ms else { return "-".into() };
    let (days, rem) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000
    )
}

fn frame_json(ix: &Index, index: Option<usize>, e: &FrameEntry, unit: &[u8]) -> Value {
    let mut detail = frame_detail(e, unit);
    if matches!(e.layout, UnitLayout::MinimalVideo | UnitLayout::Bare) && e.codec != Codec::Pbm {
        // Minimal frames, BMP pictures and MIME pictures without their text
        // part carry no title: their camera's, where something named it.
        if let Some(title) = ix.camera_title(e.stream) {
            detail.title = title.to_string();
        }
    }
    let data = payload(e, unit).unwrap_or(&[]);
    let mut v = json!({
        "index": index,
        "media": e.media(),
        "codec": e.codec.name(),
        "key": e.key(),
        "timestamp_ms": opt_ts(e.timestamp_ms()),
        "frame_number": e.frame_number(),
        "payload_offset": e.payload_offset(),
        "payload_length": e.payload_length,
        "payload_sha256": hex_sha256(data),
    });
    if e.truncated() {
        v["truncated"] = true.into();
    }
    let m = v.as_object_mut().expect("object literal");
    match e.media() {
        Media::Video => {
            m.insert("camera".into(), e.stream.into());
            m.insert("width".into(), e.width.into());
            m.insert("height".into(), e.height.into());
            m.insert("title".into(), detail.title.clone().into());
            m.insert("alarm".into(), detail.alarm.clone().into());
            m.insert("locale".into(), detail.locale.clone().into());
            m.insert("utc_offset".into(), detail.utc_offset.into());
            m.insert("q_factor".into(), detail.q_factor.into());
            m.insert("text".into(), detail.text.clone().into());
            if e.codec == Codec::Jpeg {
                let jfif = rebuild_jpeg(e, unit).map(|j| hex_sha256(&j)).ok();
                m.insert("jfif_sha256".into(), jfif.into());
            }
        }
        Media::Audio => {
            m.insert("channel".into(), e.stream.into());
            m.insert("camera_of_audio".into(), e.camera_of_audio().into());
            m.insert("sample_rate".into(), e.sample_rate.into());
        }
        Media::Data => {
            m.insert("text".into(), netvu::text::decode(data).into_owned().into());
        }
    }
    if !detail.problems.is_empty() {
        m.insert("problems".into(), detail.problems.into());
    }
    v
}

pub fn frames(files: &[PathBuf], as_json: bool) -> Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    for path in files {
        let mut src = Source::open(path)?;
        let ix = src.index()?;
        let mut n = 0usize;
        for e in &ix.frames {
            let unit = src.read_range(e.unit_range())?;
            let index = (e.media() != Media::Data).then(|| {
                n += 1;
                n - 1
            });
            // The vendor's demuxer returns a cut MPEG-4 or H.264 picture but
            // drops a cut headerless JPEG: the listing keeps to what it returns
            // (the index number stays taken: render and extract use it).
            if e.truncated() && e.codec == Codec::Jpeg {
                continue;
            }
            let v = frame_json(&ix, index, e, &unit);
            if as_json {
                writeln!(out, "{v}").map_err(io_err)?;
            } else {
                writeln!(
                    out,
                    "{:>6} {:<5} {:<9} stream {:>2} {} {:>9} bytes at {:<10} {}",
                    index.map_or("-".into(), |i| i.to_string()),
                    format!("{:?}", e.media()).to_lowercase(),
                    e.codec.name(),
                    e.stream,
                    if e.key() { "K" } else { " " },
                    e.payload_length,
                    e.payload_offset(),
                    fmt_time(e.timestamp_ms())
                )
                .map_err(io_err)?;
            }
        }
    }
    out.flush().map_err(io_err)
}

pub fn settings(path: &Path, as_json: bool, ini: bool) -> Result<()> {
    let mut src = Source::open(path)?;
    let ix = src.index()?;
    let mut out = io::stdout().lock();
    let Some(stored) = &ix.settings else {
        if !ini {
            writeln!(out, "{}: no settings ({})", src.name, ix.format.name()).map_err(io_err)?;
        }
        return Ok(());
    };
    let s = &stored.settings;
    if ini {
        out.write_all(s.raw()).map_err(io_err)?;
    } else if as_json {
        let v = json!({ "sections": s.sections(), "typed": s.typed(), "warnings": s.warnings() });
        writeln!(out, "{v}").map_err(io_err)?;
    } else {
        out.write_all(s.to_ini_without_secrets().as_bytes())
            .map_err(io_err)?;
        for w in s.warnings() {
            writeln!(out, "; warning: {}", w.message).map_err(io_err)?;
        }
    }
    out.flush().map_err(io_err)
}

pub fn extract(path: &Path, dir: &Path, camera: Option<u16>, only: Option<usize>) -> Result<()> {
    let mut src = Source::open(path)?;
    let ix = src.index()?;
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut streams: BTreeMap<String, fs::File> = BTreeMap::new();
    let mut audio: BTreeMap<u16, (u32, Vec<i16>)> = BTreeMap::new();
    let mut n = 0usize;
    let mut written = 0usize;
    for e in &ix.frames {
        if e.media() == Media::Data {
            continue;
        }
        let index = n;
        n += 1;
        if only.is_some_and(|i| i != index)
            || camera.is_some_and(|c| e.media() != Media::Video || c != e.stream)
        {
            continue;
        }
        let unit = src.read_range(e.unit_range())?;
        let unit = match decodable(e, &unit) {
            Ok(u) => u,
            Err(why) => {
                eprintln!("netvu: frame {index}: {why}");
                continue;
            }
        };
        let mut append = |name: String, bytes: &[u8]| -> Result<()> {
            let file = match streams.entry(name.clone()) {
                std::collections::btree_map::Entry::Occupied(f) => f.into_mut(),
                std::collections::btree_map::Entry::Vacant(v) => {
                    v.insert(fs::File::create(dir.join(&name)).map_err(|e| format!("{name}: {e}"))?)
                }
            };
            file.write_all(bytes).map_err(io_err)
        };
        match unit {
            Decodable::Jpeg(jpg) => {
                let name = format!("camera{:02}_{index:06}.jpg", e.stream);
                fs::write(dir.join(&name), jpg).map_err(|e| format!("{name}: {e}"))?;
            }
            Decodable::Bmp(bmp) => {
                let name = format!("camera{:02}_{index:06}.bmp", e.stream);
                fs::write(dir.join(&name), bmp).map_err(|e| format!("{name}: {e}"))?;
            }
            Decodable::Mpeg4(es) => append(format!("camera{:02}.m4v", e.stream), &es)?,
            Decodable::H264(es) => append(format!("camera{:02}.h264", e.stream), &es)?,
            Decodable::Audio {
                sample_rate,
                samples,
            } => {
                audio
                    .entry(e.stream)
                    .or_insert((sample_rate, Vec::new()))
                    .1
                    .extend(samples);
            }
            Decodable::Mask(m) => {
                let name = format!("camera{:02}_{index:06}_mask.pbm", e.stream);
                fs::write(dir.join(&name), m.pbm).map_err(|e| format!("{name}: {e}"))?;
            }
            Decodable::Data(_) => continue,
        }
        written += 1;
    }
    for (channel, (rate, samples)) in audio {
        let name = format!("audio{channel:02}.wav");
        fs::write(dir.join(&name), netvu::codec::wav::wav_file(rate, &samples))
            .map_err(|e| format!("{name}: {e}"))?;
    }
    eprintln!("netvu: wrote {written} frames to {}", dir.display());
    Ok(())
}

pub fn convert(inputs: &[PathBuf], out_path: &Path) -> Result<()> {
    let mut sources = Vec::new();
    for path in inputs {
        let mut src = Source::open(path)?;
        let ix = src.index()?;
        sources.push((src, ix));
    }
    let first = sources.first().map(|(_, ix)| ix);
    let header = first.and_then(|ix| ix.par_header.clone());
    let file = fs::File::create(out_path).map_err(|e| format!("{}: {e}", out_path.display()))?;
    let mut w = ParWriter::new(
        BufWriter::new(file),
        header.as_ref().map_or(0, |h| h.created_ms),
        header.as_ref().map_or(0, |h| h.utc_offset),
        header.as_ref().map_or(0, |h| h.sequence),
        false,
    )
    .map_err(io_err)?;
    if let Some(s) = sources.iter().find_map(|(_, ix)| ix.settings.as_ref()) {
        w.settings(s.settings.raw()).map_err(io_err)?;
    }
    let mut numbers: BTreeMap<(bool, u16), u32> = BTreeMap::new();
    for (src, ix) in &mut sources {
        // PAR sources keep their chunks' order; events go where they were.
        let mut events = ix.events.iter().peekable();
        for e in &ix.frames {
            while let Some(ev) = events.next_if(|ev| ev.offset < e.unit_offset) {
                w.event(ev).map_err(io_err)?;
            }
            let unit = src.read_range(e.unit_range())?;
            let frame = if ix.format == Format::Par {
                let chunk = src.read_range(e.unit_offset - 20..e.unit_offset)?;
                ParFrame::from_payload(&[&chunk[..], &unit[..]].concat())
                    .ok_or("unreadable FRAM chunk")?
            } else {
                let number = numbers
                    .entry((e.media() == Media::Audio, e.stream))
                    .or_insert(0);
                *number += 1;
                to_par_frame(e, &unit, *number - 1)?
            };
            w.frame(&frame).map_err(io_err)?;
        }
        for ev in events {
            w.event(ev).map_err(io_err)?;
        }
    }
    w.finish().map_err(io_err)?;
    Ok(())
}
