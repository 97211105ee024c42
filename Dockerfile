# lectern in a small image, for CI jobs and anyone who prefers a container:
#
#   docker build -t lectern .
#   docker run --rm -v "$PWD:/site" -u "$(id -u):$(id -g)" lectern build
#
# The binary is built on Alpine, whose Rust targets musl, so it is static.
# The final image is Alpine with that binary added: a shell is what GitLab
# CI's runner needs to run a job's script in the image (a `scratch` image
# could not serve there), and Alpine's base already holds the CA
# certificates. lectern itself checks external links against the Mozilla
# roots compiled into it (ureq with webpki-roots).

FROM rust:1-alpine AS build
# musl-dev for the C parts (oniguruma, mimalloc, ring); git so that
# `lectern --version` names the commit, from the .git the context carries.
# Unpinned: the packages follow the Alpine release the Rust image is on.
# hadolint ignore=DL3018
RUN apk add --no-cache musl-dev git
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --locked --profile dist \
    && cp target/dist/lectern /usr/local/bin/lectern \
    && lectern --version

FROM alpine:3
COPY --from=build /usr/local/bin/lectern /usr/local/bin/lectern
COPY LICENSE /usr/share/licenses/lectern/LICENSE
WORKDIR /site
EXPOSE 1313
ENTRYPOINT ["lectern"]
CMD ["build"]
