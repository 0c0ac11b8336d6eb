//! Flate compression, and a process-wide cache of what repeats across the
//! documents of a batch (a site's logo in every one of its fifteen PDFs):
//! compressed the first time, copied after.

use std::cell::RefCell;

use flate2::{Compress, Compression, FlushCompress, Status};
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// zlib-wrapped Deflate, as PDF's FlateDecode expects, at zlib's default
/// level (6): for images, compressed once per process and cached. One encoder per thread, reset between streams: a new one
/// allocates its window and tables (a quarter of a megabyte,
/// over-aligned), and doing that for every stream of a batch fragmented
/// the heap into hundreds of megabytes.
pub fn deflate(bytes: &[u8]) -> Vec<u8> {
    thread_local! {
        static ENCODER: RefCell<Compress> = RefCell::new(Compress::new(Compression::default(), true));
    }
    ENCODER.with(|e| run(&mut e.borrow_mut(), bytes))
}

/// As [`deflate`], at level 4: for what is compressed for every document
/// (content streams, the object and cross-reference streams, font subsets,
/// which differ with the words). On a
/// handout's content, zlib-rs at 4 took 0.41 ms and gave 9,987 bytes;
/// at 6, 0.57 ms and 9,671 bytes.
pub fn deflate_fast(bytes: &[u8]) -> Vec<u8> {
    thread_local! {
        static ENCODER: RefCell<Compress> = RefCell::new(Compress::new(Compression::new(4), true));
    }
    ENCODER.with(|e| run(&mut e.borrow_mut(), bytes))
}

fn run(c: &mut Compress, bytes: &[u8]) -> Vec<u8> {
    c.reset();
    let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
    loop {
        let done = c.total_in() as usize;
        match c.compress_vec(
            &bytes[done.min(bytes.len())..],
            &mut out,
            FlushCompress::Finish,
        ) {
            Ok(Status::StreamEnd) => break,
            // Out of room: more, and go on.
            Ok(Status::Ok | Status::BufError) => out.reserve(out.capacity().max(1024)),
            // Compressing into memory has no other way to fail.
            Err(_) => break,
        }
    }
    out
}

/// A small process-wide map from a key to a value made once. When full it
/// is emptied rather than evicting one by one: a batch works through its
/// sites in order, so old entries are rarely wanted again.
pub struct Cache<K, V> {
    map: Mutex<Option<HashMap<K, Arc<V>>>>,
    max: usize,
}

impl<K: Eq + Hash, V> Cache<K, V> {
    /// An empty cache of at most `max` entries.
    pub const fn new(max: usize) -> Cache<K, V> {
        Cache {
            map: Mutex::new(None),
            max,
        }
    }

    /// The value for `key`, made by `make` if it is not there. `make` runs
    /// outside the lock, so two threads may both make a value the first
    /// time; both get an equal one.
    pub fn get_or<E>(&self, key: K, make: impl FnOnce() -> Result<V, E>) -> Result<Arc<V>, E> {
        if let Ok(guard) = self.map.lock() {
            if let Some(hit) = guard.as_ref().and_then(|m| m.get(&key)) {
                return Ok(Arc::clone(hit));
            }
        }
        let value = Arc::new(make()?);
        if let Ok(mut guard) = self.map.lock() {
            let map = guard.get_or_insert_with(HashMap::new);
            if map.len() >= self.max {
                map.clear();
            }
            map.insert(key, Arc::clone(&value));
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn deflate_round_trips() {
        let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        for packed in [
            deflate(&data),
            deflate_fast(&data),
            deflate(b""),
            deflate(&data),
        ] {
            let mut back = Vec::new();
            flate2::read::ZlibDecoder::new(&packed[..])
                .read_to_end(&mut back)
                .unwrap();
            assert!(back == data || back.is_empty());
        }
        assert!(deflate(&data).len() < data.len() / 10);
    }

    #[test]
    fn the_cache_makes_each_value_once() {
        static CACHE: Cache<u32, String> = Cache::new(2);
        let mut made = 0;
        for _ in 0..3 {
            let v = CACHE
                .get_or(7, || {
                    made += 1;
                    Ok::<_, ()>("seven".to_string())
                })
                .unwrap();
            assert_eq!(*v, "seven");
        }
        assert_eq!(made, 1);
    }
}
