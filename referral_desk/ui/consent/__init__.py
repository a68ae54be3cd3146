"""Consent in the client record: the "Einwilligungen" tab and its dialogs.

``ConsentTab(db, client_id)`` is standalone (the record wires it in); every database call
goes through ``db.call`` on the worker thread. PDFs for preview and printing stay in memory.
"""

from referral_desk.ui.consent.tab import HAS_QTPDF, ConsentDialog, ConsentTab, PdfPreviewDialog, RevokeDialog

__all__ = ["HAS_QTPDF", "ConsentDialog", "ConsentTab", "PdfPreviewDialog", "RevokeDialog"]
