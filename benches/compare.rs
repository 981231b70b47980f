//! shuyu's tagger against the engines a Rust user would otherwise pick —
//! aho-corasick (NFA and DFA) and daachorse (charwise) — on the same
//! generated glossary and text in one run, leftmost-longest: the first
//! generator's data, and data shaped as real glossaries and text are
//! (`support::skewed`: common characters with a strong skew, so that
//! accidental and partial matches are everywhere). The peers match
//! the terms as written; shuyu matches with all of its normalisation and
//! boundary rules on.
//!
//! `cargo bench --bench compare` prints a table of throughputs and shuyu's
//! ratio to each peer (each engine's best of five passes over the text,
//! the engines taking turns), then runs the same as criterion benches.
//! `SHUYU_BENCH_MB` sets the text size (default 50), `SHUYU_BENCH_PASSES`
//! the passes, `SHUYU_BENCH_TERMS` the large glossary's size (default
//! 300,000),
//! `SHUYU_BENCH_NO_DFA=1` skips the aho-corasick DFA on the large glossary
//! (28 s and 4 GB to build), `SHUYU_BENCH_NO_WORD_CHECK=1` turns shuyu's
//! Chinese word check off, to measure what it costs.
//!
//! Then the whole `shuyu tag --count` process as a user runs it, on the
//! same glossary (compiled to a file) and text (written to a file), both
//! cores and, with `taskset`, pinned to one: the time on the whole text
//! less the time on a tenth of it, so that starting and loading cancel,
//! each the best of five runs; its throughput is compared with the
//! fastest peer's scan loop above (one thread, text in memory).

use std::hint::black_box;
use std::time::{Duration, Instant};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder};
use shuyu::{Glossary, Tagger};

mod support;

fn patterns(g: &Glossary) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    g.concepts
        .iter()
        .flat_map(|c| c.terms.iter().map(|t| t.text.clone()))
        .filter(|t| seen.insert(t.clone()))
        .collect()
}

/// One engine, built: its name, build time, heap estimate, and a counter.
struct Engine<'a> {
    name: &'static str,
    build: Duration,
    count: Box<dyn Fn(&str) -> usize + 'a>,
}

fn engines<'a>(tagger: &'a Tagger, pats: &[String], dfa: bool) -> Vec<Engine<'a>> {
    let mut out = vec![Engine {
        name: "shuyu",
        build: Duration::ZERO,
        count: Box::new(move |t: &str| tagger.find_iter(t).count()),
    }];
    let started = Instant::now();
    let nfa = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(pats)
        .unwrap();
    out.push(Engine {
        name: "aho-corasick NFA",
        build: started.elapsed(),
        count: Box::new(move |t: &str| nfa.find_iter(t).count()),
    });
    if dfa {
        let started = Instant::now();
        let d = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(pats)
            .unwrap();
        out.push(Engine {
            name: "aho-corasick DFA",
            build: started.elapsed(),
            count: Box::new(move |t: &str| d.find_iter(t).count()),
        });
    }
    let started = Instant::now();
    let da: CharwiseDoubleArrayAhoCorasick<u32> = CharwiseDoubleArrayAhoCorasickBuilder::new()
        .match_kind(daachorse::MatchKind::LeftmostLongest)
        .build(pats)
        .unwrap();
    out.push(Engine {
        name: "daachorse charwise",
        build: started.elapsed(),
        count: Box::new(move |t: &str| da.leftmost_find_iter(t).count()),
    });
    out
}

