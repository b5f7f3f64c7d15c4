//! A small static file server for the demo and the e2e tests: `www/` at `/`, the built package at
//! `/pkg/`, on 127.0.0.1 only. GET and HEAD, no directory listings, no path escapes. Text, JSON and
//! wasm bodies are sent compressed when the request's `Accept-Encoding` allows it (with
//! `Content-Encoding` and `Vary: Accept-Encoding`), as any real host would serve the package: brotli
//! where the file has a precompressed `<file>.br` beside it (`cargo xtask pkg` writes one for the
//! wasm and the JS glue at quality 11, as a host's `brotli_static` would serve them: 18 % smaller
//! than gzip -9 for the wasm, and seconds to compress, so never per request), gzip otherwise.
//!
//! With `--pack <dir-or-bundle>` it also previews a bank's rule pack. The contract with the page:
//! `GET /host-config.json` answers `{ "rulePackUrl": "/pack/bundle.json" }` and `/pack/bundle.json`
//! is the pack as `frontdesk-pack bundle` would write it (a bundle file is served as it is, so a
//! tampered one is refused by the page as in production). Without `--pack` the page's own files answer
//! (`www/host-config.json` ships as `{}`: the embedded default pack). The bundle is made again on every request, so an edited file
//! shows on reload; a pack that fails `frontdesk-pack check` is still served (the page shows its
//! errors) and its problems are printed here whenever they change.

use crate::{root, Result};
use frontdesk_pack::{bundle_text, check, schema::Validator, Source};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Same policy as the page's meta tag; the header also covers the wasm and JSON responses.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/// Where the page finds the previewed pack.
pub const HOST_CONFIG: &str = "{\"rulePackUrl\":\"/pack/bundle.json\"}";

/// A rule pack previewed in the page (`--pack`).
pub struct Preview {
    path: PathBuf,
    validator: Validator,
    /// The last report printed, so that only a change is printed again.
    last: Mutex<String>,
}

impl Preview {
    /// A preview of the pack at `path`; its check report is printed now. Err when it cannot be read.
    pub fn new(path: &Path) -> Result<Preview> {
        let preview = Preview {
            path: path.to_path_buf(),
            validator: Validator::new()?,
            last: Mutex::new(String::new()),
        };
        preview.bundle()?;
        Ok(preview)
    }

    /// The bundle to serve, made now from the files as they are; the check report is printed when
    /// it differs from the last one.
    pub fn bundle(&self) -> Result<String> {
        let src = Source::open(&self.path)?;
        let out = check::check(&src, &self.validator);
        let mut report = String::new();
        for p in &out.problems {
            report.push_str(&format!("  {p}\n"));
        }
        let head = match &out.pack {
            Some(pack) if out.ok() => check::summary(pack, &src),
            _ => format!(
                "{} problem(s): the pack is served anyway and the page shows why it does not load",
                out.problems.len().max(1)
            ),
        };
        let report = format!("pack {}: {head}\n{report}", self.path.display());
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if *last != report {
            print!("{report}");
            let _ = std::io::stdout().flush();
            *last = report;
        }
        Ok(match src.bundle_text {
            Some(text) => text,
            None => bundle_text(&src.files),
        })
    }
}

/// What one server serves.
struct Site {
    www: PathBuf,
    pkg: PathBuf,
    pack: Option<Arc<Preview>>,
}

/// Serve `www/` (or `www_dir`, e.g. another checkout's page) and the package in `pkg/` (or in
/// `pkg_dir`, e.g. a lean one under `target/lean/`), and with `pack` a preview of that rule pack.
pub fn serve(
    port: u16,
    pkg_dir: Option<PathBuf>,
    www_dir: Option<PathBuf>,
    pack: Option<PathBuf>,
) -> Result {
    let pack = match pack {
        Some(p) => Some(Arc::new(Preview::new(&p)?)),
        None => None,
    };
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("bind 127.0.0.1:{port}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("Serving frontdesk demo on http://{addr}/  (Ctrl-C to stop)");
    let _ = std::io::stdout().flush();
    let site = Arc::new(Site {
        www: www_dir.unwrap_or_else(|| root().join("www")),
        pkg: pkg_dir.unwrap_or_else(|| root().join("pkg")),
        pack,
    });
    accept(listener, site);
    Ok(())
}

fn accept(listener: TcpListener, site: Arc<Site>) {
    for stream in listener.incoming().flatten() {
        let site = site.clone();
        std::thread::spawn(move || {
            let _ = handle(stream, &site);
        });
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "webmanifest" => "application/json; charset=utf-8",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Map a URL path to a file under `www/` or `pkg/`, refusing anything that would leave them.
pub fn resolve(url_path: &str, www: &Path, pkg: &Path) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("/");
    let (base, rel) = match path.strip_prefix("/pkg/") {
        Some(rest) => (pkg, rest),
        None => (www, path.trim_start_matches('/')),
    };
    let rel = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    let rel_path = Path::new(&rel);
    if rel_path
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let full = base.join(rel_path);
    full.is_file().then_some(full)
}

/// Whether a body of this content type is worth compressing (already-compressed images are not).
fn compressible(content_type: &str) -> bool {
    !content_type.starts_with("image/png") && content_type != "application/octet-stream"
}

/// Whether `Accept-Encoding` (the header's value) accepts gzip: listed (or `*`) without `q=0`.
pub fn accepts_gzip(accept_encoding: &str) -> bool {
    accepts(accept_encoding, &["gzip", "x-gzip"])
}

/// Whether `Accept-Encoding` accepts brotli (`br`): listed (or `*`) without `q=0`.
pub fn accepts_br(accept_encoding: &str) -> bool {
    accepts(accept_encoding, &["br"])
}

fn accepts(accept_encoding: &str, names: &[&str]) -> bool {
    let mut star = None;
    for item in accept_encoding.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q=").map(str::trim))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        if names.contains(&name.as_str()) {
            return q > 0.0;
        }
        if name == "*" {
            star = Some(q > 0.0);
        }
    }
    star.unwrap_or(false)
}

