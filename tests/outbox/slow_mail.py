"""An e-mail backend for the worker-killed test: Django's file backend, slow
enough (0.2 s a message) for the test to kill the worker mid-batch."""

import time

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class EmailBackend(FileBackend):
    def write_message(self, message):
        time.sleep(0.2)
        super().write_message(message)
        self.stream.flush()
