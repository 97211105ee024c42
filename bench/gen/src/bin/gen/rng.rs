//! A small deterministic generator (SplitMix64). Every random choice of the
//! course comes from one of these, seeded from the run's seed and the place
//! being generated, so a page's text does not depend on the order of work.

pub struct Rng(u64);

impl Rng {
    /// A generator for one place: the seed mixed with a path of numbers
    /// (page number, language, purpose…).
    pub fn derive(seed: u64, path: &[u64]) -> Rng {
        let mut rng = Rng(seed);
        for &part in path {
            let mixed = rng.next_u64() ^ part.wrapping_mul(0xA24B_AED4_963E_E407);
            rng = Rng(mixed);
        }
        rng
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        // Multiply-high: unbiased enough for text, and no division.
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_numbers() {
        let a: Vec<u64> = (0..5)
            .map({
                let mut r = Rng::derive(7, &[1, 2]);
                move |_| r.next_u64()
            })
            .collect();
        let mut r = Rng::derive(7, &[1, 2]);
        let b: Vec<u64> = (0..5).map(|_| r.next_u64()).collect();
        assert_eq!(a, b);
        let mut other = Rng::derive(7, &[2, 1]);
        assert_ne!(a[0], other.next_u64());
    }

    #[test]
    fn ranges_stay_in_bounds() {
        let mut r = Rng::derive(1, &[]);
        for _ in 0..10_000 {
            let x = r.between(10, 20);
            assert!((10..=20).contains(&x));
        }
    }
}
