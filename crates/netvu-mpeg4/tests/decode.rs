//! Decodes the small ffmpeg-encoded streams in tests/data and compares them
//! with ffmpeg's output (compact block-mean references, full YUV for
//! `tiny`), plus damage, API and robustness tests.

use netvu_mpeg4::{yuv420_to_rgba, DecodeError, Decoder, Picture, VopType};

fn data(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn decode_all(d: &[u8]) -> Vec<Picture> {
    let mut dec = Decoder::new();
    vops(d)
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let p = dec.decode(c);
            assert!(
                dec.last_problems().is_empty(),
                "frame {i}: {:?}",
                dec.last_problems()
            );
            p.unwrap_or_else(|e| panic!("frame {i}: {e}"))
                .unwrap_or_else(|| panic!("frame {i}: no picture"))
        })
        .collect()
}

fn block_means(plane: &[u8], w: usize, h: usize, out: &mut Vec<u8>) {
    for by in (0..h).step_by(8) {
        for bx in (0..w).step_by(8) {
            let mut sum = 0u32;
            let mut n = 0u32;
            for y in by..(by + 8).min(h) {
                for x in bx..(bx + 8).min(w) {
                    sum += u32::from(plane[y * w + x]);
                    n += 1;
                }
            }
            out.push(((sum + n / 2) / n) as u8);
        }
    }
}

fn means(p: &Picture) -> Vec<u8> {
    let (w, h) = (p.width as usize, p.height as usize);
    let mut out = Vec::new();
    block_means(&p.y, w, h, &mut out);
    block_means(&p.u, p.chroma_width(), p.chroma_height(), &mut out);
    block_means(&p.v, p.chroma_width(), p.chroma_height(), &mut out);
    out
}

fn psnr(a: &[u8], b: &[u8]) -> f64 {
    assert_eq!(a.len(), b.len());
    let se: f64 = a
        .iter()
        .zip(b)
        .map(|(&x, &y)| (f64::from(x) - f64::from(y)).powi(2))
        .sum();
    if se == 0.0 {
        return 99.0;
    }
    10.0 * (255.0f64 * 255.0 / (se / a.len() as f64)).log10()
}

/// Decodes `name.m4v` and checks every frame against `name.means`.
fn check_stream(name: &str, w: u32, h: u32, frames: usize) {
    let pics = decode_all(&data(&format!("{name}.m4v")));
    let reference = data(&format!("{name}.means"));
    assert_eq!(pics.len(), frames, "{name}: frame count");
    let per_frame = reference.len() / frames;
    for (i, p) in pics.iter().enumerate() {
        assert_eq!((p.width, p.height), (w, h));
        assert_eq!(p.y.len(), (w * h) as usize);
        assert_eq!(p.u.len(), p.chroma_width() * p.chroma_height());
        let m = means(p);
        let r = &reference[i * per_frame..(i + 1) * per_frame];
        assert_eq!(m.len(), r.len(), "{name}: reference layout");
        let diffs: Vec<i32> = m
            .iter()
            .zip(r)
            .map(|(&a, &b)| (i32::from(a) - i32::from(b)).abs())
            .collect();
        let max = diffs.iter().copied().max().unwrap_or(0);
        let mean = f64::from(diffs.iter().sum::<i32>()) / diffs.len() as f64;
        assert!(
            max <= 2 && mean < 0.25,
            "{name} frame {i}: block means differ (max {max}, mean {mean:.3})"
        );
    }
    assert_eq!(pics[0].vop_type, VopType::I);
}

#[test]
fn tiny_matches_ffmpeg_yuv() {
    let pics = decode_all(&data("tiny.m4v"));
    let reference = data("tiny.yuv");
    let fsize = 64 * 48 * 3 / 2;
    assert_eq!(pics.len(), 3);
    assert_eq!(reference.len(), 3 * fsize);
    for (i, p) in pics.iter().enumerate() {
        let r = &reference[i * fsize..(i + 1) * fsize];
        let y = psnr(&p.y, &r[..64 * 48]);
        let u = psnr(&p.u, &r[64 * 48..64 * 48 + 32 * 24]);
        let v = psnr(&p.v, &r[64 * 48 + 32 * 24..]);
        assert!(
            y > 55.0 && u > 55.0 && v > 55.0,
            "frame {i}: {y:.1} {u:.1} {v:.1} dB"
        );
    }
    assert_eq!(pics[1].vop_type, VopType::P);
}

#[test]
fn stream_tiny() {
    check_stream("tiny", 64, 48, 3);
}

