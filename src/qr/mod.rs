//! A QR Code encoder written from ISO/IEC 18004: numeric, alphanumeric and byte mode (UTF-8 text,
//! no ECI), versions 1–40, error-correction levels L/M/Q/H, Reed–Solomon over GF(256) with the
//! primitive polynomial x⁸+x⁴+x³+x²+1, all eight masks scored with the four penalty rules, format
//! and version information. Used for pre-check tickets and anything a customer shows at a counter.
//!
//! Rust callers use [`encode`]; the desk method `qrCode` returns rows of `'1'`/`'0'` and an SVG path.

pub mod api;

use crate::error::Error;
use crate::jsonout::WriteJson;
use serde_json::Value;

/// Largest input, in bytes of UTF-8.
pub const MAX_TEXT_BYTES: usize = 1000;
/// Quiet zone around the symbol, in modules (the standard asks for 4).
pub const QUIET_ZONE: u32 = 4;

/// Error-correction level: recovers about 7 / 15 / 25 / 30 % of the codewords.
#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Ecc {
    L,
    #[default]
    M,
    Q,
    H,
}

impl Ecc {
    fn index(self) -> usize {
        match self {
            Ecc::L => 0,
            Ecc::M => 1,
            Ecc::Q => 2,
            Ecc::H => 3,
        }
    }
    /// The two format-information bits (Table 12 of the standard: L=01, M=00, Q=11, H=10).
    fn format_bits(self) -> u32 {
        match self {
            Ecc::L => 1,
            Ecc::M => 0,
            Ecc::Q => 3,
            Ecc::H => 2,
        }
    }
}

/// The data mode chosen for the whole text (one segment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Mode {
    Numeric,
    Alphanumeric,
    Byte,
}

impl Mode {
    fn indicator(self) -> u32 {
        match self {
            Mode::Numeric => 0b0001,
            Mode::Alphanumeric => 0b0010,
            Mode::Byte => 0b0100,
        }
    }
    /// Bits of the character-count indicator for `version`.
    fn count_bits(self, version: u32) -> u32 {
        let band = if version <= 9 {
            0
        } else if version <= 26 {
            1
        } else {
            2
        };
        match self {
            Mode::Numeric => [10, 12, 14][band],
            Mode::Alphanumeric => [9, 11, 13][band],
            Mode::Byte => [8, 16, 16][band],
        }
    }
}

const ALPHANUMERIC: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// Error-correction codewords per block, by level (L, M, Q, H) and version (index 0 unused).
const ECC_PER_BLOCK: [[u8; 41]; 4] = [
    [
        0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28,
        30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    ],
    [
        0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28,
        28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
    ],
    [
        0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30,
        30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    ],
    [
        0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24,
        30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    ],
];

/// Number of error-correction blocks, by level and version.
const BLOCKS: [[u8; 41]; 4] = [
    [
        0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13,
        14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25,
    ],
    [
        0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21,
        23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
    ],
    [
        0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29,
        34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68,
    ],
    [
        0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32,
        35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81,
    ],
];

/// Modules available for data and error correction (everything but function patterns, format
/// and version information) in `version`.
fn raw_data_modules(version: u32) -> usize {
    let v = version as usize;
    let mut n = (16 * v + 128) * v + 64;
    if v >= 2 {
        let align = v / 7 + 2;
        n -= (25 * align - 10) * align - 55;
        if v >= 7 {
            n -= 36;
        }
    }
    n
}

/// Data codewords of `version` at `ecc`.
pub fn data_codewords(version: u32, ecc: Ecc) -> usize {
    let v = version as usize;
    raw_data_modules(version) / 8
        - ECC_PER_BLOCK[ecc.index()][v] as usize * BLOCKS[ecc.index()][v] as usize
}

/// Centre coordinates of the alignment patterns of `version` (rows and columns alike).
pub fn alignment_positions(version: u32) -> Vec<u32> {
    if version == 1 {
        return Vec::new();
    }
    let count = version / 7 + 2;
    let size = version * 4 + 17;
    let step = (version * 8 + count * 3 + 5) / (count * 4 - 4) * 2;
    let mut out = vec![6; count as usize];
    for (k, slot) in out.iter_mut().skip(1).rev().enumerate() {
        *slot = size - 7 - k as u32 * step;
    }
    out
}

// ---- GF(256) and Reed–Solomon ----

