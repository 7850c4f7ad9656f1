#!/bin/sh
# Makes the H.264 pictures of the viewer's end-to-end test (main.rs wraps
# them in AD binary): 128x96, a red IDR picture then green, blue and white
# P pictures, one access unit a file (SPS and PPS with the first), Annex B.
# Constrained baseline, so that both WebCodecs and the wasm decoder take
# them; scenecut=0, or each change of colour would be an IDR picture;
# tagged BT.601 as converted, or Chromium reads them as BT.709 (green
# 217); without x264's SEI (its version and settings, 600 bytes).
# Run once: the files are committed. Needs ffmpeg with libx264.
set -eu
cd "$(dirname "$0")"
ffmpeg -v error -y -f lavfi \
    -i "color=c=black:s=128x96:r=5,format=gbrp,geq=r='255*(eq(N,0)+eq(N,3))':g='255*(eq(N,1)+eq(N,3))':b='255*(eq(N,2)+eq(N,3))'" \
    -frames:v 4 -c:v libx264 -profile:v baseline -level 3.0 -preset veryslow -g 4 -bf 0 -pix_fmt yuv420p \
    -colorspace smpte170m -color_primaries smpte170m -color_trc smpte170m -color_range tv \
    -x264-params aud=0:scenecut=0 -bsf:v filter_units=remove_types=6 -f image2 colours-%d.h264
ls -l colours-*.h264
