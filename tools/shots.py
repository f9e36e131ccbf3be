# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Screenshots of a running Odoo in headless Chromium, driven over the
DevTools protocol (websocket-client, no other browser driver).

    python3 tools/shots.py --url http://localhost:8069 --login admin \
        --password admin --out docs/screenshots/ NAME=/odoo/action-... ...
"""

import argparse
import base64
import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import websocket

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def _free_port():
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """One headless Chromium tab, driven through the DevTools protocol."""

    def __init__(self, width, height):
        self.port = _free_port()
        self.profile = tempfile.mkdtemp(prefix="oc-chromium-")
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        if not binary:
            raise SystemExit("chromium is not installed (apt-get install chromium)")
        self.proc = subprocess.Popen(
            [
                binary,
                *CHROMIUM_FLAGS,
                f"--remote-debugging-port={self.port}",
                f"--user-data-dir={self.profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.ws = websocket.create_connection(self._page_ws(), timeout=60)
        self.seq = 0
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def _page_ws(self):
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/json", timeout=2
                ) as resp:
                    for target in json.load(resp):
                        if target.get("type") == "page":
                            return target["webSocketDebuggerUrl"]
            except OSError:
                time.sleep(0.3)
        raise SystemExit("chromium did not start")

    def call(self, method, **params):
        self.seq += 1
        self.ws.send(json.dumps({"id": self.seq, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.seq:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def evaluate(self, expression):
        result = self.call(
            "Runtime.evaluate",
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        return result.get("result", {}).get("value")

    def goto(self, url, wait_for=None, settle=1.5, timeout=40):
        self.call("Page.navigate", url=url)
        deadline = time.time() + timeout
        time.sleep(0.5)
        while time.time() < deadline:
            ready = self.evaluate("document.readyState") == "complete"
            found = not wait_for or self.evaluate(
                f"!!document.querySelector({json.dumps(wait_for)})"
            )
            if ready and found:
                break
            time.sleep(0.3)
        time.sleep(settle)

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as handle:
            handle.write(base64.b64decode(data))

    def close(self):
        with contextlib.suppress(Exception):
            self.ws.close()
        self.proc.terminate()
        with contextlib.suppress(Exception):
            self.proc.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


def login(browser, base, user, password, db=None):
    url = f"{base}/web/login" + (f"?db={db}" if db else "")
    browser.goto(url, wait_for="form.oe_login_form", settle=0.5)
    browser.evaluate(
        "(() => {"
        f"document.querySelector('input[name=login]').value = {json.dumps(user)};"
        "document.querySelector('input[name=password]').value = "
        f"{json.dumps(password)};"
        "document.querySelector('form.oe_login_form').submit();"
        "})()"
    )
    time.sleep(3)


def set_language(browser, base, lang):
    """Write the logged-in user's language (the user may change their own)."""
    browser.evaluate(
        "(async () => {"
        "const rpc = async (url, params) => (await (await fetch(url, {"
        "method: 'POST', headers: {'Content-Type': 'application/json'},"
        "body: JSON.stringify({jsonrpc: '2.0', method: 'call', params})})).json());"
        "const info = await rpc('/web/session/get_session_info', {});"
        "await rpc('/web/dataset/call_kw/res.users/write', {model: 'res.users',"
        f"method: 'write', args: [[info.result.uid], {{lang: {json.dumps(lang)}}}],"
        "kwargs: {}});"
        "})()"
    )
    browser.goto(base + "/odoo", settle=1.0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--out", default=".")
    parser.add_argument("--size", default="1366x768")
    parser.add_argument(
        "--lang", help="switch the logged-in user to this language first (zh_CN)"
    )
    parser.add_argument("--wait-for", default=".o_action_manager .o_view_controller")
    parser.add_argument(
        "shots",
        nargs="+",
        help="NAME=PATH[@@CSS] (PATH after the base URL; CSS: an element to click, "
        "or scroll:CSS / scrolltext:TEXT to scroll it into view)",
    )
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    os.makedirs(args.out, exist_ok=True)
    browser = Browser(width, height)
    try:
        if args.login != "-":
            login(browser, args.url, args.login, args.password, args.db)
            if args.lang:
                set_language(browser, args.url, args.lang)
        for shot in args.shots:
            name, _, path = shot.partition("=")
            path, _, click = path.partition("@@")
            browser.goto(
                args.url + path,
                wait_for=args.wait_for if path.startswith("/odoo") else None,
            )
            if click:
                browser.evaluate(f"document.querySelector({json.dumps(click)}).click()")
                time.sleep(1.5)
            target = os.path.join(args.out, f"{name}.png")
            browser.screenshot(target)
            print(target)  # noqa: T201
    finally:
        browser.close()


if __name__ == "__main__":
    main()