fn gf_mul(x: u8, y: u8) -> u8 {
    let mut z: u32 = 0;
    for i in (0..8).rev() {
        z = (z << 1) ^ ((z >> 7) * 0x11D);
        z ^= ((u32::from(y) >> i) & 1) * u32::from(x);
    }
    z as u8
}

/// The generator polynomial ∏(x − αⁱ), i = 0…degree−1, without its leading 1, highest power first.
fn rs_divisor(degree: usize) -> Vec<u8> {
    let mut result = vec![0u8; degree];
    if let Some(last) = result.last_mut() {
        *last = 1;
    }
    let mut root: u8 = 1;
    for _ in 0..degree {
        for j in 0..degree {
            result[j] = gf_mul(result[j], root);
            if j + 1 < degree {
                result[j] ^= result[j + 1];
            }
        }
        root = gf_mul(root, 0x02);
    }
    result
}

/// The remainder of data(x)·x^degree divided by the generator: the error-correction codewords.
pub fn rs_remainder(data: &[u8], divisor: &[u8]) -> Vec<u8> {
    let mut result = vec![0u8; divisor.len()];
    for &b in data {
        let factor = b ^ result.first().copied().unwrap_or(0);
        let n = result.len();
        if n > 1 {
            result.copy_within(1..n, 0);
        }
        if let Some(last) = result.last_mut() {
            *last = 0;
        }
        for (r, &c) in result.iter_mut().zip(divisor) {
            *r ^= gf_mul(c, factor);
        }
    }
    result
}

// ---- bit stream ----

struct Bits(Vec<bool>);

impl Bits {
    fn push(&mut self, value: u32, len: u32) {
        for i in (0..len).rev() {
            self.0.push((value >> i) & 1 == 1);
        }
    }
}

fn choose_mode(data: &[u8]) -> Mode {
    if data.iter().all(u8::is_ascii_digit) {
        Mode::Numeric
    } else if data.iter().all(|b| ALPHANUMERIC.contains(b)) {
        Mode::Alphanumeric
    } else {
        Mode::Byte
    }
}

fn payload_bits(mode: Mode, n: usize) -> usize {
    match mode {
        Mode::Numeric => n / 3 * 10 + [0, 4, 7][n % 3],
        Mode::Alphanumeric => n / 2 * 11 + (n % 2) * 6,
        Mode::Byte => n * 8,
    }
}

fn alnum_value(b: u8) -> u32 {
    ALPHANUMERIC.iter().position(|&c| c == b).unwrap_or(0) as u32
}

/// Mode indicator, count, payload, terminator and padding: exactly `data_codewords` bytes.
fn data_stream(data: &[u8], mode: Mode, version: u32, ecc: Ecc) -> Vec<u8> {
    let mut bits = Bits(Vec::new());
    bits.push(mode.indicator(), 4);
    bits.push(data.len() as u32, mode.count_bits(version));
    match mode {
        Mode::Numeric => {
            for chunk in data.chunks(3) {
                let v = chunk
                    .iter()
                    .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'));
                bits.push(v, [0, 4, 7, 10][chunk.len()]);
            }
        }
        Mode::Alphanumeric => {
            for pair in data.chunks(2) {
                match pair {
                    [a, b] => bits.push(alnum_value(*a) * 45 + alnum_value(*b), 11),
                    [a] => bits.push(alnum_value(*a), 6),
                    _ => {}
                }
            }
        }
        Mode::Byte => {
            for &b in data {
                bits.push(u32::from(b), 8);
            }
        }
    }
    let capacity = data_codewords(version, ecc) * 8;
    let terminator = (capacity - bits.0.len()).min(4);
    bits.push(0, terminator as u32);
    let pad_to_byte = (8 - bits.0.len() % 8) % 8;
    bits.push(0, pad_to_byte as u32);
    let mut bytes: Vec<u8> = bits
        .0
        .chunks(8)
        .map(|c| c.iter().fold(0u8, |acc, &b| (acc << 1) | u8::from(b)))
        .collect();
    let mut pad = [0xEC, 0x11].into_iter().cycle();
    while bytes.len() < capacity / 8 {
        bytes.push(pad.next().unwrap_or(0xEC));
    }
    bytes
}

