#!/usr/bin/env bash
# Seeds the fuzz corpora from the fixture suites: templates for the template targets, events and
# their bodies for `event`, and the JSONPaths templates pass to $input.path/json (with bodies from
# fixture events after a \x01 byte) for `jsonpath`, and the lint fixtures for `lint`. Run from
# the repository root; needs jq.
# Re-running adds nothing twice: each seed is named after its content's hash. The committed
# corpora are minimized afterwards, on edges only so they stay small:
#   cargo +nightly fuzz cmin -O TARGET -- -use_counters=0
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=fuzz/corpus
mkdir -p "$corpus"/{render,render_structured,invariants,event,jsonpath,lint}

add() { # add TARGET < bytes
    local tmp hash
    tmp=$(mktemp)
    cat >"$tmp"
    [ -s "$tmp" ] || { rm -f "$tmp"; return 0; }
    hash=$(sha1sum "$tmp" | cut -c1-40)
    mv "$tmp" "$corpus/$1/seed-$hash"
}

while IFS= read -r -d '' template; do
    for target in render render_structured invariants; do
        add "$target" <"$template"
    done
    # JSONPaths given as string literals to $input.path / $input.json.
    grep -oE "\\\$input\.(path|json)\('[^']*'\)" "$template" 2>/dev/null \
        | sed -E "s/^.*\('(.*)'\)$/\1/" | while IFS= read -r path; do
            printf '%s' "$path" | add jsonpath
        done || true
done < <(find fixtures -name '*.vtl' -print0 | sort -z)

while IFS= read -r -d '' cases; do
    jq -c '.[] | .event // empty' "$cases" | while IFS= read -r event; do
        printf '%s' "$event" | add event
        body=$(jq -r '.body // empty | strings' <<<"$event")
        if [ -n "$body" ]; then
            printf '$..*\x01%s' "$body" | add jsonpath
        fi
    done
    jq -c '.[] | .integrationResponse // empty' "$cases" | while IFS= read -r response; do
        printf '%s' "$response" | add event
    done
done < <(find fixtures -name '*.cases.json' -print0 | sort -z)

# Lint: a selector byte (file kind: 0 template, 1 JSON, 2 YAML, 3 Terraform) then the file.
while IFS= read -r -d '' file; do
    case "$file" in
        *.vtl|*.vm) kind='\x00' ;;
        *.json) kind='\x01' ;;
        *.yaml|*.yml) kind='\x02' ;;
        *.tf) kind='\x03' ;;
        *) continue ;;
    esac
    { printf "$kind"; cat "$file"; } | add lint
done < <(find fixtures/lint -type f ! -name '.*' -print0 | sort -z)

for target in render render_structured invariants event jsonpath lint; do
    echo "$target: $(find "$corpus/$target" -type f | wc -l) seeds"
done
