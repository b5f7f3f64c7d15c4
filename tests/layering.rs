//! The layers of `src/` point one way. The allowed directions are written once, in the table of
//! docs/design.md ("Layers and their imports"); this test reads that table, reads every `crate::…`
//! path of every file under `src/` (test modules included: a capability's unit tests load its own
//! rules, not the whole pack), and fails naming the file and the import that goes where its layer
//! may not.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `layer → (modules, layers it may import)`, in table order.
struct Table {
    layer_of: BTreeMap<String, String>,
    may_import: BTreeMap<String, Vec<String>>,
}

const MARKER: &str = "<!-- layering table: read by tests/layering.rs -->";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The table after `MARKER`: `| layer | modules | may import |`, modules and layers in backticks.
fn read_table() -> Table {
    let doc = std::fs::read_to_string(root().join("docs/design.md")).expect("docs/design.md");
    let start = doc
        .find(MARKER)
        .unwrap_or_else(|| panic!("docs/design.md has no line {MARKER}"));
    let ticked = |cell: &str| -> Vec<String> {
        cell.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    let mut table = Table {
        layer_of: BTreeMap::new(),
        may_import: BTreeMap::new(),
    };
    let rows = doc[start + MARKER.len()..]
        .lines()
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| l.trim_start().starts_with('|'));
    for row in rows {
        let cells: Vec<&str> = row.trim().trim_matches('|').split('|').collect();
        let [layer, modules, imports] = cells.as_slice() else {
            panic!("a row of the layering table has three cells: {row}");
        };
        let Some(layer) = ticked(layer).pop() else {
            continue; // the header and the separator row
        };
        for m in ticked(modules) {
            table.layer_of.insert(m, layer.clone());
        }
        table.may_import.insert(layer, ticked(imports));
    }
    assert!(
        table.may_import.len() >= 3,
        "the layering table in docs/design.md was not found in its shape"
    );
    for imports in table.may_import.values() {
        for l in imports {
            assert!(
                table.may_import.contains_key(l),
                "the layering table names a layer `{l}` it does not define"
            );
        }
    }
    table
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src/").flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The code of a file without comments and without the contents of string and char literals (so
/// a `crate::` in a doc comment or a message is not an import).
fn code_only(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < b.len() {
        let rest = &src[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |e| e + 2);
        } else if rest.starts_with("r#\"") || rest.starts_with("r\"") {
            let hashes = rest[1..].bytes().take_while(|c| *c == b'#').count();
            let close = format!("\"{}", "#".repeat(hashes));
            let body = 2 + hashes;
            i += rest[body..]
                .find(&close)
                .map_or(rest.len(), |e| body + e + close.len());
            out.push_str("\"\"");
        } else if b[i] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            i = j + 1;
            out.push_str("\"\"");
        } else if let Some(len) = char_literal(rest) {
            i += len;
            out.push_str("' '");
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The length of a char literal at the start of `s` (`'x'`, `'"'`, `'\''`, `'\u{4e2d}'`), or
/// `None` for a lifetime (`'a`).
fn char_literal(s: &str) -> Option<usize> {
    if !s.starts_with('\'') {
        return None;
    }
    let mut it = s.char_indices().skip(1);
    match it.next()? {
        (_, '\\') => s.get(3..)?.find('\'').map(|e| e + 4).filter(|n| *n <= 12),
        _ => match it.next()? {
            (j, '\'') => Some(j + 1),
            _ => None,
        },
    }
}

/// The first path segment of every `crate::…` path in `code`, `use crate::{a, b::c}` included.
fn crate_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = code[from..].find("crate::") {
        let at = from + pos;
        from = at + "crate::".len();
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // e.g. `frontdesk_crate::`
        }
        let rest = &code[from..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut item = String::new();
            let mut items = Vec::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 1 => items.push(std::mem::take(&mut item)),
                    _ if depth == 1 => item.push(c),
                    _ => {}
                }
                if depth == 0 {
                    items.push(std::mem::take(&mut item));
                    break;
                }
            }
            for it in items {
                let first: String = it
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !first.is_empty() && first != "self" {
                    out.push(first);
                }
            }
        } else {
            let first: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !first.is_empty() {
                out.push(first);
            }
        }
    }
    out
}

