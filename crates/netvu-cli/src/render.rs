//! `netvu render`: decode one frame natively and write it as PNG (RGB) or as
//! a one-frame YUV4MPEG2 file (4:2:0).
//!
//! JPEG/JFIF frames are decoded with `jpeg-decoder`, BMP with `image`,
//! MPEG-4 Part 2 with `netvu-mpeg4`, H.264 with `rusty_h264-decoder` (pure
//! Rust). Predicted frames are decoded from their camera's last key frame
//! before them, in file order, feeding only that camera's frames: the run
//! `netvu::unit::decode_run` plans, as in the viewer.

use crate::source::Source;
use netvu::model::{FrameEntry, Media};
use netvu::unit::{decodable, decode_run, Decodable, RunError};
use netvu::Codec;
use netvu_mpeg4::{yuv420_to_rgba, DecodeError, Decoder, Picture, VopType};
use std::fs;
use std::io::{BufWriter, Write};
use std::path::Path;

type Result<T> = std::result::Result<T, String>;

/// Planar YUV 4:2:0, tightly packed: chroma planes are
/// `ceil(width/2)` × `ceil(height/2)`.
struct Planes {
    width: usize,
    height: usize,
    y: Vec<u8>,
    u: Vec<u8>,
    v: Vec<u8>,
    /// JPEG's YCbCr uses the full 0..255 range; MPEG-4 and H.264 video the
    /// 16..235 one.
    full_range: bool,
}

