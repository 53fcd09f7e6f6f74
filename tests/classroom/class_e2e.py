#!/usr/bin/env python3
"""A class played end to end by the program itself, on 127.0.0.1.

    class_e2e.py SALESIM WORKDIR e2e     the server and three terminal clients play a class to the
                                         end; the server's store then holds three attempts that are
                                         decision for decision what the clients recorded locally
    class_e2e.py SALESIM WORKDIR faults  a trainer-paced class: the server is killed (SIGKILL)
                                         mid-class and started again on the same store, a client is
                                         killed and started again; afterwards every decision is
                                         there once, and the same as the clients' own

Every wait is bounded; a failure says what was expected and exits 1.
"""
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request

EXE, WORK, WHAT = sys.argv[1], sys.argv[2], sys.argv[3]
DEADLINE = time.monotonic() + 150
SCRIPTS = {
    "Anna Virtanen": "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1",
    "Ben": "2,1,1,2,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1",
    "Cecilia": "1,2,1,1,2,1,2,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1",
}


def fail(message):
    print("FAIL: " + message, flush=True)
    sys.exit(1)


def left():
    remaining = DEADLINE - time.monotonic()
    if remaining <= 0:
        fail("the test ran out of time")
    return remaining


class Server:
    def __init__(self, data, *args):
        self.data = data
        self.out = open(os.path.join(WORK, "server.out"), "a")
        self.err = open(os.path.join(WORK, "server.err"), "a")
        self.proc = subprocess.Popen(
            [EXE, "--data-dir", data, "classroom", "serve", "--bind", "127.0.0.1", "--json", *args],
            stdout=subprocess.PIPE, stderr=self.err, text=True)
        line = self.proc.stdout.readline()
        if not line:
            fail("the server printed no ready line; see " + self.err.name)
        self.info = json.loads(line)
        self.key = self.info["trainer_url"].split("key=")[1]

    def api(self, method, path, body=None):
        req = urllib.request.Request(self.info["address"] + path, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": "Bearer " + self.key,
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=5) as res:
            return json.loads(res.read())

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            fail("the server did not stop on SIGTERM within 10 s")
        if code != 0:
            fail("the server exited with %d on SIGTERM" % code)

    def kill(self):
        self.proc.kill()
        self.proc.wait(timeout=10)


