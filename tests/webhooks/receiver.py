"""A real HTTP endpoint on loopback that records what it is sent and answers as scripted."""

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class Receiver:
    answers: list[int] = field(default_factory=list)  # status codes in turn; then 200
    received: list[Received] = field(default_factory=list)
    url: str = ""

    def answer(self) -> int:
        return self.answers.pop(0) if self.answers else 200


def start_receiver(receiver: Receiver) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            receiver.received.append(Received(self.path, dict(self.headers), body))
            status = receiver.answer()
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_port}/hooks/mini-rotation"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
