#!/bin/sh
# Entrypoint of the partner-signals image: runs `java -jar /app/partner-signals.jar "$@"`
# (default command: run) with JVM flags for a container. JAVA_OPTS adds flags or overrides these
# (the last occurrence of a -XX flag wins).
set -eu

# application.server = http.advertised-host:http.port is how the other instances reach this one for
# interactive queries. Unless it is given, advertise this container's own IPv4 address: every
# container on the same network reaches it, whereas the container's host name usually resolves
# only inside the container itself.
if [ -z "${PARTNER_SIGNALS_HTTP_ADVERTISED_HOST:-}" ]; then
    addresses=$(hostname -i 2>/dev/null || getent hosts "$(cat /proc/sys/kernel/hostname)" 2>/dev/null || true)
    for address in $addresses; do
        case "$address" in
            127.* | *:* | *[!0-9.]*) ;;    # loopback, IPv6 or a name: of no use to the other instances
            *) PARTNER_SIGNALS_HTTP_ADVERTISED_HOST=$address
               export PARTNER_SIGNALS_HTTP_ADVERTISED_HOST
               break ;;
        esac
    done
    # none found: the application falls back to the host name
fi

# Heap: a share of the container's memory limit, leaving the rest to RocksDB (rocksdb.memory,
# 256m by default, off-heap), metaspace, thread stacks and network buffers.
# Exit on OutOfMemoryError so that the orchestrator restarts a clean process.
set -f    # JAVA_OPTS is split on spaces, never glob-expanded
exec java \
    -XX:MaxRAMPercentage=50.0 \
    -XX:+ExitOnOutOfMemoryError \
    ${JAVA_OPTS:-} \
    -jar /app/partner-signals.jar "$@"
