//! A small static file server for the demo and the e2e tests: `www/` at `/`, the built package at
//! `/pkg/`, on 127.0.0.1 only. GET and HEAD, no directory listings, no path escapes.

use crate::{root, Result};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

/// Same policy as the page's meta tag; the header also covers the wasm and JSON responses.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/// Serve `www/` and the package in `pkg/` (or in `pkg_dir`, e.g. a lean one under `target/lean/`).
pub fn serve(port: u16, pkg_dir: Option<PathBuf>) -> Result {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("bind 127.0.0.1:{port}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("Serving frontdesk demo on http://{addr}/  (Ctrl-C to stop)");
    let _ = std::io::stdout().flush();
    let www = root().join("www");
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

fn handle(stream: TcpStream, www: &Path, pkg: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain headers.
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" || h == "\n" {
            break;
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
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nContent-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n",
                content_type(&path),
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
}
