"""The citizen survey's clock and counter, shared with the web tests."""

from tests.web.conftest import clock, counter  # noqa: F401 - fixtures
