"""Sentences of the SKM report: message ids with typed parameters, rendered by the caller in
its language (gettext, ngettext) and number and date style. Shared by the HTML page and the PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from surveys.method.elements import ELEMENTS_BY_CODE


class Msg(str):
    """A parameter that is itself a message id, translated when rendered."""


@dataclass(frozen=True)
class Elements:
    """A parameter naming elements by code, rendered as their translated names."""

    codes: tuple[str, ...]


@dataclass(frozen=True)
class Sentence:
    """A message id and its parameters; with ``plural``, the message id's plural form, chosen
    by the number in the parameter named ``count`` (ngettext)."""

    template: str
    params: dict = field(default_factory=dict)
    plural: str = ""
    count: str = ""


def english_like_plural(singular: str, plural: str, n: int) -> str:
    """ngettext without a catalogue (the Indonesian message ids): one is singular."""
    return singular if n == 1 else plural


def render_sentence(
    sentence: Sentence,
    gettext: Callable[[str], str],
    number: Callable[[Decimal, int], str],
    day: Callable[[date], str],
    ngettext: Callable[[str, str, int], str] = english_like_plural,
) -> str:
    """The sentence in the caller's language and number style."""
    values = {}
    for name, value in sentence.params.items():
        if isinstance(value, Msg):
            values[name] = gettext(value)
        elif isinstance(value, Elements):
            values[name] = ", ".join(
                f"{code} {gettext(ELEMENTS_BY_CODE[code].name)}" for code in value.codes
            )
        elif isinstance(value, Decimal):
            values[name] = number(value, max(-int(value.as_tuple().exponent), 0))
        elif isinstance(value, bool):
            values[name] = str(value)
        elif isinstance(value, int):
            values[name] = number(Decimal(value), 0)
        elif isinstance(value, date):
            values[name] = day(value)
        else:
            values[name] = str(value)
    if sentence.plural:
        count = sentence.params[sentence.count]
        return ngettext(sentence.template, sentence.plural, count) % values
    return gettext(sentence.template) % values
