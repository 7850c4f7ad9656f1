//! Every reader on data made by the writers in `support`, fed in blocks of
//! many sizes, clean and damaged.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod support;

use netvu::index::Index;
use netvu::model::{Codec, FrameEntry, Media, UnitLayout};
use netvu::par_writer::{to_par_frame, ParFrame};
use netvu::problem::Code;
use netvu::unit::{decodable, Decodable};
use netvu::{frame_detail, index_bytes, probe, Format, Indexer};
use support::*;

fn unit<'a>(bytes: &'a [u8], e: &FrameEntry) -> &'a [u8] {
    &bytes[e.unit_offset as usize..(e.unit_range().end as usize).min(bytes.len())]
}

fn index_in_blocks(bytes: &[u8], block: usize) -> Index {
    let mut ix = Indexer::new(probe(bytes), Some(bytes.len() as u64));
    for b in bytes.chunks(block.max(1)) {
        ix.feed(b);
    }
    ix.finish()
}

fn frames(ix: &Index) -> Vec<&FrameEntry> {
    ix.frames
        .iter()
        .filter(|f| f.media() != Media::Data)
        .collect()
}

/// The same index whatever the block size, and without a known length.
fn assert_block_size_independent(bytes: &[u8]) {
    let whole = index_bytes(bytes);
    for block in [1, 2, 5, 64, 333, 4096] {
        let ix = index_in_blocks(bytes, block);
        assert_eq!(ix.frames, whole.frames, "block size {block}");
        assert_eq!(ix.problems.list, whole.problems.list, "block size {block}");
    }
    let mut streamed = Indexer::new(probe(bytes), None);
    for b in bytes.chunks(777) {
        streamed.feed(b);
    }
    assert_eq!(streamed.finish().frames, whole.frames, "unknown length");
}

#[test]
fn adbinary_every_data_type() {
    let (bytes, n) = adbinary_all_types();
    assert_eq!(probe(&bytes), Format::AdBinary);
    let ix = index_bytes(&bytes);
    assert!(ix.problems.is_empty(), "{:?}", ix.problems.list);
    assert_eq!(frames(&ix).len(), n);
    let codecs: Vec<Codec> = ix.frames.iter().map(|f| f.codec).collect();
    for c in [
        Codec::Jpeg,
        Codec::Jfif,
        Codec::Mpeg4,
        Codec::H264,
        Codec::AdpcmIma,
        Codec::Pbm,
        Codec::Info,
        Codec::Xml,
        Codec::Layout,
        Codec::Bmp,
        Codec::Svars,
    ] {
        assert!(codecs.contains(&c), "{c:?} missing");
    }
    let cams: Vec<u16> = ix.cameras.iter().map(|c| c.camera).collect();
    assert_eq!(cams, vec![1, 2, 3, 4, 5, 6, 7]);
    let front = &ix.cameras[0];
    assert_eq!(
        (
            front.title.as_str(),
            front.width,
            front.height,
            front.frames
        ),
        ("Front", 16, 8, 4)
    );
    assert_eq!(front.first_timestamp_ms, Some(i64::from(T0) * 1000 + 500));
    // Key frames: the MPEG-4 and H.264 I frames only.
    let gate: Vec<bool> = ix
        .frames
        .iter()
        .filter(|f| f.stream == 5 && f.media() == Media::Video)
        .map(|f| f.key())
        .collect();
    assert_eq!(gate, vec![true, false, false, false]);
    let yard: Vec<bool> = ix
        .frames
        .iter()
        .filter(|f| f.stream == 6)
        .map(|f| f.key())
        .collect();
    assert_eq!(yard, vec![true, false, false, false]);
    // Minimal MPEG-4: camera = channel + 1, size from the INFO unit.
    let minimal = ix
        .frames
        .iter()
        .find(|f| f.layout == UnitLayout::MinimalVideo)
        .unwrap();
    assert_eq!(
        (minimal.stream, minimal.width, minimal.height, minimal.codec),
        (3, 176, 144, Codec::Mpeg4)
    );
    assert_eq!(
        frame_detail(minimal, unit(&bytes, minimal)).title,
        "Camera 3"
    );
    // JFIF with a COM comment: camera, title, time from the comment.
    let jfif = ix.frames.iter().find(|f| f.codec == Codec::Jfif).unwrap();
    assert_eq!(
        (jfif.stream, jfif.timestamp_ms(), jfif.frame_number()),
        (4, Some(i64::from(T0) * 1000 + 250), Some(9))
    );
    assert_eq!(frame_detail(jfif, unit(&bytes, jfif)).title, "Office");
    // The text block's FrameNum and the title/alarm fields.
    let first = &ix.frames[1];
    assert_eq!(first.frame_number(), Some(7));
    let d = frame_detail(&ix.frames[2], unit(&bytes, &ix.frames[2]));
    assert_eq!(
        (d.title.as_str(), d.alarm.as_str(), d.utc_offset),
        ("Back", "Motion", Some(60))
    );
    assert_block_size_independent(&bytes);
}

