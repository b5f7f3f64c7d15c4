//! Masking of personal data for display and logs (domain brief §8). The conventions are bank
//! practice, not the text of JR/T 0171 (whose Annex A could not be read), so the ID-number style is
//! a rule-pack setting.

use serde::Serialize;

/// How much of an identity-document number stays visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum IdMaskStyle {
    /// First 3 and last 4 characters (`110***********002X`): the default; hides the region detail
    /// and the whole birth date.
    #[default]
    First3Last4,
    /// First 6 and last 4 (`110105********002X`): keeps the region code, still hides the birth date.
    First6Last4,
    /// First 1 and last 1.
    First1Last1,
}

impl IdMaskStyle {
    /// The style named as in the rule pack (`first3_last4`, `first6_last4`, `first1_last1`).
    pub fn parse(name: &str) -> Option<IdMaskStyle> {
        match name {
            "first3_last4" => Some(IdMaskStyle::First3Last4),
            "first6_last4" => Some(IdMaskStyle::First6Last4),
            "first1_last1" => Some(IdMaskStyle::First1Last1),
            _ => None,
        }
    }
}

impl IdMaskStyle {
    /// The name in the rule pack and in answers.
    pub fn name(self) -> &'static str {
        match self {
            IdMaskStyle::First3Last4 => "first3_last4",
            IdMaskStyle::First6Last4 => "first6_last4",
            IdMaskStyle::First1Last1 => "first1_last1",
        }
    }
}

impl crate::jsonout::WriteJson for IdMaskStyle {
    fn write_json(&self, out: &mut crate::jsonout::JsonOut) {
        out.str(self.name());
    }
}

const STAR: char = '*';

/// Keep the first `head` and last `tail` characters, star the rest. Strings too short to hide
/// anything are fully starred, so masking never reveals more than the rule allows.
pub fn keep(s: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    if n <= head + tail {
        return STAR.to_string().repeat(n.max(1));
    }
    let mut out = String::with_capacity(s.len());
    out.extend(&chars[..head]);
    out.extend(std::iter::repeat_n(STAR, n - head - tail));
    out.extend(&chars[n - tail..]);
    out
}

/// An identity-document number in the configured style.
pub fn id_number(s: &str, style: IdMaskStyle) -> String {
    match style {
        IdMaskStyle::First3Last4 => keep(s, 3, 4),
        IdMaskStyle::First6Last4 => keep(s, 6, 4),
        IdMaskStyle::First1Last1 => keep(s, 1, 1),
    }
}

/// A mainland mobile number `138****1234` (first 3, last 4). Takes the 11-digit national number;
/// anything else is masked as an opaque string keeping at most its last 2 characters.
pub fn mobile(national: &str) -> String {
    if national.len() == 11 && national.bytes().all(|b| b.is_ascii_digit()) {
        keep(national, 3, 4)
    } else {
        keep(national, 0, 2)
    }
}

/// A mainland landline number (digits only, `0` + area code + local number): the first 3 and
/// the last 2 digits stay visible, so the area is recognisable and the line is not.
pub fn landline(digits: &str) -> String {
    keep(digits, 3, 2)
}

/// A bank card or account number: first 6 and last 4.
pub fn card(s: &str) -> String {
    if s.chars().count() >= 14 {
        keep(s, 6, 4)
    } else {
        keep(s, 0, 4.min(s.chars().count().saturating_sub(4)))
    }
}

/// Common two-character Chinese compound surnames (复姓). A name starting with one keeps both
/// characters as the surname.
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "令狐", "夏侯", "端木", "独孤", "西门", "南宫", "轩辕", "呼延", "澹台", "公冶", "宗政", "濮阳",
    "淳于", "单于", "太叔", "申屠", "钟离", "闾丘", "司空", "亓官", "万俟", "拓跋", "百里", "东郭",
    "南门", "羊舌", "微生", "梁丘", "左丘", "第五",
];

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// A person's name with the given name masked: `张*`, `王**`, `欧阳*`, `Zhang S***`. A one-character
/// name is fully masked. Latin names keep the first word and the initial of the rest.
pub fn name(s: &str) -> String {
    let s = s.trim();
    if s.is_empty() {
        return String::new();
    }
    let chars: Vec<char> = s.chars().collect();
    if chars.iter().any(|&c| is_cjk(c)) {
        let surname_len =
            if chars.len() >= 3 && COMPOUND_SURNAMES.iter().any(|cs| s.starts_with(cs)) {
                2
            } else {
                1
            };
        if chars.len() <= surname_len {
            return STAR.to_string().repeat(chars.len());
        }
        let mut out: String = chars[..surname_len].iter().collect();
        out.extend(std::iter::repeat_n(STAR, chars.len() - surname_len));
        return out;
    }
    // Latin script: keep the first word, then each further word as its initial plus stars.
    let mut words = s.split_whitespace();
    let first = words.next().unwrap_or("");
    let rest: Vec<&str> = words.collect();
    if rest.is_empty() {
        return keep(first, 1, 0);
    }
    let mut out = first.to_string();
    for w in rest {
        out.push(' ');
        out.push_str(&keep(w, 1, 0));
    }
    out
}

/// An e-mail address with the local part masked: first character kept (`z***@example.com`); a
/// one-character local part is fully starred.
pub fn email(s: &str) -> String {
    match s.rsplit_once('@') {
        Some((local, domain)) => {
            let n = local.chars().count();
            let masked = if n <= 1 {
                "*".to_string()
            } else {
                keep(local, 1, 0)
            };
            format!("{masked}@{domain}")
        }
        None => keep(s, 0, 0),
    }
}

/// An address shown only down to the district: street detail is replaced by stars.
pub fn address(province: &str, city: &str, district: &str, detail: &str) -> String {
    let mut out = String::new();
    out.push_str(province);
    if city != province {
        out.push_str(city);
    }
    out.push_str(district);
    if !detail.trim().is_empty() {
        out.push_str("****");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_phones() {
        assert_eq!(
            id_number("11010519491231002X", IdMaskStyle::First3Last4),
            "110***********002X"
        );
        assert_eq!(
            id_number("11010519491231002X", IdMaskStyle::First6Last4),
            "110105********002X"
        );
        assert_eq!(mobile("13812341234"), "138****1234");
        assert_eq!(card("6228480402564890018"), "622848*********0018");
        assert_eq!(keep("abc", 3, 4), "***");
    }

    #[test]
    fn names() {
        assert_eq!(name("张三"), "张*");
        assert_eq!(name("王小明"), "王**");
        assert_eq!(name("欧阳娜娜"), "欧阳**");
        assert_eq!(name("欧阳"), "欧*");
        assert_eq!(name("李"), "*");
        assert_eq!(name("Zhang San"), "Zhang S**");
    }

    #[test]
    fn emails() {
        assert_eq!(email("zhangsan@example.com"), "z*******@example.com");
        assert_eq!(email("a@b.cn"), "*@b.cn");
    }
}
