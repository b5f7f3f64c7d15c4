//! Reading a pack: a folder laid out like `pkg-config/` (every `*.json` file, `schema/` and hidden
//! entries left out, as build.rs embeds the default pack) or one bundle file (the versioned
//! envelope `frontdesk-pack bundle` writes, or a plain object of file path → content).

use crate::jsontext::LineIndex;
use crate::problem::{resolve, Finder, JsonPath, Problem, Seg};
use frontdesk::rulepack::{bundle, Files, MAX_PACK_BYTES, MAX_PACK_FILES};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Folder entries visited at most before the folder is judged not to be a pack.
const MAX_ENTRIES: usize = 2000;
/// Deepest folder level read (`pack/questionnaires/x.json` is level 2).
const MAX_DEPTH: usize = 3;

/// A pack as read from disk.
pub struct Source {
    /// The path as given.
    pub path: PathBuf,
    /// The bundle text, when the pack came as one file.
    pub bundle_text: Option<String>,
    /// Every file that is JSON, parsed.
    pub files: Files,
    /// Line indexes of the files read from a folder.
    lines: BTreeMap<String, LineIndex>,
    /// Problems met while reading (not JSON, not UTF-8, too large, a bundle's digest).
    pub problems: Vec<Problem>,
    /// Files left out because they are not `*.json` (a README beside the pack, say).
    pub ignored: Vec<String>,
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

impl Source {
    /// Read the pack at `path`. `Err` when there is nothing to check: the path is missing, not
    /// readable, too large, not a pack folder, or a bundle that is not JSON.
    pub fn open(path: &Path) -> Result<Source, String> {
        let meta = std::fs::metadata(path)
            .map_err(|e| format!("{}: cannot read it ({e})", path.display()))?;
        let mut src = Source {
            path: path.to_path_buf(),
            bundle_text: None,
            files: Files::new(),
            lines: BTreeMap::new(),
            problems: Vec::new(),
            ignored: Vec::new(),
        };
        if meta.is_dir() {
            src.read_dir()?;
        } else {
            src.read_bundle(meta.len())?;
        }
        if !src.files.contains_key("pack.json")
            && !src.problems.iter().any(|p| p.file == "pack.json")
        {
            return Err(format!(
                "{}: no pack.json — not a rule pack (a pack is a folder like pkg-config/ with \
                 pack.json at its root, or a bundle made by `frontdesk-pack bundle`)",
                path.display()
            ));
        }
        Ok(src)
    }

    fn read_dir(&mut self) -> Result<(), String> {
        let mut found = Vec::new();
        let mut visited = 0;
        walk(&self.path, "", 0, &mut visited, &mut found)?;
        if found.len() > MAX_PACK_FILES {
            return Err(format!(
                "{}: {} JSON files — a rule pack holds at most {MAX_PACK_FILES}; is this the pack folder?",
                self.path.display(),
                found.len()
            ));
        }
        let mut total = 0u64;
        for (rel, full, len) in found {
            if !rel.ends_with(".json") {
                self.ignored.push(rel);
                continue;
            }
            if len as usize > MAX_PACK_BYTES {
                self.problems.push(Problem::new(
                    &rel,
                    Vec::new(),
                    format!(
                        "too large: {} — a whole rule pack is at most {}",
                        mb(len),
                        mb(MAX_PACK_BYTES as u64)
                    ),
                    Finder::Reading,
                ));
                continue;
            }
            total += len;
            if total as usize > MAX_PACK_BYTES {
                self.problems.push(Problem::new(
                    "",
                    Vec::new(),
                    format!(
                        "too large: the files come to more than {} (reading stopped at {rel})",
                        mb(MAX_PACK_BYTES as u64)
                    ),
                    Finder::Reading,
                ));
                break;
            }
            let bytes = std::fs::read(&full).map_err(|e| format!("{}: {e}", full.display()))?;
            let Ok(text) = String::from_utf8(bytes) else {
                self.problems.push(Problem::new(
                    &rel,
                    Vec::new(),
                    "not UTF-8 text (save the file as UTF-8)",
                    Finder::Reading,
                ));
                continue;
            };
            match serde_json::from_str::<Value>(&text) {
                Ok(v) => {
                    self.lines.insert(rel.clone(), LineIndex::new(&text));
                    self.files.insert(rel, v);
                }
                Err(e) => {
                    let mut p =
                        Problem::new(&rel, Vec::new(), format!("not JSON: {e}"), Finder::Reading);
                    p.line = Some(e.line());
                    self.problems.push(p);
                }
            }
        }
        Ok(())
    }

