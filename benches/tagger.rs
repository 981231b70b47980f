//! The hot path: tagging text, plus compiling and loading glossaries.
//!
//! `cargo bench --bench tagger` measures; `cargo bench --bench tagger --
//! --test` runs each once (as CI does) to keep the benches compiling.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use shuyu::Tagger;

mod support;

fn count(tagger: &Tagger, text: &str) -> usize {
    tagger.find_iter(text).count()
}

fn bundled(c: &mut Criterion) {
    let tagger = Tagger::bundled();
    let (text, name) = support::seed_text();
    let mut group = c.benchmark_group("tag/bundled");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function(BenchmarkId::new("text", name), |b| {
        b.iter(|| count(tagger, black_box(&text)))
    });
    group.finish();
}

fn large(c: &mut Criterion) {
    let glossary = support::glossary(200_000, 7);
    let tagger = Tagger::new(&glossary).unwrap();
    let mut group = c.benchmark_group("tag/generated-200k");
    group.sample_size(10);
    for (name, chinese) in [("chinese-heavy", true), ("english-heavy", false)] {
        let text = support::text(&glossary, 10 << 20, chinese, 11);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(BenchmarkId::new("10MB", name), |b| {
            b.iter(|| count(&tagger, black_box(&text)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("glossary/generated-200k");
    group.sample_size(10);
    group.bench_function("compile", |b| {
        b.iter(|| Tagger::new(black_box(&glossary)).unwrap())
    });
    let bytes = tagger.as_bytes().to_vec();
    group.bench_function("load", |b| {
        b.iter(|| {
            Tagger::from_bytes(black_box(&bytes[..]))
                .unwrap()
                .term_count()
        })
    });
    group.finish();
}

criterion_group!(benches, bundled, large);
criterion_main!(benches);
