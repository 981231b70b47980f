//! The hot path: tagging text, compiling and loading glossaries, and the
//! `check` and `lint` paths end to end on 100,000 generated segments.
//!
//! `cargo bench --bench tagger` measures; `cargo bench --bench tagger --
//! --test` runs each once (as CI does, with `SHUYU_BENCH_TERMS` and
//! `SHUYU_BENCH_SEGMENTS` small) to keep the benches compiling.

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
    let terms = support::env("SHUYU_BENCH_TERMS", 300_000);
    let glossary = support::glossary(terms, 7);
    let tagger = Tagger::new(&glossary).unwrap();
    let mut group = c.benchmark_group(format!("tag/generated-{terms}"));
    group.sample_size(10);
    for (name, chinese) in [("chinese-heavy", true), ("english-heavy", false)] {
        let text = support::text(&glossary, 10 << 20, chinese, 11);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(BenchmarkId::new("10MB", name), |b| {
            b.iter(|| count(&tagger, black_box(&text)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group(format!("glossary/generated-{terms}"));
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

/// 100,000 en → zh-CN segments of about 150 bytes, with terms of the
/// bundled glossary in both sides.
fn segments() -> Vec<shuyu::formats::bitext::Segment> {
    let glossary = shuyu::Glossary::bundled();
    (0..support::env("SHUYU_BENCH_SEGMENTS", 100_000) as u64)
        .map(|i| shuyu::formats::bitext::Segment {
            id: i.to_string(),
            source: support::text(&glossary, 80, false, i),
            target: Some(support::text(&glossary, 70, true, i + 1_000_000)),
            source_lang: Some("en".into()),
            target_lang: Some("zh-CN".into()),
            ..Default::default()
        })
        .collect()
}

fn end_to_end(c: &mut Criterion) {
    let tagger = Tagger::bundled();
    let segs = segments();
    let bytes: usize = segs
        .iter()
        .map(|s| s.source.len() + s.target.as_ref().map_or(0, String::len))
        .sum();
    let mut group = c.benchmark_group(format!("end-to-end/{}-segments", segs.len()));
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("check", |b| {
        b.iter(|| {
            let mut checker = shuyu::check::Checker::new(tagger);
            checker
                .check_many("bench.tmx", black_box(&segs))
                .iter()
                .map(Vec::len)
                .sum::<usize>()
        })
    });
    // The same text as one Markdown document of 100,000 paragraphs.
    let markdown: String = segs
        .iter()
        .map(|s| format!("{}\n\n", s.target.as_deref().unwrap_or_default()))
        .collect();
    group.throughput(Throughput::Bytes(markdown.len() as u64));
    let linter = shuyu::lint::Linter::new(tagger, shuyu::Lang::ZhCn);
    group.bench_function("lint-markdown", |b| {
        b.iter(|| {
            let doc = shuyu::formats::document::Document::parse(
                black_box(markdown.as_bytes()),
                shuyu::formats::document::DocumentFormat::Markdown,
                None,
            )
            .unwrap();
            linter.lint("bench.md", &doc).len()
        })
    });
    group.finish();
}

criterion_group!(benches, bundled, large, end_to_end);
criterion_main!(benches);
