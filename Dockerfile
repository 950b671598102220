# syntax=docker/dockerfile:1
#
# qunji as a container: a release build of the `qunji` executable on Debian 12 (bookworm) slim.
#
#   docker build -t qunji .
#   docker run --rm -p 127.0.0.1:8080:8080 \
#     -e DATABASE_URL=postgresql://qunji_server@HOST:5432/qunji -e PGPASSWORD=… qunji
#
# `docker compose up` (docker-compose.yml) runs it with PostgreSQL 15, migrates, loads the sample data and serves.
# There is no Docker engine where qunji is developed: scripts/check-compose checks this file's structure offline.
#
# Swift: qunji is developed with Swift 6.3.1 (swift-6.3.1-RELEASE) in Swift 6 language mode. Swift 6.1 cannot build
# it: the resolved dependencies (hummingbird 2.28, swift-log 1.16, jwt-kit 5.8, swift-prometheus 2.4, …) declare
# swift-tools-version 6.2. So 6.3 (what development uses) is the default and 6.2 the oldest that works:
#   docker build --build-arg SWIFT_VERSION=6.2 -t qunji .     (or a patch tag such as 6.3.1)
ARG SWIFT_VERSION=6.3

# ---------------------------------------------------------------------------------------------------------------
# Build stage: the official Swift image plus libpq's headers and pkg-config (the CLibPQ system-library target
# finds libpq with `pkg-config libpq`).
FROM swift:${SWIFT_VERSION}-bookworm AS build
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends libpq-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build

# Dependencies in their own layer, rebuilt only when the manifest changes. Package.resolved is git-ignored in this
# repository (and .dockerignored), so the versions are resolved here, within the manifest's `from:` ranges.
COPY Package.swift ./
RUN swift package resolve

# Then the sources. Tests/ is copied too (small): the manifest declares the test targets, and SwiftPM loads every
# target of the manifest, with its folder, even when it builds one product.
COPY Sources ./Sources
COPY Tests ./Tests

# --static-swift-stdlib links the Swift runtime, Dispatch and Foundation (with its ICU data) into the binary, so the
# run-time image needs no Swift toolchain. `-static-executable` is not wanted: libpq stays a shared library (its
# Kerberos/LDAP/OpenSSL dependencies cannot be linked statically in a supported way), which is why the run-time
# image installs libpq5. FoundationNetworking (URLSession, used by `qunji query --url`) is linked in statically too
# but calls libcurl, a shared library: hence libcurl4 below. FoundationXML (libxml2) is not used. (Checked with
# readelf -d on a dynamically linked build: besides Swift's own libraries it needs libpq.so.5, libstdc++, libgcc_s,
# libm and libc, and libFoundationNetworking since `qunji query`; nothing else.)
RUN swift build -c release --product qunji --static-swift-stdlib \
    && mkdir -p /staging \
    && cp "$(swift build -c release --product qunji --show-bin-path)/qunji" /staging/qunji \
    && cp /usr/libexec/swift/linux/swift-backtrace-static /staging/swift-backtrace-static

# ---------------------------------------------------------------------------------------------------------------
# Run-time stage.
FROM debian:bookworm-slim AS runtime

# libpq5: the PostgreSQL client library (pulls in libssl3, Kerberos and LDAP libraries).
# libcurl4: what the statically linked FoundationNetworking calls for HTTP (`qunji query --url`).
# libstdc++6: the C++ runtime the static Swift stdlib still links dynamically (already in bookworm-slim; named so
#   that it stays). ca-certificates: for TLS (sslmode=verify-full, https URLs). tzdata: time zones.
# curl: for the HEALTHCHECK. qunji has no health subcommand and the image no other HTTP client; a bash /dev/tcp
#   probe would work too but is cryptic and reads the status line by hand. With libcurl4 already there, the curl
#   program adds about 0.5 MB.
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends libpq5 libcurl4 libstdc++6 ca-certificates tzdata curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system qunji \
    && useradd --system --gid qunji --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin qunji

COPY --from=build /staging/qunji /usr/local/bin/qunji
# Swift's backtracer, so that a crash prints a symbolicated backtrace of every thread to the log.
COPY --from=build /staging/swift-backtrace-static /usr/libexec/qunji/swift-backtrace-static

# The files qunji reads at run time, owned by root and read-only for the server: the migrations (sql/migrations,
# found through QUNJI_SQL_DIR), the GraphQL schema and the role policy it derives the role schemas from (schema/, found beside sql/) and the
# browser pages (web/, beside sql/ too), with the counties' boundaries the dashboard's map is drawn from (sql/data).
COPY sql/migrations/ /usr/share/qunji/sql/migrations/
COPY sql/data/county_boundaries.geojson /usr/share/qunji/sql/data/county_boundaries.geojson
COPY schema/ /usr/share/qunji/schema/
COPY web/ /usr/share/qunji/web/

ENV QUNJI_SQL_DIR=/usr/share/qunji/sql \
    SWIFT_BACKTRACE=enable=yes,sanitize=yes,threads=all,images=all,interactive=no,swift-backtrace=/usr/libexec/qunji/swift-backtrace-static
# Also the working directory, so that sql/ is found by looking above it even without QUNJI_SQL_DIR.
WORKDIR /usr/share/qunji
USER qunji:qunji

EXPOSE 8080
# Healthy when /readyz answers 200, i.e. the server runs and its database answers (/healthz only says the process
# runs). The port is the one CMD passes.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8080/readyz || exit 1

# Needs a database: DATABASE_URL (or the PG* variables). Without one, `qunji serve` would try to start its private
# demo PostgreSQL, which this image does not contain.
ENTRYPOINT ["qunji"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
