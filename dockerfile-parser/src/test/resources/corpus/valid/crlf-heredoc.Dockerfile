FROM alpine:3.19
RUN <<EOF
echo one
echo two
EOF
CMD ["true"]
