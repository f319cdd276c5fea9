//! How the blind index stores which tips hold a gram: tips are grouped in
//! blocks of [`BLOCK_TIPS`] consecutive ids, and one row per gram and block
//! holds the set of its tips' offsets in that block. A row per posting
//! cost about 40 bytes of table and index per tip and gram (5 GB at a
//! million tips); a block's set costs at most 2 bytes per tip, and an
//! eighth of a byte where a gram is common.
//!
//! A set is stored as its sorted offsets, 2 bytes each, while it has fewer
//! than [`LIST_LIMIT`] members, and as a bitmap of the whole block (512
//! bytes) from then on; the length tells which.

/// Tips per block.
pub const BLOCK_TIPS: i64 = 4_096;
const WORDS: usize = BLOCK_TIPS as usize / 64;
const BITMAP_BYTES: usize = BLOCK_TIPS as usize / 8;
/// A set this large is stored as a bitmap: as a list it would be as long.
const LIST_LIMIT: usize = BITMAP_BYTES / 2;

/// The block of tip `id` and the tip's offset in it. Ids start at 1.
pub fn block_of(id: i64) -> (i64, u16) {
    let offset = u16::try_from(id.rem_euclid(BLOCK_TIPS)).expect("an offset is below 4096");
    (id.div_euclid(BLOCK_TIPS), offset)
}

/// The id of the tip at `offset` in `block`.
pub fn tip_at(block: i64, offset: u16) -> i64 {
    block * BLOCK_TIPS + i64::from(offset)
}

/// The tips of one block that hold a gram, by their offsets.
#[derive(Clone, PartialEq, Eq)]
pub struct BlockSet {
    bits: [u64; WORDS],
}

/// Stored bytes that no [`BlockSet::encode`] wrote.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("stored block set of {0} bytes is malformed")]
pub struct MalformedBlockSet(pub usize);

impl BlockSet {
    pub fn empty() -> BlockSet {
        BlockSet { bits: [0; WORDS] }
    }

    pub fn insert(&mut self, offset: u16) {
        let offset = usize::from(offset) % BLOCK_TIPS as usize;
        self.bits[offset / 64] |= 1 << (offset % 64);
    }

    pub fn remove(&mut self, offset: u16) {
        let offset = usize::from(offset) % BLOCK_TIPS as usize;
        self.bits[offset / 64] &= !(1 << (offset % 64));
    }

    pub fn contains(&self, offset: u16) -> bool {
        let offset = usize::from(offset);
        offset < BLOCK_TIPS as usize && self.bits[offset / 64] & (1 << (offset % 64)) != 0
    }

    pub fn len(&self) -> usize {
        self.bits
            .iter()
            .map(|word| word.count_ones() as usize)
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|word| *word == 0)
    }

    /// Keeps only the members `other` has too.
    pub fn intersect(&mut self, other: &BlockSet) {
        for (word, theirs) in self.bits.iter_mut().zip(other.bits.iter()) {
            *word &= theirs;
        }
    }

    /// The offsets, ascending.
    pub fn offsets(&self) -> impl Iterator<Item = u16> + '_ {
        self.bits.iter().enumerate().flat_map(|(i, word)| {
            (0..64)
                .filter(move |bit| word & (1 << bit) != 0)
                .map(move |bit| u16::try_from(i * 64 + bit).expect("below 4096"))
        })
    }

    /// The stored form: sorted big-endian offsets, or the bitmap.
    pub fn encode(&self) -> Vec<u8> {
        if self.len() < LIST_LIMIT {
            return self.offsets().flat_map(u16::to_be_bytes).collect();
        }
        self.bits
            .iter()
            .flat_map(|word| word.to_le_bytes())
            .collect()
    }

    pub fn decode(stored: &[u8]) -> Result<BlockSet, MalformedBlockSet> {
        let malformed = MalformedBlockSet(stored.len());
        let mut set = BlockSet::empty();
        if stored.len() == BITMAP_BYTES {
            for (word, bytes) in set.bits.iter_mut().zip(stored.chunks_exact(8)) {
                *word = u64::from_le_bytes(bytes.try_into().expect("chunks of 8"));
            }
            return Ok(set);
        }
        if !stored.len().is_multiple_of(2) || stored.len() / 2 >= LIST_LIMIT {
            return Err(malformed);
        }
        for pair in stored.chunks_exact(2) {
            let offset = u16::from_be_bytes([pair[0], pair[1]]);
            if i64::from(offset) >= BLOCK_TIPS {
                return Err(malformed);
            }
            set.insert(offset);
        }
        Ok(set)
    }
}

impl std::fmt::Debug for BlockSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BlockSet({} tips)", self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set_of(offsets: impl IntoIterator<Item = u16>) -> BlockSet {
        let mut set = BlockSet::empty();
        for offset in offsets {
            set.insert(offset);
        }
        set
    }

    #[test]
    fn ids_map_to_blocks_and_back() {
        for id in [1, 4_095, 4_096, 4_097, 1_000_000, i64::from(i32::MAX)] {
            let (block, offset) = block_of(id);
            assert_eq!(tip_at(block, offset), id);
        }
        assert_eq!(block_of(4_095), (0, 4_095));
        assert_eq!(block_of(4_096), (1, 0));
    }

    #[test]
    fn a_small_set_is_stored_as_its_offsets() {
        let set = set_of([4_095, 0, 17]);
        assert_eq!(set.encode(), vec![0, 0, 0, 17, 0x0f, 0xff]);
        assert_eq!(BlockSet::decode(&set.encode()), Ok(set));
        assert_eq!(BlockSet::decode(&[]), Ok(BlockSet::empty()));
    }

    #[test]
    fn a_large_set_is_stored_as_a_bitmap_from_the_size_where_a_list_is_as_long() {
        let below = set_of(0..255);
        assert_eq!(below.encode().len(), 510);
        let at = set_of(0..256);
        assert_eq!(at.encode().len(), 512);
        assert_eq!(BlockSet::decode(&at.encode()), Ok(at));
        let full = set_of(0..4_096);
        assert_eq!(full.len(), 4_096);
        assert_eq!(BlockSet::decode(&full.encode()), Ok(full));
    }

    #[test]
    fn sets_intersect_and_lose_members() {
        let mut set = set_of([1, 2, 3, 4_000]);
        set.intersect(&set_of([2, 4_000, 9]));
        assert_eq!(set.offsets().collect::<Vec<_>>(), vec![2, 4_000]);
        set.remove(2);
        assert!(!set.contains(2) && set.contains(4_000));
        set.remove(4_000);
        assert!(set.is_empty());
        assert_eq!(set.encode(), Vec::<u8>::new());
    }

    #[test]
    fn malformed_stored_sets_are_refused() {
        // An odd length, a list as long as a bitmap would be, an offset
        // past the block.
        assert_eq!(BlockSet::decode(&[1]), Err(MalformedBlockSet(1)));
        assert_eq!(BlockSet::decode(&[0; 600]), Err(MalformedBlockSet(600)));
        assert_eq!(BlockSet::decode(&[0x10, 0x00]), Err(MalformedBlockSet(2)));
    }
}
