#!/usr/bin/env bash
# Backstream's whole backup and restore paths against the plain-tools baseline
# (tar | zstd -T0 -3 | aws s3 cp - and back) on this machine, in one run, against the same S3 server.
# Writes the "Backup path" and "Restore" sections of docs/benchmarks.md; every other section is kept.
#
# Usage: bench/backup-restore.sh
# Environment (all optional):
#   BENCH_SCRATCH   scratch directory for datasets, stack data and restores (default /tmp/backstream-bench;
#                   deleted at the end)
#   BENCH_SIZE_MIB  dataset for throughput of both paths (default 1024)
#   BENCH_BIG_MIB   larger dataset for the worker/uploader peak RSS check and backup throughput
#                   (default 4096; 0 skips it)
#   BENCH_WARMUP_MIB  dataset backed up and restored before the measured runs (default 512)
#   BENCH_WARMUP_RUNS how many times it is backed up and restored (default 3)
#   BENCH_ROUNDS    measured backups and restores of the BENCH_SIZE_MIB dataset, each path in turn (default 3)
#   BENCH_KEEP=1    keep the scratch directory
#   BENCH_NO_DOC=1  print the sections instead of writing docs/benchmarks.md
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
SCRATCH="${BENCH_SCRATCH:-/tmp/backstream-bench}"
SIZE_MIB="${BENCH_SIZE_MIB:-1024}"
BIG_MIB="${BENCH_BIG_MIB:-4096}"
WARMUP_MIB="${BENCH_WARMUP_MIB:-512}"
WARMUP_RUNS="${BENCH_WARMUP_RUNS:-3}"
ROUNDS="${BENCH_ROUNDS:-3}"
AWS=/usr/bin/aws   # Debian's awscli; the aws on PATH may be a pyenv shim
STACK="$SCRATCH/stack"
RESULTS="$SCRATCH/results"
COMMAND="bench/backup-restore.sh"
[ "$SIZE_MIB" = 1024 ] || COMMAND="BENCH_SIZE_MIB=$SIZE_MIB $COMMAND"
[ "$BIG_MIB" = 4096 ] || COMMAND="BENCH_BIG_MIB=$BIG_MIB $COMMAND"
[ "$WARMUP_MIB" = 512 ] || COMMAND="BENCH_WARMUP_MIB=$WARMUP_MIB $COMMAND"
[ "$WARMUP_RUNS" = 3 ] || COMMAND="BENCH_WARMUP_RUNS=$WARMUP_RUNS $COMMAND"
[ "$ROUNDS" = 3 ] || COMMAND="BENCH_ROUNDS=$ROUNDS $COMMAND"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }
now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
# Seconds a JVM has spent in its JIT compilers so far (jstat, from the JDK beside java); empty without jstat.
compile_seconds() { jstat -compiler "$1" 2>/dev/null | awk 'NR == 2 { print $4 }' || true; }
compiled_since() { # before after -> seconds, or "n/a" without jstat
    if [ -n "$1" ] && [ -n "$2" ]; then seconds "$1" "$2"; else printf "n/a"; fi
}
mbps() { awk -v bytes="$1" -v s="$2" 'BEGIN { printf "%.1f", bytes / 1e6 / s }'; }
mib() { awk -v kib="$1" 'BEGIN { printf "%.0f", kib / 1024 }'; }
# Median, range and maximum of numbers given as arguments.
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.1f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
spread() { printf '%s\n' "$@" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s-%s", lo, hi }'; }
largest() { printf '%s\n' "$@" | sort -g | tail -1; }

# --- preconditions -------------------------------------------------------------------------------
for tool in java curl jq zstd tar python3 sha256sum; do
    command -v "$tool" >/dev/null || die "$tool is missing (apt-get install -y awscli zstd jq)"
done
[ -x "$AWS" ] || die "$AWS is missing (apt-get install -y awscli)"

SERVICES="scheduler-svc snapshot-worker uploader-svc catalog-svc restore-svc"
missing=""
for jar in dev-stack backupctl $SERVICES; do
    [ -f "$REPO/$jar/target/$jar.jar" ] || missing="$missing $jar"
done
if [ -n "$missing" ]; then
    while pgrep -f maven >/dev/null; do
        log "jars missing ($missing); waiting for the running Maven build to finish"
        sleep 10
    done
    log "building the jars (./mvnw -B -q install -DskipTests)"
    (cd "$REPO" && ./mvnw -B -q install -DskipTests)
fi

[ "$ROUNDS" -ge 1 ] && [ "$WARMUP_RUNS" -ge 1 ] || die "BENCH_ROUNDS and BENCH_WARMUP_RUNS must be at least 1"
need_mib=$(( (SIZE_MIB * (3 + 2 * ROUNDS) + WARMUP_MIB * (1 + 2 * WARMUP_RUNS) + BIG_MIB * 4) ))
avail_mib=$(df -Pm "$(dirname "$SCRATCH")" | awk 'NR == 2 { print $4 }')
[ "$avail_mib" -gt "$need_mib" ] || die "need about $need_mib MiB free below $(dirname "$SCRATCH"), have $avail_mib"

LOAD_AT_START=$(cut -d" " -f1-3 /proc/loadavg)
rm -rf "$SCRATCH"
# ext4 without a journal (this machine's root) skips inodes freed in the last 60 s, 360 s while their
# inode table block is dirty, when it allocates new ones; every file created after a large delete pays
# for scanning past them. Written back now, the previous run's deletes are out of the way before the
# measured restores.
sync
mkdir -p "$SCRATCH" "$RESULTS"
# Private copies of the jars, so that a build running meanwhile cannot replace them under the stack.
JARS="$SCRATCH/jars"
for jar in dev-stack backupctl $SERVICES; do
    mkdir -p "$JARS/$jar/target"
    cp "$REPO/$jar/target/$jar.jar" "$JARS/$jar/target/"
done
cp "$REPO/backupctl/backupctl" "$JARS/backupctl/"

STACK_PID=""
SAMPLER=""
cleanup() {
    [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null || true
    if [ -n "$STACK_PID" ] && kill -0 "$STACK_PID" 2>/dev/null; then
        log "stopping the stack"
        kill -TERM "$STACK_PID"
        wait "$STACK_PID" 2>/dev/null || true
    fi
    if [ -d "$STACK/logs" ]; then
        rm -rf "$SCRATCH-logs"
        cp -r "$STACK/logs" "$SCRATCH-logs"
        log "service logs copied to $SCRATCH-logs"
    fi
    if [ "${BENCH_KEEP:-0}" = 1 ]; then
        log "kept $SCRATCH"
    else
        rm -rf "$SCRATCH"
    fi
}
trap cleanup EXIT

# --- helpers ---------------------------------------------------------------------------------------
# Samples RSS (KiB) every 0.5 s into $1 as "sample name rss" lines, until sampler_stop.
#   sampler_start FILE name=pid ...       fixed processes
#   sampler_start FILE --children PPID    every child of PPID (a pipeline's processes), by command name
sampler_start() {
    local out="$1"
    shift
    (
        i=0
        while :; do
            i=$((i + 1))
            if [ "$1" = --children ]; then
                ps -o comm=,rss= --ppid "$2" | awk -v i="$i" '{ print i, $1, $2 }'
            else
                for np in "$@"; do
                    ps -o rss= -p "${np#*=}" | awk -v i="$i" -v n="${np%%=*}" '{ print i, n, $1 }'
                done
            fi
            sleep 0.5
        done
    ) >"$out" 2>/dev/null &
    SAMPLER=$!
}
sampler_stop() {
    kill "$SAMPLER" 2>/dev/null || true
    wait "$SAMPLER" 2>/dev/null || true
    SAMPLER=""
}
listed() { local IFS=,; sed 's/,/, /g' <<<"$*"; }
# Peak RSS in MiB of one process name in a sample file.
peak() { awk -v n="$2" '$2 == n && $3 > m { m = $3 } END { printf "%.0f", m / 1024 }' "$1"; }
# Peak of the sum over all processes in one sample (a pipeline's total).
peak_sum() { awk '{ s[$1] += $3 } END { for (i in s) if (s[i] > m) m = s[i]; if (NR == 0) printf "n/a"; else printf "%.0f", m / 1024 }' "$1"; }
# "name peak, name peak" for every process name in a sample file.
# "not sampled" when ps caught none of them (seen once in a 4 GiB baseline run).
peaks() { awk '$3 > m[$2] { m[$2] = $3 } END { for (n in m) printf "%s %.0f\n", n, m[n] / 1024 }' "$1" | sort \
    | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 } END { if (NR == 0) printf "not sampled" }'; }

# Listing (type, mode, size, mtime of files) and SHA-256 of every file, relative to the tree's root.
# restore.done is Backstream's own marker and not part of the data.
fingerprint() {
    (
        cd "$1"
        find . -mindepth 1 ! -name restore.done \( -type f -printf '%y %m %s %TY-%Tm-%Td+%TT %p\n' \
            -o ! -type f -printf '%y %m %p\n' \) | LC_ALL=C sort
        find . -type f ! -name restore.done -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    )
}
verify() { # name expected-fingerprint tree
    fingerprint "$3" >"$RESULTS/$1.fingerprint"
    if cmp -s "$2" "$RESULTS/$1.fingerprint"; then
        echo "identical"
    else
        diff "$2" "$RESULTS/$1.fingerprint" | head -20 >&2
        die "$1: the restored tree differs from the dataset"
    fi
}

# "completed in N s (M MB/s raw)" from the snapshot-worker's log line about a backup.
worker_time() { # backup-id
    grep -h "Backup $1 .*completed in" "$STACK"/logs/snapshot-worker* 2>/dev/null \
        | sed 's/.*\(completed in [^:]*\):.*/\1/' | head -1 || true
}

# "N s (M MB/s stored)" between the uploader's first and last log line about a backup.
uploader_time() { # backup-id
    grep -h "Backup $1: " "$STACK"/logs/uploader-svc* 2>/dev/null | awk '
        { split($1, t, ":"); s = t[1] * 3600 + t[2] * 60 + t[3]; if (first == "") first = s; last = s }
        /stored as/ { for (i = 1; i <= NF; i++) if ($(i + 1) == "bytes") bytes = $i }
        END { if (bytes) printf "uploaded in %.1f s (%.0f MB/s stored)", last - first, bytes / 1e6 / (last - first) }'
}
pid_of() { pgrep -f "$JARS/$1/target/$1.jar" | head -1; }

# --- datasets --------------------------------------------------------------------------------------
generate() { # dir MiB [seed]
    log "generating $2 MiB dataset in $1"
    python3 "$REPO/bench/gen-dataset.py" "$1" "$2" ${3:-} >&2
}
DATA="$SCRATCH/data-$SIZE_MIB"
generate "$DATA" "$SIZE_MIB"
WARMUP="$SCRATCH/data-warmup"
generate "$WARMUP" "$WARMUP_MIB" 7
targets=(--target "bench=$DATA" --target "warmup=$WARMUP")
if [ "$BIG_MIB" -gt 0 ]; then
    BIG="$SCRATCH/data-$BIG_MIB"
    generate "$BIG" "$BIG_MIB"
    targets+=(--target "bigbench=$BIG")
fi

# --- the stack -------------------------------------------------------------------------------------
start_stack() {
    log "starting the stack (log: $SCRATCH/stack.log)"
    (cd "$SCRATCH" && exec java -jar "$JARS/dev-stack/target/dev-stack.jar" --data-dir "$STACK" \
        --services-dir "$JARS" "${targets[@]}") >"$SCRATCH/stack.log" 2>&1 &
    STACK_PID=$!
    for _ in $(seq 1 600); do
        grep -q "Backstream is running" "$SCRATCH/stack.log" && return 0
        kill -0 "$STACK_PID" 2>/dev/null || { cat "$SCRATCH/stack.log" >&2; die "the stack did not start"; }
        sleep 0.5
    done
    die "the stack did not become ready in 300 s"
}
start_stack
# stack.json names the 0600 credentials file (an AWS shared-credentials profile); it holds no key itself
export AWS_SHARED_CREDENTIALS_FILE AWS_PROFILE AWS_DEFAULT_REGION=us-east-1
AWS_SHARED_CREDENTIALS_FILE="$(jq -r .s3.credentialsFile "$STACK/stack.json")"
AWS_PROFILE="$(jq -r .s3.profile "$STACK/stack.json")"
S3_ENDPOINT="$(jq -r .s3.endpoint "$STACK/stack.json")"
BUCKET="$(jq -r .s3.bucket "$STACK/stack.json")"
WORKER_PID="$(pid_of snapshot-worker)"
UPLOADER_PID="$(pid_of uploader-svc)"
RESTORE_PID="$(pid_of restore-svc)"
[ -n "$WORKER_PID" ] && [ -n "$UPLOADER_PID" ] && [ -n "$RESTORE_PID" ] || die "service processes not found"

# --- measurements ----------------------------------------------------------------------------------
# Backstream backup of a target: sets B_ID B_SECONDS B_WORKER B_UPLOADER B_DETAIL
backstream_backup() { # target
    log "Backstream backup of $1"
    sampler_start "$RESULTS/rss-backup-$1" "worker=$WORKER_PID" "uploader=$UPLOADER_PID"
    local start end answer tries=0 worker_jit uploader_jit
    worker_jit=$(compile_seconds "$WORKER_PID") uploader_jit=$(compile_seconds "$UPLOADER_PID")
    # The scheduler learns targets from the worker's announcement on backup.targets after start-up.
    while :; do
        start=$(now)
        answer=$(curl -sS -X POST -H 'Content-Type: application/json' \
            'http://127.0.0.1:8081/v1/backups?wait=true&timeout=PT30M' -d "{\"target\":\"$1\"}")
        end=$(now)
        [ "$(jq -r .status <<<"$answer")" = 404 ] && [ $((tries += 1)) -lt 120 ] || break
        sleep 1
    done
    sampler_stop
    B_WORKER_JIT=$(compiled_since "$worker_jit" "$(compile_seconds "$WORKER_PID")")
    B_UPLOADER_JIT=$(compiled_since "$uploader_jit" "$(compile_seconds "$UPLOADER_PID")")
    B_ID=$(jq -r .backupId <<<"$answer")
    [ "$(jq -r .status <<<"$answer")" = COMPLETED ] || die "backup of $1: $answer"
    B_SECONDS=$(seconds "$start" "$end")
    B_WORKER=$(peak "$RESULTS/rss-backup-$1" worker)
    B_UPLOADER=$(peak "$RESULTS/rss-backup-$1" uploader)
    B_DETAIL=$(curl -sS "http://127.0.0.1:8084/v1/backups/$B_ID")
    echo "$B_DETAIL" >"$RESULTS/backup-$1.json"
    log "  $B_ID in $B_SECONDS s; worker peak $B_WORKER MiB, uploader peak $B_UPLOADER MiB;" \
        "JIT compiling: worker $B_WORKER_JIT s, uploader $B_UPLOADER_JIT s"
}

# Runs a shell pipeline, timed, with the RSS of its processes sampled: sets P_SECONDS P_PEAKS P_SUM
timed_pipeline() { # description sample-file pipeline
    local start end pipeline
    start=$(now)
    bash -c "set -o pipefail; $3" &
    pipeline=$!
    sampler_start "$2" --children "$pipeline"
    wait "$pipeline" || die "$1 failed"
    end=$(now)
    sampler_stop
    P_SECONDS=$(seconds "$start" "$end")
    P_PEAKS=$(peaks "$2")
    P_SUM=$(peak_sum "$2")
}

# Baseline backup of a directory: sets P_SECONDS P_PEAKS P_SUM P_BYTES
baseline_backup() { # dir object-key
    log "baseline backup of $1 to s3://$BUCKET/$2"
    timed_pipeline "baseline backup of $1" "$RESULTS/rss-baseline-$2" "tar -cf - -C '$1' . | zstd -q -T0 -3 \
        | '$AWS' --endpoint-url '$S3_ENDPOINT' s3 cp - 's3://$BUCKET/$2'"
    P_BYTES=$("$AWS" --endpoint-url "$S3_ENDPOINT" s3api head-object --bucket "$BUCKET" --key "$2" \
        --query ContentLength --output text)
    log "  $P_SECONDS s; $P_PEAKS (sum $P_SUM MiB); $P_BYTES bytes stored"
}

# Baseline restore of an object into a new directory: sets P_SECONDS P_PEAKS P_SUM
baseline_restore() { # object-key directory
    log "baseline restore of $1"
    mkdir -p "$2"
    timed_pipeline "baseline restore of $1" "$RESULTS/rss-baseline-restore" "'$AWS' --endpoint-url '$S3_ENDPOINT' \
        s3 cp 's3://$BUCKET/$1' - | zstd -q -d | tar -x -C '$2'"
    log "  $P_SECONDS s; $P_PEAKS; verifying"
}

# Backstream restore through restore.requests (backupctl publishes it and follows the catalog):
# sets RS_SECONDS RS_PEAK RS_FAILURE RS_SERVICE_SECONDS and leaves the tree in the directory
backstream_restore() { # backup-id directory
    log "Backstream restore of $1"
    sampler_start "$RESULTS/rss-restore" "restore=$RESTORE_PID"
    local start end restore_jit
    restore_jit=$(compile_seconds "$RESTORE_PID")
    start=$(now)
    # A failed restore is a result, not a reason to stop: it is reported and the run goes on.
    RS_FAILURE=""
    RS_SERVICE_SECONDS=""
    (cd "$SCRATCH" && env -u JAVA_TOOL_OPTIONS "$JARS/backupctl/backupctl" -o json restore "$1" --to "$2" --wait \
        >"$RESULTS/restore.json" 2>"$RESULTS/restore.err") \
        || RS_FAILURE=$(jq -r '"\(.failureReason) after \(.bytesDone) of \(.bytesTotal) bytes"' "$RESULTS/restore.json" 2>/dev/null \
            || cat "$RESULTS/restore.err")
    end=$(now)
    sampler_stop
    RS_JIT=$(compiled_since "$restore_jit" "$(compile_seconds "$RESTORE_PID")")
    RS_SECONDS=$(seconds "$start" "$end")
    RS_PEAK=$(peak "$RESULTS/rss-restore" restore)
    if [ -z "$RS_FAILURE" ]; then
        RS_SERVICE_SECONDS=$(jq -r '.durationMillis / 1000' "$RESULTS/restore.json")
        log "  $RS_SECONDS s (service: $RS_SERVICE_SECONDS s); restore-svc peak $RS_PEAK MiB; JIT compiling $RS_JIT s"
    else
        log "  restore FAILED after $RS_SECONDS s: $RS_FAILURE; restore-svc peak $RS_PEAK MiB"
    fi
}

# Before every measured backup: what earlier runs left to write back is written, and the dataset is
# read into the page cache. A run writes well over 20 GiB (Kafka log, S3 objects, restores), and by
# the 4 GiB backup much of its dataset had been evicted (reading it took 11.6 s instead of 3.4 s):
# whichever side ran first read it from disk, and the other found it cached.
settle() { # dir
    local start
    sync
    start=$(now)
    find "$1" -type f -print0 | xargs -0 cat >/dev/null
    log "  dataset read into the page cache in $(seconds "$start" "$(now)") s"
}

# %.0f, not %d: mawk's %d stops at 2^31 - 1.
raw_bytes() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f", s }'; }
file_count() { find "$1" -type f | wc -l; }

RAW=$(raw_bytes "$DATA")
FILES=$(file_count "$DATA")
log "fingerprinting the dataset"
fingerprint "$DATA" >"$RESULTS/dataset.fingerprint"

# A service that has run for a while has compiled its data path; a freshly started JVM compiles it over
# its first backups and restores. C2 compiles a method after thousands of calls, and much of the path
# (per chunk, per Kafka poll, per S3 request) sees tens to hundreds of calls per backup: jstat showed the
# worker and the uploader each still compiling for 1.5-3.5 s during the second and third 512 MiB
# backups after start. WARMUP_RUNS backups and restores of other data of the same shape come first; the
# first is reported as the cold start, and every measured run reports what the JITs still compiled.
W_ALL=() W_RESTORE_ALL=() W_JIT=()
for run in $(seq 1 "$WARMUP_RUNS"); do
    backstream_backup warmup
    W_ALL+=("$B_SECONDS") W_JIT+=("$B_WORKER_JIT/$B_UPLOADER_JIT")
    backstream_restore "$B_ID" "$STACK/restores/warmup-$run"
    [ -z "$RS_FAILURE" ] || die "warm-up restore failed: $RS_FAILURE"
    W_RESTORE_ALL+=("$RS_SECONDS")
done
W_RAW=$(raw_bytes "$WARMUP")
# Kept until the end: deleting it would slow whichever restore comes next (recently freed inodes, above).

# The measured runs: each path in turn, ROUNDS times, so that load from elsewhere on the machine falls
# on both; the report gives medians and ranges.
BS_ALL=() BS_WORKERS=() BS_UPLOADERS=() BS_JIT=() PB_ALL=() PB_SUMS=()
for round in $(seq 1 "$ROUNDS"); do
    settle "$DATA"
    backstream_backup bench
    BS_ALL+=("$B_SECONDS") BS_WORKERS+=("$B_WORKER") BS_UPLOADERS+=("$B_UPLOADER") BS_JIT+=("$B_WORKER_JIT/$B_UPLOADER_JIT")
    if [ "$round" = 1 ]; then
        BS_ID=$B_ID
        BS_STORED=$(jq -r .sizes.uploadedBytes <<<"$B_DETAIL")
        BS_WORKER_LOG=$(worker_time "$BS_ID")
        BS_UPLOADER_LOG=$(uploader_time "$BS_ID")
    fi
    settle "$DATA"
    baseline_backup "$DATA" "baseline-$SIZE_MIB.tar.zst"
    PB_ALL+=("$P_SECONDS") PB_SUMS+=("$P_SUM")
    if [ "$round" = 1 ]; then
        PB_PEAKS=$P_PEAKS PB_STORED=$P_BYTES
    fi
done
BS_SECONDS=$(median "${BS_ALL[@]}") BS_WORKER=$(largest "${BS_WORKERS[@]}") BS_UPLOADER=$(largest "${BS_UPLOADERS[@]}")
PB_SECONDS=$(median "${PB_ALL[@]}") PB_SUM=$(largest "${PB_SUMS[@]}")

RS_ALL=() RS_SERVICE_ALL=() RS_PEAKS=() RS_JIT_ALL=() PR_ALL=() PR_SUMS=()
RS_FAILED=""
for round in $(seq 1 "$ROUNDS"); do
    # both restores start with nothing left to write back from the runs before them
    sync
    backstream_restore "$BS_ID" "$STACK/restores/bench-$SIZE_MIB-$round"
    RS_PEAKS+=("$RS_PEAK") RS_JIT_ALL+=("$RS_JIT")
    if [ -z "$RS_FAILURE" ]; then
        RS_ALL+=("$RS_SECONDS") RS_SERVICE_ALL+=("$RS_SERVICE_SECONDS")
        log "  verifying the restored tree"
        RS_VERIFY=$(verify "backstream-restore-$round" "$RESULTS/dataset.fingerprint" "$STACK/restores/bench-$SIZE_MIB-$round")
    else
        RS_FAILED="${RS_FAILED:-$RS_FAILURE (run $round; after $RS_SECONDS s)}"
    fi

    sync
    baseline_restore "baseline-$SIZE_MIB.tar.zst" "$SCRATCH/baseline-restore-$round"
    PR_ALL+=("$P_SECONDS") PR_SUMS+=("$P_SUM")
    [ "$round" = 1 ] && PR_PEAKS=$P_PEAKS
    PR_VERIFY=$(verify "baseline-restore-$round" "$RESULTS/dataset.fingerprint" "$SCRATCH/baseline-restore-$round")
done
RS_PEAK=$(largest "${RS_PEAKS[@]}")
RS_FAILURE=$RS_FAILED
if [ -z "$RS_FAILURE" ]; then
    RS_SECONDS=$(median "${RS_ALL[@]}") RS_SERVICE_SECONDS=$(median "${RS_SERVICE_ALL[@]}")
fi
PR_SECONDS=$(median "${PR_ALL[@]}") PR_SUM=$(largest "${PR_SUMS[@]}")
# no restore is measured after this point, so the trees can go
rm -rf "$STACK"/restores/bench-* "$SCRATCH"/baseline-restore-*

if [ "$BIG_MIB" -gt 0 ]; then
    BIG_RAW=$(raw_bytes "$BIG")
    BIG_FILES=$(file_count "$BIG")
    settle "$BIG"
    backstream_backup bigbench
    BB_SECONDS=$B_SECONDS BB_WORKER=$B_WORKER BB_UPLOADER=$B_UPLOADER BB_ID=$B_ID
    BB_STORED=$(jq -r .sizes.uploadedBytes <<<"$B_DETAIL")
    BB_WORKER_LOG=$(worker_time "$BB_ID")
    BB_UPLOADER_LOG=$(uploader_time "$BB_ID")
    settle "$BIG"
    baseline_backup "$BIG" "baseline-$BIG_MIB.tar.zst"
    BP_SECONDS=$P_SECONDS BP_PEAKS=$P_PEAKS BP_SUM=$P_SUM BP_STORED=$P_BYTES
fi

# --- the report ------------------------------------------------------------------------------------
WHEN=$(date -u +%Y-%m-%dT%H:%M:%SZ)
LOAD="load average at the start of the run: $LOAD_AT_START (other work on the machine competes for the 2 cores)"
CPU=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
RAM=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
JDK=$(java -version 2>&1 | head -1)
MACHINE="$(nproc) cores ($CPU), $RAM RAM, $JDK, zstd $(zstd --version | grep -o "v[0-9.]*" | head -1), $("$AWS" --version 2>&1 | cut -d' ' -f1)"
composition() { # MiB files
    echo "$1 MiB, $2 files, generated by \`bench/gen-dataset.py\` (seed 42): 40% random binary in 128 MiB files," \
        "40% text in 8 MiB files (log-like lines from an 8,000-word vocabulary; zstd -3 compresses it about 2.8x)," \
        "20% as 1-20 KiB files (half text, half random) in nested directories; all mtimes fixed."
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { # backstream-seconds baseline-seconds
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a <= b) printf "Backstream is %.2fx the baseline'"'"'s throughput.", b / a;
        else printf "**Backstream is slower than the baseline: %.2fx its throughput (%.0f%% less).**", b / a, (1 - b / a) * 100 }'
}

BACKUP_SECTION="$RESULTS/backup.md"
{
    echo "## Backup path"
    echo
    echo "Whole path on one machine, everything on 127.0.0.1: \`POST /v1/backups?wait=true\` to the scheduler," \
        "the snapshot-worker (PAX tar, zstd level 3 frames, 8 MiB chunks) through Kafka to the uploader-svc," \
        "S3 multipart upload to the dev stack's S3 server, answered once the catalog has the backup COMPLETED." \
        "Baseline in the same run to the same server: \`tar -cf - -C DATASET . | zstd -T0 -3 | aws s3 cp - s3://backstream/KEY\`." \
        "MB/s is raw dataset bytes (10^6) per wall-clock second. Peak RSS sampled every 0.5 s with \`ps\`" \
        "(the service JVMs run with -Xmx384m and ParallelGC, as the dev stack starts them). Before each backup, of either side, the machine writes back what earlier runs left" \
        "dirty (\`sync\`) and the dataset is read into the page cache." \
        "The $SIZE_MIB MiB backup runs $ROUNDS times, Backstream and the baseline in turn, so that other load on the machine" \
        "falls on both: the table gives the median and the range of the times, and the largest peak RSS." \
        "Before the measured runs the stack backs up and restores a $WARMUP_MIB MiB dataset of the same shape" \
        "(seed 7) $WARMUP_RUNS times, so that the measured runs see services that have been running for a while:" \
        "a fresh JVM goes on compiling its data path over its first backups, because C2 compiles a method only" \
        "after thousands of calls and much of the path runs once per chunk, Kafka poll or S3 request." \
        "The first backup after start took ${W_ALL[0]} s ($(mbps "$W_RAW" "${W_ALL[0]}") MB/s) and its restore" \
        "${W_RESTORE_ALL[0]} s ($(mbps "$W_RAW" "${W_RESTORE_ALL[0]}") MB/s); the warm-up backups took $(listed "${W_ALL[@]}") s." \
        "Seconds the JIT compilers ran (jstat; snapshot-worker/uploader-svc) during the warm-up backups:" \
        "$(listed "${W_JIT[@]}"); during the measured ones: $(listed "${BS_JIT[@]}")."
    echo
    echo "Machine: $MACHINE; $LOAD. Measured $WHEN."
    echo
    echo "Run: \`$COMMAND\` (needs the service jars, \`./mvnw -B -q install -DskipTests\`, which it runs if they are missing; awscli, zstd and jq from apt)."
    echo
    echo "Dataset: $(composition "$SIZE_MIB" "$FILES")"
    echo
    echo "| $SIZE_MIB MiB, $ROUNDS runs each | median seconds (range) | MB/s | stored bytes | peak RSS MiB |"
    echo "|---|---:|---:|---:|---|"
    echo "| Backstream | $BS_SECONDS ($(spread "${BS_ALL[@]}")) | $(mbps "$RAW" "$BS_SECONDS") | $BS_STORED | snapshot-worker $BS_WORKER, uploader-svc $BS_UPLOADER |"
    echo "| tar \\| zstd -T0 -3 \\| aws s3 cp | $PB_SECONDS ($(spread "${PB_ALL[@]}")) | $(mbps "$RAW" "$PB_SECONDS") | $PB_STORED | $PB_PEAKS (sum $PB_SUM) |"
    echo
    echo "$(verdict "$BS_SECONDS" "$PB_SECONDS") From the services' logs of the first run: the snapshot-worker ${BS_WORKER_LOG:-n/a}; the uploader-svc ${BS_UPLOADER_LOG:-n/a}."
    if [ "$BIG_MIB" -gt 0 ]; then
        echo
        echo "Larger dataset: $(composition "$BIG_MIB" "$BIG_FILES")"
        echo
        echo "| $BIG_MIB MiB | seconds | MB/s | stored bytes | peak RSS MiB |"
        echo "|---|---:|---:|---:|---|"
        echo "| Backstream | $BB_SECONDS | $(mbps "$BIG_RAW" "$BB_SECONDS") | $BB_STORED | snapshot-worker $BB_WORKER, uploader-svc $BB_UPLOADER |"
        echo "| tar \\| zstd -T0 -3 \\| aws s3 cp | $BP_SECONDS | $(mbps "$BIG_RAW" "$BP_SECONDS") | $BP_STORED | $BP_PEAKS (sum $BP_SUM) |"
        echo
        echo "$(verdict "$BB_SECONDS" "$BP_SECONDS") From the services' logs: the snapshot-worker ${BB_WORKER_LOG:-n/a}; the uploader-svc ${BB_UPLOADER_LOG:-n/a}."
        echo
        echo "Peak RSS from $SIZE_MIB MiB to $BIG_MIB MiB ($(ratio "$BIG_RAW" "$RAW")x the data):" \
            "snapshot-worker $BS_WORKER -> $BB_WORKER MiB ($(ratio "$BB_WORKER" "$BS_WORKER")x)," \
            "uploader-svc $BS_UPLOADER -> $BB_UPLOADER MiB ($(ratio "$BB_UPLOADER" "$BS_UPLOADER")x)."
    fi
} >"$BACKUP_SECTION"

RESTORE_SECTION="$RESULTS/restore.md"
{
    echo "## Restore"
    echo
    echo "Whole path on one machine: \`backupctl restore ID --to DIR --wait\` publishes a RestoreRequested on" \
        "\`restore.requests\` and follows the catalog until COMPLETED; the restore-svc reads the manifest, fetches" \
        "chunks with parallel ranged GETs from the S3 server, checks every SHA-256, decompresses and extracts into" \
        "a staging directory and swaps it into place. Baseline in the same run:" \
        "\`aws s3 cp s3://backstream/KEY - | zstd -d | tar -x -C DIR\` of the baseline's own archive." \
        "Each restores $ROUNDS times, in turn (medians and ranges as for the backup)." \
        "Wall time includes backupctl's JVM start (\`backupctl/backupctl\`, client compiler) and its 0.2 s polling." \
        "The restore-svc is warm (see the backup section); its JIT compilers still ran $(listed "${RS_JIT_ALL[@]}") s" \
        "during the measured restores. Both restores start after a \`sync\`, and nothing is deleted" \
        "during the run (ext4 without a journal, as here, scans past inodes freed in the last minutes whenever it" \
        "creates a file, which would slow whichever restore came next). Both restored trees were compared" \
        "with the dataset (type, mode, size and mtime of every entry, SHA-256 of every file)."
    echo
    echo "Machine: $MACHINE; $LOAD. Measured $WHEN."
    echo
    echo "Run: \`$COMMAND\` (the same run as the backup path above)."
    echo
    echo "Dataset: $(composition "$SIZE_MIB" "$FILES")"
    echo
    echo "| $SIZE_MIB MiB, $ROUNDS runs each | median seconds (range) | MB/s | peak RSS MiB | restored tree |"
    echo "|---|---:|---:|---|---|"
    if [ -z "$RS_FAILURE" ]; then
        echo "| Backstream | $RS_SECONDS ($(spread "${RS_ALL[@]}"); service: $RS_SERVICE_SECONDS) | $(mbps "$RAW" "$RS_SECONDS") | restore-svc $RS_PEAK | $RS_VERIFY |"
    else
        echo "| Backstream | FAILED | - | restore-svc $RS_PEAK | none: \`$RS_FAILURE\` |"
    fi
    echo "| aws s3 cp \\| zstd -d \\| tar -x | $PR_SECONDS ($(spread "${PR_ALL[@]}")) | $(mbps "$RAW" "$PR_SECONDS") | $PR_PEAKS (sum $PR_SUM) | $PR_VERIFY |"
    echo
    if [ -z "$RS_FAILURE" ]; then
        echo "$(verdict "$RS_SECONDS" "$PR_SECONDS")"
    else
        echo "**Backstream's restore of the $SIZE_MIB MiB backup failed** (\`$RS_FAILURE\`; the restore-svc runs" \
            "with -Xmx384m as the dev stack starts it), so there is no Backstream restore throughput for this run." \
            "The baseline restored the same data correctly."
    fi
} >"$RESTORE_SECTION"

cat "$BACKUP_SECTION" "$RESTORE_SECTION"
if [ "${BENCH_NO_DOC:-0}" != 1 ]; then
    python3 "$REPO/bench/update-doc.py" "$REPO/docs/benchmarks.md" "$BACKUP_SECTION" "$RESTORE_SECTION"
    log "wrote docs/benchmarks.md"
fi
