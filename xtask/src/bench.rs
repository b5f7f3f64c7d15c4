//! `cargo xtask bench`: package size, then per-call times natively (criterion) and from Node (the
//! built package), side by side with the ratio. A benchmark, never a test: nothing here asserts.

use crate::{root, run, Result};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

pub fn gzip_size(path: &Path) -> Result<u64> {
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .map_err(|e| format!("gzip: {e}"))?;
    Ok(out.stdout.len() as u64)
}

fn kb(n: u64) -> String {
    format!("{:.1} KB", n as f64 / 1024.0)
}

/// gzip -9 bytes of what a page ships: the wasm module (with the default rule pack inside) and the
/// JS glue.
pub fn package_gzip_bytes() -> Result<u64> {
    package_gzip_bytes_in(&root().join("pkg"))
}

/// The same for a package in `dir` (a lean one under `target/lean/<name>/`).
pub fn package_gzip_bytes_in(dir: &Path) -> Result<u64> {
    Ok(gzip_size(&dir.join("frontdesk_bg.wasm"))? + gzip_size(&dir.join("frontdesk.js"))?)
}

/// Build every lean package (`LEAN_BUILDS`) under `target/lean/<name>/` and return its gzip size.
pub fn lean_sizes() -> Vec<(&'static str, &'static str, u64, Result<u64>)> {
    crate::LEAN_BUILDS
        .iter()
        .map(|(name, features, ceiling_kb)| {
            let dir = root().join("target/lean").join(name);
            let size = crate::build_pkg_with(&dir, Some(features))
                .and_then(|_| package_gzip_bytes_in(&dir));
            (*name, *features, *ceiling_kb, size)
        })
        .collect()
}

pub fn sizes() -> Result<()> {
    let pkg = root().join("pkg");
    let wasm = pkg.join("frontdesk_bg.wasm");
    let js = pkg.join("frontdesk.js");
    let raw = std::fs::metadata(&wasm)
        .map_err(|e| format!("{}: {e}", wasm.display()))?
        .len();
    let wasm_gz = gzip_size(&wasm)?;
    let js_gz = gzip_size(&js)?;
    println!("package size");
    println!("  wasm raw        {:>10}", kb(raw));
    println!("  wasm gzip -9    {:>10}", kb(wasm_gz));
    println!("  JS glue gzip -9 {:>10}", kb(js_gz));
    println!("  total gzip      {:>10}", kb(wasm_gz + js_gz));
    Ok(())
}

/// Criterion's mean estimate (ns) of every benchmark under target/criterion.
fn criterion_means() -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    let base = root().join("target/criterion");
    let mut stack = vec![base.clone()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.ends_with("new/estimates.json") {
                let bench_json = p.parent().unwrap().join("benchmark.json");
                let id = std::fs::read_to_string(&bench_json)
                    .ok()
                    .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                    .and_then(|v| v["full_id"].as_str().map(str::to_string));
                let mean = std::fs::read_to_string(&p)
                    .ok()
                    .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                    .and_then(|v| v["mean"]["point_estimate"].as_f64());
                if let (Some(id), Some(mean)) = (id, mean) {
                    out.insert(id, mean);
                }
            }
        }
    }
    out
}

/// Install twiggy from crates.io when it is missing.
fn ensure_twiggy() -> Result {
    let ok = Command::new("twiggy")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if ok {
        return Ok(());
    }
    run(Command::new("cargo").args(["install", "twiggy"]))
}

/// The largest items of the module (`twiggy top`). `pkg/` strips the name section, so a copy with
/// names kept is generated with wasm-bindgen from the release build into a temporary folder.
pub fn breakdown(items: usize) -> Result {
    ensure_twiggy()?;
    let root = root();
    let wasm = root.join("target/wasm32-unknown-unknown/release/frontdesk.wasm");
    let tmp = std::env::temp_dir().join(format!("frontdesk-twiggy-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    run(Command::new("wasm-bindgen")
        .arg(&wasm)
        .args(["--target", "web", "--out-dir"])
        .arg(&tmp))?;
    let out = Command::new("twiggy")
        .args(["top", "-n", &items.to_string()])
        .arg(tmp.join("frontdesk_bg.wasm"))
        .output()
        .map_err(|e| format!("twiggy: {e}"))?;
    let _ = std::fs::remove_dir_all(&tmp);
    if !out.status.success() {
        return Err(format!(
            "twiggy top failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    println!("\nsize breakdown: top {items} items of the module, names kept (twiggy top; raw bytes before gzip;");
    println!("the \"function names\" subsection exists only in this copy: pkg/ ships without it)");
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        println!("  {line}");
    }
    Ok(())
}

pub fn bench() -> Result {
    let root = root();
    sizes()?;
    breakdown(25)?;
    println!("\nlean packages (documents core + the capabilities one screen calls; gzip -9, wasm + JS glue)");
    for (name, features, _, size) in lean_sizes() {
        println!(
            "  {:<14} {:<24} {:>10}",
            name,
            if features.is_empty() { "-" } else { features },
            kb(size?)
        );
    }
    run(Command::new("cargo").current_dir(&root).args([
        "bench",
        "-p",
        "frontdesk-benches",
        "--bench",
        "native",
        "--",
        "--warm-up-time",
        "1",
        "--measurement-time",
        "2",
    ]))?;
    let native = criterion_means();
    let js_dir = root.join("benches/js");
    crate::tools::ensure_npm(&js_dir)?;
    let out = Command::new("node")
        .current_dir(&js_dir)
        .arg("bench.mjs")
        .output()
        .map_err(|e| format!("node: {e}"))?;
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    if !out.status.success() {
        return Err("benches/js/bench.mjs failed".into());
    }
    let report: Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("bench.mjs output: {e}"))?;
    println!(
        "\nper-call time (ns): native Rust vs the WASM package called from Node {}",
        report["node"].as_str().unwrap_or("")
    );
    println!(
        "  {:<52} {:>10} {:>10} {:>7}",
        "case", "native", "wasm/node", "ratio"
    );
    for row in report["frontdesk"].as_array().into_iter().flatten() {
        let id = row["id"].as_str().unwrap_or("?");
        let js = row["ns"].as_f64().unwrap_or(f64::NAN);
        let nat = native.get(id).copied().unwrap_or(f64::NAN);
        println!("  {:<52} {:>10.0} {:>10.0} {:>6.1}x", id, nat, js, js / nat);
    }
    if let Some(peers) = report["peers"].as_array() {
        if !peers.is_empty() {
            println!("\npeers side by side (ns per call from Node; bytes shipped gzip)");
            println!(
                "  {:<40} {:>10} {:>10} {:>7} {:>10} {:>10}",
                "case", "frontdesk", "peer", "ratio", "fd bytes", "peer bytes"
            );
            for p in peers {
                println!(
                    "  {:<40} {:>10.0} {:>10.0} {:>6.2}x {:>10} {:>10}  ({})",
                    p["id"].as_str().unwrap_or("?"),
                    p["frontdeskNs"].as_f64().unwrap_or(f64::NAN),
                    p["peerNs"].as_f64().unwrap_or(f64::NAN),
                    p["frontdeskNs"].as_f64().unwrap_or(f64::NAN)
                        / p["peerNs"].as_f64().unwrap_or(f64::NAN),
                    p["frontdeskBytes"].as_u64().map(kb).unwrap_or_default(),
                    p["peerBytes"].as_u64().map(kb).unwrap_or_default(),
                    p["peer"].as_str().unwrap_or("")
                );
            }
        }
    }
    Ok(())
}
