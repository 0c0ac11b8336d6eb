//! The PDF file format at its lowest level: numbers, names, strings,
//! dictionaries and numbered objects, written straight into a byte buffer.
//! Small objects go into one compressed object stream and the
//! cross-reference table is a compressed stream too (PDF 1.5), which
//! keeps a tagged document's many small structure elements cheap.

use sha2::{Digest, Sha256};

use super::compress::deflate_fast;

/// An indirect object's number.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ref(pub u32);

/// Writes `v` with at most three decimals, no exponent and no trailing
/// zeros: fixed-point, so a number is formatted once, exactly, and the
/// same number always gives the same bytes. A thousandth of a point is
/// far below what any printer resolves.
pub fn real(buf: &mut Vec<u8>, v: f32) {
    let v = f64::from(v);
    if !v.is_finite() {
        buf.push(b'0');
        return;
    }
    let n = (v * 1000.0).round().clamp(-9.0e15, 9.0e15) as i64;
    if n < 0 {
        buf.push(b'-');
    }
    let a = n.unsigned_abs();
    uint(buf, a / 1000);
    let frac = a % 1000;
    if frac != 0 {
        let digits = [frac / 100, frac / 10 % 10, frac % 10];
        let len = if digits[2] != 0 {
            3
        } else if digits[1] != 0 {
            2
        } else {
            1
        };
        buf.push(b'.');
        buf.extend(digits[..len].iter().map(|d| b'0' + *d as u8));
    }
}

/// The value [`real`] writes for `v`: what a reader will take it to be.
pub fn rounded(v: f32) -> f32 {
    ((f64::from(v) * 1000.0).round() / 1000.0) as f32
}

/// Writes an unsigned integer in decimal.
pub fn uint(buf: &mut Vec<u8>, mut v: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[i..]);
}

/// Writes a signed integer in decimal.
pub fn int(buf: &mut Vec<u8>, v: i64) {
    if v < 0 {
        buf.push(b'-');
    }
    uint(buf, v.unsigned_abs());
}

/// Writes `/name`, escaping what a name may not hold as `#xx`.
pub fn name(buf: &mut Vec<u8>, name: &[u8]) {
    buf.push(b'/');
    for &b in name {
        let plain = b.is_ascii_graphic()
            && !matches!(
                b,
                b'#' | b'/' | b'%' | b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}'
            );
        if plain {
            buf.push(b);
        } else {
            buf.push(b'#');
            hex_byte(buf, b);
        }
    }
}

fn hex_byte(buf: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    buf.push(HEX[(b >> 4) as usize]);
    buf.push(HEX[(b & 15) as usize]);
}

/// Writes bytes as a hexadecimal string `<...>`.
pub fn hex_string(buf: &mut Vec<u8>, bytes: &[u8]) {
    buf.push(b'<');
    for &b in bytes {
        hex_byte(buf, b);
    }
    buf.push(b'>');
}

/// Writes a text string (ISO 32000-1, 7.9.2.2): printable ASCII as a
/// literal `(...)`, anything else as UTF-16BE with a byte order mark, so
/// a title in Welsh or with a dash reads back as it was written.
pub fn text(buf: &mut Vec<u8>, s: &str) {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        buf.push(b'(');
        for b in s.bytes() {
            if matches!(b, b'(' | b')' | b'\\') {
                buf.push(b'\\');
            }
            buf.push(b);
        }
        buf.push(b')');
    } else {
        buf.extend_from_slice(b"<FEFF");
        for unit in s.encode_utf16() {
            for b in unit.to_be_bytes() {
                hex_byte(buf, b);
            }
        }
        buf.push(b'>');
    }
}

/// Writes `N 0 R`.
pub fn reference(buf: &mut Vec<u8>, r: Ref) {
    uint(buf, u64::from(r.0));
    buf.extend_from_slice(b" 0 R");
}

/// Writes a rectangle `[x0 y0 x1 y1]`.
pub fn rect(buf: &mut Vec<u8>, r: [f32; 4]) {
    buf.push(b'[');
    for (i, v) in r.into_iter().enumerate() {
        if i > 0 {
            buf.push(b' ');
        }
        real(buf, v);
    }
    buf.push(b']');
}

/// A dictionary being written: `<<`, then one key and value per call,
/// then `>>` from [`Dict::finish`].
pub struct Dict<'a> {
    buf: &'a mut Vec<u8>,
}

