"""A local SMTP server for development: keeps every message as an .eml file under var/mail/.

Real deployments set EMAIL_URL to their provider; this only runs when EMAIL_URL points at localhost.
"""

import sys
import time
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

MAIL_DIR = Path(__file__).resolve().parents[2] / "var" / "mail"


class SaveToDisk:
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        MAIL_DIR.mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns()}.eml"
        (MAIL_DIR / name).write_bytes(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 1025
    controller = Controller(SaveToDisk(), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"mail catcher on 127.0.0.1:{port}, saving to {MAIL_DIR}", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
