#!/bin/sh
# Makes the sample's MPEG-4 and H.264 cameras (src/sample/mod.rs embeds them):
# 352x288, 15 frames at 5 pictures/s, the same test card as the sample's
# JPEG cameras (colour, title, a yellow square moving left to right), one
# key frame then delta frames. Needs ffmpeg with libx264 and drawtext.
set -eu
cd "$(dirname "$0")"
FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
card() { # colour camera title
    echo "color=c=$1:s=352x288:r=5[bg];color=c=0xf5c542:s=40x40:r=5[box];\
[bg][box]overlay=x='n*312/14':y=218:shortest=1,\
drawtext=fontfile=$FONT:text='CAMERA $2':x=20:y=32:fontsize=30:fontcolor=white,\
drawtext=fontfile=$FONT:text='$3':x=20:y=80:fontsize=22:fontcolor=white,\
drawtext=fontfile=$FONT:text='frame %{eif\\:n+1\\:d}':x=20:y=120:fontsize=22:fontcolor=white[out0]"
}
ffmpeg -v error -y -f lavfi -i "$(card 0x8a4c2f 3 'Car Park')" -frames:v 15 \
    -c:v mpeg4 -q:v 6 -g 15 -bf 0 -flags +bitexact -fflags +bitexact -f m4v car-park.m4v
ffmpeg -v error -y -f lavfi -i "$(card 0x6a3f8f 4 'Reception')" -frames:v 15 \
    -c:v libx264 -profile:v baseline -preset veryslow -crf 28 -g 15 -bf 0 -pix_fmt yuv420p \
    -x264-params aud=0:repeat-headers=1 -bsf:v h264_metadata=aud=remove -f h264 reception.h264
ls -l car-park.m4v reception.h264
