"""DejaVu Sans, bundled for every drawn document (PDF, chart images): it covers Indonesian
and whatever else people type. Its licence is beside it."""

from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent
