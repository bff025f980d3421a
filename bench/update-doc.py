#!/usr/bin/env python3
"""Puts markdown sections into a document: update-doc.py DOC SECTION_FILE...

Each SECTION_FILE starts with a "## Title" line. A section of the same title in DOC is replaced
(up to the next "## " heading); otherwise the section is appended. Other sections are kept as they are.
"""
import re
import sys


def main():
    doc_path = sys.argv[1]
    with open(doc_path) as f:
        doc = f.read()
    for path in sys.argv[2:]:
        with open(path) as f:
            section = f.read().strip() + "\n"
        title = section.splitlines()[0]
        pattern = re.compile(r"^" + re.escape(title) + r"\n.*?(?=^## |\Z)", re.S | re.M)
        if pattern.search(doc):
            doc = pattern.sub(lambda _: section + "\n", doc, count=1)
        else:
            doc = doc.rstrip("\n") + "\n\n" + section
    with open(doc_path, "w") as f:
        f.write(doc.rstrip("\n") + "\n")


if __name__ == "__main__":
    main()
