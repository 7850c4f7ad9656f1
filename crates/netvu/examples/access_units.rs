//! Where each decodable unit of an elementary stream is, as JSON, for tools
//! that feed a decoder unit by unit without a splitter of their own (the
//! browser benchmark's MPEG-4 decoding run): `[[start, end, key], …]`.
//!
//! Usage: access_units mpeg4|h264 STREAM OUT.json

use netvu::codec::es::access_units;
use netvu::Codec;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (codec, input, output) = match args.as_slice() {
        [codec, input, output] => (codec, input, output),
        _ => {
            eprintln!("usage: access_units mpeg4|h264 STREAM OUT.json");
            std::process::exit(2);
        }
    };
    let codec = match codec.as_str() {
        "mpeg4" => Codec::Mpeg4,
        "h264" => Codec::H264,
        other => {
            eprintln!("access_units: {other}: not mpeg4 or h264");
            std::process::exit(2);
        }
    };
    let stream = std::fs::read(input)?;
    // The units follow each other and hold every byte of the stream.
    let mut start = 0;
    let units: Vec<(usize, usize, bool)> = access_units(codec, &stream)
        .iter()
        .map(|unit| {
            let end = start + unit.bytes.len();
            (std::mem::replace(&mut start, end), end, unit.key)
        })
        .collect();
    let json = serde_json::to_string(&units).map_err(std::io::Error::other)?;
    std::fs::write(output, json)
}
