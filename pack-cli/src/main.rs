//! `frontdesk-pack <command>`: see `USAGE` and docs/rule-packs.md.

use frontdesk::RulePack;
use frontdesk_pack::{bundle_text, check, diff, explain, schema::Validator, Source};
use serde_json::Value;
use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

const USAGE: &str = "\
frontdesk-pack — tools for a bank's frontdesk rule pack (docs/rule-packs.md)

usage:
  frontdesk-pack check   <pack>                    every problem: file:line: path: what is wrong
  frontdesk-pack diff    <old-pack> <new-pack>     the changes a reviewer approves, in words
  frontdesk-pack bundle  <pack> -o <file>          one verified file for new FrontDesk({ rulePack })
  frontdesk-pack explain <pack> <method> <input.json|-> [--now <RFC 3339>] [--locale zh-CN|en]
                                                   run one JSON method against the pack

<pack> is a pack folder (like pkg-config/) or a bundle file.

exit status:
  check    0 no problems; 1 problems (listed); 2 nothing to check (missing path, not a pack, usage)
  diff     0 no changes; 1 changes, version bumped; 3 changes but the version was not bumped
           (or went down); 2 a pack does not load, or usage
  bundle   0 written; 1 the pack has problems (listed, nothing written); 2 usage or I/O error
  explain  0 answer printed; 1 the method refused the input (error printed); 2 usage, the pack
           does not load, or the input is not JSON
";

/// A failure that ends the command: message and exit status.
struct Fail(String, u8);

type Run = Result<u8, Fail>;

fn usage(msg: &str) -> Fail {
    Fail(format!("{msg}\n\n{USAGE}"), 2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("check") => cmd_check(&args[1..]),
        Some("diff") => cmd_diff(&args[1..]),
        Some("bundle") => cmd_bundle(&args[1..]),
        Some("explain") => cmd_explain(&args[1..]),
        Some("help" | "-h" | "--help") => {
            print!("{USAGE}");
            Ok(0)
        }
        Some("--version" | "-V") => {
            println!("frontdesk-pack {}", env!("CARGO_PKG_VERSION"));
            Ok(0)
        }
        Some(other) => Err(usage(&format!("unknown command {other:?}"))),
        None => Err(usage("no command given")),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Fail(msg, code)) => {
            let _ = std::io::stdout().flush();
            eprintln!("frontdesk-pack: {msg}");
            ExitCode::from(code)
        }
    }
}

/// Positional arguments and `(--name, value)` options.
type Args<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>);

/// The positional arguments, and the value of each `--name value` option in `known`.
fn split_args<'a>(args: &'a [String], known: &[&str]) -> Result<Args<'a>, Fail> {
    let mut positional = Vec::new();
    let mut options = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a.starts_with('-') && a != "-" {
            if !known.contains(&a.as_str()) {
                return Err(usage(&format!("unknown option {a:?}")));
            }
            let value = it
                .next()
                .ok_or_else(|| usage(&format!("{a} needs a value")))?;
            options.push((a.as_str(), value.as_str()));
        } else {
            positional.push(a.as_str());
        }
    }
    Ok((positional, options))
}

fn open(path: &str) -> Result<Source, Fail> {
    Source::open(Path::new(path)).map_err(|e| Fail(e, 2))
}

fn validator() -> Result<Validator, Fail> {
    Validator::new().map_err(|e| Fail(format!("built-in schemas: {e}"), 2))
}

/// Print every problem and warning of `out`; the number of problems.
fn print_problems(out: &check::Outcome, to_stderr: bool) -> usize {
    let mut lines = Vec::new();
    for p in &out.problems {
        lines.push(p.to_string());
    }
    for w in &out.warnings {
        lines.push(format!("warning: {w}"));
    }
    for l in lines {
        if to_stderr {
            eprintln!("{l}");
        } else {
            println!("{l}");
        }
    }
    out.problems.len()
}

fn problem_count(out: &check::Outcome) -> String {
    let files: std::collections::BTreeSet<&str> =
        out.problems.iter().map(|p| p.file.as_str()).collect();
    if out.problems.is_empty() {
        // The loader refused without naming anything new (already counted by reading).
        "the pack does not load".into()
    } else {
        format!(
            "{} problem{} in {} file{}",
            out.problems.len(),
            if out.problems.len() == 1 { "" } else { "s" },
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        )
    }
}

fn cmd_check(args: &[String]) -> Run {
    let (pos, _) = split_args(args, &[])?;
    let [path] = pos[..] else {
        return Err(usage("check takes one pack folder or bundle file"));
    };
    let src = open(path)?;
    let out = check::check(&src, &validator()?);
    print_problems(&out, false);
    match &out.pack {
        Some(pack) if out.ok() => {
            println!("{}", check::summary(pack, &src));
            Ok(0)
        }
        _ => {
            println!("{}: {}", src.path.display(), problem_count(&out));
            Ok(1)
        }
    }
}

/// A pack that loads, for `diff`: its files.
fn loaded(path: &str, which: &str, v: &Validator) -> Result<Source, Fail> {
    let src = open(path)?;
    let out = check::check(&src, v);
    if !out.ok() {
        print_problems(&out, true);
        return Err(Fail(
            format!(
                "the {which} pack {path} does not pass check ({}): fix it first",
                problem_count(&out)
            ),
            2,
        ));
    }
    Ok(src)
}

