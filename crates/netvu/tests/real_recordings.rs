//! What real DVR captures do that generated fixtures did not (issue 12):
//! padding and cut tails, MIME parts followed by padding or the end of the
//! file, type-1 chunks with a picture header, damaged first chunks, BMP
//! parts, files that are not NetVu at all, JPEGs carved from anything, and
//! the look-ahead cap. Every file is made here by the writers in `support`.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod support;

use netvu::index::Index;
use netvu::model::{Codec, FrameEntry, Media};
use netvu::par_writer::to_par_frame;
use netvu::probe::NotNetvu;
use netvu::problem::{Code, Problem};
use netvu::unit::{decodable, payload, Decodable};
use netvu::{index_bytes, probe, Format, Indexer};
use support::*;

fn unit<'a>(bytes: &'a [u8], e: &FrameEntry) -> &'a [u8] {
    &bytes[e.unit_range().start as usize..e.unit_range().end as usize]
}

/// The index of `bytes` fed in `block`-byte blocks, with or without its length.
fn index_in_blocks(bytes: &[u8], block: usize, known_length: bool) -> Index {
    let mut ix = Indexer::new(probe(bytes), known_length.then_some(bytes.len() as u64));
    for b in bytes.chunks(block.max(1)) {
        ix.feed(b);
    }
    ix.finish()
}

/// The same frames and problems whatever the block size, and the same
/// frames when the length is not known in advance.
fn assert_block_size_independent(bytes: &[u8]) -> Index {
    let whole = index_bytes(bytes);
    for block in [1, 7, 4096] {
        let ix = index_in_blocks(bytes, block, true);
        assert_eq!(ix.frames, whole.frames, "block size {block}");
        assert_eq!(ix.problems.list, whole.problems.list, "block size {block}");
    }
    let streamed = index_in_blocks(bytes, 777, false);
    assert_eq!(streamed.frames, whole.frames, "unknown length");
    whole
}

fn only_problem(ix: &Index) -> &Problem {
    assert_eq!(ix.problems.list.len(), 1, "{:?}", ix.problems.list);
    &ix.problems.list[0]
}

fn video(ix: &Index) -> Vec<&FrameEntry> {
    ix.frames
        .iter()
        .filter(|f| f.media() == Media::Video)
        .collect()
}

fn par_of(ad: &[u8]) -> Vec<u8> {
    let ix = index_bytes(ad);
    let frames: Vec<_> = ix
        .frames
        .iter()
        .map(|e| to_par_frame(e, unit(ad, e), 0).unwrap())
        .collect();
    write_par(&frames, None)
}

// Case 1: padding and cut tails.

#[test]
fn padding_after_the_last_unit_is_one_problem_whatever_its_length_and_byte() {
    let ad = adbinary_mpeg4(5, 300);
    let mime = admime_stream();
    let par = par_of(&ad);
    let mut ds = dspic_message(1, 0, T0);
    ds.extend(dspic_message(1, 1, T0 + 1));
    let raw = picture_body(1, 0, b"", &S422, 16, 8, T0, 0, "Raw").repeat(3);
    for (name, clean) in [
        ("adbinary", &ad),
        ("admime", &mime),
        ("par", &par),
        ("dspic", &ds),
        ("adraw", &raw),
    ] {
        let clean_ix = index_bytes(clean);
        assert!(
            clean_ix.problems.is_empty(),
            "{name}: {:?}",
            clean_ix.problems.list
        );
        for fill in [0xFFu8, 0x00] {
            for len in [1usize, 5, 6, 100, 4096, 82_880] {
                let padded = [&clean[..], &vec![fill; len]].concat();
                let ix = assert_block_size_independent(&padded);
                assert_eq!(ix.format, clean_ix.format, "{name}");
                assert_eq!(ix.frames, clean_ix.frames, "{name}: {len} × {fill:#04X}");
                let p = only_problem(&ix);
                assert_eq!(
                    (p.code, p.offset, p.length),
                    (Code::Padding, clean.len() as u64, Some(len as u64)),
                    "{name}: {len} × {fill:#04X}: {p:?}"
                );
            }
        }
    }
}

