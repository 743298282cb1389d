"""Turn downloaded image bytes into a safe, small, content-addressed mirror asset.

Pure: bytes in, bytes out. The type comes from the bytes (never the URL or the
Content-Type), only JPEG, PNG, GIF and WebP pass (SVG can carry script), the pixel
count is checked from the header before anything is decoded, metadata that can
identify a photographer (EXIF with GPS and camera serials, XMP, comments, text chunks)
is always stripped, and images over the byte or size budget are recompressed.
Output is deterministic: the same bytes and config give the same asset, byte for byte.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

from samizdat import layout
from samizdat.config import ImagesConfig
from samizdat.errors import NotAnImage

EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
_CONVERT_TO = {"webp": "WEBP", "jpeg": "JPEG"}
# Chunks that only describe pixels; any other (tEXt, eXIf, XMP, C2PA, ...) is stripped.
_PNG_PIXEL_CHUNKS = frozenset(
    b"IHDR PLTE IDAT IEND tRNS gAMA cHRM sRGB iCCP cICP pHYs sBIT bKGD acTL fcTL fdAT".split()
)
_WEBP_PIXEL_CHUNKS = frozenset({b"VP8 ", b"VP8L", b"VP8X", b"ANIM", b"ANMF", b"ALPH", b"ICCP"})
_GIF_METADATA = frozenset({"comment", "xmp", "exif"})
_GIF_LOOP_EXTENSIONS = (b"NETSCAPE2.0", b"ANIMEXTS1.0")
_DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, struct.error)
_SMALLEST_SIDE = 64  # recompression stops shrinking an image below this
_SHRINK_STEPS = 6


@dataclass(frozen=True, slots=True)
class ProcessedImage:
    """An image ready to be written to the mirror at :attr:`path`."""

    data: bytes
    sha256: str  # of `data`
    ext: str  # "jpg" | "png" | "gif" | "webp"
    width: int
    height: int

    @property
    def path(self) -> str:
        return layout.asset_path(self.sha256, self.ext)


def process_image(
    data: bytes, url: str, config: ImagesConfig, max_bytes: int | None = None
) -> ProcessedImage:
    """Check, strip and if needed recompress the image downloaded from ``url``.

    Bytes are kept as they are only when the image has no metadata and fits the
    budget. Otherwise the image is re-encoded: oriented by its EXIF tag, shrunk to
    ``max_width`` by ``max_height`` and then further until under ``max_bytes`` (the
    smaller of the config's and the argument's: the image's share of its page's budget)
    or as small as it gets (for a page's share, not narrower than ``min_width``), in its
    own format unless ``config.format`` converts it. An animated image keeps its
    animation when it fits the budget and only needs stripping; one over the budget
    keeps its first frame only.

    Raises NotAnImage for anything that is not a whole JPEG, PNG, GIF or WebP image
    within ``max_download_bytes`` and ``max_pixels``.
    """
    if len(data) > config.max_download_bytes:
        raise NotAnImage(url, f"{len(data)} bytes, over images.max_download_bytes")
    with _open(data, url, config) as image:
        source_format = str(image.format)
        limit = config.max_bytes if max_bytes is None else min(max_bytes, config.max_bytes)
        fits = _fits(image, len(data), limit, config)
        if fits and not _has_metadata(image, data):
            return _processed(data, source_format, image.size)
        if fits and _is_animated(image) and _frame_pixels(image) <= config.max_pixels:
            return _processed(_strip_animation(image, source_format), source_format, image.size)
        target = _CONVERT_TO.get(config.format, source_format)
        frame, icc = _prepare(image, target)
    # A page's share never shrinks an image below a readable width; max_bytes alone may.
    floor = config.min_width if limit < config.max_bytes else 0
    encoded, size = _encode_within_budget(frame, target, config, icc, (limit, floor))
    return _processed(encoded, target, size)


def _open(data: bytes, url: str, config: ImagesConfig) -> Image.Image:
    """The decoded image, after checking its type and pixel count from the header."""
    try:
        image = Image.open(BytesIO(data), formats=list(EXTENSIONS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise NotAnImage(url, f"decompression bomb ({error})") from error
    except UnidentifiedImageError as error:
        raise NotAnImage(url, "not a JPEG, PNG, GIF or WebP image") from error
    except _DECODE_ERRORS as error:
        raise NotAnImage(url, f"corrupt or truncated ({error})") from error
    width, height = image.size
    if width * height > config.max_pixels:
        image.close()
        raise NotAnImage(
            url, f"{width}x{height} pixels, over images.max_pixels ({config.max_pixels})"
        )
    try:
        image.load()
    except (*_DECODE_ERRORS, Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        image.close()
        raise NotAnImage(url, f"corrupt or truncated ({e})") from e
    return image


def _fits(image: Image.Image, size: int, limit: int, config: ImagesConfig) -> bool:
    width, height = image.size
    return size <= limit and width <= config.max_width and height <= config.max_height


def _has_metadata(image: Image.Image, data: bytes) -> bool:
    if image.format == "JPEG":
        segments: list[tuple[str, bytes]] = getattr(image, "applist", [])
        return any(not _harmless_jpeg_segment(marker, body) for marker, body in segments)
    if image.format == "PNG":
        return not set(_png_chunks(data)) <= _PNG_PIXEL_CHUNKS
    if image.format == "WEBP":
        return not set(_riff_chunks(data)) <= _WEBP_PIXEL_CHUNKS
    return _gif_has_metadata(image.info)


def _gif_has_metadata(info: Mapping[Any, Any]) -> bool:
    extension = info.get("extension")  # (data, offset) of an application extension
    if isinstance(extension, tuple) and not extension[0].startswith(_GIF_LOOP_EXTENSIONS):
        return True
    return bool(_GIF_METADATA & set(info))


def _harmless_jpeg_segment(marker: str, body: bytes) -> bool:
    return (
        (marker == "APP0" and body.startswith((b"JFIF", b"JFXX")))
        or (marker == "APP2" and body.startswith(b"ICC_PROFILE"))
        or (marker == "APP14" and body.startswith(b"Adobe"))
    )


def _png_chunks(data: bytes) -> Iterator[bytes]:
    position = 8  # after the signature
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        yield kind
        position += 12 + length  # length, type, data, CRC


def _riff_chunks(data: bytes) -> Iterator[bytes]:
    position = 12  # after "RIFF", size, "WEBP"
    while position + 8 <= len(data):
        kind, length = struct.unpack("<4sI", data[position : position + 8])
        yield kind
        position += 8 + length + (length & 1)  # chunks are padded to an even size


def _is_animated(image: Image.Image) -> bool:
    return bool(getattr(image, "is_animated", False))


def _frame_pixels(image: Image.Image) -> int:
    """Pixels decoded to re-encode every frame (a guard against animated bombs)."""
    width, height = image.size
    return width * height * int(getattr(image, "n_frames", 1))


def _strip_animation(image: Image.Image, image_format: str) -> bytes:
    """The animation re-encoded frame by frame, with timing but no metadata."""
    buffer = BytesIO()
    options: dict[str, object] = {"save_all": True}
    for key in ("duration", "loop", "background", "transparency"):
        if key in image.info:
            options[key] = image.info[key]
    image.seek(0)
    image.info = {}  # what save() would otherwise copy from the source (comments, XMP)
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def _prepare(image: Image.Image, target: str) -> tuple[Image.Image, bytes | None]:
    """The first frame, upright, in a mode ``target`` can store, without metadata."""
    image.seek(0)
    icc = image.info.get("icc_profile") if image.mode != "CMYK" else None
    frame = ImageOps.exif_transpose(image)
    has_alpha = frame.mode in ("RGBA", "LA", "PA") or "transparency" in frame.info
    if target == "JPEG" and has_alpha:
        white = Image.new("RGBA", frame.size, (255, 255, 255, 255))
        frame = Image.alpha_composite(white, frame.convert("RGBA")).convert("RGB")
    elif target == "JPEG" and frame.mode not in ("RGB", "L"):
        frame = frame.convert("RGB")
    elif frame.mode not in ("RGB", "RGBA", "L", "LA"):
        # Palette and 1-bit images resize badly (nearest neighbour): work in full colour.
        frame = frame.convert("RGBA" if has_alpha else "RGB")
    frame.info = {}
    return frame, icc if target != "GIF" and isinstance(icc, bytes) else None


def _encode_within_budget(
    frame: Image.Image,
    target: str,
    config: ImagesConfig,
    icc: bytes | None,
    budget: tuple[int, int],
) -> tuple[bytes, tuple[int, int]]:
    """The first encoding under ``budget``'s bytes, shrinking step by step (never below
    its width); else the smallest."""
    limit, floor = budget
    frame = _downscaled(frame, config.max_width, config.max_height)
    best: tuple[bytes, tuple[int, int]] | None = None
    for _ in range(_SHRINK_STEPS):
        for encoded in _encodings(frame, target, config.quality, icc):
            if best is None or len(encoded) < len(best[0]):
                best = (encoded, frame.size)
            if len(encoded) <= limit:
                return encoded, frame.size
        if min(frame.size) * 3 // 4 < _SMALLEST_SIDE or frame.width * 3 // 4 < floor:
            break
        frame = _downscaled(frame, frame.width * 3 // 4, frame.height * 3 // 4)
    assert best is not None  # _encodings always yields
    return best


def _downscaled(frame: Image.Image, max_width: int, max_height: int) -> Image.Image:
    if frame.width <= max_width and frame.height <= max_height:
        return frame
    smaller = frame.copy()
    smaller.thumbnail((max_width, max_height), Image.Resampling.LANCZOS)
    return smaller


def _encodings(frame: Image.Image, target: str, quality: int, icc: bytes | None) -> Iterator[bytes]:
    """Encodings of ``frame`` from the best looking to the smallest."""
    extra = {"icc_profile": icc} if icc else {}
    if target in ("JPEG", "WEBP"):
        jpeg = {"optimize": True, "progressive": True} if target == "JPEG" else {"method": 4}
        for step in dict.fromkeys((quality, max(quality - 15, 40), max(quality - 30, 30))):
            yield _encode(frame, target, quality=step, **jpeg, **extra)
    elif target == "PNG":
        yield _encode(frame, "PNG", optimize=True, **extra)
        yield _encode(_quantized(frame), "PNG", optimize=True, **extra)
    else:
        yield _encode(frame, target, optimize=True)


def _quantized(frame: Image.Image) -> Image.Image:
    """256 colours: often a fraction of a full-colour PNG's size, and deterministic."""
    if frame.mode in ("RGBA", "LA"):
        return frame.convert("RGBA").quantize(256, method=Image.Quantize.FASTOCTREE)
    return frame.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)


def _encode(frame: Image.Image, target: str, **options: object) -> bytes:
    buffer = BytesIO()
    frame.save(buffer, format=target, **options)
    return buffer.getvalue()


def _processed(data: bytes, image_format: str, size: tuple[int, int]) -> ProcessedImage:
    digest = hashlib.sha256(data).hexdigest()
    return ProcessedImage(data, digest, EXTENSIONS[image_format], size[0], size[1])
