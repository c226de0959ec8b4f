"""Reading bytes into clean text, with every repair recorded.

Conventions
-----------
* UTF-8 is tried first (with or without a byte-order mark).
* Otherwise the encoding is detected by ``charset-normalizer`` among a short,
  stated list of candidates (``LEGACY_ENCODINGS``). Unrestricted detection on
  short English news texts picks exotic code pages (cp1250, cp1006) and
  garbles letters, so the candidates are explicit and widened by the caller
  (for example with ``"cp1251"`` for Cyrillic archives).
* UTF-16 without a byte-order mark (NULs at every other byte) is recognised
  as ``utf-16-le`` or ``utf-16-be``; other data with NUL bytes is binary.
* A cp1252 guess whose bytes hold nothing in 0x80-0x9F decodes exactly as
  ISO-8859-1, and is reported as ``"latin-1"``: the smaller standard that
  explains the bytes.
* Clean-up, in order: CRLF and lone CR to LF, Unicode NFC, no-break and other
  fixed-width spaces to a plain space, zero-width characters and stray
  control characters removed. Curly quotes are kept (the tokenizer handles
  them). Each repair is returned by name so the corpus table records it.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

from analysis.errors import CorpusError

LEGACY_ENCODINGS: tuple[str, ...] = ("cp1252", "latin_1")

_SPACE_LIKE = "\u00a0\u2007\u202f\u2009\u200a\u3000"
_SPACE_TABLE = str.maketrans({c: " " for c in _SPACE_LIKE})
_ZERO_WIDTH_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# C0/C1 controls except tab and newline: they are never content in news text.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_C1_BYTES_RE = re.compile(rb"[\x80-\x9f]")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


def _canonical(name: str) -> str:
    """Return a stable, readable encoding name (``cp1252``, ``latin-1``, ``utf-8``)."""
    codec = codecs.lookup(name).name
    return {"iso8859-1": "latin-1", "utf-8-sig": "utf-8-sig"}.get(codec, codec)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """``(text, "utf-16-le"|"utf-16-be")`` for UTF-16 saved without a byte-order mark, else None.

    Text in a Latin script stored as UTF-16 has a NUL as the high byte of
    most characters: at odd offsets for little-endian, even ones for
    big-endian, and (almost) none at the other parity. Binary files have NULs
    at both. The guess must also decode strictly and hold no control
    characters other than tab and line breaks.
    """
    if len(data) % 2:
        return None
    n = len(data) // 2
    even, odd = data[0::2].count(0), data[1::2].count(0)
    for nuls, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls >= 0.3 * n and other <= 0.01 * n:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            if _CONTROL_RE.search(text):
                return None
            return text, codec
    return None


def decode_bytes(
    data: bytes,
    *,
    name: str,
    encoding: str | None = None,
    candidates: tuple[str, ...] = LEGACY_ENCODINGS,
) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding_used)``.

    Parameters
    ----------
    data : bytes
        Raw file content.
    name : str
        File name used in error messages.
    encoding : str, optional
        Force this encoding (strict decoding); by default it is detected.
    candidates : tuple of str
        Legacy encodings the detector may choose from when UTF-8 fails.

    Raises
    ------
    CorpusError
        If the data look binary or fit none of the encodings.
    """
    if encoding is not None:
        try:
            return data.decode(encoding), _canonical(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise CorpusError(f"{name}: cannot decode as {encoding!r}: {exc}") from None
    if data.startswith(_UTF32_BOMS):
        return data.decode("utf-32"), "utf-32"
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise CorpusError(f"{name}: looks like a binary file (contains NUL bytes), not text")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise CorpusError(
                f"{name}: has a UTF-8 byte-order mark but is not UTF-8: {exc}"
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=list(candidates)).best()
    if best is None:
        raise CorpusError(
            f"{name}: not UTF-8 and none of the candidate encodings {list(candidates)} "
            "fits; pass encoding=... or widen encodings=..."
        )
    used = _canonical(best.encoding)
    if used == "cp1252" and not _C1_BYTES_RE.search(data):
        used = "latin-1"
    return str(best), used


def clean_text(text: str) -> tuple[str, list[str]]:
    """Normalise decoded text and return it with the names of the repairs made.

    Repairs: ``crlf`` (CRLF or CR to LF), ``nfc`` (Unicode NFC),
    ``nbsp`` (no-break/fixed-width spaces to space), ``zero_width`` (removed),
    ``control`` (control characters removed).
    """
    repairs: list[str] = []
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        repairs.append("crlf")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
        repairs.append("nfc")
    if any(c in text for c in _SPACE_LIKE):
        text = text.translate(_SPACE_TABLE)
        repairs.append("nbsp")
    text, n = _ZERO_WIDTH_RE.subn("", text)
    if n:
        repairs.append("zero_width")
    text, n = _CONTROL_RE.subn("", text)
    if n:
        repairs.append("control")
    return text, repairs


def read_text(
    path: Path,
    *,
    encoding: str | None = None,
    candidates: tuple[str, ...] = LEGACY_ENCODINGS,
) -> tuple[str, str, list[str]]:
    """Read one text file: ``(clean_text, encoding_used, repairs)``.

    A UTF-8 byte-order mark is recorded as the repair ``bom``.
    """
    data = path.read_bytes()
    text, used = decode_bytes(data, name=path.name, encoding=encoding, candidates=candidates)
    text, repairs = clean_text(text)
    if used == "utf-8-sig":
        used = "utf-8"
        repairs.insert(0, "bom")
    return text, used, repairs
