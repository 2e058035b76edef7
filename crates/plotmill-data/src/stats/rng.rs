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
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        let threshold = n.wrapping_neg() % n;
        loop {
            let m = u128::from(self.next()) * u128::from(n);
            if (m as u64) >= threshold {
                return (m >> 64) as u64;
            }
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
