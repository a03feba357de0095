"""The door's words for "too early": the time when the check-in opens later
today, the day as well when it opens on another day — on the server
(checkin.api.messages.answer_texts) and, with the same words, on the device
judging offline (judge.js describe)."""

import datetime as dt
import json
import shutil
import subprocess
import zoneinfo
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from checkin.api.messages import answer_texts, answer_words
from checkin.models.checkins import ScanResult
from checkin.services.attempts import CheckInAnswer

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
SCANNER_JS = Path(settings.BASE_DIR) / "static" / "js" / "scanner"
NODE_SCRIPT = """
import { pathToFileURL } from "node:url";
const [input, scannerDir] = process.argv.slice(1);
const { describe } = await import(pathToFileURL(`${scannerDir}/judge.js`));
const { answer, words, time } = JSON.parse(input);
process.stdout.write(JSON.stringify(describe(answer, { words, ...time })));
"""


def too_early(*, scanned_at: dt.datetime, opens_at: dt.datetime) -> CheckInAnswer:
    return CheckInAnswer(
        result=ScanResult.OUTSIDE_WINDOW,
        reason="too_early",
        session_id=1,
        scanned_at=scanned_at,
        window_opens_at=opens_at,
        window_closes_at=opens_at + dt.timedelta(hours=2),
    )


SCAN = dt.datetime(2019, 7, 7, 16, 0, tzinfo=WIB)  # Minggu, 7 Juli 2019, 16.00 WIB


def test_too_early_today_says_the_time():
    answer = too_early(scanned_at=SCAN, opens_at=SCAN.replace(hour=17, minute=30))
    with translation.override("id"):
        assert answer_texts(answer, tz=WIB) == (
            "Registrasi ulang belum dibuka",
            "Registrasi ulang dibuka pukul 17.30 WIB.",
        )


def test_too_early_on_another_day_says_the_day_and_the_time():
    answer = too_early(scanned_at=SCAN, opens_at=dt.datetime(2019, 7, 8, 7, 30, tzinfo=WIB))
    with translation.override("id"):
        _headline, detail = answer_texts(answer, tz=WIB)
    assert detail == "Registrasi ulang dibuka Senin, 8 Juli 2019 pukul 07.30 WIB."
    with translation.override("en"):
        _headline, detail = answer_texts(answer, tz=WIB)
    assert detail == "Check-in opens on Monday, 8 July 2019 at 07:30 WIB."


def test_the_day_is_the_venues_not_utcs():
    # 00.30 WIB on Monday is still Sunday in UTC: the venue's calendar counts.
    opens = dt.datetime(2019, 7, 8, 0, 30, tzinfo=WIB)
    answer = too_early(scanned_at=SCAN, opens_at=opens)
    with translation.override("id"):
        assert "Senin, 8 Juli 2019 pukul 00.30 WIB" in answer_texts(answer, tz=WIB)[1]


@pytest.mark.parametrize(
    "opens_at",
    [SCAN.replace(hour=17, minute=30), dt.datetime(2019, 7, 8, 0, 30, tzinfo=WIB)],
    ids=["today", "tomorrow"],
)
def test_offline_judge_says_the_same(opens_at):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run the scanner's judge.js")
    answer = too_early(scanned_at=SCAN, opens_at=opens_at)
    with translation.override("id"):
        server = answer_texts(answer, tz=WIB)
        words = answer_words()
    data = {
        "answer": {
            "result": "outside_window",
            "reason": "too_early",
            "scanned_at": SCAN.isoformat(),
            "window_opens_at": opens_at.isoformat(),
            "window_closes_at": (opens_at + dt.timedelta(hours=2)).isoformat(),
        },
        "words": words,
        "time": {"timezone": "Asia/Jakarta", "zone": "WIB", "separator": "."},
    }
    output = subprocess.run(
        [node, "--input-type=module", "-e", NODE_SCRIPT, json.dumps(data), str(SCANNER_JS)],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    device = json.loads(output)
    assert (device["message"], device["detail"]) == server
