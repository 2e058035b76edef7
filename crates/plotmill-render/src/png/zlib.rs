//! A zlib stream for filtered PNG rows that are mostly zeros.
//!
//! A chart's rows, filtered with Up or Sub, are ninety-odd per cent zero
//! bytes: the background, the insides of cells, every row that repeats the
//! one above. A general compressor reads each of them. Here the filter tells
//! [`ZlibStream`] "n zeros" without writing them, so the cost follows the
//! bytes that are not zero, and the Adler-32 of a run of zeros is one
//! multiply-add.
//!
//! The stream is one deflate block with a code fixed for all images
//! ([`fixed_code`]): literals, and runs of zeros as matches at distance 1
//! after one literal zero (which the match repeats). Symbols are written as
//! they come, in a single pass. (Codes built per image from its own counts
//! made files 5-27% smaller but needed a second pass over the literals:
//! a heatmap took 15% longer.)

/// Adler-32's modulus.
const MOD: u64 = 65_521;
/// Literals summed between reductions of the checksum, which keeps `a`
/// below 2^21 (zlib's figure; with u64 sums any bound that small would do).
const NMAX: u32 = 5_552;
/// `b` is reduced when it passes this, long before it could overflow.
const B_LIMIT: u64 = 1 << 62;

/// One fixed code for every image, chosen for filtered chart rows: short
/// codes for zero and small differences either way, long runs of zeros
/// cheap. Built once.
struct FixedCode {
    literal: Writes,
    matches: Writes,
    end: (u32, u32),
    /// The block header (after the zlib header): whole bytes, then the
    /// bits left over and how many.
    header: Vec<u8>,
    tail: (u64, u32),
}

fn fixed_code() -> &'static FixedCode {
    static CODE: std::sync::OnceLock<FixedCode> = std::sync::OnceLock::new();
    CODE.get_or_init(|| {
        // A model of filtered chart rows: a difference of d either way is
        // about 1/(1+d) as common as a zero inside a changed pixel, and
        // most runs are long. Of the models tried against the symbol counts
        // of the seed's and the demo's charts (dpi 100 and 10), this one
        // gave the smallest files: heatmaps within 6% of each image's own
        // best code, scatter matrices within 40%.
        let mut freq = [0u32; 286];
        for (v, f) in freq[..256].iter_mut().enumerate() {
            let d = v.min(256 - v) as u32;
            *f = 4096 / (1 + d) + 1;
        }
        freq[0] = 8192;
        freq[256] = 1;
        for f in &mut freq[257..285] {
            *f = 150;
        }
        freq[285] = 2_000;
        let mut lit_len = [0u8; 286];
        code_lengths(&freq, 15, &mut lit_len);
        let lit = codes(&lit_len);
        let dist_len = [1u8, 1];
        let dist = codes(&dist_len);
        let (literal, matches) = code_tables(&lit, dist[0]);
        let mut header = Vec::new();
        let mut w = BitWriter::new(&mut header);
        w.put(0b101, 3);
        self::header(&mut w, &lit_len, &dist_len);
        let tail = (w.acc, w.n);
        let whole = w.len;
        header.truncate(whole);
        FixedCode {
            literal,
            matches,
            end: (u32::from(lit[256].bits), u32::from(lit[256].len)),
            header,
            tail,
        }
    })
}

/// A zlib stream written as the bytes come, with [`fixed_code`].
pub(super) struct ZlibStream<'a> {
    w: BitWriter<'a>,
    code: &'static FixedCode,
    run: usize,
    a: u64,
    b: u64,
    pending: u32,
}

impl<'a> ZlibStream<'a> {
    /// Starts the stream at the end of `out`.
    pub(super) fn new(out: &'a mut Vec<u8>) -> Self {
        let code = fixed_code();
        out.extend_from_slice(&[0x78, 0x01]);
        out.extend_from_slice(&code.header);
        ZlibStream {
            w: BitWriter {
                acc: code.tail.0,
                n: code.tail.1,
                ..BitWriter::new(out)
            },
            code,
            run: 0,
            a: 1,
            b: 0,
            pending: 0,
        }
    }

    /// Where the stream stands, to [`ZlibStream::rewind`] to.
    pub(super) fn mark(&self) -> Mark {
        Mark {
            len: self.w.len,
            acc: self.w.acc,
            n: self.w.n,
            run: self.run,
            a: self.a,
            b: self.b,
            pending: self.pending,
        }
    }

