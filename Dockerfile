# syntax=docker/dockerfile:1
# Multi-stage build: a release binary with SQLite, libpq and OpenSSL compiled in from
# bundled sources (nothing to apt-get), on a slim runtime as a non-root user.

FROM rust:1-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY src ./src
COPY migrations ./migrations
# Cargo.toml declares the benchmarks; their sources keep the manifest whole.
COPY benches ./benches
RUN cargo build --release --locked && strip target/release/anchang

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data anchang \
    && mkdir -p /data && chown anchang /data
COPY --from=build /src/target/release/anchang /usr/local/bin/anchang
USER anchang
WORKDIR /data
ENV ANCHANG_DATA_DIR=/data \
    ANCHANG_HOST=0.0.0.0 \
    ANCHANG_PORT=8080
VOLUME ["/data"]
EXPOSE 8080
# The image has no curl: the binary checks its own /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["anchang", "healthcheck"]
ENTRYPOINT ["anchang"]
CMD ["serve"]