#[test]
fn decodable_units_match_the_spec_vectors() {
    let (bytes, _) = adbinary_all_types();
    let ix = index_bytes(&bytes);
    let jpeg = ix.frames.iter().find(|f| f.codec == Codec::Jpeg).unwrap();
    let Ok(Decodable::Jpeg(jfif)) = decodable(jpeg, unit(&bytes, jpeg)) else {
        panic!("no JPEG")
    };
    assert_eq!(jfif.len(), 628, "623-byte header + scan + EOI (spec T1)");
    let pixels = jpeg_decoder::Decoder::new(&jfif[..]).decode().unwrap();
    assert!(pixels.iter().all(|&p| p == 128), "flat grey picture");
    let adpcm = ix
        .frames
        .iter()
        .find(|f| f.codec == Codec::AdpcmIma && f.layout == UnitLayout::Audio)
        .unwrap();
    let Ok(Decodable::Audio {
        sample_rate,
        samples,
    }) = decodable(adpcm, unit(&bytes, adpcm))
    else {
        panic!()
    };
    assert_eq!(
        (sample_rate, samples),
        (8000, vec![0, 13, 15, 16, 17, 18, 19, 20, 21])
    );
    let minimal_audio = ix
        .frames
        .iter()
        .find(|f| f.layout == UnitLayout::MinimalAudio)
        .unwrap();
    let Ok(Decodable::Audio { samples, .. }) =
        decodable(minimal_audio, unit(&bytes, minimal_audio))
    else {
        panic!()
    };
    assert_eq!(samples, vec![256, 319, 183, 202, 185, 233, 189, 255, 195]);
    let mask = ix.frames.iter().find(|f| f.codec == Codec::Pbm).unwrap();
    let Ok(Decodable::Mask(m)) = decodable(mask, unit(&bytes, mask)) else {
        panic!()
    };
    assert_eq!(
        (m.width, m.height, m.get(0, 0), m.get(0, 1)),
        (16, 2, false, true)
    );
}

#[test]
fn adbinary_damage_is_reported_and_survived() {
    let (clean, n) = adbinary_all_types();
    let clean_ix = index_bytes(&clean);
    let third = clean_ix
        .frames
        .iter()
        .skip(10)
        .find(|f| f.codec == Codec::Jpeg)
        .unwrap()
        .unit_offset as usize
        - 6;
    // Inserted garbage: every frame still found, one problem at the insertion.
    let mut rng = Lcg(1234);
    let garbage = [&clean[..third], &rng.bytes(100)[..], &clean[third..]].concat();
    let ix = index_bytes(&garbage);
    assert_eq!(frames(&ix).len(), n, "{:?}", ix.problems.list);
    assert!(
        ix.problems.list.iter().any(|p| p.offset == third as u64),
        "{:?}",
        ix.problems.list
    );
    assert_block_size_independent(&garbage);
    // A corrupt separator size: the picture header's counts win.
    let mut sep = clean.clone();
    sep[third + 2..third + 6].copy_from_slice(&0x00FF_FFF0u32.to_be_bytes());
    let ix = index_bytes(&sep);
    assert_eq!(frames(&ix).len(), n, "{:?}", ix.problems.list);
    assert!(!ix.problems.is_empty());
    // A corrupt picture size: that frame is dropped, the rest found.
    let mut pic = clean.clone();
    pic[third + 6 + 20..third + 6 + 24].copy_from_slice(&0x0FFF_FFF0u32.to_be_bytes());
    let ix = index_bytes(&pic);
    assert_eq!(frames(&ix).len(), n - 1);
    // Truncation anywhere: no panic, every frame wholly before the cut
    // found, and a picture the cut goes through kept last, flagged truncated.
    for cut in (0..clean.len()).step_by(97) {
        let ix = index_bytes(&clean[..cut]);
        let complete = clean_ix
            .frames
            .iter()
            .filter(|f| f.unit_range().end <= cut as u64 && f.media() != Media::Data)
            .count();
        let found = frames(&ix);
        let whole = found.iter().filter(|f| !f.truncated()).count();
        assert!(
            whole >= complete.saturating_sub(1) && whole <= complete,
            "cut {cut}: {whole} of {complete}"
        );
        assert!(found.len() <= whole + 1);
        assert!(found.iter().rev().skip(1).all(|f| !f.truncated()));
        assert!(ix.frames.iter().all(|f| f.unit_range().end <= cut as u64));
        assert!(
            ix.problems.count(Code::Truncated) <= 1,
            "cut {cut}: {:?}",
            ix.problems.list
        );
    }
}

