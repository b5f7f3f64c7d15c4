//! A tiny, safe pattern matcher for `pattern` validators (no regex crate). The whole answer must
//! match. Supported subset:
//!
//! - a literal character; `\` escapes the next character (`\.`, `\-`, `\\`);
//! - `.` any character; `\d` an ASCII digit; `\w` an ASCII letter, digit or `_`; `\s` whitespace;
//!   `\h` a CJK ideograph;
//! - `[…]` a class of characters and ranges (`[A-Z0-9]`, `[^0-9]` negated);
//! - a quantifier after any of these: `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}` (n, m ≤ 255).
//!
//! No groups, no alternation, no anchors (matching is always anchored at both ends). Matching runs
//! in time bounded by pattern length × answer length², both of which are bounded.

/// Longest pattern accepted, in characters.
pub const MAX_PATTERN: usize = 64;
/// Longest answer a pattern is tested against, in characters.
pub const MAX_SUBJECT: usize = 256;

#[derive(Debug, Clone, PartialEq)]
enum Class {
    Any,
    Lit(char),
    Digit,
    Word,
    Space,
    Han,
    Set {
        negated: bool,
        items: Vec<(char, char)>,
    },
}

impl Class {
    fn matches(&self, c: char) -> bool {
        match self {
            Class::Any => true,
            Class::Lit(l) => *l == c,
            Class::Digit => c.is_ascii_digit(),
            Class::Word => c.is_ascii_alphanumeric() || c == '_',
            Class::Space => c.is_whitespace(),
            Class::Han => {
                matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
            }
            Class::Set { negated, items } => {
                items.iter().any(|(a, b)| *a <= c && c <= *b) != *negated
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Atom {
    class: Class,
    min: usize,
    max: usize,
}

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    atoms: Vec<Atom>,
}

fn escape(c: char) -> Class {
    match c {
        'd' => Class::Digit,
        'w' => Class::Word,
        's' => Class::Space,
        'h' => Class::Han,
        other => Class::Lit(other),
    }
}

fn number(chars: &[char], i: &mut usize) -> Option<usize> {
    let start = *i;
    while *i < chars.len() && chars[*i].is_ascii_digit() && *i - start < 3 {
        *i += 1;
    }
    let s: String = chars.get(start..*i)?.iter().collect();
    let n: usize = s.parse().ok()?;
    (n <= 255).then_some(n)
}

impl Pattern {
    /// Compile; `Err` with the character offset of the problem.
    pub fn compile(src: &str) -> Result<Pattern, usize> {
        let chars: Vec<char> = src.chars().collect();
        if chars.is_empty() || chars.len() > MAX_PATTERN {
            return Err(0);
        }
        let mut atoms: Vec<Atom> = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let at = i;
            let c = chars[i];
            i += 1;
            let class = match c {
                '.' => Class::Any,
                '\\' => {
                    let e = *chars.get(i).ok_or(at)?;
                    i += 1;
                    escape(e)
                }
                '[' => {
                    let negated = chars.get(i) == Some(&'^');
                    if negated {
                        i += 1;
                    }
                    let mut items = Vec::new();
                    loop {
                        let c = *chars.get(i).ok_or(at)?;
                        i += 1;
                        if c == ']' && !items.is_empty() {
                            break;
                        }
                        let lo = if c == '\\' {
                            let e = *chars.get(i).ok_or(at)?;
                            i += 1;
                            e
                        } else {
                            c
                        };
                        if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|c| *c != ']')
                        {
                            let hi = *chars.get(i + 1).ok_or(at)?;
                            i += 2;
                            if hi < lo {
                                return Err(at);
                            }
                            items.push((lo, hi));
                        } else {
                            items.push((lo, lo));
                        }
                    }
                    Class::Set { negated, items }
                }
                '?' | '*' | '+' | '{' | '}' | ']' | '(' | ')' | '|' | '^' | '$' => return Err(at),
                other => Class::Lit(other),
            };
            let (min, max) = match chars.get(i) {
                Some('?') => {
                    i += 1;
                    (0, 1)
                }
                Some('*') => {
                    i += 1;
                    (0, MAX_SUBJECT)
                }
                Some('+') => {
                    i += 1;
                    (1, MAX_SUBJECT)
                }
                Some('{') => {
                    i += 1;
                    let n = number(&chars, &mut i).ok_or(i)?;
                    let m = match chars.get(i) {
                        Some(',') => {
                            i += 1;
                            if chars.get(i) == Some(&'}') {
                                MAX_SUBJECT
                            } else {
                                number(&chars, &mut i).ok_or(i)?
                            }
                        }
                        _ => n,
                    };
                    if chars.get(i) != Some(&'}') || m < n {
                        return Err(i);
                    }
                    i += 1;
                    (n, m)
                }
                _ => (1, 1),
            };
            atoms.push(Atom { class, min, max });
        }
        Ok(Pattern { atoms })
    }

    /// Whether the whole of `s` matches. Answers longer than `MAX_SUBJECT` never match.
    pub fn matches(&self, s: &str) -> bool {
        let text: Vec<char> = s.chars().collect();
        if text.len() > MAX_SUBJECT {
            return false;
        }
        let n = text.len();
        // ok[j]: the atoms from i onward match text[j..]; filled from the last atom backwards.
        let mut ok = vec![false; n + 1];
        ok[n] = true;
        for atom in self.atoms.iter().rev() {
            let mut next = vec![false; n + 1];
            for j in 0..=n {
                let mut k = 0;
                loop {
                    if k >= atom.min && ok[j + k] {
                        next[j] = true;
                        break;
                    }
                    if k >= atom.max || j + k >= n || !atom.class.matches(text[j + k]) {
                        break;
                    }
                    k += 1;
                }
            }
            ok = next;
        }
        ok[0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset() {
        let p = Pattern::compile(r"\d{6}").unwrap();
        assert!(p.matches("100080"));
        assert!(!p.matches("10008"));
        assert!(!p.matches("1000800"));
        let p = Pattern::compile(r"[A-Z][a-z]*\.?").unwrap();
        assert!(p.matches("Zhang."));
        assert!(p.matches("Z"));
        assert!(!p.matches("zhang"));
        let p = Pattern::compile(r"[^0-9]+").unwrap();
        assert!(p.matches("abc"));
        assert!(!p.matches("a1"));
        let p = Pattern::compile(r"\h{2,4}").unwrap();
        assert!(p.matches("张三"));
        assert!(!p.matches("张"));
        let p = Pattern::compile(r"a.*b.*c").unwrap();
        assert!(p.matches("axxbyyc"));
        assert!(!p.matches("axxbyy"));
        for bad in ["", "(a)", "a|b", "*", "[a", "a{3,1}", "a{", "^a"] {
            assert!(Pattern::compile(bad).is_err(), "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics(p in ".{0,20}", s in ".{0,40}") {
            if let Ok(p) = Pattern::compile(&p) {
                let _ = p.matches(&s);
            }
        }
    }
}
