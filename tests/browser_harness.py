"""Real-browser test harness: JupyterLab, Notebook 7 and Voila servers driven by Playwright.

Typical use (see tests/browser/test_harness.py)::

    with jupyterlab_server(notebook_path) as lab:
        page = open_lab_notebook(browser, lab)
        run_all(page)
        set_slider(page, "x", 1.5)
        assert "x = 1.5" in html_text(page)

    with notebook7_server(notebook_path) as server:  # same LabServer, same page helpers
        page = open_notebook7(browser, server)
        run_all(page)

    with voila_server(notebook_path) as url:
        page = open_voila(browser, url)
        ...

Every page opened here carries a small script that watches the kernel websocket: it counts
the shell requests the page sends and the kernel's ``status`` replies, so ``wait_idle`` knows
when every request the page made has been fully handled (busy, then back to idle).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page, Playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NO_CHROMIUM = "chromium is not installed; `make test` installs it with apt"
REPO_ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO_ROOT / "test-artifacts"
VENV_BIN = Path(sys.executable).parent
SERVER_START_TIMEOUT = 60.0
KERNEL_TIMEOUT_MS = 30_000

# Watches kernel websockets (both the JSON protocol and JupyterLab's binary
# v1.kernel.websocket.jupyter.org protocol) and keeps window.__glKernel up to date.
KERNEL_TRACER_JS = r"""
(() => {
  const k = window.__glKernel = {state: 'unknown', sent: 0, pending: new Set(), changedAt: 0};
  const text = (buf, a, b) => new TextDecoder('utf8').decode(buf.slice(a, b));
  const decodeV1 = (buf) => {
    const view = new DataView(buf);
    const n = Number(view.getBigUint64(0, true));
    const o = [];
    for (let i = 0; i < n; i++) o.push(Number(view.getBigUint64(8 * (i + 1), true)));
    return {channel: text(buf, o[0], o[1]), header: JSON.parse(text(buf, o[1], o[2])),
            parent_header: JSON.parse(text(buf, o[2], o[3])),
            content: JSON.parse(text(buf, o[4], o[5]))};
  };
  const decodeLegacy = (buf) => {
    const view = new DataView(buf);
    return JSON.parse(text(buf, view.getUint32(4), view.getUint32(8) || buf.byteLength));
  };
  const decode = (data, protocol) => {
    if (typeof data === 'string') return JSON.parse(data);
    const buf = ArrayBuffer.isView(data)
      ? data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) : data;
    if (!(buf instanceof ArrayBuffer)) return null;
    return protocol.startsWith('v1.') ? decodeV1(buf) : decodeLegacy(buf);
  };
  const onSend = (msg) => {
    if (msg.channel !== 'shell') return;
    k.sent += 1;
    k.pending.add(msg.header.msg_id);
  };
  const onReceive = (msg) => {
    if (msg.channel !== 'iopub' || msg.header.msg_type !== 'status') return;
    k.state = msg.content.execution_state;
    k.changedAt = performance.now();
    if (k.state === 'idle' && msg.parent_header) k.pending.delete(msg.parent_header.msg_id);
  };
  const safely = (fn, data, protocol) => {
    try { const msg = decode(data, protocol); if (msg) fn(msg); } catch (e) { /* not ours */ }
  };
  const Native = window.WebSocket;
  class TracedWebSocket extends Native {
    constructor(...args) {
      super(...args);
      if (!String(args[0]).includes('/channels')) return;
      this.addEventListener('message', (e) => safely(onReceive, e.data, this.protocol));
    }
    send(data) {
      if (this.url.includes('/channels')) safely(onSend, data, this.protocol);
      return super.send(data);
    }
  }
  window.WebSocket = TracedWebSocket;
})();
"""

KERNEL_IDLE_JS = """
(quietMs) => {
  const k = window.__glKernel;
  return !!k && k.sent > 0 && k.state === 'idle' && k.pending.size === 0
    && performance.now() - k.changedAt >= quietMs;
}
"""


@dataclass(frozen=True)
class LabServer:
    """A running JupyterLab or Notebook 7 server.

    ``url`` is its base URL, ``root`` the folder it serves.
    """

    url: str
    token: str
    root: Path
    notebook: str
    app: str = "lab/tree"  # the page path before the notebook name ("notebooks" in Notebook 7)

    def notebook_url(self, name: str | None = None) -> str:
        return f"{self.url}/{self.app}/{name or self.notebook}?token={self.token}"

    def stage(self, notebook: Path | str) -> str:
        """Copy another notebook into the served folder (lets tests share one server)."""
        return stage_notebook(Path(notebook), self.root)


# --- skip logic and browser ---------------------------------------------------------------


def on_ci() -> bool:
    """True under continuous integration (``CI=true``), where a missing browser is a failure."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require_chromium() -> None:
    """Skip the calling test (with a printed reason) when the browser stack is missing; under
    ``CI=true`` fail instead, so a broken CI image cannot pass by skipping every browser test."""
    missing = None if CHROMIUM.exists() else NO_CHROMIUM
    if missing is None:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "playwright is not installed; `make test` installs it"
    if missing is None:
        return
    if on_ci():
        pytest.fail(f"CI=true and {missing}", pytrace=False)
    print(f"SKIP: {missing}", file=sys.stderr)
    pytest.skip(missing)


