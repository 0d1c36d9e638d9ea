#!/usr/bin/env python3
"""Writes the benchmark corpus's events (`events/*.json`, the format `tollgate render --event` reads):
request bodies from 100 B to 1 MB as people send them, with the headers, query string and context of a
real request. Seeded: the same files every run. Run from anywhere: `python3 Fixtures/bench/generate.py`.

Every body is an object with the fields the templates in `templates/` read (`errorMessage`, a JSON
text as a Lambda error carries it; `items`, records; `meta`), so that every template renders every
body. What the bodies are made of:
- decimals of every shape: 0.1, 249.99, 1e-7, -0.0, 17 significant digits, 1E+2, integers past 2^53;
- non-ASCII text (é, ß, 日本, emoji) raw and as \\u escapes, surrogate pairs included, and the escapes
  JSON has (\\" \\\\ \\n \\t \\/);
- arrays of records, and two shapes at their extremes: deep nesting and a wide object.
"""
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20261207)

NAMES = ["Zoë", "Fluffy \"the great\"", "Renée", "Straße", "日本の猫", "Chloé 🐶", "Ψυχή", "Ørjan", "Max\\Power", "tab\there"]
TYPES = ["dog", "cat", "fish", "bird"]
WORDS = ["friendly", "calme", "größer", "très", "vaccinated", "good with kids", "日本語", "naïve", "señor", "ok", "🐾", "a/b", "x\ny"]
DECIMALS = ["0.1", "249.99", "1e-7", "-0.0", "0.30000000000000004", "1E+2", "3.14159", "1.7976931348623157E308",
            "12.5", "99.95", "0.001", "6.02214076e23", "-40.0", "1.0", "100e-2", "2.718281828459045"]
BIG_INTEGERS = ["9007199254740993", "12345678901234567890", "-9223372036854775809", "184467440737095516150"]


def escaped_text(text):
    """JSON string text with non-ASCII characters sometimes written as \\u escapes (pairs for astral ones)."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif code > 0x7F and rng.random() < 0.5:
            if code > 0xFFFF:
                code -= 0x10000
                out.append("\\u%04x\\u%04x" % (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)))
            else:
                out.append("\\u%04x" % code)
        elif ch == "/" and rng.random() < 0.5:
            out.append("\\/")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def decimal():
    if rng.random() < 0.5:
        return "%d.%02d" % (rng.randrange(0, 1000), rng.randrange(0, 100))
    return rng.choice(DECIMALS)


def record(i, words):
    history = ",".join(
        '{"cost": %s, "at": "2026-%02d-%02dT10:%02d:00Z", "note": %s}'
        % (decimal(), rng.randrange(1, 13), rng.randrange(1, 29), rng.randrange(60), rng.choice(["null", escaped_text("paid / ok"), '"vaccin\\u00e9"']))
        for _ in range(rng.randrange(1, 5))
    )
    fields = [
        '"id": %d' % (i + 1),
        '"type": "%s"' % rng.choice(TYPES),
        '"name": %s' % escaped_text(rng.choice(NAMES)),
        '"description": %s' % escaped_text(" ".join(rng.choice(WORDS) for _ in range(words))),
        '"price": %s' % decimal(),
        '"weight": %s' % rng.choice(DECIMALS),
        '"serial": %s' % rng.choice(BIG_INTEGERS),
        '"tags": [%s]' % ",".join(escaped_text(t) for t in rng.sample(["new", "sale", "crème", "北", "🐟"], rng.randrange(0, 4))),
        '"available": %s' % rng.choice(["true", "false", "null"]),
        '"history": [%s]' % history,
    ]
    return "{" + ", ".join(fields) + "}"


ERROR = json.dumps(json.dumps({
    "errorType": "InternalServerError", "httpStatus": 500, "requestId": "40cd9bf6-0819-11e6-98f3-415848322efb",
    "message": "An unknown error has occurred. Please try again.",
}, separators=(",", ":")))


def body(records, meta="{}", words=3):
    items = ",\n    ".join(record(i, words) for i in range(records))
    return '{"errorMessage": %s, "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",\n  "items": [\n    %s\n  ],\n  "meta": %s}' % (ERROR, items, meta)


def sized(target):
    """As many records as reach `target` bytes, at most 900 of them (API Gateway stops a #foreach at
    1,000 iterations): past that, the records' descriptions grow instead."""
    words = max(3, target // 7000)
    records = 0
    text = body(0)
    while len(text.encode()) < target:
        records = max(records + 1, int(records * target / max(len(text.encode()), 1)))
        state = rng.getstate()
        text = body(records, words=words)
        rng.setstate(state)
    assert records <= 900, records
    return text


def deep(levels):
    meta = "0.5"
    for level in range(levels):
        meta = '{"level": %d, "ratio": %s, "child": %s}' % (level, decimal(), meta) if level % 2 else "[%s, %s]" % (decimal(), meta)
    return body(2, meta)


def wide(keys):
    members = ", ".join('"k%04d": %s' % (k, rng.choice([decimal(), escaped_text(rng.choice(NAMES)), str(k), "null"])) for k in range(keys))
    return body(2, "{" + members + "}")


HEADERS = {
    "Accept": "application/json", "Accept-Encoding": "gzip, deflate, br", "Content-Type": "application/json",
    "Host": "abc123.execute-api.us-east-1.amazonaws.com", "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) \"bench\"",
    "X-Amzn-Trace-Id": "Root=1-5e1b4151-5ac6c58f3375aa3c7c6b79e0", "X-Forwarded-For": "203.0.113.7",
    "X-Forwarded-Port": "443", "X-Forwarded-Proto": "https", "Authorization": "Bearer eyJhbGciOi'test'",
}


def event(text):
    return {
        "body": text,
        "params": {"path": {"petId": "42"}, "querystring": {"limit": "10", "q": "crème brûlée"}, "header": HEADERS},
        "context": {"httpMethod": "POST", "stage": "prod", "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
                    "resourcePath": "/pets/{petId}", "identity": {"sourceIp": "203.0.113.7"}},
        "stageVariables": {"version": "v2"},
    }


CORPUS = {
    "body-100B": '{"errorMessage": "{\\"errorType\\":\\"E\\",\\"message\\":\\"été\\",\\"requestId\\":\\"r1\\"}", "items": [], "meta": {"n": 1.5}}',
    "body-1KB": sized(1_000),
    "body-10KB": sized(10_000),
    "body-100KB": sized(100_000),
    "body-1MB": sized(1_000_000),
    "deep-200": deep(200),
    "wide-1000": wide(1000),
}

if __name__ == "__main__":
    os.makedirs(os.path.join(HERE, "events"), exist_ok=True)
    for name, text in CORPUS.items():
        json.loads(text)  # every body is JSON
        with open(os.path.join(HERE, "events", name + ".json"), "w", encoding="utf-8") as f:
            json.dump(event(text), f, ensure_ascii=False, indent=1)
            f.write("\n")
        print(f"{name}: {len(text.encode())} bytes")
