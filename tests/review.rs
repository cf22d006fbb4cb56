//! The `review` example's HTTP interface, run as a binary on a seed and
//! talked to over loopback with plain HTTP/1.1: the page, edits and bad
//! edits, undo, exports (the unedited TMX byte-identical to `align`'s),
//! uploads (over the limit: 413) and the Host and Origin checks.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn fixture(name: &str) -> String {
    format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

const SEED: &str = "seeds/mnd-2025-interleaved.txt";

/// A running `review`; killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(args: &[&str]) -> Server {
    let bin = crate::example_bin("review");
    assert!(bin.exists(), "{} is built by cargo test", bin.display());
    let mut child = Command::new(bin)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("review starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("review prints its URL");
    let port = line
        .trim()
        .strip_prefix("http://127.0.0.1:")
        .and_then(|r| r.strip_suffix('/'))
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("not a URL on 127.0.0.1: {line:?}"));
    Server { child, port }
}

struct Answer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }
}

impl Server {
    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn send(&self, method: &str, path: &str, host: &str, extra: &str, body: &[u8]) -> Answer {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connects");
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        s.write_all(head.as_bytes()).unwrap();
        s.write_all(body).unwrap();
        read_answer(s)
    }

    fn get(&self, path: &str) -> Answer {
        self.send("GET", path, &self.host(), "", b"")
    }

    fn post(&self, path: &str, body: &str) -> Answer {
        self.send(
            "POST",
            path,
            &self.host(),
            "Content-Type: application/json\r\n",
            body.as_bytes(),
        )
    }
}

fn read_answer(mut s: TcpStream) -> Answer {
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("reads the answer");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header block");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("a status code");
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked"),
        "{head}"
    );
    Answer {
        status,
        head,
        body: raw[split + 4..].to_vec(),
    }
}

fn align(args: &[&str]) -> Vec<u8> {
    let o = Command::new(crate::example_bin("align"))
        .args(args)
        .output()
        .expect("align runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o.stdout
}

fn bead_count(s: &Server) -> usize {
    s.get("/api/alignment").json()["beads"]
        .as_array()
        .expect("beads")
        .len()
}

fn units(tmx: &[u8]) -> usize {
    String::from_utf8_lossy(tmx).matches("<tu>").count()
}

#[test]
fn page_alignment_and_unedited_exports_match_align() {
    let seed = fixture(SEED);
    let s = serve(&[&seed]);
    let page = s.get("/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("<script src=\"/review.js\""));
    assert!(page
        .head
        .contains("content-security-policy: default-src 'self'"));
    for asset in ["/review.js", "/review.css"] {
        let a = s.get(asset);
        assert_eq!(a.status, 200, "{asset}");
        assert!(a.body.len() > 1000, "{asset}");
    }
    assert_eq!(s.get("/etc/passwd").status, 404);

    let a = s.get("/api/alignment").json();
    let beads = String::from_utf8(align(&["--format", "beads", &seed])).unwrap();
    assert_eq!(a["beads"].as_array().unwrap().len(), beads.lines().count());
    assert_eq!(a["name"], "mnd-2025-interleaved.txt");
    // The Chinese sentences are the aligner's, in order.
    let sentences = String::from_utf8(align(&["--format", "sentences", &seed])).unwrap();
    let zh: Vec<&str> = sentences
        .lines()
        .filter_map(|l| l.strip_prefix("zh\t"))
        .collect();
    assert_eq!(a["zh"].as_array().unwrap().len(), zh.len());

    for (format, args) in [
        ("tmx", vec![]),
        ("tsv", vec!["--format", "tsv"]),
        ("jsonl", vec!["--format", "jsonl"]),
    ] {
        let mut args = args;
        args.push(&seed);
        let e = s.get(&format!("/api/export?format={format}"));
        assert_eq!(e.status, 200, "{format}");
        assert!(
            e.head
                .contains(&format!("filename=\"mnd-2025-interleaved.{format}\"")),
            "{}",
            e.head
        );
        assert!(
            e.body == align(&args),
            "{format} export differs from align's"
        );
    }
    let bad = s.get("/api/export?format=docx");
    assert_eq!(bad.status, 400);
    assert!(bad.text().contains("unknown format \"docx\""));
}

