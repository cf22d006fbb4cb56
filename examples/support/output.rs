//! Output handling shared by the examples: a file is written to a temporary
//! file beside it and renamed over it only when complete, so a failed or
//! interrupted run leaves the old file whole; a closed pipe on standard
//! output ends the program quietly, as Unix tools do.

use std::error::Error;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Where the output goes: standard output, or a temporary file that becomes
/// `target` on [`Output::commit`]. Dropped without a commit, the temporary
/// file is removed and `target` is untouched.
pub enum Output {
    /// Standard output.
    Stdout(BufWriter<io::Stdout>),
    /// An existing device, FIFO or other non-regular file, written in place
    /// (renaming over `/dev/null` or a pipe would replace it).
    Special(BufWriter<File>, PathBuf),
    /// A temporary file beside the target.
    File {
        /// The file being written.
        writer: BufWriter<File>,
        /// The temporary path.
        temp: PathBuf,
        /// The path it is renamed to.
        target: PathBuf,
        /// Set once renamed.
        done: bool,
    },
}

impl Output {
    /// Standard output, or a new temporary file beside `target`.
    pub fn create(target: Option<&Path>) -> Result<Output, String> {
        let Some(target) = target else {
            return Ok(Output::Stdout(BufWriter::with_capacity(
                1 << 16,
                io::stdout(),
            )));
        };
        if let Ok(meta) = fs::metadata(target) {
            if meta.is_dir() {
                return Err(format!(
                    "{}: cannot write: is a directory",
                    target.display()
                ));
            }
            if !meta.is_file() {
                let f = File::options()
                    .write(true)
                    .open(target)
                    .map_err(|e| format!("{}: cannot open: {e}", target.display()))?;
                return Ok(Output::Special(
                    BufWriter::with_capacity(1 << 16, f),
                    target.to_path_buf(),
                ));
            }
        }
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".to_string());
        let mut last = None;
        for attempt in 0..100u32 {
            let temp = dir.join(format!(".{name}.{}.{attempt}.tmp", std::process::id()));
            match File::options().write(true).create_new(true).open(&temp) {
                Ok(f) => {
                    return Ok(Output::File {
                        writer: BufWriter::with_capacity(1 << 16, f),
                        temp,
                        target: target.to_path_buf(),
                        done: false,
                    })
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => return Err(format!("{}: cannot create: {e}", target.display())),
            }
        }
        Err(format!(
            "{}: cannot create a temporary file beside it: {}",
            target.display(),
            last.map_or_else(|| "too many attempts".to_string(), |e| e.to_string())
        ))
    }

    /// Flushes everything; for a file, syncs it and renames it over the target.
    pub fn commit(mut self) -> Result<(), Box<dyn Error>> {
        match &mut self {
            Output::Stdout(w) => Ok(w.flush()?),
            Output::Special(w, target) => Ok(w
                .flush()
                .map_err(|e| format!("{}: cannot write: {e}", target.display()))?),
            Output::File {
                writer,
                temp,
                target,
                done,
            } => {
                let write_err = |e: io::Error| format!("{}: cannot write: {e}", target.display());
                writer.flush().map_err(write_err)?;
                writer.get_ref().sync_all().map_err(write_err)?;
                fs::rename(&*temp, &*target).map_err(write_err)?;
                *done = true;
                Ok(())
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::Special(w, _) => w.write(buf),
            Output::File { writer, .. } => writer.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::Special(w, _) => w.flush(),
            Output::File { writer, .. } => writer.flush(),
        }
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if let Output::File { temp, done, .. } = self {
            if !*done {
                let _ = fs::remove_file(temp);
            }
        }
    }
}

/// Whether an error comes from writing to a closed pipe (`align … | head`).
pub fn is_broken_pipe(e: &(dyn Error + 'static)) -> bool {
    let mut cur: Option<&(dyn Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(io) = err.downcast_ref::<io::Error>() {
            if io.kind() == io::ErrorKind::BrokenPipe {
                return true;
            }
        }
        cur = err.source();
    }
    false
}

/// Refuses an output path that names one of the inputs (it would destroy it).
pub fn check_not_an_input(output: &Path, inputs: &[PathBuf]) -> Result<(), String> {
    let Ok(out) = fs::canonicalize(output) else {
        return Ok(()); // does not exist yet: cannot be an input
    };
    for input in inputs {
        if fs::canonicalize(input).is_ok_and(|i| i == out) {
            return Err(format!(
                "{}: the output file is also an input; refusing to overwrite it",
                output.display()
            ));
        }
    }
    Ok(())
}