/// Split the data codewords into blocks, append each block's error correction, interleave.
fn add_ecc_and_interleave(data: &[u8], version: u32, ecc: Ecc) -> Vec<u8> {
    let v = version as usize;
    let blocks = BLOCKS[ecc.index()][v] as usize;
    let ecc_len = ECC_PER_BLOCK[ecc.index()][v] as usize;
    let raw = raw_data_modules(version) / 8;
    let short_blocks = blocks - raw % blocks;
    let short_len = raw / blocks - ecc_len; // data codewords of a short block
    let divisor = rs_divisor(ecc_len);
    let mut data_blocks = Vec::with_capacity(blocks);
    let mut ecc_blocks = Vec::with_capacity(blocks);
    let mut k = 0;
    for i in 0..blocks {
        let len = short_len + usize::from(i >= short_blocks);
        let block = data.get(k..k + len).unwrap_or(&[]);
        k += len;
        ecc_blocks.push(rs_remainder(block, &divisor));
        data_blocks.push(block);
    }
    let mut out = Vec::with_capacity(raw);
    for i in 0..=short_len {
        for b in &data_blocks {
            if let Some(&c) = b.get(i) {
                out.push(c);
            }
        }
    }
    for i in 0..ecc_len {
        for b in &ecc_blocks {
            if let Some(&c) = b.get(i) {
                out.push(c);
            }
        }
    }
    out
}

// ---- the matrix ----

/// An encoded symbol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    pub version: u32,
    pub size: u32,
    pub ecc: Ecc,
    pub mask: u8,
    pub mode: Mode,
    /// Row-major, `true` = dark.
    modules: Vec<bool>,
}

impl QrMatrix {
    /// Module at column `x`, row `y`; outside the symbol is light.
    pub fn get(&self, x: u32, y: u32) -> bool {
        x < self.size
            && y < self.size
            && self
                .modules
                .get((y * self.size + x) as usize)
                .copied()
                .unwrap_or(false)
    }

    /// Rows as strings of `'1'` (dark) and `'0'` (light).
    pub fn rows(&self) -> Vec<String> {
        (0..self.size)
            .map(|y| {
                (0..self.size)
                    .map(|x| if self.get(x, y) { '1' } else { '0' })
                    .collect()
            })
            .collect()
    }

    /// An SVG path `d` drawing every dark module as part of a horizontal run, in module units with
    /// the symbol's top-left module at (0,0).
    pub fn svg_path(&self) -> String {
        let mut d = String::new();
        for y in 0..self.size {
            let mut x = 0;
            while x < self.size {
                if self.get(x, y) {
                    let start = x;
                    while x < self.size && self.get(x, y) {
                        x += 1;
                    }
                    let len = x - start;
                    d.push_str(&format!("M{start} {y}h{len}v1h-{len}z"));
                } else {
                    x += 1;
                }
            }
        }
        d
    }
}

struct Grid {
    size: usize,
    dark: Vec<bool>,
    function: Vec<bool>,
}

impl Grid {
    fn new(size: usize) -> Self {
        Grid {
            size,
            dark: vec![false; size * size],
            function: vec![false; size * size],
        }
    }
    fn idx(&self, x: usize, y: usize) -> Option<usize> {
        (x < self.size && y < self.size).then_some(y * self.size + x)
    }
    fn set_function(&mut self, x: usize, y: usize, dark: bool) {
        if let Some(i) = self.idx(x, y) {
            self.dark[i] = dark;
            self.function[i] = true;
        }
    }
    fn is_dark(&self, x: usize, y: usize) -> bool {
        self.idx(x, y).map(|i| self.dark[i]).unwrap_or(false)
    }
    fn is_function(&self, x: usize, y: usize) -> bool {
        self.idx(x, y).map(|i| self.function[i]).unwrap_or(true)
    }