#[test]
fn a_picture_cut_by_the_end_of_the_file_is_kept_flagged_truncated() {
    let ad = adbinary_mpeg4(4, 17_460);
    let last = *index_bytes(&ad).frames.last().unwrap();
    // 14 887 of the last picture's 17 460 stream bytes, as on a real capture.
    let cut = last.payload_offset() as usize + 14_887;
    let ix = assert_block_size_independent(&ad[..cut]);
    assert_eq!(ix.frames.len(), 4);
    let f = ix.frames[3];
    assert!(f.truncated() && !ix.frames[2].truncated());
    assert_eq!(
        (f.payload_offset(), f.payload_length),
        (last.payload_offset(), 14_887)
    );
    assert_eq!(
        payload(&f, unit(&ad[..cut], &f)).unwrap(),
        &ad[last.payload_offset() as usize..cut]
    );
    let p = only_problem(&ix);
    let chunk_start = last.unit_offset - 6;
    assert_eq!(
        (p.code, p.offset, p.end()),
        (Code::Truncated, chunk_start, Some(cut as u64))
    );
    // The decoder gets what there is.
    let Ok(Decodable::Mpeg4(es)) = decodable(&f, unit(&ad[..cut], &f)) else {
        panic!()
    };
    assert_eq!(es.len(), 14_887);
}

#[test]
fn cut_pictures_in_every_container_are_kept_and_cut_headers_dropped() {
    let ad = adbinary_mpeg4(2, 1000);
    let par = par_of(&ad);
    let mut mime = admime_stream();
    let jpeg = jfif_with_comment(&comment(5, "Cut", 10, 0, 1));
    mime.extend(mime_part("image/jpeg", &jpeg));
    let raw = picture_body(1, 0, b"", &[0x55; 500], 16, 8, T0, 0, "Raw").repeat(2);
    for (name, file, codec) in [
        ("adbinary", &ad, Codec::Mpeg4),
        ("par", &par, Codec::Mpeg4),
        ("admime", &mime, Codec::Jfif),
        ("adraw", &raw, Codec::Jpeg),
    ] {
        let whole = index_bytes(file);
        let last = *video(&whole).last().unwrap();
        // 3 bytes short: a JPEG's scan has begun (it is drawn to where it stops).
        let kept = last.payload_length - 3;
        let cut = last.payload_offset() as usize + kept as usize;
        let ix = assert_block_size_independent(&file[..cut]);
        let cut_frame = *video(&ix).last().unwrap();
        assert!(cut_frame.truncated(), "{name}: {:?}", ix.problems.list);
        assert_eq!(
            (
                cut_frame.codec,
                cut_frame.payload_offset(),
                cut_frame.payload_length
            ),
            (codec, last.payload_offset(), kept),
            "{name}"
        );
        // One problem for the cut (a cut PAR file also lacks its index).
        let one_problem = |ix: &Index| {
            let codes: Vec<Code> = ix.problems.list.iter().map(|p| p.code).collect();
            let cut: Vec<&Code> = codes.iter().filter(|&&c| c != Code::BadIndex).collect();
            assert_eq!(cut, [&Code::Truncated], "{name}: {:?}", ix.problems.list);
        };
        one_problem(&ix);
        // Cut inside the last unit's header: no frame, still one problem.
        let cut = last.unit_offset as usize + 3;
        let ix = index_bytes(&file[..cut]);
        assert!(ix.frames.iter().all(|f| !f.truncated()), "{name}");
        one_problem(&ix);
    }
}

// Case 2: an AD MIME picture part followed by padding or the end of the file.

#[test]
fn mime_picture_part_without_its_text_part_is_recovered_after_its_cameras_last_picture() {
    let mut s = admime_stream();
    let clean = index_bytes(&s);
    let last_mpeg4 = *clean
        .frames
        .iter()
        .rfind(|f| f.codec == Codec::Mpeg4)
        .unwrap();
    let vop = mpeg4_vop(false, 64);
    let part_at = s.len();
    s.extend(mime_part("image/admp4p", &vop));
    for tail in [&b""[..], &[0xFF; 3000][..], &[0u8; 10][..]] {
        let file = [&s[..], tail].concat();
        let ix = assert_block_size_independent(&file);
        let f = *ix.frames.last().unwrap();
        assert_eq!(f.codec, Codec::Mpeg4);
        assert_eq!(payload(&f, unit(&file, &f)).unwrap(), &vop[..]);
        assert_eq!(f.stream, last_mpeg4.stream);
        assert_eq!(f.timestamp, last_mpeg4.timestamp);
        let recovered = ix.problems.first(Code::Recovered).unwrap();
        assert_eq!(recovered.offset, f.unit_offset);
        assert!(recovered.offset > part_at as u64);
        let padding = ix.problems.count(Code::Padding);
        assert_eq!(
            (ix.problems.list.len(), padding),
            (1 + padding, usize::from(!tail.is_empty()))
        );
    }
}

