"""A local stand-in for BSrE's e-sign API, started by the remote-signer tests:
it checks the credentials, the NIK and the passphrase as the real one does,
signs with a test PKCS#12, and can be told to fail."""

import json
import threading
from base64 import b64encode
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

USER, PASSWORD = "bimtek", "kunci-aplikasi"
NIK, PASSPHRASE = "3172012345678901", "passphrase-rahasia"


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


class FakeBsre:
    def __init__(self, signer) -> None:
        self.signer = signer
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
                if fields.get("nik", b"").decode() != NIK:
                    return self._error(400, 2011, "NIK tidak terdaftar")
                if fields.get("passphrase", b"").decode() != PASSPHRASE:
                    return self._error(400, 2031, "Passphrase anda salah")
                signed = service.signer.sign(fields["file"], field="BSrE").data
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
