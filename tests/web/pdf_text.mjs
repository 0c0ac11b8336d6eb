// What pdf.js (Firefox's PDF viewer) gives of PDFs' text, for
// tests/text_layer.rs, through pdfjs-dist (pinned in package.json).
//
// Usage: node pdf_text.mjs FILE.pdf...
//
// Prints JSON: for each file, its text page by page as pdf.js's find bar
// searches it: the text items of getTextContent() joined in order, with
// a line break after each item that ends a line (what PDFFindController
// builds before it normalises and searches).
import { readFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const out = [];
for (const file of process.argv.slice(2)) {
  const data = new Uint8Array(readFileSync(file));
  const doc = await getDocument({ data, verbosity: 0, isEvalSupported: false }).promise;
  const pages = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    pages.push(content.items.map((it) => it.str + (it.hasEOL ? "\n" : "")).join(""));
  }
  await doc.destroy();
  out.push({ file, pages });
}
process.stdout.write(JSON.stringify(out));
