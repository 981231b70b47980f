//! Stepping through the compiled glossary's fst one input byte at a time,
//! reading from each node only what the step needs.
//!
//! `fst::raw::Node::new` decodes a node whole — its kind, sizes, where it
//! ends and its final output — before a transition can be asked for; the
//! tagger asks one transition of each node it passes and whether the node
//! it lands on is final, so most of that decoding is thrown away. Profiles
//! put it at a fifth of all tagging time. [`Nodes`] reads the same bytes,
//! laid out as `fst` 0.4.7 writes them (format version 3, and no other), lazily
//! and with every read bounds-checked, so a damaged file gives "no
//! transition", never a panic. The tests walk every transition of several
//! fsts both ways and require the same answers.

use std::sync::OnceLock;

/// The address `fst` gives the final node without transitions.
const EMPTY: usize = 0;
/// A node with more transitions than this carries a 256-byte index of
/// them.
const INDEXED: usize = 32;

/// The nodes of one fst, read in place.
#[derive(Clone, Copy)]
pub(crate) struct Nodes<'f> {
    data: &'f [u8],
    common: &'static [u8; 64],
}

/// The one fst format version whose node layout this reader was tested on
/// (what `fst` 0.4.7 writes): a file of any other is refused on load, never
/// misread.
pub(crate) const FST_VERSION: u64 = 3;

