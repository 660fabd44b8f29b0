#!/usr/bin/env python3
"""The screen report in a real browser: headless Chromium renders it.

Runs `embargo screen INPUT --report OUT.html`, has Chromium take a
screenshot of it at 1200 px and dump its DOM, and checks that the picture
is not blank (many colours, the five verdict colours among them) and that
the page's text holds the totals the command's summary gives for the same
run (rows judged, the value of each verdict, the flagged value).

    render_report.py --embargo build/embargo [--chromium chromium]
                     [--input examples/china-imports-from-dprk-2022.csv]
                     [--work DIR] [--png docs/report.png]

--png keeps the screenshot (the README's docs/report.png). The PNG is
decoded here with zlib alone: no imaging library is installed for tests.
"""

import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# src/screen/screen_report.cpp's colours, by verdict.
VERDICT_COLOURS = {
    "prohibited": (0xD5, 0x5E, 0x00),
    "indeterminate": (0xE6, 0x9F, 0x00),
    "capped": (0xCC, 0x79, 0xA7),
    "carved_out": (0x00, 0x9E, 0x73),
    "unrestricted": (0x9A, 0xA4, 0xAE),
}


def fail(message):
    print("render_report: " + message, file=sys.stderr)
    sys.exit(1)


def decode_png(data):
    """Pixels of an 8-bit RGB or RGBA PNG, as (width, height, rows of RGB tuples)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("the screenshot is not a PNG")
    pos, idat, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace != 0:
        fail("unexpected PNG format (depth %d, colour type %d, interlace %d)"
             % (depth, colour, interlace))
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, channels)])
        previous = line
    return width, height, rows


def summary_figures(summary):
    """What the page must show, from the command's text summary."""
    judged = re.search(r"^rows: [\d,]+ read, ([\d,]+) judged", summary, re.M)
    if not judged:
        fail("no 'rows:' line in the summary:\n" + summary)
    figures = [judged.group(1) + " judged"]
    for verdict in VERDICT_COLOURS:
        m = re.search(r"^  %s\s+([\d,]+)\s+([\d,.\-]+)" % verdict, summary, re.M)
        if m and m.group(1) != "0":
            figures.append(m.group(2))
    flagged = re.search(r"^flagged \(prohibited or indeterminate\): [\d,]+ rows?, (USD [\d,.]+)",
                        summary, re.M)
    if flagged:
        figures.append(flagged.group(1))
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--embargo", required=True, help="the embargo command")
    parser.add_argument("--chromium", default="chromium")
    parser.add_argument("--input", default="examples/china-imports-from-dprk-2022.csv",
                        help="the table to screen (relative to the source tree)")
    parser.add_argument("--work", help="where to write the report and the screenshot")
    parser.add_argument("--png", help="copy the screenshot here")
    args = parser.parse_args()

    # The command runs in the source tree (the input is named from there);
    # paths given from elsewhere are made absolute first.
    embargo = os.path.abspath(args.embargo) if os.sep in args.embargo else args.embargo
    work = os.path.abspath(args.work or tempfile.mkdtemp(prefix="embargo-report-"))
    os.makedirs(work, exist_ok=True)
    html = os.path.join(work, "report.html")
    png = os.path.join(work, "report.png")
    if os.path.exists(html):
        os.remove(html)
    run = subprocess.run([embargo, "screen", args.input, "--report", html, "--fail-on",
                          "none", "--no-progress", "-o", os.path.join(work, "rows.csv")],
                         cwd=ROOT, capture_output=True, text=True)
    # Exit 2 with a report: some rows were unreadable, and the report lists them.
    if run.returncode not in (0, 2) or not os.path.exists(html):
        fail("embargo screen failed (exit %d):\n%s" % (run.returncode, run.stderr))
    figures = summary_figures(run.stderr)

    # A profile of its own: Chromium must not read or write the user's.
    browser = [args.chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               "--user-data-dir=" + os.path.join(work, "profile"), "--window-size=1200,1800"]
    url = "file://" + os.path.abspath(html)
    shot = subprocess.run(browser + ["--screenshot=" + png, url], capture_output=True,
                          text=True, timeout=180)
    if not os.path.exists(png):
        fail("chromium wrote no screenshot (exit %d):\n%s" % (shot.returncode, shot.stderr))
    dom = subprocess.run(browser + ["--dump-dom", url], capture_output=True, text=True,
                         timeout=180).stdout

    width, height, rows = decode_png(open(png, "rb").read())
    if (width, height) != (1200, 1800):
        fail("the screenshot is %dx%d, expected 1200x1800" % (width, height))
    counts = {}
    for row in rows:
        for pixel in row:
            counts[pixel] = counts.get(pixel, 0) + 1
    white = counts.get((255, 255, 255), 0) / float(width * height)
    if len(counts) < 40 or white > 0.97:
        fail("the screenshot looks blank: %d colours, %.1f %% white" % (len(counts), 100 * white))
    missing = [v for v, c in VERDICT_COLOURS.items() if counts.get(c, 0) < 40]
    if missing:
        fail("verdict colours not drawn: " + ", ".join(missing))

    text = re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", dom))
    absent = [f for f in figures if f not in text]
    if absent:
        fail("the rendered page lacks the summary's figures: " + ", ".join(absent))
    if "<script" in dom.lower():
        fail("the page has a script element")

    if args.png:
        shutil.copyfile(png, args.png)
    print("render_report: %s rendered, %d colours, figures found: %s"
          % (args.input, len(counts), ", ".join(figures)))


if __name__ == "__main__":
    main()