    /// Takes back everything given since `mark`, as if it never came.
    pub(super) fn rewind(&mut self, mark: Mark) {
        self.w.len = mark.len;
        (self.w.acc, self.w.n) = (mark.acc, mark.n);
        (self.run, self.a, self.b, self.pending) = (mark.run, mark.a, mark.b, mark.pending);
    }

    /// Writes the pending run of zeros, if any, before a literal.
    #[inline(always)]
    fn flush_run(&mut self) {
        // Most calls find no run (a literal right after a literal): that
        // test is made where the call is, the writing out of line.
        if self.run > 0 {
            self.write_run();
        }
    }

    /// Writes the pending run of zeros, which is not empty.
    #[inline(never)]
    fn write_run(&mut self) {
        // n zeros leave `a` as it is and add n·a to `b`; with `a` below
        // 2^21 a run below 2^32 needs no reduction first.
        let run = self.run as u64;
        let run = if run < 1 << 32 { run } else { run % MOD };
        self.b += run * self.a;
        if self.b >= B_LIMIT {
            self.b %= MOD;
        }
        // A literal zero, then matches at distance 1 (each repeats the
        // zero before it) of at most 258, then one or two literal zeros.
        let (w, code) = (&mut self.w, self.code);
        let (zero, zero_len) = code.literal[0];
        w.put(u64::from(zero), zero_len);
        let mut n = self.run - 1;
        while n > 258 {
            // Never leave one or two behind a long match when a shorter
            // one lets the rest be a match too.
            let take = if n - 258 < 3 { n - 3 } else { 258 };
            let (bits, len) = code.matches[take - 3];
            w.put(u64::from(bits), len);
            n -= take;
        }
        if n >= 3 {
            let (bits, len) = code.matches[n - 3];
            w.put(u64::from(bits), len);
        } else {
            for _ in 0..n {
                w.put(u64::from(zero), zero_len);
            }
        }
        self.run = 0;
    }

    /// Writes literals, three codes (at most 15 bits each) to a write, and
    /// adds them to the checksum.
    #[inline]
    fn literals(&mut self, xs: &[u8]) {
        let (w, codes) = (&mut self.w, &self.code.literal);
        let (mut a, mut b) = (self.a, self.b);
        let (triples, rest) = xs.as_chunks::<3>();
        for &[x, y, z] in triples {
            let (b0, n0) = codes[usize::from(x)];
            let (b1, n1) = codes[usize::from(y)];
            let (b2, n2) = codes[usize::from(z)];
            let bits = u64::from(b0) | u64::from(b1) << n0 | u64::from(b2) << (n0 + n1);
            w.put(bits, n0 + n1 + n2);
            let (x, y, z) = (u64::from(x), u64::from(y), u64::from(z));
            b += 3 * a + 3 * x + 2 * y + z;
            a += x + y + z;
        }
        for &x in rest {
            let (bits, n) = codes[usize::from(x)];
            w.put(u64::from(bits), n);
            a += u64::from(x);
            b += a;
        }
        (self.a, self.b) = (a, b);
        self.pending += xs.len() as u32;
        if self.pending >= NMAX {
            self.a %= MOD;
            self.b %= MOD;
            self.pending = 0;
        }
    }

    /// Ends the block and appends the checksum.
    pub(super) fn finish(mut self) {
        self.flush_run();
        let (bits, len) = self.code.end;
        self.w.put(u64::from(bits), len);
        self.w.flush();
        let adler = (((self.b % MOD) << 16) | (self.a % MOD)) as u32;
        self.w.out.extend_from_slice(&adler.to_be_bytes());
    }

    /// `n` zero bytes.
    #[inline]
    pub(super) fn zeros(&mut self, n: usize) {
        self.run += n;
    }

    /// One byte.
    #[inline]
    pub(super) fn byte(&mut self, x: u8) {
        if x == 0 {
            self.run += 1;
        } else {
            self.flush_run();
            self.literals(&[x]);
        }
    }

    /// Twelve bytes (the low 96 bits of `v`, first byte lowest; the rest
    /// zero). Zeros at either end join the runs beside them; zeros between
    /// non-zero bytes are literals, cheaper than runs so short.
    #[inline]
    pub(super) fn bytes12(&mut self, v: u128) {
        debug_assert!(v >> 96 == 0);
        if v == 0 {
            self.run += 12;
            return;
        }
        let low = (v.trailing_zeros() / 8) as usize;
        let high = (v.leading_zeros().saturating_sub(32) / 8) as usize;
        self.run += low;
        self.flush_run();
        let xs = (v >> (8 * low)).to_le_bytes();
        self.literals(&xs[..12 - high - low]);
        self.run = high;
    }
}