def launch_chromium(playwright: Playwright, headless: bool = True) -> Browser:
    """Debian's Chromium through Playwright (Playwright cannot download its own here)."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=headless
    )


def new_page(browser: Browser, width: int = 1280, height: int = 900) -> Page:
    """A fresh page (own context) that traces the kernel websocket for ``wait_idle``."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(KERNEL_TRACER_JS)
    page = context.new_page()
    page.set_default_timeout(KERNEL_TIMEOUT_MS)
    return page


# --- servers ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def jupyter_env(home: Path) -> dict[str, str]:
    """Environment with all Jupyter/IPython config, data and runtime dirs under ``home``."""
    env = dict(os.environ)
    for var, sub in [
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("IPYTHONDIR", "ipython"),
    ]:
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    return env


def disable_news(settings_dir: Path) -> None:
    """Stop JupyterLab's "fetch news?" notification from covering the page."""
    target = settings_dir / "@jupyterlab" / "apputils-extension"
    target.mkdir(parents=True, exist_ok=True)
    (target / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))


def stage_notebook(notebook: Path, root: Path) -> str:
    """Copy ``notebook`` into ``root``; give it a python3 kernelspec if it has none."""
    data = json.loads(notebook.read_text())
    data.setdefault("metadata", {}).setdefault(
        "kernelspec",
        {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
    )
    (root / notebook.name).write_text(json.dumps(data, indent=1))
    return notebook.name


def wait_until_up(
    url: str, proc: subprocess.Popen, log: Path, timeout: float, any_status: bool = False
) -> None:
    """Poll ``url`` until it answers 200 (or anything, with ``any_status``).

    Fails with the server log if the server dies or does not answer within ``timeout``.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except urllib.error.HTTPError:
            if any_status:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"server not up after {timeout:.0f} s:\n{log.read_text()}")


def stop_process(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """Stop the server we started (SIGTERM, then SIGKILL), then any kernels it left behind.

    The server runs in its own session, so its process group holds only it and its kernels.
    """
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=grace)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


@contextmanager
def _server(
    cmd: list[str], home: Path, ready_url: str, any_status: bool = False
) -> Iterator[subprocess.Popen]:
    log = home / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=home / "root",
            env=jupyter_env(home),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_up(ready_url, proc, log, SERVER_START_TIMEOUT, any_status)
        yield proc
    finally:
        stop_process(proc)


@contextmanager
def _staged(notebook: Path) -> Iterator[tuple[Path, str]]:
    home = Path(tempfile.mkdtemp(prefix="gradlab-browser-"))
    try:
        (home / "root").mkdir()
        yield home, stage_notebook(Path(notebook), home / "root")
    finally:
        shutil.rmtree(home, ignore_errors=True)


@contextmanager
def jupyterlab_server(notebook: Path | str) -> Iterator[LabServer]:
    """Run JupyterLab on a free port, serving a temp folder holding a copy of ``notebook``."""
    with _jupyter_app(notebook, "lab", "LabApp", "lab/tree",
                      "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate") as lab:
        yield lab


@contextmanager
def notebook7_server(notebook: Path | str) -> Iterator[LabServer]:
    """Run Notebook 7 (the ``notebook`` package) on a free port, serving a copy of ``notebook``."""
    with _jupyter_app(notebook, "notebook", "JupyterNotebookApp", "notebooks") as server:
        yield server


@contextmanager
def _jupyter_app(notebook: Path | str, command: str, app_class: str, app: str,
                 *extra: str) -> Iterator[LabServer]:
    """``jupyter <command>`` with a token, temp settings (no news pop-up) and the app exposed."""
    with _staged(Path(notebook)) as (home, name):
        port, token = free_port(), secrets.token_hex(16)
        settings = home / f"{command}-settings"
        disable_news(settings)
        cmd = [
            str(VENV_BIN / "jupyter"), command, "--no-browser", "--ip=127.0.0.1",
            f"--port={port}", "--allow-root", f"--IdentityProvider.token={token}",
            "--expose-app-in-browser", f"--{app_class}.user_settings_dir={settings}",
            f"--ServerApp.root_dir={home / 'root'}", *extra,
        ]  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        with _server(cmd, home, f"{url}/api/status?token={token}"):
            yield LabServer(url=url, token=token, root=home / "root", notebook=name, app=app)


@contextmanager
def voila_server(notebook: Path | str) -> Iterator[str]:
    """Run Voila on a copy of ``notebook``; yields the URL of the rendered notebook."""
    with _staged(Path(notebook)) as (home, name):
        port = free_port()
        cmd = [
            str(VENV_BIN / "voila"), name, "--no-browser", f"--port={port}",
            "--Voila.ip=127.0.0.1",
        ]  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        # Any answer from a non-page path means up; GET / would execute the notebook.
        with _server(cmd, home, f"{url}/voila/static/", any_status=True):
            yield f"{url}/"


# --- pages --------------------------------------------------------------------------------


def wait_idle(page: Page, timeout_ms: int = KERNEL_TIMEOUT_MS, quiet_ms: int = 100) -> None:
    """Wait until every shell request this page sent has run (kernel busy, then idle)."""
    page.wait_for_function(KERNEL_IDLE_JS, arg=quiet_ms, timeout=timeout_ms, polling=50)


def kernel_requests_sent(page: Page) -> int:
    return page.evaluate("() => window.__glKernel ? window.__glKernel.sent : 0")


def wait_sent_after(page: Page, before: int, timeout_ms: int = 2_000) -> bool:
    """Wait until the page has sent a kernel request beyond the first ``before``.

    Returns False after ``timeout_ms`` (e.g. the value typed was the value already set).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            "(n) => window.__glKernel.sent > n", arg=before, timeout=timeout_ms, polling=50
        )
    except PlaywrightTimeout:
        return False
    return True


