"""The Jinja environment: templates folder, i18n and the formatting filters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, Template, select_autoescape
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig
from markupsafe import Markup

from app import formatting, i18n
from app.settings import PROJECT_ROOT

TEMPLATE_DIR = PROJECT_ROOT / "templates"


class _Template(Template):
    """Litestar passes ``csrf_input`` as a plain string (its token already HTML-escaped);
    with autoescape on it would print as text, so it is marked safe here, once."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        context = dict(*args, **kwargs)
        if isinstance(context.get("csrf_input"), str):
            context["csrf_input"] = Markup(context["csrf_input"])
        return super().render(context)


def _ngettext(singular: str, plural: str, n: int, **params: Any) -> str:
    """A template's plural: the count is written like every other number ("1.439")."""
    shown = formatting.integer(n) if isinstance(n, int) else n
    return i18n.ngettext(singular, plural, n, **({"num": shown} | params))


def build_environment(template_dir: Path = TEMPLATE_DIR) -> Environment:
    env = Environment(
        loader=FileSystemLoader(template_dir),
        autoescape=select_autoescape(["html", "xml", "svg"], default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.template_class = _Template
    env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda message, **params: i18n.gettext(message, **params),
        _ngettext,
        newstyle=True,
    )
    env.filters.update(formatting.FILTERS)
    env.globals["LANGUAGES"] = i18n.LANGUAGES
    env.globals["current_language"] = i18n.current_language.get
    return env


def template_config(env: Environment | None = None) -> TemplateConfig:
    environment = env or build_environment()
    return TemplateConfig(
        engine=JinjaTemplateEngine.from_environment(environment),
    )
