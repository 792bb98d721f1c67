"""A real SMTP server for tests (aiosmtpd on 127.0.0.1, a free port) and outbox helpers."""
import socket
from email import message_from_bytes
from email.policy import default as default_policy

from aiosmtpd.controller import Controller
from sqlalchemy import select

from ideabox.extensions import db
from ideabox.models import Notification, OutboxEmail


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpSink:
    """An aiosmtpd handler keeping every message it accepts; `refuse` makes it reject mail."""

    def __init__(self):
        self.messages = []
        self.raw = []  # each message's bytes as the server received them
        self.refuse = False

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "554 Transaction failed: mailbox unavailable"
        self.raw.append(envelope.content)
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted for delivery"


class LocalSmtpServer:
    """A real SMTP server that can be stopped and started again on the same port."""

    def __init__(self):
        self.port = free_port()
        self.sink = SmtpSink()
        self.controller = None

    @property
    def messages(self):
        return self.sink.messages

    def start(self):
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def to(self, address):
        return [m for m in self.messages if m["To"] == address]


def notifications_for(user, kind=None):
    query = select(Notification).where(Notification.user_id == user.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return db.session.scalars(query).all()


def outbox_for(user):
    return db.session.scalars(select(OutboxEmail).where(OutboxEmail.to_address == user.email)).all()