#[test]
fn stream_inter4v_rd_dquant() {
    check_stream("mv4rd", 80, 48, 8);
}

#[test]
fn stream_mpeg_quant_custom_matrices() {
    check_stream("mpegq", 80, 48, 6);
}

#[test]
fn stream_data_partitioned_with_packets() {
    check_stream("dpps", 80, 48, 5);
}

#[test]
fn stream_resync_markers() {
    check_stream("resync", 80, 48, 5);
}

#[test]
fn stream_odd_size() {
    check_stream("odd", 50, 30, 8);
}

#[test]
fn stream_fast_motion_fcode() {
    check_stream("fast", 64, 48, 6);
}

#[test]
fn stream_coarse_quantiser() {
    check_stream("q31", 64, 48, 4);
}

#[test]
fn stream_fine_quantiser_escapes() {
    check_stream("q1", 64, 48, 3);
}

#[test]
fn stream_interlaced_field_dct_and_prediction() {
    check_stream("interlaced", 64, 64, 6);
}

/// Encoded by Xvid: its user data selects Xvid's IDCT rounding.
#[test]
fn stream_xvid() {
    check_stream("xvid", 64, 48, 5);
}

/// P-VOPs of a layer with GMC enabled (sprite parameters in the VOL).
#[test]
fn stream_xvid_gmc_layer() {
    check_stream("xvidgmc", 64, 48, 4);
}

#[test]
fn rgba_conversion_of_decoded_picture() {
    let pics = decode_all(&data("odd.m4v"));
    let p = &pics[0];
    let mut rgba = vec![0u8; (p.width * p.height * 4) as usize];
    yuv420_to_rgba(p, &mut rgba);
    assert!(rgba.chunks(4).all(|px| px[3] == 255));
    assert!(rgba.chunks(4).any(|px| px[0] != px[2]));
}

// ---------------------------------------------------------------------------
// Damage

fn mb_rows_equal(a: &Picture, b: &Picture, row: usize) -> bool {
    let w = a.width as usize;
    let y0 = row * 16;
    let y1 = (y0 + 16).min(a.height as usize);
    a.y[y0 * w..y1 * w] == b.y[y0 * w..y1 * w]
}

#[test]
fn truncated_p_vop_is_concealed_and_i_vop_recovers() {
    let stream = data("mv4rd.m4v"); // 80x48, GOP 6, no video packets
    let clean = decode_all(&stream);
    let cs = vops(&stream);
    let mut dec = Decoder::new();
    for (i, c) in cs.iter().enumerate() {
        if i == 2 {
            let cut = &c[..c.len() / 2];
            let pic = dec
                .decode(cut)
                .expect("damaged VOP still decodes")
                .expect("picture");
            assert!(!dec.last_problems().is_empty());
            assert_eq!(pic.vop_type, VopType::P);
            assert!(
                mb_rows_equal(&pic, &clean[2], 0),
                "macroblocks before the damage are intact"
            );
            assert!(
                mb_rows_equal(&pic, &clean[1], 2),
                "the rest is the previous picture"
            );
            continue;
        }
        let pic = dec.decode(c).expect("decodes").expect("picture");
        if i == 6 {
            assert_eq!(pic.vop_type, VopType::I);
            assert!(dec.last_problems().is_empty());
            assert_eq!(pic, clean[6], "clean again from the next I-VOP");
        }
    }
}

#[test]
fn flipped_bytes_resynchronise_at_next_packet() {
    let stream = data("resync.m4v"); // video packets of ~80 bytes
    let clean = decode_all(&stream);
    let cs = vops(&stream);
    let mut dec = Decoder::new();
    for (i, c) in cs.iter().enumerate() {
        let mut c = c.to_vec();
        if i == 1 {
            let at = 12;
            for b in &mut c[at..at + 4] {
                *b ^= 0xA5;
            }
        }
        let pic = dec.decode(&c).expect("decodes").expect("picture");
        if i == 1 {
            assert!(!dec.last_problems().is_empty(), "damage reported");
            // the last macroblock lies in a later video packet
            let w = pic.width as usize;
            for y in 32..48 {
                assert_eq!(
                    pic.y[y * w + 64..y * w + 80],
                    clean[1].y[y * w + 64..y * w + 80],
                    "later video packets decode normally"
                );
            }
        }
    }
}

