//! The `netvu` binary end to end: exit codes, JSON shapes, settings bytes,
//! conversion, extraction.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod support;
use support::{netvu, temp_dir};

/// A small AD binary file: two cameras of flat 16×8 JPEG (spec T1 scans) and ADPCM audio.
fn adbinary(dir: &Path) -> PathBuf {
    let mut s = Vec::new();
    for i in 0..3u32 {
        for cam in 1..=2u8 {
            let hdr = netvu::header::PicHeader {
                version: 0xDECA_DE11,
                mode: 0,
                cam: i32::from(cam),
                vid_format: 0,
                start_offset: 12,
                size: 3,
                max_size: 0,
                target_size: 0,
                factor: 50,
                alm_bitmask_hi: 0,
                status: 0,
                session_time: 1_262_304_000 + i,
                milliseconds: 500,
                res: String::new(),
                title: format!("Cam {cam}"),
                alarm: String::new(),
                src_pixels: 16,
                src_lines: 8,
                target_pixels: 16,
                target_lines: 8,
                pixel_offset: 0,
                line_offset: 0,
                locale: "GMT".into(),
                utc_offset: 0,
                alm_bitmask: 0,
            };
            let body = [&hdr.to_bytes()[..], b"FrameNum:1\r\n", &[0x28, 0xA0, 0x0F]].concat();
            s.extend([0, cam - 1]);
            s.extend((body.len() as u32).to_be_bytes());
            s.extend(body);
        }
        let mut audio = vec![4, 0, 0, 0, 0, 36];
        for w in [0x00AB_CDEFu32, 5, 0, 0, 8, 1_262_304_000 + i, 0] {
            audio.extend(w.to_be_bytes());
        }
        audio.extend([0, 0, 0, 0, 0x70, 0, 0, 0]);
        s.extend(audio);
    }
    let path = dir.join("two_cameras.ad");
    std::fs::write(&path, s).unwrap();
    path
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The code, offset and length of the one problem `info --json` lists.
fn only_problem(info: &serde_json::Value) -> (&str, u64, Option<u64>) {
    let problems = info["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let p = &problems[0];
    (
        p["code"].as_str().unwrap(),
        p["offset"].as_u64().unwrap(),
        p["length"].as_u64(),
    )
}

#[test]
fn bad_command_lines_and_missing_files_fail_with_one_line() {
    let out = netvu(&["info", "/no/such/file.par"]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("/no/such/file.par"));
    assert!(!netvu(&["frobnicate"]).status.success());
    assert!(!netvu(&["info"]).status.success());
}

#[test]
fn noise_opens_as_unknown_with_exit_zero() {
    let dir = temp_dir("noise");
    let path = dir.join("noise.bin");
    let mut x = 12345u64;
    let noise: Vec<u8> = (0..100_000)
        .map(|_| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
            (x >> 33) as u8
        })
        .collect();
    std::fs::write(&path, noise).unwrap();
    let out = netvu(&["info", "--json", path.to_str().unwrap()]);
    assert!(out.status.success());
    let v = &json_lines(&out)[0];
    assert_eq!(v["format"], "unknown");
    assert_eq!(v["frames"], 0);
    // The whole file is one damaged run: one problem covering it.
    assert_eq!(only_problem(v), ("unrecognised", 0, Some(100_000)));
    assert!(netvu(&["frames", "--json", path.to_str().unwrap()])
        .status
        .success());
    assert!(netvu(&["settings", "--ini", path.to_str().unwrap()])
        .status
        .success());
}

#[test]
fn info_and_frames_describe_the_file() {
    let dir = temp_dir("info");
    let path = adbinary(&dir);
    let p = path.to_str().unwrap();
    let info = &json_lines(&netvu(&["info", "--json", p]))[0];
    assert_eq!(info["format"], "adbinary");
    assert_eq!(info["frames"], 9);
    assert_eq!(info["cameras"][1]["title"], "Cam 2");
    assert_eq!(
        info["cameras"][0]["first_timestamp_ms"],
        1_262_304_000_500i64
    );
    assert_eq!(info["audio"][0]["codec"], "adpcm_ima");
    let frames = json_lines(&netvu(&["frames", "--json", p]));
    assert_eq!(frames.len(), 9);
    let f = &frames[0];
    assert_eq!(
        (
            f["index"].as_u64(),
            f["media"].as_str(),
            f["codec"].as_str()
        ),
        (Some(0), Some("video"), Some("jpeg"))
    );
    assert_eq!(
        (
            f["width"].as_u64(),
            f["height"].as_u64(),
            f["frame_number"].as_u64()
        ),
        (Some(16), Some(8), Some(1))
    );
    assert_eq!(f["payload_offset"], 6 + 168 + 12);
    // SHA-256 of the spec's T1 JFIF, rebuilt: 623-byte header + 28 A0 0F + FF D9.
    let jfif = netvu::codec::jpeg::rebuild_jfif(50, 16, 8, 0, &[0x28, 0xA0, 0x0F]);
    use sha2::Digest;
    let want: String = sha2::Sha256::digest(&jfif)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(f["jfif_sha256"], want.as_str());
    assert_eq!(frames[2]["channel"], 0);
}

#[test]
fn convert_then_extract() {
    let dir = temp_dir("convert");
    let path = adbinary(&dir);
    let par = dir.join("out.par");
    assert!(netvu(&[
        "convert",
        path.to_str().unwrap(),
        "--out",
        par.to_str().unwrap()
    ])
    .status
    .success());
    let a = json_lines(&netvu(&["frames", "--json", path.to_str().unwrap()]));
    let b = json_lines(&netvu(&["frames", "--json", par.to_str().unwrap()]));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        for k in [
            "codec",
            "key",
            "timestamp_ms",
            "payload_sha256",
            "title",
            "camera",
            "jfif_sha256",
        ] {
            assert_eq!(x[k], y[k], "{k}");
        }
    }
    // PAR → PAR is byte-identical.
    let again = dir.join("again.par");
    assert!(netvu(&[
        "convert",
        par.to_str().unwrap(),
        "--out",
        again.to_str().unwrap()
    ])
    .status
    .success());
    assert_eq!(std::fs::read(&par).unwrap(), std::fs::read(&again).unwrap());
    let out = dir.join("extracted");
    assert!(netvu(&[
        "extract",
        par.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--camera",
        "2"
    ])
    .status
    .success());
    let mut names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            "camera02_000001.jpg",
            "camera02_000004.jpg",
            "camera02_000007.jpg"
        ]
    );
    let jpg = std::fs::read(out.join(&names[0])).unwrap();
    let pixels = jpeg_decoder::Decoder::new(&jpg[..]).decode().unwrap();
    assert!(pixels.iter().all(|&p| p == 128));
    let wav_dir = dir.join("wav");
    assert!(netvu(&[
        "extract",
        path.to_str().unwrap(),
        "--out",
        wav_dir.to_str().unwrap()
    ])
    .status
    .success());
    let wav = std::fs::read(wav_dir.join("audio00.wav")).unwrap();
    assert_eq!(&wav[..4], b"RIFF");
    assert_eq!(wav.len(), 44 + 3 * 9 * 2);
}

