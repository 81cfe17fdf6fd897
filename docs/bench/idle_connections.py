#!/usr/bin/env python3
"""Opens N idle SMTP connections to HOST:PORT, reads each greeting, holds them for SECONDS, closes.

Used by docs/benchmarks.md to measure the server's heap per idle connection:
    python3 docs/bench/idle_connections.py 127.0.0.1 2601 10000 60
Prints 'open=N greeted=G' once all are open, then 'closed' at the end.
"""
import socket
import sys
import time

host, port, count, hold = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
socks = []
greeted = 0
for i in range(count):
    s = socket.create_connection((host, port), timeout=30)
    socks.append(s)
# read greetings after all connects so the server holds every session at once
for s in socks:
    try:
        if s.recv(512).startswith(b"220"):
            greeted += 1
    except OSError:
        pass
print(f"open={len(socks)} greeted={greeted}", flush=True)
time.sleep(hold)
for s in socks:
    s.close()
print("closed", flush=True)
