#!/usr/bin/env python3
"""A stand-in for the GitHub CLI in the digest workflow test: records each call, answers ``issue list``.

``FAKE_GH_LOG`` is the file each call's arguments are appended to (one JSON list a line);
``FAKE_GH_OPEN_ISSUE`` is the number ``gh issue list … --jq …`` prints (empty: no open issue);
``FAKE_GH_COMMENT_ID`` the id ``gh api …/comments --jq …`` prints (empty: no plan-diff comment yet).
"""

import json
import os
import sys

with open(os.environ["FAKE_GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(sys.argv[1:], ensure_ascii=False) + "\n")
if sys.argv[1:3] == ["issue", "list"] and os.environ.get("FAKE_GH_OPEN_ISSUE"):
    print(os.environ["FAKE_GH_OPEN_ISSUE"])
if sys.argv[1:2] == ["api"] and "--jq" in sys.argv and os.environ.get("FAKE_GH_COMMENT_ID"):
    print(os.environ["FAKE_GH_COMMENT_ID"])