fn cmd_diff(args: &[String]) -> Run {
    let (pos, _) = split_args(args, &[])?;
    let [old, new] = pos[..] else {
        return Err(usage("diff takes the old pack and the new pack"));
    };
    let v = validator()?;
    let (a, b) = (loaded(old, "old", &v)?, loaded(new, "new", &v)?);
    let d = diff::diff(&a.files, &b.files);
    print!("{}", diff::render(&d, old, new));
    Ok(if d.needs_bump() {
        3
    } else if d.content_changed() || d.bump != diff::Bump::Same {
        1
    } else {
        0
    })
}

fn cmd_bundle(args: &[String]) -> Run {
    let (pos, opts) = split_args(args, &["-o", "--output"])?;
    let [path] = pos[..] else {
        return Err(usage(
            "bundle takes one pack folder (or bundle) and -o <file>",
        ));
    };
    let Some(&(_, output)) = opts.last() else {
        return Err(usage(
            "bundle needs -o <file> (or -o - for standard output)",
        ));
    };
    let src = open(path)?;
    let out = check::check(&src, &validator()?);
    let Some(pack) = out.pack.as_ref().filter(|_| out.ok()) else {
        print_problems(&out, false);
        println!(
            "{}: {} — not bundled: fix them first",
            src.path.display(),
            problem_count(&out)
        );
        return Ok(1);
    };
    let text = bundle_text(&src.files);
    // The bundle as written must load as the library loads it.
    if let Err(e) = RulePack::from_bundle_json(&text) {
        return Err(Fail(format!("the bundle does not load back: {e}"), 2));
    }
    let sha = serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|v| v["sha256"].as_str().map(str::to_string))
        .unwrap_or_default();
    let summary = format!(
        "{}: {} / {} version {}, {} files, sha256 {sha}, {} bytes",
        if output == "-" { "bundle" } else { output },
        pack.manifest.name.en,
        pack.manifest.name.zh_cn,
        pack.version(),
        src.files.len(),
        text.len()
    );
    if output == "-" {
        print!("{text}");
        eprintln!("{summary}");
    } else {
        std::fs::write(output, &text).map_err(|e| Fail(format!("{output}: {e}"), 2))?;
        println!("wrote {summary}");
    }
    Ok(0)
}

fn read_input(path: &str) -> Result<Value, Fail> {
    let mut text = String::new();
    if path == "-" {
        std::io::stdin()
            .take(explain::MAX_INPUT_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(|e| Fail(format!("standard input: {e}"), 2))?;
    } else {
        let meta = std::fs::metadata(path)
            .map_err(|e| Fail(format!("{path}: cannot read the input ({e})"), 2))?;
        if meta.is_dir() {
            return Err(Fail(format!("{path}: a folder, not an input file"), 2));
        }
        if meta.len() > explain::MAX_INPUT_BYTES {
            return Err(Fail(
                format!(
                    "{path}: {} bytes — an input is at most {} bytes",
                    meta.len(),
                    explain::MAX_INPUT_BYTES
                ),
                2,
            ));
        }
        text = std::fs::read_to_string(path).map_err(|e| Fail(format!("{path}: {e}"), 2))?;
    }
    if text.len() as u64 > explain::MAX_INPUT_BYTES {
        return Err(Fail(
            format!(
                "{path}: an input is at most {} bytes",
                explain::MAX_INPUT_BYTES
            ),
            2,
        ));
    }
    serde_json::from_str(&text).map_err(|e| Fail(format!("{path}: not JSON ({e})"), 2))
}

fn cmd_explain(args: &[String]) -> Run {
    let (pos, opts) = split_args(args, &["--now", "--locale"])?;
    let [path, method, input] = pos[..] else {
        return Err(usage(
            "explain takes a pack, a method name and an input file (or - for standard input)",
        ));
    };
    let opt = |name: &str| opts.iter().rev().find(|(k, _)| *k == name).map(|(_, v)| *v);
    let input = read_input(input)?;
    let src = open(path)?;
    let loaded = match &src.bundle_text {
        Some(text) => RulePack::from_bundle_json(text),
        None => RulePack::from_files(&src.files),
    };
    let pack = loaded.map_err(|e| {
        Fail(
            format!(
                "the pack does not load: {e}\n(run `frontdesk-pack check {path}` for every problem)"
            ),
            2,
        )
    })?;
    let now = match opt("--now") {
        Some(now) => now.to_string(),
        None => {
            let now = explain::system_now();
            eprintln!(
                "note: no --now given: using this computer's clock, {now} (the library never reads a clock; pass --now for a repeatable answer)"
            );
            now
        }
    };
    let locale = opt("--locale").unwrap_or("zh-CN");
    frontdesk::Locale::parse(locale).map_err(|e| usage(&format!("--locale: {}", e.message)))?;
    frontdesk::time::parse_instant(&now, "now").map_err(|e| {
        usage(&format!(
            "--now {now:?}: {} (e.g. 2026-12-04T10:00:00+08:00)",
            e.message
        ))
    })?;
    if !frontdesk::api::method_known(method) {
        return Err(usage(&format!(
            "unknown method {method:?}; the methods are: {}",
            frontdesk::api::METHODS.join(", ")
        )));
    }
    match explain::explain(Arc::new(pack), method, &input, &now, locale) {
        Ok(answer) => {
            println!("{answer}");
            Ok(0)
        }
        Err(e) => {
            let detail = serde_json::to_string_pretty(&e).unwrap_or_default();
            println!("{detail}");
            Err(Fail(format!("{method}: {e}"), 1))
        }
    }
}
