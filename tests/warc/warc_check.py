#!/usr/bin/env python3
"""Independent WARC checker (Python standard library only).

Reads each WARC file given (plain, gzip with any number of members, or zstd
through the `zstd -dc` command), parses every record, and verifies:
  * framing: a "WARC/" version line, header fields up to an empty line, a
    numeric Content-Length, that many bytes of block, then the record
    separator (a run of CRLF / LF line ends) followed by the next record or
    the end of the file;
  * WARC-Block-Digest of every record that has one (sha1, base32 or hex);
  * WARC-Payload-Digest (sha1) of conversion and resource records (payload =
    block) and of response records with an application/http block that is
    not chunked (payload = HTTP body), unless --no-payload-digest.

Prints "records=N types=TYPE:COUNT,..." per file on stdout, every problem on
stderr, and exits 1 if there was any problem (2 for usage errors).
"""

import argparse
import base64
import binascii
import collections
import gzip
import hashlib
import subprocess
import sys


def read_decompressed(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        return gzip.decompress(raw)
    if raw[:4] == b"\x28\xb5\x2f\xfd":
        return subprocess.run(["zstd", "-dc", path], check=True,
                              stdout=subprocess.PIPE).stdout
    return raw


def find_header_end(data, start):
    """Offset one past the empty line ending the header block at `start`."""
    pos = data.find(b"\n", start)
    while pos != -1:
        if data[pos + 1:pos + 2] == b"\n":
            return pos + 2
        if data[pos + 1:pos + 3] == b"\r\n":
            return pos + 3
        pos = data.find(b"\n", pos + 1)
    return -1


def parse_fields(header):
    """[(lower-case name, value)] of a header block (first line excluded)."""
    fields = []
    lines = header.split(b"\n")[1:]
    for line in lines:
        line = line.rstrip(b"\r")
        if not line:
            break
        if line[:1] in (b" ", b"\t"):
            if fields:
                name, value = fields[-1]
                fields[-1] = (name, (value + b" " + line.strip()).strip())
            continue
        name, sep, value = line.partition(b":")
        if not sep:
            continue
        fields.append((name.strip().lower().decode("latin-1"), value.strip()))
    return fields


def first(fields, name):
    for n, v in fields:
        if n == name:
            return v
    return None


def digest_matches(value, data):
    """True/False when `value` is a sha1 digest we can check, None otherwise."""
    algo, sep, encoded = value.decode("latin-1").partition(":")
    if not sep or algo.lower() != "sha1":
        return None
    digest = hashlib.sha1(data).digest()
    encoded = encoded.strip()
    if len(encoded) == 40:
        try:
            return binascii.unhexlify(encoded) == digest
        except binascii.Error:
            return False
    return encoded.upper().rstrip("=") == base64.b32encode(digest).decode().rstrip("=")


def http_body(block):
    """The HTTP body of an application/http block, or None if chunked or
    without a header end."""
    end = find_header_end(block, 0)
    if end < 0:
        return None
    fields = parse_fields(block[:end])
    te = first(fields, "transfer-encoding")
    if te is not None and b"chunked" in te.lower():
        return None
    return block[end:]


def check(path, args):
    problems = []
    data = read_decompressed(path)
    types = collections.Counter()
    pos = 0
    n = len(data)
    records = 0
    while pos < n:
        if not data.startswith(b"WARC/", pos):
            problems.append("%s: byte %d: expected a WARC version line" % (path, pos))
            break
        header_end = find_header_end(data, pos)
        if header_end < 0:
            problems.append("%s: byte %d: header without an empty line" % (path, pos))
            break
        fields = parse_fields(data[pos:header_end])
        length = first(fields, "content-length")
        if length is None or not length.isdigit():
            problems.append("%s: byte %d: missing or bad Content-Length %r" % (path, pos, length))
            break
        block_end = header_end + int(length)
        if block_end > n:
            problems.append("%s: byte %d: block runs past the end of the file" % (path, pos))
            break
        block = data[header_end:block_end]
        wtype = (first(fields, "warc-type") or b"unknown").decode("latin-1")
        types[wtype] += 1
        records += 1

        bd = first(fields, "warc-block-digest")
        if bd is not None:
            ok = digest_matches(bd, block)
            if ok is False:
                problems.append("%s: record %d (byte %d): WARC-Block-Digest mismatch"
                                % (path, records - 1, pos))
        pd = first(fields, "warc-payload-digest")
        if pd is not None and not args.no_payload_digest:
            payload = None
            ct = (first(fields, "content-type") or b"").lower()
            if wtype.lower() in ("conversion", "resource"):
                payload = block
            elif wtype.lower() == "response" and ct.startswith(b"application/http"):
                payload = http_body(block)
            if payload is not None and digest_matches(pd, payload) is False:
                problems.append("%s: record %d (byte %d): WARC-Payload-Digest mismatch"
                                % (path, records - 1, pos))

        # Separator: a run of line ends, then the next record or the end.
        pos = block_end
        while pos < n:
            if data[pos:pos + 1] == b"\n":
                pos += 1
            elif data[pos:pos + 2] == b"\r\n":
                pos += 2
            else:
                break
        if pos < n and not data.startswith(b"WARC/", pos):
            problems.append("%s: byte %d: bytes after record %d are not a WARC record"
                            % (path, pos, records - 1))
            break
    print("records=%d types=%s" % (records, ",".join(
        "%s:%d" % (t, c) for t, c in sorted(types.items()))))
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--no-payload-digest", action="store_true",
                        help="do not verify WARC-Payload-Digest")
    args = parser.parse_args()
    problems = []
    for path in args.files:
        try:
            problems += check(path, args)
        except (OSError, EOFError, gzip.BadGzipFile, subprocess.CalledProcessError) as e:
            problems.append("%s: %s" % (path, e))
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