#[test]
fn mime_jpeg_part_followed_by_padding_is_a_picture() {
    let jpeg = jfif_with_comment(&comment(4, "Lobby", 3600, 120, 7));
    let mut s = mime_part(
        "image/jpeg",
        &jfif_with_comment(&comment(4, "Lobby", 3599, 0, 6)),
    );
    // No CR LF and no boundary after the last part: padding straight away.
    s.extend(&mime_part("image/jpeg", &jpeg)[..mime_part("image/jpeg", &jpeg).len() - 2]);
    let end = s.len();
    s.extend([0xFF; 82_880]);
    let ix = assert_block_size_independent(&s);
    assert_eq!(ix.frames.len(), 2);
    assert_eq!(
        payload(&ix.frames[1], unit(&s, &ix.frames[1])).unwrap(),
        &jpeg[..]
    );
    assert_eq!(
        ix.frames[1].timestamp_ms(),
        Some(i64::from(T0 + 3600) * 1000 + 120)
    );
    let p = only_problem(&ix);
    assert_eq!(
        (p.code, p.offset, p.length),
        (Code::Padding, end as u64, Some(82_880))
    );
}

#[test]
fn a_wrong_content_length_still_loses_the_part() {
    let jpeg = jfif_with_comment(&comment(4, "Lobby", 3600, 120, 7));
    let mut part = mime_part("image/jpeg", &jpeg);
    // Ten bytes short: the part then ends neither at a boundary nor at EOI.
    let text = format!("Content-length: {}", jpeg.len());
    let at = part
        .windows(text.len())
        .position(|w| w == text.as_bytes())
        .unwrap();
    let short = format!("Content-length: {}", jpeg.len() - 10);
    part.splice(at..at + text.len(), short.bytes());
    let s = [part, vec![0xFF; 500]].concat();
    let ix = index_bytes(&s);
    assert_eq!(ix.frames.len(), 0);
    assert_eq!(only_problem(&ix).code, Code::BadSize);
}

// Case 3: AD binary type-1 chunks holding a picture header and a headerless JPEG.

#[test]
fn type_1_chunks_with_a_picture_header_are_ad_binary_jpegs() {
    let s: Vec<u8> = (0..5)
        .flat_map(|i| {
            chunk(
                1,
                0,
                &picture_body(1, 0, b"", &S422, 16, 8, T0 + i, 0, "Front"),
            )
        })
        .collect();
    assert_eq!(probe(&s), Format::AdBinary);
    let ix = assert_block_size_independent(&s);
    assert!(ix.problems.is_empty(), "{:?}", ix.problems.list);
    assert_eq!(ix.frames.len(), 5);
    let f = ix.frames[4];
    assert_eq!(
        (f.codec, f.stream, f.width, f.timestamp_ms()),
        (Codec::Jpeg, 1, 16, Some(i64::from(T0 + 4) * 1000))
    );
    let Ok(Decodable::Jpeg(jfif)) = decodable(&f, unit(&s, &f)) else {
        panic!()
    };
    assert_eq!(jfif, netvu::codec::jpeg::rebuild_jfif(50, 16, 8, 0, &S422));
}

// Case 4: probe by structure.

#[test]
fn a_damaged_first_chunk_does_not_hide_an_ad_binary_stream() {
    let good = adbinary_mpeg4(54, 200);
    let first_len = 6 + 168 + 200;
    let mut unknown_type = good.clone();
    unknown_type[0] = 0x30;
    let mut bad_magic = good.clone();
    bad_magic[6..10].copy_from_slice(b"\xDE\xAD\xBE\xEF");
    for (damaged, code) in [
        (unknown_type, Code::UnknownType),
        (bad_magic, Code::BadContent),
    ] {
        assert_eq!(probe(&damaged), Format::AdBinary);
        let ix = assert_block_size_independent(&damaged);
        assert_eq!(ix.frames.len(), 53);
        assert_eq!(ix.frames[0].unit_offset, first_len as u64 + 6);
        let p = only_problem(&ix);
        assert_eq!(
            (p.code, p.offset, p.length),
            (code, 0, Some(first_len as u64)),
            "{p:?}"
        );
    }
}

