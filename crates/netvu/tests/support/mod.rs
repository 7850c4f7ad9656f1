//! Writers for every format, used to make test data inside the project.
#![allow(dead_code, clippy::unwrap_used, clippy::too_many_arguments)] // shared by several test binaries; unwraps fail tests

use netvu::header::PicHeader;
use netvu::par_writer::{ParFrame, ParWriter};

pub const T0: u32 = 1_262_304_000; // 2010-01-01T00:00:00Z

/// Spec §12 scans for a 16×8 (4:2:2) or 16×16 (4:2:0) flat grey picture.
pub const S422: [u8; 3] = [0x28, 0xA0, 0x0F];
pub const S420: [u8; 4] = [0x28, 0xA2, 0x8A, 0x00];

pub fn pic_header(
    cam: i32,
    vf: i32,
    text_len: usize,
    size: usize,
    w: u16,
    h: u16,
    secs: u32,
    ms: u32,
    title: &str,
) -> Vec<u8> {
    PicHeader {
        cam,
        vid_format: vf,
        start_offset: text_len as u32,
        size: size as u32,
        factor: 50,
        session_time: secs,
        milliseconds: ms,
        title: title.into(),
        alarm: if cam == 2 {
            "Motion".into()
        } else {
            String::new()
        },
        src_pixels: w,
        src_lines: h,
        target_pixels: w,
        target_lines: h,
        locale: "GMT".into(),
        utc_offset: 60,
        ..PicHeader::default()
    }
    .to_bytes()
    .to_vec()
}

/// A NetVu picture body: header, text, picture.
pub fn picture_body(
    cam: i32,
    vf: i32,
    text: &[u8],
    pic: &[u8],
    w: u16,
    h: u16,
    secs: u32,
    ms: u32,
    title: &str,
) -> Vec<u8> {
    [
        pic_header(cam, vf, text.len(), pic.len(), w, h, secs, ms, title),
        text.to_vec(),
        pic.to_vec(),
    ]
    .concat()
}

pub fn chunk(dt: u8, channel: u8, body: &[u8]) -> Vec<u8> {
    let mut c = vec![dt, channel];
    c.extend_from_slice(&(body.len() as u32).to_be_bytes());
    c.extend_from_slice(body);
    c
}

/// A NetVu audio body (28-byte header, no additional data).
pub fn audio_body(mode: i32, channel: i32, samples: &[u8], secs: u32, ms: u32) -> Vec<u8> {
    let mut b = Vec::new();
    for w in [
        0x00AB_CDEFu32,
        mode as u32,
        channel as u32,
        0,
        samples.len() as u32,
        secs,
        ms,
    ] {
        b.extend_from_slice(&w.to_be_bytes());
    }
    b.extend_from_slice(samples);
    b
}

/// A minimal MPEG-4 ES: a VOP start code and coding type, then filler.
pub fn mpeg4_vop(key: bool, len: usize) -> Vec<u8> {
    let mut v = vec![0, 0, 1, 0xB6, if key { 0x10 } else { 0x50 }];
    v.resize(len, 0x55);
    v
}

/// A minimal H.264 access unit: IDR slice or non-IDR slice NAL.
pub fn h264_au(key: bool, len: usize) -> Vec<u8> {
    let mut v = vec![0, 0, 0, 1, if key { 0x65 } else { 0x41 }, 0x88];
    v.resize(len, 0x77);
    v
}

/// A complete JFIF with NetVu fields in a COM segment: the spec T1 header
/// and scan with the comment inserted after APP0.
pub fn jfif_with_comment(comment: &str) -> Vec<u8> {
    let full = netvu::codec::jpeg::rebuild_jfif(50, 16, 8, 0, &S422);
    let mut com = vec![0xFF, 0xFE];
    com.extend_from_slice(&((comment.len() + 2) as u16).to_be_bytes());
    com.extend_from_slice(comment.as_bytes());
    [&full[..20], &com[..], &full[20..]].concat()
}

pub fn comment(cam: u16, title: &str, secs_of_day: u32, ms: u32, frame: u32) -> String {
    format!(
        "Version: 00.02\r\nNumber: {cam}\r\nName: {title}\r\nDate: 01/01/2010\r\nTime: {:02}:{:02}:{:02}\r\nMSec: {ms}\r\nLocale: GMT\r\nUTCoffset: 0\r\nFrameNum: {frame}\r\n",
        secs_of_day / 3600,
        secs_of_day / 60 % 60,
        secs_of_day % 60
    )
}

