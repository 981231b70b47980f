//! Translation memory at scale: open, exact and fuzzy lookup, concordance
//! and import, on a generated zh-CN → en memory.
//!
//! `cargo bench --bench tm` uses 1,000,000 units (built once, then kept in
//! `target/bench-tm/`); `SHUYU_BENCH_TM_UNITS=20000` picks another size.
//! Besides criterion's figures it prints the median and 99th percentile of
//! single lookups over 1,000 distinct queries of each kind, and the import
//! time of the memory when it builds it.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use shuyu::tm::{Import, LookupOptions, Memory};

mod support;

fn units() -> usize {
    support::env("SHUYU_BENCH_TM_UNITS", 1_000_000)
}

/// The memory file for `units`, built (and its import timed) when absent.
fn memory_file(units: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-tm");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("generated-{units}-v2.shuyu-tm"));
    if !path.exists() {
        let started = Instant::now();
        let mut import = Import::open(&path).unwrap();
        for s in support::memory(units, 42) {
            import.add(&s).unwrap();
        }
        import.commit().unwrap();
        eprintln!(
            "tm: imported {units} generated units (no TMX parsing) in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    path
}

/// Queries: sources of the memory as they are, with `edits` characters
/// changed, and sentences the memory does not have.
fn queries(units: usize, edits: usize, n: usize) -> Vec<String> {
    let mut rng = support::Rng::new(99 + edits as u64);
    let sources: Vec<String> = support::memory(units, 42).map(|s| s.source).collect();
    (0..n)
        .map(|_| {
            let s = &sources[rng.below(sources.len())];
            support::edit(s, edits, &mut rng)
        })
        .collect()
}

fn percentiles(
    memory: &Memory,
    queries: &[String],
    options: &LookupOptions,
) -> (Duration, Duration, usize) {
    let mut times = Vec::with_capacity(queries.len());
    let mut found = 0;
    for q in queries {
        let t = Instant::now();
        found += usize::from(!memory.lookup(q, options).unwrap().is_empty());
        times.push(t.elapsed());
    }
    times.sort();
    (times[times.len() / 2], times[times.len() * 99 / 100], found)
}

fn tm(c: &mut Criterion) {
    let units = units();
    let path = memory_file(units);
    let memory = Memory::open(&path).unwrap();
    let exact = queries(units, 0, 1000);
    let fuzzy = queries(units, 2, 1000);
    let mut rng = support::Rng::new(5);
    let novel: Vec<String> = (0..1000)
        .map(|_| support::chinese_sentence(&mut rng))
        .collect();

    let options = LookupOptions::default();
    for (name, qs) in [
        ("exact", &exact),
        ("fuzzy-2-edits", &fuzzy),
        ("no-match", &novel),
    ] {
        let (median, p99, found) = percentiles(&memory, qs, &options);
        eprintln!(
            "tm/{units}: {name}: median {median:.2?}, p99 {p99:.2?} per lookup ({found} of {} found)",
            qs.len()
        );
    }
    let exact_only = LookupOptions {
        min_score: 100,
        ..options
    };
    let (median, p99, found) = percentiles(&memory, &exact, &exact_only);
    eprintln!(
        "tm/{units}: exact (--min-score 100): median {median:.2?}, p99 {p99:.2?} ({found} found)"
    );
    let mut group = c.benchmark_group(format!("tm/{units}"));
    group.bench_function("open", |b| {
        b.iter(|| Memory::open(black_box(&path)).unwrap().len())
    });
    let mut i = 0;
    group.bench_function("lookup/exact", |b| {
        b.iter(|| {
            i = (i + 1) % exact.len();
            memory
                .lookup(black_box(&exact[i]), &exact_only)
                .unwrap()
                .len()
        })
    });
    group.bench_function("lookup/fuzzy-2-edits", |b| {
        b.iter(|| {
            i = (i + 1) % fuzzy.len();
            memory.lookup(black_box(&fuzzy[i]), &options).unwrap().len()
        })
    });
    group.bench_function("lookup/no-match", |b| {
        b.iter(|| {
            i = (i + 1) % novel.len();
            memory.lookup(black_box(&novel[i]), &options).unwrap().len()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("tm/import");
    group.sample_size(10);
    let segments: Vec<_> = support::memory(20_000, 7).collect();
    let dir = std::env::temp_dir().join(format!("shuyu-bench-tm-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join("import.shuyu-tm");
    group.bench_function("20000-units", |b| {
        b.iter(|| {
            let _ = std::fs::remove_file(&target);
            let mut import = Import::open(&target).unwrap();
            for s in &segments {
                import.add(s).unwrap();
            }
            import.commit().unwrap().units
        })
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, tm);
criterion_main!(benches);
