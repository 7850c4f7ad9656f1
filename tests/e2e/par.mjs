// A small PAR v1 writer for the tests (par-format.md; the same layout as
// crates/netvu/src/par_writer.rs): header, SETT/FRAM chunks with CRCs, INDX.
import { crc32 } from 'node:zlib';

const HEADER_LEN = 40;
const CHANNEL_KEY = 1 << 16;

function chunk(fourcc, payload) {
  const head = Buffer.alloc(8);
  head.write(fourcc, 0, 'latin1');
  head.writeUInt32LE(payload.length, 4);
  const crc = Buffer.alloc(4);
  crc.writeUInt32LE(crc32(payload, crc32(head)) >>> 0, 0);
  return Buffer.concat([head, payload, crc]);
}

/// frames: [{ dataType, camera, timestamp, number, body, key = true }]
export function writePar({ created = 0, utcOffset = 0, sequence = 0, more = false, settings = null, frames = [] }) {
  const chunks = [];
  let at = HEADER_LEN;
  const push = (bytes) => { chunks.push(bytes); const start = at; at += bytes.length; return start; };
  let flags = more ? 4 : 0;
  if (settings !== null) {
    push(chunk('SETT', Buffer.from(settings, 'latin1')));
    flags |= 1;
  }
  const index = [];
  for (const f of frames) {
    const channel = f.camera | ((f.key ?? true) ? CHANNEL_KEY : 0);
    const head = Buffer.alloc(20);
    head.writeUInt8(f.dataType, 0);
    head.writeUInt32LE(channel >>> 0, 4);
    head.writeBigInt64LE(BigInt(f.timestamp), 8);
    head.writeUInt32LE(f.number ?? 0, 16);
    const offset = push(chunk('FRAM', Buffer.concat([head, f.body])));
    const e = Buffer.alloc(24);
    e.writeBigUInt64LE(BigInt(offset), 0);
    e.writeBigInt64LE(BigInt(f.timestamp), 8);
    e.writeUInt32LE(channel >>> 0, 16);
    e.writeUInt8(f.dataType, 20);
    e.writeUInt8((f.key ?? true) ? 1 : 0, 21);
    index.push(e);
  }
  let indexOffset = 0;
  if (index.length) {
    const count = Buffer.alloc(4);
    count.writeUInt32LE(index.length, 0);
    indexOffset = push(chunk('INDX', Buffer.concat([count, ...index])));
    flags |= 2;
  }
  const header = Buffer.alloc(HEADER_LEN);
  header.write('PAR\0', 0, 'latin1');
  header.writeUInt16LE(1, 4);
  header.writeUInt16LE(HEADER_LEN, 6);
  header.writeBigInt64LE(BigInt(created), 8);
  header.writeInt32LE(utcOffset, 16);
  header.writeUInt32LE(sequence, 20);
  header.writeBigUInt64LE(BigInt(indexOffset), 24);
  header.writeUInt32LE(flags, 32);
  header.writeUInt32LE(crc32(header.subarray(0, 36)) >>> 0, 36);
  return Buffer.concat([header, ...chunks]);
}
