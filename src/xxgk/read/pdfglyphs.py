"""PDF glyphs: every visible character of a page with its box, straight from pdfium's C API.

This is the per-character work of the PDF reader, so it calls pdfium's text
functions (`pypdfium2.raw`) directly: the helper objects cost a Python call and
a tuple per character.
"""

from __future__ import annotations

import ctypes
import math
from typing import NamedTuple

import pypdfium2.raw as pdfium_c

# A loose character box larger than this (in font sizes) is one pdfium got wrong.
MAX_BOX_SIZE = 2.0
# Text turned by more than this many degrees from a right angle is a watermark.
MAX_SLANT = 5.0

# Characters this far (in points) beyond the page's left or right edge are kept: a table wider than
# the page (a word processor's, pasted from a web page) runs past the edge, and its cells' digits are
# the document's text, as a viewer's copy gives them. Text set further off is hidden.
OVERRUN_REACH = 72.0

INVISIBLE_CHARS = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\ufffe\uffff")


class Box(NamedTuple):
    """A rectangle in page space, y growing upwards."""

    left: float
    bottom: float
    right: float
    top: float


class Glyph(NamedTuple):
    """One visible character: its box on the displayed page and its font size."""

    char: str
    left: float
    bottom: float
    right: float
    top: float
    size: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def glyphs_by_direction(textpage: pdfium_c.FPDF_TEXTPAGE, box: Box) -> dict[int, list[Glyph]]:
    """The visible characters of a page in page space, by writing direction (0, 90, 180, 270), with
    those a table too wide for the page runs past its side edges (`OVERRUN_REACH`).

    Characters pdfium generates itself (spaces and line breaks guessed from the
    layout) are skipped: the reader does its own layout. All real spaces become
    plain spaces.
    """
    rect = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    is_generated, get_unicode, is_hyphen = (
        pdfium_c.FPDFText_IsGenerated,
        pdfium_c.FPDFText_GetUnicode,
        pdfium_c.FPDFText_IsHyphen,
    )
    loose_box, get_matrix, font_size = (
        pdfium_c.FPDFText_GetLooseCharBox,
        pdfium_c.FPDFText_GetMatrix,
        pdfium_c.FPDFText_GetFontSize,
    )
    rect_ref, matrix_ref = ctypes.byref(rect), ctypes.byref(matrix)
    box_left, box_bottom, box_right, box_top = box
    box_left, box_right = box_left - OVERRUN_REACH, box_right + OVERRUN_REACH
    by_direction: dict[int, list[Glyph]] = {}
    for index in range(pdfium_c.FPDFText_CountChars(textpage)):
        if is_generated(textpage, index):
            continue
        code = get_unicode(textpage, index)
        if not 0 < code < 0x110000:
            continue
        # pdfium takes a hyphen ending a line for a soft hyphen and reports code 2; it is printed.
        char = "-" if is_hyphen(textpage, index) else chr(code)
        if char.isspace():
            char = " "
        elif not char.isprintable() or char in INVISIBLE_CHARS:
            continue
        if not loose_box(textpage, index, rect_ref):
            continue
        left, bottom, right, top = rect.left, rect.bottom, rect.right, rect.top
        if top <= bottom or not get_matrix(textpage, index, matrix_ref):
            continue
        a, b = matrix.a, matrix.b
        angle = 0 if b == 0.0 and a > 0.0 else direction(a, b)
        if angle is None:
            continue
        scale = abs(a * matrix.d - b * matrix.c) ** 0.5
        size = font_size(textpage, index) * scale or top - bottom
        if max(top - bottom, right - left) > MAX_BOX_SIZE * size:
            left, bottom, right, top = _box_around_ink(textpage, index, size)
        if right > box_left and left < box_right and top > box_bottom and bottom < box_top:
            glyph = Glyph(char, left, bottom, right, top, size)
            glyphs = by_direction.get(angle)
            if glyphs is None:
                by_direction[angle] = [glyph]
            else:
                glyphs.append(glyph)
    return by_direction


def direction(a: float, b: float) -> int | None:
    """The direction text of matrix (a, b, …) runs in, counter-clockwise in degrees, or None if slanted."""
    angle = math.degrees(math.atan2(b, a))
    right_angle = round(angle / 90) * 90
    if abs(angle - right_angle) > MAX_SLANT:
        return None
    return right_angle % 360


def _box_around_ink(textpage: pdfium_c.FPDF_TEXTPAGE, index: int, size: float) -> tuple[float, float, float, float]:
    """A one-font-size box (left, bottom, right, top) centred on the ink of the character.

    For vertically written text ("三、本年度办理结果" down a table column) pdfium
    gives loose boxes that ignore the text matrix; the ink box is right.
    """
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    pdfium_c.FPDFText_GetCharBox(textpage, index, left, right, bottom, top)
    x, y, half = (left.value + right.value) / 2, (bottom.value + top.value) / 2, size / 2
    return x - half, y - half, x + half, y + half


def upright(glyphs: list[Glyph], box: Box, rotation: int) -> list[Glyph]:
    """The glyphs on the page turned clockwise by `rotation`, origin bottom left."""
    box_left, box_bottom, box_right, box_top = box
    if rotation == 90:
        return [
            Glyph(g.char, g.bottom - box_bottom, box_right - g.right, g.top - box_bottom, box_right - g.left, g.size)
            for g in glyphs
        ]
    if rotation == 180:
        return [
            Glyph(g.char, box_right - g.right, box_top - g.top, box_right - g.left, box_top - g.bottom, g.size)
            for g in glyphs
        ]
    if rotation == 270:
        return [
            Glyph(g.char, box_top - g.top, g.left - box_left, box_top - g.bottom, g.right - box_left, g.size)
            for g in glyphs
        ]
    if box_left == 0 and box_bottom == 0:
        return glyphs
    return [
        Glyph(g.char, g.left - box_left, g.bottom - box_bottom, g.right - box_left, g.top - box_bottom, g.size)
        for g in glyphs
    ]
