//! Work spread over the machine's cores with results in input order, so
//! output never depends on which thread finished first.

use std::sync::atomic::{AtomicUsize, Ordering};

/// How many threads to use: the cores available, at least one.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// `f` applied to every item, on up to [`threads`] threads, the results in
/// the items' order. Items are handed out one at a time, so uneven items
/// (one large file among small ones) still keep every thread busy.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = threads().min(items.len());
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        out.push((i, f(item)));
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_in_the_items_order() {
        let items: Vec<String> = (0..100).map(|i| "四".repeat(i % 7)).collect();
        let lengths = super::map(&items, |s| s.chars().count());
        assert_eq!(lengths, (0..100).map(|i| i % 7).collect::<Vec<_>>());
    }
}
