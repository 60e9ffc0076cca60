#!/usr/bin/env bash
# Captures proc-fixtures/host-b from real processes: a server and a client with TCP (IPv4 and
# IPv6) sockets in several states, UDP and unix sockets, and a process in its own network
# namespace. Needs root (unshare -n), python3 and iproute2. Writes ss/ps/ls evidence next to it.
set -euo pipefail
dest="${1:?usage: capture-host-b.sh DEST}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
mkfifo "$work/server.in" "$work/client.in" "$work/netns.in"
env -i PATH=/usr/bin:/bin SERVICE_VERSION=2.3.1 /usr/bin/python3 "$here/server.py" < "$work/server.in" > "$work/server.out" & server=$!
exec 3>"$work/server.in"
until [ -s "$work/server.out" ]; do sleep 0.1; done
read -r p4 pc p6 < "$work/server.out"
env -i PATH=/usr/bin:/bin /usr/bin/python3 "$here/client.py" "$p4" "$pc" "$p6" 3>&- < "$work/client.in" > "$work/client.out" & client=$!
exec 4>"$work/client.in"
env -i PATH=/usr/bin:/bin:/usr/sbin:/sbin unshare -n /usr/bin/python3 "$here/netns.py" 3>&- 4>&- < "$work/netns.in" > "$work/netns.out" & netns=$!
exec 5>"$work/netns.in"
until grep -q ready "$work/server.out" && grep -q ready "$work/client.out" && grep -q ready "$work/netns.out"; do sleep 0.1; done
sleep 1
python3 "$here/capture.py" "$dest" "$server" "$client" "$netns"
{ ss -tanp | grep -E "pid=($server|$client)," || true; } > "$dest/evidence-ss-tanp.txt"
{ nsenter -t "$netns" -n ss -tanp | grep -E "pid=$netns," || true; } > "$dest/evidence-ss-tanp-netns.txt"
ss -tan state time-wait > "$dest/evidence-ss-time-wait.txt"
ps -o pid=,rss=,nlwp= -p "$server,$client,$netns" > "$dest/evidence-ps.txt"
for p in "$server" "$client" "$netns"; do echo "$p $(ls "/proc/$p/fd" | wc -l)"; done > "$dest/evidence-fd-counts.txt"
exec 3>&- 4>&- 5>&-
wait
rm -rf "$work"
echo "captured $server (server) $client (client) $netns (own network namespace) into $dest"