#[test]
fn a_mime_capture_starting_inside_a_part_is_ad_mime() {
    let clean = admime_stream();
    let joined = [
        &b"Number: 2\r\nName: Car Park\r\n\r\n"[..],
        &[0x55; 60],
        b"\r\n",
        &clean,
    ]
    .concat();
    assert_eq!(probe(&joined), Format::AdMime);
    let ix = assert_block_size_independent(&joined);
    assert_eq!(ix.frames.len(), index_bytes(&clean).frames.len());
    let lead = (joined.len() - clean.len()) as u64;
    let p = only_problem(&ix);
    assert_eq!((p.offset, p.length), (0, Some(lead)), "{p:?}");
}

// Case 5: BMP pictures.

#[test]
fn bmp_parts_are_video_frames_after_their_cameras_last_picture() {
    let bmp = bmp_file(4, 2);
    let mut s = mime_part(
        "image/jpeg",
        &jfif_with_comment(&comment(3, "Fire", 60, 500, 1)),
    );
    s.extend(mime_part("image/bmp", &bmp));
    s.extend(mime_part(
        "image/jpeg",
        &jfif_with_comment(&comment(3, "Fire", 61, 0, 2)),
    ));
    let ix = assert_block_size_independent(&s);
    assert!(ix.problems.is_empty(), "{:?}", ix.problems.list);
    let f = ix.frames[1];
    assert_eq!(
        (f.codec, f.media(), f.stream, f.width, f.height),
        (Codec::Bmp, Media::Video, 3, 4, 2)
    );
    assert_eq!(f.timestamp, ix.frames[0].timestamp);
    assert_eq!(decodable(&f, unit(&s, &f)), Ok(Decodable::Bmp(bmp)));
    assert_eq!(ix.cameras[0].frames, 3);
}

// Case 6: not NetVu at all.

#[test]
fn files_that_are_not_netvu_are_named_in_one_problem() {
    let mut par1 = b"PAR\0\0\0\0\0\0\0\x01\0".to_vec();
    par1.extend([0xAB; 200]);
    let mut par09 = b"PAR\0\0\x09".to_vec();
    par09.extend([0x01; 200]);
    let mut volume = b"PXX\0\0\x09".to_vec();
    volume.extend([0xCD; 200]);
    let mut par2 = b"PAR2\0PKT".to_vec();
    par2.extend([0x5A; 300]);
    let mut zip = b"PK\x03\x04".to_vec();
    zip.extend(adbinary_mpeg4(3, 50));
    let text = b"Recorded at the gate, 3 March.\r\nNothing to see.\n".repeat(50);
    for (file, kind) in [
        (par1, NotNetvu::Parchive),
        (par09, NotNetvu::Parchive),
        (volume, NotNetvu::Parchive),
        (par2, NotNetvu::Par2),
        (zip, NotNetvu::Zip),
        (text, NotNetvu::Text),
    ] {
        assert_eq!(probe(&file), Format::NotNetvu, "{kind:?}");
        let ix = assert_block_size_independent(&file);
        assert_eq!((ix.not_netvu, ix.frames.len()), (Some(kind), 0));
        let p = only_problem(&ix);
        assert_eq!(
            (p.code, p.offset, p.detail.as_str()),
            (Code::NotNetvu, 0, kind.sentence())
        );
    }
    assert_eq!(
        NotNetvu::Parchive.sentence(),
        "a Parchive parity file, not a Dedicated Micros recording: nothing to show"
    );
}

// Case 7: carving.

