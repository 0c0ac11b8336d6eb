"""What PDFium (Chrome's and Edge's PDF viewer) gives of PDFs' text, for
tests/text_layer.rs, through pypdfium2 (PyPI, pinned in scripts/test).

Usage: python3 pdfium_text.py FILE.pdf... < queries.json

Prints JSON: for each file, its text page by page as PDFium's text page
gives it (what copy and read-aloud take), and for each query (a JSON list
of strings on standard input) how many times PDFium's own text search
(FPDFText_FindStart, not case-sensitive, not whole words) finds it in the
whole file.
"""

import json
import sys

import pypdfium2 as pdfium


def main():
    queries = json.load(sys.stdin)
    out = []
    for path in sys.argv[1:]:
        pdf = pdfium.PdfDocument(path)
        pages = []
        hits = {q: 0 for q in queries}
        for page in pdf:
            text = page.get_textpage()
            pages.append(text.get_text_range())
            for q in queries:
                searcher = text.search(q)
                while searcher.get_next() is not None:
                    hits[q] += 1
        out.append({"file": path, "pages": pages, "hits": hits})
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