#[test]
fn edits_bad_edits_and_undo() {
    let seed = fixture(SEED);
    let s = serve(&[&seed]);
    let before = s.get("/api/alignment").json();
    let n = before["beads"].as_array().unwrap().len();
    let tmx_before = s.get("/api/export?format=tmx").body;

    // Bad edits: 400, one line, the alignment unchanged.
    for (body, want) in [
        (
            format!("{{\"op\":\"merge\",\"bead\":{}}}", n - 1),
            "last bead",
        ),
        ("{\"op\":\"merge\",\"bead\":999}".to_string(), "no bead 999"),
        (
            "{\"op\":\"fold\",\"bead\":0}".to_string(),
            "unknown op \"fold\"",
        ),
        ("{\"op\":\"split\",\"bead\":0}".to_string(), "split needs"),
        (
            "{\"op\":\"split\",\"bead\":0,\"zh\":0,\"en\":0}".to_string(),
            "one part would hold no sentence",
        ),
        ("not json".to_string(), "bad edit"),
        ("{\"op\":\"link\",\"bead\":0}".to_string(), "cannot link"),
        (
            "{\"op\":\"merge\",\"bead\":0,\"version\":77}".to_string(),
            "changed elsewhere",
        ),
    ] {
        let a = s.post("/api/edit", &body);
        let text = a.text();
        assert!(a.status == 400 || a.status == 409, "{body}: {}", a.status);
        assert!(text.contains(want), "{body}: {text}");
        assert_eq!(text.trim_end().lines().count(), 1, "{text}");
    }
    assert_eq!(s.get("/api/alignment").json(), before);
    assert_eq!(s.post("/api/undo", "").status, 400, "nothing to undo yet");

    // Merge two neighbouring exported pairs: one bead and one unit fewer.
    let beads = before["beads"].as_array().unwrap();
    let exported = |b: &serde_json::Value| {
        b[1].as_u64() > b[0].as_u64()
            && b[3].as_u64() > b[2].as_u64()
            && b[4].as_f64().unwrap() >= 0.5
    };
    let i = (0..n - 1)
        .find(|&i| exported(&beads[i]) && exported(&beads[i + 1]))
        .expect("two neighbouring pairs");
    let d = s.post(
        "/api/edit",
        &format!("{{\"op\":\"merge\",\"bead\":{i},\"version\":1}}"),
    );
    assert_eq!(d.status, 200, "{}", d.text());
    let d = d.json();
    assert_eq!(
        (d["at"].as_u64(), d["removed"].as_u64()),
        (Some(i as u64), Some(2))
    );
    let merged = &d["beads"][0];
    assert_eq!(merged[0], beads[i][0]);
    assert_eq!(merged[3], beads[i + 1][3]);
    assert_eq!(
        (merged[4].as_f64(), merged[5].as_bool()),
        (Some(1.0), Some(true))
    );
    assert_eq!(bead_count(&s), n - 1);
    let tmx = s.get("/api/export?format=tmx").body;
    assert_eq!(units(&tmx), units(&tmx_before) - 1);
    assert_eq!(d["exported"].as_u64(), Some(units(&tmx) as u64));
    assert_eq!(before["exported"].as_u64(), Some(units(&tmx_before) as u64));

    // Unlink the merged pair, then split and link again; undo all of it.
    let u = s.post("/api/edit", &format!("{{\"op\":\"unlink\",\"bead\":{i}}}"));
    assert_eq!(u.status, 200, "{}", u.text());
    assert_eq!(bead_count(&s), n);
    let l = s.post("/api/edit", &format!("{{\"op\":\"link\",\"bead\":{i}}}"));
    assert_eq!(l.status, 200, "{}", l.text());
    let (zs, es) = (
        beads[i + 1][0].as_u64().unwrap(),
        beads[i + 1][2].as_u64().unwrap(),
    );
    let sp = s.post(
        "/api/edit",
        &format!("{{\"op\":\"split\",\"bead\":{i},\"zh\":{zs},\"en\":{es}}}"),
    );
    assert_eq!(sp.status, 200, "{}", sp.text());
    assert_eq!(bead_count(&s), n);
    for _ in 0..4 {
        assert_eq!(s.post("/api/undo", "").status, 200);
    }
    let after = s.get("/api/alignment").json();
    assert_eq!(after["beads"], before["beads"]);
    assert_eq!(s.get("/api/export?format=tmx").body, tmx_before);
}

