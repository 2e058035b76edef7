#!/usr/bin/env bash
# plotmill batch on a real Slurm cluster: a one-node cluster (slurmctld and
# slurmd from Debian's slurm-wlm, munge for authentication, the node with 2
# CPUs) configured in a temporary folder, and examples/slurm/plotmill-array.sbatch
# submitted as an array of 4 shards.
#
# Asserts: every key drawn exactly once across the shards (each shard's
# journal lists only its own keys, none twice), the files byte-identical to
# a single-machine run, the shards' failures merged by `plotmill batch merge`
# equal to the single run's; and a task cancelled with scancel mid-run, then
# submitted again (--resume), ends with the same bytes.
#
#   bash tests/slurm/test_slurm.sh [path/to/plotmill]
#
# Needs root (the daemons run as root) and the packages slurmctld, slurmd,
# slurm-client and munge (scripts/test.sh installs them).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
plotmill="$(realpath "${1:-$root/target/release/plotmill}")"
export PLOTMILL="$plotmill"
work="$(mktemp -d /tmp/plotmill-slurm.XXXXXX)"
started=$SECONDS

fail() {
    echo "FAIL: $*" >&2
    for log in "$work"/log/*.log; do
        [ -e "$log" ] && { echo "--- $log" >&2; tail -20 "$log" >&2; }
    done
    exit 1
}
cleanup() {
    for pid in "$work"/slurmd.pid "$work"/slurmctld.pid; do
        [ -s "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true
    done
    sleep 0.5
    rm -rf "$work"
}
trap cleanup EXIT

# munge: one daemon per machine; start it if none answers.
if ! munge -n </dev/null >/dev/null 2>&1; then
    mkdir -p /run/munge /var/log/munge /var/lib/munge
    chown munge:munge /run/munge /var/log/munge /var/lib/munge
    [ -s /etc/munge/munge.key ] || runuser -u munge -- mungekey --create
    runuser -u munge -- /usr/sbin/munged
    for _ in $(seq 50); do munge -n </dev/null >/dev/null 2>&1 && break; sleep 0.1; done
    munge -n </dev/null >/dev/null 2>&1 || fail "munged does not answer"
fi

# Two free ports for this cluster's daemons.
read -r ctld_port slurmd_port < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')
node=$(hostname -s)
mkdir -p "$work"/{state,spool,log}
cat > "$work/slurm.conf" <<CONF
ClusterName=plotmilltest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
KillWait=10
NodeName=$node NodeAddr=127.0.0.1 CPUs=2 RealMemory=4096 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 100); do
    [ "$(sinfo -h -o %T 2>/dev/null)" = idle ] && break
    sleep 0.2
done
[ "$(sinfo -h -o %T)" = idle ] || fail "the node did not come up: $(sinfo 2>&1)"
echo "slurm: one node, 2 CPUs, up in $((SECONDS - started)) s"

# The data: 4,000 jobs over the example data sets, one with a missing file
# and one line that is not JSON.
data="$work/data"
mkdir -p "$data"
cp "$root"/examples/data/{seed_4x8,demo_sales,doses}.csv "$data/"
python3 - "$data" <<'PY'
import json, sys
d = sys.argv[1]
files = ["seed_4x8.csv", "demo_sales.csv", "doses.csv"]
with open(f"{d}/jobs.jsonl", "w") as f:
    for i in range(4000):
        f.write(json.dumps({"key": f"k{i:05d}", "data": files[i % 3]}) + "\n")
        if i == 1234:
            f.write('{"key": "missing", "data": "no-such.csv"}\n')
        if i == 2345:
            f.write("not json\n")
PY
manifest="$data/jobs.jsonl"
sbatch_script="$root/examples/slurm/plotmill-array.sbatch"
submit() { sbatch --parsable --cpus-per-task=1 --chdir="$work" --output="$work/log/task-%A_%a.log" "$@"; }
# Waits until the jobs given have left the queue.
wait_jobs() {
    for _ in $(seq 1200); do
        [ -z "$(squeue -h -j "$1" 2>/dev/null)" ] && return 0
        sleep 0.1
    done
    fail "job $1 did not end: $(squeue)"
}

# The single-machine run to compare with (exit 1: two jobs fail).
"$plotmill" batch "$manifest" -o "$work/single" -j 2 -q || [ $? -eq 1 ] || fail "single run"

# 1. The array of 4 shards.
t=$SECONDS
job=$(submit --array=0-3 "$sbatch_script" "$manifest" "$work/sharded" 4)
wait_jobs "$job"
echo "array of 4 shards: $((SECONDS - t)) s"
"$plotmill" batch merge "$work/sharded" --summary-json "$work/merged.json" \
    && fail "merge said all done, but two jobs fail" || true
python3 - "$work" <<'PY'
import glob, json, os, sys
w = sys.argv[1]
m = json.load(open(f"{w}/merged.json"))
assert m["shards"] == 4 and m["finished"] == 4 and not m["unfinished"], m
assert m["done"] == 4000 and m["failed"] == 2 and m["outputs"] == 8000, m
assert m["misplaced"] == 0 and m["repeated"] == 0, m
# Every key exactly once across the shards' journals.
keys = []
for j in sorted(glob.glob(f"{w}/sharded/.plotmill/journal-shard-*-of-4.jsonl")):
    lines = open(j).read().splitlines()[1:]
    keys += [json.loads(l)["key"] for l in lines]
assert len(keys) == 4000 and len(set(keys)) == 4000, (len(keys), len(set(keys)))
assert set(keys) == {f"k{i:05d}" for i in range(4000)}
# The merged failures are the single run's, in manifest order.
single = sorted(open(f"{w}/single/failures.jsonl").read().splitlines())
merged = open(f"{w}/sharded/failures.jsonl").read().splitlines()
assert sorted(merged) == single, (merged, single)
assert [json.loads(l)["line"] for l in merged] == [1236, 2348], merged
PY
diff -r -q -x .plotmill -x 'failures*' "$work/single" "$work/sharded" \
    || fail "the shards' files differ from the single run's"
echo "ok: 4 shards, 4,000 keys each drawn once, 8,000 files identical to one machine's, failures merged"

# 2. A task cancelled mid-run, then submitted again.
t=$SECONDS
job=$(submit --array=0-3 "$sbatch_script" "$manifest" "$work/killed" 4)
journal="$work/killed/.plotmill/journal-shard-0-of-4.jsonl"
for _ in $(seq 600); do
    [ -s "$journal" ] && [ "$(wc -l < "$journal")" -ge 100 ] && break
    sleep 0.05
done
scancel "${job}_0"
wait_jobs "$job"
drawn=$(($(wc -l < "$journal") - 1))
echo "scancel'd shard 0 after it drew $drawn jobs"
[ "$drawn" -lt 990 ] || fail "shard 0 had finished ($drawn jobs) before scancel reached it"
"$plotmill" batch merge "$work/killed" --summary-json "$work/killed.json" \
    && fail "merge said all done with shard 0 cancelled" || true
python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
assert [u["shard"] for u in m["unfinished"]] == ["0/4"], m
' "$work/killed.json"
again=$(submit --array=0 "$sbatch_script" "$manifest" "$work/killed" 4)
wait_jobs "$again"
"$plotmill" batch merge "$work/killed" --summary-json "$work/killed.json" || true
python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
assert m["finished"] == 4 and m["done"] == 4000 and m["failed"] == 2, m
assert m["misplaced"] == 0 and m["repeated"] == 0, m
' "$work/killed.json"
diff -r -q -x .plotmill -x 'failures*' "$work/single" "$work/killed" \
    || fail "after scancel and --resume, the files differ from the single run's"
leftovers=$(find "$work/killed" -name '*.tmp' -o -name '.*.partial' | wc -l)
[ "$leftovers" -eq 0 ] || fail "$leftovers temporary files left"
echo "ok: shard 0 cancelled mid-run and resubmitted: the same 8,000 files ($((SECONDS - t)) s)"
echo "slurm test passed in $((SECONDS - started)) s"