/// Names the crate root makes available, and where they come from: `pub use desk::FrontDesk;` →
/// `FrontDesk → desk`, and `#[macro_export]` macros → the module defining them.
fn root_names(files: &[PathBuf]) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    let lib = code_only(&std::fs::read_to_string(root().join("src/lib.rs")).expect("lib.rs"));
    for stmt in lib.split(';') {
        let Some(path) = stmt.trim().strip_prefix("pub use ") else {
            continue;
        };
        let Some((module, items)) = path.split_once("::") else {
            continue;
        };
        for item in items.trim_matches(|c| c == '{' || c == '}').split(',') {
            let name = item.rsplit("::").next().unwrap_or("").trim();
            let name = name.rsplit(" as ").next().unwrap_or(name).trim();
            if !name.is_empty() {
                names.insert(name.to_string(), module.trim().to_string());
            }
        }
    }
    for f in files {
        let code = code_only(&std::fs::read_to_string(f).unwrap_or_default());
        let mut rest = code.as_str();
        while let Some(pos) = rest.find("#[macro_export]") {
            rest = &rest[pos + 15..];
            if let Some(name) = rest
                .trim_start()
                .strip_prefix("macro_rules!")
                .and_then(|r| {
                    r.trim_start()
                        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .next()
                })
            {
                names.insert(name.to_string(), module_of(f));
            }
        }
    }
    names
}

/// The top-level module a file belongs to: `src/tiers/check.rs` → `tiers`, `src/desk.rs` → `desk`.
fn module_of(file: &Path) -> String {
    let rel = file.strip_prefix(root().join("src")).unwrap_or(file);
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().to_string());
    first
        .unwrap_or_default()
        .trim_end_matches(".rs")
        .to_string()
}

/// Every import of `files` that goes where its layer may not: `(file, import, message)`.
fn violations(table: &Table, files: &[PathBuf]) -> Vec<String> {
    let names = root_names(files);
    let mut out = Vec::new();
    for f in files {
        let module = module_of(f);
        if module == "lib" {
            continue; // the crate root declares the modules
        }
        let rel = f.strip_prefix(root()).unwrap_or(f).display().to_string();
        let Some(layer) = table.layer_of.get(&module) else {
            out.push(format!(
                "{rel}: module `{module}` is not in the layering table of docs/design.md"
            ));
            continue;
        };
        let allowed = &table.may_import[layer];
        let code = code_only(&std::fs::read_to_string(f).expect("read a source file"));
        for first in crate_paths(&code) {
            let target = names.get(&first).cloned().unwrap_or(first.clone());
            if target == module {
                continue;
            }
            let Some(target_layer) = table.layer_of.get(&target) else {
                out.push(format!(
                    "{rel}: imports `crate::{first}`, which is in no layer"
                ));
                continue;
            };
            if !allowed.contains(target_layer) {
                out.push(format!(
                    "{rel}: imports `crate::{first}` (layer {target_layer}); layer {layer} may import only {}",
                    allowed.join(", ")
                ));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn every_import_points_down_the_layers() {
    let table = read_table();
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    files.sort();
    let bad = violations(&table, &files);
    assert!(
        bad.is_empty(),
        "imports against the layering table (docs/design.md):\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_reader_finds_grouped_imports_and_skips_comments_and_strings() {
    let code = code_only(
        "use crate::{a::X, b, self};\n// crate::c\nlet s = \"crate::d\";\n/* crate::e */ crate::f::g();\nlet r = r#\"crate::h\"#; let c = '\"'; let q = '\\''; fn f<'a>(x: &'a str) {} $crate::i::put();",
    );
    assert_eq!(crate_paths(&code), ["a", "b", "f", "i"]);
}