def client(server, name, number):
    data = os.path.join(WORK, "client%d" % number)
    log = open(os.path.join(WORK, "client%d.log" % number), "a")
    return subprocess.Popen(
        [EXE, "--data-dir", data, "play", "--join", server.info["address"], "--code", server.info["code"],
         "--trainee", name, "--choices", SCRIPTS[name]],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def rows(db, registration):
    con = sqlite3.connect(db)
    try:
        a = con.execute("SELECT id, status, outcome, overall, passed, seed, mode FROM attempts WHERE uuid = ?",
                        (registration,)).fetchone()
        if a is None:
            return None, []
        d = con.execute("SELECT idx, stage, kind, ref, move, rule_id, verdict, points, hinted, chosen "
                        "FROM decisions WHERE attempt_id = ? ORDER BY idx", (a[0],)).fetchall()
        return a[1:], d
    finally:
        con.close()


def check_store(server_data, class_id):
    db = os.path.join(server_data, "results.db")
    con = sqlite3.connect(db)
    regs = con.execute("SELECT a.uuid, t.name FROM attempts a JOIN trainees t ON t.id = a.trainee_id "
                       "JOIN class_attempts ca ON ca.attempt_id = a.id JOIN classes c ON c.id = ca.class_id "
                       "WHERE c.uuid = ? ORDER BY t.name", (class_id,)).fetchall()
    con.close()
    if sorted(n for _, n in regs) != sorted(SCRIPTS):
        fail("the class's attempts are of %s, not of the three trainees" % [n for _, n in regs])
    for number, name in enumerate(SCRIPTS, 1):
        reg = next(r for r, n in regs if n == name)
        attempt, decisions = rows(db, reg)
        local_attempt, local_decisions = rows(os.path.join(WORK, "client%d" % number, "results.db"), reg)
        if attempt[0] != "finished":
            fail("%s's attempt is %s on the server, not finished" % (name, attempt[0]))
        if [d[0] for d in decisions] != list(range(len(decisions))):
            fail("%s's decisions on the server are not each there once: %s" % (name, [d[0] for d in decisions]))
        if local_attempt != attempt:
            fail("%s: the server holds %s, the client recorded %s" % (name, attempt, local_attempt))
        if local_decisions != decisions:
            fail("%s: the server's decisions differ from the client's:\n%s\n%s" % (name, decisions, local_decisions))
        print("%s: %d decisions, %s, %d/100, the same on the server and the client" %
              (name, len(decisions), attempt[1], attempt[2]))


def e2e():
    server_data = os.path.join(WORK, "server")
    server = Server(server_data, "--scenario", "tutorial-first-sale", "--seed", "7", "--port", "0",
                    "--group", "Myynti 2B")
    # A wrong code and a wrong address are said plainly, and nothing is played.
    wrong = subprocess.run([EXE, "--data-dir", os.path.join(WORK, "wrong"), "play", "--join", server.info["address"],
                            "--code", "AAAA-AAAA", "--trainee", "Eve"], capture_output=True, text=True, timeout=30)
    if wrong.returncode != 2 or "not this class's" not in wrong.stderr:
        fail("a wrong code: exit %d, %r" % (wrong.returncode, wrong.stderr))
    nowhere = subprocess.run([EXE, "--data-dir", os.path.join(WORK, "wrong"), "play", "--join", "127.0.0.1:9",
                              "--code", server.info["code"], "--trainee", "Eve"], capture_output=True, text=True,
                             timeout=30)
    if nowhere.returncode != 1 or "nothing answers" not in nowhere.stderr:
        fail("a wrong address: exit %d, %r" % (nowhere.returncode, nowhere.stderr))
    procs = [client(server, name, i) for i, name in enumerate(SCRIPTS, 1)]
    for p in procs:
        try:
            code = p.wait(timeout=left())
        except subprocess.TimeoutExpired:
            fail("a client did not finish")
        if code != 0:
            fail("a client exited with %d (see %s)" % (code, WORK))
    board = server.api("GET", "/api/v1/board")
    if [r["finished"] for r in board["roster"]] != [True, True, True]:
        fail("the board does not show three finished trainees: %s" % board["roster"])
    server.stop()
    check_store(server_data, server.info["class"])
    report = subprocess.run([EXE, "--data-dir", server_data, "report", "--class", server.info["class"], "--json"],
                            capture_output=True, text=True, timeout=30)
    if report.returncode != 0 or "Anna Virtanen" not in report.stdout:
        fail("report --class does not show the class: %s" % report.stderr)
    # The class moves with the results: a copy holds the same class, and a second copy adds nothing.
    copy = os.path.join(WORK, "copy.db")
    for _ in range(2):
        moved = subprocess.run([EXE, "store", "copy", "--from", os.path.join(server_data, "results.db"), "--to", copy],
                               capture_output=True, text=True, timeout=60)
        if moved.returncode != 0:
            fail("store copy failed: %s" % moved.stderr)
    if "0 copied, 1 already there" not in moved.stdout:
        fail("a second store copy added the class again: %s" % moved.stdout)
    again = subprocess.run([EXE, "--store", copy, "report", "--class", server.info["class"], "--json"],
                           capture_output=True, text=True, timeout=30)
    if again.stdout != report.stdout:
        fail("the copied class reports otherwise than the original")


def faults():
    server_data = os.path.join(WORK, "server")
    server = Server(server_data, "--scenario", "tutorial-first-sale", "--seed", "7", "--port", "0",
                    "--pacing", "trainer")
    names = list(SCRIPTS)
    procs = {i: client(server, name, i) for i, name in enumerate(names, 1)}
    releases = 0
    server_killed = client_killed = False
    while any(p.poll() is None for p in procs.values()):
        left()
        try:
            board = server.api("GET", "/api/v1/board")
        except OSError:
            time.sleep(0.2)
            continue
        for point in board["points"]:
            if point["frozen"] and point["votes"] > 0:
                server.api("POST", "/api/v1/trainer/release", {"point": point["point"]})
                releases += 1
        if releases >= 4 and not server_killed:
            server.kill()  # mid-class, with votes and decisions in flight
            server_killed = True
            time.sleep(0.5)
            server = Server(server_data, "--resume")
            print("server killed after %d releases and started again" % releases)
        if releases >= 8 and not client_killed:
            procs[2].kill()
            procs[2].wait(timeout=10)
            client_killed = True
            procs[2] = client(server, names[1], 2)
            print("client 2 killed and started again")
        time.sleep(0.2)
    for i, p in procs.items():
        if p.returncode != 0:
            fail("client %d exited with %d (see %s)" % (i, p.returncode, WORK))
    if not server_killed or not client_killed:
        fail("the class ended before the faults were made (%d releases)" % releases)
    server.stop()
    check_store(server_data, server.info["class"])


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
{"e2e": e2e, "faults": faults}[WHAT]()
print("ok")
