#!/usr/bin/python3
"""Does a whole JUPAS password reset through AT-SPI alone, as a screen reader would.

Run inside a private D-Bus session (dbus-run-session) with DISPLAY set:
    reset.py APP SERVER_URL OUTBOX TRANSCRIPT LOGIN DOB EMAIL NEW_PASSWORD

It turns AT-SPI on, starts APP against SERVER_URL, finds every box by its accessible name,
sets values with EditableText, presses buttons with their Action, reads the four warnings and
the success message, and writes what it read to TRANSCRIPT (one line per fact, in order). The
security code's answer and the verification code come from OUTBOX (the server runs with
--test-reveal-answers). Exit 0 on success; on failure it prints why and the accessible tree.
Environment: APP_LOG (where the app's stderr goes; default /dev/null).
"""
import email
import glob
import json
import os
import signal
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pyatspi

APP, URL, OUTBOX, TRANSCRIPT, LOGIN, DOB, EMAIL, NEW_PASSWORD = sys.argv[1:9]
APP_SUFFIX = " — JUPAS Forgot Password"
MAILBOX_PREFIX = "Practice mailbox"
HERE = os.path.dirname(os.path.abspath(__file__))
FTL = os.path.join(HERE, "..", "..", "..", "i18n", "en", "app.ftl")
transcript = []


class Failed(Exception):
    pass


def say(line):
    transcript.append(line)
    print(line, flush=True)


