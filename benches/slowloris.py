"""A bounded slowloris against a plotmill server on this machine, for
measuring what real clients see meanwhile (run loadgen beside it).

Keeps N sockets of each kind open for the given seconds, reopening any the
server closes: heads sent a byte every second ("heads"), sockets that send
nothing ("silent"), and requests whose body stalls after its first bytes
("bodies"). Prints how many of each the server closed. 127.0.0.1 only.

    python3 benches/slowloris.py --port 8080 --per-kind 300 --seconds 60
"""

import argparse
import selectors
import socket
import time

HEAD = b"POST /v1/charts/heatmap HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nX-Slow: "
BODY = (
    b"POST /v1/charts/heatmap HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
    b"Content-Length: 1000\r\n\r\na,b\n1,"
)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--per-kind", type=int, default=300)
    p.add_argument("--seconds", type=float, default=60)
    a = p.parse_args()
    sel = selectors.DefaultSelector()
    closed = {"heads": 0, "silent": 0, "bodies": 0}
    refused = 0

    def open_one(kind):
        nonlocal refused
        s = socket.socket()
        try:
            s.connect(("127.0.0.1", a.port))
        except OSError:
            refused += 1
            s.close()
            return
        if kind == "heads":
            s.sendall(HEAD)
        elif kind == "bodies":
            s.sendall(BODY)
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ, kind)

    for kind in closed:
        for _ in range(a.per_kind):
            open_one(kind)
    end = time.monotonic() + a.seconds
    next_trickle = time.monotonic() + 1
    while time.monotonic() < end:
        for key, _ in sel.select(timeout=0.2):
            s, kind = key.fileobj, key.data
            try:
                data = s.recv(65536)
            except OSError:
                data = b""
            if not data or kind == "bodies":
                # Closed (or answered 408): count it and open another.
                sel.unregister(s)
                s.close()
                closed[kind] += 1
                open_one(kind)
        if time.monotonic() >= next_trickle:
            next_trickle += 1
            for key in list(sel.get_map().values()):
                if key.data == "heads":
                    try:
                        key.fileobj.send(b"a")
                    except OSError:
                        pass
    print(
        f"attack sockets open at the end: {len(sel.get_map())}; closed by the server "
        f"and reopened: {closed}; connects refused: {refused}"
    )


if __name__ == "__main__":
    main()
