FROM alpine:3.19 AS src
FROM alpine:3.19
COPY --chown="app:app" --chmod='0644' ./config.yaml /etc/app/
COPY --link --exclude=*.md --exclude=docs/ . /src/
COPY --from="src" /etc/os-release /tmp/
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.invalid/tool.tar.gz /tmp/
ADD --keep-git-dir=true https://github.com/moby/buildkit.git#v0.13.0 /buildkit
ADD --unpack=false archive.tar.gz /opt/
COPY -- --odd-name /tmp/
