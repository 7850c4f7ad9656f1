#!/usr/bin/env bash
# MPEG-4 Part 2 conformance evidence: the native decoder (netvu-mpeg4, and
# `netvu render` for frames inside NetVu files) against FFmpeg's decode,
# luma PSNR per frame. Passes when every frame is >= 40 dB, every stream's
# mean >= 45 dB, frame counts agree and no GOP decays; prints a table.
#
#  1. Streams encoded here by FFmpeg's mpeg4 encoder (always run): tool
#     combinations (+qp_rd, trellis, mbd rd, 4MV, MPEG quant, data
#     partitioning, resync packets, interlacing), sizes 176x144 .. 720x576
#     including 704x288, GOPs 1 .. 60. Decoded whole with the crate's
#     examples/decode_y4m.rs.
#  2. Every MPEG-4 frame of the shared fixtures (../shared/fixtures/*.ad,
#     *.mime, *.par; skipped with a message when absent): each frame rendered
#     on its own with `netvu render --index N --out F.y4m`, against FFmpeg's
#     decode of the camera's payloads as `netvu extract` concatenates them.
#
# FFmpeg is installed with apt-get when missing; the script fails if it
# cannot be. Usage: scripts/conformance-mpeg4.sh [WORKDIR]  (CARGO_TARGET_DIR
# is honoured; WORKDIR keeps the streams, default a temporary directory).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
SHARED=${NETVU_SHARED:-$ROOT/../shared}

if ! command -v ffmpeg >/dev/null 2>&1; then
    echo "conformance-mpeg4: ffmpeg missing, installing it with apt-get"
    SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq ffmpeg >/dev/null; } ||
        { echo "conformance-mpeg4: FAILED: could not install ffmpeg" >&2; exit 1; }
    command -v ffmpeg >/dev/null 2>&1 || { echo "conformance-mpeg4: FAILED: no ffmpeg" >&2; exit 1; }
fi

cd "$ROOT"
cargo build --quiet --release -p netvu-cli --bin netvu
cargo build --quiet --release -p netvu-mpeg4 --example decode_y4m --example psnr
NETVU="$TARGET/release/netvu"
DEC="$TARGET/release/examples/decode_y4m"
PSNR="$TARGET/release/examples/psnr"