#[test]
fn truncated_i_vop_without_reference_is_grey() {
    let stream = data("tiny.m4v");
    let cs = vops(&stream);
    let first = &cs[0];
    let mut dec = Decoder::new();
    let pic = dec
        .decode(&first[..first.len() / 2])
        .expect("decodes")
        .expect("picture");
    assert!(!dec.last_problems().is_empty());
    let w = pic.width as usize;
    // the bottom-right macroblock is concealed (mid-grey: nothing to copy)
    for y in 32..48 {
        assert!(pic.y[y * w + 48..y * w + 64].iter().all(|&v| v == 128));
    }
}

#[test]
fn p_vop_without_reference_is_an_error() {
    let stream = data("tiny.m4v");
    let cs = vops(&stream);
    let mut dec = Decoder::new();
    // The VOL travels with the first chunk; configure it out of band.
    let vol_end = cs[0]
        .windows(4)
        .position(|w| w == [0, 0, 1, 0xB6])
        .expect("VOP");
    dec.configure(&cs[0][..vol_end]).expect("VOL");
    assert_eq!(dec.decode(cs[1]), Err(DecodeError::MissingReference));
    assert!(dec.decode(cs[0]).expect("I decodes").is_some());
    assert!(dec.decode(cs[1]).expect("P decodes").is_some());
    dec.reset();
    assert_eq!(dec.decode(cs[2]), Err(DecodeError::MissingReference));
    assert!(dec.decode(cs[0]).expect("I decodes").is_some());
}

#[test]
fn vop_without_vol_is_an_error() {
    let stream = data("tiny.m4v");
    let cs = vops(&stream);
    let mut dec = Decoder::new();
    assert_eq!(dec.decode(cs[1]), Err(DecodeError::NoVol));
}

#[test]
fn header_only_chunk_returns_none() {
    let stream = data("tiny.m4v");
    let cs = vops(&stream);
    let vol_end = cs[0]
        .windows(4)
        .position(|w| w == [0, 0, 1, 0xB6])
        .expect("VOP");
    let mut dec = Decoder::new();
    assert_eq!(dec.decode(&cs[0][..vol_end]), Ok(None));
    assert_eq!(dec.vol().map(|v| (v.width, v.height)), Some((64, 48)));
    assert!(dec
        .decode(&cs[0][vol_end..])
        .expect("VOP decodes")
        .is_some());
}

// ---------------------------------------------------------------------------
// Synthetic streams