/// A place in a [`ZlibStream`]: the bytes written so far, the bits not yet
/// written out, the pending run and the checksum.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mark {
    len: usize,
    acc: u64,
    n: u32,
    run: usize,
    a: u64,
    b: u64,
    pending: u32,
}

/// Bits to write, and how many, for each of 256 cases.
type Writes = [(u32, u32); 256];

/// Each literal's code, and each match length's code, extra bits and
/// distance code as one write.
fn code_tables(lit: &[Code], dist: Code) -> (Writes, Writes) {
    let mut literal = [(0u32, 0u32); 256];
    for (l, c) in literal.iter_mut().zip(lit) {
        *l = (u32::from(c.bits), u32::from(c.len));
    }
    let mut matches = [(0u32, 0u32); 256];
    for (i, (m, &(symbol, extra_bits, base))) in matches.iter_mut().zip(&LENGTHS).enumerate() {
        let c = lit[usize::from(symbol)];
        let extra = (i as u32 + 3) - u32::from(base);
        let bits = u32::from(c.bits)
            | (extra << c.len)
            | (u32::from(dist.bits) << (u32::from(c.len) + u32::from(extra_bits)));
        *m = (
            bits,
            u32::from(c.len) + u32::from(extra_bits) + u32::from(dist.len),
        );
    }
    (literal, matches)
}

/// Deflate's length codes for match lengths 3 to 258: (symbol, extra bits,
/// the symbol's base length).
static LENGTHS: [(u16, u8, u16); 256] = length_table();

const fn length_table() -> [(u16, u8, u16); 256] {
    // Base length and extra bits of symbols 257 to 285 (RFC 1951, 3.2.5).
    const BASE: [u16; 29] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
        131, 163, 195, 227, 258,
    ];
    const EXTRA: [u8; 29] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ];
    let mut table = [(0u16, 0u8, 0u16); 256];
    let mut s = 0;
    while s < 29 {
        let end = if s + 1 < 29 { BASE[s + 1] } else { 259 };
        let mut len = BASE[s];
        while len < end {
            table[(len - 3) as usize] = (257 + s as u16, EXTRA[s], BASE[s]);
            len += 1;
        }
        s += 1;
    }
    // 258 has a symbol of its own (285), not 284 with all extra bits set.
    table[255] = (285, 0, 258);
    table
}

/// A Huffman code, its bits reversed as deflate writes them.
#[derive(Debug, Clone, Copy, Default)]
struct Code {
    bits: u16,
    len: u8,
}

/// Canonical codes for the given code lengths (RFC 1951, 3.2.2).
fn codes(lengths: &[u8]) -> Vec<Code> {
    let mut count = [0u16; 16];
    for &l in lengths {
        count[usize::from(l)] += 1;
    }
    count[0] = 0;
    let mut next = [0u16; 16];
    let mut code = 0u16;
    for bits in 1..16 {
        code = (code + count[bits - 1]) << 1;
        next[bits] = code;
    }
    lengths
        .iter()
        .map(|&len| {
            if len == 0 {
                return Code::default();
            }
            let c = next[usize::from(len)];
            next[usize::from(len)] += 1;
            Code {
                bits: c.reverse_bits() >> (16 - u32::from(len)),
                len,
            }
        })
        .collect()
}