def strings():
    """The English strings, so that names are checked against the very text the app shows."""
    found = {}
    with open(FTL, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^([a-z0-9-]+) = (.*)$", line.rstrip("\n"))
            if m:
                # `**…**` marks a key phrase the app draws bold; the text read has no marks.
                found[m.group(1)] = m.group(2).replace("**", "")
    return found


TEXT = strings()
WARNINGS = [TEXT[k] for k in ("warning-leave", "warning-stay", "warning-enter", "warning-invalid")]


def wait(what, ready, limit=45.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            found = ready()
        except Exception:  # the tree changes under us while the app updates
            found = None
        if found:
            return found
        time.sleep(0.1)
    raise Failed(f"timed out after {limit:.0f} s waiting for {what}")


def walk(node, depth=0):
    yield node, depth
    for i in range(node.childCount):
        child = node.getChildAtIndex(i)
        if child is not None:
            yield from walk(child, depth + 1)


def app():
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        candidate = desktop.getChildAtIndex(i)
        if candidate is None:
            continue
        for j in range(candidate.childCount):
            frame = candidate.getChildAtIndex(j)
            if frame is not None and (frame.name or "").endswith(APP_SUFFIX):
                return candidate
    return None


def main_frame():
    a = app()
    if a is None:
        return None
    for i in range(a.childCount):
        frame = a.getChildAtIndex(i)
        name = (frame.name or "") if frame is not None else ""
        if name.endswith(APP_SUFFIX) and not name.startswith(MAILBOX_PREFIX):
            return frame
    return None


def frame_named(title):
    frame = main_frame()
    return frame if frame is not None and frame.name == title + APP_SUFFIX else None


def find(role, name):
    frame = main_frame()
    if frame is None:
        return None
    for node, _ in walk(frame):
        if node.getRoleName() == role and node.name == name:
            return node
    return None


def text_of(node):
    try:
        return node.queryText().getText(0, -1)
    except NotImplementedError:
        return ""


def dump():
    a = app()
    if a is None:
        print("no application with a window named '…" + APP_SUFFIX + "' on the bus", flush=True)
        return
    print("--- accessible tree ---", flush=True)
    for node, depth in walk(a):
        try:
            states = node.getState()
            focused = " FOCUSED" if states.contains(pyatspi.STATE_FOCUSED) else ""
            print("  " * depth + f"[{node.getRoleName()}] {node.name!r} desc={node.description!r} "
                  f"text={text_of(node)!r}{focused}", flush=True)
        except Exception as error:  # a node gone while we read
            print("  " * depth + f"(gone: {error})", flush=True)


def set_text(role, name, value, secret=False):
    box = wait(f"the {role} '{name}'", lambda: find(role, name))
    box.queryEditableText().setTextContents(value)
    if not secret:
        # The app answers with a new tree; the box must show what was set.
        wait(f"'{name}' to show {value!r}", lambda: text_of(find(role, name)) == value, 15)
    say(f"{role} '{name}' set" + ("" if secret else f" to {value!r}"))


def press(name):
    button = wait(f"the button '{name}'", lambda: find("push button", name))
    action = button.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    index = names.index("click") if "click" in names else 0
    if not action.doAction(index):
        raise Failed(f"the button '{name}' refused its action {names[index]!r}")
    say(f"pressed '{name}'")


def newest(pattern):
    files = glob.glob(os.path.join(OUTBOX, pattern))
    return max(files, key=os.path.getmtime) if files else None


def verification_code():
    def code():
        # The service names outbox files in queue order: the last name is the newest mail.
        for path in sorted(glob.glob(os.path.join(OUTBOX, "*.eml")), reverse=True):
            with open(path, "rb") as f:
                message = email.message_from_binary_file(f)
            if EMAIL not in (message["To"] or ""):
                continue
            for part in message.walk():
                if part.get_content_type() == "text/plain":
                    body = part.get_payload(decode=True).decode("utf-8")
                    for line in body.splitlines():
                        if line.strip().startswith("Verification Code: "):
                            return line.strip().removeprefix("Verification Code: ").strip()
        return None
    return wait("the verification email", code)


def login_works(password):
    body = json.dumps({"login_name": LOGIN, "password": password}).encode()
    request = urllib.request.Request(
        URL.rstrip("/") + "/v1/practice/login", data=body, headers={"content-type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status == 200
    except urllib.error.HTTPError:
        return False


def forgot_password():
    frame = wait("the Forgot Password window", lambda: frame_named(TEXT["forgot-title"]), 90)
    say(f"window '{frame.name}'")
    heading = wait("the heading", lambda: find("heading", TEXT["forgot-title"]))
    say(f"heading '{heading.name}'")
    wait("the security code", lambda: newest("challenge-*.txt"))
    picture = wait("the security code picture",
                   lambda: next((n for n, _ in walk(main_frame()) if n.getRoleName() == "image"), None))
    answer = open(newest("challenge-*.txt"), encoding="utf-8").read().strip()
    say(f"image '{picture.name}'")
    if answer.lower() in picture.name.lower():
        raise Failed("the picture's accessible name gives its answer away")
    set_text("entry", TEXT["field-login-name"], LOGIN)
    set_text("entry", TEXT["field-date-of-birth"], DOB)
    set_text("entry", TEXT["field-email"], EMAIL)
    set_text("entry", TEXT["field-security-code"], answer)
    press(TEXT["continue"])


def change_password():
    frame = wait("the Change Password window", lambda: frame_named(TEXT["verify-title"]), 60)
    say(f"window '{frame.name}'")
    wait("the four warnings", lambda: all(find("label", w) or find("static", w) for w in WARNINGS))
    for node, _ in walk(main_frame()):
        if node.getRoleName() in ("label", "static") and node.name in WARNINGS:
            say(f"warning '{node.name}'")
    code = verification_code()
    set_text("entry", TEXT["field-verification-code"], code)
    set_text("password text", TEXT["field-new-password"], NEW_PASSWORD, secret=True)
    set_text("password text", TEXT["field-confirm-password"], NEW_PASSWORD, secret=True)
    press(TEXT["submit"])


def success():
    done = wait("the success message", lambda: find("heading", TEXT["success-title"]), 60)
    say(f"window '{main_frame().name}'")
    say(f"heading '{done.name}'")
    if not login_works(NEW_PASSWORD):
        raise Failed("the new password does not log in")
    say("login with the new password: ok")


def main():
    # Its own process group, so that the a11y bus it starts goes with it at the end.
    bus = subprocess.Popen(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"],
                           start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    app_process = None
    failed = None
    try:
        time.sleep(1)
        # Screen readers are on: toolkits (and accesskit_unix) start talking AT-SPI.
        subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.a11y.Bus", "/org/a11y/bus",
                        "org.freedesktop.DBus.Properties.Set", "string:org.a11y.Status",
                        "string:IsEnabled", "variant:boolean:true"], check=True, stdout=subprocess.DEVNULL)
        env = dict(os.environ, ICED_BACKEND="tiny-skia")
        log = open(os.environ.get("APP_LOG", os.devnull), "w")
        app_process = subprocess.Popen([APP, "--server", URL, "--lang", "en"], env=env,
                                       stdout=log, stderr=log)
        forgot_password()
        change_password()
        success()
    except Failed as error:
        failed = str(error)
    except Exception as error:  # anything else: still show the tree
        failed = f"{type(error).__name__}: {error}"
    finally:
        if failed:
            say(f"FAILED: {failed}")
            dump()
        with open(TRANSCRIPT, "w", encoding="utf-8") as f:
            f.write("\n".join(transcript) + "\n")
        if app_process is not None:
            app_process.kill()
            app_process.wait()
        try:
            os.killpg(bus.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        bus.wait()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
