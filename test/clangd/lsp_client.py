# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""A minimal Language Server Protocol client over a child process's stdio.

Enough of LSP to drive a language server from a test: requests with ids,
notifications, and a reader thread that files server messages by kind so a
test can wait for a response or for a notification that satisfies a predicate.
Python standard library only.
"""

import json
import queue
import subprocess
import threading
import time


class LspError(Exception):
    """The server answered with an error, died, or did not answer in time."""


class LspClient:
    def __init__(self, argv, env=None, stderr=None, timeout=120.0):
        self.timeout = timeout
        self._proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=stderr,
                                      env=env)
        self._next_id = 0
        self._responses = {}
        self._notifications = []
        self._cond = threading.Condition()
        self._closed = False
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()

    # Transport -------------------------------------------------------------

    def _send(self, message):
        message["jsonrpc"] = "2.0"
        body = json.dumps(message).encode("utf-8")
        header = b"Content-Length: %d\r\n\r\n" % len(body)
        self._proc.stdin.write(header + body)
        self._proc.stdin.flush()

    def _read_message(self):
        length = None
        while True:
            line = self._proc.stdout.readline()
            if not line:
                return None
            line = line.strip()
            if not line:
                break
            name, _, value = line.decode("ascii").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        if length is None:
            raise LspError("server message without Content-Length")
        return json.loads(self._proc.stdout.read(length).decode("utf-8"))

    def _read_loop(self):
        try:
            while True:
                message = self._read_message()
                if message is None:
                    break
                with self._cond:
                    if "id" in message and "method" in message:
                        # A request from the server (e.g. workDoneProgress/create):
                        # answer it so the server does not wait on us.
                        self._send({"id": message["id"], "result": None})
                    elif "id" in message:
                        self._responses[message["id"]] = message
                    else:
                        self._notifications.append(message)
                    self._cond.notify_all()
        finally:
            with self._cond:
                self._closed = True
                self._cond.notify_all()

    def _wait(self, ready, what):
        deadline = time.monotonic() + self.timeout
        with self._cond:
            while True:
                result = ready()
                if result is not None:
                    return result
                if self._closed:
                    raise LspError("server exited while waiting for %s (exit code %s)"
                                   % (what, self._proc.poll()))
                left = deadline - time.monotonic()
                if left <= 0:
                    raise LspError("no %s within %.0f s" % (what, self.timeout))
                self._cond.wait(left)

    # Messages --------------------------------------------------------------

    def request(self, method, params):
        """Sends a request and returns its result; raises on an error reply."""
        with self._cond:
            self._next_id += 1
            ident = self._next_id
            self._send({"id": ident, "method": method, "params": params})
        reply = self._wait(lambda: self._responses.pop(ident, None),
                           "reply to %s" % method)
        if "error" in reply:
            raise LspError("%s failed: %s" % (method, reply["error"]))
        return reply.get("result")

    def notify(self, method, params):
        with self._cond:
            self._send({"method": method, "params": params})

    def wait_notification(self, method, predicate=lambda params: True):
        """Waits for (and consumes) the first `method` notification whose
        params satisfy `predicate`; earlier non-matching ones are dropped."""
        def ready():
            while self._notifications:
                message = self._notifications.pop(0)
                if message.get("method") == method and predicate(message.get("params")):
                    return message["params"]
            return None
        return self._wait(ready, "%s notification" % method)

    def next_notification(self, method, predicate, timeout):
        """Like wait_notification, but waits at most `timeout` seconds and
        returns None if no such notification came."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for message in self._notifications:
                    if message.get("method") == method and predicate(message.get("params")):
                        self._notifications.remove(message)
                        return message["params"]
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    return None
                self._cond.wait(left)

    def shutdown(self):
        """Ends the session politely; returns the server's exit code."""
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self._proc.stdin.close()
            return self._proc.wait(timeout=self.timeout)
        except (LspError, OSError, subprocess.TimeoutExpired):
            self.kill()
            raise

    def kill(self):
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()


def utf16_position(text, byte_offset):
    """LSP position {line, character} of a byte offset into UTF-8 text."""
    data = text.encode("utf-8")
    before = data[:byte_offset].decode("utf-8")
    line = before.count("\n")
    column = before[before.rfind("\n") + 1:]
    return {"line": line, "character": len(column.encode("utf-16-le")) // 2}


def byte_offset(text, position):
    """Byte offset of an LSP position into UTF-8 text."""
    lines = text.split("\n")
    prefix = "\n".join(lines[:position["line"]])
    if position["line"] > 0:
        prefix += "\n"
    line = lines[position["line"]].encode("utf-16-le")
    column = line[:2 * position["character"]].decode("utf-16-le")
    return len(prefix.encode("utf-8")) + len(column.encode("utf-8"))
