//! Splitting a manifest among machines by a stable hash of each job's key.

use std::fmt;
use std::str::FromStr;

use plotmill_engine::hash;

/// Shard `index` of `count`: the jobs whose key hashes to `index` modulo
/// `count` (FNV-1a 64 of the key's UTF-8 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// From 0 to count − 1.
    pub index: u64,
    /// How many shards.
    pub count: u64,
}

impl Shard {
    /// Whether the job with `key` belongs to this shard.
    pub fn contains(&self, key: &str) -> bool {
        hash(key.as_bytes()) % self.count == self.index
    }

    /// A suffix for this shard's own files in a shared output folder.
    pub fn suffix(&self) -> String {
        format!("-shard-{}-of-{}", self.index, self.count)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let err = || {
            format!("'{s}' is not a shard; give INDEX/COUNT with 0 <= INDEX < COUNT, such as 3/64")
        };
        let (i, n) = s.split_once('/').ok_or_else(err)?;
        let (index, count): (u64, u64) = (
            i.trim().parse().map_err(|_| err())?,
            n.trim().parse().map_err(|_| err())?,
        );
        if count == 0 || index >= count {
            return Err(err());
        }
        Ok(Shard { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_fnv1a() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(hash(b""), 0xcbf29ce484222325);
        assert_eq!(hash(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(hash(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn shards_cover_every_key_once() {
        let shards: Vec<Shard> = (0..7).map(|i| Shard { index: i, count: 7 }).collect();
        let mut sizes = [0; 7];
        for k in 0..7000 {
            let key = format!("job-{k}");
            let hits: Vec<usize> = (0..7).filter(|&i| shards[i].contains(&key)).collect();
            assert_eq!(hits.len(), 1);
            sizes[hits[0]] += 1;
        }
        assert!(sizes.iter().all(|&n| n > 850), "{sizes:?}");
    }

    #[test]
    fn parses() {
        assert_eq!(
            "3/64".parse(),
            Ok(Shard {
                index: 3,
                count: 64
            })
        );
        assert!("64/64".parse::<Shard>().is_err());
        assert!("1/0".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
    }
}
