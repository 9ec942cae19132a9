"""Training events: the list and an event's page for everyone who develops officers; creating,
editing, registering participants, recording attendance and test scores, and finishing an
event for the HR agency (BKPSDM)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from app.dependencies import SignedInAccount, UnitScope
from app.evaluation.behaviour import questions as behaviour_questions
from app.evaluation.common import event_or_404, event_url, reaction_url
from app.formatting import short_date
from app.forms import Form, read_form, see_other
from app.i18n import gettext as _
from app.web import RowId, render
from surveys.evaluation import behaviour
from surveys.evaluation import events as q
from surveys.evaluation.notes import forum_session_choices
from surveys.evaluation.notes import notes_of_event as event_notes
from surveys.evaluation.reactions import (
    event_comments,
    event_reactions,
    reactions_by_provider_and_trainer,
)
from surveys.evaluation.results import event_impact, verdict
from surveys.evaluation.scores import learning_summary
from surveys.method.nip import normalise_nip
from surveys.store.accounts import Account
from surveys.store.development_tables import REACTION_ITEMS
from surveys.store.imports.officers import MAX_JP
from surveys.training.hours import CLASSICAL_FORMS, COMPETENCY_LABELS, NON_CLASSICAL_FORMS

MAX_COST = 10**12
MAX_NIPS = 500


def reaction_item_labels() -> dict[str, str]:
    return {
        "material": _("Materi"),
        "trainer": _("Pengajar"),
        "method": _("Metode"),
        "facilities": _("Sarana"),
        "usefulness": _("Manfaat bagi pekerjaan"),
    }


# --- list and page ---------------------------------------------------------------------------


@get("/events", name="events")
async def list_events(request: Request[Any, Any, Any], unit_scope: UnitScope) -> Template:
    events = await q.events_in_scope(unit_scope)
    providers, trainers = await reactions_by_provider_and_trainer(events)
    context = {"events": events, "providers": providers, "trainers": trainers}
    return await render(request, "evaluation/events.html", context)


@get("/events/{event_id:int}", name="event")
async def show_event(
    request: Request[Any, Any, Any],
    event_id: RowId,
    account: SignedInAccount,
    unit_scope: UnitScope,
) -> Template:
    event = await event_or_404(event_id, unit_scope)
    return await render(
        request, "evaluation/event.html", await event_context(request, event, account)
    )


async def event_context(
    request: Request[Any, Any, Any],
    event: dict,
    account: Account,
    form: Form | None = None,
    note_form: Form | None = None,
) -> dict[str, Any]:
    everyone = await q.participants(event["id"])
    # A unit's manager sees the results of the whole event but only their own officers.
    visible = [p for p in everyone if account.may_see_unit(p["unit"])]
    present = sum(1 for p in everyone if p["attended"])
    # Interview notes may name people: only the HR agency and administrators read them.
    manages = account.role in ("hr", "admin")
    aimed = await q.aimed_competencies(event["id"])
    answers = await behaviour.answers_of_event(event["id"])
    today = datetime.now(request.app.state.settings.timezone).date()
    return {
        "event": event,
        "trainers": q.trainer_names(event["trainers"]),
        "competencies": aimed,
        "participants": visible,
        "registered": len(everyone),
        "present": present,
        "behaviour": behaviour.behaviour_summary(answers, present),
        "behaviour_rows": _behaviour_rows(event, visible, answers, today),
        "behaviour_questions": await behaviour_questions(event["id"]),
        "follow_up_forms": behaviour.FOLLOW_UP_FORMS,
        "impact": await event_impact(event, today),
        "verdict": verdict,
        "reactions": await event_reactions(event["id"]),
        "comments": await event_comments(event["id"]),
        "learning": learning_summary(
            (p["pre_score"], p["post_score"]) for p in everyone if p["attended"]
        ),
        "item_labels": reaction_item_labels(),
        "items": REACTION_ITEMS,
        "manages": manages,
        "reaction_url": reaction_url(request, event["token"]),
        "form": form or Form(),
        "note_form": note_form or Form.filled({"kind": "interview"}),
        "notes": await event_notes(event["id"]) if manages else [],
        "forum_session_options": [
            (s["id"], f"{short_date(s['held_on'])} · {s['place']}")
            for s in (await forum_session_choices() if manages else [])
        ],
        "competency_options": [(c["id"], c["name"]) for c in aimed],
    }


def _behaviour_rows(
    event: dict, participants: list[dict], answers: list[dict], today: date
) -> list[dict]:
    """Per participant present: the supervisor's window, status, mean and follow-up."""
    by_participant = {a["participant"]: a for a in answers if a["respondent"] == "supervisor"}
    rows = []
    for p in participants:
        if not p["attended"] or event["status"] != "finished":
            continue
        answer = by_participant.get(p["id"])
        ratings = answer["ratings"] if answer else {}
        rows.append(
            p
            | {
                "window": behaviour.behaviour_window(event["end_date"]),
                "status": behaviour.behaviour_status(event["end_date"], today, answer is not None),
                "mean": behaviour.mean_rating(ratings),
                "weak": behaviour.is_weak(ratings),
                "answer_id": answer["id"] if answer else None,
                "follow_up": answer["follow_up"] if answer else None,
            }
        )
    return rows


