"""explore.ipynb in a real browser: JupyterLab headless, Chromium driven by Playwright.

Starts JupyterLab on a free local port over a copy of the notebook (so the browser
session never writes to the repository), opens it in Debian's Chromium (Playwright's
own browser download is not available offline), runs all cells, types a query into
the concordance box and checks the rows, picks an actor pair and checks its
sentences, and saves a screenshot to ``tests/artifacts/explore.png``.

Skipped, with the reason, when Chromium or Playwright is missing, unless
``REQUIRE_BROWSER=1`` (set by ``.ci/run``, which installs Chromium), where a missing
browser fails the test instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from analysis.actors import find_mentions
from analysis.corpus import load_corpus
from analysis.kwic import kwic
from analysis.network import evidence
from analysis.paths import NOTEBOOKS_DIR, ROOT
from analysis.tokens import tokens

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
QUERY = "Helsinki"
PAIR = ("Vladimir Putin", "Donald Trump")


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -r requirements.txt)"
    if CHROMIUM is None:
        return "Chromium is not installed (apt-get install chromium): browser test skipped"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on a free port over a copy of explore.ipynb; yields its base URL."""
    why = _missing()
    if why:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(why)
        pytest.skip(why)
    work = tmp_path / "lab"
    work.mkdir()
    shutil.copy(NOTEBOOKS_DIR / "explore.ipynb", work / "explore.ipynb")
    # every cell rendered (no virtual scrolling), and no news prompt over the page
    settings = tmp_path / "settings" / "@jupyterlab"
    (settings / "notebook-extension").mkdir(parents=True)
    (settings / "notebook-extension" / "tracker.jupyterlab-settings").write_text(
        '{"windowingMode": "none"}'
    )
    (settings / "apputils-extension").mkdir()
    (settings / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}'
    )
    port, token = _free_port(), "explore-test"
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
    }
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
        "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={work}", "--ServerApp.allow_root=True",
    ]  # fmt: skip
    log = (tmp_path / "lab.log").open("w")
    server = subprocess.Popen(command, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=1)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"JupyterLab exited: {(tmp_path / 'lab.log').read_text()[-2000:]}")
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not answer within 60 s")
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_explore_notebook_in_chromium(lab):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect, sync_playwright

    base, token = lab
    seeds = tokens(load_corpus(), kinds=["body"])
    expected_matches = len(kwic(seeds, QUERY))
    expected_sentences = len(evidence(find_mentions(seeds), seeds, *PAIR))
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(120_000)
        # the kernel answers the first query only after it has run every cell, which
        # takes longer on a busy machine than expect's default of 5 s
        expect.set_options(timeout=120_000)
        page.goto(f"{base}/lab/tree/explore.ipynb?token={token}")
        page.locator(".jp-Notebook").first.wait_for()
        # a fresh JupyterLab may ask which kernel to start: the notebook's own (Python 3)
        choose = page.locator(".jp-Dialog").get_by_role("button", name="Select", exact=True)
        try:
            choose.click(timeout=15_000)
        except PlaywrightTimeout:
            pass
        page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for()
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_text("Run All Cells", exact=True).click()

        # the concordance box: type a query, the rows appear
        box = page.get_by_placeholder("word, phrase or regex")
        try:
            box.wait_for()
        except Exception:
            page.screenshot(path=str(ARTIFACTS / "explore-failure.png"), full_page=True)
            errors = page.locator(
                ".jp-RenderedText[data-mime-type='application/vnd.jupyter.stderr']"
            )
            raise AssertionError(
                "the concordance explorer did not appear; stderr outputs: "
                + " | ".join(errors.all_inner_texts())[:3000]
            ) from None
        box.fill(QUERY)
        box.press("Enter")
        status = page.locator(".widget-html", has_text=f"matches of {QUERY}").first
        expect(status).to_contain_text(f"{expected_matches} matches of {QUERY}")
        concordance = page.locator(".jp-OutputArea-output").filter(has=box)
        rows = concordance.locator("table.dataTable tbody tr")
        expect(rows).to_have_count(expected_matches)
        expect(rows.first).to_contain_text(QUERY)
        rows.first.click()  # a click on a row shows its paragraph, the match marked
        expect(concordance.locator("mark").first).to_have_text(QUERY)

        # the evidence browser: pick a pair, its sentences appear with the actors marked
        evidence_area = page.locator(".jp-OutputArea-output").filter(has_text="actor A").first
        for label, actor in zip(("actor A", "actor B"), PAIR, strict=True):
            dropdown = evidence_area.locator(".widget-dropdown", has_text=label)
            dropdown.locator("select").select_option(actor)
        expect(evidence_area).to_contain_text(f"{PAIR[0]} – {PAIR[1]}")
        items = evidence_area.locator("ol li")
        expect(items).to_have_count(expected_sentences)
        expect(items.first.locator("mark").first).to_be_visible()
        box.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "explore.png"), full_page=False)
        browser.close()
    assert (ARTIFACTS / "explore.png").stat().st_size > 10_000
