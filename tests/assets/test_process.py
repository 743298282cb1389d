from __future__ import annotations

import re
import struct
import zlib
from io import BytesIO

import pytest
from PIL import ExifTags, Image

from samizdat.assets.process import NotAnImage, ProcessedImage, process_image
from samizdat.config import ImagesConfig

URL = "https://news.example/img/photo.jpg"


def _photo(size: tuple[int, int] = (400, 300)) -> Image.Image:
    """A photo-like image (smooth gradient plus noise) that does not compress to nothing."""
    noise = Image.effect_noise(size, 40).convert("RGB")
    gradient = Image.linear_gradient("L").resize(size).convert("RGB")
    return Image.blend(noise, gradient, 0.5)


def _encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def _spy_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyCam"
    exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = "SERIAL-0042"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (39.0, 54.0, 26.0)
    return exif


def _open(processed: ProcessedImage) -> Image.Image:
    return Image.open(BytesIO(processed.data))


def test_exif_gps_xmp_and_comments_are_stripped() -> None:
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">photographer-name</x:xmpmeta>'
    data = _encode(_photo(), "JPEG", exif=_spy_exif(), xmp=xmp, comment=b"taken by X")
    assert b"SpyCam" in data and b"Exif" in data

    out = process_image(data, URL, ImagesConfig())

    image = _open(out)
    assert not image.getexif()
    assert "xmp" not in image.info and "comment" not in image.info
    for secret in (b"Exif", b"GPS", b"SpyCam", b"SERIAL-0042", b"photographer", b"taken by"):
        assert secret not in out.data
    assert (out.ext, out.width, out.height) == ("jpg", 400, 300)


def test_exif_orientation_is_applied_before_it_is_dropped() -> None:
    data = _encode(_photo((400, 300)), "JPEG", exif=_spy_exif(orientation=6))

    out = process_image(data, URL, ImagesConfig())

    assert (out.width, out.height) == (300, 400)
    assert _open(out).size == (300, 400)


def test_png_text_chunks_are_stripped() -> None:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "someone-to-protect")
    data = _encode(Image.new("RGB", (64, 64), "navy"), "PNG", pnginfo=info)

    out = process_image(data, URL, ImagesConfig())

    assert b"someone-to-protect" not in out.data and b"tEXt" not in out.data
    assert out.ext == "png"


def test_clean_image_within_budget_is_kept_byte_for_byte() -> None:
    data = _encode(_photo(), "JPEG", quality=80)

    out = process_image(data, URL, ImagesConfig())

    assert out.data == data
    assert (out.ext, out.width, out.height) == ("jpg", 400, 300)


def test_oversized_image_is_shrunk_under_both_budgets() -> None:
    data = _encode(_photo((3000, 2000)), "JPEG", quality=95)
    config = ImagesConfig(max_bytes=200_000, max_width=1600)
    assert len(data) > config.max_bytes

    out = process_image(data, URL, config)

    assert out.width <= 1600 and out.height <= config.max_height
    assert len(out.data) <= config.max_bytes
    assert abs(out.width / out.height - 1.5) < 0.01  # aspect ratio kept
    assert _open(out).size == (out.width, out.height)
    assert _open(out).format == "JPEG"


def test_oversized_png_stays_png_and_fits_the_byte_budget() -> None:
    data = _encode(_photo((800, 500)), "PNG")
    config = ImagesConfig(max_bytes=150_000)
    assert len(data) > config.max_bytes

    out = process_image(data, URL, config)

    assert out.ext == "png" and len(out.data) <= config.max_bytes


@pytest.mark.parametrize("fmt", ["webp", "jpeg"])
def test_configured_format_applies_to_recompressed_images(fmt: str) -> None:
    rgba = Image.new("RGBA", (2000, 100), (255, 0, 0, 128))
    out = process_image(_encode(rgba, "PNG"), URL, ImagesConfig(format=fmt))  # type: ignore[arg-type]

    assert out.ext == {"webp": "webp", "jpeg": "jpg"}[fmt]
    assert out.width == 1600 and _open(out).format == fmt.upper()