    fn draw_function_patterns(&mut self, version: u32) {
        let size = self.size;
        for i in 0..size {
            self.set_function(6, i, i % 2 == 0);
            self.set_function(i, 6, i % 2 == 0);
        }
        for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            self.draw_finder(cx, cy);
        }
        let pos = alignment_positions(version);
        let last = pos.len().saturating_sub(1);
        for (i, &px) in pos.iter().enumerate() {
            for (j, &py) in pos.iter().enumerate() {
                let corner = (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0);
                if !corner {
                    self.draw_alignment(px as usize, py as usize);
                }
            }
        }
        // Reserve the format areas (drawn for real after masking) and draw the version blocks.
        self.draw_format(Ecc::M, 0);
        self.draw_version(version);
    }

    /// 7×7 finder with its light separator ring (the parts inside the symbol).
    fn draw_finder(&mut self, cx: usize, cy: usize) {
        for dy in -4i32..=4 {
            for dx in -4i32..=4 {
                let dist = dx.abs().max(dy.abs());
                let (x, y) = (cx as i32 + dx, cy as i32 + dy);
                if x >= 0 && y >= 0 {
                    self.set_function(x as usize, y as usize, dist != 2 && dist != 4);
                }
            }
        }
    }

    fn draw_alignment(&mut self, cx: usize, cy: usize) {
        for dy in -2i32..=2 {
            for dx in -2i32..=2 {
                let dist = dx.abs().max(dy.abs());
                self.set_function(
                    (cx as i32 + dx) as usize,
                    (cy as i32 + dy) as usize,
                    dist != 1,
                );
            }
        }
    }

    fn draw_format(&mut self, ecc: Ecc, mask: u8) {
        let bits = format_bits(ecc, mask);
        let bit = |i: u32| (bits >> i) & 1 == 1;
        let size = self.size;
        // Around the top-left finder.
        for i in 0..=5 {
            self.set_function(8, i, bit(i as u32));
        }
        self.set_function(8, 7, bit(6));
        self.set_function(8, 8, bit(7));
        self.set_function(7, 8, bit(8));
        for i in 9..15 {
            self.set_function(14 - i, 8, bit(i as u32));
        }
        // Split between the other two finders.
        for i in 0..8 {
            self.set_function(size - 1 - i, 8, bit(i as u32));
        }
        for i in 8..15 {
            self.set_function(8, size - 15 + i, bit(i as u32));
        }
        self.set_function(8, size - 8, true); // the dark module
    }

    fn draw_version(&mut self, version: u32) {
        if version < 7 {
            return;
        }
        let bits = version_bits(version);
        for i in 0..18usize {
            let dark = (bits >> i) & 1 == 1;
            let a = self.size - 11 + i % 3;
            let b = i / 3;
            self.set_function(a, b, dark);
            self.set_function(b, a, dark);
        }
    }

    /// Place the codewords in the two-column zigzag, right to left, skipping function modules.
    fn draw_codewords(&mut self, codewords: &[u8]) {
        let size = self.size;
        let total = codewords.len() * 8;
        let mut i = 0;
        let mut right = size as i32 - 1;
        while right >= 1 {
            if right == 6 {
                right = 5;
            }
            let upward = (right + 1) & 2 == 0;
            for vert in 0..size {
                for j in 0..2 {
                    let x = (right - j) as usize;
                    let y = if upward { size - 1 - vert } else { vert };
                    if !self.is_function(x, y) && i < total {
                        let byte = codewords.get(i >> 3).copied().unwrap_or(0);
                        let dark = (byte >> (7 - (i & 7))) & 1 == 1;
                        if let Some(k) = self.idx(x, y) {
                            self.dark[k] = dark;
                        }
                        i += 1;
                    }
                }
            }
            right -= 2;
        }
    }

    fn apply_mask(&mut self, mask: u8) {
        for y in 0..self.size {
            for x in 0..self.size {
                if !self.is_function(x, y) && mask_bit(mask, x, y) {
                    if let Some(k) = self.idx(x, y) {
                        self.dark[k] = !self.dark[k];
                    }
                }
            }
        }
    }

    /// The four penalty rules of the standard (N1 = 3, N2 = 3, N3 = 40, N4 = 10).
    fn penalty(&self) -> u32 {
        let n = self.size;
        let mut score = 0u32;
        // Rule 1: runs of five or more same-coloured modules in a row or column.
        for horizontal in [true, false] {
            for a in 0..n {
                let mut run = 0u32;
                let mut colour = false;
                for b in 0..n {
                    let c = if horizontal {
                        self.is_dark(b, a)
                    } else {
                        self.is_dark(a, b)
                    };
                    if b > 0 && c == colour {
                        run += 1;
                    } else {
                        if run >= 5 {
                            score += 3 + (run - 5);
                        }
                        colour = c;
                        run = 1;
                    }
                }
                if run >= 5 {
                    score += 3 + (run - 5);
                }
            }
        }
        // Rule 2: 2×2 blocks of one colour.
        for y in 0..n - 1 {
            for x in 0..n - 1 {
                let c = self.is_dark(x, y);
                if c == self.is_dark(x + 1, y)
                    && c == self.is_dark(x, y + 1)
                    && c == self.is_dark(x + 1, y + 1)
                {
                    score += 3;
                }
            }
        }
        // Rule 3: 1:1:3:1:1 finder-like pattern with four light modules before or after it
        // (outside the symbol counts as light).
        const PATTERN: [bool; 7] = [true, false, true, true, true, false, true];
        for horizontal in [true, false] {
            for a in 0..n as i32 {
                let at = |b: i32| {
                    if b < 0 || b >= n as i32 {
                        false
                    } else if horizontal {
                        self.is_dark(b as usize, a as usize)
                    } else {
                        self.is_dark(a as usize, b as usize)
                    }
                };
                for b in 0..=(n as i32 - 7) {
                    if (0..7).all(|k| at(b + k) == PATTERN[k as usize]) {
                        let light_before = (1..=4).all(|k| !at(b - k));
                        let light_after = (7..11).all(|k| !at(b + k));
                        if light_before || light_after {
                            score += 40;
                        }
                    }
                }
            }
        }
        // Rule 4: 10 points per full 5 % the dark share departs from 50 %.
        let dark = self.dark.iter().filter(|&&d| d).count() as u64;
        let total = (n * n) as u64;
        let k = (dark * 20).abs_diff(total * 10).div_ceil(total);
        score += 10 * (k.saturating_sub(1) as u32);
        score
    }
}

