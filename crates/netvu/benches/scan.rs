//! The unknown-file scan against `memchr::memmem` over the same bytes,
//! measured in the same run. Criterion reports each throughput; the ratio
//! is printed at the end. Whole-file indexing is `scripts/bench.sh`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use netvu::{Format, Indexer};
use std::time::Instant;

const LEN: usize = 64 << 20;
const BLOCK: usize = 1 << 20;

fn noise(len: usize) -> Vec<u8> {
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

fn index(format: Format, bytes: &[u8]) -> usize {
    let mut ix = Indexer::new(format, Some(bytes.len() as u64));
    for b in bytes.chunks(BLOCK) {
        ix.feed(b);
    }
    ix.finish().frames.len()
}

fn memmem_count(bytes: &[u8]) -> usize {
    memchr::memmem::find_iter(bytes, &[0xDE, 0xCA, 0xDE]).count()
}

/// Best of twenty wall-clock runs, in seconds.
fn best(f: impl Fn() -> usize) -> f64 {
    (0..20)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn benches(c: &mut Criterion) {
    let data = noise(LEN);
    let mut g = c.benchmark_group("unknown-file scan, 64 MiB");
    g.throughput(Throughput::Bytes(LEN as u64));
    g.sample_size(10);
    g.bench_function("memchr::memmem baseline", |b| {
        b.iter(|| memmem_count(black_box(&data)))
    });
    g.bench_function("netvu scan", |b| {
        b.iter(|| index(Format::Unknown, black_box(&data)))
    });
    g.finish();
    let (base, scan) = (
        best(|| memmem_count(&data)),
        best(|| index(Format::Unknown, &data)),
    );
    println!(
        "scan speed / memmem speed = {:.2} (target >= 0.5)",
        base / scan
    );
}

criterion_group!(scan, benches);
criterion_main!(scan);
