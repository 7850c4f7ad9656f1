//! One frame, fetched from the file, turned into something drawable by the
//! netvu library, and drawn on the player's canvas: JPEG by the browser,
//! MPEG-4 and H.264 by a decoder kept per camera (`src/video.rs`). Frames
//! that cannot be shown are drawn as a tile that says why, with their
//! metadata: the canvas is never left blank.

use js_sys::{Array, Uint8Array};
use netvu::unit::{decodable, Decodable};
use netvu::{frame_detail, FrameDetail, FrameEntry};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, CanvasRenderingContext2d, HtmlCanvasElement, ImageBitmap};

use crate::app::OpenedFile;

/// What the canvas shows for a frame.
pub enum Picture {
    Bitmap(ImageBitmap),
    /// A message tile: a headline and lines of metadata.
    Tile {
        headline: String,
        lines: Vec<String>,
    },
}

/// A fetched frame: its picture and what its own bytes say about it.
pub struct LoadedFrame {
    pub picture: Picture,
    pub detail: FrameDetail,
}

fn js_error(value: JsValue) -> String {
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

async fn jpeg_bitmap(jfif: &[u8]) -> Result<ImageBitmap, String> {
    let parts = Array::of1(&Uint8Array::from(jfif));
    let options = BlobPropertyBag::new();
    options.set_type("image/jpeg");
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(js_error)?;
    let window = web_sys::window().ok_or("no window")?;
    let promise = window
        .create_image_bitmap_with_blob(&blob)
        .map_err(js_error)?;
    let bitmap = JsFuture::from(promise).await.map_err(js_error)?;
    bitmap.dyn_into::<ImageBitmap>().map_err(js_error)
}

fn metadata_lines(entry: &FrameEntry, detail: &FrameDetail) -> Vec<String> {
    let mut lines = vec![
        format!(
            "camera {}  ·  {}×{}  ·  {}",
            entry.stream,
            entry.width,
            entry.height,
            if entry.key() {
                "key frame"
            } else {
                "delta frame"
            }
        ),
        format!(
            "unit at byte {} ({} bytes)",
            entry.unit_offset, entry.unit_length
        ),
    ];
    if let Some(number) = entry.frame_number() {
        lines.push(format!("frame number {number}"));
    }
    if !detail.title.is_empty() {
        lines.push(format!("title: {}", detail.title));
    }
    lines.extend(detail.problems.iter().cloned());
    lines
}

/// The problem a PAR frame whose chunk CRC fails adds when it is fetched.
pub const DAMAGED_CHUNK: &str = "FRAM chunk CRC mismatch";

/// Fetches the unit of `file.index.frames[at]` and makes it drawable. A PAR
/// frame whose chunk CRC does not match is shown as a "Damaged frame" tile,
/// and the mismatch is reported to the Problems panel.
pub async fn load_frame(file: &OpenedFile, at: usize) -> LoadedFrame {
    let Some(entry) = file.index.frames.get(at) else {
        return LoadedFrame {
            picture: Picture::Tile {
                headline: "No such frame".into(),
                lines: Vec::new(),
            },
            detail: FrameDetail::default(),
        };
    };
    let (entry, unit, damaged) = match file.checked_unit(entry).await {
        Ok(found) => found,
        Err(error) => {
            return LoadedFrame {
                picture: Picture::Tile {
                    headline: "Frame unreadable".into(),
                    lines: vec![error.to_string()],
                },
                detail: FrameDetail::default(),
            }
        }
    };
    let entry = &entry;
    let detail = frame_detail(entry, &unit);
    let tile = |headline: &str| Picture::Tile {
        headline: headline.into(),
        lines: metadata_lines(entry, &detail),
    };
    if let Some(chunk_start) = damaged {
        crate::panels::report_problem(file.id, chunk_start, DAMAGED_CHUNK);
        let mut lines = metadata_lines(entry, &detail);
        lines.push(format!("{DAMAGED_CHUNK} (chunk at byte {chunk_start})"));
        return LoadedFrame {
            picture: Picture::Tile {
                headline: "Damaged frame".into(),
                lines,
            },
            detail,
        };
    }
    let picture = match decodable(entry, &unit) {
        Ok(Decodable::Jpeg(jfif)) => match jpeg_bitmap(&jfif).await {
            Ok(bitmap) => Picture::Bitmap(bitmap),
            Err(error) => Picture::Tile {
                headline: "JPEG: the browser could not decode it".into(),
                lines: vec![error],
            },
        },
        Ok(Decodable::H264(bytes) | Decodable::Mpeg4(bytes)) => {
            match crate::video::decode_frame(file, at, bytes).await {
                Ok(bitmap) => Picture::Bitmap(bitmap),
                Err(error) => {
                    let (headline, why) = crate::video::explain(entry.codec, error);
                    let mut lines = metadata_lines(entry, &detail);
                    lines.push(why);
                    Picture::Tile { headline, lines }
                }
            }
        }
        Ok(Decodable::Mask(_)) => tile("Motion-detection mask"),
        Ok(Decodable::Audio { .. } | Decodable::Data(_) | Decodable::Bmp(_)) => {
            tile("Not a picture")
        }
        Err(error) => Picture::Tile {
            headline: "Frame unreadable".into(),
            lines: vec![error],
        },
    };
    LoadedFrame { picture, detail }
}

/// The canvas size for tiles when the frame does not say its own.
const TILE_SIZE: (u32, u32) = (640, 360);

/// Draws `picture` on `canvas`, resizing the canvas to the picture.
pub fn draw(canvas: &HtmlCanvasElement, picture: &Picture, entry: &FrameEntry) {
    let Some(context) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    // Which message tile is shown, for tests; none over a picture.
    match picture {
        Picture::Bitmap(_) => {
            let _ = canvas.remove_attribute("data-tile");
        }
        Picture::Tile { headline, .. } => {
            let _ = canvas.set_attribute("data-tile", headline);
        }
    }
    match picture {
        Picture::Bitmap(bitmap) => {
            canvas.set_width(bitmap.width());
            canvas.set_height(bitmap.height());
            // A failed draw leaves the previous picture; nothing better to show.
            let _ = context.draw_image_with_image_bitmap(bitmap, 0.0, 0.0);
        }
        Picture::Tile { headline, lines } => {
            let (width, height) = match (entry.width, entry.height) {
                (0, _) | (_, 0) => TILE_SIZE,
                (w, h) => (u32::from(w).max(TILE_SIZE.0), u32::from(h).max(TILE_SIZE.1)),
            };
            canvas.set_width(width);
            canvas.set_height(height);
            context.set_fill_style_str("#1d2533");
            context.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
            context.set_fill_style_str("#f2f4f8");
            context.set_font("bold 28px system-ui, sans-serif");
            let _ = context.fill_text(headline, 32.0, f64::from(height) / 2.0 - 20.0);
            context.set_fill_style_str("#aab4c3");
            context.set_font("16px system-ui, sans-serif");
            for (row, line) in lines.iter().enumerate() {
                let _ = context.fill_text(
                    line,
                    32.0,
                    f64::from(height) / 2.0 + 16.0 + 22.0 * row as f64,
                );
            }
        }
    }
}
