//! The cache a build keeps on disk from one run to the next
//! (`--cache-dir`), for CI jobs and other builds that start from nothing:
//! results found by a digest (SHA-256) of everything they are made from.
//!
//! One file: a header naming the lectern that wrote it, the entries, an
//! index of the live ones (key, offset, length) and a footer locating the
//! index. An entry is read only when a build asks for it. A build that
//! used exactly what the file holds does not write it; one that changed a
//! little appends its new entries and a new index over the old index; once
//! entries no build uses any more make up half the file, it is written
//! whole again under another name and renamed into place. A file written
//! by another lectern build, or whose header, footer or index does not
//! read (a run stopped while appending), is ignored whole; an entry whose
//! checksum does not match is ignored alone. One build at a time may use a
//! cache directory.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, RwLock};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::sync::{self, Locked};

/// The cache's file in its directory.
pub(crate) const FILE: &str = "lectern-cache.bin";

/// What the file starts with, before the version of lectern that wrote it.
const MAGIC: &[u8] = b"lectern cache 3\n";

/// What the file ends with, after the index's offset and length.
const TAIL: &[u8] = b"lectern\n";

/// Bytes of the footer: the index's offset, its number of entries, `TAIL`.
const FOOTER: u64 = 24;

/// Bytes of an index entry: key, offset, length.
const INDEX_ENTRY: u64 = 48;

/// The key of an entry.
pub(crate) type Digest = [u8; 32];

/// An entry for the next build: a CRC-32 of the value, then the value.
enum Entry {
    /// Where it lies in the file read: copied from there.
    Read(Range<u64>),
    New(Vec<u8>),
}

