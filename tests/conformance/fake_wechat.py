"""A stand-in for WeChat's jscode2session during the conformance run (there is no internet).

Every code the fuzzer sends is one WeChat never issued, so every answer is WeChat's own
refusal of an invalid code (errcode 40029): the server must turn it into its documented
401 auth.wechat_code_invalid, which is what the run then checks. Usage: fake_wechat.py PORT
"""

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the standard library's name)
        body = json.dumps({"errcode": 40029, "errmsg": "invalid code"}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