struct BitWriter {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl BitWriter {
    fn new() -> Self {
        BitWriter {
            out: Vec::new(),
            acc: 0,
            n: 0,
        }
    }
    fn put(&mut self, bits: u32, v: u32) {
        for i in (0..bits).rev() {
            self.acc = (self.acc << 1) | u64::from((v >> i) & 1);
            self.n += 1;
            if self.n == 8 {
                self.out.push(self.acc as u8);
                self.acc = 0;
                self.n = 0;
            }
        }
    }
    fn start_code(&mut self, code: u8) {
        self.stuff();
        self.out.extend_from_slice(&[0, 0, 1, code]);
    }
    /// MPEG-4 stuffing: a zero then ones up to the byte boundary.
    fn stuff(&mut self) {
        if self.n == 0 && (self.out.is_empty() || self.out.ends_with(&[0, 0, 1])) {
            return;
        }
        self.put(1, 0);
        while self.n != 0 {
            self.put(1, 1);
        }
    }
    fn finish(mut self) -> Vec<u8> {
        self.stuff();
        self.out
    }
}

fn vol(w: &mut BitWriter, width: u32, height: u32) {
    vol_with(w, width, height, false, false);
}

fn vol_with(w: &mut BitWriter, width: u32, height: u32, partitioned_rvlc: bool, resync: bool) {
    w.start_code(0x20);
    w.put(1, 0); // random_accessible_vol
    w.put(8, 1); // simple object
    w.put(1, 0); // is_object_layer_identifier
    w.put(4, 1); // aspect ratio 1:1
    w.put(1, 0); // vol_control_parameters
    w.put(2, 0); // rectangular
    w.put(1, 1);
    w.put(16, 25); // vop_time_increment_resolution
    w.put(1, 1);
    w.put(1, 0); // fixed_vop_rate
    w.put(1, 1);
    w.put(13, width);
    w.put(1, 1);
    w.put(13, height);
    w.put(1, 1);
    w.put(1, 0); // interlaced
    w.put(1, 1); // obmc_disable
    w.put(1, 0); // sprite_enable
    w.put(1, 0); // not_8_bit
    w.put(1, 0); // quant_type
    w.put(1, 1); // complexity_estimation_disable
    if partitioned_rvlc {
        w.put(1, 0); // resync_marker_disable
        w.put(1, 1); // data_partitioned
        w.put(1, 1); // reversible_vlc
    } else {
        w.put(1, u32::from(!resync)); // resync_marker_disable
        w.put(1, 0); // data_partitioned
    }
    w.put(1, 0); // scalability
}

fn vop_header(w: &mut BitWriter, ty: u32, coded: bool, quant: u32) {
    vop_header_thr(w, ty, coded, quant, 0);
}

fn vop_header_thr(w: &mut BitWriter, ty: u32, coded: bool, quant: u32, dc_thr: u32) {
    w.start_code(0xB6);
    w.put(2, ty);
    w.put(1, 0); // modulo_time_base
    w.put(1, 1);
    w.put(5, 3); // vop_time_increment
    w.put(1, 1);
    w.put(1, u32::from(coded));
    if !coded {
        return;
    }
    if ty == 1 {
        w.put(1, 0); // rounding
    }
    w.put(3, dc_thr); // intra_dc_vlc_thr
    w.put(5, quant);
    if ty == 1 {
        w.put(3, 1); // fcode
    }
}

/// A flat I-VOP: every macroblock intra, no coefficients, DC differential 0.
fn flat_i_vop(w: &mut BitWriter, mbs: usize) {
    vop_header(w, 0, true, 8);
    for _ in 0..mbs {
        w.put(1, 1); // mcbpc: intra, cbpc 0
        w.put(1, 0); // ac_pred_flag
        w.put(4, 0b0011); // cbpy 0
        for _ in 0..4 {
            w.put(3, 0b011); // luma dc size 0
        }
        for _ in 0..2 {
            w.put(2, 0b11); // chroma dc size 0
        }
    }
}

#[test]
fn synthetic_flat_picture_and_not_coded_vop() {
    let mut w = BitWriter::new();
    vol(&mut w, 34, 18); // 3x2 macroblocks, cropped
    flat_i_vop(&mut w, 6);
    let first = w.finish();
    let mut dec = Decoder::new();
    let pic = dec.decode(&first).expect("decodes").expect("picture");
    assert!(dec.last_problems().is_empty(), "{:?}", dec.last_problems());
    assert_eq!((pic.width, pic.height), (34, 18));
    assert!(pic.y.iter().all(|&v| v == 128));
    // chroma DC: dc_scaler(8) = 10, (1024 + 5) / 10 = 102, 102 * 10 / 8 = 127.5
    // rounds toward zero
    assert!(pic.u.iter().chain(&pic.v).all(|&v| v == 127));
    assert_eq!(pic.u.len(), 17 * 9);

    let mut w = BitWriter::new();
    vop_header(&mut w, 1, false, 0);
    let repeat = dec
        .decode(&w.finish())
        .expect("decodes")
        .expect("repeat picture");
    assert!(!repeat.coded);
    assert_eq!(repeat.y, pic.y);

    // A P-VOP whose macroblocks are all skipped also repeats the picture.
    let mut w = BitWriter::new();
    vop_header(&mut w, 1, true, 8);
    w.put(6, 0b111111);
    let skipped = dec.decode(&w.finish()).expect("decodes").expect("picture");
    assert!(dec.last_problems().is_empty(), "{:?}", dec.last_problems());
    assert_eq!(skipped.y, pic.y);
    assert!(skipped.coded);
}

fn reference_idct(input: &[f64; 64]) -> [i32; 64] {
    let mut out = [0i32; 64];
    let c = |u: usize| {
        if u == 0 {
            std::f64::consts::FRAC_1_SQRT_2
        } else {
            1.0
        }
    };
    for y in 0..8 {
        for x in 0..8 {
            let mut s = 0f64;
            for v in 0..8 {
                for u in 0..8 {
                    s += c(u)
                        * c(v)
                        * input[v * 8 + u]
                        * ((2 * x + 1) as f64 * u as f64 * std::f64::consts::PI / 16.0).cos()
                        * ((2 * y + 1) as f64 * v as f64 * std::f64::consts::PI / 16.0).cos();
                }
            }
            out[y * 8 + x] = (s / 4.0).round() as i32;
        }
    }
    out
}

/// A data-partitioned I-VOP with reversible VLC, including an RVLC escape.
#[test]
fn synthetic_data_partitioned_rvlc_i_vop() {
    let mut w = BitWriter::new();
    vol_with(&mut w, 16, 16, true, true);
    vop_header(&mut w, 0, true, 8);
    // partition 1: mcbpc (intra, cbpc 0), DC sizes 0
    w.put(1, 1);
    for _ in 0..4 {
        w.put(3, 0b011);
    }
    for _ in 0..2 {
        w.put(2, 0b11);
    }
    w.put(19, 0b110_1011_0000_0000_0001); // dc_marker
                                          // partition 2: ac_pred_flag 0, cbpy 8 (block 0 coded)
    w.put(1, 0);
    w.put(5, 0b00010);
    // partition 3: block 0: (run 0, level +1), then escape (last, run 2, level -100)
    w.put(3, 0b110);
    w.put(1, 0);
    w.put(4, 0b0000); // ESCAPE
    w.put(1, 1);
    w.put(1, 1); // last
    w.put(6, 2); // run
    w.put(1, 1); // marker
    w.put(11, 100); // level
    w.put(5, 0b10000);
    w.put(1, 1); // sign: negative
    let mut dec = Decoder::new();
    let pic = dec.decode(&w.finish()).expect("decodes").expect("picture");
    assert!(dec.last_problems().is_empty(), "{:?}", dec.last_problems());
    // H.263 dequantisation with QP 8: |F| = 8 * (2|L| + 1) - 1
    let mut f = [0f64; 64];
    f[0] = 1024.0;
    f[1] = 23.0; // zigzag index 1
    f[9] = -1607.0; // zigzag index 4 is raster 9
    let want = reference_idct(&f);
    for y in 0..8 {
        for x in 0..8 {
            let got = i32::from(pic.y[y * 16 + x]);
            let exp = want[y * 8 + x].clamp(0, 255);
            assert!((got - exp).abs() <= 1, "({x},{y}): {got} vs {exp}");
        }
    }
    assert!(pic.y[8..16].iter().all(|&v| v == 128));
}

/// Video packets with a header extension; intra prediction must not cross
/// the packet boundary.
#[test]
fn synthetic_video_packet_with_header_extension() {
    let mut w = BitWriter::new();
    vol_with(&mut w, 32, 16, false, true);
    vop_header(&mut w, 0, true, 8);
    // macroblock 0: block 1 has DC differential +4
    w.put(1, 1);
    w.put(1, 0);
    w.put(4, 0b0011);
    w.put(3, 0b011);
    w.put(3, 0b010); // dc size 3
    w.put(3, 0b100); // +4
    w.put(3, 0b011);
    w.put(3, 0b011);
    w.put(2, 0b11);
    w.put(2, 0b11);
    w.stuff();
    w.put(17, 1); // resync marker
    w.put(1, 1); // macroblock_number (1 bit for 2 macroblocks)
    w.put(5, 8); // quant_scale
    w.put(1, 1); // header_extension_code
    w.put(1, 0); // modulo_time_base
    w.put(1, 1);
    w.put(5, 3); // vop_time_increment
    w.put(1, 1);
    w.put(2, 0); // vop_coding_type
    w.put(3, 0); // intra_dc_vlc_thr
                 // macroblock 1: all DC differentials 0
    w.put(1, 1);
    w.put(1, 0);
    w.put(4, 0b0011);
    for _ in 0..4 {
        w.put(3, 0b011);
    }
    w.put(2, 0b11);
    w.put(2, 0b11);
    let mut dec = Decoder::new();
    let pic = dec.decode(&w.finish()).expect("decodes").expect("picture");
    assert!(dec.last_problems().is_empty(), "{:?}", dec.last_problems());
    assert_eq!(pic.y[8], 136, "block 1 of macroblock 0");
    assert_eq!(
        pic.y[16], 128,
        "no DC prediction across the packet boundary"
    );
    assert_eq!(pic.y[15 * 32 + 31], 128);
}

/// intra_dc_vlc_thr = 7: intra DC coded with the AC table.
#[test]
fn synthetic_intra_dc_in_ac_table() {
    let mut w = BitWriter::new();
    vol(&mut w, 16, 16);
    vop_header_thr(&mut w, 0, true, 8, 7);
    w.put(1, 1); // mcbpc intra, cbpc 0
    w.put(1, 0); // ac_pred_flag
    w.put(5, 0b00010); // cbpy 8: block 0 coded
    w.put(4, 0b0111); // last, run 0, level 1
    w.put(1, 0); // +
    let mut dec = Decoder::new();
    let pic = dec.decode(&w.finish()).expect("decodes").expect("picture");
    assert!(dec.last_problems().is_empty(), "{:?}", dec.last_problems());
    // (64 + 1) * 16 / 8; the other luma blocks predict their DC from it
    assert!(pic.y.iter().all(|&v| v == 130));
    assert!(pic.u.iter().chain(&pic.v).all(|&v| v == 127));
}

/// An S-VOP cannot be decoded and would have been the reference of the
/// next P-VOP, which therefore reports a missing reference; a B-VOP is no
/// reference and changes nothing.
#[test]
fn unsupported_vops_and_the_reference() {
    let mut w = BitWriter::new();
    vol(&mut w, 16, 16);
    flat_i_vop(&mut w, 1);
    let intra = w.finish();
    let skipped_p = || {
        let mut w = BitWriter::new();
        vop_header(&mut w, 1, true, 8);
        w.put(1, 1);
        w.finish()
    };
    let vop_of_type = |ty| {
        let mut w = BitWriter::new();
        vop_header(&mut w, ty, true, 8);
        w.put(8, 0xAA);
        w.finish()
    };
    let mut dec = Decoder::new();
    assert!(dec.decode(&intra).expect("I").is_some());
    assert_eq!(
        dec.decode(&vop_of_type(2)),
        Err(DecodeError::Unsupported("B-VOP"))
    );
    assert!(dec.decode(&skipped_p()).expect("P after B").is_some());
    assert_eq!(
        dec.decode(&vop_of_type(3)),
        Err(DecodeError::Unsupported("S-VOP"))
    );
    assert_eq!(dec.decode(&skipped_p()), Err(DecodeError::MissingReference));
    assert!(dec.decode(&intra).expect("I").is_some());
    assert!(dec.decode(&skipped_p()).expect("P").is_some());
}

#[test]
fn oversized_vol_is_rejected() {
    let mut w = BitWriter::new();
    vol(&mut w, 4097, 16);
    let mut dec = Decoder::new();
    assert!(matches!(
        dec.configure(&w.finish()),
        Err(DecodeError::Unsupported(_))
    ));
    let mut w = BitWriter::new();
    vol(&mut w, 4096, 16);
    assert_eq!(dec.configure(&w.finish()), Ok(()));
}

// ---------------------------------------------------------------------------
// Robustness: mutated input must never panic.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn mutated_streams_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for name in [
        "tiny", "mv4rd", "mpegq", "dpps", "resync", "odd", "fast", "q31", "q1",
    ] {
        let stream = data(&format!("{name}.m4v"));
        let cs: Vec<Vec<u8>> = vops(&stream).into_iter().map(<[u8]>::to_vec).collect();
        for _ in 0..40 {
            let mut dec = Decoder::new();
            for c in &cs {
                let mut c = c.clone();
                match rng.below(6) {
                    0 => {
                        for _ in 0..1 + rng.below(8) {
                            let i = rng.below(c.len());
                            c[i] ^= 1 << rng.below(8);
                        }
                    }
                    1 => c.truncate(rng.below(c.len())),
                    2 => {
                        let i = rng.below(c.len());
                        let n = rng.below(c.len() - i);
                        for b in &mut c[i..i + n] {
                            *b = rng.next() as u8;
                        }
                    }
                    3 => {
                        let i = rng.below(c.len());
                        c.insert(i, rng.next() as u8);
                    }
                    _ => {}
                }
                let r = dec.decode(&c);
                if let Ok(Some(p)) = r {
                    assert_eq!(p.y.len(), (p.width * p.height) as usize);
                }
            }
        }
    }
}

#[test]
fn random_garbage_never_panics() {
    let mut rng = Rng(12345);
    let mut dec = Decoder::new();
    let mut w = BitWriter::new();
    vol(&mut w, 48, 32);
    let vol_bytes = w.finish();
    for i in 0..2000 {
        let len = rng.below(300);
        let mut buf: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        if i % 2 == 0 {
            // plausible VOP start to get past the start-code scan
            let mut v = vol_bytes.clone();
            v.extend_from_slice(&[0, 0, 1, 0xB6]);
            v.append(&mut buf);
            buf = v;
        }
        let _ = dec.decode(&buf);
        let _ = dec.configure(&buf);
    }
}

/// The stream's VOPs, each with the headers before it (the one splitter).
fn vops(es: &[u8]) -> Vec<&[u8]> {
    netvu::codec::es::access_units(netvu::Codec::Mpeg4, es)
        .into_iter()
        .map(|u| u.bytes)
        .collect()
}
