//! The seeded generator behind every random draw plotmill makes
//! (bootstrap bands and error bars, strip plot jitter): fixed by its seed, so the same data and options
//! draw the same chart.

/// SplitMix64: a small, fast generator whose stream is fixed by its seed.
#[derive(Debug)]
pub(crate) struct SplitMix(pub(crate) u64);

impl SplitMix {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A uniform integer below `n` (Lemire's multiply-and-reject).
    #[cfg(test)]
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.below_with(Below::new(n))
    }

    /// [`SplitMix::below`] with its rejection threshold found once (a
    /// 64-bit division) for many draws: the same draws.
    #[inline]
    pub(crate) fn below_with(&mut self, b: Below) -> u64 {
        loop {
            let m = u128::from(self.next()) * u128::from(b.n);
            if (m as u64) >= b.threshold {
                return (m >> 64) as u64;
            }
        }
    }
}

/// A bound for [`SplitMix::below_with`]: `n` and the least low word a draw
/// keeps (`2^64 mod n`), so that every integer below `n` is equally likely.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Below {
    n: u64,
    threshold: u64,
}

impl Below {
    /// The bound for integers below `n` (at least 1).
    pub(crate) fn new(n: u64) -> Below {
        Below {
            n,
            threshold: n.wrapping_neg() % n,
        }
    }
}

/// Uniform draws from a seeded stream: the same seed, the same draws (a
/// strip plot's jitter).
#[derive(Debug)]
pub struct Uniform(SplitMix);

impl Uniform {
    /// The stream started at `seed`.
    pub fn new(seed: u64) -> Uniform {
        Uniform(SplitMix(seed))
    }

    /// A number in [`lo`, `hi`): 53 random bits scaled.
    pub fn between(&mut self, lo: f64, hi: f64) -> f64 {
        let unit = (self.0.next() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
        lo + (hi - lo) * unit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_draws_are_seeded_and_in_range() {
        let draw = |seed| {
            let mut u = Uniform::new(seed);
            (0..1000)
                .map(|_| u.between(-0.1, 0.1))
                .collect::<Vec<f64>>()
        };
        let a = draw(0);
        assert_eq!(a, draw(0));
        assert_ne!(a, draw(1));
        assert!(a.iter().all(|v| (-0.1..0.1).contains(v)));
        let mean = a.iter().sum::<f64>() / a.len() as f64;
        assert!(mean.abs() < 0.01, "{mean}");
    }
}
