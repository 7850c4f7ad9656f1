// node run.mjs FILE.wasm [ROUNDS]: best-of-ROUNDS decode speed.
import { readFileSync } from 'fs';
const [file, rounds = '5'] = process.argv.slice(2);
const { instance } = await WebAssembly.instantiate(readFileSync(file), {});
let best = Infinity, r = 0n;
for (let i = 0; i < +rounds; i++) {
  const t = performance.now();
  r = instance.exports.decode_all();
  best = Math.min(best, performance.now() - t);
}
r = BigInt.asUintN(64, r);
const n = Number(r & 0xffffffffn);
console.log(`${file.split('/').pop()}: frames ${n} best ${best.toFixed(1)} ms fps ${(n / best * 1000).toFixed(1)} checksum ${r >> 32n}`);
