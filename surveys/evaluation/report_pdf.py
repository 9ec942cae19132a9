"""The event report as an A4 PDF: the four levels side by side with their sample sizes, each
level's figures, the plain-language reading and the reaction chart, in the caller's language.

Drawn with the shared primitives of ``surveys/store/pdf.py`` (fpdf2 loads with it: import this
module where the PDF is drawn). The words come through the caller's ``gettext``, numbers
through its ``number``; the chart comes as SVG from the web layer, like the SKM report's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from surveys.evaluation.behaviour import BehaviourSummary
from surveys.evaluation.results import IMPROVED, WORSENED, Impact, verdict
from surveys.evaluation.scores import LearningSummary, ReactionSummary
from surveys.method.elements import N_
from surveys.store.pdf import BRAND, FONT, HEADING_FILL, Document, Page

OUTCOMES = (
    ("U6", N_("U6 Kompetensi pelaksana")),
    ("U7", N_("U7 Perilaku pelaksana")),
    ("IKM", N_("IKM (25–100)")),
)
VERDICTS = {
    None: N_("terlalu sedikit petugas untuk disimpulkan"),
    IMPROVED: N_("peserta membaik lebih dari rekan"),
    WORSENED: N_("peserta menurun dibanding rekan"),
}
UNCLEAR = N_("belum terlihat beda yang meyakinkan")


@dataclass(frozen=True)
class EventFigures:
    """What the report prints of one event, as the event page computes it."""

    event: dict
    present: int
    registered: int
    reactions: ReactionSummary
    item_labels: dict[str, str]  # reaction item -> its label in the caller's language
    learning: LearningSummary
    behaviour: BehaviourSummary
    impact: Impact
    reading: Sequence[str]  # one sentence per level, in the caller's language


@dataclass(frozen=True)
class _Box:
    level: str
    figure: str
    caption: str
    n: str


def _table_height(rows: int) -> float:
    """Room (mm) a heading keeps below it for its table: a header of two lines and ``rows``."""
    return 16 + 7 * rows


class _Writer(Page):
    def __init__(
        self,
        figures: EventFigures,
        gettext: Callable[[str], str],
        number: Callable[[Decimal | float | int | None, int], str],
        day: Callable[[date], str],
    ) -> None:
        self.f, self._, self.number, self.day = figures, gettext, number, day
        event = figures.event
        dates = f"{day(event['start_date'])} – {day(event['end_date'])}"
        self.dates = dates
        super().__init__(
            Document(f"{event['title']} · {dates}", gettext(N_("Halaman %(page)s")), cover=False)
        )

    def signed(self, value: float | None, places: int = 2) -> str:
        if value is None:
            return "–"
        text = self.number(abs(value), places)
        return text if round(value, places) == 0 else ("+" if value > 0 else "−") + text

    # --- the page ----------------------------------------------------------------------------

    def title(self) -> None:
        pdf, _, event = self.pdf, self._, self.f.event
        pdf.add_page()
        pdf.set_font(FONT, "B", 15)
        pdf.set_text_color(*BRAND)
        heading = f"{_(N_('Laporan evaluasi kegiatan'))}: {event['title']}"
        pdf.multi_cell(0, 7.5, heading, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(FONT, size=9.5)
        facts = [event["form"], event["provider"] or "", self.dates, f"{event['jp']} JP"]
        attendance = _(N_("%(present)s hadir dari %(registered)s terdaftar")) % {
            "present": self.f.present,
            "registered": self.f.registered,
        }
        line = " · ".join(part for part in [*facts, attendance] if part)
        pdf.multi_cell(0, 5, line, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)

    def boxes(self) -> None:
        """The four levels side by side: a figure, what it is, and its n."""
        pdf = self.pdf
        boxes = self.level_boxes()
        gap = 3.0
        width = (pdf.epw - gap * (len(boxes) - 1)) / len(boxes)
        top = pdf.get_y()
        heights = []
        for index, box in enumerate(boxes):
            x = pdf.l_margin + index * (width + gap)
            pdf.set_xy(x, top)
            pdf.set_fill_color(*HEADING_FILL)
            pdf.set_font(FONT, "B", 9)
            pdf.multi_cell(width, 6, box.level, align="C", fill=True, new_x="LEFT", new_y="NEXT")
            pdf.set_x(x)
            pdf.set_font(FONT, "B", 15 if len(box.figure) <= 9 else 11)
            pdf.multi_cell(width, 9, box.figure, align="C", new_x="LEFT", new_y="NEXT")
            pdf.set_x(x)
            pdf.set_font(FONT, size=8)
            pdf.multi_cell(width, 3.8, box.caption, align="C", new_x="LEFT", new_y="NEXT")
            pdf.set_x(x)
            pdf.set_font(FONT, "B", 8.5)
            pdf.multi_cell(width, 5, box.n, align="C", new_x="LEFT", new_y="NEXT")
            heights.append(pdf.get_y() + 1 - top)
        pdf.set_draw_color(*BRAND)
        for index in range(len(boxes)):
            pdf.rect(pdf.l_margin + index * (width + gap), top, width, max(heights))
        pdf.set_draw_color(0, 0, 0)
        pdf.set_font(FONT, size=10)
        pdf.set_y(top + max(heights) + 5)

    def level_boxes(self) -> list[_Box]:
        _, f, num = self._, self.f, self.number
        reactions, learning, behaviour, impact = f.reactions, f.learning, f.behaviour, f.impact
        few = _(N_("terlalu sedikit untuk disimpulkan"))
        ikm = impact.result("IKM")
        if not impact.ready:
            change, caption = "–", _(N_("belum waktunya"))
        elif not ikm.ran:
            change, caption = "–", _(N_("terlalu sedikit petugas untuk disimpulkan"))
        else:
            change = self.signed(ikm.estimate)
            interval = _(N_("95%%: %(low)s s.d. %(high)s")) % {
                "low": self.signed(ikm.ci_low, 1),
                "high": self.signed(ikm.ci_high, 1),
            }
            caption = f"{_(N_('perubahan IKM dibanding rekan'))}\n{interval}"
        return [
            _Box(
                f"1 · {_(N_('Reaksi'))}",
                f"{num(reactions.overall.mean, 2)} / 4" if reactions.n else "–",
                _(N_("rata-rata penilaian peserta")) if reactions.enough else few,
                f"n = {reactions.n}",
            ),
            _Box(
                f"2 · {_(N_('Pembelajaran'))}",
                num(learning.normalised_gain.mean, 2) if learning.normalised_gain.n else "–",
                _(N_("Kenaikan ternormalisasi")) if learning.enough else few,
                f"n = {learning.tested}",
            ),
            _Box(
                f"3 · {_(N_('Penerapan'))}",
                f"{behaviour.supervisors} / {behaviour.present}",
                _(N_("%(done)s dinilai atasan, %(weak)s lemah"))
                % {"done": behaviour.supervisors, "weak": behaviour.weak},
                f"n = {behaviour.present}",
            ),
            _Box(
                f"4 · {_(N_('Warga'))}",
                change,
                caption,
                f"n = {impact.participants} + {impact.comparisons}",
            ),
        ]

    def reading(self) -> None:
        self.heading(self._(N_("Bacaan")), keep=25)
        for line in self.f.reading:
            self.pdf.set_x(self.pdf.l_margin)
            self.pdf.cell(5, 5.2, "•")
            self.pdf.multi_cell(0, 5.2, line, align="L", new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(2)

    def reaction_table(self) -> None:
        _, f, num = self._, self.f, self.number
        self.heading(
            _(N_("Level 1: reaksi peserta")), keep=_table_height(len(f.reactions.items) + 1)
        )
        rows = [
            [f.item_labels.get(item, item), num(s.mean, 2), num(s.sd, 2), str(s.n)]
            for item, s in f.reactions.items.items()
        ]
        overall = f.reactions.overall
        rows.append(
            [_(N_("Rata-rata")), num(overall.mean, 2), num(overall.sd, 2), str(f.reactions.n)]
        )
        header = [_(N_("Butir")), _(N_("Rata-rata (1–4)")), _(N_("Simpangan baku")), "n"]
        self.table(header, rows, (70, 35, 35, 30), ("LEFT", "RIGHT", "RIGHT", "RIGHT"))

    def learning_table(self) -> None:
        _, learning, num = self._, self.f.learning, self.number
        self.heading(_(N_("Level 2: pembelajaran (pre-test dan post-test)")), keep=_table_height(4))
        rows = [
            [_(label), num(s.mean, 2), num(s.sd, 2), num(s.median, 2), str(s.n)]
            for label, s in (
                (N_("Pre-test"), learning.pre),
                (N_("Post-test"), learning.post),
                (N_("Kenaikan (poin)"), learning.gain),
                (N_("Kenaikan ternormalisasi"), learning.normalised_gain),
            )
        ]
        header = [
            _(N_("Ukuran")),
            _(N_("Rata-rata")),
            _(N_("Simpangan baku")),
            _(N_("Median")),
            "n",
        ]
        self.table(header, rows, (58, 28, 30, 28, 26), ("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"))

    def behaviour_table(self) -> None:
        _, b = self._, self.f.behaviour
        self.heading(_(N_("Level 3: penerapan di tempat kerja")), keep=_table_height(3))
        rows = [
            [_(N_("Dinilai atasan")), f"{b.supervisors} / {b.present}"],
            [_(N_("Laporan diri peserta")), f"{b.selves} / {b.present}"],
            [_(N_("Hasil lemah (tindak lanjut)")), str(b.weak)],
        ]
        self.table([_(N_("Ukuran")), _(N_("Hasil"))], rows, (110, 60), ("LEFT", "RIGHT"))

    def impact_table(self) -> None:
        _, impact, num = self._, self.f.impact, self.number
        self.heading(_(N_("Level 4: apa yang dirasakan warga")), keep=_table_height(6) + 10)
        windows = impact.windows
        self.note(
            _(N_("Sebelum: %(b0)s – %(b1)s. Sesudah: %(a0)s – %(a1)s."))
            % {
                "b0": self.day(windows.before.start),
                "b1": self.day(windows.before.end),
                "a0": self.day(windows.after.start),
                "a1": self.day(windows.after.end),
            }
        )
        if not impact.ready:
            self.paragraph(
                _(N_("Belum dapat dinilai: jendela sesudah kegiatan berakhir %(date)s."))
                % {"date": self.day(windows.after.end)}
            )
            return

        def means(group) -> str:
            if not group.n:
                return "–"
            return f"{num(group.before, 2)} → {num(group.after, 2)} (n={group.n})"

        rows = []
        for outcome, label in OUTCOMES:
            row = impact.result(outcome)
            mine, theirs = impact.means[outcome]
            said = verdict(row)
            interval = (
                f"{self.signed(row.ci_low)} {_(N_('s.d.'))} {self.signed(row.ci_high)}"
                if row.ci_low is not None and row.ci_high is not None
                else "–"
            )
            change = f"{self.signed(row.estimate)}\np = {num(row.p_value, 3)}" if row.ran else "–"
            rows.append(
                [
                    _(label),
                    means(mine),
                    means(theirs),
                    change,
                    interval,
                    _(VERDICTS.get(said, UNCLEAR)),
                ]
            )
        header = [
            _(N_("Ukuran")),
            _(N_("Peserta: sebelum → sesudah")),
            _(N_("Pembanding: sebelum → sesudah")),
            _(N_("Selisih perubahan")),
            _(N_("Interval 95%%")).replace("%%", "%"),
            _(N_("Kesimpulan")),
        ]
        widths = (24, 31, 31, 27, 27, 30)
        self.table(header, rows, widths, ("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "LEFT"), 8)
        self.note(
            _(
                N_(
                    "%(p)s peserta dan %(c)s petugas pembanding dilayani cukup warga "
                    "(paling sedikit 5 jawaban) di kedua jendela."
                )
            )
            % {"p": impact.participants, "c": impact.comparisons}
        )

    def cost(self) -> None:
        _, event = self._, self.f.event
        if event["cost"] is None:
            return
        self.heading(_(N_("Biaya")), keep=15)
        per_jp = Decimal(event["cost"]) / Decimal(event["jp"])
        parts = [f"Rp {self.number(event['cost'], 0)}", _(N_("Rp %(amount)s per JP")) % {
            "amount": self.number(per_jp, 0)
        }]  # fmt: skip
        if self.f.present:
            per_person = Decimal(event["cost"]) / Decimal(self.f.present)
            parts.append(
                _(N_("Rp %(amount)s per peserta hadir")) % {"amount": self.number(per_person, 0)}
            )
        self.paragraph(" · ".join(parts))


def render_event_report_pdf(
    figures: EventFigures,
    gettext: Callable[[str], str],
    number: Callable[[Decimal | float | int | None, int], str],
    day: Callable[[date], str],
    reaction_chart_svg: str | None = None,
) -> bytes:
    """The PDF; ``reaction_chart_svg`` is the reaction items' means as an SVG chart."""
    writer = _Writer(figures, gettext, number, day)
    writer.title()
    writer.boxes()
    writer.reading()
    writer.reaction_table()
    if reaction_chart_svg and figures.reactions.n:
        writer.chart(reaction_chart_svg)
    writer.learning_table()
    writer.behaviour_table()
    writer.impact_table()
    writer.cost()
    return bytes(writer.pdf.output())