impl<'f> Nodes<'f> {
    /// The nodes of the fst `data` (which `fst::raw::Fst::new` accepted),
    /// if its format is one this reader knows.
    pub fn new(data: &'f [u8]) -> Option<Nodes<'f>> {
        // The format version is the fst's first eight bytes.
        let version = u64::from_le_bytes(data.get(..8)?.try_into().ok()?);
        (version == FST_VERSION).then(|| Nodes {
            data,
            common: common_inputs(),
        })
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.data.get(at).copied()
    }

    /// The little-endian integer of `n` bytes at `at` (0 for `n` = 0).
    fn uint(&self, at: usize, n: usize) -> Option<u64> {
        let bytes = self.data.get(at..at.checked_add(n)?)?;
        Some(
            bytes
                .iter()
                .rev()
                .fold(0, |acc, &b| acc << 8 | u64::from(b)),
        )
    }

    /// The input byte of a one-transition node whose state byte is `state`
    /// at `addr`, and how many bytes it takes before the state byte.
    fn one_input(&self, addr: usize, state: u8) -> Option<(u8, usize)> {
        match state & 0x3F {
            0 => Some((self.byte(addr.checked_sub(1)?)?, 1)),
            i => Some((self.common[usize::from(i - 1)], 0)),
        }
    }

    /// The node reached from the node at `addr` by input `b`, and the
    /// output added on the way; `None` when there is no such transition.
    // Always inlined: the scan's walk is its hot caller, and with the word
    // check's walks as callers too it was otherwise called out of line
    // (11 % of a whole `tag --count`).
    #[inline(always)]
    pub fn step(&self, addr: usize, b: u8) -> Option<(usize, u64)> {
        if addr == EMPTY {
            return None;
        }
        let state = self.byte(addr)?;
        match state >> 6 {
            // One transition to the node written just before this one,
            // with no output.
            0b11 => {
                let (input, len) = self.one_input(addr, state)?;
                (input == b).then_some((addr.checked_sub(len + 1)?, 0))
            }
            0b10 => {
                let (input, len) = self.one_input(addr, state)?;
                if input != b {
                    return None;
                }
                let sizes_at = addr.checked_sub(len + 1)?;
                let sizes = self.byte(sizes_at)?;
                let (tsize, osize) = (usize::from(sizes >> 4), usize::from(sizes & 0x0F));
                let trans_at = sizes_at.checked_sub(tsize)?;
                let out_at = trans_at.checked_sub(osize)?;
                let delta = self.uint(trans_at, tsize)?;
                let out = self.uint(out_at, osize)?;
                Some((target(out_at, delta)?, out))
            }
            _ => {
                let n = self.any(addr, state)?;
                let i = if n.ntrans > INDEXED {
                    let i = usize::from(self.byte(n.index_at.checked_add(usize::from(b))?)?);
                    (i < n.ntrans).then_some(i)?
                } else {
                    let inputs = self.data.get(n.inputs_at..n.inputs_at + n.ntrans)?;
                    let p = inputs.iter().position(|&x| x == b)?;
                    n.ntrans - 1 - p
                };
                let trans_at = n.inputs_at.checked_sub((i + 1) * n.tsize)?;
                let delta = self.uint(trans_at, n.tsize)?;
                let out = match n.osize {
                    0 => 0,
                    o => self.uint(n.outputs_at.checked_sub((i + 1) * o)?, o)?,
                };
                Some((target(n.end, delta)?, out))
            }
        }
    }

    /// The address of the root node: the eight bytes before the checksum
    /// that ends a format-3 fst.
    pub fn root(&self) -> Option<usize> {
        let end = self.data.len().checked_sub(4)?;
        let root = self.uint(end.checked_sub(8)?, 8)?;
        usize::try_from(root).ok()
    }

    /// The final output of the node at `addr` if it is final.
    #[inline]
    pub fn final_output(&self, addr: usize) -> Option<u64> {
        if addr == EMPTY {
            return Some(0);
        }
        let state = self.byte(addr)?;
        // One-transition nodes are never final.
        if state >> 6 >= 0b10 || state & 0x40 == 0 {
            return None;
        }
        let n = self.any(addr, state)?;
        match n.osize {
            0 => Some(0),
            o => self.uint(n.outputs_at.checked_sub((n.ntrans + 1) * o)?, o),
        }
    }

    /// Where the parts of the many-transition node at `addr` lie.
    #[inline]
    fn any(&self, addr: usize, state: u8) -> Option<AnyNode> {
        let (ntrans, ntrans_len) = match state & 0x3F {
            0 => match self.byte(addr.checked_sub(1)?)? {
                // One transition is always written in the state byte, so 1
                // here stands for 256.
                1 => (256, 1),
                n => (usize::from(n), 1),
            },
            n => (usize::from(n), 0),
        };
        let sizes_at = addr.checked_sub(ntrans_len + 1)?;
        let sizes = self.byte(sizes_at)?;
        let (tsize, osize) = (usize::from(sizes >> 4), usize::from(sizes & 0x0F));
        let index_len = if ntrans > INDEXED { 256 } else { 0 };
        let index_at = sizes_at.checked_sub(index_len)?;
        let inputs_at = index_at.checked_sub(ntrans)?;
        let outputs_at = inputs_at.checked_sub(ntrans * tsize)?;
        let final_len = if state & 0x40 != 0 { osize } else { 0 };
        let end = outputs_at.checked_sub(ntrans * osize + final_len)?;
        Some(AnyNode {
            ntrans,
            tsize,
            osize,
            index_at,
            inputs_at,
            outputs_at,
            end,
        })
    }
}

/// The layout of a many-transition node: its transitions' index (when it
/// has one), input bytes, addresses and outputs, in that order downwards
/// from the state byte, each list written last transition first.
struct AnyNode {
    ntrans: usize,
    tsize: usize,
    osize: usize,
    index_at: usize,
    inputs_at: usize,
    outputs_at: usize,
    /// The node's lowest byte, from which transitions count back.
    end: usize,
}

/// The address a transition's packed `delta` names from a node ending at
/// `end`: 0 stands for the final node without transitions.
fn target(end: usize, delta: u64) -> Option<usize> {
    match usize::try_from(delta).ok()? {
        0 => Some(EMPTY),
        d => end.checked_sub(d),
    }
}

/// The bytes `fst` writes in a one-transition node's state byte as an
/// index (1 to 63) instead of writing the byte itself: read back once per
/// process from an fst whose root has every byte as input, each leading to
/// a node with the same byte as its one transition, so this table follows
/// the `fst` crate rather than copying its constants.
fn common_inputs() -> &'static [u8; 64] {
    static COMMON: OnceLock<[u8; 64]> = OnceLock::new();
    COMMON.get_or_init(|| {
        let mut builder = fst::raw::Builder::memory();
        for b in 0..=u8::MAX {
            builder.insert([b, b], 0).expect("keys in order");
        }
        let bytes = builder.into_inner().expect("writing to memory cannot fail");
        let fst = fst::raw::Fst::new(bytes).expect("just built");
        let mut table = [0u8; 64];
        for t in fst.root().transitions() {
            let index = fst.as_bytes()[t.addr] & 0x3F;
            if index != 0 {
                table[usize::from(index - 1)] = t.inp;
            }
        }
        table
    })
}

