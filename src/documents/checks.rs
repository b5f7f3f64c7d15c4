//! Check-character algorithms (domain brief §0.2, §4). Pure functions over ASCII.

/// ISO 7064 MOD 11-2 weights for the 17 data digits of an 18-character citizen number
/// (GB 11643-1999, brief §4.2): 2^(17−i) mod 11.
const MOD11_2_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const MOD11_2_CHARS: [u8; 11] = *b"10X98765432";

/// The MOD 11-2 check character for 17 ASCII digits, or `None` if the input is not 17 digits.
pub fn mod11_2(first17: &[u8]) -> Option<u8> {
    if first17.len() != 17 || !first17.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = first17
        .iter()
        .zip(MOD11_2_WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    Some(MOD11_2_CHARS[(sum % 11) as usize])
}

/// Full-width ASCII variants (U+FF01–U+FF5E) and the ideographic space folded to ASCII.
/// Returns the folded string and whether anything was folded.
pub fn fold_width(s: &str) -> (String, bool) {
    if s.is_ascii() {
        // Nothing to fold (the common case; byte copy instead of a char-by-char rebuild).
        return (s.to_string(), false);
    }
    let mut changed = false;
    let out = s
        .chars()
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => {
                changed = true;
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            0x3000 => {
                changed = true;
                ' '
            }
            _ => c,
        })
        .collect();
    (out, changed)
}

/// Remove ASCII whitespace and the separators people type inside numbers (`-`, `·`).
pub fn strip_separators(s: &str) -> String {
    if s.is_ascii() {
        // ASCII-only input: filter bytes (same set: ASCII whitespace and `-`; `·` is not ASCII).
        let bytes: Vec<u8> = s
            .bytes()
            .filter(|b| !b.is_ascii_whitespace() && *b != b'-' && *b != 0x0B)
            .collect();
        return String::from_utf8(bytes).unwrap_or_default();
    }
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '·')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mod11_2_vectors() {
        // Domain brief §4.8.
        assert_eq!(mod11_2(b"11010519491231002"), Some(b'X'));
        assert_eq!(mod11_2(b"44052418800101001"), Some(b'4'));
        assert_eq!(mod11_2(b"93268219850101001"), Some(b'7'));
        assert_eq!(mod11_2(b"1101051949123100"), None);
        assert_eq!(mod11_2(b"1101051949123100a"), None);
    }

    #[test]
    fn width_folding() {
        assert_eq!(fold_width("１１０　x"), ("110 x".to_string(), true));
        assert!(!fold_width("abc").1);
    }
}
