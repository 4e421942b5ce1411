"""Trims Atlassian's OpenAPI description of Jira Cloud (v3) to the paths the tests check, with every component they
reference. Usage: python3 trim.py <jira-cloud-platform-v3.openapi.json> > jira-cloud-platform-v3.trimmed.json"""
import json
import re
import sys

PATHS = [
    "/rest/api/3/myself", "/rest/api/3/serverInfo", "/rest/api/3/project", "/rest/api/3/project/search",
    "/rest/api/3/project/{projectIdOrKey}",
    "/rest/api/3/project/{projectIdOrKey}/versions", "/rest/api/3/project/{projectIdOrKey}/components",
    "/rest/api/3/priority", "/rest/api/3/resolution", "/rest/api/3/field", "/rest/api/3/user/search",
    "/rest/api/3/user/assignable/search", "/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes",
    "/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}", "/rest/api/3/issue/createmeta",
    "/rest/api/3/issue", "/rest/api/3/issue/{issueIdOrKey}", "/rest/api/3/issue/{issueIdOrKey}/transitions",
    "/rest/api/3/issue/{issueIdOrKey}/assignee", "/rest/api/3/issue/{issueIdOrKey}/comment",
    "/rest/api/3/search/jql", "/rest/api/3/search", "/rest/api/3/webhook",
]

spec = json.load(open(sys.argv[1]))
missing = [p for p in PATHS if p not in spec["paths"]]
if missing:
    sys.exit("not in the description: %s" % missing)
out = {k: v for k, v in spec.items() if k not in ("paths", "components", "tags", "x-atlassian-narrative")}
out["paths"] = {p: spec["paths"][p] for p in PATHS}

REF = re.compile(r'"#/components/([^/"]+)/([^"]+)"')
kept = {}
todo = REF.findall(json.dumps(out["paths"]))
while todo:
    kind, name = todo.pop()
    if name in kept.setdefault(kind, {}):
        continue
    node = spec["components"][kind][name]
    kept[kind][name] = node
    todo.extend(REF.findall(json.dumps(node)))
kept["securitySchemes"] = spec["components"].get("securitySchemes", {})
out["components"] = {k: dict(sorted(v.items())) for k, v in kept.items()}
json.dump(out, sys.stdout, indent=1, sort_keys=False)
sys.stdout.write("\n")
