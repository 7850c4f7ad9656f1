#!/bin/sh
# Regenerates the small test streams and their compact references with
# ffmpeg's mpeg4 encoder/decoder. Needs ffmpeg; run from anywhere.
# The references (*.means) hold, for every frame, the rounded means of all
# 8x8 blocks of Y, Cb and Cr as decoded by ffmpeg (see examples/psnr.rs).
set -eu
command -v ffmpeg >/dev/null || { echo "ffmpeg not found" >&2; exit 1; }
cd "$(dirname "$0")"
CRATE=$(cd ../.. && pwd)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CRATE/../../target}"
cargo build -q --manifest-path "$CRATE/Cargo.toml" --example psnr
PSNR="$CARGO_TARGET_DIR/debug/examples/psnr"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
gen() { # name WxH frames -- encoder options...
    name=$1; size=$2; frames=$3; src=$4; shift 4
    ffmpeg -v error -y -f lavfi -i "testsrc2=size=$size:rate=25$src" -frames:v "$frames" \
        -c:v mpeg4 -fflags +bitexact -flags +bitexact "$@" -f m4v "$name.m4v"
    ffmpeg -v error -y -i "$name.m4v" -f rawvideo -pix_fmt yuv420p "$TMP/$name.yuv"
    "$PSNR" --means "$TMP/$name.yuv" "${size%x*}" "${size#*x}" "$name.means"
}
gen tiny 64x48 3 "" -g 10
ffmpeg -v error -y -i tiny.m4v -f rawvideo -pix_fmt yuv420p tiny.yuv
gen mv4rd 80x48 8 ",scroll=h=0.02:v=0.01" -g 6 -q:v 4 -flags +mv4 -mbd rd -mpv_flags +qp_rd -trellis 1
gen mpegq 80x48 6 "" -g 3 -mpeg_quant 1 \
    -intra_matrix "8,16,19,22,26,27,29,34,16,16,22,24,27,29,34,37,19,22,26,27,29,34,34,38,22,22,26,27,29,34,37,40,22,26,27,29,32,35,40,48,26,27,29,32,35,40,48,58,26,27,29,34,38,46,56,69,27,29,35,38,46,56,69,83" \
    -inter_matrix "17,18,19,20,21,22,23,24,18,19,20,21,22,23,24,25,19,20,21,22,23,24,26,27,20,21,22,23,25,26,27,28,21,22,23,24,26,27,28,30,22,23,24,26,27,28,30,31,23,24,25,27,28,30,31,33,24,25,27,28,30,31,33,36"
gen dpps 80x48 5 "" -g 3 -q:v 4 -data_partitioning 1 -ps 100 -flags +mv4
gen resync 80x48 5 "" -g 3 -q:v 4 -ps 80 -flags +mv4
gen odd 50x30 8 "" -g 4 -q:v 3 -flags +mv4
gen fast 64x48 6 ",scroll=h=0.15:v=0.12" -g 6 -q:v 5 -flags +mv4 -me_range 64
gen q31 64x48 4 "" -g 2 -q:v 31
gen q1 64x48 3 "" -g 2 -q:v 1
gen interlaced 64x64 6 ",scroll=h=0.03:v=0.05" -g 6 -q:v 4 -flags +ildct+ilme -alternate_scan 1
gen xvid 64x48 5 ",scroll=h=0.03:v=0.02" -c:v libxvid -bf 0 -g 5 -q:v 12
# a VOL with GMC enabled (no S-VOP used by the encoder at this size)
gen xvidgmc 64x48 4 ",scroll=h=0.03" -c:v libxvid -bf 0 -g 10 -gmc 1
ls -l
