"""Render the app icon from its SVG for packaging: hicolor PNGs, a Windows .ico, a macOS .icns.

Run by build.py with the build virtualenv's Python (QtSvg comes with PySide6-Essentials) on the
offscreen platform: ``python render_icons.py SVG OUTDIR``. Writes ``OUTDIR/<size>.png`` for each
of SIZES, ``chatdesk.ico`` and, where Qt has the ICNS writer, ``chatdesk.icns``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (48, 128, 256)


def main(svg: Path, out: Path) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        print(f"render_icons: {svg} is not a valid SVG", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)

    def render(size: int) -> QImage:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        return image

    for size in SIZES:
        target = out / f"{size}.png"
        if not render(size).save(str(target), "PNG"):
            print(f"render_icons: cannot write {target}", file=sys.stderr)
            return 1
    formats = {bytes(f.data()) for f in QImageWriter.supportedImageFormats()}
    for fmt, name in ((b"ico", "chatdesk.ico"), (b"icns", "chatdesk.icns")):
        if fmt in formats:
            render(256).save(str(out / name), fmt.decode())
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
