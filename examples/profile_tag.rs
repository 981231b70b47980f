#[path = "../benches/support/mod.rs"]
mod support;
fn main() {
    let terms: usize = std::env::args().nth(1).unwrap().parse().unwrap();
    let g = support::glossary(terms, 3);
    let t = shuyu::Tagger::new(&g).unwrap();
    let text = support::text(&g, 20 << 20, true, 17);
    let s = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..3 {
        n += t.find_iter(&text).count();
    }
    let e = s.elapsed().as_secs_f64();
    eprintln!(
        "{} matches, {:.1} MB/s",
        n,
        8.0 * text.len() as f64 / e / 1e6
    );
}