#[test]
fn admime_pictures_text_parts_and_audio() {
    let bytes = admime_stream();
    assert_eq!(probe(&bytes), Format::AdMime);
    let ix = index_bytes(&bytes);
    assert!(ix.problems.is_empty(), "{:?}", ix.problems.list);
    let video: Vec<_> = ix
        .frames
        .iter()
        .filter(|f| f.codec == Codec::Mpeg4)
        .collect();
    assert_eq!(video.len(), 3);
    assert_eq!(video[1].timestamp_ms(), Some(i64::from(T0) * 1000 + 1040));
    assert_eq!(
        (video[0].stream, video[0].key(), video[1].key()),
        (2, true, false)
    );
    let d = frame_detail(video[2], unit(&bytes, video[2]));
    assert_eq!((d.title.as_str(), d.alarm.as_str()), ("Car Park", "Door"));
    let audio: Vec<_> = ix
        .frames
        .iter()
        .filter(|f| f.media() == Media::Audio)
        .collect();
    assert_eq!(audio.len(), 3);
    assert!(audio
        .iter()
        .all(|a| a.timestamp_ms().is_none() && a.sample_rate == 8000));
    let jpegs: Vec<_> = ix
        .frames
        .iter()
        .filter(|f| f.codec == Codec::Jfif)
        .collect();
    assert_eq!(jpegs[2].timestamp_ms(), Some(i64::from(T0) * 1000 + 2100));
    assert_block_size_independent(&bytes);
    // The EBS layout: LF around the boundary, no line end after bodies.
    let mut ebs = Vec::new();
    for i in 0..3u8 {
        ebs.extend(b"\n--0plm(Micro-Web:Server-Push:Boundary-String)1qaz\nHTTP/1.0 200 OK\r\nContent-type: audio/adpcm;rate=16000\r\nContent-length: 8\r\n\r\n");
        ebs.extend([i; 8]);
    }
    assert_eq!(probe(&ebs), Format::AdMime);
    let ix = index_bytes(&ebs);
    assert!(ix.problems.is_empty(), "{:?}", ix.problems.list);
    assert_eq!(
        ix.frames
            .iter()
            .map(|f| (f.payload_length, f.sample_rate))
            .collect::<Vec<_>>(),
        vec![(8, 16000); 3]
    );
    assert_block_size_independent(&ebs);
}

#[test]
fn adraw_and_dspic() {
    let mut raw = b"\x00\x11\x22".to_vec();
    for i in 0..3 {
        raw.extend(picture_body(1, 0, b"", &S422, 16, 8, T0 + i, 0, "Raw"));
        raw.extend_from_slice(b"junk");
    }
    assert_eq!(probe(&raw), Format::AdRaw);
    let ix = index_bytes(&raw);
    assert_eq!(frames(&ix).len(), 3);
    assert_block_size_independent(&raw);

    let mut ds = Vec::new();
    for i in 0..3u8 {
        ds.extend(dspic_message(i + 1, u64::from(i), T0 + u32::from(i)));
    }
    assert_eq!(probe(&ds), Format::DsPic);
    let ix = index_bytes(&ds);
    assert!(ix.problems.is_empty(), "{:?}", ix.problems.list);
    let f = frames(&ix);
    assert_eq!(f.len(), 3);
    assert_eq!(
        (f[1].stream, f[1].frame_number(), f[1].timestamp_ms()),
        (2, Some(1), Some(i64::from(T0 + 1) * 1000 + 500))
    );
    assert_eq!(frame_detail(f[0], unit(&ds, f[0])).title, "Cam1");
    assert_block_size_independent(&ds);
}