# --- creating and editing (HR agency) --------------------------------------------------------


def _read_event(form: Form, choices: list[dict]) -> tuple[q.EventFields, list[int]] | None:
    title = form.text("title", max_length=300)
    lan_form = form.text("form", max_length=100)
    classical = form.choice("classical", ("1", "0"))
    competency = form.choice("competency", COMPETENCY_LABELS)
    provider = form.text("provider", required=False)
    trainers = form.text("trainers", required=False, max_length=500)
    earliest, latest = q.EARLIEST_EVENT_DAY, q.LATEST_EVENT_DAY
    start = form.date("start_date", earliest=earliest, latest=latest)
    end = form.date("end_date", earliest=earliest, latest=latest)
    jp = form.integer("jp", minimum=1, maximum=MAX_JP)
    cost = form.integer("cost", minimum=0, maximum=MAX_COST, required=False)
    aimed = form.ids("competencies")
    if set(aimed) - {c["id"] for c in choices}:
        form.error("competencies", _("Pilihan tidak dikenal."))
    if start and end and end < start:
        form.error("end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
    if not form.ok:
        return None
    assert start and end and jp
    fields = q.EventFields(
        title=title,
        form=lan_form,
        classical=classical == "1",
        competency=competency,
        provider=provider,
        trainers=", ".join(q.trainer_names(trainers)),
        start_date=start,
        end_date=end,
        jp=jp,
        cost=cost,
    )
    return fields, aimed


async def _form_page(
    request: Request[Any, Any, Any],
    form: Form,
    event: dict | None,
    choices: list[dict],
    status_code: int = 200,
) -> Template:
    return await render(
        request,
        "evaluation/event_form.html",
        {
            "form": form,
            "event": event,
            "competency_options": [(c["id"], f"{c['name']}") for c in choices],
            "kinds": [(code, _(label)) for code, label in COMPETENCY_LABELS.items()],
            "classical_choices": [("1", _("Klasikal")), ("0", _("Nonklasikal"))],
            "suggested_forms": CLASSICAL_FORMS + NON_CLASSICAL_FORMS,
        },
        status_code=status_code,
    )


@get("/events/new", name="event_new")
async def new_event(request: Request[Any, Any, Any]) -> Template:
    form = Form.filled({"classical": "1", "competency": "teknis"})
    return await _form_page(request, form, None, await q.competency_choices())


@post("/events/new", name="event_create")
async def create_event(
    request: Request[Any, Any, Any], account: SignedInAccount
) -> Template | Redirect:
    form = await read_form(request, multi=["competencies"])
    choices = await q.competency_choices()
    read = _read_event(form, choices)
    if read is None:
        return await _form_page(request, form, None, choices, status_code=400)
    event_id = await q.create_event(account, *read)
    return see_other(event_url(request, event_id))


@get("/events/{event_id:int}/edit", name="event_edit")
async def edit_event(request: Request[Any, Any, Any], event_id: RowId) -> Template:
    event = await event_or_404(event_id, None)
    values = event | {
        "classical": "1" if event["classical"] else "0",
        "start_date": event["start_date"].isoformat(),
        "end_date": event["end_date"].isoformat(),
        "competencies": [str(c) for c in await q.aimed_competency_ids(event_id)],
    }
    return await _form_page(request, Form.filled(values), event, await q.competency_choices())


@post("/events/{event_id:int}/edit", name="event_update")
async def update_event(
    request: Request[Any, Any, Any], event_id: RowId, account: SignedInAccount
) -> Template | Redirect:
    event = await event_or_404(event_id, None)
    form = await read_form(request, multi=["competencies"])
    choices = await q.competency_choices()
    read = _read_event(form, choices)
    if read is None:
        return await _form_page(request, form, event, choices, status_code=400)
    await q.update_event(account, event_id, *read)
    return see_other(event_url(request, event_id))


# --- participants, attendance, tests, finishing (HR agency) ----------------------------------


@post("/events/{event_id:int}/participants", name="event_register")
async def register_participants(
    request: Request[Any, Any, Any], event_id: RowId, account: SignedInAccount
) -> Template | Redirect:
    event = await event_or_404(event_id, None)
    form = await read_form(request)
    text = form.text("nips", max_length=MAX_NIPS * 25)
    nips = [normalise_nip(part) for part in text.replace(",", "\n").split()]
    if form.ok and not any(nips):
        form.error("nips", _("Wajib diisi."))
    if form.ok and len(nips) > MAX_NIPS:
        form.error("nips", _("Paling banyak %(n)s NIP sekaligus.", n=MAX_NIPS))
    if form.ok:
        registration = await q.register_participants(account, event_id, nips)
        if not registration.unknown:
            return see_other(event_url(request, event_id) + "#participants")
        form.error(
            "nips",
            _(
                "NIP berikut tidak terdaftar sebagai petugas: %(nips)s. "
                "Yang lain sudah didaftarkan.",
                nips=", ".join(registration.unknown),
            ),
        )
        form.values["nips"] = "\n".join(registration.unknown)
    context = await event_context(request, event, account, form)
    return await render(request, "evaluation/event.html", context, status_code=400)


def _read_results(form: Form, participant_ids: list[int]) -> dict[int, q.ParticipantResult] | None:
    present = set(form.ids("attended"))
    results = {}
    for participant_id in participant_ids:
        pre = form.integer(f"pre_{participant_id}", minimum=0, maximum=100, required=False)
        post = form.integer(f"post_{participant_id}", minimum=0, maximum=100, required=False)
        results[participant_id] = q.ParticipantResult(participant_id in present, pre, post)
    return results if form.ok else None


@post("/events/{event_id:int}/results", name="event_results")
async def record_results(
    request: Request[Any, Any, Any], event_id: RowId, account: SignedInAccount
) -> Template | Redirect:
    event = await event_or_404(event_id, None)
    form = await read_form(request, multi=["attended"])
    ids = [p["id"] for p in await q.participants(event_id)]
    results = _read_results(form, ids)
    if results is None:
        form.error("", _("Nilai tes diisi 0 sampai 100, atau dikosongkan."))
        context = await event_context(request, event, account, form)
        return await render(request, "evaluation/event.html", context, status_code=400)
    await q.record_results(account, event_id, results)
    return see_other(event_url(request, event_id) + "?saved=1#participants")


@post("/events/{event_id:int}/participants/{participant_id:int}/remove", name="event_unregister")
async def remove_participant(
    request: Request[Any, Any, Any],
    event_id: RowId,
    participant_id: RowId,
    account: SignedInAccount,
) -> Redirect:
    await event_or_404(event_id, None)
    if not await q.remove_participant(account, event_id, participant_id):
        raise NotFoundException()
    return see_other(event_url(request, event_id) + "#participants")


@post("/events/{event_id:int}/finish", name="event_finish")
async def finish_event(
    request: Request[Any, Any, Any], event_id: RowId, account: SignedInAccount
) -> Redirect:
    await event_or_404(event_id, None)
    created = await q.finish_event(account, event_id)
    return see_other(event_url(request, event_id) + f"?records={created}")


VIEW_ROUTES = [list_events, show_event]
MANAGE_ROUTES = [
    new_event,
    create_event,
    edit_event,
    update_event,
    register_participants,
    record_results,
    remove_participant,
    finish_event,
]
