//! The file around the objects. pdf-writer writes every object's syntax;
//! what it lacks is object streams, and with them the cross-reference
//! entries that point into one. Those are here: small objects (structure
//! elements, pages, dictionaries) are packed into one compressed object
//! stream, streams go straight into the file, and the cross-reference table
//! is a compressed stream (PDF 1.5). A tagged document's hundreds of small
//! structure elements cost a quarter to a third of the file without them.

use pdf_writer::{Chunk, Filter, Name, Obj, Ref, Settings, Str};
use sha2::{Digest, Sha256};

use super::compress::deflate_fast;
use super::RenderError;

/// The value a PDF reader takes `v` to be once written: rounded to a
/// thousandth, far below what any printer resolves, so that a number is
/// written short (pdf-writer writes the shortest decimal that gives the
/// same `f32`) and the same number always gives the same bytes.
pub fn rounded(v: f32) -> f32 {
    ((f64::from(v) * 1000.0).round() / 1000.0) as f32
}

/// `v` as the `i32` pdf-writer writes integers as, or the error saying
/// that `what` is too large for a PDF.
pub fn int(v: impl TryInto<i32>, what: &'static str) -> Result<i32, RenderError> {
    v.try_into().map_err(|_| RenderError::TooLarge(what))
}

/// Writes `v` in decimal: for the object stream's header, once per
/// object, where `write!` cost more than the rest of the header.
pub fn push_uint(buf: &mut Vec<u8>, v: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut v = v;
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

/// A resource's name, such as `F0` or `Im2`, written into `buf`.
pub fn resource_name<'a>(buf: &'a mut Vec<u8>, prefix: &[u8], i: usize) -> Name<'a> {
    buf.clear();
    buf.extend_from_slice(prefix);
    push_uint(buf, i);
    Name(buf)
}

/// Compact syntax: no indentation or line per entry, which only a person
/// reading the file would want.
const SETTINGS: Settings = Settings { pretty: false };

/// The file's header; the binary comment tells transfer programs the file
/// is binary.
const HEADER: &[u8] = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";

/// A PDF file being written: [`Pdf::object`] packs a small object into the
/// object stream, [`Pdf::stream`] writes a stream into the file, and
/// [`Pdf::finish`] writes the object stream, the cross-reference stream and
/// the trailer.
pub struct Pdf {
    /// The next object number to hand out.
    next: i32,
    /// The objects written into the file after the header, in order.
    file: Chunk,
    /// Each object of `file` and where it starts in it.
    file_index: Vec<(Ref, usize)>,
    /// The small objects, each as pdf-writer writes an indirect object.
    packed: Chunk,
    /// Each object of `packed` and where it starts in it.
    packed_index: Vec<(Ref, usize)>,
}

/// Where the cross-reference stream says an object is.
#[derive(Copy, Clone)]
enum Slot {
    /// Not written.
    Free,
    /// At this byte offset of the file.
    File(usize),
    /// The n-th object of the object stream.
    InStream(usize),
}

impl Pdf {
    /// A file with nothing in it yet.
    pub fn new(capacity: usize) -> Pdf {
        Pdf {
            next: 1,
            file: Chunk::with_settings_and_capacity(SETTINGS, capacity),
            file_index: Vec::new(),
            packed: Chunk::with_settings_and_capacity(SETTINGS, 4096),
            packed_index: Vec::new(),
        }
    }

    /// Reserves the next object number.
    pub fn alloc(&mut self) -> Result<Ref, RenderError> {
        let n = self.next;
        self.next = n
            .checked_add(1)
            .ok_or(RenderError::TooLarge("the number of objects"))?;
        Ok(Ref::new(n))
    }

