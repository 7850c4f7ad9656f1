//! VOP texture/motion decoding: macroblock layer, video packets, data
//! partitioning, intra DC/AC prediction, motion vector prediction,
//! dequantisation and reconstruction, with concealment of damaged data.

use crate::bits::BitReader;
use crate::error::DecodeError;
use crate::header::{Vol, VopHeader, VopType};
use crate::idct::{idct_masked, Ties};
use crate::mc::{chroma_mv_1, chroma_mv_4, mc_block, mc_field, Frame};
use crate::vlc::{
    self, cbpy, dc_scaler, dc_size_chrom, dc_size_lum, mcbpc_inter, mcbpc_intra, mvd, CoefTable,
    ALT_HORIZONTAL, ALT_VERTICAL, MB_INTER4V, MB_INTER_Q, MB_INTRA, MB_INTRA_Q, MCBPC_STUFFING,
    ZIGZAG,
};

const DC_MARKER: u32 = 0b110_1011_0000_0000_0001; // 19 bits
const MOTION_MARKER: u32 = 0b1_1111_0000_0000_0001; // 17 bits
const DQUANT: [i32; 4] = [-1, -2, 1, 2];

/// Per-macroblock state of the VOP being decoded.
#[derive(Clone, Copy, Default)]
pub struct MbInfo {
    /// Serial number of the VOP in which this macroblock was last decoded.
    stamp: u32,
    intra: bool,
    qp: u8,
}

/// Stored prediction data of one 8×8 intra block: the dequantised DC and the
/// quantised first row / column after prediction.
#[derive(Clone, Copy, Default)]
pub struct BlkPred {
    dc: i32,
    row: [i32; 7],
    col: [i32; 7],
}

/// Decoder state that persists between VOPs of one VOL geometry.
pub struct State {
    pub mb_w: usize,
    pub mb_h: usize,
    pub cur: Frame,
    pub refp: Frame,
    pub have_ref: bool,
    mbs: Vec<MbInfo>,
    /// Luminance block predictors, (2·mb_w)×(2·mb_h).
    luma: Vec<BlkPred>,
    /// Chrominance predictors, per macroblock, Cb then Cr.
    chroma: [Vec<BlkPred>; 2],
    /// Motion vectors per 8×8 luminance block (half-sample units).
    mvs: Vec<[i32; 2]>,
    serial: u32,
    /// IDCT tie rounding (chosen from the encoder's user data).
    pub ties: Ties,
}

impl State {
    pub fn new(width: u32, height: u32) -> State {
        let mb_w = (width as usize).div_ceil(16);
        let mb_h = (height as usize).div_ceil(16);
        let n = mb_w * mb_h;
        State {
            mb_w,
            mb_h,
            cur: Frame::new(mb_w, mb_h),
            refp: Frame::new(mb_w, mb_h),
            have_ref: false,
            mbs: vec![MbInfo::default(); n],
            luma: vec![BlkPred::default(); 4 * n],
            chroma: [vec![BlkPred::default(); n], vec![BlkPred::default(); n]],
            mvs: vec![[0, 0]; 4 * n],
            serial: 0,
            ties: Ties::default(),
        }
    }

    pub fn mb_num(&self) -> usize {
        self.mb_w * self.mb_h
    }

    /// Decodes the macroblock data of one VOP into `self.cur`; `br` is
    /// positioned after the VOP header. Damage is concealed and described in
    /// `problems`.
    pub fn decode_vop(
        &mut self,
        br: &mut BitReader<'_>,
        vol: &Vol,
        hdr: &VopHeader,
        problems: &mut Vec<String>,
    ) {
        self.serial = self.serial.wrapping_add(1);
        if self.serial == 0 {
            // stamps of 0 mean "never decoded"
            self.mbs.fill(MbInfo::default());
            self.serial = 1;
        }
        let mut v = VopDec {
            st: self,
            vol,
            hdr,
            packet_start: 0,
            packet_bitpos: 0,
            qp: hdr.quant,
            coef_intra: if vol.reversible_vlc {
                vlc::rvlc_intra_coef()
            } else {
                vlc::intra_coef()
            },
            coef_inter: if vol.reversible_vlc {
                vlc::rvlc_inter_coef()
            } else {
                vlc::inter_coef()
            },
            rvlc: vol.reversible_vlc && vol.data_partitioned,
            field_dct: false,
        };
        v.run(br, problems);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Skip,
    Inter,
    Inter4v,
    Intra,
}

/// One macroblock's data collected from the first two partitions.
#[derive(Clone, Copy)]
struct PartMb {
    kind: Kind,
    dquant: bool,
    cbp: u8,
    ac_pred: bool,
    qp: u8,
    use_dc_vlc: bool,
    dc: [i32; 6],
}

struct VopDec<'a> {
    st: &'a mut State,
    vol: &'a Vol,
    hdr: &'a VopHeader,
    packet_start: usize,
    /// Bit position of the first macroblock of the current packet.
    packet_bitpos: usize,
    qp: u8,
    coef_intra: &'static CoefTable,
    coef_inter: &'static CoefTable,
    rvlc: bool,
    /// Field DCT (`dct_type`) of the macroblock being decoded.
    field_dct: bool,
}

/// Motion of an inter macroblock.
#[derive(Clone, Copy)]
enum Motion {
    /// One vector (stored for all four blocks).
    One,
    /// Four vectors (inter4v).
    Four,
    /// Field prediction: per field (top, bottom) the reference field and the
    /// vector in field units.
    Field { sel: [usize; 2], mv: [[i32; 2]; 2] },
}

