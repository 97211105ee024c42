//! The cache a build keeps on disk from one run to the next
//! (`--cache-dir`), for CI jobs and other builds that start from nothing:
//! results found by a digest (SHA-256) of everything they are made from.
//! One file, written whole under another name and renamed into place. A
//! file written by another lectern build, or whose header does not read,
//! is ignored whole; an entry whose checksum does not match is ignored
//! alone. What a build did not use is not written back, so the file holds
//! one site's results and does not grow with its history.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::sync::Locked;

/// The cache's file in its directory.
pub(crate) const FILE: &str = "lectern-cache.bin";

/// What the file starts with, before the version of lectern that wrote it.
const MAGIC: &[u8] = b"lectern cache 1\n";

/// The key of an entry.
pub(crate) type Digest = [u8; 32];

/// An entry for the next build: a CRC-32 of the value, then the value.
enum Entry {
    /// Read from the file, where it lies in it: written back as it is.
    Read(Range<usize>),
    New(Vec<u8>),
}

pub(crate) struct CacheDir {
    dir: PathBuf,
    /// The file as read.
    bytes: Vec<u8>,
    /// Where each entry read lies in `bytes`: a CRC-32 of the value, then
    /// the value.
    read: HashMap<Digest, Range<usize>>,
    /// The entries of this build, by key, for the next.
    next: Mutex<BTreeMap<Digest, Entry>>,
    /// Set when what this build made depends on more than its inputs.
    spoiled: AtomicBool,
    /// Why the file found was not used.
    ignored: Option<String>,
}

impl CacheDir {
    /// The cache in `dir`, empty if there is none yet or it cannot be used
    /// (see [`CacheDir::ignored`]).
    pub(crate) fn open(dir: &Path) -> CacheDir {
        let path = dir.join(FILE);
        let (bytes, read, ignored) = match std::fs::read(&path) {
            Ok(bytes) => match index(&bytes) {
                Ok(read) => (bytes, read, None),
                Err(why) => (Vec::new(), HashMap::new(), Some(why)),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                (Vec::new(), HashMap::new(), None)
            }
            Err(e) => (
                Vec::new(),
                HashMap::new(),
                Some(format!("it cannot be read: {e}")),
            ),
        };
        CacheDir {
            dir: dir.to_path_buf(),
            bytes,
            read,
            next: Mutex::default(),
            spoiled: AtomicBool::new(false),
            ignored: ignored.map(|why| format!("the cache {} was not used: {why}", path.display())),
        }
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Why the cache found on disk was not used, if it was not.
    pub(crate) fn ignored(&self) -> Option<&str> {
        self.ignored.as_deref()
    }

    /// The value stored under `key`, if it is there and reads back whole.
    pub(crate) fn get<T: DeserializeOwned>(&self, key: &Digest) -> Option<T> {
        let entry = &self.bytes[self.read.get(key)?.clone()];
        let (sum, value) = entry.split_first_chunk::<4>()?;
        if u32::from_le_bytes(*sum) != crc32fast::hash(value) {
            return None;
        }
        bincode::deserialize(value).ok()
    }

    /// Keeps the entry read under `key` for the next build.
    pub(crate) fn keep(&self, key: Digest) {
        if let Some(range) = self.read.get(&key) {
            self.next.locked().insert(key, Entry::Read(range.clone()));
        }
    }

    /// Stores `value` under `key` for the next build.
    pub(crate) fn put(&self, key: Digest, value: &impl Serialize) {
        let Ok(value) = bincode::serialize(value) else {
            return;
        };
        let mut entry = crc32fast::hash(&value).to_le_bytes().to_vec();
        entry.extend(value);
        self.next.locked().insert(key, Entry::New(entry));
    }

    /// Marks this build's results as unfit to keep: they depend on the
    /// machine's speed (highlighting gave up on time).
    pub(crate) fn spoil(&self) {
        self.spoiled.store(true, Ordering::Relaxed);
    }

    /// Writes what this build used and made, for the next; an error says
    /// why it could not be written.
    pub(crate) fn save(&self) -> Result<(), String> {
        if self.spoiled.load(Ordering::Relaxed) {
            return Ok(());
        }
        let next = std::mem::take(&mut *self.next.locked());
        let path = self.dir.join(FILE);
        let partial = self.dir.join(format!("{FILE}.partial"));
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(&self.dir)?;
            let mut file = std::io::BufWriter::new(std::fs::File::create(&partial)?);
            file.write_all(MAGIC)?;
            writeln!(file, "{}", env!("LECTERN_VERSION"))?;
            file.write_all(&(next.len() as u64).to_le_bytes())?;
            for (key, entry) in &next {
                let entry = match entry {
                    Entry::Read(range) => &self.bytes[range.clone()],
                    Entry::New(bytes) => bytes.as_slice(),
                };
                file.write_all(key)?;
                file.write_all(&(entry.len() as u64).to_le_bytes())?;
                file.write_all(entry)?;
            }
            // Not synced: a file cut short by a crash fails to read and
            // is ignored.
            file.into_inner().map_err(|e| e.into_error())?;
            std::fs::rename(&partial, &path)
        };
        write().map_err(|e| format!("the cache {} could not be written: {e}", path.display()))
    }
}

