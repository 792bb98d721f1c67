"""A real HTTP endpoint on a free local port that records what webhooks POST to it."""
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from sqlalchemy import select

from ideabox.extensions import db
from ideabox.models import Webhook, WebhookDelivery
from ideabox.webhooks.events import EVENT_TYPES
from ideabox.webhooks.services import new_secret


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Answer:
    status: int = 200
    body: bytes = b"ok"
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    drip: float = 0.0  # seconds between the body's bytes
    hold: threading.Event | None = None  # answer only once this is set (a stalled endpoint)


class Receiver:
    """Answers each POST with the next of `answers` (the last one repeats), or 500 on a path of `failing_paths`,
    and keeps every request."""

    def __init__(self):
        self.received: list[Received] = []
        self.answers: list[Answer] = [Answer()]
        self.failing_paths: set[str] = set()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                receiver.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                answer = receiver.answers.pop(0) if len(receiver.answers) > 1 else receiver.answers[0]
                if self.path in receiver.failing_paths:
                    answer = Answer(500, b"down")
                time.sleep(answer.delay)
                if answer.hold is not None:
                    answer.hold.wait(60)
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(answer.body)))
                self.end_headers()
                if not answer.drip:
                    self.wfile.write(answer.body)
                    return
                for byte in answer.body:
                    try:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                    except OSError:  # the client stopped reading
                        return
                    time.sleep(answer.drip)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer(self, *answers: Answer) -> None:
        self.answers = list(answers)

    def events(self) -> list[str]:
        return [request.json.get("type") for request in self.received]

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def make_webhook(url: str, events=None, **fields) -> Webhook:
    webhook = Webhook(name=fields.pop("name", "CRM sync"), url=url, events=list(events or EVENT_TYPES),
                      secret=new_secret(), **fields)
    db.session.add(webhook)
    db.session.commit()
    return webhook


def queued_to(webhook: Webhook, event: str) -> list[dict]:
    """The bodies of the webhook's queued deliveries of one event, oldest first, as JSON."""
    bodies = db.session.scalars(select(WebhookDelivery.body).where(WebhookDelivery.webhook_id == webhook.id,
                                                                   WebhookDelivery.event == event)
                                .order_by(WebhookDelivery.id))
    return [json.loads(body) for body in bodies]
