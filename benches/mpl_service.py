#!/usr/bin/env python3
"""The same chart service, the matplotlib way: a minimal HTTP server that
draws the seed service's heatmap (seaborn, figure mode: no pyplot, no leak)
for a CSV body. The peer for plotmill serve's load test.

    python benches/mpl_service.py --port 8090
    curl --data-binary @examples/data/seed_4x8.csv -H 'Content-Type: text/csv' \\
         http://127.0.0.1:8090/v1/charts/heatmap -o corr.png

Run with the reference venv (../shared/peers/setup.sh). One process with a
thread per connection, as a small Flask-style service would be; the GIL
keeps the drawing to one core at a time.
"""
import argparse
import io
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import matplotlib

matplotlib.use("agg")
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402


def heatmap_png(csv_bytes):
    df = pd.read_csv(io.BytesIO(csv_bytes))
    fig = Figure(figsize=(8, 6))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    sns.heatmap(df.corr(numeric_only=True), annot=True, cmap="coolwarm", ax=ax)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=100)
    fig.clf()
    return out.getvalue()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path.split("?")[0] != "/v1/charts/heatmap":
            self.send_error(404)
            return
        try:
            png = heatmap_png(body)
        except Exception as e:  # a bad body is the client's fault
            msg = str(e).encode()
            self.send_response(422)
            self.send_header("Content-Length", str(len(msg)))
            self.end_headers()
            self.wfile.write(msg)
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(png)))
        self.end_headers()
        self.wfile.write(png)

    def log_message(self, *args):
        pass


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, default=8090)
    args = ap.parse_args()
    ThreadingHTTPServer(("127.0.0.1", args.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
