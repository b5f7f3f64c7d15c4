//! Install what is missing, the way this machine kind allows (../shared/toolchain.md): nothing is
//! downloaded except from crates.io, Debian's packages and the npm registry.

use crate::{root, run, Result};
use std::path::Path;
use std::process::Command;

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The exact wasm-bindgen version in Cargo.lock (Cargo.toml pins it with `=`).
pub fn wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
            {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("wasm-bindgen not found in Cargo.lock (run `cargo generate-lockfile`)".into())
}

pub fn ensure_wasm_target() -> Result {
    let installed =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

pub fn ensure_wasm_bindgen_cli() -> Result {
    let want = wasm_bindgen_version()?;
    let have = output(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    let have_runner =
        output(Command::new("wasm-bindgen-test-runner").arg("--version")).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(want.as_str()) && have_runner.contains(want.as_str())
    {
        return Ok(());
    }
    eprintln!("wasm-bindgen-cli {want} is missing (found: {:?}); building it from crates.io (about 6 minutes)", have.trim());
    // Without --locked: the registry copy here lacks a version its lock file wants (toolchain.md).
    // --force: a half-present install (one binary missing, or another version) is replaced.
    run(Command::new("cargo").args([
        "install",
        "--force",
        "wasm-bindgen-cli",
        "--version",
        &format!("={want}"),
    ]))
}

pub fn ensure_chromium() -> Result {
    if Path::new(CHROMIUM).exists()
        && Path::new(CHROMEDRIVER).exists()
        && Path::new("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc").exists()
    {
        return Ok(());
    }
    let uid = output(Command::new("id").arg("-u")).unwrap_or_default();
    if uid.trim() != "0" {
        return Err(format!(
            "{CHROMIUM} or {CHROMEDRIVER} is missing: run `sudo apt-get install -y chromium chromium-driver fonts-wqy-microhei`"
        ));
    }
    run(Command::new("apt-get").arg("update"))?;
    run(Command::new("apt-get")
        .env("DEBIAN_FRONTEND", "noninteractive")
        .args([
            "install",
            "-y",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
            "fonts-wqy-microhei",
        ]))
}

/// `npm ci` in `dir` when its node_modules is missing or older than the lock file.
pub fn ensure_npm(dir: &Path) -> Result {
    let lock = dir.join("package-lock.json");
    let marker = dir.join("node_modules/.package-lock.json");
    let stale = match (
        std::fs::metadata(&lock).and_then(|m| m.modified()),
        std::fs::metadata(&marker).and_then(|m| m.modified()),
    ) {
        (Ok(l), Ok(m)) => l > m,
        _ => true,
    };
    if !stale {
        return Ok(());
    }
    run(Command::new("npm")
        .current_dir(dir)
        .args(["ci", "--no-audit", "--no-fund"])
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))
}

pub fn ensure_wasm_tools() -> Result {
    ensure_wasm_target()?;
    ensure_wasm_bindgen_cli()
}

pub fn setup_all() -> Result {
    ensure_wasm_tools()?;
    ensure_chromium()?;
    ensure_npm(&root().join("tests/e2e"))?;
    ensure_npm(&root().join("tests/ts"))
}