impl<'a> Dict<'a> {
    /// Starts a dictionary.
    pub fn new(buf: &'a mut Vec<u8>) -> Dict<'a> {
        buf.extend_from_slice(b"<<");
        Dict { buf }
    }

    fn key(&mut self, key: &str) -> &mut Vec<u8> {
        name(self.buf, key.as_bytes());
        self.buf.push(b' ');
        self.buf
    }

    /// `/key /value`.
    pub fn name(&mut self, key: &str, value: &str) -> &mut Self {
        name(self.key(key), value.as_bytes());
        self
    }

    /// `/key n`.
    pub fn int(&mut self, key: &str, value: i64) -> &mut Self {
        int(self.key(key), value);
        self
    }

    /// `/key 1.25`.
    pub fn real(&mut self, key: &str, value: f32) -> &mut Self {
        real(self.key(key), value);
        self
    }

    /// `/key true|false`.
    pub fn bool(&mut self, key: &str, value: bool) -> &mut Self {
        let v: &[u8] = if value { b"true" } else { b"false" };
        self.key(key).extend_from_slice(v);
        self
    }

    /// `/key N 0 R`.
    pub fn reference(&mut self, key: &str, r: Ref) -> &mut Self {
        reference(self.key(key), r);
        self
    }

    /// `/key (text)`: a text string.
    pub fn text(&mut self, key: &str, value: &str) -> &mut Self {
        text(self.key(key), value);
        self
    }

    /// `/key [x0 y0 x1 y1]`.
    pub fn rect(&mut self, key: &str, r: [f32; 4]) -> &mut Self {
        rect(self.key(key), r);
        self
    }

    /// `/key` followed by bytes already in PDF syntax.
    pub fn raw(&mut self, key: &str, value: &[u8]) -> &mut Self {
        self.key(key).extend_from_slice(value);
        self
    }

    /// `/key` followed by whatever `f` writes.
    pub fn with(&mut self, key: &str, f: impl FnOnce(&mut Vec<u8>)) -> &mut Self {
        f(self.key(key));
        self
    }

    /// Ends the dictionary: `>>`.
    pub fn finish(&mut self) {
        self.buf.extend_from_slice(b">>");
    }
}

/// Where an object was written.
#[derive(Copy, Clone)]
enum Slot {
    /// Not written (yet).
    Free,
    /// At this byte offset of the file.
    File(usize),
    /// The n-th object of the object stream.
    InStream(u32),
}

/// A PDF file being written: streams go straight into the file, small
/// objects into the object stream, and [`Pdf::finish`] writes the object
/// stream, the cross-reference stream and the trailer.
pub struct Pdf {
    file: Vec<u8>,
    slots: Vec<Slot>,
    /// The object stream's objects, one after another.
    packed: Vec<u8>,
    /// Each packed object's number and offset within `packed`.
    packed_index: Vec<(Ref, usize)>,
    /// The object stream, once written.
    packed_in: Option<Ref>,
}

impl Pdf {
    /// A file with its header written.
    pub fn new(capacity: usize) -> Pdf {
        let mut file = Vec::with_capacity(capacity);
        // The binary comment tells transfer programs the file is binary.
        file.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
        Pdf {
            file,
            slots: vec![Slot::Free],
            packed: Vec::with_capacity(4096),
            packed_index: Vec::new(),
            packed_in: None,
        }
    }

    /// Reserves the next object number.
    pub fn alloc(&mut self) -> Ref {
        self.slots.push(Slot::Free);
        Ref((self.slots.len() - 1) as u32)
    }

    /// Writes object `r` (a dictionary, array or number, never a stream)
    /// into the object stream; `f` writes its value.
    pub fn object(&mut self, r: Ref, f: impl FnOnce(&mut Vec<u8>)) {
        if !self.packed.is_empty() {
            self.packed.push(b'\n');
        }
        self.slots[r.0 as usize] = Slot::InStream(self.packed_index.len() as u32);
        self.packed_index.push((r, self.packed.len()));
        f(&mut self.packed);
    }

    /// Writes stream `r`: its dictionary's entries (from `dict`), /Length,
    /// /Filter /FlateDecode when `deflated`, and the data.
    pub fn stream(&mut self, r: Ref, data: &[u8], deflated: bool, dict: impl FnOnce(&mut Dict)) {
        self.begin(r);
        let mut d = Dict::new(&mut self.file);
        dict(&mut d);
        d.int("Length", data.len() as i64);
        if deflated {
            d.name("Filter", "FlateDecode");
        }
        d.finish();
        self.file.extend_from_slice(b"\nstream\n");
        self.file.extend_from_slice(data);
        self.file.extend_from_slice(b"\nendstream\nendobj\n");
    }

