//! Bounded caches: glyph outlines and rasterised glyphs.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::sync::Arc;

use crate::Outline;

/// A cache holding at most `capacity` values; when full, the oldest entry
/// goes to make room (first in, first out: the glyphs of a chart are few and
/// reused, so recency tracking buys nothing).
#[derive(Debug)]
pub struct BoundedCache<K, V> {
    capacity: usize,
    map: HashMap<K, Arc<V>>,
    order: VecDeque<K>,
}

/// Glyph outlines by (font, glyph).
pub type GlyphCache = BoundedCache<(u32, u16), Outline>;

/// What a glyph mask depends on: font, glyph, size in 1/64 pixels per em,
/// the pen's offset within its pixel in 1/64 pixels (x, y), and the text's
/// angle in quarter turns counter-clockwise (0 to 3).
pub type MaskKey = (u32, u16, u32, u8, u8, u8);

/// Rasterised glyphs by [`MaskKey`].
pub type MaskCache = BoundedCache<MaskKey, GlyphMask>;

impl<K: Hash + Eq + Copy, V> BoundedCache<K, V> {
    /// An empty cache for at most `capacity` values (at least one).
    pub fn new(capacity: usize) -> Self {
        BoundedCache {
            capacity: capacity.max(1),
            map: HashMap::new(),
            order: VecDeque::new(),
        }
    }

    /// The value for `key`, if it is cached.
    pub fn get(&self, key: &K) -> Option<Arc<V>> {
        self.map.get(key).cloned()
    }

    /// The value for `key`, made by `make` if it is not cached.
    pub fn get_or_insert(&mut self, key: K, make: impl FnOnce() -> V) -> Arc<V> {
        if let Some(v) = self.map.get(&key) {
            return Arc::clone(v);
        }
        if self.map.len() == self.capacity
            && let Some(oldest) = self.order.pop_front()
        {
            self.map.remove(&oldest);
        }
        let value = Arc::new(make());
        self.map.insert(key, Arc::clone(&value));
        self.order.push_back(key);
        value
    }

    /// How many values are cached.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The most values it holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }
}

/// A glyph rasterised to coverage values, placed relative to the pen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GlyphMask {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Pixels from the pen position to the mask's left edge.
    pub left: i32,
    /// Pixels from the pen position to the mask's top edge.
    pub top: i32,
    /// Coverage, 0..=255, row by row.
    pub alpha: Vec<u8>,
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
        let mut masks = MaskCache::new(8);
        for g in 0..100u16 {
            masks.get_or_insert((0, g, 640, 0, 0, 0), GlyphMask::default);
        }
        assert_eq!((masks.len(), masks.capacity()), (8, 8));
    }
}
