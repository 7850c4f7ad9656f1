//! Writes a synthetic 4-camera recording of a given size, as AD binary or
//! PAR v1, for benchmarks: camera 1 JPEG (~20 KB), 2 MPEG-4 (GOP 25), 3
//! H.264 (GOP 25), 4 JPEG 4:2:0, each at 25 pictures/s, plus ADPCM audio.
//! Payload bytes are pseudo-random: indexing never decodes them. `carve`
//! writes what a disk image holds instead: JPEG pictures with a NetVu
//! comment, each in its own 4 KiB-aligned run, zero-filled between.
//!
//! Usage: make_recording adbinary|par|carve SIZE_MIB OUT

use netvu::header::PicHeader;
use netvu::par_writer::{ParFrame, ParWriter};
use std::io::{BufWriter, Write};

const T0: u32 = 1_710_498_030;

fn pic_header(cam: i32, vf: i32, size: usize, w: u16, h: u16, ms_total: u64) -> Vec<u8> {
    PicHeader {
        cam,
        vid_format: vf,
        start_offset: 13,
        size: size as u32,
        factor: 24,
        session_time: T0 + (ms_total / 1000) as u32,
        milliseconds: (ms_total % 1000) as u32,
        title: format!("Camera {cam}"),
        alarm: String::new(),
        src_pixels: w,
        src_lines: h,
        target_pixels: w,
        target_lines: h,
        locale: "GMT".into(),
        utc_offset: 0,
        ..PicHeader::default()
    }
    .to_bytes()
    .to_vec()
}

enum Out {
    AdBinary(BufWriter<std::fs::File>),
    Par(Box<ParWriter<BufWriter<std::fs::File>>>),
}

impl Out {
    fn unit(
        &mut self,
        dt: u8,
        channel: u32,
        ms: u64,
        number: u32,
        body: Vec<u8>,
    ) -> std::io::Result<()> {
        match self {
            Out::AdBinary(w) => {
                w.write_all(&[dt, (channel & 0x7F) as u8])?;
                w.write_all(&(body.len() as u32).to_be_bytes())?;
                w.write_all(&body)
            }
            Out::Par(p) => p.frame(&ParFrame {
                data_type: dt,
                channel,
                timestamp: i64::from(T0) * 1000 + ms as i64,
                frame_number: number,
                body,
            }),
        }
    }
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, kind, mib, path] = args.as_slice() else {
        eprintln!("usage: make_recording adbinary|par|carve SIZE_MIB OUT");
        std::process::exit(2);
    };
    let target = mib.parse::<u64>().expect("size in MiB") << 20;
    let mut noise = Vec::with_capacity(64 << 10);
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    for _ in 0..(64 << 10) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        noise.push(x as u8);
    }
    let mut file = BufWriter::with_capacity(8 << 20, std::fs::File::create(path)?);
    if kind == "carve" {
        return carved_pictures(&mut file, target, &noise);
    }
    let mut out = if kind == "par" {
        Out::Par(Box::new(ParWriter::new(
            file,
            i64::from(T0) * 1000,
            0,
            0,
            false,
        )?))
    } else {
        Out::AdBinary(file)
    };
    let (mut written, mut tick, mut units) = (0u64, 0u64, 0u64);
    while written < target {
        let ms = tick * 40;
        let gop_start = tick % 25 == 0;
        for cam in 1..=4u32 {
            let (dt, vf, size, w, h) = match cam {
                1 => (0u8, 0, 20_000, 720, 576),
                2 if gop_start => (2, 5, 24_000, 704, 576),
                2 => (3, 4, 4_000, 704, 576),
                3 if gop_start => (10, 6, 18_000, 704, 288),
                3 => (11, 7, 3_000, 704, 288),
                _ => (0, 1, 9_000, 352, 288),
            };
            let size = size + (tick as usize * 37 + cam as usize * 101) % 2000;
            let start = (tick as usize * 131 + cam as usize * 977) % (noise.len() - size);
            let payload = &noise[start..start + size];
            let body = [
                &pic_header(cam as i32, vf, size, w, h, ms)[..],
                b"FrameNum:1\r\n\0",
                payload,
            ]
            .concat();
            let key = matches!(vf, 0 | 1 | 5 | 6);
            written += body.len() as u64 + 6;
            out.unit(
                dt,
                (cam - 1 + u32::from(kind == "par")) | if key { 1 << 16 } else { 0 },
                ms,
                tick as u32,
                body,
            )?;
            units += 1;
        }
        if tick % 4 == 0 {
            let mut audio = Vec::with_capacity(284);
            for w in [
                0x00AB_CDEFu32,
                5,
                0,
                0,
                256,
                T0 + (ms / 1000) as u32,
                (ms % 1000) as u32,
            ] {
                audio.extend_from_slice(&w.to_be_bytes());
            }
            audio.extend_from_slice(&noise[..256]);
            written += audio.len() as u64 + 6;
            out.unit(4, 0x1_8001, ms, (tick / 4) as u32, audio)?;
            units += 1;
        }
        tick += 1;
    }
    match out {
        Out::AdBinary(mut w) => w.flush()?,
        Out::Par(p) => drop(p.finish()?),
    }
    eprintln!("{path}: {units} units, {} s of recording", tick / 25);
    Ok(())
}

/// JPEGs with a NetVu comment, one every 4 KiB-aligned run, zeros between.
fn carved_pictures(out: &mut impl Write, target: u64, noise: &[u8]) -> std::io::Result<()> {
    // Scan bytes without 0xFF, so that no marker appears inside them.
    let scan: Vec<u8> = noise.iter().map(|&b| b.min(0xFE)).collect();
    // A first cluster of zeros, as where a disk image's boot sector would be.
    out.write_all(&[0; 4096])?;
    let (mut written, mut pictures) = (4096u64, 0u64);
    while written < target {
        let size = 15_000 + (pictures as usize * 37) % 10_000;
        let start = (pictures as usize * 131) % (scan.len() - size);
        let jfif = netvu::codec::jpeg::rebuild_jfif(24, 720, 576, 0, &scan[start..start + size]);
        let ms = pictures * 40;
        let comment = format!(
            "Version: 00.02\r\nNumber: 1\r\nName: Camera 1\r\nDate: 15/03/2024\r\nTime: 10:{:02}:{:02}\r\nMSec: {}\r\n",
            ms / 60_000 % 60,
            ms / 1000 % 60,
            ms % 1000
        );
        let mut com = vec![0xFF, 0xFE];
        com.extend_from_slice(&((comment.len() + 2) as u16).to_be_bytes());
        com.extend_from_slice(comment.as_bytes());
        let picture = [&jfif[..20], &com[..], &jfif[20..]].concat();
        let padded = picture.len().div_ceil(4096) * 4096;
        out.write_all(&picture)?;
        out.write_all(&vec![0; padded - picture.len()])?;
        written += padded as u64;
        pictures += 1;
    }
    out.flush()?;
    eprintln!("{pictures} pictures to carve");
    Ok(())
}
