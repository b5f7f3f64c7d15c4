//! `cargo xtask fuzz [seconds]`: run every cargo-fuzz target in `fuzz/` for `seconds` each (nightly
//! toolchain, libFuzzer). `cargo xtask test` runs a short smoke of each. Crashing inputs found by a
//! run are copied to `tests/fixtures/fuzz-regressions/<target>/` to be kept as regression inputs
//! (`tests/fuzz_regressions.rs` replays that folder and `fuzz/seeds/` natively through the same
//! driver, `fuzz/src/lib.rs`). Each run's libFuzzer log is kept in `fuzz/artifacts/<target>.log`
//! and its figures (runs, seconds, runs per second) are printed. `cargo xtask fuzz 600 a b` runs
//! only targets `a` and `b`.

use crate::{root, run, Result, Tally};
use std::process::Command;

/// Seconds each target runs during `cargo xtask test`.
pub const SMOKE_SECONDS: u64 = 5;

fn has_nightly() -> bool {
    Command::new("cargo")
        .args(["+nightly", "--version"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn ensure_cargo_fuzz() -> Result {
    let ok = Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if ok {
        return Ok(());
    }
    run(Command::new("cargo").args(["install", "cargo-fuzz"]))
}

pub fn targets() -> Vec<String> {
    let dir = root().join("fuzz/fuzz_targets");
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| {
                    e.file_name()
                        .to_str()
                        .and_then(|n| n.strip_suffix(".rs"))
                        .map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Run every target for `seconds`; a crash fails the run and is kept under tests/fixtures.
pub fn fuzz_all(seconds: u64) -> Result<Tally> {
    fuzz_some(seconds, &[])
}

/// Run the named targets (all of them when `only` is empty) for `seconds` each:
/// `cargo xtask fuzz 600 parse_mrz expr` runs two targets ten minutes each, so the long runs can be
/// split over several processes.
pub fn fuzz_some(seconds: u64, only: &[String]) -> Result<Tally> {
    let all = targets();
    if let Some(unknown) = only.iter().find(|t| !all.contains(t)) {
        return Err(format!(
            "no fuzz target named {unknown} (see fuzz/fuzz_targets/)"
        ));
    }
    let targets: Vec<String> = all
        .into_iter()
        .filter(|t| only.is_empty() || only.contains(t))
        .collect();
    if targets.is_empty() {
        return Ok(Tally::default());
    }
    if !has_nightly() {
        return Err(
            "the nightly toolchain is missing (cargo-fuzz needs it; it cannot be fetched here)"
                .into(),
        );
    }
    ensure_cargo_fuzz()?;
    let fuzz_dir = root().join("fuzz");
    let mut t = Tally::default();
    for target in &targets {
        let corpus = fuzz_dir.join("corpus").join(target);
        let seeds = fuzz_dir.join("seeds").join(target);
        let _ = std::fs::create_dir_all(&corpus);
        let artifacts = fuzz_dir.join("artifacts").join(target);
        let _ = std::fs::create_dir_all(&artifacts);
        let mut cmd = Command::new("cargo");
        cmd.current_dir(&fuzz_dir)
            .args(["+nightly", "fuzz", "run", target])
            .arg(&corpus);
        if seeds.is_dir() {
            cmd.arg(&seeds);
        }
        cmd.arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .arg("-rss_limit_mb=2048")
            .arg("-timeout=10");
        eprintln!("\n=== fuzz {target} for {seconds}s");
        let log_path = fuzz_dir.join("artifacts").join(format!("{target}.log"));
        if let Ok(log) = std::fs::File::create(&log_path) {
            cmd.stderr(log);
        }
        let result = run(&mut cmd);
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        // libFuzzer's closing line: "Done 123456 runs in 61 second(s)".
        let done = log
            .lines()
            .rev()
            .find(|l| l.starts_with("Done "))
            .unwrap_or("")
            .to_string();
        match result {
            Ok(()) => {
                println!(
                    "fuzz {target}: ok, no crash ({})",
                    if done.is_empty() {
                        format!("{seconds}s")
                    } else {
                        done
                    }
                );
                t.passed += 1;
            }
            Err(e) => {
                println!("fuzz {target}: FAILED ({e})");
                for l in log
                    .lines()
                    .rev()
                    .take(40)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                {
                    eprintln!("  {l}");
                }
                t.failed += 1;
                let keep = root().join("tests/fixtures/fuzz-regressions").join(target);
                let _ = std::fs::create_dir_all(&keep);
                for a in std::fs::read_dir(&artifacts)
                    .into_iter()
                    .flatten()
                    .flatten()
                {
                    let _ = std::fs::copy(a.path(), keep.join(a.file_name()));
                }
                eprintln!("crashing inputs copied to {}", keep.display());
            }
        }
    }
    Ok(t)
}

/// The short run of every target inside `cargo xtask test`. Without the nightly toolchain (which
/// cannot be installed from here) the smoke is reported as skipped, loudly, rather than failed.
pub fn smoke() -> Result<Tally> {
    if !targets().is_empty() && !has_nightly() {
        println!(
            "fuzz smoke: SKIPPED — the nightly toolchain is not installed (cargo-fuzz needs it)"
        );
        return Ok(Tally {
            skipped: targets().len() as u64,
            ..Tally::default()
        });
    }
    fuzz_all(SMOKE_SECONDS)
}
