"""Benchmark 5: start-up — import plus KB load, and the time until `legweak check` prompts.

Each figure is a fresh process, repeated; medians with spread.

- interpreter: `python -c pass`, the floor every command pays.
- import + KB load: `python -c "import legweak.cli; from legweak.kb.loader import load_kb; load_kb()"`.
- first prompt: `legweak check` under a pseudo-terminal, from spawn until "Age in years:" appears.
- first question: in the same session, from sending the last opening answer (empty free
  text, so no parsing; and again with a sentence, so the parser is loaded) until the
  first interview question is on screen: KB load, model compile and the first step.
- serve: when `legweak serve` exists, from spawn until `/readyz` answers 200.
"""

from __future__ import annotations

import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import ROOT, skipped

IMPORT_AND_LOAD = "import legweak.cli; from legweak.kb.loader import load_kb; load_kb()"
FIRST_PROMPT = "Age in years:"
SEX_PROMPT = "Sex (female / male):"
TEXT_PROMPT = "In your own words"
#: Any first interview question: a choice or a yes/no item.
QUESTION = re.compile(r"Choose a number|\[yes / no")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
SENTENCE = "my legs have been getting weak for a few weeks"
TIMEOUT_S = 60.0


def legweak_exe() -> Path:
    return Path(sys.executable).with_name("legweak")


def _summary(times: list[float]) -> dict[str, Any]:
    return {
        "median": float(np.median(times)),
        "min": float(min(times)),
        "max": float(max(times)),
        "runs": len(times),
    }


def _wall(argv: list[str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(tail[0])
    return elapsed


class PtySession:
    """A command on a pseudo-terminal: wait for text on screen, type answers."""

    def __init__(self, argv: list[str]) -> None:
        master, slave = os.openpty()
        env = {**os.environ, "COLUMNS": "100", "LINES": "40", "TERM": "xterm"}
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, env=env, start_new_session=True
        )
        os.close(slave)
        self.master = master
        self.screen = ""
        self.pos = 0

    def wait_for(self, pattern: str | re.Pattern[str], timeout: float = TIMEOUT_S) -> float:
        """Seconds since spawn when the pattern appeared (after what was already matched)."""
        deadline = time.perf_counter() + timeout
        regex = pattern if isinstance(pattern, re.Pattern) else re.compile(re.escape(pattern))
        while True:
            match = regex.search(self.screen, self.pos)
            if match:
                self.pos = match.end()
                return time.perf_counter() - self.t0
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"{regex.pattern!r} did not appear; last output: {self.screen[-300:]!r}")
            ready, _, _ = select.select([self.master], [], [], min(left, 0.5))
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the child closed the terminal
                    chunk = b""
                if not chunk:
                    if self.proc.poll() is not None:
                        lines = [line for line in self.screen.splitlines() if line.strip()]
                        raise RuntimeError(
                            f"the command ended: {lines[-1].strip() if lines else 'no output'}"
                        )
                    continue
                self.screen += ANSI.sub("", chunk.decode("utf-8", "replace"))

    def send(self, line: str) -> float:
        os.write(self.master, (line + "\n").encode())
        return time.perf_counter() - self.t0

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        os.close(self.master)


def check_session(text: str) -> tuple[float, float]:
    """(seconds to the first prompt, seconds from the opening answers to the first question)."""
    session = PtySession([str(legweak_exe()), "check"])
    try:
        first = session.wait_for(FIRST_PROMPT)
        session.send("55")
        session.wait_for(SEX_PROMPT)
        session.send("female")
        session.wait_for(TEXT_PROMPT)
        sent = session.send(text)
        question = session.wait_for(QUESTION)
        return first, question - sent
    finally:
        session.close()


def first_prompt_only() -> float:
    session = PtySession([str(legweak_exe()), "check"])
    try:
        return session.wait_for(FIRST_PROMPT)
    finally:
        session.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def serve_ready() -> float:
    port = _free_port()
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [str(legweak_exe()), "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        while time.perf_counter() - t0 < TIMEOUT_S:
            if proc.poll() is not None:
                err = (proc.stderr.read() if proc.stderr else b"").decode(errors="replace").strip()
                raise RuntimeError(f"`legweak serve` exited {proc.returncode}: {err[-200:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as resp:
                    if resp.status == 200:
                        return time.perf_counter() - t0
            except OSError:
                pass
            time.sleep(0.01)
        raise TimeoutError(f"/readyz did not answer within {TIMEOUT_S} s")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def has_serve() -> bool:
    proc = subprocess.run(
        [str(legweak_exe()), "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    return re.search(r"^\s+serve\b", proc.stdout, re.MULTILINE) is not None


def _measure(fn: Any, runs: int) -> dict[str, Any]:
    try:
        fn()  # warm the OS file cache once, untimed
        return _summary([fn() for _ in range(runs)])
    except Exception as exc:
        return skipped(f"{type(exc).__name__}: {exc}")


def run(quick: bool = False) -> dict[str, Any]:
    runs = 2 if quick else 7
    out: dict[str, Any] = {
        "interpreter_s": _measure(lambda: _wall([sys.executable, "-c", "pass"]), runs),
        "import_s": _measure(lambda: _wall([sys.executable, "-c", "import legweak.cli"]), runs),
        "import_and_kb_s": _measure(lambda: _wall([sys.executable, "-c", IMPORT_AND_LOAD]), runs),
    }
    if not legweak_exe().exists():
        out["cli"] = skipped(f"{legweak_exe()} missing (run `make install`)")
        out["cli_s"] = None
        return out
    out["cli"] = _measure(first_prompt_only, runs)
    out["cli_s"] = out["cli"].get("median")
    out["first_question_s"] = _measure(lambda: check_session("")[1], 1 if quick else 5)
    out["first_question_parsed_s"] = _measure(lambda: check_session(SENTENCE)[1], 1 if quick else 5)
    if has_serve():
        out["serve_readyz_s"] = _measure(serve_ready, 1 if quick else 5)
    else:
        out["serve_readyz_s"] = skipped("`legweak serve` does not exist yet")
    return out
