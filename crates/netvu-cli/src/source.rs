//! Files as the library wants them: streamed into the indexer in large
//! blocks (seeking over what it skips), and read back by range.

use netvu::indexer::IndexOptions;
use netvu::{probe, Index, Indexer};
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

/// Block size for indexing reads: small enough to stay in cache.
const BLOCK: usize = 1 << 20;

/// An opened file with a clear error naming it.
pub struct Source {
    file: File,
    pub len: u64,
    pub name: String,
}

impl Source {
    pub fn open(path: &Path) -> Result<Source, String> {
        let name = path.display().to_string();
        let file = File::open(path).map_err(|e| format!("{name}: {e}"))?;
        let meta = file.metadata().map_err(|e| format!("{name}: {e}"))?;
        if meta.is_dir() {
            return Err(format!("{name}: is a directory"));
        }
        Ok(Source {
            file,
            len: meta.len(),
            name,
        })
    }

    /// Indexes the whole file, checking PAR CRCs.
    pub fn index(&mut self) -> Result<Index, String> {
        self.index_with(IndexOptions::default())
    }

    /// Indexes the whole file, never holding more than one block of it.
    pub fn index_with(&mut self, options: IndexOptions) -> Result<Index, String> {
        let err = |e: io::Error| format!("{}: {e}", self.name);
        let mut buf = vec![0u8; BLOCK.min(self.len as usize).max(1)];
        self.file.seek(SeekFrom::Start(0)).map_err(err)?;
        let probe_len = buf.len().min(netvu::probe::PROBE_LEN);
        let head = read_up_to(&mut self.file, &mut buf[..probe_len]).map_err(err)?;
        let mut ix = Indexer::with_options(probe(&buf[..head]), Some(self.len), options);
        ix.feed(&buf[..head]);
        let mut at = head as u64;
        loop {
            let want = ix.wanted_from();
            if want >= self.len {
                // Everything left is skipped payload: the file is complete.
                ix.skip_to(self.len);
                break;
            }
            if want > at + BLOCK as u64 / 4 {
                self.file.seek(SeekFrom::Start(want)).map_err(err)?;
                ix.skip_to(want);
                at = want;
            }
            let n = read_up_to(&mut self.file, &mut buf).map_err(err)?;
            if n == 0 {
                break;
            }
            ix.feed(&buf[..n]);
            at += n as u64;
        }
        Ok(ix.finish())
    }

    /// Reads `range` (clipped to the file).
    pub fn read_range(&mut self, range: std::ops::Range<u64>) -> Result<Vec<u8>, String> {
        let end = range.end.min(self.len);
        let len = usize::try_from(end.saturating_sub(range.start))
            .map_err(|_| "range too large".to_string())?;
        let mut buf = vec![0u8; len];
        self.file
            .seek(SeekFrom::Start(range.start))
            .map_err(|e| format!("{}: {e}", self.name))?;
        self.file
            .read_exact(&mut buf)
            .map_err(|e| format!("{}: {e}", self.name))?;
        Ok(buf)
    }
}

fn read_up_to(f: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}
