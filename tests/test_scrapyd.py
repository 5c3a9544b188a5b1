"""govnews deployed to a real Scrapyd process (as `scrapyd-deploy` does) and run there against the demo portal."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from govnews.demo.server import DemoPortal
from govnews.demo.world import DemoWorld
from govnews.runs import clock

pytestmark = pytest.mark.e2e  # crawls, servers or browsers in other processes

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base: str, endpoint: str, data: bytes | None = None, content_type: str | None = None) -> dict:
    request = urllib.request.Request(f"{base}/{endpoint}", data=data, headers={"Content-Type": content_type} if content_type else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content) in files.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        parts.append(head.encode() + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory):
    home = tmp_path_factory.mktemp("scrapyd")
    port = free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        f"eggs_dir = {home}/eggs\nlogs_dir = {home}/logs\ndbs_dir = {home}/dbs\nitems_dir =\n"
        f"bind_address = 127.0.0.1\nhttp_port = {port}\nmax_proc = 1\npoll_interval = 0.2\n", "utf-8")
    server = subprocess.Popen([shutil.which("scrapyd") or "scrapyd"], cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if call(base, "daemonstatus.json")["status"] == "ok":
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("scrapyd did not start")
        yield {"base": base, "home": home}
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_deploy_and_run_under_scrapyd(scrapyd, tmp_path):
    egg = tmp_path / "govnews.egg"
    subprocess.run(["scrapyd-deploy", "--build-egg", str(egg)], cwd=ROOT, check=True, capture_output=True, timeout=300)
    body, content_type = multipart({"project": "govnews", "version": "1"}, {"egg": ("govnews.egg", egg.read_bytes())})
    added = call(scrapyd["base"], "addversion.json", body, content_type)
    assert added["status"] == "ok" and added["spiders"] == 1

    out = tmp_path / "out"
    with DemoPortal(DemoWorld(clock.china_today(), 2)) as portal:
        form = urllib.parse.urlencode([
            ("project", "govnews"), ("spider", "govnews"), ("site", "demo-trs-xingfu"),
            ("setting", f"GOVNEWS_OUT={out}"), ("setting", f"GOVNEWS_DEMO_URL={portal.base_url}"),
            ("setting", "GOVNEWS_NO_DELAY=True"),
        ]).encode()
        job = call(scrapyd["base"], "schedule.json", form, "application/x-www-form-urlencoded")["jobid"]
        for _ in range(600):
            jobs = call(scrapyd["base"], "listjobs.json?project=govnews")
            if any(j["id"] == job for j in jobs["finished"]):
                break
            time.sleep(0.2)
        else:
            pytest.fail("the Scrapyd job did not finish")
        expected = portal.world.expected_urls("demo-trs-xingfu", portal.base_url)
    runs = list((out / "runs").iterdir())
    assert len(runs) == 1
    manifest = json.loads((runs[0] / "manifest.json").read_text("utf-8"))
    records = [json.loads(line) for line in (runs[0] / "articles.jsonl").read_text("utf-8").splitlines()]
    assert manifest["finish_reason"] == "finished"
    assert {r["url"] for r in records} <= expected and len(records) == len(expected) - 1  # one article under two URLs
    log = next((scrapyd["home"] / "logs" / "govnews" / "govnews").glob(f"{job}.log")).read_text("utf-8")
    assert "Traceback" not in log and "Spider closed (finished)" in log