/// `body` gzip-compressed (default level: the package's wasm goes from ~700 KB to ~300 KB).
pub fn gzip(body: &[u8]) -> std::io::Result<Vec<u8>> {
    use flate2::{write::GzEncoder, Compression};
    let mut enc = GzEncoder::new(Vec::with_capacity(body.len() / 2), Compression::default());
    enc.write_all(body)?;
    enc.finish()
}

/// The precompressed `<file>.br` beside `file`, when there is one at least as new as the file.
fn brotli_beside(file: &Path) -> Option<Vec<u8>> {
    let mut name = file.file_name()?.to_os_string();
    name.push(".br");
    let br = file.with_file_name(name);
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if modified(&br)? < modified(file)? {
        return None;
    }
    std::fs::read(br).ok()
}

/// `body` brotli-compressed at quality 11 (what `cargo xtask pkg` writes beside the package).
pub fn brotli(body: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len() / 3);
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &body[..], &mut out, &params)?;
    Ok(out)
}

/// The answer to `GET url_path` that is not a file: the pack preview's two addresses.
/// `None`: not one of them (look for a file).
fn dynamic(url_path: &str, site: &Site) -> Option<(u16, &'static str, Vec<u8>)> {
    let path = url_path.split(['?', '#']).next().unwrap_or("/");
    if path != "/host-config.json" && path != "/pack/bundle.json" {
        return None;
    }
    let json = "application/json; charset=utf-8";
    // Without a preview, the page's own files answer (`www/host-config.json` as shipped is `{}`).
    let pack = site.pack.as_ref()?;
    Some(if path == "/host-config.json" {
        (200, json, HOST_CONFIG.as_bytes().to_vec())
    } else {
        match pack.bundle() {
            Ok(text) => (200, json, text.into_bytes()),
            Err(e) => {
                eprintln!("pack preview: {e}");
                (500, "text/plain; charset=utf-8", e.into_bytes())
            }
        }
    })
}

/// A file's version for its `ETag`: size and modification time (a rebuilt package changes both or
/// the second). `None` when the file system cannot say.
fn file_version(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!("{:x}-{:x}", meta.len(), modified.as_nanos()))
}

/// Whether `If-None-Match` (the header's value) names `etag` (or is `*`); weak tags compare by
/// their opaque part, as RFC 9110 §13.1.2 has it for GET.
pub fn etag_matches(if_none_match: &str, etag: &str) -> bool {
    if_none_match
        .split(',')
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == "*" || t == etag.trim_start_matches("W/"))
}