type MbResult<T> = Result<T, (usize, DecodeError)>;

fn describe(e: DecodeError) -> String {
    match e {
        DecodeError::Truncated => "data ends inside the macroblock layer".to_string(),
        other => other.to_string(),
    }
}

impl VopDec<'_> {
    fn mb_num(&self) -> usize {
        self.st.mb_num()
    }

    /// Length of the resync marker of this VOP in bits.
    fn resync_len(&self) -> u32 {
        match self.hdr.vop_type {
            VopType::I => 17,
            _ => 16 + u32::from(self.hdr.fcode_forward),
        }
    }

    fn run(&mut self, br: &mut BitReader<'_>, problems: &mut Vec<String>) {
        let mb_num = self.mb_num();
        let mut start = 0usize;
        loop {
            self.packet_start = start;
            self.packet_bitpos = br.pos();
            let res = if self.vol.data_partitioned {
                self.packet_partitioned(br, start)
            } else {
                self.packet_combined(br, start)
            };
            match res {
                Ok(end) => {
                    if end >= mb_num {
                        return;
                    }
                    match self.video_packet_header(br) {
                        Ok(next) if next == end => start = next,
                        Ok(next) if next > end => {
                            problems.push(format!(
                                "macroblocks {end}..{next} missing (video packet skipped)"
                            ));
                            self.conceal(end, next);
                            start = next;
                        }
                        Ok(next) => {
                            problems.push(format!(
                                "video packet restarts at macroblock {next}, expected {end}"
                            ));
                            if !self.recover(
                                br,
                                end,
                                DecodeError::Invalid("packet order"),
                                problems,
                            ) {
                                return;
                            }
                            start = self.packet_start;
                        }
                        Err(e) => {
                            problems.push(format!("at macroblock {end}: {}", describe(e)));
                            if !self.recover(br, end, e, problems) {
                                return;
                            }
                            start = self.packet_start;
                        }
                    }
                }
                Err((at, e)) => {
                    problems.push(format!("at macroblock {at}: {}", describe(e)));
                    if !self.recover(br, at, e, problems) {
                        return;
                    }
                    start = self.packet_start;
                }
            }
        }
    }

    /// After damage detected at macroblock `at` (error `e`): conceals the
    /// damaged macroblocks up to the next decodable video packet and
    /// positions `br` at its first macroblock (returns true, with
    /// `packet_start` and `qp` set), or conceals the rest of the VOP.
    ///
    /// Errors in the data are usually detected a little after the damaged
    /// bits, so concealment starts one macroblock row before the macroblock
    /// where the error showed (but not before the packet start); when the
    /// data simply ended, the macroblocks before `at` are intact.
    fn recover(
        &mut self,
        br: &mut BitReader<'_>,
        at: usize,
        e: DecodeError,
        problems: &mut Vec<String>,
    ) -> bool {
        let mb_num = self.mb_num();
        let damaged_start = self.packet_start;
        let back = if e == DecodeError::Truncated {
            0
        } else {
            self.st.mb_w
        };
        let conceal_from = |until: usize| until.saturating_sub(back).max(damaged_start).min(until);
        let len = self.resync_len();
        // Search from the start of the damaged packet: decoding may have run
        // past the next resync marker before the error showed.
        let mut pos = (self.packet_bitpos + 7) & !7;
        while pos + (len as usize) <= br.len_bits() {
            if br.peek32_at(pos) >> (32 - len) == 1 {
                let mut probe = br.clone();
                probe.seek(pos);
                if let Ok(next) = self.packet_header_at_marker(&mut probe) {
                    if next > damaged_start && next < mb_num {
                        let from = conceal_from(at.min(next));
                        self.conceal(from, next);
                        problems.push(format!(
                            "concealed macroblocks {from}..{next}, resynchronised"
                        ));
                        *br = probe;
                        self.packet_start = next;
                        return true;
                    }
                }
            }
            pos += 8;
        }
        let from = conceal_from(at.min(mb_num));
        self.conceal(from, mb_num);
        problems.push(format!("concealed macroblocks {from}..{mb_num}"));
        false
    }

    fn conceal(&mut self, from: usize, to: usize) {
        let mb_w = self.st.mb_w;
        for mb in from..to.min(self.mb_num()) {
            let (x, y) = (mb % mb_w, mb / mb_w);
            if self.st.have_ref {
                let st = &mut *self.st;
                st.cur.copy_mb_from(&st.refp, x, y);
            } else {
                self.st.cur.gray_mb(x, y);
            }
            self.st.mbs[mb].stamp = 0;
        }
    }

    /// True if the bits at `br` are stuffing followed by a resync marker.
    fn at_resync(&self, br: &BitReader<'_>) -> bool {
        let pos = br.pos();
        let n = 8 - (pos & 7) as u32;
        if br.peek(n) != (1 << (n - 1)) - 1 {
            return false;
        }
        let len = self.resync_len();
        br.peek32_at(pos + n as usize) >> (32 - len) == 1
    }

    /// Parses stuffing, resync marker and video packet header; returns the
    /// macroblock number and sets `qp`.
    fn video_packet_header(&mut self, br: &mut BitReader<'_>) -> Result<usize, DecodeError> {
        if !self.at_resync(br) {
            return Err(DecodeError::Invalid("expected a resync marker"));
        }
        let n = 8 - (br.pos() & 7) as u32;
        br.skip(n)?;
        self.packet_header_at_marker(br)
    }

    fn packet_header_at_marker(&mut self, br: &mut BitReader<'_>) -> Result<usize, DecodeError> {
        let len = self.resync_len();
        if br.read(len)? != 1 {
            return Err(DecodeError::Invalid("bad resync marker"));
        }
        let mb_num = self.mb_num();
        let bits = (32 - (mb_num.saturating_sub(1) as u32).leading_zeros()).max(1);
        let mbn = br.read(bits)? as usize;
        if mbn >= mb_num {
            return Err(DecodeError::Invalid("macroblock_number out of range"));
        }
        let q = br.read(self.vol.quant_precision)?;
        if q == 0 || q > 31 {
            return Err(DecodeError::Invalid("quant_scale in video packet header"));
        }
        if br.read_bit()? {
            // header_extension_code: repeated VOP header fields
            let mut guard = 0;
            while br.read_bit()? {
                guard += 1;
                if guard > 3600 {
                    return Err(DecodeError::Invalid("modulo_time_base runaway"));
                }
            }
            br.marker("marker in video packet header")?;
            br.read(self.vol.time_increment_bits)?;
            br.marker("marker in video packet header")?;
            let ty = br.read(2)?;
            br.read(3)?; // intra_dc_vlc_thr
            if ty != 0 {
                br.read(3)?; // vop_fcode_forward
            }
            if ty == 2 {
                br.read(3)?;
            }
        }
        self.qp = q as u8;
        Ok(mbn)
    }

    // -----------------------------------------------------------------
    // Combined (non-partitioned) video packets

    fn packet_combined(&mut self, br: &mut BitReader<'_>, start: usize) -> MbResult<usize> {
        let mb_num = self.mb_num();
        let mut mb = start;
        loop {
            self.macroblock(br, mb).map_err(|e| (mb, e))?;
            mb += 1;
            if mb >= mb_num || self.at_resync(br) {
                return Ok(mb);
            }
        }
    }

    fn read_dquant(&mut self, br: &mut BitReader<'_>) -> Result<(), DecodeError> {
        let d = DQUANT[br.read(2)? as usize];
        self.qp = (i32::from(self.qp) + d).clamp(1, 31) as u8;
        Ok(())
    }

    fn macroblock(&mut self, br: &mut BitReader<'_>, mb: usize) -> Result<(), DecodeError> {
        self.field_dct = false;
        let (mbx, mby) = (mb % self.st.mb_w, mb / self.st.mb_w);
        let sym = if self.hdr.vop_type == VopType::P {
            loop {
                if br.read_bit()? {
                    self.skipped_mb(mb);
                    return Ok(());
                }
                let s = mcbpc_inter().read(br, "invalid inter mcbpc")?;
                if s != MCBPC_STUFFING {
                    break s;
                }
            }
        } else {
            loop {
                let s = mcbpc_intra().read(br, "invalid intra mcbpc")?;
                if s != MCBPC_STUFFING {
                    break s;
                }
            }
        };
        let mb_type = sym >> 2;
        let cbpc = (sym & 3) as u8;
        if mb_type == MB_INTRA || mb_type == MB_INTRA_Q {
            let ac_pred = br.read_bit()?;
            let cbpy = cbpy().read(br, "invalid cbpy")? as u8;
            let qp_prev = self.qp;
            if mb_type == MB_INTRA_Q {
                self.read_dquant(br)?;
            }
            let use_dc_vlc = qp_prev < self.hdr.intra_dc_threshold;
            self.field_dct = self.vol.interlaced && br.read_bit()?;
            self.begin_mb(mb, true);
            let cbp = (cbpy << 2) | cbpc;
            for b in 0..6 {
                self.intra_block(
                    br,
                    mbx,
                    mby,
                    b,
                    cbp & (32 >> b) != 0,
                    ac_pred,
                    use_dc_vlc,
                    None,
                )?;
            }
            return Ok(());
        }
        let cbpy = (cbpy().read(br, "invalid cbpy")? as u8) ^ 15;
        if mb_type == MB_INTER_Q {
            self.read_dquant(br)?;
        }
        let cbp = (cbpy << 2) | cbpc;
        self.field_dct = self.vol.interlaced && cbp != 0 && br.read_bit()?;
        self.begin_mb(mb, false);
        let motion = if mb_type == MB_INTER4V {
            for b in 0..4 {
                self.read_mv(br, mbx, mby, b, false)?;
            }
            Motion::Four
        } else if self.vol.interlaced && br.read_bit()? {
            // field prediction
            let sel = [br.read(1)? as usize, br.read(1)? as usize];
            let p = self.mv_predictor(mbx, mby, 0);
            let mut mv = [[0i32; 2]; 2];
            for m in mv.iter_mut() {
                m[0] = self.read_mv_component(br, p[0])?;
                m[1] = self.read_mv_component(br, p[1] / 2)?;
            }
            let sx = mv[0][0] + mv[1][0];
            self.set_mb_mvs(mb, [(sx >> 1) | (sx & 1), mv[0][1] + mv[1][1]]);
            Motion::Field { sel, mv }
        } else {
            self.read_mv(br, mbx, mby, 0, true)?;
            Motion::One
        };
        self.inter_recon(br, mbx, mby, motion, cbp)
    }

    fn begin_mb(&mut self, mb: usize, intra: bool) {
        let serial = self.st.serial;
        self.st.mbs[mb] = MbInfo {
            stamp: serial,
            intra,
            qp: self.qp,
        };
        if intra {
            self.set_mb_mvs(mb, [0, 0]);
        }
    }

    fn set_mb_mvs(&mut self, mb: usize, mv: [i32; 2]) {
        let (mbx, mby) = (mb % self.st.mb_w, mb / self.st.mb_w);
        let bw = 2 * self.st.mb_w;
        for k in 0..4 {
            self.st.mvs[(2 * mby + k / 2) * bw + 2 * mbx + k % 2] = mv;
        }
    }

    fn skipped_mb(&mut self, mb: usize) {
        self.begin_mb(mb, false);
        self.set_mb_mvs(mb, [0, 0]);
        let (mbx, mby) = (mb % self.st.mb_w, mb / self.st.mb_w);
        let st = &mut *self.st;
        st.cur.copy_mb_from(&st.refp, mbx, mby);
    }

    // -----------------------------------------------------------------
    // Motion vectors

    /// Whether the macroblock holding luminance block (`bx`, `by`) may serve
    /// as a predictor for the macroblock (`mbx`, `mby`).
    fn mb_available(&self, bx: isize, by: isize, mbx: usize, mby: usize) -> Option<usize> {
        if bx < 0 || by < 0 {
            return None;
        }
        let (nx, ny) = ((bx / 2) as usize, (by / 2) as usize);
        if nx >= self.st.mb_w || ny >= self.st.mb_h {
            return None;
        }
        let idx = ny * self.st.mb_w + nx;
        if nx == mbx && ny == mby {
            return Some(idx);
        }
        let info = &self.st.mbs[idx];
        (info.stamp == self.st.serial && idx >= self.packet_start).then_some(idx)
    }

    fn mv_predictor(&self, mbx: usize, mby: usize, blk: usize) -> [i32; 2] {
        let bx = (2 * mbx + (blk & 1)) as isize;
        let by = (2 * mby + (blk >> 1)) as isize;
        let cands: [(isize, isize); 3] = match blk {
            0 => [(bx - 1, by), (bx, by - 1), (bx + 2, by - 1)],
            1 => [(bx - 1, by), (bx, by - 1), (bx + 1, by - 1)],
            2 => [(bx - 1, by), (bx, by - 1), (bx + 1, by - 1)],
            _ => [(bx - 1, by), (bx - 1, by - 1), (bx, by - 1)],
        };
        let bw = 2 * self.st.mb_w;
        let mut v: [Option<[i32; 2]>; 3] = [None; 3];
        for (slot, &(cx, cy)) in v.iter_mut().zip(&cands) {
            if self.mb_available(cx, cy, mbx, mby).is_some() {
                *slot = Some(self.st.mvs[cy as usize * bw + cx as usize]);
            }
        }
        match v.iter().filter(|c| c.is_some()).count() {
            0 => [0, 0],
            1 => v.iter().flatten().next().copied().unwrap_or([0, 0]),
            _ => {
                let p = v.map(|c| c.unwrap_or([0, 0]));
                [
                    median(p[0][0], p[1][0], p[2][0]),
                    median(p[0][1], p[1][1], p[2][1]),
                ]
            }
        }
    }

    fn read_mv_component(&self, br: &mut BitReader<'_>, pred: i32) -> Result<i32, DecodeError> {
        let fcode = u32::from(self.hdr.fcode_forward);
        let code = mvd().read(br, "invalid motion vector code")? as i32;
        let mut diff = 0;
        if code != 0 {
            let neg = br.read_bit()?;
            let r_size = fcode - 1;
            diff = if r_size > 0 {
                ((code - 1) << r_size) + br.read(r_size)? as i32 + 1
            } else {
                code
            };
            if neg {
                diff = -diff;
            }
        }
        let range = 64i32 << (fcode - 1);
        let mut v = pred + diff;
        if v < -range / 2 {
            v += range;
        } else if v >= range / 2 {
            v -= range;
        }
        Ok(v)
    }

    /// Reads the vector of block `blk` (or of the whole macroblock when
    /// `whole`) and stores it.
    fn read_mv(
        &mut self,
        br: &mut BitReader<'_>,
        mbx: usize,
        mby: usize,
        blk: usize,
        whole: bool,
    ) -> Result<(), DecodeError> {
        let p = self.mv_predictor(mbx, mby, blk);
        let mx = self.read_mv_component(br, p[0])?;
        let my = self.read_mv_component(br, p[1])?;
        if whole {
            self.set_mb_mvs(mby * self.st.mb_w + mbx, [mx, my]);
        } else {
            let bw = 2 * self.st.mb_w;
            self.st.mvs[(2 * mby + blk / 2) * bw + 2 * mbx + blk % 2] = [mx, my];
        }
        Ok(())
    }

    /// Motion-compensates an inter macroblock from the stored vectors and
    /// adds the coded residual blocks (read from `br` when given).
    fn inter_recon(
        &mut self,
        br: &mut BitReader<'_>,
        mbx: usize,
        mby: usize,
        motion: Motion,
        cbp: u8,
    ) -> Result<(), DecodeError> {
        let bw = 2 * self.st.mb_w;
        let rnd = self.hdr.rounding;
        let mut mv = [[0i32; 2]; 4];
        for (k, m) in mv.iter_mut().enumerate() {
            *m = self.st.mvs[(2 * mby + k / 2) * bw + 2 * mbx + k % 2];
        }
        let st = &mut *self.st;
        match motion {
            Motion::Four => {
                for (k, m) in mv.iter().enumerate() {
                    let (x, y) = (mbx * 16 + 8 * (k & 1), mby * 16 + 8 * (k >> 1));
                    mc_block(&mut st.cur.y, &st.refp.y, x, y, 8, 8, m[0], m[1], rnd);
                }
                let cx = chroma_mv_4(mv.iter().map(|m| m[0]).sum());
                let cy = chroma_mv_4(mv.iter().map(|m| m[1]).sum());
                mc_block(
                    &mut st.cur.u,
                    &st.refp.u,
                    mbx * 8,
                    mby * 8,
                    8,
                    8,
                    cx,
                    cy,
                    rnd,
                );
                mc_block(
                    &mut st.cur.v,
                    &st.refp.v,
                    mbx * 8,
                    mby * 8,
                    8,
                    8,
                    cx,
                    cy,
                    rnd,
                );
            }
            Motion::One => {
                let [mx, my] = mv[0];
                mc_block(
                    &mut st.cur.y,
                    &st.refp.y,
                    mbx * 16,
                    mby * 16,
                    16,
                    16,
                    mx,
                    my,
                    rnd,
                );
                let (cx, cy) = (chroma_mv_1(mx), chroma_mv_1(my));
                mc_block(
                    &mut st.cur.u,
                    &st.refp.u,
                    mbx * 8,
                    mby * 8,
                    8,
                    8,
                    cx,
                    cy,
                    rnd,
                );
                mc_block(
                    &mut st.cur.v,
                    &st.refp.v,
                    mbx * 8,
                    mby * 8,
                    8,
                    8,
                    cx,
                    cy,
                    rnd,
                );
            }
            Motion::Field { sel, mv } => {
                for parity in 0..2 {
                    let [mx, my] = mv[parity];
                    let s = sel[parity];
                    mc_field(
                        &mut st.cur.y,
                        &st.refp.y,
                        mbx * 16,
                        mby * 8,
                        16,
                        8,
                        parity,
                        s,
                        mx,
                        my,
                        rnd,
                    );
                    let (cx, cy) = (chroma_mv_1(mx), chroma_mv_1(my));
                    mc_field(
                        &mut st.cur.u,
                        &st.refp.u,
                        mbx * 8,
                        mby * 4,
                        8,
                        4,
                        parity,
                        s,
                        cx,
                        cy,
                        rnd,
                    );
                    mc_field(
                        &mut st.cur.v,
                        &st.refp.v,
                        mbx * 8,
                        mby * 4,
                        8,
                        4,
                        parity,
                        s,
                        cx,
                        cy,
                        rnd,
                    );
                }
            }
        }
        if cbp == 0 {
            return Ok(());
        }
        for b in 0..6 {
            if cbp & (32 >> b) != 0 {
                let mut blk = [0i32; 64];
                let scan = if self.hdr.alternate_vertical_scan {
                    &ALT_VERTICAL
                } else {
                    &ZIGZAG
                };
                let mask = self.read_coefs(br, self.coef_inter, scan, 0, &mut blk)?;
                let mask = self.dequant_inter(&mut blk, mask);
                idct_masked(&mut blk, self.st.ties, mask);
                let (plane, x, y, step) = self.block_dest(mbx, mby, b);
                plane.add_block(x, y, step, &blk);
            }
        }
        Ok(())
    }

    fn block_dest(
        &mut self,
        mbx: usize,
        mby: usize,
        b: usize,
    ) -> (&mut crate::mc::Plane, usize, usize, usize) {
        let field = self.field_dct;
        let cur = &mut self.st.cur;
        match b {
            // field DCT: blocks 0/1 hold the top field lines, 2/3 the bottom
            0..=3 if field => (&mut cur.y, mbx * 16 + 8 * (b & 1), mby * 16 + (b >> 1), 2),
            0..=3 => (
                &mut cur.y,
                mbx * 16 + 8 * (b & 1),
                mby * 16 + 8 * (b >> 1),
                1,
            ),
            4 => (&mut cur.u, mbx * 8, mby * 8, 1),
            _ => (&mut cur.v, mbx * 8, mby * 8, 1),
        }
    }

    // -----------------------------------------------------------------
    // Coefficients

    fn read_coefs(
        &self,
        br: &mut BitReader<'_>,
        t: &CoefTable,
        scan: &[u8; 64],
        start: usize,
        blk: &mut [i32; 64],
    ) -> Result<u64, DecodeError> {
        let mut i = start;
        let mut mask = 0u64;
        loop {
            // Fast path: one table look-up on the peeked bits gives the run,
            // level, last flag and code length; the sign bit follows the code.
            let bits = br.peek32();
            let e = t.fast[(bits >> (32 - vlc::COEF_FAST_BITS)) as usize];
            if e != 0 {
                let len = e & 0xFF;
                let neg = (bits << len) & 0x8000_0000 != 0;
                br.skip(len + 1)?;
                i += ((e >> 8) & 0x7F) as usize;
                if i > 63 {
                    return Err(DecodeError::Invalid("coefficient index beyond 63"));
                }
                let pos = usize::from(scan[i]);
                let l = (e >> 16) as i32 & 0x7FFF;
                blk[pos] = if neg { -l } else { l };
                mask |= 1 << pos;
                if e & 0x8000 != 0 {
                    return Ok(mask);
                }
                i += 1;
                continue;
            }
            let sym = t.vlc.read(br, "invalid coefficient code")?;
            let (last, run, level);
            if sym == t.escape {
                if self.rvlc {
                    if !br.read_bit()? {
                        return Err(DecodeError::Invalid("RVLC escape marker"));
                    }
                    last = br.read_bit()?;
                    run = br.read(6)? as usize;
                    br.marker("RVLC escape marker")?;
                    let l = br.read(11)? as i32;
                    if br.read(5)? != 0b10000 {
                        return Err(DecodeError::Invalid("RVLC escape trailer"));
                    }
                    if l == 0 {
                        return Err(DecodeError::Invalid("zero level in RVLC escape"));
                    }
                    level = if br.read_bit()? { -l } else { l };
                } else if !br.read_bit()? {
                    // escape type 1: level offset
                    let s = t.vlc.read(br, "invalid coefficient code")?;
                    let &(la, r, l) = t
                        .rll
                        .get(s as usize)
                        .ok_or(DecodeError::Invalid("escape inside escape"))?;
                    let l = i32::from(l) + i32::from(t.max_level[usize::from(la)][usize::from(r)]);
                    last = la;
                    run = usize::from(r);
                    level = if br.read_bit()? { -l } else { l };
                } else if !br.read_bit()? {
                    // escape type 2: run offset
                    let s = t.vlc.read(br, "invalid coefficient code")?;
                    let &(la, r, l) = t
                        .rll
                        .get(s as usize)
                        .ok_or(DecodeError::Invalid("escape inside escape"))?;
                    let extra = t.max_run[usize::from(la)][usize::from(l)]
                        .ok_or(DecodeError::Invalid("escape level"))?;
                    last = la;
                    run = usize::from(r) + usize::from(extra) + 1;
                    level = if br.read_bit()? {
                        -i32::from(l)
                    } else {
                        i32::from(l)
                    };
                } else {
                    // escape type 3: fixed length
                    last = br.read_bit()?;
                    run = br.read(6)? as usize;
                    br.marker("escape marker")?;
                    let raw = br.read(12)? as i32;
                    br.marker("escape marker")?;
                    let l = (raw << 20) >> 20;
                    if l == 0 {
                        return Err(DecodeError::Invalid("zero level in escape"));
                    }
                    level = l;
                }
            } else {
                let &(la, r, l) = t
                    .rll
                    .get(sym as usize)
                    .ok_or(DecodeError::Invalid("coefficient symbol"))?;
                last = la;
                run = usize::from(r);
                level = if br.read_bit()? {
                    -i32::from(l)
                } else {
                    i32::from(l)
                };
            }
            i += run;
            if i > 63 {
                return Err(DecodeError::Invalid("coefficient index beyond 63"));
            }
            let pos = usize::from(scan[i]);
            blk[pos] = level;
            mask |= 1 << pos;
            i += 1;
            if last {
                return Ok(mask);
            }
        }
    }

    /// Inverse quantisation of an inter block whose non-zero coefficients
    /// are the set bits of `mask`; returns the mask of the result (mismatch
    /// control may change coefficient 63).
    fn dequant_inter(&self, blk: &mut [i32; 64], mask: u64) -> u64 {
        let q = i32::from(self.qp);
        let mut m = mask;
        if self.vol.mpeg_quant {
            let w = &self.vol.inter_matrix;
            let mut sum = 0i32;
            while m != 0 {
                let p = m.trailing_zeros() as usize & 63;
                m &= m - 1;
                let c = blk[p];
                let a = c.wrapping_abs() & 0xFFF;
                let v = (((2 * a + 1) * i32::from(w[p]) * q) >> 4).min(2048);
                let d = if c < 0 { -v } else { v.min(2047) };
                blk[p] = d;
                sum ^= d;
            }
            if sum & 1 == 0 {
                blk[63] ^= 1;
                return mask | 1 << 63;
            }
        } else {
            let add = if q & 1 == 1 { q } else { q - 1 };
            while m != 0 {
                let p = m.trailing_zeros() as usize & 63;
                m &= m - 1;
                let c = blk[p];
                let a = c.wrapping_abs() & 0xFFF;
                let v = (2 * a * q + add).min(2048);
                blk[p] = if c < 0 { -v } else { v.min(2047) };
            }
        }
        mask
    }

    // -----------------------------------------------------------------
    // Intra blocks

    /// Predictor block of intra block `b` of macroblock (`mbx`, `mby`)
    /// displaced by (`dx`, `dy`) blocks, if available, with its QP.
    fn intra_neighbor(
        &self,
        mbx: usize,
        mby: usize,
        b: usize,
        dx: isize,
        dy: isize,
    ) -> Option<(BlkPred, u8)> {
        if b < 4 {
            let bx = (2 * mbx + (b & 1)) as isize + dx;
            let by = (2 * mby + (b >> 1)) as isize + dy;
            let idx = self.mb_available(bx, by, mbx, mby)?;
            let info = &self.st.mbs[idx];
            if !info.intra {
                return None;
            }
            Some((
                self.st.luma[by as usize * 2 * self.st.mb_w + bx as usize],
                info.qp,
            ))
        } else {
            let nx = mbx as isize + dx;
            let ny = mby as isize + dy;
            let idx = self.mb_available(nx * 2, ny * 2, mbx, mby)?;
            let info = &self.st.mbs[idx];
            if !info.intra {
                return None;
            }
            Some((self.st.chroma[b - 4][idx], info.qp))
        }
    }

    /// Decodes (from `br`, or from the given DC differential for partitioned
    /// data) and reconstructs intra block `b`.
    #[allow(clippy::too_many_arguments)]
    fn intra_block(
        &mut self,
        br: &mut BitReader<'_>,
        mbx: usize,
        mby: usize,
        b: usize,
        coded: bool,
        ac_pred: bool,
        use_dc_vlc: bool,
        dc_diff: Option<i32>,
    ) -> Result<(), DecodeError> {
        let luma = b < 4;
        let qp = self.qp;
        let scale = dc_scaler(qp, luma);
        let a = self.intra_neighbor(mbx, mby, b, -1, 0);
        let bb = self.intra_neighbor(mbx, mby, b, -1, -1);
        let c = self.intra_neighbor(mbx, mby, b, 0, -1);
        let fa = a.map_or(1024, |p| p.0.dc);
        let fb = bb.map_or(1024, |p| p.0.dc);
        let fc = c.map_or(1024, |p| p.0.dc);
        let top = (fa - fb).abs() < (fb - fc).abs();
        let pred_src = if top { fc } else { fa };
        let pred = (pred_src + (scale >> 1)) / scale;
        let scan = if self.hdr.alternate_vertical_scan {
            &ALT_VERTICAL
        } else if !ac_pred {
            &ZIGZAG
        } else if top {
            &ALT_HORIZONTAL
        } else {
            &ALT_VERTICAL
        };
        let mut blk = [0i32; 64];
        let mut start = 0;
        if use_dc_vlc {
            blk[0] = match dc_diff {
                Some(d) => d,
                None => read_dc_diff(br, luma)?,
            };
            start = 1;
        }
        // Positions that may be non-zero.
        let mut mask = 1u64;
        if coded {
            mask |= self.read_coefs(br, self.coef_intra, scan, start, &mut blk)?;
        }
        blk[0] += pred;
        if ac_pred {
            if top {
                if let Some((p, pq)) = c {
                    for (d, &v) in blk[1..8].iter_mut().zip(&p.row) {
                        *d += rescale(v, pq, qp);
                    }
                    mask |= 0xFE;
                }
            } else if let Some((p, pq)) = a {
                for i in 1..8 {
                    blk[i * 8] += rescale(p.col[i - 1], pq, qp);
                }
                mask |= 0x0101_0101_0101_0100;
            }
        }
        let mut m = mask;
        while m != 0 {
            let p = m.trailing_zeros() as usize & 63;
            m &= m - 1;
            blk[p] = blk[p].clamp(-2048, 2047);
        }
        let mut store = BlkPred {
            dc: (blk[0] * scale).clamp(0, 2047),
            ..BlkPred::default()
        };
        for i in 1..8 {
            store.row[i - 1] = blk[i];
            store.col[i - 1] = blk[i * 8];
        }
        let mb_w = self.st.mb_w;
        if luma {
            let bx = 2 * mbx + (b & 1);
            let by = 2 * mby + (b >> 1);
            self.st.luma[by * 2 * mb_w + bx] = store;
        } else {
            self.st.chroma[b - 4][mby * mb_w + mbx] = store;
        }
        // dequantisation (levels are within [-2048, 2047] here)
        let q = i32::from(qp);
        let dc = (blk[0] * scale).clamp(-2048, 2047);
        blk[0] = dc;
        let mut m = mask & !1;
        if self.vol.mpeg_quant {
            let w = &self.vol.intra_matrix;
            let mut sum = dc;
            while m != 0 {
                let p = m.trailing_zeros() as usize & 63;
                m &= m - 1;
                let c = blk[p];
                if c != 0 {
                    let a = c.wrapping_abs() & 0xFFF;
                    let v = ((2 * a * i32::from(w[p]) * q) >> 4).min(2048);
                    let d = if c < 0 { -v } else { v.min(2047) };
                    blk[p] = d;
                    sum ^= d;
                }
            }
            if sum & 1 == 0 {
                blk[63] ^= 1;
                mask |= 1 << 63;
            }
        } else {
            let add = if q & 1 == 1 { q } else { q - 1 };
            while m != 0 {
                let p = m.trailing_zeros() as usize & 63;
                m &= m - 1;
                let c = blk[p];
                if c != 0 {
                    let a = c.wrapping_abs() & 0xFFF;
                    let v = (2 * a * q + add).min(2048);
                    blk[p] = if c < 0 { -v } else { v.min(2047) };
                }
            }
        }
        idct_masked(&mut blk, self.st.ties, mask);
        let (plane, x, y, step) = self.block_dest(mbx, mby, b);
        plane.put_block(x, y, step, &blk);
        Ok(())
    }

    // -----------------------------------------------------------------
    // Data-partitioned video packets

    fn packet_partitioned(&mut self, br: &mut BitReader<'_>, start: usize) -> MbResult<usize> {
        let mb_num = self.mb_num();
        let mut list: Vec<PartMb> = Vec::new();
        let is_p = self.hdr.vop_type == VopType::P;
        let fail = |e| (start, e);
        // partition 1
        loop {
            if is_p {
                if br.peek(17) == MOTION_MARKER {
                    break;
                }
            } else if br.peek(19) == DC_MARKER {
                break;
            }
            let mb = start + list.len();
            if mb >= mb_num {
                return Err(fail(DecodeError::Invalid("missing dc/motion marker")));
            }
            let (mbx, mby) = (mb % self.st.mb_w, mb / self.st.mb_w);
            let mut p = PartMb {
                kind: Kind::Intra,
                dquant: false,
                cbp: 0,
                ac_pred: false,
                qp: 0,
                use_dc_vlc: false,
                dc: [0; 6],
            };
            if is_p {
                if br.read_bit().map_err(fail)? {
                    p.kind = Kind::Skip;
                    self.begin_mb(mb, false);
                    self.set_mb_mvs(mb, [0, 0]);
                    list.push(p);
                    continue;
                }
                let s = mcbpc_inter()
                    .read(br, "invalid inter mcbpc")
                    .map_err(fail)?;
                if s == MCBPC_STUFFING {
                    continue;
                }
                let t = s >> 2;
                p.cbp = (s & 3) as u8;
                p.dquant = t == MB_INTER_Q || t == MB_INTRA_Q;
                if t == MB_INTRA || t == MB_INTRA_Q {
                    p.kind = Kind::Intra;
                    self.begin_mb(mb, true);
                } else {
                    self.begin_mb(mb, false);
                    if t == MB_INTER4V {
                        p.kind = Kind::Inter4v;
                        for b in 0..4 {
                            self.read_mv(br, mbx, mby, b, false).map_err(fail)?;
                        }
                    } else {
                        p.kind = Kind::Inter;
                        self.read_mv(br, mbx, mby, 0, true).map_err(fail)?;
                    }
                }
            } else {
                let s = mcbpc_intra()
                    .read(br, "invalid intra mcbpc")
                    .map_err(fail)?;
                if s == MCBPC_STUFFING {
                    continue;
                }
                p.cbp = (s & 3) as u8;
                let qp_prev = self.qp;
                if s >> 2 == MB_INTRA_Q {
                    self.read_dquant(br).map_err(fail)?;
                }
                p.qp = self.qp;
                p.use_dc_vlc = qp_prev < self.hdr.intra_dc_threshold;
                self.begin_mb(mb, true);
                if p.use_dc_vlc {
                    for b in 0..6 {
                        p.dc[b] = read_dc_diff(br, b < 4).map_err(fail)?;
                    }
                }
            }
            list.push(p);
        }
        if list.is_empty() {
            return Err(fail(DecodeError::Invalid("empty video packet")));
        }
        br.skip(if is_p { 17 } else { 19 }).map_err(fail)?;
        // partition 2
        for p in list.iter_mut() {
            if is_p {
                match p.kind {
                    Kind::Skip => {
                        p.qp = self.qp;
                        continue;
                    }
                    Kind::Intra => {
                        p.ac_pred = br.read_bit().map_err(fail)?;
                        let cy = cbpy().read(br, "invalid cbpy").map_err(fail)? as u8;
                        p.cbp |= cy << 2;
                        let qp_prev = self.qp;
                        if p.dquant {
                            self.read_dquant(br).map_err(fail)?;
                        }
                        p.qp = self.qp;
                        p.use_dc_vlc = qp_prev < self.hdr.intra_dc_threshold;
                        if p.use_dc_vlc {
                            for b in 0..6 {
                                p.dc[b] = read_dc_diff(br, b < 4).map_err(fail)?;
                            }
                        }
                    }
                    _ => {
                        let cy = (cbpy().read(br, "invalid cbpy").map_err(fail)? as u8) ^ 15;
                        p.cbp |= cy << 2;
                        if p.dquant {
                            self.read_dquant(br).map_err(fail)?;
                        }
                        p.qp = self.qp;
                    }
                }
            } else {
                p.ac_pred = br.read_bit().map_err(fail)?;
                let cy = cbpy().read(br, "invalid cbpy").map_err(fail)? as u8;
                p.cbp |= cy << 2;
            }
        }
        // record final QPs (needed by AC prediction of later macroblocks)
        for (i, p) in list.iter().enumerate() {
            self.st.mbs[start + i].qp = p.qp;
        }
        // partition 3: texture and reconstruction
        for (i, p) in list.iter().enumerate() {
            let mb = start + i;
            let (mbx, mby) = (mb % self.st.mb_w, mb / self.st.mb_w);
            self.qp = p.qp;
            match p.kind {
                Kind::Skip => {
                    let st = &mut *self.st;
                    st.cur.copy_mb_from(&st.refp, mbx, mby);
                }
                Kind::Intra => {
                    for b in 0..6 {
                        let dc = p.use_dc_vlc.then_some(p.dc[b]);
                        self.intra_block(
                            br,
                            mbx,
                            mby,
                            b,
                            p.cbp & (32 >> b) != 0,
                            p.ac_pred,
                            p.use_dc_vlc,
                            dc,
                        )
                        .map_err(fail)?;
                    }
                }
                Kind::Inter | Kind::Inter4v => {
                    let motion = if p.kind == Kind::Inter4v {
                        Motion::Four
                    } else {
                        Motion::One
                    };
                    self.inter_recon(br, mbx, mby, motion, p.cbp)
                        .map_err(fail)?;
                }
            }
        }
        Ok(start + list.len())
    }
}

