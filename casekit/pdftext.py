"""Text of a PDF note: its text layer through pypdf, scanned pages through Tesseract OCR.

Library choices follow ``inputs-and-training.md`` §A3: pypdf (BSD-3) reads the digital text
layer; a page without one (a scan, a fax) is rendered at 300 dpi by pypdfium2 (BSD-3/Apache-2.0)
and read by Debian's ``tesseract-ocr`` through pytesseract's ``image_to_data``, which keeps each
word's confidence (0-100, Tesseract's scale). Without the tesseract binary such a page is left
unread and named (:attr:`Extracted.unread`); nothing crashes. Every text is normalised
(:func:`casekit.textnorm.normalise`) so ``isn’t`` negates as ``isn't`` does.

Neither the text nor the file's name is logged; a :class:`PdfError` says what is wrong with the
file in words, after the caller's label.

>>> got = extract(open("cases/pdf/eval.pdf", "rb").read(), "eval.pdf")   # doctest: +SKIP
>>> got.source, got.pages, got.extractor                                # doctest: +SKIP
('pdf', 1, 'pypdf 7.1.1')
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import asdict, dataclass
from typing import Any, Optional

from .errors import CasekitError
from .limits import MAX_PDF_BYTES, MAX_PDF_PAGES
from .textnorm import normalise

#: pages are rendered for OCR at this resolution (Tesseract reads 300 dpi best; §A3 measured it)
OCR_DPI = 300
#: a page whose text layer has fewer letters and digits than this is treated as a scan
MIN_LAYER_CHARS = 3


class PdfError(CasekitError):
    """A file given as a PDF note cannot be read: not a PDF, damaged, encrypted, too large, or
    without text when OCR is not available. ``str()`` is one line, the caller's label first."""


@dataclass(frozen=True)
class Extracted:
    """What was read from one PDF, with its audit trail.

    ``words`` holds, for OCR'd pages, each word's character span in ``text`` and its Tesseract
    confidence (0-100): ``(start, end, confidence)``. ``unread`` lists the pages (1-based) that
    have no text layer and could not be OCR'd; a document with unread pages is not read.
    """

    text: str
    pages: int
    extractor: str
    source: str                      # "pdf", "ocr" or "mixed"
    page_sources: tuple[str, ...]    # per page: "pdf", "ocr" or "unread"
    sha256: str
    engine: Optional[str] = None     # "tesseract 5.3.0" when a page was OCR'd
    mean_confidence: Optional[float] = None
    min_confidence: Optional[float] = None
    words: tuple[tuple[int, int, float], ...] = ()
    unread: tuple[int, ...] = ()

    @property
    def read(self) -> bool:
        """Whether every page gave text (from its layer or from OCR)."""
        return not self.unread


def _reader(data: bytes, name: str):
    """A pypdf reader of ``data``, or PdfError saying why not."""
    if len(data) > MAX_PDF_BYTES:
        raise PdfError(f"{name}: is larger than {MAX_PDF_BYTES // 2 ** 20} MiB; casekit reads PDF notes of "
                       f"at most {MAX_PDF_BYTES} bytes")
    if b"%PDF-" not in data[:1024]:
        raise PdfError(f"{name}: is not a PDF (no %PDF- header); give a PDF file, or the note's text as text:")
    import pypdf
    from pypdf.errors import PdfReadError
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):  # an empty user password opens many
            raise PdfError(f"{name}: is encrypted with a password; give an unencrypted copy of the note")
        count = len(reader.pages)
    except PdfError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise PdfError(f"{name}: is damaged and cannot be read as a PDF ({type(exc).__name__})") from None
    except Exception as exc:  # pypdf raises bare exceptions for some damage (an unsupported filter)
        if "crypt" in str(exc).lower():
            raise PdfError(f"{name}: is encrypted in a way casekit cannot open; give an unencrypted copy") from None
        raise PdfError(f"{name}: is damaged and cannot be read as a PDF ({type(exc).__name__})") from None
    if count > MAX_PDF_PAGES:
        raise PdfError(f"{name}: has {count} pages; casekit reads PDF notes of at most {MAX_PDF_PAGES} pages")
    return reader


def tesseract_version() -> Optional[str]:
    """The installed Tesseract's version ("5.3.0"), or None when the binary is missing."""
    try:
        import pytesseract
        return str(pytesseract.get_tesseract_version())
    except Exception:  # pytesseract raises its own error, or OSError, when the binary is absent
        return None


def _ocr_words(pdf: Any, index: int) -> list[tuple[str, float, str]]:
    """The words of page ``index`` read by Tesseract: ``(word, confidence, separator before)``,
    the separator a space within a line, a newline between lines, a blank line between blocks."""
    import pytesseract
    image = pdf[index].render(scale=OCR_DPI / 72).to_pil()
    data = pytesseract.image_to_data(image, output_type=pytesseract.Output.DICT)
    out, last = [], None
    for i, word in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if int(data["level"][i]) != 5 or conf < 0 or not word.strip():
            continue
        at = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        sep = "" if last is None else " " if at == last else "\n" if at[:2] == last[:2] else "\n\n"
        out.append((normalise(word.strip()), conf, sep))
        last = at
    return out


