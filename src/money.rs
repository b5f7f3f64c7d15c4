//! Money display: integer fen → `¥10,000` / `¥1,234.50`, without floating point.

/// `¥` + yuan with thousands separators; fen shown only when not zero. Negative amounts get a
/// leading minus. Works for the whole i64 range.
pub fn yuan(fen: i64) -> String {
    let neg = fen < 0;
    let abs = fen.unsigned_abs();
    let (whole, cents) = (abs / 100, abs % 100);
    let digits = whole.to_string();
    let mut out = String::with_capacity(digits.len() + 8);
    if neg {
        out.push('-');
    }
    out.push('¥');
    let len = digits.len();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if cents != 0 {
        out.push('.');
        if cents < 10 {
            out.push('0');
        }
        out.push_str(&cents.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::yuan;

    #[test]
    fn formats() {
        assert_eq!(yuan(0), "¥0");
        assert_eq!(yuan(1), "¥0.01");
        assert_eq!(yuan(1_000_000), "¥10,000");
        assert_eq!(yuan(20_000_000), "¥200,000");
        assert_eq!(yuan(123_456_750), "¥1,234,567.50");
        assert_eq!(yuan(-250), "-¥2.50");
        assert_eq!(yuan(i64::MAX), "¥92,233,720,368,547,758.07");
        assert_eq!(yuan(i64::MIN), "-¥92,233,720,368,547,758.08");
    }
}