def wait_lab_kernel_idle(page: Page, timeout_ms: int = 60_000) -> None:
    """Wait until JupyterLab's status bar reads the kernel as ``Idle``.

    The toolbar's execution indicator says idle too early; Run All then does nothing.
    """
    status = page.locator("#jp-main-statusbar")
    status.get_by_text(re.compile(r"\|\s*Idle")).first.wait_for(timeout=timeout_ms)


def open_lab_notebook(browser: Browser, lab: LabServer, name: str | None = None) -> Page:
    """Open ``name`` (default: the staged notebook) in JupyterLab; return once its kernel idles."""
    page = new_page(browser)
    page.goto(lab.notebook_url(name))
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell")
    wait_lab_kernel_idle(page)
    return page


NOTEBOOK7_KERNEL_IDLE_JS = """
() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const session = panel && panel.sessionContext;
  return !!session && session.isReady && session.kernelDisplayStatus === 'idle';
}
"""


def open_notebook7(browser: Browser, server: LabServer, name: str | None = None) -> Page:
    """Open ``name`` (default: the staged notebook) in Notebook 7; return once its kernel idles.

    Notebook 7 shows no status text for an idle kernel (its toolbar status blanks out for
    busy and idle alike), so this asks the notebook panel's session for the same
    ``kernelDisplayStatus`` that JupyterLab's status bar prints.
    """
    page = new_page(browser)
    page.goto(server.notebook_url(name))
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell")
    page.wait_for_function(NOTEBOOK7_KERNEL_IDLE_JS, timeout=60_000, polling=100)
    return page


def run_all(page: Page, timeout_ms: int = 60_000) -> None:
    """Run every cell of the open notebook (JupyterLab or Notebook 7); wait for the kernel."""
    before = kernel_requests_sent(page)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    if not wait_sent_after(page, before, timeout_ms):
        raise AssertionError("Run All sent nothing to the kernel")
    wait_idle(page, timeout_ms)


def open_voila(browser: Browser, url: str, ready: str = ".jupyter-widgets") -> Page:
    """Open a Voila page (Voila runs all cells itself); return once ``ready`` renders."""
    page = new_page(browser)
    page.goto(url, timeout=60_000)
    page.locator(ready).first.wait_for(timeout=60_000)
    wait_idle(page)
    return page


# --- ipywidgets 8 helpers -----------------------------------------------------------------


def find_slider(page: Page, description: str) -> Locator:
    """The ``.widget-slider`` whose description label is exactly ``description``."""
    label = page.locator(".widget-label").filter(
        has_text=re.compile(rf"^\s*{re.escape(description)}\s*$")
    )
    return page.locator(".widget-slider").filter(has=label).first


def set_slider(page: Page, description: str, value: float | str) -> None:
    """Type ``value`` into the slider's readout (click, Ctrl+A, type, Enter); wait for kernel."""
    _type_into(page, find_slider(page, description).locator(".widget-readout"), value)


def type_variable(page: Page, description: str, value: float | str) -> None:
    """Type ``value`` into the explorer's value box beside the slider ``description``."""
    label = page.locator(".widget-label").filter(
        has_text=re.compile(rf"^\s*{re.escape(description)}\s*$")
    )
    row = page.locator(".gradlab-variable").filter(has=label).first
    _type_into(page, row.locator(".gradlab-value input"), value)


def _type_into(page: Page, readout: Locator, value: float | str) -> None:
    before = kernel_requests_sent(page)
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(value))
    page.keyboard.press("Enter")
    wait_sent_after(page, before)
    wait_idle(page)


def slider_value(page: Page, description: str) -> float:
    """The slider's value as its handle reports it (``aria-valuenow``)."""
    handle = find_slider(page, description).locator(".noUi-handle").first
    return float(handle.get_attribute("aria-valuenow") or "nan")


def html_output(page: Page, index: int = 0) -> Locator:
    """The content of the ``index``-th ``ipywidgets.HTML`` on the page."""
    return page.locator(".widget-html .widget-html-content").nth(index)


def html_text(page: Page, index: int = 0) -> str:
    return html_output(page, index).inner_text()


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG as ``test-artifacts/<name>.png`` (git-ignored) and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
