"""A local stand-in for BSrE's e-sign API, started by the remote-signer tests:
it checks the credentials, the NIK and the passphrase as the real one does,
signs with a test PKCS#12, and can be told to fail."""

import io
import json
import threading
from base64 import b64encode
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

USER, PASSWORD = "bimtek", "kunci-aplikasi"
NIK, PASSPHRASE = "3172012345678901", "passphrase-rahasia"
NIK2, PASSPHRASE2 = "3172019876543210", "passphrase-panitia"


def _fields(body: bytes, content_type: str) -> dict[str, bytes]:
    boundary = content_type.split("boundary=", 1)[1].encode()
    fields = {}
    for part in body.split(b"--" + boundary):
        if b"\r\n\r\n" not in part:
            continue
        head, value = part.split(b"\r\n\r\n", 1)
        name = head.split(b'name="', 1)[1].split(b'"', 1)[0].decode()
        fields[name] = value[: -len(b"\r\n")] if value.endswith(b"\r\n") else value
    return fields


def _field_for(pdf: bytes) -> str:
    """ "BSrE", or "BSrE2"… when the file is signed already (the real service
    names each signature's field anew)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    count = len(PdfFileReader(io.BytesIO(pdf)).embedded_signatures)
    return "BSrE" if count == 0 else f"BSrE{count + 1}"


class FakeBsre:
    def __init__(self, signer, second_signer=None) -> None:
        """``signer`` signs for ``NIK``; ``second_signer``, when given, for
        ``NIK2`` (a second official with their own certificate)."""
        self.signer = signer
        self.people = {NIK: (PASSPHRASE, signer)}
        if second_signer is not None:
            self.people[NIK2] = (PASSPHRASE2, second_signer)
        self.failures: list[int] = []  # statuses to answer first, one per request
        self.requests = 0
        self.seen_passphrases: list[bytes] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _answer(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _error(self, status: int, code: int, message: str) -> None:
                body = json.dumps({"error": message, "status_code": code}).encode()
                self._answer(status, body, "application/json")

            def do_POST(self):
                service.requests += 1
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self.path != "/api/sign/pdf":
                    return self._error(404, 404, "not found")
                if service.failures:
                    status = service.failures.pop(0)
                    return self._error(status, status, "unavailable")
                expected = "Basic " + b64encode(f"{USER}:{PASSWORD}".encode()).decode()
                if self.headers.get("Authorization") != expected:
                    return self._error(401, 401, "Unauthorized")
                fields = _fields(body, self.headers["Content-Type"])
                service.seen_passphrases.append(fields.get("passphrase", b""))
                person = service.people.get(fields.get("nik", b"").decode())
                if person is None:
                    return self._error(400, 2011, "NIK tidak terdaftar")
                passphrase, signer = person
                if fields.get("passphrase", b"").decode() != passphrase:
                    return self._error(400, 2031, "Passphrase anda salah")
                signed = signer.sign(fields["file"], field=_field_for(fields["file"])).data
                return self._answer(200, signed, "application/pdf")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
