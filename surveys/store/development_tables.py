"""The tables of officers' development: the competency dictionary, positions, assessments,
needs, development plans and mentoring (surveys/competency/), and training events with their
evaluation at four levels (surveys/evaluation/).

They stand beside ``surveys.store.tables`` (units, service points, officers, responses and
their aggregates), on whose officers and units they build; Piccolo's app finds both modules.
"""

from __future__ import annotations

from piccolo.apps.user.tables import BaseUser
from piccolo.columns import (
    JSON,
    BigInt,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    OnDelete,
    Serial,
    SmallInt,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from surveys.store.tables import ForumSession, Officer, Training, Unit

# --- Vocabularies (stored as short codes; labels come from the templates) ---

# Competency kinds: the same codes as Training.competency.
COMPETENCY_KINDS = ("manajerial", "sosial_kultural", "teknis")
COMPETENCY_LEVELS = (1, 2, 3, 4, 5)
ASSESSMENT_METHODS = ("assessment_center", "uji_kompetensi", "penilaian_atasan", "self_assessment")
NEED_SOURCES = ("gap", "citizens", "forum", "jp")
ACTIVITY_STATUSES = ("planned", "done", "cancelled")
# What a development form's JP equivalent counts: hours, days, sessions, or JP as they are.
JP_BASES = ("jp", "hour", "day", "session")
MENTORING_KINDS = ("mentoring", "coaching")


# --- Competency development -------------------------------------------------
# An officer's position is matched to a Position by name (Officer.position holds the name),
# so the officer import and the officers' pages stay as they are.


class Competency(Table):
    """A competency of the dictionary: managerial, socio-cultural or technical, levels 1-5."""

    id: Serial
    code = Varchar(length=40, unique=True, index=True)
    name = Varchar(length=200)
    kind = Varchar(length=20)
    description = Text(default="")
    # What each level looks like in behaviour; editable by the HR agency.
    level_1 = Text(default="")
    level_2 = Text(default="")
    level_3 = Text(default="")
    level_4 = Text(default="")
    level_5 = Text(default="")
    active = Boolean(default=True)


class Position(Table):
    """A jabatan; officers hold it when their ``Officer.position`` carries its name."""

    id: Serial
    code = Varchar(length=40, unique=True, index=True)
    name = Varchar(length=200, unique=True)
    active = Boolean(default=True)


class PositionRequirement(Table):
    """The level a position requires of one competency (one row per pair)."""

    id: Serial
    position = ForeignKey(Position, null=False, on_delete=OnDelete.cascade, index=True)
    competency = ForeignKey(Competency, null=False, on_delete=OnDelete.restrict)
    level = SmallInt()


class Assessment(Table):
    """An officer's assessment. Append-only: a correction is a new row naming what it replaces."""

    id: Serial
    officer = ForeignKey(Officer, null=False, on_delete=OnDelete.restrict, index=True)
    assessed_on = Date()
    method = Varchar(length=30)
    assessor = Varchar(length=200, default="")
    notes = Text(default="")
    # NO ACTION rather than RESTRICT: checked at the end of a statement, so emptying the
    # table at once (tests, restore) works; nothing deletes one assessment.
    replaces: ForeignKey[Assessment] = ForeignKey(
        "self", null=True, on_delete=OnDelete.no_action, unique=True
    )
    recorded_by = ForeignKey(BaseUser, null=True, on_delete=OnDelete.set_null)
    recorded_at = Timestamptz(default=TimestamptzNow())
    # A hash of an imported row, so re-importing the same file records nothing new.
    import_key = Varchar(length=64, null=True, default=None, unique=True)


class AssessmentLevel(Table):
    """The level an assessment found for one competency."""

    id: Serial
    assessment = ForeignKey(Assessment, null=False, on_delete=OnDelete.cascade, index=True)
    competency = ForeignKey(Competency, null=False, on_delete=OnDelete.restrict)
    level = SmallInt()


class ElementCompetency(Table):
    """Which competencies an SKM element (U1..U9) speaks to; editable.

    A row with ``technical`` set and no competency stands for the technical competencies
    the officer's position requires.
    """

    id: Serial
    element = Varchar(length=3, index=True)
    competency = ForeignKey(Competency, null=True, on_delete=OnDelete.cascade)
    technical = Boolean(default=False)


class MatchBand(Table):
    """A band of the job-person match: from ``minimum`` percent up to the next band."""

    id: Serial
    code = Varchar(length=30, unique=True)
    label = Varchar(length=100)
    minimum = SmallInt()


class Need(Table):
    """A development need of an officer or a whole unit, with its evidence in numbers."""

    id: Serial
    unit = ForeignKey(Unit, null=False, on_delete=OnDelete.cascade, index=True)
    # Null: the need is the unit's (citizens' or forum evidence), not one officer's.
    officer = ForeignKey(Officer, null=True, on_delete=OnDelete.cascade, index=True)
    competency = ForeignKey(Competency, null=True, on_delete=OnDelete.restrict)
    year = Integer()
    source = Varchar(length=20)
    # The figures behind the need, e.g. {"required": 3, "assessed": 2} or an element's NRR.
    evidence = JSON(null=True, default=None)
    summary = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())