/// Code lengths of at most `limit` bits for symbols counted in `freq`
/// (zero for symbols never used), from a Huffman tree. The code is always
/// complete, as inflaters require: at least two symbols get a code, and
/// lengths cut to `limit` are rebalanced so that they fill the code space
/// exactly.
fn code_lengths(freq: &[u32], limit: usize, lengths: &mut [u8]) {
    lengths.fill(0);
    let mut leaves: Vec<(u32, usize)> = freq
        .iter()
        .enumerate()
        .filter(|&(_, &f)| f > 0)
        .map(|(s, &f)| (f, s))
        .collect();
    // A complete code needs two symbols: unused ones stand in.
    let mut unused = freq.iter().enumerate().filter(|&(_, &f)| f == 0);
    while leaves.len() < 2 {
        match unused.next() {
            Some((s, _)) => leaves.push((1, s)),
            None => break,
        }
    }
    // Rarest first; ties by symbol, so the result is deterministic.
    leaves.sort_unstable();
    let n = leaves.len();
    if n < 2 {
        // An alphabet of one symbol (none of deflate's): one bit.
        for &(_, s) in &leaves {
            lengths[s] = 1;
        }
        return;
    }
    // Huffman's merging with two queues: the leaves in order, and the
    // merged nodes in order of creation (their weights only grow).
    let mut weight: Vec<u64> = leaves.iter().map(|&(f, _)| u64::from(f)).collect();
    let mut parent = vec![0usize; 2 * n - 1];
    let (mut leaf, mut node) = (0, n);
    for new in n..2 * n - 1 {
        let mut take = || {
            if leaf < n && (node >= new || weight[leaf] <= weight[node]) {
                leaf += 1;
                leaf - 1
            } else {
                node += 1;
                node - 1
            }
        };
        let (x, y) = (take(), take());
        weight.push(weight[x] + weight[y]);
        parent[x] = new;
        parent[y] = new;
    }
    let mut depth = vec![0usize; 2 * n - 1];
    for k in (0..2 * n - 2).rev() {
        depth[k] = depth[parent[k]] + 1;
    }
    // How many codes of each length, the deepest cut to `limit`.
    let mut count = vec![0u64; limit + 1];
    for &d in &depth[..n] {
        count[d.min(limit)] += 1;
    }
    // Cutting overfills the code space (sum of 2^(limit - length)); each
    // round takes one code off the longest length and splits a shorter
    // code in two one bit longer, which frees exactly one unit.
    let mut space: u64 = (1..=limit).map(|l| count[l] << (limit - l)).sum();
    while space > 1 << limit && count[limit] > 0 {
        count[limit] -= 1;
        if let Some(l) = (1..limit).rev().find(|&l| count[l] > 0) {
            count[l] -= 1;
            count[l + 1] += 2;
        }
        space -= 1;
    }
    // The longest codes to the rarest symbols.
    let mut next = leaves.iter();
    for l in (1..=limit).rev() {
        for _ in 0..count[l] {
            if let Some(&(_, s)) = next.next() {
                lengths[s] = l as u8;
            }
        }
    }
}

/// Writes the dynamic block's code-length tables (RFC 1951, 3.2.7).
fn header(w: &mut BitWriter<'_>, lit_len: &[u8; 286], dist_len: &[u8]) {
    const ORDER: [usize; 19] = [
        16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
    ];
    let hlit = lit_len
        .iter()
        .rposition(|&l| l > 0)
        .map_or(257, |i| (i + 1).max(257));
    let all: Vec<u8> = lit_len[..hlit].iter().chain(dist_len).copied().collect();
    // Run-length coded lengths: (symbol 0-18, its extra bits' value).
    let mut rle: Vec<(u8, u8)> = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let v = all[i];
        let run = all[i..].iter().take_while(|&&x| x == v).count();
        let mut left = run;
        if v == 0 {
            while left >= 11 {
                let take = left.min(138);
                rle.push((18, (take - 11) as u8));
                left -= take;
            }
            if left >= 3 {
                rle.push((17, (left - 3) as u8));
                left = 0;
            }
        } else {
            rle.push((v, 0));
            left -= 1;
            while left >= 3 {
                let take = left.min(6);
                rle.push((16, (take - 3) as u8));
                left -= take;
            }
        }
        rle.extend(std::iter::repeat_n((v, 0), left));
        i += run;
    }
    let mut cl_freq = [0u32; 19];
    for &(s, _) in &rle {
        cl_freq[usize::from(s)] += 1;
    }
    let mut cl_len = [0u8; 19];
    code_lengths(&cl_freq, 7, &mut cl_len);
    let cl = codes(&cl_len);
    let hclen = ORDER
        .iter()
        .rposition(|&s| cl_len[s] > 0)
        .map_or(4, |i| (i + 1).max(4));
    w.put((hlit - 257) as u64, 5);
    w.put((dist_len.len() - 1) as u64, 5);
    w.put((hclen - 4) as u64, 4);
    for &s in &ORDER[..hclen] {
        w.put(u64::from(cl_len[s]), 3);
    }
    for (s, extra) in rle {
        let c = cl[usize::from(s)];
        w.put(u64::from(c.bits), u32::from(c.len));
        match s {
            16 => w.put(u64::from(extra), 2),
            17 => w.put(u64::from(extra), 3),
            18 => w.put(u64::from(extra), 7),
            _ => {}
        }
    }
}

