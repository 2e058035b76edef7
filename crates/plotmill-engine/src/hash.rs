//! A stable hash: the same value on every machine and in every version.

/// 64-bit FNV-1a: small, fast on short keys, and fixed forever, so every
/// machine and every plotmill version assign a key to the same shard.
pub fn hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}