#[test]
fn par_round_trip_and_conversion() {
    let (bytes, n) = adbinary_all_types();
    let ix = index_bytes(&bytes);
    let par_frames: Vec<ParFrame> = ix
        .frames
        .iter()
        .enumerate()
        .map(|(i, e)| to_par_frame(e, unit(&bytes, e), i as u32).unwrap())
        .collect();
    let settings =
        b"[Unit]\nname = Test\n[Camera 1]\ntitle = Front\n[Security]\nuser_password = x\n";
    let par = write_par(&par_frames, Some(settings));
    assert_eq!(probe(&par), Format::Par);
    let back = index_bytes(&par);
    assert!(back.problems.is_empty(), "{:?}", back.problems.list);
    assert_eq!(frames(&back).len(), n);
    assert_eq!(back.settings.as_ref().unwrap().settings.raw(), settings);
    assert_eq!(back.events.len(), 1);
    // Same payloads, cameras, times, keys and titles as the AD binary source.
    for (a, b) in ix.frames.iter().zip(&back.frames) {
        assert_eq!(
            netvu::unit::payload(a, unit(&bytes, a)).unwrap(),
            netvu::unit::payload(b, unit(&par, b)).unwrap()
        );
        assert_eq!(
            (a.codec, a.stream, a.timestamp_ms(), a.key()),
            (b.codec, b.stream, b.timestamp_ms(), b.key())
        );
        assert_eq!(
            frame_detail(a, unit(&bytes, a)).title,
            frame_detail(b, unit(&par, b)).title
        );
    }
    // read → write is byte-identical.
    let again: Vec<ParFrame> = back
        .frames
        .iter()
        .map(|e| {
            ParFrame::from_payload(&par[e.unit_offset as usize - 20..e.unit_range().end as usize])
                .unwrap()
        })
        .collect();
    assert_eq!(write_par(&again, Some(settings)), par);
    assert_block_size_independent(&par);
}

#[test]
fn par_damage_crc_truncation_missing_index() {
    let (bytes, n) = adbinary_all_types();
    let ix = index_bytes(&bytes);
    let par_frames: Vec<ParFrame> = ix
        .frames
        .iter()
        .enumerate()
        .map(|(i, e)| to_par_frame(e, unit(&bytes, e), i as u32).unwrap())
        .collect();
    let par = write_par(&par_frames, None);
    let clean = index_bytes(&par);
    // Without checksums (a quick summary) the same frames come out of a clean file.
    let mut quick = Indexer::with_options(
        Format::Par,
        Some(par.len() as u64),
        netvu::indexer::IndexOptions {
            verify_checksums: false,
        },
    );
    for b in par.chunks(1000) {
        quick.feed(b);
    }
    assert_eq!(quick.finish().frames, clean.frames);
    // Each frame's chunk checks on its own, as a viewer fetching frames does.
    let chunk = |e: &FrameEntry, b: &[u8]| {
        b[e.unit_offset as usize - 28..e.unit_range().end as usize + 4].to_vec()
    };
    assert!(clean
        .frames
        .iter()
        .all(|e| netvu::format::par::chunk_crc_ok(&chunk(e, &par))));
    // A flipped payload byte: CRC mismatch, that frame dropped, the rest read.
    let victim = clean.frames[5];
    let mut crc = par.clone();
    crc[victim.payload_offset() as usize] ^= 0xFF;
    assert!(!netvu::format::par::chunk_crc_ok(&chunk(&victim, &crc)));
    let ix = index_bytes(&crc);
    assert_eq!(ix.frames.len(), clean.frames.len() - 1);
    assert_eq!(ix.problems.count(Code::CrcMismatch), 1);
    assert_block_size_independent(&crc);
    // Truncation: every complete chunk before the cut is read.
    // A picture cut short is kept as the last frame, flagged truncated.
    for cut in (40..par.len()).step_by(101) {
        let ix = index_bytes(&par[..cut]);
        let complete = clean
            .frames
            .iter()
            .filter(|f| f.unit_range().end + 4 <= cut as u64)
            .count();
        let whole: Vec<_> = ix.frames.iter().filter(|f| !f.truncated()).collect();
        assert_eq!(whole.len(), complete, "cut at {cut}");
        assert!(ix.frames[..whole.len()].iter().all(|f| !f.truncated()));
        assert!(ix.frames.len() <= complete + 1, "cut at {cut}");
        assert!(ix.frames.iter().all(|f| f.unit_range().end <= cut as u64));
    }
    // No index: frames found by walking, the missing index reported.
    let without = index_bytes(&par[..par.len() - (12 + 4 + 24 * clean.frames.len())]);
    assert_eq!(frames(&without).len(), n);
    assert_eq!(without.problems.count(Code::BadIndex), 1);
}

