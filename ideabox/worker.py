"""The RQ workers that run IdeaBox's background jobs (`flask rq-worker`)."""
from rq import SimpleWorker, Worker

COMMAND_POLL_SECONDS = 1


class ListensBriefly:
    """Wake the worker's command listener every second rather than RQ's minute.

    RQ 3 lets that thread block for 60 s and counts on the reply to its UNSUBSCRIBE to wake it at shutdown.
    When the reply arrives before the thread is told to stop, it blocks again, and redis-py 8.2's stop() waits
    for it: a worker took a minute to stop (seen as 60 s test runs under load)."""

    def subscribe(self):
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        self.pubsub_thread = self.pubsub.run_in_thread(
            sleep_time=COMMAND_POLL_SECONDS, daemon=True, exception_handler=self._pubsub_exception_handler)


class IdeaBoxWorker(ListensBriefly, Worker):
    """RQ's forking worker, which stops within a second (also for `rq worker -w ideabox.worker.IdeaBoxWorker`)."""


class InProcessWorker(ListensBriefly, SimpleWorker):
    """Runs each job in this process, without forking: for tests and debugging."""