/// Where each entry of a cache file lies, or why the file is not used.
fn index(bytes: &[u8]) -> Result<HashMap<Digest, Range<usize>>, String> {
    let unreadable = || "it is damaged".to_string();
    let rest = bytes.strip_prefix(MAGIC).ok_or_else(unreadable)?;
    let end = rest
        .iter()
        .position(|&b| b == b'\n')
        .ok_or_else(unreadable)?;
    let version = String::from_utf8_lossy(&rest[..end]);
    if version != env!("LECTERN_VERSION") {
        return Err(format!(
            "it was written by lectern {version}, this is {}",
            env!("LECTERN_VERSION")
        ));
    }
    let mut at = MAGIC.len() + end + 1;
    let mut take = |n: usize| -> Result<Range<usize>, String> {
        let range = at..at
            .checked_add(n)
            .filter(|&e| e <= bytes.len())
            .ok_or_else(unreadable)?;
        at = range.end;
        Ok(range)
    };
    let number = |range: Range<usize>| {
        let raw: [u8; 8] = bytes[range].try_into().expect("eight bytes");
        usize::try_from(u64::from_le_bytes(raw)).unwrap_or(usize::MAX)
    };
    let count = number(take(8)?);
    let mut read = HashMap::new();
    for _ in 0..count {
        let key: Digest = bytes[take(32)?].try_into().expect("32 bytes");
        let len = number(take(8)?);
        read.insert(key, take(len)?);
    }
    if at != bytes.len() {
        return Err(unreadable());
    }
    Ok(read)
}

/// The SHA-256 of `value` as it is serialized: the key of what is made
/// from it.
pub(crate) fn digest(value: &impl Serialize) -> Digest {
    struct Hasher(ring::digest::Context);
    impl Write for Hasher {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.update(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut hasher = Hasher(ring::digest::Context::new(&ring::digest::SHA256));
    // Serializing into a hasher fails only for types serde cannot write,
    // which callers do not pass.
    bincode::serialize_into(&mut hasher, value).expect("serializable");
    hasher
        .0
        .finish()
        .as_ref()
        .try_into()
        .expect("a SHA-256 is 32 bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_come_back_and_a_damaged_one_is_ignored_alone() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CacheDir::open(dir.path());
        let (a, b) = (digest(&"a"), digest(&"b"));
        cache.put(a, &"first".to_string());
        cache.put(b, &"second".to_string());
        cache.save().unwrap();

        let cache = CacheDir::open(dir.path());
        assert_eq!(cache.ignored(), None);
        assert_eq!(cache.get::<String>(&a).as_deref(), Some("first"));
        // Only what a build keeps is written back.
        cache.keep(b);
        cache.save().unwrap();
        let cache = CacheDir::open(dir.path());
        assert_eq!(cache.get::<String>(&a), None);
        assert_eq!(cache.get::<String>(&b).as_deref(), Some("second"));

        // A byte of the value changed: the entry fails its checksum.
        let path = dir.path().join(FILE);
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        let cache = CacheDir::open(dir.path());
        assert_eq!(cache.ignored(), None);
        assert_eq!(cache.get::<String>(&b), None);
    }

    #[test]
    fn a_file_of_another_version_or_cut_short_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CacheDir::open(dir.path());
        cache.put(digest(&1), &"value".to_string());
        cache.save().unwrap();
        let path = dir.path().join(FILE);
        let bytes = std::fs::read(&path).unwrap();

        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        let cache = CacheDir::open(dir.path());
        assert!(cache.ignored().unwrap().contains("damaged"));
        assert_eq!(cache.get::<String>(&digest(&1)), None);

        let text = String::from_utf8_lossy(&bytes).replacen(env!("LECTERN_VERSION"), "0.0.1", 1);
        std::fs::write(&path, text.as_bytes()).unwrap();
        let cache = CacheDir::open(dir.path());
        assert!(
            cache
                .ignored()
                .unwrap()
                .contains("written by lectern 0.0.1")
        );

        std::fs::write(&path, b"not a cache").unwrap();
        assert!(CacheDir::open(dir.path()).ignored().is_some());
    }
}