#[test]
fn unknown_files_are_scanned_for_headers_in_either_byte_order() {
    let mut rng = Lcg(7);
    let mut file = rng.bytes(1000);
    let be = picture_body(1, 0, b"", &S422, 16, 8, T0, 0, "Found");
    let mut le = be.clone();
    for at in (0..52).step_by(4).chain([160, 164]) {
        le[at..at + 4].reverse();
    }
    for at in (118..130).step_by(2) {
        le[at..at + 2].reverse();
    }
    file.extend(&be);
    file.extend(rng.bytes(500));
    file.extend(&le);
    file.extend(rng.bytes(300));
    assert_eq!(
        probe(&file),
        Format::AdRaw,
        "a big-endian header makes it AD raw"
    );
    let mut par_like = b"PAR\0\x09\x00".to_vec();
    par_like.extend(&file);
    assert_eq!(probe(&par_like), Format::UnknownPar);
    let ix = index_bytes(&par_like);
    let f = frames(&ix);
    assert_eq!(f.len(), 2);
    assert_eq!(
        (f[0].layout, f[1].layout),
        (UnitLayout::Picture, UnitLayout::PictureLe)
    );
    let Ok(Decodable::Jpeg(j)) = decodable(f[1], unit(&par_like, f[1])) else {
        panic!()
    };
    assert_eq!(j.len(), 628);
    assert_block_size_independent(&par_like);
}

#[test]
fn noise_gives_no_frames_and_one_problem_per_damaged_run() {
    let mut rng = Lcg(99);
    for len in [0, 1, 7, 100, 10_000, 200_000] {
        let noise = rng.bytes(len);
        let ix = index_bytes(&noise);
        assert_eq!(ix.frames.len(), 0, "{len} bytes of noise");
        assert!(ix.problems.list.len() <= 1, "{len}: {:?}", ix.problems.list);
    }
    // Noise behind each magic number: the format is recognised, nothing is
    // read, and the noise is reported once (PAR adds its header's CRC).
    for (magic, format, most) in [
        (&b"PAR\0\x01\x00\x28\x00"[..], Format::Par, 3),
        (&[0xFA, 0xCE, 0xD0, 0xFF][..], Format::DsPic, 1),
        (
            &[BOUNDARY.as_bytes(), b"\r\n"].concat()[..],
            Format::AdMime,
            1,
        ),
    ] {
        let mut f = magic.to_vec();
        f.extend(rng.bytes(50_000));
        let ix = index_in_blocks(&f, 4096);
        assert_eq!(ix.format, format);
        assert_eq!(frames(&ix).len(), 0, "{format:?}");
        assert!(
            ix.problems.list.len() <= most,
            "{format:?}: {:?}",
            ix.problems.list
        );
    }
}

