#!/usr/bin/python3
"""Does a whole JUPAS password reset through AT-SPI alone, as a screen reader would.

Run inside a private D-Bus session (dbus-run-session) with DISPLAY set:
    reset.py APP SERVER_URL OUTBOX TRANSCRIPT LOGIN DOB EMAIL NEW_PASSWORD

It turns AT-SPI on, starts APP against SERVER_URL, finds every box by its accessible name,
sets values with EditableText, presses buttons with their Action, reads the four warnings and
the success message, and writes what it read to TRANSCRIPT. The security code's answer and the
verification code come from OUTBOX (the server runs with --test-reveal-answers). Exit 0 on
success; on failure it prints the accessible tree it saw.
"""
import email
import glob
import json
import os
import subprocess
import sys
import time
import urllib.request

import pyatspi

APP, URL, OUTBOX, TRANSCRIPT, LOGIN, DOB, EMAIL, NEW_PASSWORD = sys.argv[1:9]
WINDOW_SUFFIX = "JUPAS Forgot Password"
transcript = []


def say(line):
    transcript.append(line)
    print(line, flush=True)


def wait(what, ready, limit=30.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            found = ready()
        except Exception:  # the tree changes under us while the app updates
            found = None
        if found:
            return found
        time.sleep(0.1)
    dump()
    raise SystemExit(f"timed out waiting for {what}")


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
            if frame is not None and (frame.name or "").endswith(WINDOW_SUFFIX):
                return candidate
    return None


def main_frame():
    a = app()
    if a is None:
        return None
    for i in range(a.childCount):
        frame = a.getChildAtIndex(i)
        if frame is not None and frame.name.endswith(WINDOW_SUFFIX) and "—" in frame.name:
            if not frame.name.startswith("Practice mailbox"):
                return frame
    return None


def find(role, name, frame=None):
    frame = frame or main_frame()
    if frame is None:
        return None
    for node, _ in walk(frame):
        if node.getRoleName() == role and node.name == name:
            return node
    return None


def dump():
    a = app()
    if a is None:
        print("no application with a window named '… JUPAS Forgot Password' on the bus")
        return
    for node, depth in walk(a):
        text = ""
        try:
            text = node.queryText().getText(0, -1)
        except NotImplementedError:
            pass
        print("  " * depth + f"[{node.getRoleName()}] {node.name!r} desc={node.description!r} text={text!r}")


def set_text(role, name, value):
    box = wait(f"the {role} '{name}'", lambda: find(role, name))
    box.queryEditableText().setTextContents(value)
    shown = box.queryText().getText(0, -1)
    say(f"{role} '{name}' set" + ("" if role == "password text" else f" to {shown!r}"))


def press(name):
    button = wait(f"the button '{name}'", lambda: find("push button", name))
    button.queryAction().doAction(0)
    say(f"pressed '{name}'")


def newest(pattern):
    files = glob.glob(os.path.join(OUTBOX, pattern))
    return max(files, key=os.path.getmtime) if files else None


def verification_code():
    def code():
        for path in sorted(glob.glob(os.path.join(OUTBOX, "*.eml")), key=os.path.getmtime, reverse=True):
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


def main():
    subprocess.Popen(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"])
    time.sleep(1)
    subprocess.run(["busctl", "--user", "set-property", "org.a11y.Bus", "/org/a11y/bus",
                    "org.a11y.Status", "IsEnabled", "b", "true"], check=True)
    env = dict(os.environ, ICED_BACKEND="tiny-skia")
    app_process = subprocess.Popen([APP, "--server", URL, "--lang", "en"], env=env)
    try:
        frame = wait("the Forgot Password window", lambda: (main_frame() or None) and main_frame().name.startswith("Forgot Password") and main_frame(), 60)
        say(f"window '{frame.name}'")
        heading = wait("the heading", lambda: next((n for n, _ in walk(main_frame()) if n.getRoleName() == "heading"), None))
        say(f"heading '{heading.name}'")
        answer_file = wait("the security code", lambda: newest("challenge-*.txt"))
        time.sleep(0.5)
        answer = open(newest("challenge-*.txt")).read().strip()
        picture = wait("the security code picture", lambda: next((n for n, _ in walk(main_frame()) if n.getRoleName() == "image"), None))
        say(f"image '{picture.name}'")
        if answer in picture.name:
            raise SystemExit("the picture's accessible name gives its answer away")
        set_text("entry", "Login Name", LOGIN)
        set_text("entry", "Date of Birth (YYYY-MM-DD)", DOB)
        set_text("entry", "Registered Email Address", EMAIL)
        set_text("entry", "Security Code", answer)
        press("Continue")
        frame = wait("the Change Password window", lambda: main_frame() and main_frame().name.startswith("Change Password") and main_frame())
        say(f"window '{frame.name}'")
        warnings = []
        for node, _ in walk(frame):
            text = node.name or ""
            if node.getRoleName() in ("label", "static") and text.upper() != text.lower() and any(
                key in text for key in ("DO NOT LEAVE", "STAY", "ENTER", "no longer be valid")
            ):
                warnings.append(text)
        for w in warnings:
            say(f"warning '{w}'")
        if len(warnings) < 4:
            dump()
            raise SystemExit(f"expected the four warnings, read {len(warnings)}")
        code = verification_code()
        set_text("entry", "Verification Code", code)
        set_text("password text", "New Password", NEW_PASSWORD)
        set_text("password text", "Re-enter New Password", NEW_PASSWORD)
        press("Submit")
        done = wait("the success message", lambda: find("heading", "Your password has successfully been changed."))
        say(f"heading '{done.name}'")
        if not login_works(NEW_PASSWORD):
            raise SystemExit("the new password does not log in")
        say("login with the new password: ok")
    finally:
        with open(TRANSCRIPT, "w") as f:
            f.write("\n".join(transcript) + "\n")
        app_process.kill()
        app_process.wait()


if __name__ == "__main__":
    main()