/// Spec T3: one ADPCM block of 8 samples, and T4's minimal audio.
pub const T3_BLOCK: [u8; 8] = [0, 0, 0, 0, 0x70, 0, 0, 0];
pub const T4_PAYLOAD: [u8; 16] = [
    0x4b, 0x3d, 0x3b, 0x00, 0x01, 0xf4, 0x00, 0x05, 0x01, 0x00, 0x10, 0x00, 0x7f, 0x08, 0x19, 0x2a,
];
/// Spec T5: an RLE-packed PBM mask, 16×2.
pub const T5_PBM: &[u8] = b"P4\n#RLE Zone 1\n016 002\n\x02\x00\x02\xff";

/// A 24-bit Windows bitmap of `width` × `height` pixels (BITMAPINFOHEADER,
/// bottom-up rows padded to 4 bytes), red on the left half, blue on the right.
pub fn bmp_file(width: u32, height: u32) -> Vec<u8> {
    let row = (width * 3).div_ceil(4) * 4;
    let size = 54 + row * height;
    let mut b = b"BM".to_vec();
    b.extend(size.to_le_bytes());
    b.extend([0, 0, 0, 0]);
    b.extend(54u32.to_le_bytes());
    b.extend(40u32.to_le_bytes());
    b.extend(width.to_le_bytes());
    b.extend(height.to_le_bytes());
    b.extend(1u16.to_le_bytes());
    b.extend(24u16.to_le_bytes());
    b.extend([0u8; 24]);
    for _ in 0..height {
        let mut line: Vec<u8> = (0..width)
            .flat_map(|x| {
                if x < width / 2 {
                    [0, 0, 255]
                } else {
                    [255, 0, 0]
                }
            })
            .collect();
        line.resize(row as usize, 0);
        b.extend(line);
    }
    b
}

/// An AD binary stream with every data type, two cameras and audio.
/// Returns the bytes and the number of frames (not data units) in it.
pub fn adbinary_all_types() -> (Vec<u8>, usize) {
    let mut s = Vec::new();
    s.extend(chunk(
        9,
        2,
        b"\0SITE TEST;CAM 3:Lobby;(JPEG)TARGSIZE 0:(MPEG)BITRATE 262144;IMAGESIZE 0,0:176,144;",
    ));
    let mut frames = 0;
    for i in 0..4u32 {
        s.extend(chunk(
            0,
            0,
            &picture_body(
                1,
                0,
                b"FrameNum:7\r\n\0",
                &S422,
                16,
                8,
                T0 + i,
                500,
                "Front",
            ),
        ));
        s.extend(chunk(
            0,
            1,
            &picture_body(2, 1, b"", &S420, 16, 16, T0 + i, 520, "Back"),
        ));
        s.extend(chunk(
            2 + (i > 0) as u8,
            4,
            &picture_body(
                5,
                if i == 0 { 3 } else { 2 },
                b"Active-zones:1\r\n",
                &mpeg4_vop(i == 0, 40),
                176,
                144,
                T0 + i,
                540,
                "Gate",
            ),
        ));
        s.extend(chunk(
            10 + (i > 0) as u8,
            5,
            &picture_body(
                6,
                if i == 0 { 6 } else { 7 },
                b"",
                &h264_au(i == 0, 30),
                64,
                48,
                T0 + i,
                560,
                "Yard",
            ),
        ));
        s.extend(chunk(4, 0, &audio_body(5, 0, &T3_BLOCK, T0 + i, 500)));
        let mut minimal = (T0 + i).to_be_bytes().to_vec();
        minimal.extend_from_slice(&(600u16 + i as u16).to_be_bytes());
        minimal.extend(mpeg4_vop(i == 0, 20));
        s.extend(chunk(6, 2, &minimal));
        s.extend(chunk(7, 0, &T4_PAYLOAD));
        frames += 7;
    }
    s.extend(chunk(
        1,
        3,
        &jfif_with_comment(&comment(4, "Office", 0, 250, 9)),
    ));
    s.extend(chunk(14, 0, T5_PBM));
    s.extend(chunk(8, 0, b"layout"));
    s.extend(chunk(12, 0, b"<infoList><x/></infoList>"));
    s.extend(chunk(13, 6, &bmp_file(2, 2)));
    s.extend(chunk(15, 0, b"\0vars"));
    frames += 3;
    (s, frames)
}

