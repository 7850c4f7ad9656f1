//! `netvu render` end to end, on AD binary files the tests build themselves
//! around the MPEG-4 streams of netvu-mpeg4's tests, JPEGs made with
//! `jpeg-encoder`, and the H.264 stream of the library's codec tests.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::{Path, PathBuf};
use std::process::Output;

mod support;
use support::{netvu, temp_dir};
#[path = "../../netvu/tests/support/mod.rs"]
mod writers;

use netvu::codec::es::access_units;
use netvu::Codec;

fn mpeg4_data(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../netvu-mpeg4/tests/data/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// An elementary stream's VOPs, each with the headers before it and
/// whether it is an I-VOP, as a camera sends its frames (the library's
/// splitter; headers after the last VOP, which no camera sends, left out).
fn vop_chunks(d: &[u8]) -> Vec<(&[u8], bool)> {
    access_units(Codec::Mpeg4, d)
        .into_iter()
        .filter(|u| netvu::codec::mpeg4::first_vop_type(u.bytes).is_some())
        .map(|u| (u.bytes, u.key))
        .collect()
}

/// One AD binary chunk: 6-byte separator, then the payload.
fn chunk(data_type: u8, channel: u8, payload: &[u8]) -> Vec<u8> {
    let mut c = vec![data_type, channel];
    c.extend((payload.len() as u32).to_be_bytes());
    c.extend(payload);
    c
}

/// A picture chunk (types 0, 2, 3, 10, 11): pic header, text, picture.
fn pic_chunk(
    data_type: u8,
    channel: u8,
    vid_format: i32,
    size: (u16, u16),
    n: u32,
    pic: &[u8],
) -> Vec<u8> {
    let text = format!("FrameNum:{n}\r\n");
    let hdr = netvu::header::PicHeader {
        cam: i32::from(channel) + 1,
        vid_format,
        start_offset: text.len() as u32,
        size: pic.len() as u32,
        factor: 50,
        session_time: 1_262_304_000 + n / 25,
        milliseconds: n % 25 * 40,
        title: format!("Cam {}", channel + 1),
        src_pixels: size.0,
        src_lines: size.1,
        target_pixels: size.0,
        target_lines: size.1,
        locale: "GMT".into(),
        ..Default::default()
    };
    chunk(
        data_type,
        channel,
        &[&hdr.to_bytes()[..], text.as_bytes(), pic].concat(),
    )
}

/// An RGB test card: four coloured quadrants.
fn card(w: usize, h: usize) -> Vec<u8> {
    let mut rgb = Vec::with_capacity(w * h * 3);
    for y in 0..h {
        for x in 0..w {
            rgb.extend(match (x < w / 2, y < h / 2) {
                (true, true) => [220, 30, 30],
                (false, true) => [30, 200, 40],
                (true, false) => [40, 40, 210],
                (false, false) => [240, 240, 240],
            });
        }
    }
    rgb
}

fn jfif(w: u16, h: u16) -> Vec<u8> {
    let mut out = Vec::new();
    let enc = jpeg_encoder::Encoder::new(&mut out, 95);
    enc.encode(
        &card(w.into(), h.into()),
        w,
        h,
        jpeg_encoder::ColorType::Rgb,
    )
    .unwrap();
    out
}

/// Camera 1: the MPEG-4 stream `m4v` (80×48 unless said otherwise); camera
/// 2: a JFIF after every third MPEG-4 frame; an INFO data unit first. Returns
/// the file and, for every MPEG-4 chunk, its frame index.
fn mixed_file(dir: &Path, m4v: &[u8], size: (u16, u16)) -> (PathBuf, Vec<usize>) {
    let mut s = chunk(9, 0, b"\0IMAGESIZE 0,0:80,48;");
    let mut index = 0;
    let mut mpeg4_index = Vec::new();
    for (k, (es, key)) in vop_chunks(m4v).into_iter().enumerate() {
        // Data type 2 is MPEG4I, 3 MPEG4P; vid_format 3 is I, 2 is P.
        let (data_type, vid_format) = if key { (2, 3) } else { (3, 2) };
        s.extend(pic_chunk(data_type, 0, vid_format, size, k as u32, es));
        mpeg4_index.push(index);
        index += 1;
        if k % 3 == 1 {
            s.extend(chunk(1, 1, &jfif(32, 16)));
            index += 1;
        }
    }
    let path = dir.join("mixed.ad");
    std::fs::write(&path, s).unwrap();
    (path, mpeg4_index)
}

/// The frames an MPEG-4 stream decodes to with netvu-mpeg4 directly.
fn decode_direct(m4v: &[u8]) -> Vec<netvu_mpeg4::Picture> {
    let mut dec = netvu_mpeg4::Decoder::new();
    vop_chunks(m4v)
        .into_iter()
        .map(|(c, _)| dec.decode(c).unwrap().unwrap())
        .collect()
}

fn y4m_of(p: &netvu_mpeg4::Picture) -> Vec<u8> {
    let mut v = format!("YUV4MPEG2 W{} H{} F25:1 C420\nFRAME\n", p.width, p.height).into_bytes();
    v.extend(&p.y);
    v.extend(&p.u);
    v.extend(&p.v);
    v
}

fn render(file: &Path, index: usize, out: &Path) -> Output {
    netvu(&[
        "render",
        file.to_str().unwrap(),
        "--index",
        &index.to_string(),
        "--out",
        out.to_str().unwrap(),
    ])
}

fn assert_ok(o: &Output) {
    assert!(
        o.status.success(),
        "netvu failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn every_mpeg4_frame_renders_to_the_decoders_own_planes() {
    let dir = temp_dir("mpeg4");
    // 8 frames, I-VOPs at 0 and 6, 4MV and RD-optimised.
    let m4v = mpeg4_data("mv4rd.m4v");
    let (file, indexes) = mixed_file(&dir, &m4v, (80, 48));
    let direct = decode_direct(&m4v);
    assert_eq!(indexes.len(), direct.len());
    // `frames` numbers them the same way (the INFO unit takes no index).
    let frames = netvu(&["frames", "--json", file.to_str().unwrap()]);
    assert_ok(&frames);
    let listed: Vec<serde_json::Value> = String::from_utf8(frames.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for (k, &index) in indexes.iter().enumerate() {
        let row = listed.iter().find(|v| v["index"] == index).unwrap();
        assert_eq!(row["codec"], "mpeg4", "frame {index}");
        let out = dir.join(format!("f{index}.y4m"));
        let o = render(&file, index, &out);
        assert_ok(&o);
        assert!(
            o.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(
            std::fs::read(&out).unwrap() == y4m_of(&direct[k]),
            "frame {index} (VOP {k}) differs from a direct decode"
        );
    }
}

#[test]
fn mpeg4_render_matches_ffmpegs_reference_decode() {
    let dir = temp_dir("tiny");
    // 64×48, 3 frames; tiny.yuv is ffmpeg's yuv420p decode of it.
    let m4v = mpeg4_data("tiny.m4v");
    let reference = mpeg4_data("tiny.yuv");
    let (file, indexes) = mixed_file(&dir, &m4v, (64, 48));
    let fsize = 64 * 48 * 3 / 2;
    for (k, &index) in indexes.iter().enumerate() {
        let out = dir.join(format!("f{index}.y4m"));
        assert_ok(&render(&file, index, &out));
        let y4m = std::fs::read(&out).unwrap();
        let head = b"YUV4MPEG2 W64 H48 F25:1 C420\nFRAME\n";
        assert!(y4m.starts_with(head));
        let planes = &y4m[head.len()..];
        assert_eq!(planes.len(), fsize);
        let r = &reference[k * fsize..(k + 1) * fsize];
        let se: f64 = planes
            .iter()
            .zip(r)
            .map(|(&a, &b)| (f64::from(a) - f64::from(b)).powi(2))
            .sum();
        let psnr = if se == 0.0 {
            99.0
        } else {
            10.0 * (255.0f64 * 255.0 / (se / fsize as f64)).log10()
        };
        assert!(psnr > 55.0, "frame {index}: {psnr:.1} dB against ffmpeg");
    }
}

#[test]
fn jpeg_frame_renders_to_png_and_y4m() {
    let dir = temp_dir("jpeg");
    let (file, indexes) = mixed_file(&dir, &mpeg4_data("mv4rd.m4v"), (80, 48));
    // The first JFIF comes right after MPEG-4 frame 1.
    let index = indexes[1] + 1;
    let png_path = dir.join("cam2.png");
    assert_ok(&render(&file, index, &png_path));
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut rgb = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut rgb).unwrap();
    assert_eq!((info.width, info.height), (32, 16));
    assert_eq!(info.color_type, png::ColorType::Rgb);
    let card = card(32, 16);
    // Away from the quadrant edges the colours survive JPEG at quality 95.
    for (x, y) in [(3, 3), (28, 3), (3, 12), (28, 12), (8, 5), (24, 10)] {
        let at = (y * 32 + x) * 3;
        for c in 0..3 {
            let (got, want) = (i32::from(rgb[at + c]), i32::from(card[at + c]));
            assert!(
                (got - want).abs() <= 12,
                "({x},{y}) channel {c}: {got} vs {want}"
            );
        }
    }

    // A P-VOP wrongly flagged key (data type 2, vid_format 3) still decodes.
    let m4v = mpeg4_data("tiny.m4v");
    let chunks = vop_chunks(&m4v);
    let mut s = pic_chunk(2, 0, 3, (64, 48), 0, chunks[0].0);
    s.extend(pic_chunk(2, 0, 3, (64, 48), 1, chunks[1].0));
    let mislabelled = dir.join("mislabelled.ad");
    std::fs::write(&mislabelled, s).unwrap();
    let out = dir.join("p.y4m");
    assert_ok(&render(&mislabelled, 1, &out));
    assert!(std::fs::read(&out).unwrap() == y4m_of(&decode_direct(&m4v)[1]));

    let y4m_path = dir.join("cam2.y4m");
    assert_ok(&render(&file, index, &y4m_path));
    let y4m = std::fs::read(&y4m_path).unwrap();
    let head = b"YUV4MPEG2 W32 H16 F25:1 C420 XCOLORRANGE=FULL\nFRAME\n";
    assert!(
        y4m.starts_with(head),
        "{:?}",
        String::from_utf8_lossy(&y4m[..60])
    );
    let planes = &y4m[head.len()..];
    assert_eq!(planes.len(), 32 * 16 + 2 * 16 * 8);
    let (yp, up, vp) = (&planes[..512], &planes[512..640], &planes[640..]);
    // Full-range BT.601 of the top-left red and bottom-right white quadrants.
    let (r, g, b) = (220.0, 30.0, 30.0);
    let (y_red, cr_red) = (
        0.299 * r + 0.587 * g + 0.114 * b,
        128.0 + 0.5 * r - 0.4187 * g - 0.0813 * b,
    );
    assert!(
        (f64::from(yp[3 * 32 + 3]) - y_red).abs() < 6.0,
        "Y {}",
        yp[3 * 32 + 3]
    );
    assert!(
        (f64::from(vp[16 + 2]) - cr_red).abs() < 8.0,
        "Cr {}",
        vp[16 + 2]
    );
    assert!((i32::from(yp[12 * 32 + 28]) - 240).abs() < 6);
    assert!((i32::from(up[6 * 16 + 14]) - 128).abs() < 6);
}

#[test]
fn h264_frames_render_to_the_decoders_own_pictures() {
    let dir = temp_dir("h264");
    let path = format!(
        "{}/../netvu/src/codec/testdata/testsrc_176x144.h264",
        env!("CARGO_MANIFEST_DIR")
    );
    let es = std::fs::read(path).unwrap();
    // One access unit a chunk: type 10 (vid_format 6) for IDR, 11 (7) else.
    let units = access_units(Codec::H264, &es);
    assert!(units.len() >= 3 && units[0].key && !units[2].key);
    let mut s = Vec::new();
    for (k, u) in units.iter().enumerate() {
        let (data_type, vid_format) = if u.key { (10, 6) } else { (11, 7) };
        s.extend(pic_chunk(
            data_type,
            0,
            vid_format,
            (176, 144),
            k as u32,
            u.bytes,
        ));
    }
    let file = dir.join("h264.ad");
    std::fs::write(&file, s).unwrap();
    // The pictures rusty_h264 gives fed the units directly, in order.
    let mut dec = rusty_h264_decoder::Decoder::new();
    let direct: Vec<_> = units[..3]
        .iter()
        .map(|u| dec.decode(u.bytes).unwrap().unwrap())
        .collect();
    for index in [0, 2] {
        let want = &direct[index];
        let y4m_path = dir.join(format!("f{index}.y4m"));
        assert_ok(&render(&file, index, &y4m_path));
        let mut y4m = b"YUV4MPEG2 W176 H144 F25:1 C420\nFRAME\n".to_vec();
        for plane in [&want.y, &want.u, &want.v] {
            y4m.extend(plane.iter().copied());
        }
        assert!(std::fs::read(&y4m_path).unwrap() == y4m, "frame {index}");
        // The PNG is those planes through the project's BT.601 converter.
        let png_path = dir.join(format!("f{index}.png"));
        assert_ok(&render(&file, index, &png_path));
        let picture = netvu_mpeg4::Picture {
            width: 176,
            height: 144,
            y: want.y.clone(),
            u: want.u.clone(),
            v: want.v.clone(),
            vop_type: netvu_mpeg4::VopType::I,
            coded: true,
        };
        let mut rgba = vec![0u8; 176 * 144 * 4];
        netvu_mpeg4::yuv420_to_rgba(&picture, &mut rgba);
        let rgb: Vec<u8> = rgba
            .chunks_exact(4)
            .flat_map(|c| [c[0], c[1], c[2]])
            .collect();
        assert!(read_png(&png_path) == (176, 144, rgb), "frame {index}");
    }
}

/// Width, height and RGB samples of an 8-bit RGB PNG.
fn read_png(path: &Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

#[test]
fn bmp_frames_render_to_png_and_extract_as_bmp() {
    let dir = temp_dir("bmp");
    let bmp = writers::bmp_file(6, 4);
    let mut s = writers::mime_part(
        "image/jpeg",
        &writers::jfif_with_comment(&writers::comment(3, "Fire", 60, 0, 1)),
    );
    s.extend(writers::mime_part("image/bmp", &bmp));
    let file = dir.join("firevu.mime");
    std::fs::write(&file, s).unwrap();
    // Listed as a picture of the camera before it, with its title and size.
    let frames = netvu(&["frames", "--json", file.to_str().unwrap()]);
    let listed: Vec<serde_json::Value> = String::from_utf8(frames.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let b = &listed[1];
    assert_eq!(
        (
            &b["media"],
            &b["codec"],
            &b["camera"],
            &b["title"],
            &b["width"],
            &b["height"]
        ),
        (
            &"video".into(),
            &"bmp".into(),
            &3.into(),
            &"Fire".into(),
            &6.into(),
            &4.into()
        )
    );
    let png_path = dir.join("b.png");
    assert_ok(&render(&file, 1, &png_path));
    // Red on the left half, blue on the right, as written.
    let rgb: Vec<u8> = (0..4)
        .flat_map(|_| (0..6).flat_map(|x| if x < 3 { [255, 0, 0] } else { [0, 0, 255] }))
        .collect();
    assert!(read_png(&png_path) == (6, 4, rgb));
    let out = dir.join("extracted");
    let o = netvu(&[
        "extract",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--index",
        "1",
    ]);
    assert_ok(&o);
    assert_eq!(std::fs::read(out.join("camera03_000001.bmp")).unwrap(), bmp);
}

#[test]
fn bad_requests_fail_with_one_line() {
    let dir = temp_dir("errors");
    let (file, indexes) = mixed_file(&dir, &mpeg4_data("tiny.m4v"), (64, 48));
    let last = indexes.len() + 1; // tiny has 3 VOPs and one JFIF: 4 frames
    for (args, want) in [
        (
            vec!["--index", &*last.to_string(), "--out", "x.y4m"],
            "no frame 4",
        ),
        (vec!["--index", "0", "--out", "x.bmp"], ".png or .y4m"),
    ] {
        let out = dir.join(args[3]);
        let o = netvu(
            &[
                &["render", file.to_str().unwrap(), args[0], args[1], "--out"][..],
                &[out.to_str().unwrap()],
            ]
            .concat(),
        );
        assert!(!o.status.success());
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(want), "{err}");
    }
    // A P-VOP whose I-VOP is damaged beyond decoding: the VOP header is cut.
    let m4v = mpeg4_data("tiny.m4v");
    let chunks = vop_chunks(&m4v);
    let mut s = Vec::new();
    let i_vop = &chunks[0].0[..chunks[0]
        .0
        .windows(4)
        .position(|w| w == [0, 0, 1, 0xB6])
        .unwrap()];
    s.extend(pic_chunk(2, 0, 3, (64, 48), 0, i_vop));
    s.extend(pic_chunk(3, 0, 2, (64, 48), 1, chunks[1].0));
    let broken = dir.join("broken.ad");
    std::fs::write(&broken, s).unwrap();
    let o = render(&broken, 1, &dir.join("p.y4m"));
    assert!(!o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("frame 1"), "{err}");
}