fn median(a: i32, b: i32, c: i32) -> i32 {
    a.max(b).min(a.min(b).max(c))
}

/// `a * qa // qb` with rounding half away from zero.
fn rescale(a: i32, qa: u8, qb: u8) -> i32 {
    if qa == qb || a == 0 {
        return a;
    }
    let n = a * i32::from(qa);
    let d = i32::from(qb);
    if n >= 0 {
        (n + d / 2) / d
    } else {
        (n - d / 2) / d
    }
}

fn read_dc_diff(br: &mut BitReader<'_>, luma: bool) -> Result<i32, DecodeError> {
    let size = if luma { dc_size_lum() } else { dc_size_chrom() }.read(br, "invalid dc size")?;
    if size == 0 {
        return Ok(0);
    }
    let v = br.read(size)? as i32;
    let diff = if v < (1 << (size - 1)) {
        v - (1 << size) + 1
    } else {
        v
    };
    if size > 8 {
        br.marker("marker after dc differential")?;
    }
    Ok(diff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_rescale() {
        assert_eq!(median(1, 2, 3), 2);
        assert_eq!(median(3, 1, 2), 2);
        assert_eq!(median(-5, 7, 7), 7);
        assert_eq!(rescale(3, 4, 8), 2); // 1.5 -> 2
        assert_eq!(rescale(-3, 4, 8), -2);
        assert_eq!(rescale(5, 3, 7), 2);
    }
}