fn mask_bit(mask: u8, x: usize, y: usize) -> bool {
    match mask {
        0 => (x + y).is_multiple_of(2),
        1 => y.is_multiple_of(2),
        2 => x.is_multiple_of(3),
        3 => (x + y).is_multiple_of(3),
        4 => (x / 3 + y / 2).is_multiple_of(2),
        5 => x * y % 2 + x * y % 3 == 0,
        6 => (x * y % 2 + x * y % 3).is_multiple_of(2),
        _ => ((x + y) % 2 + x * y % 3).is_multiple_of(2),
    }
}

/// The 15 format bits: level and mask, BCH(15,5) with generator 0x537, XOR 0x5412.
pub fn format_bits(ecc: Ecc, mask: u8) -> u32 {
    let data = (ecc.format_bits() << 3) | u32::from(mask & 7);
    let mut rem = data;
    for _ in 0..10 {
        rem = (rem << 1) ^ ((rem >> 9) * 0x537);
    }
    ((data << 10) | (rem & 0x3FF)) ^ 0x5412
}

/// The 18 version bits (versions 7–40): BCH(18,6) with generator 0x1F25.
pub fn version_bits(version: u32) -> u32 {
    let mut rem = version;
    for _ in 0..12 {
        rem = (rem << 1) ^ ((rem >> 11) * 0x1F25);
    }
    (version << 12) | (rem & 0xFFF)
}

/// The data and error-correction codewords, interleaved, for the smallest version that holds
/// `data` at `ecc` (exposed for tests against published vectors).
pub fn codewords(data: &[u8], ecc: Ecc) -> Result<(u32, Mode, Vec<u8>), Error> {
    let mode = choose_mode(data);
    let version = (1..=40)
        .find(|&v| {
            let count_bits = mode.count_bits(v);
            data.len() < (1usize << count_bits)
                && 4 + count_bits as usize + payload_bits(mode, data.len())
                    <= data_codewords(v, ecc) * 8
        })
        .ok_or_else(|| {
            Error::new(
                "argument.too_long",
                "text does not fit in a QR code at this error-correction level",
            )
            .at_path("text")
        })?;
    let stream = data_stream(data, mode, version, ecc);
    Ok((version, mode, add_ecc_and_interleave(&stream, version, ecc)))
}

/// Encode `data` (UTF-8 text as bytes, or any bytes) at `ecc`, choosing the smallest version and
/// the mask with the lowest penalty.
pub fn encode(data: &[u8], ecc: Ecc) -> Result<QrMatrix, Error> {
    if data.len() > MAX_TEXT_BYTES {
        return Err(Error::new(
            "argument.too_long",
            format!("text is at most {MAX_TEXT_BYTES} bytes of UTF-8"),
        )
        .at_path("text"));
    }
    let (version, mode, cw) = codewords(data, ecc)?;
    let size = (version * 4 + 17) as usize;
    let mut base = Grid::new(size);
    base.draw_function_patterns(version);
    base.draw_codewords(&cw);
    let mut best: Option<(u32, u8, Grid)> = None;
    for mask in 0..8u8 {
        let mut g = Grid {
            size,
            dark: base.dark.clone(),
            function: base.function.clone(),
        };
        g.apply_mask(mask);
        g.draw_format(ecc, mask);
        let p = g.penalty();
        if best.as_ref().is_none_or(|(bp, _, _)| p < *bp) {
            best = Some((p, mask, g));
        }
    }
    let (_, mask, g) = best.ok_or_else(|| Error::new("internal.qr", "no mask evaluated"))?;
    Ok(QrMatrix {
        version,
        size: size as u32,
        ecc,
        mask,
        mode,
        modules: g.dark,
    })
}