    fn begin(&mut self, r: Ref) {
        self.slots[r.0 as usize] = Slot::File(self.file.len());
        uint(&mut self.file, u64::from(r.0));
        self.file.extend_from_slice(b" 0 obj\n");
    }

    /// Writes the object stream, then the cross-reference stream whose
    /// trailer entries name the catalog and the info dictionary, with an
    /// /ID that is a hash of everything before it: the same content always
    /// gets the same id, and other content another.
    pub fn finish(mut self, catalog: Ref, info: Ref) -> Vec<u8> {
        if !self.packed_index.is_empty() {
            let objstm = self.alloc();
            let mut header = Vec::with_capacity(self.packed_index.len() * 8);
            for (r, offset) in &self.packed_index {
                uint(&mut header, u64::from(r.0));
                header.push(b' ');
                uint(&mut header, *offset as u64);
                header.push(b' ');
            }
            let first = header.len();
            header.extend_from_slice(&self.packed);
            let data = deflate_fast(&header);
            let n = self.packed_index.len() as i64;
            self.stream(objstm, &data, true, |d| {
                d.name("Type", "ObjStm")
                    .int("N", n)
                    .int("First", first as i64);
            });
            self.packed_in = Some(objstm);
        }
        let xref = self.alloc();
        let start = self.file.len();
        let size = self.slots.len();
        // Entries: type (1 byte), offset or stream number (4), generation
        // or index (2).
        let mut table = Vec::with_capacity(size * 7);
        for (i, slot) in self.slots.iter().enumerate() {
            let (kind, a, b): (u8, u32, u16) = match *slot {
                Slot::Free if i == 0 => (0, 0, 0xFFFF),
                Slot::Free => (0, 0, 0),
                Slot::File(offset) => (1, offset as u32, 0),
                Slot::InStream(index) => (2, self.packed_in.map_or(0, |r| r.0), index as u16),
            };
            table.push(kind);
            table.extend_from_slice(&a.to_be_bytes());
            table.extend_from_slice(&b.to_be_bytes());
        }
        // The xref stream's own entry: where it starts.
        let own = (xref.0 as usize) * 7;
        table[own] = 1;
        table[own + 1..own + 5].copy_from_slice(&(start as u32).to_be_bytes());
        table[own + 5..own + 7].copy_from_slice(&0u16.to_be_bytes());
        let id: [u8; 32] = Sha256::digest(&self.file).into();
        let data = deflate_fast(&table);
        self.stream(xref, &data, true, |d| {
            d.name("Type", "XRef")
                .int("Size", size as i64)
                .raw("W", b"[1 4 2]")
                .reference("Root", catalog)
                .reference("Info", info)
                .with("ID", |buf| {
                    buf.push(b'[');
                    hex_string(buf, &id[..16]);
                    hex_string(buf, &id[..16]);
                    buf.push(b']');
                });
        });
        self.file.extend_from_slice(b"startxref\n");
        uint(&mut self.file, start as u64);
        self.file.extend_from_slice(b"\n%%EOF\n");
        self.file
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(v: f32) -> String {
        let mut b = Vec::new();
        real(&mut b, v);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn reals_are_fixed_point_with_no_trailing_zeros() {
        assert_eq!(r(0.0), "0");
        assert_eq!(r(-0.0001), "0");
        assert_eq!(r(1.0), "1");
        assert_eq!(r(-1.5), "-1.5");
        assert_eq!(r(595.27563), "595.276");
        assert_eq!(r(0.1019608), "0.102");
        assert_eq!(r(10.05), "10.05");
        assert_eq!(r(-0.004), "-0.004");
        assert_eq!(r(123456.0), "123456");
        assert_eq!(r(f32::NAN), "0");
        assert_eq!(rounded(0.1019608), 0.102);
    }

    #[test]
    fn names_escape_delimiters() {
        let mut b = Vec::new();
        name(&mut b, b"A B#(x)");
        assert_eq!(b, b"/A#20B#23#28x#29");
    }

    #[test]
    fn text_strings_are_literal_ascii_or_utf16() {
        let mut b = Vec::new();
        text(&mut b, "a (b) \\");
        assert_eq!(b, b"(a \\(b\\) \\\\)");
        let mut b = Vec::new();
        text(&mut b, "ŵ");
        assert_eq!(b, b"<FEFF0175>");
    }
}