/// Bits, least significant first, into bytes. Every write stores a whole
/// word at the end of what is written, so that no write waits on a branch
/// that asks whether a word is full: `out` runs up to a word past `len`,
/// and what lies past `len` is overwritten by the next write or cut off at
/// [`BitWriter::flush`].
struct BitWriter<'a> {
    out: &'a mut Vec<u8>,
    /// Whole bytes written.
    len: usize,
    /// Bits not yet whole bytes (fewer than eight between writes).
    acc: u64,
    n: u32,
}

impl<'a> BitWriter<'a> {
    /// A writer appending to `out`.
    fn new(out: &'a mut Vec<u8>) -> Self {
        let len = out.len();
        BitWriter {
            out,
            len,
            acc: 0,
            n: 0,
        }
    }

    /// Appends the low `count` (at most 56) bits of `bits`; the others must
    /// be zero.
    #[inline]
    fn put(&mut self, bits: u64, count: u32) {
        debug_assert!(count <= 56 && bits >> count == 0);
        self.acc |= bits << self.n;
        self.n += count;
        if self.out.len() < self.len + 8 {
            // Room for many writes at once: rare.
            self.out.resize(self.len + 4096, 0);
        }
        self.out[self.len..self.len + 8].copy_from_slice(&self.acc.to_le_bytes());
        // At most 63 bits: at most seven whole bytes, a shift below 64.
        let whole = self.n / 8;
        self.len += whole as usize;
        self.acc >>= 8 * whole;
        self.n %= 8;
    }

