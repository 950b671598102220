"""Headless Chromium driven over the DevTools protocol, for the browser tests (scripts/dashboard-test,
scripts/explorer-test): the page stays open, so a live page can be watched while the data changes, which
`chromium --dump-dom` (one snapshot, with WebSocket and streamed traffic outside its virtual time) cannot do.

Needs the `websockets` package, installed with pip when missing.
"""
import base64, importlib, json, subprocess, sys, time, urllib.parse, urllib.request


def ensure_websockets():
    """The `websockets` package (the DevTools connection, and the tests' own WebSocket clients), from PyPI if missing."""
    try:
        importlib.import_module("websockets")
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "websockets>=12"], check=True)


class DevToolsError(Exception):
    pass


def chromium_command(chromium, profile, *extra):
    return [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
            "--no-first-run", "--no-default-browser-check", "--disable-background-networking", "--disable-extensions",
            "--disable-sync", "--disable-default-apps", "--mute-audio", "--hide-scrollbars", "--lang=zh-CN", *extra]


class Browser:
    """One Chromium with one page, at `width`×`height` until told otherwise."""

    def __init__(self, chromium, work, timeout=60, width=1440, height=2200):
        ensure_websockets()
        from websockets.sync.client import connect
        profile = work / "chrome-devtools"
        self.stderr = open(work / "chromium.log", "wb")
        self.process = subprocess.Popen(chromium_command(chromium, profile, "--remote-debugging-port=0",
                                                         f"--window-size={width},{height}", "about:blank"),
                                        stdout=subprocess.DEVNULL, stderr=self.stderr, start_new_session=True)
        self.socket = None
        port_file, limit = profile / "DevToolsActivePort", time.monotonic() + timeout
        while not (port_file.exists() and port_file.read_text().strip()):
            if self.process.poll() is not None or time.monotonic() > limit:
                self.close()
                raise DevToolsError(f"chromium did not open its DevTools port:\n"
                                    f"{(work / 'chromium.log').read_text(errors='replace')[-1500:]}")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
            targets = json.loads(response.read())
        page = next((t for t in targets if t.get("type") == "page"), None)
        if not page:
            self.close()
            raise DevToolsError(f"chromium has no page target: {targets}")
        self.socket = connect(page["webSocketDebuggerUrl"], max_size=None, open_timeout=10).__enter__()   # closed in close()
        self.next_id = 0
        self.size(width, height)

    def size(self, width, height, mobile=False):
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=mobile)

    def call(self, method, timeout=30, **params):
        self.next_id += 1
        ident = self.next_id
        self.socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if left <= 0:
                raise DevToolsError(f"chromium did not answer {method} in {timeout} s")
            message = json.loads(self.socket.recv(timeout=left))
            if message.get("id") == ident:
                if "error" in message:
                    raise DevToolsError(f"chromium: {method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if result.get("exceptionDetails"):
            raise DevToolsError(f"chromium: {expression[:80]}: {result['exceptionDetails']}")
        return result.get("result", {}).get("value")

    def leave(self):
        """Leaves the page for about:blank. A page with live connections closes them; the server counts them until it
        has seen the close, so a moment is given."""
        self.call("Page.navigate", url="about:blank")
        time.sleep(0.5)

    def open(self, url, until, timeout=60, before=None):
        """Loads `url` afresh and returns the value of the expression `until` once it is truthy. `before`: a script
        run first on a page of the same origin (/healthz), e.g. to put a key in localStorage."""
        self.leave()
        if before:
            origin = urllib.parse.urlsplit(url)
            self.call("Page.navigate", url=f"{origin.scheme}://{origin.netloc}/healthz")
            self.wait_for("location.pathname === '/healthz' && document.readyState === 'complete'", timeout, "the origin")
            self.evaluate(before)
        self.call("Page.navigate", url=url)
        return self.wait_for(f"location.href === {json.dumps(url)} && document.body && ({until})", timeout, url)

    def wait_for(self, expression, timeout, what):
        limit = time.monotonic() + timeout
        while time.monotonic() < limit:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        raise DevToolsError(f"{what}: not so within {timeout:.0f} s ({self.evaluate('document.body && document.body.dataset.state')!r})")

    def dom(self):
        return self.evaluate("document.documentElement.outerHTML")

    def screenshot(self, path):
        data = base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])
        path.write_bytes(data)
        if not data.startswith(b"\x89PNG") or len(data) < 20000:
            raise DevToolsError(f"no usable screenshot at {path} ({len(data)} bytes)")

    def close(self):
        if self.socket:
            self.socket.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.stderr.close()
