"""The words the competency pages show for the stored codes, in the user's language."""

from __future__ import annotations

from app.i18n import gettext as _


def method_choices() -> list[tuple[str, str]]:
    return [
        ("assessment_center", _("Assessment center")),
        ("uji_kompetensi", _("Uji kompetensi")),
        ("penilaian_atasan", _("Penilaian atasan")),
        ("self_assessment", _("Penilaian diri (self assessment)")),
    ]


def kind_choices() -> list[tuple[str, str]]:
    return [
        ("manajerial", _("Manajerial")),
        ("sosial_kultural", _("Sosial kultural")),
        ("teknis", _("Teknis")),
    ]


def basis_choices() -> list[tuple[str, str]]:
    return [
        ("jp", _("per JP")),
        ("hour", _("per jam")),
        ("day", _("per hari")),
        ("session", _("per sesi")),
    ]


def level_choices() -> list[tuple[str, str]]:
    return [(str(level), str(level)) for level in range(1, 6)]


def labels() -> dict[str, dict[str, str]]:
    """Every code's label, for templates: ``labels.method[code]``."""
    return {
        "method": dict(method_choices()),
        "kind": dict(kind_choices()),
        "basis": dict(basis_choices()),
    }
