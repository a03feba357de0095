"""The projector's rotating code: an HMAC of session and time step, the
current and previous step accepted, nothing stored."""

from checkin.selfcodes import CodeState, code_check, code_mac, current_step, projector_code

NOW = 1_800_000_005.0  # 5 s into a 10-second step


def check(session_id=7, *, step, mac=None, rotation=10, now=NOW):
    mac = (
        mac
        if mac is not None
        else code_mac(session_id=session_id, step=step, rotation_seconds=rotation)
    )
    return code_check(session_id=session_id, step=step, mac=mac, rotation_seconds=rotation, now=now)


def test_the_current_and_the_previous_step_are_accepted():
    step = current_step(rotation_seconds=10, now=NOW)
    assert check(step=step) == CodeState.VALID
    assert check(step=step - 1) == CodeState.VALID


def test_a_code_two_steps_old_is_expired():
    step = current_step(rotation_seconds=10, now=NOW)
    assert check(step=step - 2) == CodeState.EXPIRED
    assert check(step=step - 500) == CodeState.EXPIRED


def test_a_code_from_the_future_is_not_accepted():
    step = current_step(rotation_seconds=10, now=NOW)
    assert check(step=step + 1) == CodeState.EXPIRED


def test_a_forged_or_foreign_code_is_refused():
    step = current_step(rotation_seconds=10, now=NOW)
    assert check(step=step, mac="0" * 16) == CodeState.FORGED
    assert check(step=step, mac="abc") == CodeState.FORGED
    other_session = code_mac(session_id=8, step=step, rotation_seconds=10)
    assert check(step=step, mac=other_session) == CodeState.FORGED


def test_the_code_depends_on_the_server_secret(settings):
    step = current_step(rotation_seconds=10, now=NOW)
    mac = code_mac(session_id=7, step=step, rotation_seconds=10)
    settings.SELF_CHECKIN_SECRET = "another secret"
    assert check(step=step, mac=mac) == CodeState.FORGED


def test_the_code_changes_with_the_step_and_says_when():
    first = projector_code(session_id=7, rotation_seconds=10, now=NOW)
    same = projector_code(session_id=7, rotation_seconds=10, now=NOW + 4)
    next_one = projector_code(session_id=7, rotation_seconds=10, now=NOW + 5)
    assert first.path == same.path != next_one.path
    assert first.seconds_left == 5.0
    assert next_one.step == first.step + 1
    assert first.path.startswith("/c/7/")