/// Each engine's best throughput (MB/s) and match count over `passes`
/// passes, taken in turns (one pass of each engine, then the next round),
/// so that a slow spell of a shared machine falls on all engines alike.
fn best_of(engines: &[Engine<'_>], text: &str, passes: usize) -> Vec<(f64, usize)> {
    let mut best = vec![(Duration::MAX, 0); engines.len()];
    for _ in 0..passes {
        for (e, (time, n)) in engines.iter().zip(&mut best) {
            let t = Instant::now();
            *n = black_box((e.count)(black_box(text)));
            *time = (*time).min(t.elapsed());
        }
    }
    best.into_iter()
        .map(|(time, n)| (text.len() as f64 / time.as_secs_f64() / 1e6, n))
        .collect()
}

fn compare(c: &mut Criterion) {
    let mb = support::env("SHUYU_BENCH_MB", 50);
    let large = support::env("SHUYU_BENCH_TERMS", 300_000);
    let no_dfa = std::env::var_os("SHUYU_BENCH_NO_DFA").is_some();
    let no_word_check = std::env::var_os("SHUYU_BENCH_NO_WORD_CHECK").is_some();
    let passes = support::env("SHUYU_BENCH_PASSES", 5).max(1);
    let shapes = [
        ("234", 234, true, false),
        ("large", large, !no_dfa, false),
        ("skewed-234", 234, true, true),
        ("skewed-large", large, !no_dfa, true),
    ];
    for (label, terms, dfa, skewed) in shapes {
        // The generator of the first benches, and one shaped as real data
        // is (see `support::skewed`).
        let glossary = if skewed {
            support::skewed::glossary(terms, 3)
        } else {
            support::glossary(terms, 3)
        };
        let started = Instant::now();
        let tagger = Tagger::new(&glossary)
            .unwrap()
            .with_word_check(!no_word_check);
        let compile = started.elapsed();
        let pats = patterns(&glossary);
        let text = if skewed {
            support::skewed::text(&glossary, mb << 20, 17)
        } else {
            support::text(&glossary, mb << 20, true, 17)
        };
        let mut engines = engines(&tagger, &pats, dfa);
        engines[0].build = compile;
        eprintln!(
            "\n{} terms ({} patterns), {:.1} MB mixed text; shuyu compiled: {:.2} MB",
            terms,
            pats.len(),
            text.len() as f64 / 1e6,
            tagger.as_bytes().len() as f64 / 1e6
        );
        let results = best_of(&engines, &text, passes);
        let shuyu = results[0].0;
        eprintln!(
            "{:<20} {:>10} {:>10} {:>12} {:>14}",
            "engine", "MB/s", "matches", "build", "shuyu ratio"
        );
        for (e, (speed, n)) in engines.iter().zip(&results) {
            eprintln!(
                "{:<20} {:>10.1} {:>10} {:>10.2} s {:>13.2}×",
                e.name,
                speed,
                n,
                e.build.as_secs_f64(),
                shuyu / speed
            );
        }

        whole_process(label, &tagger, &text, &results[1..], no_word_check);

        let mut group = c.benchmark_group(format!("compare/{label}"));
        group.sample_size(10);
        group.throughput(Throughput::Bytes(text.len() as u64));
        for e in &engines {
            group.bench_function(BenchmarkId::new(e.name, format!("{mb}MB")), |b| {
                b.iter(|| (e.count)(black_box(&text)))
            });
        }
        group.finish();
    }
}

/// The whole `shuyu tag --count` process on the text written to a file, on
/// both cores and pinned to one, against the fastest of `peers` (their
/// in-memory scan, MB/s).
fn whole_process(label: &str, tagger: &Tagger, text: &str, peers: &[(f64, usize)], raw: bool) {
    // The binary exists only when the command line is built (feature `cli`).
    let Some(bin) = option_env!("CARGO_BIN_EXE_shuyu") else {
        eprintln!("whole process: not measured (built without the `cli` feature)");
        return;
    };
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("whole-process");
    std::fs::create_dir_all(&dir).unwrap();
    let compiled = dir.join(format!("{label}.shuyu"));
    std::fs::write(&compiled, tagger.as_bytes()).unwrap();
    let tenth = (1..=4)
        .map(|k| text.len() / 10 + k)
        .find(|&at| text.is_char_boundary(at))
        .unwrap_or(text.len());
    let (big, small) = (
        dir.join(format!("{label}.txt")),
        dir.join(format!("{label}-tenth.txt")),
    );
    std::fs::write(&big, text).unwrap();
    std::fs::write(&small, &text[..tenth]).unwrap();
    let run = |pinned: bool, file: &std::path::Path| -> Option<Duration> {
        let mut best = Duration::MAX;
        for _ in 0..5 {
            let mut cmd = if pinned {
                let mut c = std::process::Command::new("taskset");
                c.args(["-c", "0", bin]);
                c
            } else {
                std::process::Command::new(bin)
            };
            cmd.args(["tag", "--count", "-g"]).arg(&compiled).arg(file);
            if raw {
                cmd.arg("--no-word-check");
            }
            let started = Instant::now();
            let status = cmd
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .ok()?;
            if !status.success() {
                return None;
            }
            best = best.min(started.elapsed());
        }
        Some(best)
    };
    let fastest = peers.iter().map(|p| p.0).fold(0.0, f64::max);
    for (name, pinned) in [("both cores", false), ("one core (taskset -c 0)", true)] {
        match (run(pinned, &big), run(pinned, &small)) {
            (Some(b), Some(s)) if b > s => {
                let speed = (text.len() - tenth) as f64 / (b - s).as_secs_f64() / 1e6;
                eprintln!(
                    "{:<20} {:>10.1} MB/s whole `shuyu tag --count`, {name}: {:.2}× the fastest peer's scan",
                    "", speed, speed / fastest
                );
            }
            _ => eprintln!("whole process, {name}: could not be run"),
        }
    }
}

criterion_group!(benches, compare);
criterion_main!(benches);
