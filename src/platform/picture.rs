//! One frame, fetched from the file, turned into something drawable by the
//! netvu library, and drawn on a canvas: JPEG by the browser, MPEG-4 and
//! H.264 by the viewer's decoders (`video.rs`). Frames that cannot be shown
//! are drawn as a tile that says why, with their metadata: the canvas is
//! never left blank.

use js_sys::{Array, Uint8Array};
use netvu::unit::{decodable, Decodable};
use netvu::{frame_detail, Codec, FrameDetail, FrameEntry};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, HtmlCanvasElement, ImageBitmap};

use super::canvas::context_2d;
use super::frames::{damaged_chunk_problem, fetch_checked, OpenedFile, DAMAGED_CHUNK};
use super::js::js_error;
use super::services::ViewerServices;
use super::video::explain;
use crate::core::frame_text::metadata_lines;

/// What the canvas shows for a frame.
pub enum Picture {
    /// A decoded picture; `owned` unless the decoder keeps it to show again.
    Bitmap { bitmap: ImageBitmap, owned: bool },
    /// A message tile: a headline and lines of metadata.
    Tile {
        headline: String,
        lines: Vec<String>,
    },
}

impl Picture {
    fn tile(headline: &str, lines: Vec<String>) -> Picture {
        Picture::Tile {
            headline: headline.into(),
            lines,
        }
    }

    /// Frees an owned bitmap at once rather than when it is collected.
    pub fn free(self) {
        if let Picture::Bitmap {
            bitmap,
            owned: true,
        } = self
        {
            bitmap.close();
        }
    }
}

/// A fetched frame: its picture and what its own bytes say about it.
pub struct LoadedFrame {
    pub picture: Picture,
    pub detail: FrameDetail,
}

/// A picture the browser decodes itself (`mime`: JPEG, BMP).
async fn browser_bitmap(bytes: &[u8], mime: &str) -> Result<ImageBitmap, String> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(js_error)?;
    let window = web_sys::window().ok_or("no window")?;
    let promise = window
        .create_image_bitmap_with_blob(&blob)
        .map_err(js_error)?;
    let bitmap = JsFuture::from(promise).await.map_err(js_error)?;
    bitmap.dyn_into::<ImageBitmap>().map_err(js_error)
}

/// Fetches the unit of `file.index.frames[at]` and makes it drawable. A PAR
/// frame whose chunk CRC does not match is shown as a "Damaged frame" tile,
/// and the mismatch is reported to the viewer's Problems panel.
pub async fn load_frame(services: &ViewerServices, file: &OpenedFile, at: usize) -> LoadedFrame {
    let unreadable = |why: String| LoadedFrame {
        picture: Picture::tile("Frame unreadable", vec![why]),
        detail: FrameDetail::default(),
    };
    let fetched = match fetch_checked(file, at).await {
        Ok(fetched) => fetched,
        Err(error) => return unreadable(error),
    };
    let entry = &fetched.entry;
    let detail = frame_detail(entry, &fetched.unit);
    let tile = |headline: &str| Picture::tile(headline, metadata_lines(entry, &detail));
    if let Some(chunk_start) = fetched.damaged_chunk {
        services.report(file.id, damaged_chunk_problem(file, chunk_start, &fetched));
        let mut lines = metadata_lines(entry, &detail);
        lines.push(format!("{DAMAGED_CHUNK} (chunk at byte {chunk_start})"));
        return LoadedFrame {
            picture: Picture::tile("Damaged frame", lines),
            detail,
        };
    }
    let picture = match entry.codec {
        // Inter-coded: the camera's decoder takes it with the frames before it.
        Codec::Mpeg4 | Codec::H264 => match services
            .video
            .decode_frame(file, at, *entry, &fetched.unit)
            .await
        {
            Ok(bitmap) => Picture::Bitmap {
                bitmap,
                owned: false,
            },
            Err(failure) => {
                let (headline, why) = explain(entry.codec, failure);
                let mut lines = metadata_lines(entry, &detail);
                lines.push(why);
                Picture::tile(&headline, lines)
            }
        },
        _ => match decodable(entry, &fetched.unit) {
            Ok(Decodable::Jpeg(jfif)) => browser_picture(&jfif, "image/jpeg", "JPEG").await,
            Ok(Decodable::Bmp(bmp)) => browser_picture(&bmp, "image/bmp", "BMP").await,
            Ok(Decodable::Mask(_)) => tile("Motion-detection mask"),
            Ok(_) => tile("Not a picture"),
            Err(error) => Picture::tile("Frame unreadable", vec![error]),
        },
    };
    LoadedFrame { picture, detail }
}

/// A picture the browser decodes (`mime`), or a tile saying it could not.
async fn browser_picture(bytes: &[u8], mime: &str, name: &str) -> Picture {
    match browser_bitmap(bytes, mime).await {
        Ok(bitmap) => Picture::Bitmap {
            bitmap,
            owned: true,
        },
        Err(error) => Picture::tile(
            &format!("{name}: the browser could not decode it"),
            vec![error],
        ),
    }
}

/// The canvas size for tiles when the frame does not say its own.
const TILE_SIZE: (u32, u32) = (640, 360);

/// Draws `picture` on `canvas`, resizing the canvas to the picture.
pub fn draw(canvas: &HtmlCanvasElement, picture: &Picture, entry: &FrameEntry) {
    let Some(context) = context_2d(canvas) else {
        return;
    };
    match picture {
        Picture::Bitmap { bitmap, .. } => {
            // Which message tile is shown, for tests; none over a picture.
            let _ = canvas.remove_attribute("data-tile");
            canvas.set_width(bitmap.width());
            canvas.set_height(bitmap.height());
            // A failed draw leaves the previous picture; nothing better to show.
            let _ = context.draw_image_with_image_bitmap(bitmap, 0.0, 0.0);
        }
        Picture::Tile { headline, lines } => {
            let _ = canvas.set_attribute("data-tile", headline);
            let (width, height) = match (entry.width, entry.height) {
                (0, _) | (_, 0) => TILE_SIZE,
                (w, h) => (u32::from(w).max(TILE_SIZE.0), u32::from(h).max(TILE_SIZE.1)),
            };
            canvas.set_width(width);
            canvas.set_height(height);
            let middle = f64::from(height) / 2.0;
            context.set_fill_style_str("#1d2533");
            context.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
            context.set_fill_style_str("#f2f4f8");
            context.set_font("bold 28px system-ui, sans-serif");
            let _ = context.fill_text(headline, 32.0, middle - 20.0);
            context.set_fill_style_str("#aab4c3");
            context.set_font("16px system-ui, sans-serif");
            for (row, line) in lines.iter().enumerate() {
                let _ = context.fill_text(line, 32.0, middle + 16.0 + 22.0 * row as f64);
            }
        }
    }
}
