//! Content streams written straight to bytes: each operator and number
//! formatted once, by hand, into the stream's buffer.

use super::object::{self, real};
use crate::colour::Colour;

/// A page's content stream being written.
pub struct Content {
    /// The operators so far.
    pub buf: Vec<u8>,
}

impl Content {
    /// An empty stream.
    pub fn with_capacity(n: usize) -> Content {
        Content {
            buf: Vec::with_capacity(n),
        }
    }

    fn nums<const N: usize>(&mut self, values: [f32; N]) {
        for v in values {
            real(&mut self.buf, v);
            self.buf.push(b' ');
        }
    }

    fn op(&mut self, op: &[u8]) {
        self.buf.extend_from_slice(op);
        self.buf.push(b'\n');
    }

    fn colour(&mut self, c: Colour, op: &[u8]) {
        let [r, g, b] = c.to_f32();
        self.nums([r, g, b]);
        self.op(op);
    }

    /// `q -1 0 0 -1 2x 2y cm`: saves the graphics state and turns what
    /// follows half a turn about (`x`, `y`).
    pub fn begin_turned(&mut self, x: f32, y: f32) {
        self.op(b"q");
        self.nums([-1.0, 0.0, 0.0, -1.0, 2.0 * x, 2.0 * y]);
        self.op(b"cm");
    }

    /// `Q`: restores the graphics state saved by
    /// [`Content::begin_turned`].
    pub fn end_turned(&mut self) {
        self.op(b"Q");
    }

    /// `r g b rg`: the fill colour.
    pub fn fill_colour(&mut self, c: Colour) {
        self.colour(c, b"rg");
    }

    /// `r g b RG`: the stroke colour.
    pub fn stroke_colour(&mut self, c: Colour) {
        self.colour(c, b"RG");
    }

    /// `w w`: the line width.
    pub fn line_width(&mut self, w: f32) {
        self.nums([w]);
        self.op(b"w");
    }

    /// `x y m`.
    pub fn move_to(&mut self, x: f32, y: f32) {
        self.nums([x, y]);
        self.op(b"m");
    }

    /// `x y l`.
    pub fn line_to(&mut self, x: f32, y: f32) {
        self.nums([x, y]);
        self.op(b"l");
    }

    /// `x1 y1 x2 y2 x3 y3 c`.
    pub fn cubic_to(&mut self, c: [f32; 6]) {
        self.nums(c);
        self.op(b"c");
    }

    /// `x y w h re`.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.nums([x, y, w, h]);
        self.op(b"re");
    }

    /// `h`: closes the subpath.
    pub fn close(&mut self) {
        self.op(b"h");
    }

    /// Paints the path: `f` (fill), `S` (stroke) or `B` (both), nonzero.
    pub fn paint(&mut self, fill: bool, stroke: bool) {
        self.op(match (fill, stroke) {
            (true, true) => b"B",
            (true, false) => b"f",
            (false, true) => b"S",
            (false, false) => b"n",
        });
    }

    /// `BT`.
    pub fn begin_text(&mut self) {
        self.op(b"BT");
    }

    /// `ET`.
    pub fn end_text(&mut self) {
        self.op(b"ET");
    }

    /// `/Fn size Tf`.
    pub fn font(&mut self, index: usize, size: f32) {
        self.buf.extend_from_slice(b"/F");
        object::uint(&mut self.buf, index as u64);
        self.buf.push(b' ');
        self.nums([size]);
        self.op(b"Tf");
    }

    /// `1 0 0 1 x y Tm`: the text position, absolute.
    pub fn text_at(&mut self, x: f32, y: f32) {
        self.buf.extend_from_slice(b"1 0 0 1 ");
        self.nums([x, y]);
        self.op(b"Tm");
    }

    /// `[(cids) adjustment (cids) ...] TJ`: each glyph as its two-byte CID
    /// in a literal string (half the bytes of hex, so less to deflate),
    /// followed by how far to move the pen back (thousandths of an em)
    /// where the next glyph is not one advance further on.
    pub fn show(&mut self, glyphs: impl Iterator<Item = (u16, f32)>) {
        self.buf.push(b'[');
        let mut open = false;
        for (cid, adjust) in glyphs {
            if !open {
                self.buf.push(b'(');
                open = true;
            }
            for b in cid.to_be_bytes() {
                match b {
                    // Delimiters and the escape are escaped; a bare CR
                    // would be read as a line end.
                    b'(' | b')' | b'\\' => {
                        self.buf.push(b'\\');
                        self.buf.push(b);
                    }
                    b'\r' => self.buf.extend_from_slice(b"\\r"),
                    _ => self.buf.push(b),
                }
            }
            if adjust != 0.0 {
                self.buf.push(b')');
                open = false;
                real(&mut self.buf, adjust);
            }
        }
        if open {
            self.buf.push(b')');
        }
        self.op(b"]TJ");
    }

    /// `q w 0 0 h x y cm /Imn Do Q`: an image filling a rectangle.
    pub fn image(&mut self, index: usize, x: f32, y: f32, w: f32, h: f32) {
        self.op(b"q");
        self.nums([w, 0.0, 0.0, h, x, y]);
        self.op(b"cm");
        self.buf.extend_from_slice(b"/Im");
        object::uint(&mut self.buf, index as u64);
        self.op(b" Do");
        self.op(b"Q");
    }

    /// `/Role <</MCID n>> BDC`: content of a structure element.
    pub fn begin_tagged(&mut self, role: &str, mcid: u32) {
        object::name(&mut self.buf, role.as_bytes());
        self.buf.extend_from_slice(b"<</MCID ");
        object::uint(&mut self.buf, u64::from(mcid));
        self.op(b">>BDC");
    }

    /// `/Span <</ActualText <FEFF...>>> BDC`: what the glyphs up to the
    /// matching `EMC` stand for, where the font's Unicode map cannot say
    /// it exactly (a glyph drawn for different text in different places).
    pub fn begin_actual_text(&mut self, text: &str) {
        self.buf.extend_from_slice(b"/Span<</ActualText");
        let utf16: Vec<u8> = [0xFEFFu16]
            .into_iter()
            .chain(text.encode_utf16())
            .flat_map(u16::to_be_bytes)
            .collect();
        object::hex_string(&mut self.buf, &utf16);
        self.op(b">>BDC");
    }

    /// `/Artifact BMC`: decoration a reader skips.
    pub fn begin_artifact(&mut self) {
        self.op(b"/Artifact BMC");
    }

    /// `EMC`.
    pub fn end_marked(&mut self) {
        self.op(b"EMC");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyphs_share_a_string_until_an_adjustment() {
        let mut c = Content::with_capacity(64);
        c.show([(1, 0.0), (0x2a, -12.5), (3, 0.0), (0x0d28, 0.0)].into_iter());
        assert_eq!(c.buf, b"[(\0\x01\0*)-12.5(\0\x03\\r\\()]TJ\n");
    }

    #[test]
    fn operators_are_written_with_their_operands() {
        let mut c = Content::with_capacity(64);
        c.fill_colour(Colour::rgb(255, 0, 51));
        c.rect(0.0, 1.5, 10.0, 20.25);
        c.paint(true, false);
        c.begin_tagged("P", 3);
        c.end_marked();
        assert_eq!(
            String::from_utf8(c.buf).unwrap(),
            "1 0 0.2 rg\n0 1.5 10 20.25 re\nf\n/P<</MCID 3>>BDC\nEMC\n"
        );
    }
}
