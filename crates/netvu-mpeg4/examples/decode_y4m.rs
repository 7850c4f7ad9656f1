//! Decodes an MPEG-4 Part 2 elementary stream (.m4v) to a YUV4MPEG2 file.
//!
//! Usage: decode_y4m INPUT.m4v OUTPUT.y4m
//!
//! The stream is split into per-frame chunks at VOP boundaries (headers go
//! with the VOP that follows them), as a container demuxer would deliver
//! them. Problems are reported on stderr; with `M4V_INFO` set in the
//! environment the VOL and every VOP header are printed too.

use std::io::Write;

use netvu_mpeg4::{DecodeError, Decoder};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: {} INPUT.m4v OUTPUT.y4m", args[0]);
        std::process::exit(2);
    }
    let data = std::fs::read(&args[1])?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(&args[2])?);
    let mut dec = Decoder::new();
    let mut header_written = false;
    for (i, chunk) in vops(&data).into_iter().enumerate() {
        match dec.decode(chunk) {
            Ok(Some(pic)) => {
                if i == 0 && std::env::var_os("M4V_INFO").is_some() {
                    eprintln!("{:?}", dec.vol());
                }
                for p in dec.last_problems() {
                    eprintln!("chunk {i}: {p}");
                }
                if std::env::var_os("M4V_INFO").is_some() {
                    eprintln!("chunk {i}: {:?}", dec.last_vop());
                }
                if !header_written {
                    writeln!(
                        out,
                        "YUV4MPEG2 W{} H{} F25:1 Ip A1:1 C420jpeg",
                        pic.width, pic.height
                    )?;
                    header_written = true;
                }
                out.write_all(b"FRAME\n")?;
                out.write_all(&pic.y)?;
                out.write_all(&pic.u)?;
                out.write_all(&pic.v)?;
            }
            Ok(None) => {
                for p in dec.last_problems() {
                    eprintln!("chunk {i}: {p}");
                }
            }
            Err(DecodeError::MissingReference) => {
                eprintln!("chunk {i}: P-VOP without reference, skipped")
            }
            Err(e) => eprintln!("chunk {i}: error: {e}"),
        }
    }
    out.flush()?;
    Ok(())
}

/// The stream's VOPs, each with the headers before it (the one splitter).
fn vops(es: &[u8]) -> Vec<&[u8]> {
    netvu::codec::es::access_units(netvu::Codec::Mpeg4, es)
        .into_iter()
        .map(|u| u.bytes)
        .collect()
}