/// What a frame decodes to.
enum Image {
    /// Native 4:2:0 planes (MPEG-4, H.264), written to .y4m unchanged.
    Yuv(Planes),
    /// A JPEG or BMP, as RGB (converted to full-range YCbCr 4:2:0 for .y4m).
    Rgb {
        rgb: Vec<u8>,
        width: usize,
        height: usize,
    },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum OutKind {
    Png,
    Y4m,
}

pub fn render(path: &Path, index: usize, out: &Path) -> Result<()> {
    let kind = match out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("png") => OutKind::Png,
        Some("y4m") => OutKind::Y4m,
        _ => {
            return Err(format!(
                "{}: output must end in .png or .y4m",
                out.display()
            ))
        }
    };
    let mut src = Source::open(path)?;
    let ix = src.index()?;
    // Positions in `ix.frames` of the numbered frames (data units take no index).
    let numbered: Vec<usize> = ix
        .frames
        .iter()
        .enumerate()
        .filter(|(_, e)| e.media() != Media::Data)
        .map(|(i, _)| i)
        .collect();
    let Some(&at) = numbered.get(index) else {
        return Err(format!(
            "{}: no frame {index} (the file has {} frames)",
            src.name,
            numbered.len()
        ));
    };
    let entry = &ix.frames[at];
    if entry.media() != Media::Video {
        return Err(format!(
            "frame {index}: {} audio, not a picture",
            entry.codec.name()
        ));
    }
    let image = match entry.codec {
        Codec::Jpeg | Codec::Jfif | Codec::Bmp => {
            let unit = src.read_range(entry.unit_range())?;
            match decodable(entry, &unit).map_err(|e| format!("frame {index}: {e}"))? {
                Decodable::Jpeg(jfif) => decode_jpeg(&jfif)
                    .map_err(|e| format!("frame {index}: JPEG not decoded: {e}"))?,
                Decodable::Bmp(bmp) => {
                    decode_bmp(&bmp).map_err(|e| format!("frame {index}: BMP not decoded: {e}"))?
                }
                _ => return Err(format!("frame {index}: not a picture")),
            }
        }
        Codec::Mpeg4 => Image::Yuv(decode_mpeg4(&mut src, &ix.frames, at, index)?),
        Codec::H264 => Image::Yuv(decode_h264(&mut src, &ix.frames, at, index)?),
        other => {
            return Err(format!(
                "frame {index}: {} cannot be rendered",
                other.name()
            ))
        }
    };
    let file = fs::File::create(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut w = BufWriter::new(file);
    let written = match (kind, &image) {
        (OutKind::Y4m, Image::Yuv(p)) => write_y4m(&mut w, p),
        (OutKind::Y4m, Image::Rgb { rgb, width, height }) => {
            write_y4m(&mut w, &rgb_to_420(rgb, *width, *height))
        }
        (OutKind::Png, Image::Rgb { rgb, width, height }) => {
            write_png(&mut w, *width as u32, *height as u32, rgb)
        }
        (OutKind::Png, Image::Yuv(p)) => {
            let rgb = planes_to_rgb(p);
            write_png(&mut w, p.width as u32, p.height as u32, &rgb)
        }
    };
    written
        .and_then(|()| w.flush().map_err(|e| e.to_string()))
        .map_err(|e| format!("{}: {e}", out.display()))
}

/// Most frames decoded to show one: a key frame further back is an error.
const MAX_RUN: usize = 10_000;

/// The frames to decode, in order, to show `frames[at]`: from its camera's
/// last key frame, planned by the library as the viewer plans them.
fn run_of(frames: &[FrameEntry], at: usize, index: usize) -> Result<Vec<usize>> {
    let e = &frames[at];
    decode_run(frames, at, None, MAX_RUN)
        .map(|run| run.frames)
        .map_err(|error| match error {
            RunError::NoKeyFrame => format!(
                "frame {index}: {} with no key frame before it",
                e.codec.name()
            ),
            RunError::TooLong => {
                format!("frame {index}: its key frame is more than {MAX_RUN} frames back")
            }
            RunError::NoSuchFrame => format!("no frame {index}"),
        })
}

fn decode_mpeg4(
    src: &mut Source,
    frames: &[FrameEntry],
    at: usize,
    index: usize,
) -> Result<Planes> {
    let mut dec = Decoder::new();
    let mut result = Err(format!("frame {index}: not decoded"));
    for i in run_of(frames, at, index)? {
        let e = &frames[i];
        let unit = src.read_range(e.unit_range())?;
        let es = match decodable(e, &unit) {
            Ok(Decodable::Mpeg4(es)) => es,
            Ok(_) => continue,
            Err(why) if i == at => return Err(format!("frame {index}: {why}")),
            Err(_) => continue,
        };
        let r = dec.decode(&es);
        if i != at {
            continue;
        }
        for p in dec.last_problems() {
            eprintln!("netvu: frame {index}: {p}");
        }
        result = match r {
            Ok(Some(pic)) => Ok(mpeg4_planes(pic)),
            Ok(None) => Err(format!("frame {index}: MPEG-4 unit holds no picture")),
            Err(DecodeError::MissingReference) => Err(format!(
                "frame {index}: MPEG-4 P-VOP with no decodable key frame before it"
            )),
            Err(e) => Err(format!("frame {index}: MPEG-4 not decoded: {e}")),
        };
    }
    result
}

fn mpeg4_planes(p: Picture) -> Planes {
    Planes {
        width: p.width as usize,
        height: p.height as usize,
        y: p.y,
        u: p.u,
        v: p.v,
        full_range: false,
    }
}

fn decode_h264(src: &mut Source, frames: &[FrameEntry], at: usize, index: usize) -> Result<Planes> {
    let mut dec = rusty_h264_decoder::Decoder::new();
    let mut result = Err(format!("frame {index}: not decoded"));
    for i in run_of(frames, at, index)? {
        let e = &frames[i];
        let unit = src.read_range(e.unit_range())?;
        let au = match decodable(e, &unit) {
            Ok(Decodable::H264(au)) => au,
            Ok(_) => continue,
            Err(why) if i == at => return Err(format!("frame {index}: {why}")),
            Err(_) => continue,
        };
        let r = dec.decode(&au);
        if i != at {
            continue;
        }
        result = match r {
            Ok(Some(f)) => {
                let (w, h) = (f.width, f.height);
                let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
                if f.y.len() < w * h || f.u.len() < cw * ch || f.v.len() < cw * ch {
                    Err(format!(
                        "frame {index}: H.264 decoder returned short planes"
                    ))
                } else {
                    Ok(Planes {
                        width: w,
                        height: h,
                        y: f.y,
                        u: f.u,
                        v: f.v,
                        full_range: false,
                    })
                }
            }
            Ok(None) => Err(format!("frame {index}: H.264 unit holds no picture")),
            Err(e) => Err(format!("frame {index}: H.264 not decoded: {e:?}")),
        };
    }
    result
}

fn decode_jpeg(jfif: &[u8]) -> std::result::Result<Image, String> {
    let mut d = jpeg_decoder::Decoder::new(jfif);
    let pixels = d.decode().map_err(|e| e.to_string())?;
    let info = d.info().ok_or("no image information")?;
    let (w, h) = (usize::from(info.width), usize::from(info.height));
    let n = w * h;
    let rgb: Vec<u8> = match info.pixel_format {
        jpeg_decoder::PixelFormat::L8 => pixels
            .get(..n)
            .ok_or("short image")?
            .iter()
            .flat_map(|&g| [g, g, g])
            .collect(),
        jpeg_decoder::PixelFormat::L16 => pixels
            .chunks_exact(2)
            .take(n)
            .flat_map(|c| [c[0], c[0], c[0]])
            .collect(),
        jpeg_decoder::PixelFormat::RGB24 => pixels.get(..n * 3).ok_or("short image")?.to_vec(),
        jpeg_decoder::PixelFormat::CMYK32 => return Err("CMYK JPEG not supported".into()),
    };
    if rgb.len() != n * 3 {
        return Err("short image".into());
    }
    Ok(Image::Rgb {
        rgb,
        width: w,
        height: h,
    })
}

fn decode_bmp(bmp: &[u8]) -> std::result::Result<Image, String> {
    let picture = image::load_from_memory_with_format(bmp, image::ImageFormat::Bmp)
        .map_err(|e| e.to_string())?
        .into_rgb8();
    let (width, height) = (picture.width() as usize, picture.height() as usize);
    Ok(Image::Rgb {
        rgb: picture.into_raw(),
        width,
        height,
    })
}

/// RGB to JFIF's full-range BT.601 YCbCr, 4:2:0: chroma is the mean of each
/// 2×2 block (of the pixels inside the picture at the edges).
fn rgb_to_420(rgb: &[u8], w: usize, h: usize) -> Planes {
    let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
    let px = |i: usize| {
        let p = &rgb[i * 3..i * 3 + 3];
        (f32::from(p[0]), f32::from(p[1]), f32::from(p[2]))
    };
    let to8 = |v: f32| v.round().clamp(0.0, 255.0) as u8;
    let y = (0..w * h)
        .map(|i| {
            let (r, g, b) = px(i);
            to8(0.299 * r + 0.587 * g + 0.114 * b)
        })
        .collect();
    let mut u = Vec::with_capacity(cw * ch);
    let mut v = Vec::with_capacity(cw * ch);
    for cy in 0..ch {
        for cx in 0..cw {
            let (mut sr, mut sg, mut sb, mut k) = (0.0, 0.0, 0.0, 0.0);
            for yy in 2 * cy..(2 * cy + 2).min(h) {
                for xx in 2 * cx..(2 * cx + 2).min(w) {
                    let (r, g, b) = px(yy * w + xx);
                    sr += r;
                    sg += g;
                    sb += b;
                    k += 1.0;
                }
            }
            let (r, g, b) = (sr / k, sg / k, sb / k);
            u.push(to8(128.0 - 0.168_736 * r - 0.331_264 * g + 0.5 * b));
            v.push(to8(128.0 + 0.5 * r - 0.418_688 * g - 0.081_312 * b));
        }
    }
    Planes {
        width: w,
        height: h,
        y,
        u,
        v,
        full_range: true,
    }
}

/// BT.601 limited-range 4:2:0 to RGB, with the MPEG-4 crate's converter.
fn planes_to_rgb(p: &Planes) -> Vec<u8> {
    let pic = Picture {
        width: p.width as u32,
        height: p.height as u32,
        y: p.y.clone(),
        u: p.u.clone(),
        v: p.v.clone(),
        vop_type: VopType::I,
        coded: true,
    };
    let mut rgba = vec![0u8; p.width * p.height * 4];
    yuv420_to_rgba(&pic, &mut rgba);
    rgba.chunks_exact(4)
        .flat_map(|c| [c[0], c[1], c[2]])
        .collect()
}

/// One-frame YUV4MPEG2, 4:2:0, 25 frames/s; JPEG's full-range YCbCr says so
/// with the `XCOLORRANGE=FULL` extension (understood by FFmpeg).
fn write_y4m(w: &mut impl Write, p: &Planes) -> std::result::Result<(), String> {
    let range = if p.full_range {
        " XCOLORRANGE=FULL"
    } else {
        ""
    };
    let header = format!(
        "YUV4MPEG2 W{} H{} F25:1 C420{range}\nFRAME\n",
        p.width, p.height
    );
    (|| {
        w.write_all(header.as_bytes())?;
        w.write_all(&p.y)?;
        w.write_all(&p.u)?;
        w.write_all(&p.v)
    })()
    .map_err(|e| e.to_string())
}

fn write_png(
    w: &mut impl Write,
    width: u32,
    height: u32,
    rgb: &[u8],
) -> std::result::Result<(), String> {
    let mut enc = png::Encoder::new(w, width, height);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(rgb).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())
}
