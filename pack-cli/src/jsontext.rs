//! JSON as text: where each value of a file starts (line numbers for problems) and an indenter that
//! keeps the key order of the text it is given (the library's answers list keys in declaration
//! order; a parsed `serde_json::Value` would sort them).

use std::collections::HashMap;

/// The 1-based line of every value of a JSON text, by JSON Pointer: an object member's line is its
/// key's line, an array item's line is where the item starts.
pub struct LineIndex {
    lines: HashMap<String, usize>,
}

struct Scan<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    line: usize,
    lines: HashMap<String, usize>,
}

impl Scan<'_> {
    fn ws(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            match c {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => return,
            }
            self.i += 1;
        }
    }

    /// The raw string at `i` (with its quotes); `i` moves past it.
    fn string(&mut self) -> &str {
        let start = self.i;
        self.i += 1;
        while let Some(&c) = self.b.get(self.i) {
            self.i += 1;
            match c {
                b'\\' => self.i += 1,
                b'"' => break,
                _ => {}
            }
        }
        self.text.get(start..self.i.min(self.b.len())).unwrap_or("")
    }

    fn value(&mut self, ptr: String, depth: usize) {
        self.ws();
        self.lines.entry(ptr.clone()).or_insert(self.line);
        match self.b.get(self.i) {
            Some(b'{') if depth < 256 => {
                self.i += 1;
                loop {
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b'"') => {
                            let line = self.line;
                            let raw = self.string().to_string();
                            let key: String = serde_json::from_str(&raw).unwrap_or_default();
                            let child =
                                format!("{ptr}/{}", key.replace('~', "~0").replace('/', "~1"));
                            self.lines.insert(child.clone(), line);
                            self.ws();
                            if self.b.get(self.i) == Some(&b':') {
                                self.i += 1;
                            }
                            self.value(child, depth + 1);
                        }
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return;
                        }
                        _ => return,
                    }
                }
            }
            Some(b'[') if depth < 256 => {
                self.i += 1;
                let mut n = 0;
                loop {
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return;
                        }
                        None => return,
                        Some(_) => {
                            self.value(format!("{ptr}/{n}"), depth + 1);
                            n += 1;
                        }
                    }
                }
            }
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while let Some(&c) = self.b.get(self.i) {
                    if matches!(c, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t') {
                        break;
                    }
                    self.i += 1;
                }
            }
            None => {}
        }
    }
}

impl LineIndex {
    /// Index `text`, which should be valid JSON (a malformed text indexes as far as it goes).
    pub fn new(text: &str) -> LineIndex {
        let mut scan = Scan {
            text,
            b: text.as_bytes(),
            i: 0,
            line: 1,
            lines: HashMap::new(),
        };
        scan.value(String::new(), 0);
        LineIndex { lines: scan.lines }
    }

    /// The line of the value at `pointer`, or of its nearest enclosing value that exists (a missing
    /// key is reported at the object that lacks it).
    pub fn line(&self, pointer: &str) -> Option<usize> {
        let mut p = pointer;
        loop {
            if let Some(&line) = self.lines.get(p) {
                return Some(line);
            }
            let cut = p.rfind('/')?;
            p = &p[..cut];
        }
    }
}

/// Indent compact JSON text by two spaces, keeping its key order.
pub fn indent(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut depth = 0usize;
    let (mut in_string, mut escaped) = (false, false);
    let mut chars = text.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                let close = if c == '{' { '}' } else { ']' };
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                if chars.peek() == Some(&close) {
                    chars.next();
                    out.push(close);
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_keys_items_and_missing_keys() {
        let text =
            "{\n  \"a\": 1,\n  \"b\": [\n    {\"c\": \"x\\\"y\"},\n    2\n  ],\n  \"d/e\": {}\n}\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line(""), Some(1));
        assert_eq!(idx.line("/a"), Some(2));
        assert_eq!(idx.line("/b"), Some(3));
        assert_eq!(idx.line("/b/0/c"), Some(4));
        assert_eq!(idx.line("/b/1"), Some(5));
        assert_eq!(idx.line("/d~1e"), Some(7));
        assert_eq!(idx.line("/d~1e/missing"), Some(7));
        assert_eq!(idx.line("/nope/deeper"), Some(1));
    }

    #[test]
    fn indent_keeps_key_order() {
        assert_eq!(
            indent(r#"{"z":1,"a":[],"m":{"k":"a,b:{"},"e":{}}"#),
            "{\n  \"z\": 1,\n  \"a\": [],\n  \"m\": {\n    \"k\": \"a,b:{\"\n  },\n  \"e\": {}\n}"
        );
    }
}
