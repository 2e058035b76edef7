//! A bounded cache of glyph outlines.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use crate::Outline;

/// Outlines by (font, glyph), holding at most `capacity` of them; the oldest
/// entry goes when a new one would exceed it.
#[derive(Debug)]
pub struct GlyphCache {
    capacity: usize,
    map: HashMap<(u32, u16), Arc<Outline>>,
    order: VecDeque<(u32, u16)>,
}

impl GlyphCache {
    /// An empty cache for at most `capacity` outlines (at least one).
    pub fn new(capacity: usize) -> Self {
        GlyphCache {
            capacity: capacity.max(1),
            map: HashMap::new(),
            order: VecDeque::new(),
        }
    }

    /// The outline for `key`, made by `make` if it is not cached.
    pub fn get_or_insert(
        &mut self,
        key: (u32, u16),
        make: impl FnOnce() -> Outline,
    ) -> Arc<Outline> {
        if let Some(o) = self.map.get(&key) {
            return Arc::clone(o);
        }
        if self.map.len() == self.capacity
            && let Some(oldest) = self.order.pop_front()
        {
            self.map.remove(&oldest);
        }
        let outline = Arc::new(make());
        self.map.insert(key, Arc::clone(&outline));
        self.order.push_back(key);
        outline
    }

    /// How many outlines are cached.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The most outlines it holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_holds_more_than_its_capacity() {
        let mut cache = GlyphCache::new(16);
        for g in 0..1000u16 {
            cache.get_or_insert((0, g), Outline::default);
            assert!(cache.len() <= 16);
        }
        assert_eq!(cache.len(), 16);
        // The newest are kept.
        let mut made = false;
        cache.get_or_insert((0, 999), || {
            made = true;
            Outline::default()
        });
        assert!(!made);
    }
}