if [ $# -ge 1 ]; then WORK=$1; mkdir -p "$WORK"; else WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT; fi
cd "$WORK"

failed=0
streams=0
header() { printf '%-40s %-9s %8s %9s %9s  %s\n' stream size frames "min dB" "mean dB" result; }
# row NAME Y4M REF.yuv [NOTE]: compares and prints one table row.
row() {
    local name=$1 ours=$2 ref=$3 note=${4:-} out res
    streams=$((streams + 1))
    if out=$("$PSNR" "$ours" "$ref" 40 45 2>&1); then res=ok; else res=FAIL; failed=1; fi
    [ -z "$note" ] || { res="$res ($note)"; [ "${note#problems}" = "$note" ] || { res=FAIL; failed=1; }; }
    # "WxH frames a/b mean M dB min N dB: ..."
    set -- $(printf '%s\n' "$out" | head -n1 | sed -n 's/^\([0-9x]*\) frames \([0-9/]*\) mean \([0-9.inf-]*\) dB min \([0-9.inf-]*\) dB.*/\1 \2 \4 \3/p')
    printf '%-40s %-9s %8s %9s %9s  %s\n' "$name" "${1:-?}" "${2:-?}" "${3:-?}" "${4:-?}" "$res"
}

# enc NAME SIZE FRAMES FILTER -- encoder options
enc() {
    local name=$1 size=$2 frames=$3 filter=$4 note=
    shift 4
    ffmpeg -v error -y -f lavfi -i "testsrc2=size=$size:rate=25$filter" -frames:v "$frames" \
        -c:v mpeg4 "$@" -f m4v "$name.m4v"
    ffmpeg -v error -y -i "$name.m4v" -f rawvideo -pix_fmt yuv420p "$name.yuv"
    "$DEC" "$name.m4v" "$name.y4m" 2>"$name.log" || note="problems: decoder failed"
    [ ! -s "$name.log" ] || note="problems: $(head -n1 "$name.log")"
    row "$name" "$name.y4m" "$name.yuv" "$note"
}

echo "== streams encoded by $(ffmpeg -version | head -n1 | cut -d' ' -f1-3)"
header
RD="-mpv_flags +qp_rd -trellis 1 -mbd rd"
M=",scroll=h=0.01:v=0.007"
enc qcif_g1              176x144 10 ""  -g 1
enc qcif_g5_q1           176x144 10 ""  -g 5 -q:v 1
enc qcif_g5_q31          176x144 10 ""  -g 5 -q:v 31
enc qcif_g30_mv4         176x144 30 "$M" -g 30 -flags +mv4
enc qcif_g20_fast_mv4    176x144 20 ",scroll=h=0.1:v=0.07" -g 20 -flags +mv4 -me_range 64
enc cif_g1               352x288 10 ""  -g 1
enc cif_g12              352x288 36 "$M" -g 12
enc cif_g12_rd           352x288 36 "$M" -g 12 $RD
enc cif_g25_mv4          352x288 50 "$M" -g 25 -flags +mv4
enc cif_g60_rd_mv4       352x288 60 "$M" -g 60 -flags +mv4 $RD
enc cif_g10_mpegquant    352x288 20 "$M" -g 10 -mpeg_quant 1
enc cif_g10_dp_resync    352x288 20 "$M" -g 10 -data_partitioning 1 -ps 400 -flags +mv4 $RD
enc cif_g10_resync       352x288 20 "$M" -g 10 -ps 300
enc cif_g10_interlaced   352x288 20 "$M" -g 10 -flags +ildct+ilme
enc w704x288_g1          704x288 8  ""  -g 1
enc w704x288_g25         704x288 50 "$M" -g 25
enc w704x288_g60_rd_mv4  704x288 60 "$M" -g 60 -flags +mv4 $RD
enc d1_g1                720x576 6  ""  -g 1 -q:v 3
enc d1_g12               720x576 24 "$M" -g 12
enc d1_g12_rd            720x576 24 "$M" -g 12 $RD
enc d1_g30_mv4           720x576 30 "$M" -g 30 -flags +mv4
enc d1_g60_rd_mv4        720x576 60 "$M" -g 60 -flags +mv4 $RD
enc odd_50x30_g4_mv4     50x30   12 "$M" -g 4 -flags +mv4

echo "== MPEG-4 frames of the shared fixtures, one 'netvu render' each"
if [ ! -d "$SHARED/fixtures" ]; then
    echo "(no $SHARED/fixtures: this part is skipped)"
else
    header
    for f in "$SHARED"/fixtures/*.ad "$SHARED"/fixtures/*.mime "$SHARED"/fixtures/*.par; do
        [ -f "$f" ] || continue
        base=$(basename "$f")
        "$NETVU" frames --json "$f" > "$base.frames" 2>/dev/null || continue
        # index and camera of every MPEG-4 frame (keys in any order)
        grep '"codec":"mpeg4"' "$base.frames" |
            sed -n 's/.*"camera":\([0-9]*\).*/\1/p' | sort -un > "$base.cams" || true
        while read -r cam; do
            name="${base}_cam$cam"
            grep '"codec":"mpeg4"' "$base.frames" | grep "\"camera\":$cam[,}]" |
                sed -n 's/.*"index":\([0-9]*\).*/\1/p' > "$name.idx"
            rm -rf "$name.x" && "$NETVU" extract "$f" --camera "$cam" --out "$name.x" 2>/dev/null
            m4v=$(printf '%s/camera%02d.m4v' "$name.x" "$cam")
            ffmpeg -v error -y -i "$m4v" -f rawvideo -pix_fmt yuv420p "$name.yuv" 2>"$name.fflog" || true
            : > "$name.y4m"
            note=
            while read -r i; do
                if ! "$NETVU" render "$f" --index "$i" --out "$name.one.y4m" 2>>"$name.log"; then
                    note="problems: frame $i not rendered"
                    continue
                fi
                if [ -s "$name.y4m" ]; then tail -n +2 "$name.one.y4m" >> "$name.y4m"; else cat "$name.one.y4m" > "$name.y4m"; fi
            done < "$name.idx"
            row "$name" "$name.y4m" "$name.yuv" "$note"
        done < "$base.cams"
    done
fi

if [ "$failed" -ne 0 ]; then
    echo "conformance-mpeg4: FAILED ($streams streams; files in $WORK)"
    exit 1
fi
echo "conformance-mpeg4: all $streams streams pass"