pub const BOUNDARY: &str = "--0plm(NetVu-Connected:Server-Push:Boundary-String)1qaz";

pub fn mime_part(content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut p = format!("{BOUNDARY}\r\nHTTP/1.0 200 OK\r\nServer: ADH-Web\r\nContent-type: {content_type}\r\nContent-length: {}\r\n\r\n", body.len()).into_bytes();
    p.extend_from_slice(body);
    p.extend_from_slice(b"\r\n");
    p
}

/// A MIME stream: JFIF pictures, MPEG-4 with text parts, audio.
pub fn admime_stream() -> Vec<u8> {
    let mut s = Vec::new();
    for i in 0..3u32 {
        s.extend(mime_part(
            "image/jpeg",
            &jfif_with_comment(&comment(3, "Hall", i, 100, i)),
        ));
        s.extend(mime_part(
            if i == 0 {
                "image/admp4i"
            } else {
                "image/admp4p"
            },
            &mpeg4_vop(i == 0, 50),
        ));
        let text = format!("Number: 2\r\nName: Car Park\r\nVersion: 00.02\r\nDate: 01/01/2010\r\nTime: 00:00:0{i}\r\nMSec: 40\r\nLocale: GMT\r\nUTCoffset: 0\r\nAlarm-text: Door\r\nFrameNum: {i}\r\n\r\n");
        s.extend(mime_part("text/plain", text.as_bytes()));
        s.extend(mime_part("audio/adpcm;rate=8000", &T3_BLOCK));
    }
    s
}

/// A DM PIC message carrying spec T9's JPEG.
pub fn dspic_message(camera: u8, seq: u64, secs: u32) -> Vec<u8> {
    let full = netvu::codec::jpeg::rebuild_jfif(50, 16, 8, 0, &S422);
    let mut app0 = vec![0xFF, 0xE0, 0x00, 0x6C];
    app0.extend_from_slice(b"DigiSpr\0");
    app0.extend_from_slice(&0x274u32.to_be_bytes());
    app0.extend_from_slice(&seq.to_be_bytes());
    app0.extend_from_slice(&secs.to_be_bytes());
    app0.extend_from_slice(&[0x01, 0xF4, 0x00, 0x80, camera, 0]);
    app0.extend_from_slice(&[0; 16]);
    app0.extend_from_slice(&[0, 0x32, 0, 8, 0, 16, 0, 2, 0, 0, 0, 0]);
    let mut title = b"Cam1".to_vec();
    title.resize(24, 0);
    app0.extend(title);
    app0.extend_from_slice(&[0; 24]);
    let jpeg = [&full[..20], &app0[..], &full[20..]].concat();
    let mut m = vec![0xFA, 0xCE, 0xD0, 0xFF];
    m.extend_from_slice(&(24 + jpeg.len() as u32).to_be_bytes());
    for w in [0u32, 0, 1, 0, 6] {
        m.extend_from_slice(&w.to_be_bytes());
    }
    m.extend(jpeg);
    m
}

/// A small deterministic pseudo-random generator for damage and noise.
pub struct Lcg(pub u64);
impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// A PAR v1 file of `frames`, with settings if given and one event.
pub fn write_par(frames: &[ParFrame], settings: Option<&[u8]>) -> Vec<u8> {
    let mut w = ParWriter::new(
        std::io::Cursor::new(Vec::new()),
        1_700_000_000_000,
        60,
        0,
        false,
    )
    .unwrap();
    if let Some(s) = settings {
        w.settings(s).unwrap();
    }
    for f in frames {
        w.frame(f).unwrap();
    }
    w.event(&netvu::model::Event {
        offset: 0,
        timestamp_ms: 5,
        camera: 1,
        kind: netvu::model::EventKind::Alarm,
        text: "Door".into(),
    })
    .unwrap();
    w.finish().unwrap().into_inner()
}

/// An AD binary stream of `n` MPEG-4 pictures of camera 1 (an I-VOP every
/// tenth), each of `len` bytes of stream, 40 ms apart.
pub fn adbinary_mpeg4(n: u32, len: usize) -> Vec<u8> {
    (0..n)
        .flat_map(|i| {
            let key = i % 10 == 0;
            chunk(
                if key { 2 } else { 3 },
                0,
                &picture_body(
                    1,
                    if key { 3 } else { 2 },
                    b"",
                    &mpeg4_vop(key, len),
                    176,
                    144,
                    T0,
                    i * 40,
                    "Gate",
                ),
            )
        })
        .collect()
}