def _joined(words: list[tuple[str, float, str]]) -> list[tuple[str, float, str]]:
    """Words hyphenated at a line end joined ("strength-" + "ening"), at the lower confidence."""
    out: list[tuple[str, float, str]] = []
    for word, conf, sep in words:
        if out and sep == "\n" and out[-1][0].endswith("-") and out[-1][0][:-1].isalpha() and word[:1].islower():
            prev, pconf, psep = out.pop()
            word, conf, sep = prev[:-1] + word, min(pconf, conf), psep
        out.append((word, conf, sep))
    return out


def extract(data: bytes, name: str) -> Extracted:
    """Read a PDF's text: each page's text layer, else (a scan) its OCR when Tesseract is there.
    ``name`` labels a :class:`PdfError` (``"case.yaml: documents[1].file: 'eval.pdf'"``).

    >>> extract(b"not a pdf", "x")
    Traceback (most recent call last):
    ...
    casekit.pdftext.PdfError: x: is not a PDF (no %PDF- header); give a PDF file, or the note's text as text:
    """
    import pypdf
    reader = _reader(data, name)
    parts: list[str] = []
    sources: list[str] = []
    spans: list[tuple[int, int, float]] = []
    pdfium, engine, probed = None, None, False
    for index, page in enumerate(reader.pages):
        try:
            layer = normalise(page.extract_text() or "", join_hyphens=True).strip()
        except Exception as exc:  # a damaged content stream on one page
            raise PdfError(f"{name}: page {index + 1} is damaged ({type(exc).__name__})") from None
        if sum(c.isalnum() for c in layer) >= MIN_LAYER_CHARS:
            parts.append(layer)
            sources.append("pdf")
            continue
        if not probed:  # the binary is looked for once per PDF, on its first page without text
            engine, probed = tesseract_version(), True
        if engine is None:
            sources.append("unread")
            continue
        if pdfium is None:
            import pypdfium2
            pdfium = pypdfium2.PdfDocument(data)
        offset = sum(len(p) for p in parts) + 2 * len(parts)  # where this page starts once joined
        text = ""
        for word, conf, sep in _joined(_ocr_words(pdfium, index)):
            text += sep
            spans.append((offset + len(text), offset + len(text) + len(word), round(conf, 1)))
            text += word
        if text:
            parts.append(text)
        sources.append("ocr" if text else "unread")
    if pdfium is not None:
        pdfium.close()
    confs = [c for _, _, c in spans]
    kinds = {s for s in sources if s != "unread"}
    return Extracted(
        text="\n\n".join(parts), pages=len(sources), extractor=f"pypdf {pypdf.__version__}",
        source="mixed" if len(kinds) > 1 else next(iter(kinds), "pdf"), page_sources=tuple(sources),
        sha256=hashlib.sha256(data).hexdigest(), engine=f"tesseract {engine}" if "ocr" in sources else None,
        mean_confidence=round(sum(confs) / len(confs), 1) if confs else None,
        min_confidence=min(confs) if confs else None, words=tuple(spans),
        unread=tuple(i + 1 for i, s in enumerate(sources) if s == "unread"))


def unread_problem(got: Extracted, name: str) -> Optional[str]:
    """The one line saying which pages could not be read and why, or None when all were read."""
    if got.read:
        return None
    pages = ", ".join(map(str, got.unread))
    why = ("has no text layer and Tesseract OCR is not installed (apt-get install tesseract-ocr; "
           "scripts/system-deps.sh)") if tesseract_version() is None else "has no text layer and OCR found no words"
    noun = "page" if len(got.unread) == 1 else "pages"
    return f"{name}: {noun} {pages} of {got.pages} {why}; the note is not read"


def document_fields(data: bytes, name: str) -> dict[str, Any]:
    """The casekit Document fields of a PDF note: ``text``, ``source`` and ``extraction`` (the
    audit trail), ready to merge with ``id``, ``date`` and ``kind``. A FHIR importer calls this
    for an ``application/pdf`` attachment; the case loader for ``documents[].file``. Raises
    PdfError when the file is not a readable PDF or a page could not be read.

    >>> fields = document_fields(pdf_bytes, "DocumentReference/eval")   # doctest: +SKIP
    >>> sorted(fields)                                                 # doctest: +SKIP
    ['extraction', 'source', 'text']
    """
    got = extract(data, name)
    problem = unread_problem(got, name)
    if problem:
        raise PdfError(problem)
    meta = {k: v for k, v in asdict(got).items() if k not in ("text", "source", "unread") and v is not None}
    meta["page_sources"] = list(got.page_sources)
    meta["words"] = [list(w) for w in got.words]
    return {"text": got.text, "source": got.source, "extraction": meta}