/// Encode with a fixed mask (for tests and for callers who must reproduce a symbol).
pub fn encode_with_mask(data: &[u8], ecc: Ecc, mask: u8) -> Result<QrMatrix, Error> {
    let mut m = encode(data, ecc)?;
    let (version, _, cw) = codewords(data, ecc)?;
    let size = (version * 4 + 17) as usize;
    let mut g = Grid::new(size);
    g.draw_function_patterns(version);
    g.draw_codewords(&cw);
    g.apply_mask(mask & 7);
    g.draw_format(ecc, mask & 7);
    m.mask = mask & 7;
    m.modules = g.dark;
    Ok(m)
}

// ---- the `qrCode` method ----

/// Input of `qrCode` (the JS method takes `(text, { ecc? })`; read by `parse_input`).
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct QrInput {
    /// At most 1,000 bytes of UTF-8.
    pub text: String,
    /// `L`, `M` (default), `Q` or `H`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub ecc: Option<Ecc>,
}

/// Result of `qrCode`.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct QrCode {
    /// Modules per side (version × 4 + 17).
    pub size: u32,
    pub version: u32,
    pub ecc: Ecc,
    pub mask: u8,
    pub mode: Mode,
    /// Rows, top to bottom, of `'1'` (dark) and `'0'` (light).
    pub modules: Vec<String>,
    /// SVG path `d` of the dark modules, one unit per module, symbol at (0,0).
    pub svg_path: String,
    /// SVG `viewBox` including the 4-module quiet zone.
    pub view_box: String,
}

/// The JSON argument of `qrCode`: `{ text, ecc? }`.
pub fn parse_input(v: &Value) -> Result<QrInput, Error> {
    let bad = |path: &str, msg: &str| Error::argument(format!("qrCode: {msg}")).at_path(path);
    let m = v
        .as_object()
        .ok_or_else(|| bad("", "expected { text, ecc? }"))?;
    if m.keys().any(|k| k != "text" && k != "ecc") {
        return Err(bad("", "unknown field"));
    }
    let text = m
        .get("text")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("text", "expected a string"))?;
    let ecc = match m.get("ecc") {
        None | Some(Value::Null) => None,
        Some(e) => Some(match e.as_str() {
            Some("L") => Ecc::L,
            Some("M") => Ecc::M,
            Some("Q") => Ecc::Q,
            Some("H") => Ecc::H,
            _ => return Err(bad("ecc", "ecc is L, M, Q or H")),
        }),
    };
    Ok(QrInput {
        text: text.to_string(),
        ecc,
    })
}