impl Nodes<'_> {
    /// Calls `each` with the length, in characters, of every key `chars`
    /// begins with: a walk from the root, one step per byte of the longest
    /// key prefix.
    pub fn prefixes(&self, chars: &[char], each: &mut dyn FnMut(usize)) {
        if let Some(root) = self.root() {
            self.prefixes_from(root, chars, each);
        }
    }

    /// [`Nodes::prefixes`] from the node at `addr`: the lengths of the keys
    /// that go on from there with the first characters of `chars`.
    pub fn prefixes_from(&self, mut addr: usize, chars: &[char], each: &mut dyn FnMut(usize)) {
        let mut buf = [0u8; 4];
        for (i, c) in chars.iter().enumerate() {
            for &b in c.encode_utf8(&mut buf).as_bytes() {
                match self.step(addr, b) {
                    Some((next, _)) => addr = next,
                    None => return,
                }
            }
            if self.final_output(addr).is_some() {
                each(i + 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Nodes, FST_VERSION};

    /// Every transition and final output of `fst`, read both ways.
    fn agree(fst: &fst::raw::Fst<Vec<u8>>) {
        let nodes = Nodes::new(fst.as_bytes()).unwrap();
        let mut stack = vec![fst.root().addr()];
        let mut seen = std::collections::HashSet::new();
        while let Some(addr) = stack.pop() {
            if !seen.insert(addr) {
                continue;
            }
            let node = fst.node(addr);
            let want_final = node.is_final().then(|| node.final_output().value());
            assert_eq!(nodes.final_output(addr), want_final, "final at {addr}");
            let mut inputs = [false; 256];
            for t in node.transitions() {
                inputs[usize::from(t.inp)] = true;
                assert_eq!(
                    nodes.step(addr, t.inp),
                    Some((t.addr, t.out.value())),
                    "{addr} by {}",
                    t.inp
                );
                stack.push(t.addr);
            }
            for b in (0..=u8::MAX).filter(|&b| !inputs[usize::from(b)]) {
                assert_eq!(nodes.step(addr, b), None, "{addr} by {b}");
            }
        }
    }

    fn map(keys: impl IntoIterator<Item = (Vec<u8>, u64)>) -> fst::raw::Fst<Vec<u8>> {
        let mut keys: Vec<_> = keys.into_iter().collect();
        keys.sort();
        keys.dedup_by(|a, b| a.0 == b.0);
        fst::raw::Fst::new(fst::Map::from_iter(keys).unwrap().into_fst().into_inner()).unwrap()
    }

    #[test]
    fn every_node_kind_reads_as_fst_reads_it() {
        // One-transition nodes with common and uncommon inputs, with and
        // without outputs; many-transition nodes below and above the
        // indexed size, final or not; all 256 inputs from one node.
        let mut keys: Vec<(Vec<u8>, u64)> = Vec::new();
        for b in 0..=u8::MAX {
            keys.push((vec![b], u64::from(b) * 1_000_003));
            keys.push((vec![b'x', b, b'y'], u64::from(b)));
        }
        for (i, w) in [
            "a",
            "ab",
            "abc",
            "abd",
            "tagger",
            "taggers",
            "集体自卫权",
            "集体",
        ]
        .iter()
        .enumerate()
        {
            keys.push((w.as_bytes().to_vec(), i as u64 + (1 << 40)));
        }
        for n in 0..40u64 {
            keys.push((format!("m{n:02}").into_bytes(), n));
            keys.push((format!("q{}", n % 5).into_bytes(), 0));
        }
        agree(&map(keys));
    }

    #[test]
    fn a_compiled_glossary_reads_as_fst_reads_it() {
        let tagger = crate::Tagger::bundled();
        let fst = crate::format::Layout::parse(tagger.as_bytes())
            .map(|l| tagger.as_bytes()[l.fst].to_vec())
            .unwrap();
        agree(&fst::raw::Fst::new(fst).unwrap());
    }

    #[test]
    fn prefixes_answer_as_fst_does() {
        let fst = map((0..300u64).map(|n| (format!("k{n}").into_bytes(), n)));
        let nodes = Nodes::new(fst.as_bytes()).unwrap();
        assert_eq!(nodes.root(), Some(fst.root().addr()));
        for probe in ["k0", "k1", "k29", "k299", "k300", "k", "", "x1", "k2990"] {
            let mut found = Vec::new();
            let chars: Vec<char> = probe.chars().collect();
            nodes.prefixes(&chars, &mut |len| found.push(len));
            let want: Vec<usize> = (1..=probe.len())
                .filter(|&n| fst.contains_key(&probe[..n]))
                .collect();
            assert_eq!(found, want, "{probe}");
        }
    }

    #[test]
    fn damaged_nodes_step_nowhere_without_panicking() {
        let fst = map((0..200u64).map(|n| (format!("k{n}").into_bytes(), n)));
        let mut bytes = fst.as_bytes().to_vec();
        let len = bytes.len();
        let mut walked = 0;
        for at in 0..len {
            for flip in [0x01, 0x40, 0x80, 0xFF] {
                bytes[at] ^= flip;
                if fst::raw::Fst::new(&bytes[..]).is_ok() {
                    if let Some(nodes) = Nodes::new(&bytes) {
                        walked += 1;
                        for addr in (0..len).step_by(7) {
                            for b in [b'k', b'1', 0, 255] {
                                let _ = nodes.step(addr, b);
                            }
                            let _ = nodes.final_output(addr);
                        }
                        nodes.prefixes(&['k', '1', '2'], &mut |_| {});
                    }
                }
                bytes[at] ^= flip;
            }
        }
        // Most damage passes fst's own checks: the walks above must have
        // run on damaged nodes, not been skipped.
        assert!(walked > len, "only {walked} damaged fsts were walked");
    }

    #[test]
    fn the_fst_crate_writes_the_format_this_reader_knows() {
        assert_eq!(fst::raw::VERSION, FST_VERSION);
        let fst = map([(b"k".to_vec(), 1)]);
        assert!(Nodes::new(fst.as_bytes()).is_some());
        let mut other = fst.as_bytes().to_vec();
        other[0] = 2;
        assert!(Nodes::new(&other).is_none(), "version 2 is refused");
    }
}
