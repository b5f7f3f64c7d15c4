//! A small static file server for the demo and the e2e tests: `www/` at `/`, the built package at
//! `/pkg/`, on 127.0.0.1 only. GET and HEAD, no directory listings, no path escapes. Text, JSON and
//! wasm bodies are sent gzip-compressed when the request's `Accept-Encoding` allows it (with
//! `Content-Encoding: gzip` and `Vary: Accept-Encoding`), as any real host would serve the package.
//! Brotli is not offered: the pure-Rust encoder is a large dependency for a demo server.

use crate::{root, Result};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

/// Same policy as the page's meta tag; the header also covers the wasm and JSON responses.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/// Serve `www/` (or `www_dir`, e.g. another checkout's page) and the package in `pkg/` (or in
/// `pkg_dir`, e.g. a lean one under `target/lean/`).
pub fn serve(port: u16, pkg_dir: Option<PathBuf>, www_dir: Option<PathBuf>) -> Result {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("bind 127.0.0.1:{port}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("Serving frontdesk demo on http://{addr}/  (Ctrl-C to stop)");
    let _ = std::io::stdout().flush();
    let www = www_dir.unwrap_or_else(|| root().join("www"));
    let pkg = pkg_dir.unwrap_or_else(|| root().join("pkg"));
    for stream in listener.incoming().flatten() {
        let (www, pkg) = (www.clone(), pkg.clone());
        std::thread::spawn(move || {
            let _ = handle(stream, &www, &pkg);
        });
    }
    Ok(())
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
    let mut star = None;
    for item in accept_encoding.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q=").map(str::trim))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        match name.as_str() {
            "gzip" | "x-gzip" => return q > 0.0,
            "*" => star = Some(q > 0.0),
            _ => {}
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

fn handle(stream: TcpStream, www: &Path, pkg: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Headers: only Accept-Encoding matters here.
    let mut gzip_ok = false;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" || h == "\n" {
            break;
        }
        if let Some((name, value)) = h.split_once(':') {
            if name.trim().eq_ignore_ascii_case("accept-encoding") {
                gzip_ok = accepts_gzip(value.trim());
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
    match resolve(target, www, pkg).and_then(|p| std::fs::read(&p).ok().map(|b| (p, b))) {
        Some((path, body)) => {
            let ty = content_type(&path);
            let (body, encoding) = if compressible(ty) && gzip_ok {
                (
                    gzip(&body)?,
                    "Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n",
                )
            } else if compressible(ty) {
                (body, "Vary: Accept-Encoding\r\n")
            } else {
                (body, "")
            };
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {ty}\r\nContent-Length: {}\r\n{encoding}Cache-Control: no-cache\r\nContent-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n",
                body.len()
            );
            out.write_all(head.as_bytes())?;
            if method == "GET" {
                out.write_all(&body)?;
            }
        }
        None => {
            let body = b"not found";
            let head = format!("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            out.write_all(head.as_bytes())?;
            out.write_all(body)?;
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
