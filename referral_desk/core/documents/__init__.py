"""Printed documents: fonts, bidirectional text and a small layout engine on reportlab.

Shared by every PDF the application hands out (consent declarations, referral sheets,
statistics and access reports):

- ``fonts``     registers the shipped Noto fonts and picks a font per run of text by what
                each font's cmap covers; ``text.missing_glyphs`` tells what no font can draw.
- ``text``      Arabic-script shaping (HarfBuzz) and bidi ordering (python-bidi), applied per
                line after line breaking, so digits, dates and Latin names keep their order.
- ``layout``    flowables (``TextBlock``, ``SignatureBlock``, ...) and ``build_pdf`` with
                letterhead and footer callbacks; PDFs are built in memory, never on disk.
- ``templates`` versioned TOML form templates in ``forms/`` with per-vault overrides.
- ``naming``    file names for saved documents (case number and date, never a name).

No Qt imports here (``referral_desk.core`` rule).
"""

from referral_desk.core.documents.naming import suggested_filename

__all__ = ["suggested_filename"]
