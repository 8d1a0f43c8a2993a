#!/usr/bin/env bash
# Starts a private Docker engine in a directory of its own, with the busybox image the tests use, and prints
# its DOCKER_HOST. It never touches an engine it did not start: stop it with `docker-engine.sh stop DIR`.
# Needs root, dockerd (Debian's docker.io) and a static busybox (busybox-static).
set -euo pipefail

usage() { echo "usage: $0 start DIR | stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
dir=$2
sock=$dir/docker.sock

case $1 in
start)
	mkdir -p "$dir"
	# vfs storage, no bridge and no iptables: it runs inside containers and sandboxes that allow nothing more.
	setsid dockerd --data-root "$dir/data" --exec-root "$dir/exec" -H "unix://$sock" --pidfile "$dir/dockerd.pid" \
		--storage-driver vfs --iptables=false --ip6tables=false --bridge=none >"$dir/dockerd.log" 2>&1 </dev/null &
	for _ in $(seq 1 100); do
		DOCKER_HOST=unix://$sock docker version >/dev/null 2>&1 && break
		sleep 0.2
	done
	if ! DOCKER_HOST=unix://$sock docker version >/dev/null 2>&1; then
		echo "dockerd did not answer within 20 s; its log follows" >&2
		tail -20 "$dir/dockerd.log" >&2
		exit 1
	fi
	if ! DOCKER_HOST=unix://$sock docker image inspect local/busybox:latest >/dev/null 2>&1; then
		fs=$(mktemp -d)
		mkdir -p "$fs/bin"
		cp "$(command -v busybox)" "$fs/bin/"
		for c in sh echo sleep cat ls ps top yes date seq true false env; do ln -s busybox "$fs/bin/$c"; done
		tar -C "$fs" -c . | DOCKER_HOST=unix://$sock docker import - local/busybox:latest >/dev/null
		rm -rf "$fs"
	fi
	echo "unix://$sock"
	;;
stop)
	[ -f "$dir/dockerd.pid" ] && kill "$(cat "$dir/dockerd.pid")" 2>/dev/null || true
	for _ in $(seq 1 50); do [ -S "$sock" ] || break; sleep 0.2; done
	;;
*) usage ;;
esac