/// Writes the generated files as fuzzing seeds (run by `fuzz/seed.sh`).
#[test]
#[ignore]
fn write_fuzz_seeds() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds");
    std::fs::create_dir_all(&dir).unwrap();
    let (ad, _) = adbinary_all_types();
    let ix = index_bytes(&ad);
    let frames: Vec<ParFrame> = ix
        .frames
        .iter()
        .map(|e| to_par_frame(e, unit(&ad, e), 0).unwrap())
        .collect();
    let par = write_par(&frames, Some(b"[Unit]\nname = x\n[VMD 1]\ngrid = 4x2\nzones = f,1\n[Schedule]\nmon = DDDDDDDDNNNNNNNNWWWWWWWW\n"));
    let mut ds = Vec::new();
    for i in 0..2u8 {
        ds.extend(dspic_message(i + 1, u64::from(i), T0));
    }
    let mut raw = b"\x00\x11".to_vec();
    raw.extend(picture_body(1, 0, b"", &S422, 16, 8, T0, 0, "Raw"));
    // What real captures do: padding and cut tails, type-1 chunks with a
    // picture header, BMP parts, JPEGs in a disk image.
    let padded = [&ad[..ad.len() - 100], &[0xFF; 300][..]].concat();
    let type1: Vec<u8> = (0..3)
        .flat_map(|i| {
            chunk(
                1,
                0,
                &picture_body(1, 0, b"", &S422, 16, 8, T0 + i, 0, "T1"),
            )
        })
        .collect();
    let mut bmp = mime_part(
        "image/jpeg",
        &jfif_with_comment(&comment(3, "Fire", 60, 0, 1)),
    );
    bmp.extend(mime_part("image/bmp", &bmp_file(4, 2)));
    bmp.extend(mime_part("image/admp4p", &mpeg4_vop(false, 40)));
    bmp.extend([0u8; 40]);
    let mut image = vec![0u8; 512];
    image.extend(jfif_with_comment(&comment(2, "Disk", 1, 0, 1)));
    image.extend([0u8; 300]);
    for (name, bytes) in [
        ("adbinary", ad),
        ("admime", admime_stream()),
        ("par", par),
        ("dspic", ds),
        ("adraw", raw),
        ("adbinary-padded-cut", padded),
        ("adbinary-type1", type1),
        ("admime-bmp-padding", bmp),
        ("scan-carve", image),
    ] {
        // The first byte chooses the block size and whether the length is known.
        std::fs::write(dir.join(name), [&[64u8][..], &bytes[..]].concat()).unwrap();
    }
}

#[test]
fn admime_wrong_content_length_loses_only_that_part() {
    let good = admime_stream();
    let clean = index_bytes(&good);
    // Shorten the second JPEG part's Content-length by 10: its payload would be wrong.
    let find = |from: usize, what: &[u8]| {
        from + good[from..]
            .windows(what.len())
            .position(|w| w == what)
            .unwrap()
    };
    let second = find(find(0, b"image/jpeg") + 1, b"image/jpeg");
    let len_at = find(second, b"Content-length: ") + b"Content-length: ".len();
    let len_end = find(len_at, b"\r");
    let old: usize = std::str::from_utf8(&good[len_at..len_end])
        .unwrap()
        .parse()
        .unwrap();
    let mut bad = good[..len_at].to_vec();
    bad.extend((old - 10).to_string().into_bytes());
    bad.extend(&good[len_end..]);
    let ix = index_bytes(&bad);
    assert_eq!(
        ix.problems.count(Code::BadSize),
        1,
        "{:?}",
        ix.problems.list
    );
    let sha = |b: &[u8], i: &Index| -> Vec<Vec<u8>> {
        i.frames
            .iter()
            .map(|e| netvu::unit::payload(e, unit(b, e)).unwrap().to_vec())
            .collect()
    };
    let good_payloads = sha(&good, &clean);
    for p in sha(&bad, &ix) {
        assert!(
            good_payloads.contains(&p),
            "a frame with a payload the clean file does not have"
        );
    }
    assert_eq!(ix.frames.len(), clean.frames.len() - 1);
}

#[test]
fn settings_only_par_titles_cameras_of_a_recording() {
    let mut ix = index_bytes(&dspic_message(7, 0, T0));
    assert_eq!(ix.camera_title(7), Some("Cam1"));
    ix.cameras[0].title.clear();
    let settings = netvu::settings::Settings::parse(
        b"[Camera 7]\ntitle = Side Gate\n[Camera 8]\ntitle = Unused\n",
    );
    ix.apply_settings_titles(&settings);
    assert_eq!(ix.camera_title(7), Some("Side Gate"));
    assert_eq!(ix.cameras.len(), 1, "no camera is invented");
}