    /// Writes the last bits, padded with zeros to a byte, and cuts `out`
    /// to what was written.
    fn flush(&mut self) {
        let bytes = self.n.div_ceil(8) as usize;
        self.out.truncate(self.len);
        self.out.extend_from_slice(&self.acc.to_le_bytes()[..bytes]);
        self.len += bytes;
        self.acc = 0;
        self.n = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zlib(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut t = ZlibStream::new(&mut out);
        for &x in bytes {
            t.byte(x);
        }
        t.finish();
        out
    }

    /// Inflates with two independent decoders (miniz_oxide checks the
    /// Adler-32 too) and checks both give `want`.
    fn round_trip(want: &[u8]) {
        let z = zlib(want);
        let a = miniz_oxide::inflate::decompress_to_vec_zlib(&z).expect("miniz_oxide inflates it");
        assert_eq!(a, want, "miniz_oxide");
        let b = fdeflate::decompress_to_vec(&z).expect("fdeflate inflates it");
        assert_eq!(b, want, "fdeflate");
    }

    #[test]
    fn streams_inflate_to_their_bytes() {
        round_trip(&[]);
        round_trip(&[0]);
        round_trip(&[7]);
        round_trip(&[0, 0]);
        round_trip(&[0; 3]);
        round_trip(&[0; 258]);
        round_trip(&[0; 259]);
        round_trip(&[0; 260]);
        round_trip(&[0; 261]);
        round_trip(&[0; 100_000]);
        round_trip(&[2, 0, 0, 0, 5, 0, 0, 0, 0, 255, 1, 0]);
        let every: Vec<u8> = (0..=255).collect();
        round_trip(&every);
        // Long stretches of literals (the Adler-32 reduction) then zeros.
        let mut mixed: Vec<u8> = (0..20_000u32).map(|i| (i * 7 + 1) as u8 | 1).collect();
        mixed.extend(std::iter::repeat_n(0, 70_000));
        mixed.extend((0..9_000u32).map(|i| (i % 3) as u8));
        round_trip(&mixed);
    }

    #[test]
    fn random_streams_inflate_to_their_bytes() {
        let mut state = 0x9e37_79b9_u32;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        };
        for case in 0..300 {
            let len = (next() % 5_000) as usize;
            let zero_share = next() % 100;
            let skew = next() % 8;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    if next() % 100 < zero_share {
                        0
                    } else {
                        // Few distinct values when skewed: deep, cut codes.
                        (next() >> (24 + skew)) as u8
                    }
                })
                .collect();
            let z = zlib(&bytes);
            let got = miniz_oxide::inflate::decompress_to_vec_zlib(&z)
                .unwrap_or_else(|e| panic!("case {case}: {e:?}"));
            assert_eq!(got, bytes, "case {case}");
        }
    }

    #[test]
    fn code_lengths_fill_the_code_space_within_the_limit() {
        // Fibonacci counts make the deepest Huffman trees: 40 symbols would
        // need 39 bits uncut.
        let mut fib = vec![1u32, 1];
        while fib.len() < 40 {
            let n = fib.len();
            fib.push(fib[n - 1].saturating_add(fib[n - 2]));
        }
        for (freq, limit) in [
            (fib.clone(), 15),
            (fib[..19].to_vec(), 7),
            (vec![5, 0, 0, 0], 15),
            (vec![0, 0, 0], 7),
            (vec![1; 286], 15),
            (vec![3, 1, 1, 900, 0, 2], 7),
        ] {
            let mut lengths = vec![0u8; freq.len()];
            code_lengths(&freq, limit, &mut lengths);
            let space: u64 = lengths
                .iter()
                .filter(|&&l| l > 0)
                .map(|&l| 1u64 << (limit - usize::from(l)))
                .sum();
            assert_eq!(space, 1 << limit, "{freq:?} -> {lengths:?}");
            assert!(lengths.iter().all(|&l| usize::from(l) <= limit));
            for (s, &f) in freq.iter().enumerate() {
                assert!(
                    f == 0 || lengths[s] > 0,
                    "symbol {s} is used but has no code"
                );
            }
        }
    }

    #[test]
    fn twelve_bytes_at_once_are_twelve_bytes_one_by_one() {
        let groups: [u128; 6] = [
            0x0102_0304_0506_0708_090a_0b0c,
            0x0000_0000_0000_0000_0000_0001,
            0xff00_0000_0000_0000_0000_0000,
            0x00ff_0000_00ee_0000_0000_dd00,
            0,
            0x8080_8080_8080_8080_8080_8080,
        ];
        let mut out = Vec::new();
        let mut t = ZlibStream::new(&mut out);
        let mut want = Vec::new();
        for (k, &g) in groups.iter().cycle().take(2_000).enumerate() {
            t.byte(2);
            want.push(2);
            t.bytes12(g);
            want.extend_from_slice(&g.to_le_bytes()[..12]);
            t.zeros(k % 7);
            want.extend(std::iter::repeat_n(0, k % 7));
        }
        t.finish();
        assert_eq!(
            miniz_oxide::inflate::decompress_to_vec_zlib(&out).unwrap(),
            want
        );
    }

    #[test]
    fn the_fixed_code_has_a_code_for_every_symbol() {
        let code = fixed_code();
        assert!(code.literal.iter().all(|&(_, len)| (1..=15).contains(&len)));
        assert!(code.matches.iter().all(|&(_, len)| len > 0));
        // Differences near zero are cheaper than far ones.
        assert!(code.literal[0].1 <= code.literal[1].1);
        assert!(code.literal[1].1 < code.literal[128].1);
        assert_eq!(code.literal[1].1, code.literal[255].1);
    }

    #[test]
    fn a_rewound_stream_is_the_stream_without_what_came_after_the_mark() {
        let bytes: Vec<u8> = (0..9_000u32)
            .map(|i| if i % 5 < 2 { 0 } else { (i % 251) as u8 })
            .collect();
        let mut out = Vec::new();
        let mut t = ZlibStream::new(&mut out);
        for &x in &bytes[..3_000] {
            t.byte(x);
        }
        let mark = t.mark();
        for &x in &bytes[3_000..] {
            t.byte(x);
        }
        t.bytes12(0x0102_0300_0000_0405_0000_0600);
        t.zeros(40);
        t.rewind(mark);
        for &x in &bytes[3_000..] {
            t.byte(x);
        }
        t.finish();
        assert_eq!(out, zlib(&bytes));
    }

    #[test]
    fn runs_of_zeros_cost_nothing_to_read() {
        // A million zeros: a few hundred bytes, and the same stream whether
        // given byte by byte or as one run.
        let mut out = Vec::new();
        let mut t = ZlibStream::new(&mut out);
        t.byte(2);
        t.zeros(1_000_000);
        t.byte(9);
        t.finish();
        let mut want = vec![2u8];
        want.extend(std::iter::repeat_n(0, 1_000_000));
        want.push(9);
        assert_eq!(out, zlib(&want));
        assert!(out.len() < 12_000, "{} bytes", out.len());
        round_trip(&want);
    }
}
