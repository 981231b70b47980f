#[path = "../benches/support/mod.rs"]
mod support;
fn main() {
    let n: usize = std::env::args().nth(1).map(|s| s.parse().unwrap()).unwrap_or(200_000);
    let g = support::glossary(n, 7);
    let t = shuyu::Tagger::new(&g).unwrap();
    let text = support::text(&g, 2 << 20, true, 11);
    let start = std::time::Instant::now();
    let reps: usize = std::env::var("REPS").ok().map(|s| s.parse().unwrap()).unwrap_or(1);
    let mut c = 0;
    for _ in 0..reps { c += t.find_iter(&text).count(); }
    let text = text.repeat(reps);
    eprintln!("{c} matches, {:?}, {:.1} MB/s", start.elapsed(), text.len() as f64 / start.elapsed().as_secs_f64() / 1e6);
}