    fn read_bundle(&mut self, len: u64) -> Result<(), String> {
        if len as usize > MAX_PACK_BYTES {
            return Err(format!(
                "{}: {} — a rule-pack bundle is at most {}",
                self.path.display(),
                mb(len),
                mb(MAX_PACK_BYTES as u64)
            ));
        }
        let bytes =
            std::fs::read(&self.path).map_err(|e| format!("{}: {e}", self.path.display()))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| format!("{}: not UTF-8 text", self.path.display()))?;
        let value: Value = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}: not JSON ({e}) — give a pack folder or a bundle file",
                self.path.display()
            )
        })?;
        let Value::Object(mut map) = value else {
            return Err(format!(
                "{}: a bundle is a JSON object (an envelope from `frontdesk-pack bundle`, or file path → content)",
                self.path.display()
            ));
        };
        if map.contains_key("format") {
            let Some(Value::Object(files)) = map.remove("files") else {
                return Err(format!(
                    "{}: the bundle envelope has no files object",
                    self.path.display()
                ));
            };
            self.files = files.into_iter().collect();
            if map.get("format").and_then(Value::as_str) != Some(bundle::FORMAT) {
                self.problems.push(Problem::new(
                    "",
                    vec![Seg::Key("format".into())],
                    format!("not a bundle format this tool reads ({})", bundle::FORMAT),
                    Finder::Reading,
                ));
            }
            let sha = bundle::files_sha256(&self.files);
            if map.get("sha256").and_then(Value::as_str) != Some(sha.as_str()) {
                self.problems.push(Problem::new(
                    "",
                    vec![Seg::Key("sha256".into())],
                    format!("the files do not match the bundle's sha256 (they hash to {sha}): the bundle was changed or damaged after it was made"),
                    Finder::Reading,
                ));
            }
        } else {
            self.files = map.into_iter().collect();
        }
        if self.files.len() > MAX_PACK_FILES {
            return Err(format!(
                "{}: {} files — a rule pack holds at most {MAX_PACK_FILES}",
                self.path.display(),
                self.files.len()
            ));
        }
        self.bundle_text = Some(text);
        Ok(())
    }

    /// Whether the pack came as one bundle file.
    pub fn is_bundle(&self) -> bool {
        self.bundle_text.is_some()
    }

    /// The 1-based line of `path` in `file` (files read from a folder only: a bundle is one line).
    pub fn line(&self, file: &str, path: &[Seg]) -> Option<usize> {
        self.lines.get(file)?.line(&crate::problem::pointer(path))
    }

    /// A path as the library writes it, resolved against `file`'s content.
    pub fn resolve(&self, file: &str, path: &str) -> JsonPath {
        match self.files.get(file) {
            Some(v) => resolve(path, v),
            None => resolve(path, &Value::Null),
        }
    }
}

/// Every regular file under `dir` (relative path with `/`, full path, size), sorted; hidden entries
/// and the top-level `schema/` folder left out.
fn walk(
    dir: &Path,
    rel: &str,
    depth: usize,
    visited: &mut usize,
    out: &mut Vec<(String, PathBuf, u64)>,
) -> Result<(), String> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: cannot read the folder ({e})", dir.display()))?
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        *visited += 1;
        if *visited > MAX_ENTRIES {
            return Err(format!(
                "{}: more than {MAX_ENTRIES} entries — this does not look like a rule-pack folder",
                dir.display()
            ));
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let child = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if (rel.is_empty() && name == "schema") || depth + 1 >= MAX_DEPTH {
                continue;
            }
            walk(&path, &child, depth + 1, visited, out)?;
        } else if meta.is_file() {
            out.push((child, path, meta.len()));
        }
    }
    Ok(())
}
