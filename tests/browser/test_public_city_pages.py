"""The new public, city and hall pages fit a 360 px phone without sideways scrolling."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.browser.conftest import log_in, screenshot
from tests.factories import check_case_answers, make_responses, make_unit, make_user

TOKEN = "layar-uji-lebar-layar-0123456789abcdef"
Q1 = "from=2026-01-01&to=2026-03-31"


async def _seed() -> dict:
    from surveys.store.tables import FollowUp, HallDisplay, Publication, Unit

    pemkot = await make_unit("PEMKOT", "Pemerintah Kota Sawahlunto", kind="instansi")
    dukcapil = await make_unit(
        "DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", parent=pemkot["id"]
    )
    talawi = await make_unit("KEC-TALAWI", "Kecamatan Talawi", parent=pemkot["id"])
    await Unit.update({Unit.minimum_responses: 20}).where(Unit.id.is_not_null())
    answers = check_case_answers()
    at = datetime(2026, 3, 10, 3, tzinfo=UTC)
    await make_responses(dukcapil["id"], answers, at, comment="Petugas ramah, antrean cepat.")
    await make_responses(talawi["id"], answers[:12], at)
    await make_responses(dukcapil["id"], answers[:3], datetime.now(UTC), comment_public=True,
                         comment="Pelayanan KTP-el sekarang selesai dalam satu hari, terima kasih.")  # fmt: skip
    for start, end, ikm in (
        (date(2025, 10, 1), date(2025, 12, 31), "84.20"),
        (date(2026, 1, 1), date(2026, 3, 31), "91.48"),
    ):
        await Publication(
            unit=dukcapil["id"], period_start=start, period_end=end, channel="website",
            published_on=end, n=29, ikm=ikm,
            elements=[{"code": "U8", "nrr": "3.6207", "n": 29, "score": "90.52", "grade": "A"}],
        ).save()  # fmt: skip
    await FollowUp(
        unit=dukcapil["id"], period_start=date(2026, 1, 1), period_end=date(2026, 3, 31),
        element="U3", problem="Antrean pagi panjang", action="Menambah loket pada jam sibuk",
        responsible="Sekretaris", target_date=date(2026, 6, 30), status="done",
        done_on=datetime.now(UTC).date(),
    ).save()  # fmt: skip
    await HallDisplay(unit=dukcapil["id"], token=TOKEN).save()
    return await make_user("kabag", "manager", ["PEMKOT", "DISDUKCAPIL", "KEC-TALAWI"])


def test_the_new_pages_fit_a_phone(page, run):
    manager = run(_seed())
    public = ["/", "/p/DISDUKCAPIL", f"/tv/{TOKEN}"]
    managers = [f"/dashboard/units/PEMKOT/recap?{Q1}", "/dashboard/units/DISDUKCAPIL/displays"]
    too_wide = []
    for index, path in enumerate(public + managers):
        if index == len(public):
            log_in(page, manager)
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide.append((path, width))
        screenshot(page, f"phone-{index}")
    assert too_wide == []
