"""WCAG 2.1 AA in the browser tests: axe-core run inside each page, and reflow at 320 px.

axe-core comes from tests/a11y (`make axe`, which `make test` runs: `npm ci` from its lock file).
It is evaluated through the DevTools protocol, as Playwright evaluates any script, so the
pages' strict Content-Security-Policy stays on and still reports what it would block.

A test walks many pages with one `Audit` and asserts once at the end, so a failure lists every
page and element axe-core found, not only the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parents[2] / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
# WCAG 2.0 and 2.1, levels A and AA: what the issue asks for, not axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 320, "height": 640}  # WCAG 1.4.10 Reflow: 320 CSS pixels wide
DESKTOP = {"width": 1280, "height": 900}

_RUN = """async (tags) => {
    const found = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                           resultTypes: ["violations"]});
    return found.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
    }));
}"""


def axe_source() -> str:
    """axe.min.js as `make axe` installed it; a clear failure when it did not."""
    assert AXE.exists(), f"{AXE} is missing: run `make axe` (npm ci in tests/a11y)"
    return AXE.read_text(encoding="utf-8")


async def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.0/2.1 level A and AA violations on the page as it is now."""
    if not await page.evaluate("typeof window.axe === 'object'"):
        await page.evaluate(axe_source())
    violations: list[dict[str, Any]] = await page.evaluate(_RUN, TAGS)
    return violations


def readable(where: str, violations: list[dict[str, Any]]) -> str:
    """One line per rule and one per element it found."""
    lines = [f"{where}: axe-core found {len(violations)} WCAG A/AA violation(s):"]
    for violation in violations:
        lines.append(f"  - {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            summary = " ".join(str(node["summary"]).split())
            lines.append(f"      {node['target']}: {summary}")
    return "\n".join(lines)


async def sideways(page: Any) -> int | None:
    """How wide the document is when it is wider than the viewport (it scrolls sideways)."""
    width = page.viewport_size["width"]
    scrolled: int = await page.evaluate("document.scrollingElement.scrollWidth")
    return scrolled if scrolled > width else None


@dataclass
class Audit:
    """What axe-core and the reflow check found on every page a test walked."""

    problems: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)

    async def check(
        self, page: Any, label: str, *, shot: str | None = None, desktop: bool = True
    ) -> None:
        """axe-core at 320 px (and at 1280 px), no sideways scrolling at 320 px.

        `shot`: the 320 px screenshot's name in test-artifacts/ (else `320-<label>`: every
        page checked is pictured at 320 px). The viewport stays at 320 px after the check.
        """
        self.pages.append(label)
        widths = (DESKTOP, PHONE) if desktop else (PHONE,)
        for size in widths:
            await page.set_viewport_size(size)
            where = f"{label} at {size['width']} px ({page.url})"
            if found := await axe_violations(page):
                self.problems.append(readable(where, found))
            if size is PHONE and (wide := await sideways(page)) is not None:
                self.problems.append(f"{where}: scrolls sideways, {wide} px wide")
        ARTIFACTS.mkdir(exist_ok=True)
        name = shot or "320-" + re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        await page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)

    def assert_clean(self) -> None:
        """Fail with every problem on every page, after the walk."""
        assert self.problems == [], "\n".join(self.problems)


_FOCUS_SHOWN = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "nothing has focus";
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    if (outline || style.boxShadow !== "none") return "";
    return `${el.tagName.toLowerCase()} ${el.id || el.name || el.textContent.trim()}`;
}"""


async def assert_focus_visible(page: Any) -> None:
    """The element the keyboard reached shows it has focus (WCAG 2.4.7): an outline or ring."""
    hidden: str = await page.evaluate(_FOCUS_SHOWN)
    assert hidden == "", f"{page.url}: focus is not visible on {hidden}"


async def assert_accessible(page: Any) -> None:
    """Fail with every violation axe-core finds on the page as it is now."""
    violations = await axe_violations(page)
    assert violations == [], readable(page.url, violations)