/// A pipe cannot be mapped or seeked: `info` reads it front to back and
/// describes the same recording as the file it came from.
#[test]
fn info_reads_a_pipe_like_the_file() {
    let dir = temp_dir("pipe");
    let file = adbinary(&dir);
    let fifo = dir.join("stream.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo failed");
    let bytes = std::fs::read(&file).unwrap();
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, bytes).unwrap())
    };
    let from_pipe = netvu(&["info", "--json", fifo.to_str().unwrap()]);
    writer.join().unwrap();
    let from_file = netvu(&["info", "--json", file.to_str().unwrap()]);
    assert!(
        from_pipe.status.success(),
        "{}",
        String::from_utf8_lossy(&from_pipe.stderr)
    );
    let mut pipe_json: serde_json::Value = serde_json::from_slice(&from_pipe.stdout).unwrap();
    let mut file_json: serde_json::Value = serde_json::from_slice(&from_file.stdout).unwrap();
    assert_eq!(pipe_json["frames"], 9, "{pipe_json}");
    assert_eq!(pipe_json["size"], file_json["size"]);
    for json in [&mut pipe_json, &mut file_json] {
        json.as_object_mut().unwrap().remove("file");
    }
    assert_eq!(pipe_json, file_json);
}

#[test]
fn files_that_are_not_netvu_say_so_in_one_line_and_exit_zero() {
    let dir = temp_dir("not-netvu");
    let path = dir.join("holiday.par");
    let mut parchive = b"PAR\0\0\0\0\0\0\0\x01\0".to_vec();
    parchive.extend([7u8; 500]);
    std::fs::write(&path, parchive).unwrap();
    let p = path.to_str().unwrap();
    let out = netvu(&["info", p]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("{p}: a Parchive parity file, not a Dedicated Micros recording: nothing to show\n")
    );
    let v = &json_lines(&netvu(&["info", "--json", p]))[0];
    assert_eq!(
        (&v["format"], &v["kind"], &v["frames"]),
        (&"not_netvu".into(), &"parchive".into(), &0.into())
    );
    assert_eq!(only_problem(v), ("not_netvu", 0, None));
    let frames = netvu(&["frames", "--json", p]);
    assert!(frames.status.success() && frames.stdout.is_empty());
}

#[test]
fn padding_and_a_cut_picture_are_one_problem_each_with_their_byte_range() {
    let dir = temp_dir("tails");
    let bytes = std::fs::read(adbinary(&dir)).unwrap();
    let padded = dir.join("padded.ad");
    std::fs::write(&padded, [&bytes[..], &[0xFF; 4096][..]].concat()).unwrap();
    let v = &json_lines(&netvu(&["info", "--json", padded.to_str().unwrap()]))[0];
    assert_eq!(v["frames"], 9);
    assert_eq!(only_problem(v), ("padding", bytes.len() as u64, Some(4096)));
    // Cut 2 bytes into the last picture's scan: the headerless JPEG, which
    // the vendor drops, is left out of `frames` but still renders.
    let frames = json_lines(&netvu(&["frames", "--json", padded.to_str().unwrap()]));
    let last_picture = frames.iter().rfind(|f| f["media"] == "video").unwrap();
    let cut_at = last_picture["payload_offset"].as_u64().unwrap() as usize + 2;
    let cut = dir.join("cut.ad");
    std::fs::write(&cut, &bytes[..cut_at]).unwrap();
    let c = cut.to_str().unwrap();
    let v = &json_lines(&netvu(&["info", "--json", c]))[0];
    let (code, offset, length) = only_problem(v);
    assert_eq!(
        (code, offset + length.unwrap()),
        ("truncated", cut_at as u64)
    );
    let listed = json_lines(&netvu(&["frames", "--json", c]));
    assert_eq!(
        listed.len(),
        frames.len() - 2,
        "the cut picture and the audio after it"
    );
    let index = last_picture["index"].as_u64().unwrap().to_string();
    let png = dir.join("cut.png");
    let o = netvu(&[
        "render",
        c,
        "--index",
        &index,
        "--out",
        png.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}