fn handle(stream: TcpStream, site: &Site) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Headers: Accept-Encoding and If-None-Match matter here.
    let (mut gzip_ok, mut br_ok) = (false, false);
    let mut if_none_match = String::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" || h == "\n" {
            break;
        }
        if let Some((name, value)) = h.split_once(':') {
            if name.trim().eq_ignore_ascii_case("accept-encoding") {
                gzip_ok = accepts_gzip(value.trim());
                br_ok = accepts_br(value.trim());
            } else if name.trim().eq_ignore_ascii_case("if-none-match") {
                if_none_match = value.trim().to_string();
            }
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let mut out = stream;
    if method != "GET" && method != "HEAD" {
        return out.write_all(
            b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
    }
    let mut precompressed = None;
    let mut file_tag = None;
    let answer = dynamic(target, site).or_else(|| {
        let p = resolve(target, &site.www, &site.pkg)?;
        if br_ok {
            precompressed = brotli_beside(&p);
        }
        file_tag = file_version(&p);
        std::fs::read(&p).ok().map(|b| (200, content_type(&p), b))
    });
    let (status, ctype, body) = answer.unwrap_or((404, "text/plain", b"not found".to_vec()));
    let (body, encoding) = if let (200, Some(br)) = (status, precompressed) {
        (br, "Content-Encoding: br\r\nVary: Accept-Encoding\r\n")
    } else if status == 200 && compressible(ctype) && gzip_ok {
        (
            gzip(&body)?,
            "Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n",
        )
    } else if status == 200 && compressible(ctype) {
        (body, "Vary: Accept-Encoding\r\n")
    } else {
        (body, "")
    };
    // A file's validator: its version and the encoding sent, so a browser (or the service worker's
    // precache) revalidating a file it has — `Cache-Control: no-cache` asks it to — gets a 304 and
    // no body, as from any production host, instead of the package again.
    let etag = match (status, file_tag) {
        (200, Some(v)) => {
            let coding = if encoding.contains("br") {
                "br"
            } else if encoding.contains("gzip") {
                "gz"
            } else {
                "id"
            };
            Some(format!("\"{v}-{coding}\""))
        }
        _ => None,
    };
    let not_modified = etag
        .as_ref()
        .is_some_and(|t| etag_matches(&if_none_match, t));
    let (status, body) = if not_modified {
        (304, Vec::new())
    } else {
        (status, body)
    };
    let reason = match status {
        200 => "OK",
        304 => "Not Modified",
        404 => "Not Found",
        _ => "Internal Server Error",
    };
    let etag = etag.map_or(String::new(), |t| format!("ETag: {t}\r\n"));
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n{encoding}{etag}Cache-Control: no-cache\r\nContent-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n",
        body.len()
    );
    out.write_all(head.as_bytes())?;
    if method == "GET" {
        out.write_all(&body)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn resolves_inside_roots_only() {
        let www = root().join("www");
        let pkg = root().join("pkg");
        assert_eq!(resolve("/", &www, &pkg), Some(www.join("index.html")));
        assert_eq!(
            resolve("/index.html?x=1", &www, &pkg),
            Some(www.join("index.html"))
        );
        assert_eq!(resolve("/../Cargo.toml", &www, &pkg), None);
        assert_eq!(resolve("/pkg/../../Cargo.toml", &www, &pkg), None);
        assert_eq!(resolve("/nope.js", &www, &pkg), None);
    }

    #[test]
    fn gzip_only_when_accepted() {
        assert!(accepts_gzip("gzip, deflate, br"));
        assert!(accepts_gzip("br;q=1.0, gzip;q=0.8"));
        assert!(accepts_gzip("*"));
        assert!(!accepts_gzip("gzip;q=0"));
        assert!(!accepts_gzip("gzip; q=0.0, *;q=1"));
        assert!(!accepts_gzip("br"));
        assert!(!accepts_gzip(""));
        assert!(!accepts_gzip("identity"));
        assert!(accepts_br("gzip, deflate, br"));
        assert!(accepts_br("br;q=0.5"));
        assert!(!accepts_br("gzip;q=0.8, br;q=0"));
        assert!(!accepts_br("gzip"));
        let body = b"frontdesk ".repeat(200);
        let z = gzip(&body).unwrap();
        assert!(z.len() < body.len() / 10 && z.starts_with(&[0x1f, 0x8b]));
        let mut back = Vec::new();
        use std::io::Read;
        flate2::read::GzDecoder::new(&z[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, body);
    }

    /// A server on a free port (`pack`: a preview), as `serve` runs it.
    fn start(pack: Option<&Path>) -> std::net::SocketAddr {
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let addr = listener.local_addr().unwrap();
        let site = Arc::new(Site {
            www: root().join("www"),
            pkg: root().join("pkg"),
            pack: pack.map(|p| Arc::new(Preview::new(p).unwrap())),
        });
        std::thread::spawn(move || accept(listener, site));
        addr
    }

    /// `GET path`: status code, content type and body.
    fn get(addr: std::net::SocketAddr, path: &str) -> (u16, String, String) {
        let mut s = TcpStream::connect(addr).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        let mut text = String::new();
        s.read_to_string(&mut text).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        let ctype = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Type: "))
            .unwrap_or("")
            .to_string();
        (status, ctype, body.to_string())
    }

    #[test]
    fn a_file_the_browser_has_is_not_sent_again() {
        assert!(etag_matches("\"a-b-br\"", "\"a-b-br\""));
        assert!(etag_matches("\"x\", W/\"a-b-br\"", "\"a-b-br\""));
        assert!(etag_matches("*", "\"a-b-br\""));
        assert!(!etag_matches("\"a-b-gz\"", "\"a-b-br\""));
        assert!(!etag_matches("", "\"a-b-br\""));
        let addr = start(None);
        // `headers`: the request's header lines after Host, each ending in \r\n.
        let raw = |headers: &str| {
            let mut s = TcpStream::connect(addr).unwrap();
            write!(
                s,
                "GET /app.js HTTP/1.1\r\nHost: localhost\r\n{headers}\r\n"
            )
            .unwrap();
            let mut text = Vec::new();
            s.read_to_end(&mut text).unwrap();
            String::from_utf8_lossy(&text).into_owned()
        };
        let gzip = "Accept-Encoding: gzip\r\n";
        let first = raw(gzip);
        assert!(first.starts_with("HTTP/1.1 200"), "{first}");
        let tag = first
            .lines()
            .find_map(|l| l.strip_prefix("ETag: "))
            .expect("an ETag")
            .to_string();
        assert!(tag.ends_with("-gz\""), "{tag}");
        let again = raw(&format!("{gzip}If-None-Match: {tag}\r\n"));
        assert!(again.starts_with("HTTP/1.1 304"), "{again}");
        assert!(again.contains("Content-Length: 0\r\n") && again.ends_with("\r\n\r\n"));
        // Another encoding is another representation: sent in full.
        let plain = raw(&format!("If-None-Match: {tag}\r\n"));
        assert!(plain.starts_with("HTTP/1.1 200"), "{plain}");
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-serve-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap().flatten() {
            if e.path().is_dir() {
                copy_dir(&e.path(), &to.join(e.file_name()));
            } else {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    }

    #[test]
    fn without_a_pack_the_pages_own_host_config_answers() {
        let addr = start(None);
        let (status, _, body) = get(addr, "/host-config.json");
        assert_eq!((status, body.trim()), (200, "{}"));
        assert_eq!(get(addr, "/pack/bundle.json").0, 404);
        assert_eq!(get(addr, "/index.html").0, 200);
    }

    #[test]
    fn a_pack_folder_is_previewed_as_a_bundle() {
        let addr = start(Some(&root().join("pkg-config")));
        let (status, ctype, body) = get(addr, "/host-config.json");
        assert_eq!(
            (status, ctype.as_str()),
            (200, "application/json; charset=utf-8")
        );
        let config: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(config["rulePackUrl"], "/pack/bundle.json");
        let (status, _, bundle) = get(addr, "/pack/bundle.json");
        assert_eq!(status, 200);
        let pack = frontdesk::RulePack::from_bundle_json(&bundle).expect("the page can load it");
        assert_eq!(
            pack.version(),
            frontdesk::RulePack::embedded().unwrap().version()
        );
        assert!(bundle.starts_with("{\"format\":\"frontdesk-pack/1\""));
    }

    #[test]
    fn a_broken_pack_is_still_served_and_edits_show_on_reload() {
        let dir = scratch("broken");
        let pack = dir.join("pack");
        copy_dir(&root().join("pkg-config"), &pack);
        let addr = start(Some(&pack));
        let (_, _, first) = get(addr, "/pack/bundle.json");
        assert!(frontdesk::RulePack::from_bundle_json(&first).is_ok());
        // Break it while the server runs: the next request serves the edit, which the page refuses.
        let manifest = pack.join("pack.json");
        let text = std::fs::read_to_string(&manifest).unwrap();
        std::fs::write(
            &manifest,
            text.replace("\"kioskIdleSeconds\": 90", "\"kioskIdleSeconds\": 5"),
        )
        .unwrap();
        let (status, _, bundle) = get(addr, "/pack/bundle.json");
        assert_eq!(status, 200);
        let e = frontdesk::RulePack::from_bundle_json(&bundle).unwrap_err();
        assert_eq!(
            (e.file.as_deref(), e.path.as_deref()),
            (Some("pack.json"), Some("settings.kioskIdleSeconds"))
        );
    }

    #[test]
    fn a_bundle_file_is_served_as_it_is() {
        let dir = scratch("bundle");
        let files = frontdesk::rulepack::default_files().unwrap();
        let text = frontdesk_pack::bundle_text(&files);
        let tampered = text.replacen("\"kioskIdleSeconds\":90", "\"kioskIdleSeconds\":900", 1);
        assert_ne!(text, tampered);
        let path = dir.join("bank-pack.json");
        std::fs::write(&path, &tampered).unwrap();
        let addr = start(Some(&path));
        let (status, _, body) = get(addr, "/pack/bundle.json");
        assert_eq!((status, body.as_str()), (200, tampered.as_str()));
        assert_eq!(
            frontdesk::RulePack::from_bundle_json(&body)
                .unwrap_err()
                .code,
            "rule_pack.digest_mismatch"
        );
    }

    #[test]
    fn an_unreadable_pack_is_refused_at_start() {
        assert!(Preview::new(&root().join("no-such-pack")).is_err());
    }
}
