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

/// What a glyph mask depends on: font, glyph, size in 1/64 pixels, and
/// the pen's sub-pixel offset in quarter pixels.
pub type MaskKey = (u32, u16, u32, u8, u8);

/// Glyph masks, at most `capacity` of them; the oldest goes first.
#[derive(Debug)]
pub struct MaskCache {
    capacity: usize,
    map: HashMap<MaskKey, Arc<GlyphMask>>,
    order: VecDeque<MaskKey>,
}

impl MaskCache {
    /// An empty cache for at most `capacity` masks (at least one).
    pub fn new(capacity: usize) -> Self {
        MaskCache {
            capacity: capacity.max(1),
            map: HashMap::new(),
            order: VecDeque::new(),
        }
    }

    /// The mask for `key`, made by `make` if it is not cached.
    pub fn get_or_insert(
        &mut self,
        key: MaskKey,
        make: impl FnOnce() -> GlyphMask,
    ) -> Arc<GlyphMask> {
        if let Some(m) = self.map.get(&key) {
            return Arc::clone(m);
        }
        if self.map.len() == self.capacity
            && let Some(oldest) = self.order.pop_front()
        {
            self.map.remove(&oldest);
        }
        let mask = Arc::new(make());
        self.map.insert(key, Arc::clone(&mask));
        self.order.push_back(key);
        mask
    }

    /// How many masks are cached, and at most.
    pub fn usage(&self) -> (usize, usize) {
        (self.map.len(), self.capacity)
    }
}

#[cfg(test)]
mod mask_tests {
    use super::*;

    #[test]
    fn never_holds_more_than_its_capacity() {
        let mut cache = MaskCache::new(8);
        for g in 0..100u16 {
            cache.get_or_insert((0, g, 640, 0, 0), GlyphMask::default);
        }
        assert_eq!(cache.usage(), (8, 8));
    }
}
