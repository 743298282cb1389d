"""A feed's bytes as text: a label is believed only when the bytes agree with it.

Feeds lie about their encoding. A GBK, Big5 or Shift_JIS feed labelled UTF-8 is common
on the sites samizdat mirrors, and feedparser then falls back to a Latin code page that
decodes anything, turning every title into silent mojibake. So the bytes decide:

1. a byte order mark wins;
2. bytes that are valid UTF-8 are UTF-8, whatever the label says (legacy multi-byte text
   is almost never valid UTF-8 by accident, while UTF-8 labelled GBK is a common mistake);
3. otherwise the label (HTTP charset, then the XML declaration), read as the superset
   browsers use for it (gb2312 -> gb18030, big5 -> big5hkscs, shift_jis -> cp932...), if
   the bytes decode under it;
4. a UTF-8 document with a few broken bytes (a truncated character) keeps its UTF-8,
   the broken bytes becoming U+FFFD;
5. otherwise the encoding is detected (charset_normalizer); if nothing fits, the feed
   fails with an error that says so, rather than publishing garbled text.

Limitation: a label for a legacy encoding that the bytes happen to satisfy (GBK bytes
labelled Big5, anything labelled Latin-1) is believed; such text cannot be told from
right by decoding alone.
"""

from __future__ import annotations

import codecs
import re

from samizdat.errors import FeedError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")
_ENCODING_ATTRIBUTE = re.compile(r"(^\s*<\?xml[^>]*?\bencoding\s*=\s*)([\"'])[^\"']*\2")
_CHARSET_PARAM = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)
# What browsers (WHATWG Encoding) decode these labels as: the wider encoding.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "latin_1": "cp1252",
    "ascii": "cp1252",
    "iso8859_9": "cp1254",
}
# Broken bytes in a UTF-8 document: at most one per this many correct non-ASCII chars.
_UTF8_REPAIR_RATIO = 10


def declared_encoding(body: bytes, content_type: str = "") -> str:
    """The encoding the HTTP header or the XML declaration names (codec name), or ""."""
    labels: list[str] = []
    if header := _CHARSET_PARAM.search(content_type):
        labels.append(header.group(1))
    if declaration := _XML_DECLARATION.match(body[:1024]):
        labels.append(declaration.group(1).decode("ascii"))
    for label in labels:
        try:
            return codecs.lookup(label).name.replace("-", "_")
        except LookupError:
            continue
    return ""


def decode_feed(body: bytes, url: str, content_type: str = "") -> tuple[str, str]:
    """``body`` as text and the encoding it was read in; FeedError when it cannot be told."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            try:
                return body.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise FeedError(
                    url, f"starts with a {encoding} byte order mark but is not {encoding}"
                ) from exc
    try:
        return body.decode("utf-8"), "utf_8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    label = declared_encoding(body, content_type)
    if label and label != "utf_8":
        for encoding in dict.fromkeys((_SUPERSETS.get(label, label), label)):
            try:
                return body.decode(encoding), encoding
            except (UnicodeDecodeError, LookupError):
                continue
    repaired = _mostly_utf8(body)
    if repaired is not None:
        return repaired, "utf_8"
    import charset_normalizer  # only for feeds whose bytes and label disagree

    guess = charset_normalizer.from_bytes(body).best()
    if guess is not None and guess.encoding:
        try:
            return body.decode(guess.encoding), guess.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    said = f"says it is {label.replace('_', '-')}" if label else "names no encoding (so UTF-8)"
    raise FeedError(
        url,
        f"the feed {said} but is not: byte 0x{body[utf8_error.start]:02x} at offset"
        f" {utf8_error.start} cannot be read, and its real encoding cannot be told",
    )


def _mostly_utf8(body: bytes) -> str | None:
    text = body.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore")) - broken
    return text if non_ascii >= _UTF8_REPAIR_RATIO * broken else None


def as_utf8_xml(text: str) -> bytes:
    """``text`` as UTF-8 bytes whose XML declaration (if any) says UTF-8."""
    return _ENCODING_ATTRIBUTE.sub(r"\1\2utf-8\2", text, count=1).encode("utf-8")