/// `qrCode`.
pub fn qr_code(input: &QrInput) -> Result<QrCode, Error> {
    let m = encode(input.text.as_bytes(), input.ecc.unwrap_or_default())?;
    let outer = m.size + 2 * QUIET_ZONE;
    Ok(QrCode {
        size: m.size,
        version: m.version,
        ecc: m.ecc,
        mask: m.mask,
        mode: m.mode,
        modules: m.rows(),
        svg_path: m.svg_path(),
        view_box: format!("-{QUIET_ZONE} -{QUIET_ZONE} {outer} {outer}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn capacities_match_the_standard() {
        // Data codewords from the standard's capacity table.
        let known = [
            (1, Ecc::L, 19),
            (1, Ecc::M, 16),
            (1, Ecc::Q, 13),
            (1, Ecc::H, 9),
            (2, Ecc::L, 34),
            (3, Ecc::L, 55),
            (4, Ecc::L, 80),
            (5, Ecc::L, 108),
            (5, Ecc::Q, 62),
            (6, Ecc::L, 136),
            (7, Ecc::L, 156),
            (8, Ecc::L, 194),
            (9, Ecc::L, 232),
            (10, Ecc::L, 274),
            (10, Ecc::M, 216),
            (10, Ecc::H, 122),
            (40, Ecc::L, 2956),
            (40, Ecc::M, 2334),
            (40, Ecc::Q, 1666),
            (40, Ecc::H, 1276),
        ];
        for (v, e, n) in known {
            assert_eq!(data_codewords(v, e), n, "version {v} {e:?}");
        }
        // Every block holds more data than it can correct, and sizes add up.
        for v in 1..=40u32 {
            for e in [Ecc::L, Ecc::M, Ecc::Q, Ecc::H] {
                let blocks = BLOCKS[e.index()][v as usize] as usize;
                let ecc = ECC_PER_BLOCK[e.index()][v as usize] as usize;
                let raw = raw_data_modules(v) / 8;
                assert!(raw / blocks > ecc, "v{v} {e:?}");
                assert_eq!(raw, data_codewords(v, e) + blocks * ecc);
            }
        }
    }

    #[test]
    fn alignment_positions_match_the_standard() {
        assert!(alignment_positions(1).is_empty());
        assert_eq!(alignment_positions(2), vec![6, 18]);
        assert_eq!(alignment_positions(7), vec![6, 22, 38]);
        assert_eq!(alignment_positions(14), vec![6, 26, 46, 66]);
        assert_eq!(alignment_positions(32), vec![6, 34, 60, 86, 112, 138]);
        assert_eq!(alignment_positions(40), vec![6, 30, 58, 86, 114, 142, 170]);
    }

    #[test]
    fn format_and_version_information() {
        // Published format strings (level, mask) → 15 bits.
        assert_eq!(
            format!("{:015b}", format_bits(Ecc::L, 4)),
            "110011000101111"
        );
        assert_eq!(
            format!("{:015b}", format_bits(Ecc::L, 0)),
            "111011111000100"
        );
        assert_eq!(
            format!("{:015b}", format_bits(Ecc::M, 0)),
            "101010000010010"
        );
        assert_eq!(
            format!("{:015b}", format_bits(Ecc::Q, 0)),
            "011010101011111"
        );
        assert_eq!(
            format!("{:015b}", format_bits(Ecc::H, 0)),
            "001011010001001"
        );
        assert_eq!(format!("{:018b}", version_bits(7)), "000111110010010100");
        assert_eq!(version_bits(40), 0x28C69);
    }

    #[test]
    fn hello_world_1m_vector() {
        // The tutorial's "HELLO WORLD" at 1-M: 16 data codewords and 10 ECC codewords.
        let (v, mode, cw) = codewords(b"HELLO WORLD", Ecc::M).unwrap();
        assert_eq!((v, mode), (1, Mode::Alphanumeric));
        assert_eq!(
            &cw[..16],
            &[32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
        );
        assert_eq!(&cw[16..], &[196, 35, 39, 119, 235, 215, 231, 226, 93, 23]);
    }

    #[test]
    fn hello_world_1q_vector() {
        let (v, _, cw) = codewords(b"HELLO WORLD", Ecc::Q).unwrap();
        assert_eq!(v, 1);
        assert_eq!(
            &cw[..13],
            &[32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236]
        );
        assert_eq!(
            &cw[13..],
            &[168, 72, 22, 82, 217, 54, 156, 0, 46, 15, 180, 122, 16]
        );
    }

    #[test]
    fn numeric_vector() {
        // "01234567" at 1-M (the standard's numeric example): 0001 0000001000 0000001100 0101011001 1000011.
        let (_, mode, cw) = codewords(b"01234567", Ecc::M).unwrap();
        assert_eq!(mode, Mode::Numeric);
        assert_eq!(
            &cw[..6],
            &[
                0b0001_0000,
                0b0010_0000,
                0b0000_1100,
                0b0101_0110,
                0b0110_0001,
                0b1000_0000
            ]
        );
    }

    fn finder_ok(m: &QrMatrix, x0: u32, y0: u32) -> bool {
        (0..7).all(|dy| {
            (0..7).all(|dx| {
                let dist = (dx as i32 - 3).abs().max((dy as i32 - 3).abs());
                m.get(x0 + dx, y0 + dy) == (dist != 2)
            })
        })
    }

    #[test]
    fn structure_of_symbols() {
        for (text, ecc) in [
            ("HELLO WORLD", Ecc::Q),
            ("frontdesk 前台 ticket 0123", Ecc::M),
            (&"x".repeat(300)[..], Ecc::H),
        ] {
            let m = encode(text.as_bytes(), ecc).unwrap();
            let s = m.size;
            assert_eq!(s, m.version * 4 + 17);
            assert!(finder_ok(&m, 0, 0) && finder_ok(&m, s - 7, 0) && finder_ok(&m, 0, s - 7));
            // Separators are light.
            for i in 0..8 {
                assert!(!m.get(7, i) && !m.get(i, 7) && !m.get(s - 8, i) && !m.get(i, s - 8));
            }
            // Timing patterns alternate.
            for i in 8..s - 8 {
                assert_eq!(m.get(i, 6), i % 2 == 0);
                assert_eq!(m.get(6, i), i % 2 == 0);
            }
            assert!(m.get(8, s - 8), "dark module");
            // Both copies of the format information read back as (ecc, mask).
            let want = format_bits(ecc, m.mask);
            let mut a = 0u32;
            for i in 0..=5 {
                a |= u32::from(m.get(8, i)) << i;
            }
            a |= u32::from(m.get(8, 7)) << 6
                | u32::from(m.get(8, 8)) << 7
                | u32::from(m.get(7, 8)) << 8;
            for i in 9..15 {
                a |= u32::from(m.get(14 - i, 8)) << i;
            }
            let mut b = 0u32;
            for i in 0..8 {
                b |= u32::from(m.get(s - 1 - i, 8)) << i;
            }
            for i in 8..15 {
                b |= u32::from(m.get(8, s - 15 + i)) << i;
            }
            assert_eq!((a, b), (want, want));
            assert_eq!(m.rows().len() as u32, s);
            // The chosen mask has the lowest penalty of all eight.
            let chosen = encode_with_mask(text.as_bytes(), ecc, m.mask).unwrap();
            assert_eq!(chosen, m);
        }
    }

    #[test]
    fn svg_path_covers_exactly_the_dark_modules() {
        let m = encode(b"https://example.com/t/ABC123", Ecc::M).unwrap();
        let d = m.svg_path();
        let mut dark = 0u32;
        for part in d.split('M').filter(|p| !p.is_empty()) {
            let (xy, rest) = part.split_once('h').unwrap();
            let (x, y) = xy.split_once(' ').unwrap();
            let len: u32 = rest.split_once('v').unwrap().0.parse().unwrap();
            let (x, y): (u32, u32) = (x.parse().unwrap(), y.parse().unwrap());
            for i in 0..len {
                assert!(m.get(x + i, y));
            }
            dark += len;
        }
        assert_eq!(
            dark as usize,
            m.rows()
                .iter()
                .map(|r| r.matches('1').count())
                .sum::<usize>()
        );
    }

    #[test]
    fn bounds() {
        assert_eq!(
            encode(&[b'a'; 1001], Ecc::L).unwrap_err().code,
            "argument.too_long"
        );
        // 36-H holds 1,054 data codewords (1,051 bytes), 35-H 986.
        let m = encode(&[0xE5; 1000], Ecc::H).unwrap();
        assert_eq!(m.version, 36);
        assert_eq!(encode(b"", Ecc::M).unwrap().version, 1);
        // 1,273 bytes is the byte-mode maximum of 40-H (1,276 codewords less mode and count).
        assert!(codewords(&[0xE5; 1274], Ecc::H).is_err());
        assert_eq!(codewords(&[0xE5; 1273], Ecc::H).unwrap().0, 40);
    }

    /// Evaluate a polynomial (highest power first) at `x` over GF(256).
    fn eval(poly: &[u8], x: u8) -> u8 {
        poly.iter().fold(0u8, |acc, &c| gf_mul(acc, x) ^ c)
    }

    proptest! {
        #[test]
        fn codewords_are_reed_solomon_codes(data in proptest::collection::vec(any::<u8>(), 1..60), degree in 7usize..31) {
            // data·x^d + remainder is divisible by the generator: zero at α^0 … α^(d−1).
            let div = rs_divisor(degree);
            let rem = rs_remainder(&data, &div);
            let mut word = data.clone();
            word.extend(&rem);
            let mut a = 1u8;
            for _ in 0..degree {
                prop_assert_eq!(eval(&word, a), 0);
                a = gf_mul(a, 2);
            }
        }

        #[test]
        fn any_text_encodes_with_valid_structure(text in "\\PC{0,120}", e in 0usize..4) {
            let ecc = [Ecc::L, Ecc::M, Ecc::Q, Ecc::H][e];
            let m = encode(text.as_bytes(), ecc).unwrap();
            prop_assert!(finder_ok(&m, 0, 0));
            prop_assert!(m.get(8, m.size - 8));
            prop_assert!(data_codewords(m.version, ecc) * 8 >= 4 + text.len() * 8 / 2);
        }
    }
}
