"""Suara's data model.

Every foreign key states its ``on_delete``: history (responses, audit) is never
deleted by removing what it refers to, so those references RESTRICT or SET NULL;
rows that only exist as part of their parent CASCADE.

The nine SKM element answers live as columns ``u1`` … ``u9`` on the response, so
that an IKM is a GROUP BY over one table; extra questions go to ``Answer``.

Piccolo gives every table a serial ``id``; ``id: Serial`` only tells type checkers.

The survey's tables (units, service points, officers, responses, forums, follow-ups,
accounts, audit) stand together so the foreign keys between them read in one place. The
aggregates kept on write are in ``surveys.store.aggregate_tables``; the tables of officers'
development (competency and evaluation) in ``surveys.store.development_tables``.
"""

from __future__ import annotations

from piccolo.apps.user.tables import BaseUser
from piccolo.columns import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    SmallInt,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

# --- Vocabularies (stored as short codes; labels come from the templates) ---

UNIT_KINDS = ("instansi", "unit_layanan")
SERVICE_POINT_KINDS = ("counter", "kiosk", "forum")
CHANNELS = ("qr", "kiosk", "forum", "forum_paper", "forum_tally", "import")
RESPONSE_STATUSES = ("valid", "flagged", "rejected")
ROLES = ("admin", "manager", "facilitator", "hr")
# Roles that see every unit: administrators, and the city's HR agency (BKPSDM).
CITY_WIDE_ROLES = ("admin", "hr")
FORUM_STATUSES = ("draft", "open", "closed")
FORUM_INPUT_KINDS = ("aspirasi", "pengaduan", "saran")
FOLLOW_UP_STATUSES = ("planned", "in_progress", "done", "cancelled")
GENDERS = ("L", "P")
EDUCATIONS = ("SD", "SMP", "SMA", "D1-D3", "S1/D4", "S2", "S3")
OCCUPATIONS = ("PNS", "TNI", "POLRI", "Swasta", "Wirausaha", "Pelajar/Mahasiswa", "Lainnya")


class Unit(Table):
    """An instansi or a unit layanan; ``parent`` builds the hierarchy."""

    id: Serial
    code = Varchar(length=32, unique=True, index=True)
    name = Varchar(length=200)
    kind = Varchar(length=20, default="unit_layanan")
    parent: ForeignKey[Unit] = ForeignKey("self", null=True, on_delete=OnDelete.restrict)
    # Below this many respondents a score is shown as "not enough responses".
    minimum_responses = Integer(default=30)
    # Optional custom element weights {"U1": "1/9", ...}; null means exactly 1/9 each.
    weights = JSON(null=True, default=None)
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())


class ServiceType(Table):
    """A kind of service a unit offers (e.g. KTP-el, Akta Kelahiran)."""

    id: Serial
    unit = ForeignKey(Unit, null=False, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=200)
    active = Boolean(default=True)


class UnitPopulation(Table):
    """Number of service users in a period: the base of the sample target."""

    id: Serial
    unit = ForeignKey(Unit, null=False, on_delete=OnDelete.cascade, index=True)
    period_start = Date()
    period_end = Date()
    population = Integer()


class Officer(Table):
    """An officer (ASN) who serves citizens; identified by an 18-digit NIP."""

    id: Serial
    nip = Varchar(length=18, unique=True, index=True)
    name = Varchar(length=200)
    unit = ForeignKey(Unit, null=False, on_delete=OnDelete.restrict, index=True)
    position = Varchar(length=200, default="")
    active = Boolean(default=True)


class ServicePoint(Table):
    """A counter, kiosk or forum; its token is behind the QR code."""

    id: Serial
    unit = ForeignKey(Unit, null=False, on_delete=OnDelete.restrict, index=True)
    name = Varchar(length=200)
    kind = Varchar(length=20, default="counter")
    token = Varchar(length=64, unique=True, index=True)
    # A desk card: every response through this point is attributed to this officer.
    officer = ForeignKey(Officer, null=True, on_delete=OnDelete.set_null)
    service_type = ForeignKey(ServiceType, null=True, on_delete=OnDelete.set_null)
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())


class RetiredToken(Table):
    """A revoked QR token, kept so an old poster shows a friendly page."""

    id: Serial
    token = Varchar(length=64, unique=True, index=True)
    service_point = ForeignKey(ServicePoint, null=False, on_delete=OnDelete.cascade)
    retired_at = Timestamptz(default=TimestamptzNow())