def test_output_is_deterministic() -> None:
    data = _encode(_photo((2400, 1000)), "JPEG", exif=_spy_exif())
    for config in (ImagesConfig(), ImagesConfig(format="webp"), ImagesConfig(max_bytes=50_000)):
        assert process_image(data, URL, config) == process_image(data, URL, config)
    png = _encode(_photo((1800, 100)), "PNG")
    assert process_image(png, URL, ImagesConfig()) == process_image(png, URL, ImagesConfig())


def test_animated_gif_keeps_its_frames_when_it_only_needs_stripping() -> None:
    frames = [Image.new("RGB", (40, 40), colour) for colour in ("red", "blue", "green")]
    data = _encode(
        frames[0], "GIF", save_all=True, append_images=frames[1:], duration=80, loop=0,
        comment=b"secret comment",
    )  # fmt: skip

    out = process_image(data, URL, ImagesConfig())

    image = _open(out)
    assert getattr(image, "n_frames", 1) == 3 and image.info.get("duration") == 80
    assert b"secret" not in out.data and out.ext == "gif"


def test_animated_gif_over_budget_keeps_its_first_frame() -> None:
    frames = [Image.new("RGB", (200, 100), colour) for colour in ("red", "blue")]
    data = _encode(frames[0], "GIF", save_all=True, append_images=frames[1:], loop=0)

    out = process_image(data, URL, ImagesConfig(max_width=100))

    image = _open(out)
    assert getattr(image, "n_frames", 1) == 1 and image.size == (100, 50)
    assert image.convert("RGB").getpixel((50, 25)) == (255, 0, 0)


def test_type_comes_from_the_bytes_not_the_url() -> None:
    data = _encode(Image.new("RGB", (32, 32), "teal"), "PNG")

    out = process_image(data, "https://news.example/lying.jpg?format=jpeg", ImagesConfig())

    assert out.ext == "png"


def test_content_addressing() -> None:
    data = _encode(_photo(), "JPEG")

    first = process_image(data, URL, ImagesConfig())
    again = process_image(data, "https://mirror.example/other-name.jpg", ImagesConfig())

    assert first.path == again.path
    assert re.fullmatch(r"assets/([0-9a-f]{2})/\1[0-9a-f]{62}\.jpg", first.path)
    assert first.path == f"assets/{first.sha256[:2]}/{first.sha256}.jpg"
    other = process_image(_encode(_photo((401, 300)), "JPEG"), URL, ImagesConfig())
    assert other.path != first.path


def _truncated_jpeg() -> bytes:
    data = _encode(_photo(), "JPEG")
    return data[: len(data) * 2 // 3]


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"<!doctype html><html><body>Access denied</body></html>", "not a JPEG"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'
            b'<rect width="10" height="10"/></svg>',
            "not a JPEG",
        ),
        (b"", "not a JPEG"),
        (_truncated_jpeg(), "truncated"),
        (_encode(Image.new("RGB", (8, 8)), "BMP"), "not a JPEG"),
    ],
    ids=["html", "svg", "empty", "truncated-jpeg", "bmp"],
)
def test_what_is_not_a_whole_image_is_refused(data: bytes, why: str) -> None:
    with pytest.raises(NotAnImage, match=why) as caught:
        process_image(data, URL, ImagesConfig())
    assert URL in str(caught.value) and caught.value.url == URL


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height, with one tiny IDAT chunk."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def test_decompression_bomb_is_refused() -> None:
    with pytest.raises(NotAnImage, match=r"bomb|max_pixels"):
        process_image(_png_header(50_000, 50_000), URL, ImagesConfig())


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_pixel_budget_is_checked_from_the_header_before_decoding() -> None:
    # 100 megapixels: under Pillow's own hard limit, over the configured one. The body
    # is garbage, so only a check made before decoding can give this message.
    with pytest.raises(NotAnImage, match="max_pixels"):
        process_image(_png_header(10_000, 10_000), URL, ImagesConfig())


def test_pixel_budget_follows_the_config() -> None:
    data = _encode(Image.new("1", (400, 400)), "PNG")

    with pytest.raises(NotAnImage, match="max_pixels"):
        process_image(data, URL, ImagesConfig(max_pixels=100_000))
    assert process_image(data, URL, ImagesConfig()).width == 400


def test_download_budget_is_enforced() -> None:
    data = _encode(_photo((600, 600)), "PNG")

    with pytest.raises(NotAnImage, match="max_download_bytes"):
        process_image(data, URL, ImagesConfig(max_download_bytes=1024))
