"""Loopback SMTP sink for dev and tests: accepts every message and stores it as an .eml file.

Started by smtp-server.mjs. Prints "READY <port>" on stdout once it listens (port 0 picks a free
one), so the Node side knows when and where to connect. Stops on SIGTERM/SIGINT.
"""
import argparse
import asyncio
import json
import os
import signal
import sys
import time
import uuid

from aiosmtpd.smtp import SMTP


class MaildirHandler:
    def __init__(self, maildir: str) -> None:
        self.maildir = maildir

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd hook name)
        name = f"{time.time_ns()}-{uuid.uuid4().hex}"
        # Write then rename, so a reader never sees half a message.
        tmp = os.path.join(self.maildir, f".{name}.tmp")
        with open(tmp, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        envelope_file = os.path.join(self.maildir, f".{name}.json.tmp")
        with open(envelope_file, "w", encoding="utf-8") as f:
            json.dump({"mailFrom": envelope.mail_from, "rcptTos": list(envelope.rcpt_tos)}, f)
        os.replace(envelope_file, os.path.join(self.maildir, f"{name}.json"))
        os.replace(tmp, os.path.join(self.maildir, f"{name}.eml"))
        return "250 Message accepted for delivery"


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--maildir", required=True)
    args = parser.parse_args()
    os.makedirs(args.maildir, exist_ok=True)

    loop = asyncio.get_running_loop()
    handler = MaildirHandler(args.maildir)
    # data_size_limit: PDFs of long consultations are a few hundred KB; 25 MB is NHSmail's own cap.
    server = await loop.create_server(lambda: SMTP(handler, data_size_limit=25 * 1024 * 1024, hostname="firstsync-smtp-sink"), args.host, args.port)
    port = server.sockets[0].getsockname()[1]
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"READY {port}", flush=True)
    await stop.wait()
    server.close()
    await server.wait_closed()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except OSError as error:
        print(f"smtp sink failed: {error}", file=sys.stderr, flush=True)
        sys.exit(1)
