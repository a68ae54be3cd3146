"""PDFs on screen and on paper, from memory only (never a temp file).

Shared by the consent and referral dialogs. QtPdf (``QPdfDocument`` / ``QPdfView``) ships
in ``PySide6-Addons`` up to Qt 6.11 and in ``PySide6-Pdf`` from 6.12; without it
``HAS_QTPDF`` is False: previews then show the document's text and printing is offered
only through "Als PDF speichern".
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QEventLoop, QIODevice, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrinter

try:  # pragma: no cover - depends on the installed PySide6 packages
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView

    HAS_QTPDF = True
except ImportError:  # pragma: no cover
    QPdfDocument = QPdfView = None  # type: ignore[assignment,misc]
    HAS_QTPDF = False


def load_pdf(pdf: bytes, parent: QObject | None = None) -> QPdfDocument:
    """A ``QPdfDocument`` reading from a QBuffer in memory (the buffer is its child)."""
    if not HAS_QTPDF:
        raise RuntimeError("QtPdf is not installed (pip install PySide6-Addons)")
    doc = QPdfDocument(parent)  # type: ignore[arg-type]  # no parent is allowed; the stubs say otherwise
    buf = QBuffer(doc)
    buf.setData(QByteArray(pdf))
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    doc.load(buf)
    ready = (QPdfDocument.Status.Ready, QPdfDocument.Status.Error)
    if doc.status() not in ready:
        loop = QEventLoop()
        doc.statusChanged.connect(lambda _s: loop.quit() if doc.status() in ready else None)
        QTimer.singleShot(5000, loop.quit)
        loop.exec()
    return doc


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Rasterise every page onto ``printer`` (all copies of the sheet); returns the page count."""
    doc = load_pdf(pdf)
    try:
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        try:
            # 150–300 dpi: sharp on paper. A CUPS printer in HighResolution mode reports
            # 1200 dpi; rendering at that (140 million pixels per A4 page) took minutes and
            # gave huge jobs, so printing did not "work the first time".
            dpi = min(max(printer.resolution(), 150), 300)
            for i in range(doc.pageCount()):
                if i:
                    printer.newPage()
                points = doc.pagePointSize(i)
                image = doc.render(i, QSize(int(points.width() / 72 * dpi), int(points.height() / 72 * dpi)))
                target = painter.viewport()
                scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.setViewport(QRect(target.x(), target.y(), scaled.width(), scaled.height()))
                painter.setWindow(image.rect())
                painter.drawImage(0, 0, image)
                painter.setViewport(target)
            return doc.pageCount()
        finally:
            painter.end()
    finally:
        doc.close()
        doc.deleteLater()
