#!/bin/sh
# Full conformance run against ffmpeg: encodes test streams with ffmpeg's
# mpeg4 encoder (several tool combinations and picture sizes), decodes them
# with ffmpeg and with this crate (examples/decode_y4m.rs), and compares luma
# PSNR per frame (examples/psnr.rs). Fails when ffmpeg is missing, when any
# frame is below 40 dB, a stream's mean is below 45 dB, the frame counts
# differ, or the PSNR decays along a GOP.
#
# Usage: crates/netvu-mpeg4/conformance.sh [WORKDIR]
# Honours CARGO_TARGET_DIR.
set -eu
if ! command -v ffmpeg >/dev/null 2>&1; then
    echo "conformance.sh: ffmpeg not found (apt-get install ffmpeg)" >&2
    exit 1
fi
CRATE=$(cd "$(dirname "$0")" && pwd)
WORKSPACE=$(cd "$CRATE/../.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$WORKSPACE/target}
cargo build --quiet --release --manifest-path "$CRATE/Cargo.toml" --example decode_y4m --example psnr
DEC="$TARGET/release/examples/decode_y4m"
PSNR="$TARGET/release/examples/psnr"
WORK=${1:-$(mktemp -d)}
mkdir -p "$WORK"
cd "$WORK"
failed=0
run() { # name size frames filter -- encoder options
    name=$1; size=$2; frames=$3; filter=$4; shift 4
    ffmpeg -v error -y -f lavfi -i "testsrc2=size=$size:rate=25$filter" -frames:v "$frames" \
        -c:v mpeg4 "$@" -f m4v "$name.m4v"
    ffmpeg -v error -y -i "$name.m4v" -f rawvideo -pix_fmt yuv420p "$name.yuv"
    "$DEC" "$name.m4v" "$name.y4m" 2>"$name.log" || true
    if [ -s "$name.log" ]; then
        echo "$name: decoder reported problems:"; sed 's/^/    /' "$name.log"
        failed=1
    fi
    printf '%-9s ' "$name"
    if ! "$PSNR" "$name.y4m" "$name.yuv" 40 45; then
        failed=1
    fi
}
S=176x144
run base      $S 20 "" -g 10
run rd        $S 20 "" -g 10 -mpv_flags +qp_rd -trellis 1 -mbd rd
run mv4       $S 30 "" -g 30 -flags +mv4 -mbd rd
run mpegq     $S 20 "" -g 10 -mpeg_quant 1
run cmatrix   $S 20 "" -g 10 -mpeg_quant 1 \
    -intra_matrix "8,16,19,22,26,27,29,34,16,16,22,24,27,29,34,37,19,22,26,27,29,34,34,38,22,22,26,27,29,34,37,40,22,26,27,29,32,35,40,48,26,27,29,32,35,40,48,58,26,27,29,34,38,46,56,69,27,29,35,38,46,56,69,83" \
    -inter_matrix "17,18,19,20,21,22,23,24,18,19,20,21,22,23,24,25,19,20,21,22,23,24,26,27,20,21,22,23,25,26,27,28,21,22,23,24,26,27,28,30,22,23,24,26,27,28,30,31,23,24,25,27,28,30,31,33,24,25,27,28,30,31,33,36"
run gop1      $S 10 "" -g 1
run gop60     $S 60 "" -g 60
run dp        $S 20 "" -g 10 -data_partitioning 1
run ps500     $S 20 "" -g 10 -ps 500
run dpps      $S 20 "" -g 10 -data_partitioning 1 -ps 200 -flags +mv4 -mpv_flags +qp_rd -mbd rd
run q1        $S 10 "" -g 5 -q:v 1
run q31       $S 10 "" -g 5 -q:v 31
run scroll    $S 30 ",scroll=h=0.03:v=0.02" -g 30 -flags +mv4
run fast      $S 20 ",scroll=h=0.1:v=0.07" -g 20 -flags +mv4 -me_range 64
run fastps    $S 20 ",scroll=h=0.1:v=0.07" -g 20 -flags +mv4 -me_range 64 -ps 150
run fastdp    $S 20 ",scroll=h=0.1:v=0.07" -g 20 -flags +mv4 -me_range 64 -ps 150 -data_partitioning 1
run odd100    100x60 20 "" -g 10 -flags +mv4
run odd18     18x10 10 "" -g 5
run tiny2     2x2 4 "" -g 2
run cif       352x288 20 "" -g 12
run w704      704x288 12 "" -g 60
run d1        720x576 8 "" -g 60 -q:v 4
run d1mv4     720x576 8 ",scroll=h=0.01" -g 60 -flags +mv4 -mbd rd
run ildct     352x288 20 ",scroll=h=0.01:v=0.013" -g 10 -flags +ildct
run ilme      352x288 20 ",scroll=h=0.01:v=0.013" -g 10 -flags +ildct+ilme
run ilaltscan 352x288 20 ",scroll=h=0.01:v=0.013" -g 10 -flags +ildct+ilme -alternate_scan 1
run ilmv4     352x288 20 ",scroll=h=0.02:v=0.03" -g 20 -flags +ildct+ilme+mv4 -mbd rd -top 0
run ild1      720x576 8 ",scroll=h=0.01:v=0.013" -g 8 -flags +ildct+ilme -q:v 3
if ffmpeg -hide_banner -encoders 2>/dev/null | grep -q libxvid; then
    run xvid      352x288 30 ",scroll=h=0.02:v=0.013" -g 30 -c:v libxvid -bf 0
    run xvidmq    352x288 30 ",scroll=h=0.02:v=0.013" -g 30 -c:v libxvid -bf 0 -mpeg_quant 1
    run xvidq20   352x288 30 ",scroll=h=0.02:v=0.013" -g 30 -c:v libxvid -bf 0 -q:v 20
    run xvidil    352x288 30 ",scroll=h=0.02:v=0.013" -g 30 -c:v libxvid -bf 0 -flags +ildct+ilme
    run xvidrd    352x288 30 ",scroll=h=0.02:v=0.013" -g 30 -c:v libxvid -bf 0 -trellis 1 -mbd rd
else
    echo "(ffmpeg has no libxvid encoder: Xvid streams skipped)"
fi
if [ "$failed" -ne 0 ]; then
    echo "conformance: FAILED (files in $WORK)"
    exit 1
fi
echo "conformance: all streams pass"