    /// Starts object `r` (a dictionary, array or number, never a stream),
    /// for the object stream: write it with the returned writer, as a
    /// dictionary or with one of pdf-writer's typed writers
    /// (`.start::<Page>()`).
    pub fn object(&mut self, r: Ref) -> Obj<'_> {
        self.packed_index.push((r, self.packed.len()));
        self.packed.indirect(r)
    }

    /// The file, to write stream `r` holding `data` into next with one of
    /// pdf-writer's stream writers (`stream`, `image_xobject`, `metadata`,
    /// ...). Refuses data longer than a stream's /Length can say.
    pub fn stream(&mut self, r: Ref, data: &[u8]) -> Result<&mut Chunk, RenderError> {
        int(data.len(), "a stream's length")?;
        self.file_index.push((r, self.file.len()));
        Ok(&mut self.file)
    }

    /// Writes the object stream, then the cross-reference stream, whose
    /// trailer entries name the catalog and the info dictionary, with an
    /// /ID that is a hash of everything before it: the same content always
    /// gets the same id, and other content another.
    pub fn finish(mut self, catalog: Ref, info: Ref) -> Result<Vec<u8>, RenderError> {
        // Each object written as recorded, and only once: what the offsets
        // below rely on.
        let in_order = |chunk: &Chunk, index: &[(Ref, usize)]| {
            chunk.refs().len() == index.len() && chunk.refs().zip(index).all(|(a, (b, _))| a == *b)
        };
        if !in_order(&self.file, &self.file_index) || !in_order(&self.packed, &self.packed_index) {
            return Err(RenderError::Internal("objects not written as recorded"));
        }
        let mut slots = vec![Slot::Free; usize::try_from(self.next).unwrap_or(0)];
        let taken = |r: Ref, slot: Slot, slots: &mut [Slot]| -> Result<(), RenderError> {
            match usize::try_from(r.get()).ok().and_then(|i| slots.get_mut(i)) {
                Some(s @ Slot::Free) => {
                    *s = slot;
                    Ok(())
                }
                _ => Err(RenderError::Internal("an object written twice")),
            }
        };
        for &(r, at) in &self.file_index {
            taken(r, Slot::File(HEADER.len() + at), &mut slots)?;
        }

        // Each packed object's value, without the `N 0 obj` and `endobj`
        // pdf-writer frames it with, after a header of numbers and offsets.
        let packed = self.packed.as_bytes();
        let mut header = Vec::with_capacity(self.packed_index.len() * 10);
        let mut values = Vec::with_capacity(packed.len());
        let mut prefix = Vec::with_capacity(16);
        let mut ends = self.packed_index.iter().skip(1).map(|(_, at)| *at);
        for (count, &(r, start)) in self.packed_index.iter().enumerate() {
            let end = ends.next().unwrap_or(packed.len());
            let bytes = packed.get(start..end).unwrap_or_default();
            prefix.clear();
            push_uint(&mut prefix, usize::try_from(r.get()).unwrap_or(0));
            prefix.extend_from_slice(b" 0 obj\n");
            let value = bytes
                .strip_prefix(&prefix[..])
                .and_then(|b| b.strip_suffix(b"\nendobj\n"))
                // Framed otherwise: a pdf-writer that changed under us
                // (the tests here would say so first).
                .ok_or(RenderError::Internal("an object framed unexpectedly"))?;
            push_uint(&mut header, usize::try_from(r.get()).unwrap_or(0));
            header.push(b' ');
            push_uint(&mut header, values.len());
            header.push(b' ');
            values.extend_from_slice(value);
            values.push(b'\n');
            taken(r, Slot::InStream(count), &mut slots)?;
        }
        let count = self.packed_index.len();
        let objstm = if count > 0 {
            let r = self.alloc()?;
            slots.push(Slot::Free);
            let first = int(header.len(), "the object stream")?;
            header.extend_from_slice(&values);
            let data = deflate_fast(&header);
            let n = int(count, "the number of objects")?;
            int(data.len(), "a stream's length")?;
            taken(r, Slot::File(HEADER.len() + self.file.len()), &mut slots)?;
            self.file
                .stream(r, &data)
                .filter(Filter::FlateDecode)
                .pair(Name(b"Type"), Name(b"ObjStm"))
                .pair(Name(b"N"), n)
                .pair(Name(b"First"), first);
            Some(r)
        } else {
            None
        };

        let xref = self.alloc()?;
        slots.push(Slot::Free);
        let start = HEADER.len() + self.file.len();
        taken(xref, Slot::File(start), &mut slots)?;
        // Each entry: its type (1 byte), then the offset or the object
        // stream's number, then the generation or the index in the object
        // stream, each as wide as its largest value needs: nothing is
        // narrowed to a width that could wrap.
        let stream_number = objstm.map_or(0, |r| usize::try_from(r.get()).unwrap_or(0));
        let widest = |f: fn(&Slot) -> usize| slots.iter().map(f).max().unwrap_or(0);
        let a = widest(|s| match *s {
            Slot::File(at) => at,
            Slot::InStream(_) | Slot::Free => 0,
        })
        .max(stream_number);
        let b = widest(|s| match *s {
            Slot::InStream(i) => i,
            Slot::File(_) | Slot::Free => 0,
        })
        .max(0xFFFF);
        let (wa, wb) = (bytes_for(a), bytes_for(b));
        let mut table = Vec::with_capacity(slots.len() * (1 + wa + wb));
        for (i, slot) in slots.iter().enumerate() {
            let (kind, x, y) = match *slot {
                Slot::Free if i == 0 => (0u8, 0, 0xFFFF),
                Slot::Free => (0, 0, 0),
                Slot::File(at) => (1, at, 0),
                Slot::InStream(index) => (2, stream_number, index),
            };
            table.push(kind);
            // A usize is at most eight bytes, so both fit.
            table.extend_from_slice(&x.to_be_bytes()[USIZE - wa..]);
            table.extend_from_slice(&y.to_be_bytes()[USIZE - wb..]);
        }
        let size = int(slots.len(), "the number of objects")?;
        let mut file = Vec::with_capacity(start + table.len() + 256);
        file.extend_from_slice(HEADER);
        file.extend_from_slice(self.file.as_bytes());
        let id: [u8; 32] = Sha256::digest(&file).into();
        let data = deflate_fast(&table);
        let mut tail = Chunk::with_settings(SETTINGS);
        {
            let mut s = tail.stream(xref, &data);
            s.filter(Filter::FlateDecode)
                .pair(Name(b"Type"), Name(b"XRef"))
                .pair(Name(b"Size"), size)
                .pair(Name(b"Root"), catalog)
                .pair(Name(b"Info"), info);
            s.insert(Name(b"W"))
                .array()
                .items([1, int(wa, "a width")?, int(wb, "a width")?]);
            s.insert(Name(b"ID"))
                .array()
                .items([Str(&id[..16]), Str(&id[..16])]);
        }
        file.extend_from_slice(tail.as_bytes());
        file.extend_from_slice(format!("startxref\n{start}\n%%EOF\n").as_bytes());
        Ok(file)
    }
}