#[test]
fn uploads_and_the_size_limit() {
    let s = serve(&[&fixture(SEED)]);
    let other = std::fs::read(fixture(
        "seeds/mnd-2023-chinese-page-then-english-answer.txt",
    ))
    .unwrap();
    let a = s.send("POST", "/api/load?name=page.txt", &s.host(), "", &other);
    assert_eq!(a.status, 200, "{}", a.text());
    let j = a.json();
    assert_eq!(j["name"], "page.txt");
    // Text of neither language (the share widget) is shown in its place,
    // labelled as the block detector saw it.
    let others = j["others"].as_array().unwrap();
    let share = others
        .iter()
        .find(|o| o["text"] == "分享到")
        .unwrap_or_else(|| panic!("no share widget among {others:?}"));
    assert_eq!(share["kind"], "junk", "{share}");
    assert_eq!(share["side"], "zh", "{share}");
    let tmx = s.get("/api/export?format=tmx").body;
    let want = align(&[&fixture(
        "seeds/mnd-2023-chinese-page-then-english-answer.txt",
    )]);
    assert!(tmx == want, "the uploaded file's TMX differs from align's");

    // Two files in one body, the Chinese file's length in the query.
    let zh = "我爱北京。今天天气很好。\n".as_bytes();
    let en = b"I love Beijing. The weather is very good today.\n";
    let body = [zh, en].concat();
    let a = s.send(
        "POST",
        &format!("/api/load?zh_bytes={}", zh.len()),
        &s.host(),
        "",
        &body,
    );
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.json()["beads"].as_array().unwrap().len(), 2);

    let bad = std::fs::read(fixture("seeds/mnd-2023-english-only.txt")).unwrap();
    let a = s.send("POST", "/api/load?name=en.txt", &s.host(), "", &bad);
    assert_eq!(a.status, 400);
    assert!(a.text().contains("en.txt: no Chinese text"), "{}", a.text());
    assert_eq!(bead_count(&s), 2, "a failed upload keeps the alignment");

    // Over 50 MiB: 413, whether the length is announced or not read yet.
    let mut st = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    st.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let size = 50 * 1024 * 1024 + 1;
    write!(
        st,
        "POST /api/load HTTP/1.1\r\nHost: {}\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n",
        s.host()
    )
    .unwrap();
    let writer = {
        let mut w = st.try_clone().unwrap();
        std::thread::spawn(move || {
            let chunk = vec![b'a'; 1 << 20];
            let mut left = size;
            while left > 0 {
                let n = left.min(chunk.len());
                if w.write_all(&chunk[..n]).is_err() {
                    break; // the server answered and closed
                }
                left -= n;
            }
        })
    };
    let a = read_answer(st);
    let _ = writer.join();
    assert_eq!(a.status, 413, "{}", a.head);
    assert_eq!(bead_count(&s), 2);
}

#[test]
fn host_and_origin_are_checked() {
    let s = serve(&[&fixture(SEED)]);
    for host in [
        "evil.example:80",
        "evil.example",
        "127.0.0.1",
        "127.0.0.1:1",
        "",
    ] {
        let a = s.send("GET", "/api/alignment", host, "", b"");
        assert_eq!(a.status, 403, "Host {host:?}");
        assert!(a.text().contains("refused"), "{}", a.text());
    }
    let localhost = format!("localhost:{}", s.port);
    assert_eq!(s.send("GET", "/", &localhost, "", b"").status, 200);
    let n = bead_count(&s);
    let merge = b"{\"op\":\"merge\",\"bead\":0}";
    let a = s.send(
        "POST",
        "/api/edit",
        &s.host(),
        "Origin: http://evil.example\r\n",
        merge,
    );
    assert_eq!(a.status, 403);
    assert_eq!(bead_count(&s), n, "a cross-origin edit is not applied");
    let own = format!("Origin: http://127.0.0.1:{}\r\n", s.port);
    assert_eq!(
        s.send("POST", "/api/edit", &s.host(), &own, merge).status,
        200
    );
    assert_eq!(bead_count(&s), n - 1);
}