pub(crate) struct CacheDir {
    dir: PathBuf,
    /// The file read, for its entries; `None` once the build wrote the next.
    /// Entries are read at their offsets, by any number of threads at once.
    file: RwLock<Option<std::fs::File>>,
    /// Where each entry lies in `file`.
    read: HashMap<Digest, Range<u64>>,
    /// Where `file`'s entries start and its index starts.
    data: Range<u64>,
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
        let opened = std::fs::File::open(&path).and_then(|file| {
            let len = file.metadata()?.len();
            Ok((file, len))
        });
        let none = || (HashMap::new(), 0..0);
        let (file, (read, data), ignored) = match opened {
            Ok((mut file, len)) => match index(&mut file, len) {
                Ok(found) => (Some(file), found, None),
                Err(why) => (None, none(), Some(why)),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (None, none(), None),
            Err(e) => (None, none(), Some(format!("it cannot be read: {e}"))),
        };
        CacheDir {
            dir: dir.to_path_buf(),
            file: RwLock::new(file),
            read,
            data,
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

    /// The bytes of the file read at `range`.
    fn bytes(&self, range: &Range<u64>) -> Option<Vec<u8>> {
        let file = sync::read(&self.file);
        let mut bytes = vec![0; usize::try_from(range.end - range.start).ok()?];
        read_at(file.as_ref()?, &mut bytes, range.start).ok()?;
        Some(bytes)
    }

    /// The value stored under `key`, if it is there and reads back whole.
    pub(crate) fn get<T: DeserializeOwned>(&self, key: &Digest) -> Option<T> {
        let entry = self.bytes(self.read.get(key)?)?;
        let (sum, value) = entry.split_first_chunk::<4>()?;
        if u32::from_le_bytes(*sum) != crc32fast::hash(value) {
            return None;
        }
        bincode::deserialize(value).ok()
    }

    /// The value under the key `key` gives, kept for the next build; else
    /// what `make` makes, stored there. Without a cache, what `make` makes.
    pub(crate) fn remember<T: Serialize + DeserializeOwned>(
        cache: Option<&CacheDir>,
        key: impl FnOnce() -> Digest,
        make: impl FnOnce() -> T,
    ) -> T {
        let Some(cache) = cache else {
            return make();
        };
        let key = key();
        if let Some(value) = cache.get(&key) {
            cache.keep(key);
            return value;
        }
        let value = make();
        cache.put(key, &value);
        value
    }

    /// Keeps the entry read under `key` for the next build.
    pub(crate) fn keep(&self, key: Digest) {
        if let Some(range) = self.read.get(&key) {
            self.next.locked().insert(key, Entry::Read(range.clone()));
        }
    }

    /// Stores `value` under `key` for the next build.
    pub(crate) fn put(&self, key: Digest, value: &(impl Serialize + ?Sized)) {
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

    /// Writes what this build used and made, for the next, unless that is
    /// what was read; an error says why it could not be written.
    pub(crate) fn save(&self) -> Result<(), String> {
        if self.spoiled.load(Ordering::Relaxed) {
            return Ok(());
        }
        let next = std::mem::take(&mut *self.next.locked());
        let unchanged = next.len() == self.read.len()
            && next.values().all(|entry| matches!(entry, Entry::Read(_)));
        if unchanged && self.ignored.is_none() {
            return Ok(());
        }
        let path = self.dir.join(FILE);
        let live: u64 = next
            .values()
            .map(|entry| match entry {
                Entry::Read(range) => range.end - range.start,
                Entry::New(bytes) => bytes.len() as u64,
            })
            .sum();
        let data = self.data.end - self.data.start;
        let appended = if self.ignored.is_none() && data > 0 && live * 2 > data {
            self.append(&path, &next)
        } else {
            self.rewrite(&path, &next)
        };
        appended.map_err(|e| format!("the cache {} could not be written: {e}", path.display()))
    }

    /// Appends the new entries and a new index over the old index.
    fn append(&self, path: &Path, next: &BTreeMap<Digest, Entry>) -> std::io::Result<()> {
        // Closed first: some systems refuse to write a file open elsewhere.
        sync::write(&self.file).take();
        let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
        file.seek(SeekFrom::Start(self.data.end))?;
        let mut out = std::io::BufWriter::new(file);
        let mut at = self.data.end;
        let mut index = Vec::with_capacity(next.len());
        for (key, entry) in next {
            let range = match entry {
                Entry::Read(range) => range.clone(),
                Entry::New(bytes) => {
                    out.write_all(bytes)?;
                    at += bytes.len() as u64;
                    at - bytes.len() as u64..at
                }
            };
            index.push((key, range));
        }
        let end = write_index(&mut out, at, &index)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.set_len(end)
    }

    /// Writes the file whole, with only what this build used and made.
    fn rewrite(&self, path: &Path, next: &BTreeMap<Digest, Entry>) -> std::io::Result<()> {
        let partial = self.dir.join(format!("{FILE}.partial"));
        std::fs::create_dir_all(&self.dir)?;
        let mut out = std::io::BufWriter::new(std::fs::File::create(&partial)?);
        out.write_all(MAGIC)?;
        writeln!(out, "{}", env!("LECTERN_VERSION"))?;
        let mut at = (MAGIC.len() + env!("LECTERN_VERSION").len() + 1) as u64;
        let mut index = Vec::with_capacity(next.len());
        for (key, entry) in next {
            let bytes = match entry {
                Entry::Read(range) => match self.bytes(range) {
                    Some(bytes) => bytes.into(),
                    None => continue,
                },
                Entry::New(bytes) => std::borrow::Cow::from(bytes.as_slice()),
            };
            out.write_all(&bytes)?;
            index.push((key, at..at + bytes.len() as u64));
            at += bytes.len() as u64;
        }
        write_index(&mut out, at, &index)?;
        // Not synced: a file cut short by a crash fails to read and is
        // ignored.
        out.into_inner().map_err(|e| e.into_error())?;
        // Closed first: some systems refuse to replace an open file.
        sync::write(&self.file).take();
        std::fs::rename(&partial, path)
    }
}

/// Writes the index of `entries` at offset `at`, then the footer; the
/// offset of the file's end.
fn write_index(
    out: &mut impl Write,
    at: u64,
    entries: &[(&Digest, Range<u64>)],
) -> std::io::Result<u64> {
    for (key, range) in entries {
        out.write_all(*key)?;
        out.write_all(&range.start.to_le_bytes())?;
        out.write_all(&(range.end - range.start).to_le_bytes())?;
    }
    out.write_all(&at.to_le_bytes())?;
    out.write_all(&(entries.len() as u64).to_le_bytes())?;
    out.write_all(TAIL)?;
    Ok(at + entries.len() as u64 * INDEX_ENTRY + FOOTER)
}

/// Fills `bytes` from `file` at `offset`, leaving the file's cursor alone.
#[cfg(unix)]
fn read_at(file: &std::fs::File, bytes: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, offset)
}

/// Fills `bytes` from `file` at `offset`, leaving the file's cursor alone.
#[cfg(windows)]
fn read_at(file: &std::fs::File, mut bytes: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        match file.seek_read(bytes, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                bytes = &mut bytes[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

/// Where each entry of the cache file `file` (`len` bytes) lies, and
/// where its entries start and its index starts; or why the file is not
/// used.
type Found = (HashMap<Digest, Range<u64>>, Range<u64>);

fn index(file: &mut std::fs::File, len: u64) -> Result<Found, String> {
    let damaged = || "it is damaged".to_string();
    let mut reader = BufReader::new(&mut *file);
    let mut magic = Vec::new();
    reader
        .read_until(b'\n', &mut magic)
        .map_err(|_| damaged())?;
    if magic != MAGIC {
        return Err(damaged());
    }
    let mut version = Vec::new();
    reader
        .read_until(b'\n', &mut version)
        .map_err(|_| damaged())?;
    let version = String::from_utf8_lossy(version.strip_suffix(b"\n").unwrap_or(&version));
    if version != env!("LECTERN_VERSION") {
        return Err(format!(
            "it was written by lectern {version}, this is {}",
            env!("LECTERN_VERSION")
        ));
    }
    let start = (MAGIC.len() + version.len() + 1) as u64;
    let number = |bytes: &[u8]| u64::from_le_bytes(bytes.try_into().expect("eight bytes"));
    let mut footer = [0; FOOTER as usize];
    let at = len
        .checked_sub(FOOTER)
        .filter(|&at| at >= start)
        .ok_or_else(damaged)?;
    file.seek(SeekFrom::Start(at)).map_err(|_| damaged())?;
    file.read_exact(&mut footer).map_err(|_| damaged())?;
    let (offset, count) = (number(&footer[..8]), number(&footer[8..16]));
    let index_len = count.checked_mul(INDEX_ENTRY).ok_or_else(damaged)?;
    if &footer[16..] != TAIL || offset < start || offset.checked_add(index_len) != Some(at) {
        return Err(damaged());
    }
    let mut index = vec![0; usize::try_from(index_len).map_err(|_| damaged())?];
    file.seek(SeekFrom::Start(offset)).map_err(|_| damaged())?;
    file.read_exact(&mut index).map_err(|_| damaged())?;
    let mut read = HashMap::new();
    for entry in index.chunks_exact(INDEX_ENTRY as usize) {
        let key: Digest = entry[..32].try_into().expect("32 bytes");
        let from = number(&entry[32..40]);
        let to = from
            .checked_add(number(&entry[40..48]))
            .ok_or_else(damaged)?;
        if from < start || to > offset {
            return Err(damaged());
        }
        read.insert(key, from..to);
    }
    Ok((read, start..offset))
}

/// The SHA-256 of `bytes`.
pub(crate) fn sha256(bytes: &[u8]) -> Digest {
    ring::digest::digest(&ring::digest::SHA256, bytes)
        .as_ref()
        .try_into()
        .expect("a SHA-256 is 32 bytes")
}

/// The SHA-256 of the file at `path`, read a block at a time.
pub(crate) fn sha256_file(path: &Path) -> std::io::Result<Digest> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = ring::digest::Context::new(&ring::digest::SHA256);
    let mut block = [0; 1 << 16];
    loop {
        match file.read(&mut block)? {
            0 => break,
            n => hasher.update(&block[..n]),
        }
    }
    Ok(hasher
        .finish()
        .as_ref()
        .try_into()
        .expect("a SHA-256 is 32 bytes"))
}

/// The SHA-256 of `value` as it is serialized: the key of what is made
/// from it.
pub(crate) fn digest(value: &(impl Serialize + ?Sized)) -> Digest {
    // Whole, then hashed: hashing field by field costs more than the copy.
    // Serializing fails only for types serde cannot write, which callers
    // do not pass.
    sha256(&bincode::serialize(value).expect("serializable"))
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
        let at = bytes.windows(6).position(|w| w == b"second").unwrap();
        bytes[at] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        let cache = CacheDir::open(dir.path());
        assert_eq!(cache.ignored(), None);
        assert_eq!(cache.get::<String>(&b), None);
    }

    #[test]
    fn a_small_change_is_appended_and_a_large_one_rewrites_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        let (a, b, c) = (digest(&"a"), digest(&"b"), digest(&"c"));
        let cache = CacheDir::open(dir.path());
        cache.put(a, &"a".repeat(1000));
        cache.put(b, &"b".repeat(1000));
        cache.save().unwrap();
        let first = std::fs::read(&path).unwrap();

        let cache = CacheDir::open(dir.path());
        cache.keep(a);
        cache.keep(b);
        cache.put(c, &"c".repeat(10));
        cache.save().unwrap();
        let second = std::fs::read(&path).unwrap();
        // Appended: what was there is still there, up to the old index.
        let index = first.len() - FOOTER as usize - 2 * INDEX_ENTRY as usize;
        assert_eq!(second[..index], first[..index]);
        assert!(second.len() > first.len());
        let cache = CacheDir::open(dir.path());
        assert_eq!(cache.get::<String>(&c).as_deref(), Some("cccccccccc"));
        assert_eq!(cache.get::<String>(&a).map(|s| s.len()), Some(1000));

        // Half the file no longer used: written whole, without it.
        cache.keep(c);
        cache.save().unwrap();
        assert!(std::fs::read(&path).unwrap().len() < 200);
        let cache = CacheDir::open(dir.path());
        assert_eq!(cache.get::<String>(&a), None);
        assert_eq!(cache.get::<String>(&c).as_deref(), Some("cccccccccc"));
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