class JpEquivalent(Table):
    """How many JP one hour, day or session of a development form counts for (city setting)."""

    id: Serial
    form = Varchar(length=100, unique=True)
    classical = Boolean(default=True)
    basis = Varchar(length=10, default="jp")
    jp_per_unit = Numeric(digits=(6, 2))


class DevelopmentPlan(Table):
    """An officer's development plan for a year."""

    id: Serial
    officer = ForeignKey(Officer, null=False, on_delete=OnDelete.cascade, index=True)
    year = Integer()
    notes = Text(default="")
    created_by = ForeignKey(BaseUser, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


class DevelopmentActivity(Table):
    """One activity of a plan in a LAN form, aimed at a need and a competency."""

    id: Serial
    plan = ForeignKey(DevelopmentPlan, null=False, on_delete=OnDelete.cascade, index=True)
    title = Varchar(length=300)
    form = Varchar(length=100)
    classical = Boolean(default=True)
    competency = ForeignKey(Competency, null=True, on_delete=OnDelete.set_null)
    need = ForeignKey(Need, null=True, on_delete=OnDelete.set_null)
    # How much of the form (hours, days, sessions or JP, see JpEquivalent) and its JP.
    amount = Numeric(digits=(8, 2), null=True, default=None)
    jp = Integer(default=0)
    provider = Varchar(length=200, default="")
    planned_on = Date(null=True, default=None)
    status = Varchar(length=10, default="planned")
    done_on = Date(null=True, default=None)
    # The training record written when the activity was done.
    training = ForeignKey(Training, null=True, on_delete=OnDelete.set_null)


class MentoringPair(Table):
    """A mentor or coach and a mentee, aimed at one competency, from a date until a date."""

    id: Serial
    kind = Varchar(length=20, default="mentoring")
    mentor = ForeignKey(Officer, null=False, on_delete=OnDelete.restrict, index=True)
    mentee = ForeignKey(Officer, null=False, on_delete=OnDelete.restrict, index=True)
    competency = ForeignKey(Competency, null=True, on_delete=OnDelete.set_null)
    starts_on = Date()
    ends_on = Date(null=True, default=None)
    activity = ForeignKey(DevelopmentActivity, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


class MentoringSession(Table):
    """One logged session of a pair; its minutes count as the mentee's JP."""

    id: Serial
    pair = ForeignKey(MentoringPair, null=False, on_delete=OnDelete.cascade, index=True)
    held_on = Date()
    minutes = Integer()
    topic = Varchar(length=300)
    next_step = Text(default="")
    training = ForeignKey(Training, null=True, on_delete=OnDelete.set_null)


# --- Training events and their evaluation at four levels (surveys/evaluation/) ---

EVENT_STATUSES = ("planned", "finished")
# Level 1 (reaction): the five items a participant rates 1-4 after the event.
REACTION_ITEMS = ("material", "trainer", "method", "facilities", "usefulness")


class TrainingEvent(Table):
    """A development event (kegiatan pengembangan): one training, workshop or programme."""

    id: Serial
    title = Varchar(length=300)
    form = Varchar(length=100)  # the LAN form (pelatihan teknis, workshop, coaching, ...)
    classical = Boolean(default=True)
    competency = Varchar(length=30)  # the competency kind its training records carry
    provider = Varchar(length=200, default="")
    trainers = Varchar(length=500, default="")  # names, separated by commas
    start_date = Date()
    end_date = Date()
    jp = Integer()
    cost = BigInt(null=True, default=None)  # rupiah, when known
    # Behind the QR code of its reaction form; unguessable like a service point's.
    token = Varchar(length=64, unique=True, index=True)
    status = Varchar(length=10, default="planned")
    finished_at = Timestamptz(null=True, default=None)
    created_by = ForeignKey(BaseUser, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


class EventParticipant(Table):
    """An officer registered for an event; one row per (event, officer)."""

    id: Serial
    event = ForeignKey(TrainingEvent, null=False, on_delete=OnDelete.cascade, index=True)
    officer = ForeignKey(Officer, null=False, on_delete=OnDelete.restrict, index=True)
    attended = Boolean(default=False)
    # Level 2 (learning): test scores 0-100 before and after the event.
    pre_score = SmallInt(null=True, default=None)
    post_score = SmallInt(null=True, default=None)


class ReactionAnswer(Table):
    """A participant's Level 1 answer: one per participant, stored once however often sent."""

    id: Serial
    event = ForeignKey(TrainingEvent, null=False, on_delete=OnDelete.cascade, index=True)
    participant = ForeignKey(EventParticipant, null=False, on_delete=OnDelete.cascade, unique=True)
    material = SmallInt()
    trainer = SmallInt()
    method = SmallInt()
    facilities = SmallInt()
    usefulness = SmallInt()
    comment = Text(default="")
    dedupe_key = Varchar(length=64, unique=True)
    submitted_at = Timestamptz(default=TimestamptzNow())


class EventCompetency(Table):
    """A competency an event aims at (one row per pair)."""

    id: Serial
    event = ForeignKey(TrainingEvent, null=False, on_delete=OnDelete.cascade, index=True)
    competency = ForeignKey(Competency, null=False, on_delete=OnDelete.restrict)


# Level 3 (behaviour): who answers, and how far the competencies are applied on the job.
BEHAVIOUR_RESPONDENTS = ("supervisor", "self")


class BehaviourAnswer(Table):
    """A participant's Level 3 evaluation, 60-90 days after the event: the supervisor's
    answer or the participant's own, one of each per participant."""

    id: Serial
    participant = ForeignKey(EventParticipant, null=False, on_delete=OnDelete.cascade, index=True)
    respondent = Varchar(length=10)
    # {competency id: 1-4}: how far the participant applies it on the job.
    ratings = JSON(default="{}")
    example = Text(default="")
    answered_by = ForeignKey(BaseUser, null=True, on_delete=OnDelete.set_null)
    answered_at = Timestamptz(default=TimestamptzNow())
    # The follow-up (mentoring or coaching) planned from a weak result.
    follow_up = ForeignKey(DevelopmentActivity, null=True, on_delete=OnDelete.set_null)


EVENT_NOTE_KINDS = ("interview", "fgd")


class EventNote(Table):
    """Notes of an evaluation interview or focus group about an event, coded to the
    competencies and themes they speak to. A focus group is a forum session (its QR
    attendance and inputs stay there), named here."""

    id: Serial
    event = ForeignKey(TrainingEvent, null=False, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=10)
    held_on = Date()
    forum_session = ForeignKey(ForumSession, null=True, on_delete=OnDelete.set_null)
    respondent = Varchar(length=200, default="")
    themes = Varchar(length=300, default="")
    competencies = JSON(default="[]")
    notes = Text()
    created_by = ForeignKey(BaseUser, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
