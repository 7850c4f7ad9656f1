//! `[VMD N]`: video motion detection of camera N, with its zone grid.

use serde::Serialize;

use super::typed::Reader;
use super::values::{self, Parsed};
use super::{Entry, Sink};

/// The largest grid read: at most 64 columns (a row is one `u64`) and 64 rows.
/// A larger `grid` is shown raw with a warning.
pub const MAX_GRID: u32 = 64;

/// A zone grid's size, `COLUMNSxROWS` (e.g. `16x12`), each 1 to [`MAX_GRID`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Grid {
    pub columns: u32,
    pub rows: u32,
}

/// `[VMD N]`.
///
/// `zones` is one hex number per grid row, comma-separated: bit
/// `(columns - 1 - c)` of row `r` set means cell `(c, r)` is active (the
/// leftmost column is the most significant bit). Its `value` holds the rows
/// (one `u64` each, see [`MAX_GRID`]) only when the whole value is valid:
/// `grid` is valid, there is one row per grid row, and each row is a hex
/// number (optional `0x`) with no bit beyond the column count. Otherwise the
/// text is kept raw with warnings such as `[VMD 2] zones: 13 rows for grid
/// 16x12`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Vmd {
    /// `N`: the camera this applies to, 1-based.
    pub camera: u16,
    pub offset: usize,
    pub enabled: Option<Parsed<bool>>,
    /// VMD/activity/none, as written.
    pub detection: Option<String>,
    /// normal/last_trigger/static, as written.
    pub mode: Option<String>,
    /// Percent, 0 to 100.
    pub pixel_count: Option<Parsed<u8>>,
    /// Percent, 0 to 100.
    pub pixel_change: Option<Parsed<u8>>,
    /// Seconds.
    pub pulse_extension: Option<Parsed<u32>>,
    /// Seconds.
    pub pre_alarm: Option<Parsed<u32>>,
    pub grid: Option<Parsed<Grid>>,
    pub zones: Option<Parsed<Vec<u64>>>,
    pub other: Vec<Entry>,
}

impl Vmd {
    /// The valid grid size, if any.
    pub fn grid_size(&self) -> Option<Grid> {
        self.grid.as_ref().and_then(Parsed::copied)
    }

    /// The zone rows, top first, when `zones` is valid; else empty.
    pub fn rows(&self) -> &[u64] {
        self.zones
            .as_ref()
            .and_then(|z| z.value.as_deref())
            .unwrap_or(&[])
    }

    /// Whether cell (`c` = column from the left, `r` = row from the top, both
    /// 0-based) is an active zone. False outside the grid or when `zones` or
    /// `grid` is not valid.
    pub fn cell(&self, c: u32, r: u32) -> bool {
        let Some(g) = self.grid_size() else {
            return false;
        };
        if c >= g.columns || r >= g.rows {
            return false;
        }
        let Some(row) = usize::try_from(r).ok().and_then(|r| self.rows().get(r)) else {
            return false;
        };
        (row >> (g.columns - 1 - c)) & 1 == 1
    }
}

fn grid(s: &str) -> Result<Grid, String> {
    values::dims(s, MAX_GRID)
        .map(|(columns, rows)| Grid { columns, rows })
        .ok_or_else(|| {
            format!(
                "expected COLUMNSxROWS, each 1 to {MAX_GRID} (e.g. 16x12), found \"{}\"",
                values::shorten(s, 60)
            )
        })
}

/// Checks a `zones` value against the grid; every problem is reported.
fn zones(s: &str, g: Option<Grid>, mut warn: impl FnMut(String)) -> Option<Vec<u64>> {
    let Some(g) = g else {
        warn("no valid grid to read the zones with".to_string());
        return None;
    };
    let items: Vec<&str> = s.split(',').map(str::trim).collect();
    let mut ok = true;
    if items.len() != usize::try_from(g.rows).unwrap_or(usize::MAX) {
        warn(format!(
            "{} rows for grid {}x{}",
            items.len(),
            g.columns,
            g.rows
        ));
        ok = false;
    }
    let mut rows = Vec::with_capacity(items.len().min(64));
    let mut reported = 0usize;
    for (i, item) in items.iter().enumerate() {
        let digits = item
            .strip_prefix("0x")
            .or_else(|| item.strip_prefix("0X"))
            .unwrap_or(item);
        let parsed = if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            u64::from_str_radix(digits, 16).ok()
        } else {
            None
        };
        let problem = match parsed {
            None => Some(format!(
                "row {}: \"{}\" is not a hex number of at most 64 bits",
                i + 1,
                values::shorten(item, 30)
            )),
            Some(v) if g.columns < 64 && (v >> g.columns) != 0 => Some(format!(
                "row {}: {} has bits beyond {} columns",
                i + 1,
                item,
                g.columns
            )),
            Some(v) => {
                rows.push(v);
                None
            }
        };
        if let Some(p) = problem {
            ok = false;
            // Report a few bad rows, not thousands.
            if reported < 8 {
                warn(p);
            }
            reported += 1;
        }
    }
    if reported > 8 {
        warn(format!("{} more bad rows", reported - 8));
    }
    ok.then_some(rows)
}

pub(crate) fn build(camera: u16, r: &mut Reader<'_>, sink: &mut Sink) -> Vmd {
    let pct = values::percent;
    let enabled = r.boolean(sink, "enabled");
    let detection = r.text("detection");
    let mode = r.text("mode");
    let pixel_count = r.parsed(sink, "pixel_count", pct);
    let pixel_change = r.parsed(sink, "pixel_change", pct);
    let pulse_extension = r.parsed(sink, "pulse_extension", values::seconds);
    let pre_alarm = r.parsed(sink, "pre_alarm", values::seconds);
    let grid = r.parsed(sink, "grid", grid);
    let g = grid.as_ref().and_then(Parsed::copied);
    let section = r.name();
    let zones = r.entry("zones").map(|e| {
        let value = if e.value.is_empty() {
            None
        } else {
            zones(&e.value, g, |what| {
                sink.push(e.offset, section, Some(&e.key), &what);
            })
        };
        Parsed {
            raw: e.value.clone(),
            value,
        }
    });
    Vmd {
        camera,
        offset: r.offset(),
        enabled,
        detection,
        mode,
        pixel_count,
        pixel_change,
        pulse_extension,
        pre_alarm,
        grid,
        zones,
        other: r.other(),
    }
}