/// The bytes of a usize.
const USIZE: usize = std::mem::size_of::<usize>();

/// How many bytes hold `v` (at least one).
fn bytes_for(v: usize) -> usize {
    let bits = usize::BITS - v.leading_zeros();
    (bits.div_ceil(8) as usize).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_rounded_to_a_thousandth() {
        assert_eq!(rounded(595.27563), 595.276);
        assert_eq!(rounded(0.1019608), 0.102);
        assert_eq!(rounded(-0.0001), 0.0);
        assert_eq!(bytes_for(0), 1);
        assert_eq!(bytes_for(0xFFFF), 2);
        assert_eq!(bytes_for(0x1_0000), 3);
    }

    #[test]
    fn an_object_stream_of_more_than_65535_objects_is_indexed_right() {
        // The index of an object in the object stream once went through a
        // u16: object 65,537 of the stream came back as object 1.
        let mut pdf = Pdf::new(1024);
        let catalog = pdf.alloc().unwrap();
        let info = pdf.alloc().unwrap();
        let pages = pdf.alloc().unwrap();
        let mut refs = Vec::new();
        for i in 0..70_000 {
            let r = pdf.alloc().unwrap();
            pdf.object(r).primitive(i);
            refs.push(r);
        }
        pdf.object(pages)
            .start::<pdf_writer::writers::Pages>()
            .count(0);
        pdf.object(catalog)
            .start::<pdf_writer::writers::Catalog>()
            .pages(pages);
        pdf.object(info)
            .start::<pdf_writer::writers::DocumentInfo>()
            .title(pdf_writer::TextStr("many"));
        let bytes = pdf.finish(catalog, info).unwrap();
        let doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads it");
        for (i, r) in refs
            .iter()
            .enumerate()
            .step_by(997)
            .chain([(69_999, &refs[69_999])])
        {
            let id = (u32::try_from(r.get()).unwrap(), 0);
            assert_eq!(doc.get_object(id).unwrap().as_i64().unwrap(), i as i64);
        }
    }

    #[test]
    fn an_object_is_packed_only_once() {
        let mut pdf = Pdf::new(1024);
        let r = pdf.alloc().unwrap();
        pdf.object(r).primitive(1);
        pdf.object(r).primitive(2);
        assert!(matches!(pdf.finish(r, r), Err(RenderError::Internal(_))));
    }
}
