"""Tiny PDFs for the tests and the cases/pdf example: a digital page written by hand (a text stream
in Helvetica, WinAnsi encoding, so "isn’t" is stored as the typographic quote a word processor
writes) and a scanned-looking page (text drawn with Pillow, optionally shrunk, blurred and
speckled like a fax, saved as an image-only PDF).

>>> text_pdf(["Pain 5/10."])[:8]
b'%PDF-1.4'
"""

from __future__ import annotations

import io
import random


def _literal(line: str) -> bytes:
    out = b""
    for byte in line.encode("cp1252"):
        ch = bytes([byte])
        out += b"\\" + ch if ch in b"()\\" else ch if 32 <= byte < 127 else b"\\%03o" % byte
    return b"(" + out + b")"


def text_pdf(lines: list[str], encrypt_with: str | None = None) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (one PDF text line each). With
    ``encrypt_with``, the same page encrypted with that user password (through pypdf)."""
    body = b"BT /F1 11 Tf 72 720 Td 14 TL " + b" T* ".join(_literal(x) + b" Tj" for x in lines) + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    if encrypt_with is None:
        return out
    import pypdf
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(out)))
    writer.encrypt(encrypt_with, algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def image_pdf(lines: list[str], scale: float = 1.0, blur: float = 0.0, speckle: float = 0.0, seed: int = 7) -> bytes:
    """A one-page image-only PDF (no text layer) of ``lines`` drawn at 300 dpi; ``scale`` < 1
    shrinks the image (a 0.33 page is a 100 dpi fax), ``blur`` is a Gaussian radius in pixels and
    ``speckle`` the share of pixels flipped, from a seeded generator (the same bytes every run)."""
    from PIL import Image, ImageDraw, ImageFont, ImageFilter
    font = ImageFont.load_default(size=40)
    img = Image.new("L", (2550, 120 + 70 * len(lines)), 255)  # 8.5 in at 300 dpi
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((100, 60 + 70 * i), line, font=font, fill=0)
    if scale != 1.0:
        img = img.resize((int(img.width * scale), int(img.height * scale)))
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    if speckle:
        rnd, px = random.Random(seed), img.load()
        for _ in range(int(img.width * img.height * speckle)):
            x, y = rnd.randrange(img.width), rnd.randrange(img.height)
            px[x, y] = 0 if px[x, y] > 128 else 255
    buf = io.BytesIO()
    img.save(buf, "PDF", resolution=300 * scale)
    return buf.getvalue()
