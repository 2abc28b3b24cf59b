"""The fuzz stage: schemathesis over every service's OpenAPI document, against the real stack.

The six services run as processes on a stack of their own, with the demo data seeded through
their APIs. Each operation gets schemathesis's coverage cases and a bounded, derandomized set
of generated requests (valid and invalid), sent with a token of each role the service serves,
one with every role, or the generated Authorization header. A test per service fails on any
5xx, on a response that breaks the documented schema, on a status code the document does not
list, and on an error the service logged meanwhile. Counts and every failure with its
reproducer: `.venv/bin/python -m tests.e2e.fuzzing` (from `.regie/fuzz-report.json`).
"""

from __future__ import annotations

import pytest

from tests.e2e import fuzzing
from tests.e2e.platform import Platform

# Starting the platform and fuzzing it all happen in the first test's setup (about 4 minutes on
# an idle machine; a loaded one took more than 15, so the bound is generous).
# One worker fuzzes the platform once: `make test` distributes whole files (--dist loadfile);
# spread over both workers, each would build the module's fixture and fuzz everything twice.
pytestmark = [pytest.mark.timeout(2400)]


@pytest.fixture(scope="module")
def reports() -> dict[str, fuzzing.ServiceReport]:
    """Fuzz every service once, in a fixed order; the platform is stopped before any assert."""
    platform = Platform.start_stack()
    try:
        fuzzing.start_services(platform)
        known = fuzzing.seed(platform)
        results = fuzzing.fuzz_platform(platform, known)
    finally:
        platform.stop()
    fuzzing.write_report(results)
    return {report.service: report for report in results}


@pytest.mark.parametrize("service", list(fuzzing.ROLES))
def test_fuzzed_service_answers_within_its_documented_contract(reports, service):
    """No 5xx, no undocumented status or body, no logged error, for any generated request."""
    report = reports[service]
    assert report.operations > 0
    assert report.calls >= report.operations * 5
    if report.findings:
        lines = [
            f"{len(report.findings)} distinct failures:",
            *map(fuzzing.describe, report.findings),
        ]
        pytest.fail("\n".join(lines), pytrace=False)
