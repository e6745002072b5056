FROM alpine:3.19
RUN <<EOF
echo never ends
EOT