#[test]
fn jpegs_are_carved_from_noise_with_their_netvu_comment() {
    let mut rng = Lcg(12);
    let jpeg = jfif_with_comment(&comment(6, "Dock", 7200, 250, 42));
    let mut file = rng.bytes(5000);
    let at = file.len();
    file.extend(&jpeg);
    file.extend(rng.bytes(3000));
    // A JPEG without an EOI, and an SOI followed by garbage, are not carved.
    file.extend(&jpeg[..jpeg.len() - 2]);
    file.extend([0xFF, 0xD8, 0xFF, 0xC0, 0, 3]);
    file.extend(rng.bytes(1000));
    assert_eq!(probe(&file), Format::Unknown);
    let ix = assert_block_size_independent(&file);
    assert_eq!(ix.frames.len(), 1);
    let f = ix.frames[0];
    assert_eq!(
        (f.unit_offset, f.unit_length as usize, f.codec),
        (at as u64, jpeg.len(), Codec::Jfif)
    );
    assert_eq!(
        (f.stream, f.timestamp_ms()),
        (6, Some(i64::from(T0 + 7200) * 1000 + 250))
    );
    assert_eq!(ix.camera_title(6), Some("Dock"));
    let carved = ix.problems.first(Code::Carved).unwrap();
    assert_eq!(
        (carved.offset, carved.length),
        (at as u64, Some(jpeg.len() as u64))
    );
    assert_eq!(ix.problems.count(Code::Carved), 1);
}

#[test]
fn pictures_carved_from_a_disk_image_are_one_problem() {
    // A zeroed first cluster, then a JPEG at the start of each 4 KiB cluster.
    let mut image = vec![0u8; 4096];
    let mut starts = Vec::new();
    for i in 0..3 {
        starts.push(image.len());
        image.extend(jfif_with_comment(&comment(1, "Till", 60 + i, 0, i)));
        image.resize(image.len().div_ceil(4096) * 4096, 0);
    }
    let last_end = starts[2] + jfif_with_comment(&comment(1, "Till", 62, 0, 2)).len();
    let ix = assert_block_size_independent(&image);
    let offsets: Vec<u64> = ix.frames.iter().map(|f| f.unit_offset).collect();
    assert_eq!(
        offsets,
        starts.iter().map(|&s| s as u64).collect::<Vec<_>>()
    );
    let codes: Vec<(Code, u64, Option<u64>)> = ix
        .problems
        .list
        .iter()
        .map(|p| (p.code, p.offset, p.length))
        .collect();
    assert_eq!(
        codes,
        [
            (Code::Padding, 0, Some(4096)),
            (Code::Carved, 4096, Some((last_end - 4096) as u64)),
            (
                Code::Padding,
                last_end as u64,
                Some((image.len() - last_end) as u64)
            ),
        ]
    );
}

// Case 8: the look-ahead cap holds by construction.

#[test]
fn a_part_asking_past_the_look_ahead_cap_is_a_problem_not_a_panic() {
    let header = format!(
        "{BOUNDARY}\r\nHTTP/1.0 200 OK\r\nServer: ADH-Web\r\nX-Pad: {}\r\nContent-type: image/jpeg\r\nContent-length: 16777000\r\n\r\n",
        "p".repeat(780)
    );
    let mut file = header.clone().into_bytes();
    file.extend(jfif_with_comment(&comment(1, "Big", 0, 0, 0)));
    // The fuzzing regression kept for it (its first byte is the harness's).
    let kept = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fuzz/regressions/reader_admime-lookahead-over-cap"
    ))
    .unwrap();
    assert!(kept[1..].starts_with(header.as_bytes()));
    // Known length or not, one problem: the part is cut short (its JPEG,
    // whose scan has begun, kept flagged truncated; the kept input's stops
    // before its scan).
    for (input, pictures) in [(&kept[1..], 0), (&file[..], 1)] {
        for known in [true, false] {
            let ix = index_in_blocks(input, 455, known);
            let p = only_problem(&ix);
            assert_eq!((p.code, p.offset), (Code::Truncated, 0));
            assert_eq!(ix.frames.len(), pictures);
            assert!(ix.frames.iter().all(FrameEntry::truncated));
        }
    }
    // A part that long, whole: read with the window at its largest.
    let mut jpeg = jfif_with_comment(&comment(1, "Big", 0, 0, 0));
    let eoi = jpeg.split_off(jpeg.len() - 2);
    jpeg.resize(16_777_000 - 2, 0);
    jpeg.extend(eoi);
    let big = [
        header.into_bytes(),
        jpeg,
        b"\r\n".to_vec(),
        mime_part(
            "image/jpeg",
            &jfif_with_comment(&comment(1, "Big", 1, 0, 1)),
        ),
    ]
    .concat();
    for block in [1 << 20, 16 << 20] {
        let ix = index_in_blocks(&big, block, false);
        assert!(ix.problems.is_empty(), "{:?}", ix.problems.list);
        assert_eq!(ix.frames.len(), 2);
        assert_eq!(ix.frames[0].payload_length, 16_777_000);
    }
}