class DutyAssignment(Table):
    """Who served at which service point, from when until when (open-ended if null)."""

    id: Serial
    officer = ForeignKey(Officer, null=False, on_delete=OnDelete.cascade, index=True)
    service_point = ForeignKey(ServicePoint, null=False, on_delete=OnDelete.cascade, index=True)
    starts_at = Timestamptz()
    ends_at = Timestamptz(null=True, default=None)


class Training(Table):
    """One competency development record (Peraturan LAN 10/2018 vocabulary)."""

    id: Serial
    officer = ForeignKey(Officer, null=False, on_delete=OnDelete.cascade, index=True)
    title = Varchar(length=300)
    form = Varchar(length=100)
    classical = Boolean(default=True)
    competency = Varchar(length=30)
    provider = Varchar(length=200, default="")
    start_date = Date()
    end_date = Date()
    jp = Integer()
    certificate_no = Varchar(length=100, default="")


class Survey(Table):
    """A questionnaire version; a version with responses is never edited in place."""

    id: Serial
    key = Varchar(length=50, index=True)
    version = Integer(default=1)
    title = Varchar(length=200)
    # Null: the survey every unit uses unless it has its own.
    unit = ForeignKey(Unit, null=True, on_delete=OnDelete.restrict)
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())


class Question(Table):
    """A question of a survey version: one of the nine elements (code U1…U9) or an extra one."""

    id: Serial
    survey = ForeignKey(Survey, null=False, on_delete=OnDelete.cascade, index=True)
    code = Varchar(length=20)
    position = Integer()
    kind = Varchar(length=20, default="element")  # element, scale, text
    text_id = Text()
    text_en = Text(default="")
    required = Boolean(default=False)


class ForumSession(Table):
    """A musyawarah or public consultation forum run by a facilitator."""

    id: Serial
    unit = ForeignKey(Unit, null=False, on_delete=OnDelete.restrict, index=True)
    area = Varchar(length=200, default="")
    kind = Varchar(length=50)
    held_on = Date()
    place = Varchar(length=200, default="")
    attendance_male = Integer(default=0)
    attendance_female = Integer(default=0)
    status = Varchar(length=10, default="draft")
    # The session's own QR code for participants' phones.
    service_point = ForeignKey(ServicePoint, null=True, on_delete=OnDelete.set_null)
    # Six digits a participant can type instead of scanning: unique among open sessions.
    short_code = Varchar(length=6, null=True, default=None, index=True)
    facilitator = ForeignKey(BaseUser, null=True, on_delete=OnDelete.set_null)
    opened_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


# Namespaces of Response.dedupe_key for answers a facilitator types in: a paper
# questionnaire ("fp:" + the client's key) and each row a tally expands to ("ft:").
PAPER_KEY = "fp:"
TALLY_KEY = "ft:"


class Response(Table):
    """One citizen's answers, from any channel."""

    id: Serial
    survey = ForeignKey(Survey, null=False, on_delete=OnDelete.restrict)
    unit = ForeignKey(Unit, null=False, on_delete=OnDelete.restrict, index=True)
    service_point = ForeignKey(ServicePoint, null=True, on_delete=OnDelete.restrict)
    service_type = ForeignKey(ServiceType, null=True, on_delete=OnDelete.set_null)
    officer = ForeignKey(Officer, null=True, on_delete=OnDelete.set_null, index=True)
    # Indexed: a forum's live count, IKM and reconciliation select by session.
    forum_session = ForeignKey(ForumSession, null=True, on_delete=OnDelete.restrict, index=True)
    channel = Varchar(length=20)
    submitted_at = Timestamptz(index=True)
    # Local calendar day (Asia/Jakarta by default): periods are whole local days.
    local_day = Date(index=True)
    u1 = SmallInt(null=True, default=None)
    u2 = SmallInt(null=True, default=None)
    u3 = SmallInt(null=True, default=None)
    u4 = SmallInt(null=True, default=None)
    u5 = SmallInt(null=True, default=None)
    u6 = SmallInt(null=True, default=None)
    u7 = SmallInt(null=True, default=None)
    u8 = SmallInt(null=True, default=None)
    u9 = SmallInt(null=True, default=None)
    gender = Varchar(length=1, null=True, default=None)
    age = SmallInt(null=True, default=None)
    education = Varchar(length=20, null=True, default=None)
    occupation = Varchar(length=30, null=True, default=None)
    comment = Text(default="")
    # A manager approved the comment for the hall display (the only public place it shows).
    comment_public = Boolean(default=False)
    locale = Varchar(length=5, default="id")
    status = Varchar(length=10, default="valid")
    flag_reason = Varchar(length=100, default="")
    # Makes a submission idempotent: the form token's nonce, or an import row's hash.
    dedupe_key = Varchar(length=64, null=True, default=None, unique=True)
    # Salted hash of device signals for the per-device limit; never a raw address.
    device_hash = Varchar(length=64, null=True, default=None)


