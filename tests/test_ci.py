"""The suite's CI contract (tests/conftest.py): with CI=true a browser or server test that skips
fails; on a user's machine it skips with its reason, and other skips stay skips everywhere."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

PROBE = '''
import pytest

@pytest.mark.browser
def test_marked_browser():
    pytest.skip("no chromium here")

@pytest.fixture
def oxigraph_server():
    pytest.skip("no oxigraph executable")

def test_using_the_server(oxigraph_server):
    pass

def test_optional():
    pytest.skip("optional for a user")
'''


@pytest.fixture
def probe(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeconftest((Path(__file__).parent / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(test_probe=PROBE)
    return pytester


def test_ci_turns_a_skipped_browser_or_server_test_into_a_failure(probe: pytest.Pytester, monkeypatch) -> None:
    monkeypatch.setenv("CI", "true")
    result = probe.runpytest("-p", "no:cacheprovider", "-W", "ignore::pytest.PytestUnknownMarkWarning")
    result.assert_outcomes(failed=1, errors=1, skipped=1)  # a skip in a fixture fails as an error
    result.stdout.fnmatch_lines(["*browser test skipped in CI*no chromium here*",
                                 "*server test skipped in CI*no oxigraph executable*"])


def test_outside_ci_a_missing_part_is_a_skip_with_its_reason(probe: pytest.Pytester, monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    result = probe.runpytest("-p", "no:cacheprovider", "-ra")
    result.assert_outcomes(skipped=3)
    result.stdout.fnmatch_lines(["*no chromium here*"])
