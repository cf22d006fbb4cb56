//! Faults met as Unix tools meet them: the `align` example never destroys or
//! half-writes a file, refuses `-o` onto an input, stops quietly on a closed
//! pipe, bounds what it reads, and gives one-line errors for the rest.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SEED: &str = "seeds/mnd-2025-interleaved.txt";

fn fixture(name: &str) -> String {
    format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    Command::new(crate::example_bin("align"))
        .args(args)
        .output()
        .expect("align runs")
}

/// A fresh scratch folder for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zhen-align-faults-{test}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn one_line_error(o: &Output, needle: &str) {
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains(needle), "expected {needle:?} in {err}");
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn output_naming_an_input_is_refused_and_the_input_kept() {
    let dir = scratch("same");
    let input = dir.join("in.txt");
    fs::copy(fixture(SEED), &input).expect("copy seed");
    let before = fs::read(&input).expect("read");
    let p = input.to_str().expect("utf-8 path");
    let o = run(&["--format", "tsv", p, "-o", p]);
    one_line_error(&o, "also an input");
    assert_eq!(fs::read(&input).expect("read"), before);
    // The same file under another spelling of its path.
    let other = format!("{}/./in.txt", dir.display());
    let o = run(&[p, "-o", &other]);
    one_line_error(&o, "also an input");
    assert_eq!(fs::read(&input).expect("read"), before);
}

#[test]
fn a_failed_run_leaves_the_old_output_whole_and_no_temporary_file() {
    let dir = scratch("failed");
    let out = dir.join("out.tsv");
    fs::write(&out, "old contents\n").expect("write");
    let o = run(&[
        "--format",
        "tsv",
        &fixture("seeds/mnd-2023-english-only.txt"),
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    one_line_error(&o, "no Chinese text");
    assert_eq!(fs::read_to_string(&out).expect("read"), "old contents\n");
    assert_eq!(names_in(&dir), ["out.tsv"]);
}

#[test]
fn a_complete_run_replaces_the_output_and_leaves_no_temporary_file() {
    let dir = scratch("complete");
    let out = dir.join("out.tsv");
    fs::write(&out, "old contents\n").expect("write");
    let o = run(&[
        "--format",
        "tsv",
        &fixture(SEED),
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let tsv = fs::read_to_string(&out).expect("read");
    assert!(!tsv.contains("old contents"));
    assert!(tsv.lines().count() >= 10 && tsv.lines().all(|l| l.split('\t').count() == 3));
    assert_eq!(names_in(&dir), ["out.tsv"]);
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child = Command::new(crate::example_bin("align"))
        .arg(fixture(SEED))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("align starts");
    drop(child.stdout.take()); // the reader goes away before anything is written
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("read stderr");
    let status = child.wait().expect("align ends");
    assert!(status.success(), "{status:?}: {err}");
    assert_eq!(err, "");
}

#[test]
fn input_over_the_size_limit_is_refused_while_reading() {
    let o = run(&["--max-input-bytes", "100", &fixture(SEED)]);
    one_line_error(&o, "larger than the limit of 100 bytes");
    // A device with no end is cut at the limit, not read into memory.
    if Path::new("/dev/zero").exists() {
        let o = run(&["--max-input-bytes", "4096", "/dev/zero"]);
        one_line_error(
            &o,
            "/dev/zero: input is larger than the limit of 4096 bytes",
        );
    }
    let o = run(&["--max-input-bytes", "lots", &fixture(SEED)]);
    one_line_error(&o, "--max-input-bytes takes a number");
}

#[test]
fn full_disk_directory_and_devices_get_one_line_errors() {
    if Path::new("/dev/full").exists() {
        let o = run(&[&fixture(SEED), "-o", "/dev/full"]);
        one_line_error(&o, "/dev/full: cannot write");
    }
    let dir = scratch("dirs");
    let d = dir.to_str().expect("utf-8");
    one_line_error(&run(&[d]), "is a directory");
    one_line_error(&run(&[&fixture(SEED), "-o", d]), "is a directory");
    // Writing to a device writes in place: /dev/null stays a device.
    if Path::new("/dev/null").exists() {
        let o = run(&[&fixture(SEED), "-o", "/dev/null"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let meta = fs::metadata("/dev/null").expect("metadata");
        assert!(!meta.is_file(), "/dev/null was replaced by a file");
    }
}

/// Makes a named pipe with the system's `mkfifo`; `None` where there is none.
fn mkfifo(path: &Path) -> Option<()> {
    let ok = Command::new("mkfifo").arg(path).status().ok()?.success();
    ok.then_some(())
}

#[test]
fn named_pipes_are_read_and_written_in_place() {
    let dir = scratch("fifo");
    let (fin, fout) = (dir.join("in.fifo"), dir.join("out.fifo"));
    if mkfifo(&fin).is_none() || mkfifo(&fout).is_none() {
        return; // no mkfifo on this system
    }
    let expected = run(&["--format", "tsv", &fixture(SEED)]);
    assert!(expected.status.success());
    // A writer feeds the input pipe, a reader drains the output pipe.
    let seed = fs::read(fixture(SEED)).expect("seed");
    let fin2 = fin.clone();
    let writer = std::thread::spawn(move || fs::write(&fin2, seed).expect("write the input pipe"));
    let fout2 = fout.clone();
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        fs::File::open(&fout2)
            .expect("open the output pipe")
            .read_to_end(&mut s)
            .expect("read the output pipe");
        s
    });
    let o = run(&[
        "--format",
        "tsv",
        fin.to_str().expect("utf-8"),
        "-o",
        fout.to_str().expect("utf-8"),
    ]);
    writer.join().expect("writer");
    let got = reader.join().expect("reader");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(got, expected.stdout, "the same TSV through named pipes");
    // Written in place: the output pipe is still a pipe, nothing left beside it.
    assert!(!fs::metadata(&fout).expect("metadata").is_file());
    assert_eq!(names_in(&dir), ["in.fifo", "out.fifo"]);
}

#[test]
fn a_missing_input_gets_a_one_line_error() {
    let dir = scratch("missing");
    let gone = dir.join("gone.txt");
    let o = run(&[gone.to_str().expect("utf-8")]);
    one_line_error(&o, "gone.txt: cannot read");
}