class Answer(Table):
    """An answer to an extra (non-element) question."""

    id: Serial
    response = ForeignKey(Response, null=False, on_delete=OnDelete.cascade, index=True)
    question = ForeignKey(Question, null=False, on_delete=OnDelete.restrict)
    value_int = Integer(null=True, default=None)
    value_text = Text(default="")


class ForumInput(Table):
    """An aspiration, complaint or suggestion raised at a forum."""

    id: Serial
    session = ForeignKey(ForumSession, null=False, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=20)
    topic = Varchar(length=100)
    text = Text()
    votes = Integer(default=0)
    addressed_unit = ForeignKey(Unit, null=True, on_delete=OnDelete.set_null)
    # Sent by the browser so that a resend after a dropped connection stores once.
    client_key = Varchar(length=64, null=True, default=None, unique=True)
    created_by = ForeignKey(BaseUser, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


class FollowUp(Table):
    """A follow-up action (rencana tindak lanjut, RTL) on a low-scoring element."""

    id: Serial
    unit = ForeignKey(Unit, null=False, on_delete=OnDelete.cascade, index=True)
    period_start = Date()
    period_end = Date()
    element = Varchar(length=3)
    problem = Text()
    action = Text()
    responsible = Varchar(length=200)
    target_date = Date()
    status = Varchar(length=20, default="planned")
    done_on = Date(null=True, default=None)
    evidence = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())


class Publication(Table):
    """The publication of a unit's result for a period, on one channel."""

    id: Serial
    unit = ForeignKey(Unit, null=False, on_delete=OnDelete.cascade, index=True)
    period_start = Date()
    period_end = Date()
    channel = Varchar(length=100)
    url = Varchar(length=500, default="")
    published_on = Date()
    n = Integer()
    ikm = Varchar(length=6)
    # The published per-element results [{"code": "U1", "nrr": "3.6207", "n": 29}, ...], so the
    # public page keeps showing what was announced even if late responses change the period.
    elements = JSON(null=True, default=None)
    created_by = ForeignKey(BaseUser, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


class HallDisplay(Table):
    """The unguessable link of a hall display (a TV in the waiting room): a unit's, or one
    service point's. Replacing the token retires the old link at once."""

    id: Serial
    unit = ForeignKey(Unit, null=False, on_delete=OnDelete.cascade, index=True)
    service_point = ForeignKey(ServicePoint, null=True, on_delete=OnDelete.cascade)
    token = Varchar(length=64, unique=True, index=True)
    created_at = Timestamptz(default=TimestamptzNow())


class ReportApproval(Table):
    """Who prepared and who approved a unit's SKM report for a period, as signed."""

    id: Serial
    unit = ForeignKey(Unit, null=False, on_delete=OnDelete.cascade, index=True)
    period_start = Date()
    period_end = Date()
    prepared_name = Varchar(length=200, default="")
    prepared_nip = Varchar(length=18, default="")
    prepared_position = Varchar(length=200, default="")
    approved_name = Varchar(length=200, default="")
    approved_nip = Varchar(length=18, default="")
    approved_position = Varchar(length=200, default="")
    place = Varchar(length=100, default="")
    signed_on = Date(null=True, default=None)
    updated_by = ForeignKey(BaseUser, null=True, on_delete=OnDelete.set_null)
    updated_at = Timestamptz(default=TimestamptzNow())


class UserRole(Table):
    """A login's role; managers and facilitators are scoped to units through UserUnit."""

    id: Serial
    user = ForeignKey(BaseUser, null=False, on_delete=OnDelete.cascade, unique=True)
    role = Varchar(length=20)
    locale = Varchar(length=5, default="id")
    # Sessions remember it; a password reset, deactivation or reactivation moves it on,
    # which ends every session signed in before.
    session_version = Integer(default=0)


class UserUnit(Table):
    id: Serial
    user = ForeignKey(BaseUser, null=False, on_delete=OnDelete.cascade, index=True)
    unit = ForeignKey(Unit, null=False, on_delete=OnDelete.cascade)


class AuditEntry(Table):
    """Who changed what, when, and what it was before."""

    id: Serial
    at = Timestamptz(default=TimestamptzNow(), index=True)
    user = ForeignKey(BaseUser, null=True, on_delete=OnDelete.set_null)
    username = Varchar(length=100, default="")
    action = Varchar(length=30)
    table_name = Varchar(length=50)
    row_id = Integer(null=True, default=None)
    previous = JSON(null=True, default=None)
    current = JSON(null=True, default=None)
