//! Writes a generated zh-CN → en translation memory as TMX, for timing
//! `shuyu tm import` and lookups at scale. Deterministic: the same count
//! gives the same file.
//!
//! Run with `cargo run --release --example generate_memory -- 1000000 memory.tmx`.

#[path = "../benches/support/mod.rs"]
mod support;

use shuyu::formats::tmx::{Variant, Writer};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(units), Some(path)) = (args.next(), args.next()) else {
        return Err("usage: generate_memory UNITS FILE.tmx".into());
    };
    let units: usize = units.parse()?;
    let file = std::io::BufWriter::new(std::fs::File::create(&path)?);
    let mut w = Writer::new(file, Some("zh-CN"))?;
    for s in support::memory(units, 42) {
        let target = s.target.as_deref().unwrap_or_default();
        w.unit(
            &s.id,
            Variant {
                lang: Some("zh-CN"),
                text: &s.source,
                markup: None,
            },
            Some(Variant {
                lang: Some("en"),
                text: target,
                markup: None,
            }),
        )?;
    }
    w.finish()?;
    Ok(())
}
