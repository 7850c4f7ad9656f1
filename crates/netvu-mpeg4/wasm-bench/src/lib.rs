//! Decodes an MPEG-4 Part 2 stream embedded at build time (path in the
//! `NETVU_MPEG4_BENCH_M4V` environment variable) and exports `decode_all`
//! for run.mjs to time. No wasm-bindgen: a plain C-ABI export.

static STREAM: &[u8] = include_bytes!(env!("NETVU_MPEG4_BENCH_M4V"));


/// Decodes the embedded stream once. Returns the number of pictures in the
/// low 32 bits and a checksum of their samples in the high 32 bits.
#[no_mangle]
pub extern "C" fn decode_all() -> u64 {
    let mut dec = netvu_mpeg4::Decoder::new();
    let mut n = 0u64;
    let mut sum = 0u32;
    for unit in netvu::codec::es::access_units(netvu::Codec::Mpeg4, STREAM) {
        if let Ok(Some(p)) = dec.decode(unit.bytes) {
            n += 1;
            sum =
                p.y.iter()
                    .step_by(97)
                    .fold(sum, |s, &v| s.wrapping_mul(31).wrapping_add(u32::from(v)));
        }
    }
    (u64::from(sum) << 32) | n
}
